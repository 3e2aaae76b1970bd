/**
 * bench/loopback_only.cjs, preloaded into every peer the benchmark starts, lets a Node program
 * reach loopback and nothing else. The refused targets are never reached: a name in the
 * `.invalid` domain (no DNS query is made for it) and the unspecified address 0.0.0.0, which
 * Linux would route to this host anyway.
 */
import assert from "node:assert/strict";
import { LOOPBACK_ONLY_ENV } from "../../../bench/peer.ts";

const PROGRAM = `
const net = require("node:net");
const port = Number(process.argv[1]);
const outcome = (p) => p.then(() => "connected", (e) => e.message);
const tcp = (options) => new Promise((resolve, reject) => {
  const socket = net.connect(options, () => { socket.end(); resolve(); });
  socket.on("error", reject);
});
(async () => {
  const results = {
    fetchByName: await outcome(fetch("http://gateway.example.invalid/v1/models")),
    tcpByAddress: await outcome(tcp({ host: "0.0.0.0", port })),
    tcpByName: await outcome(tcp({ host: "prices.example.invalid", port: 443 })),
    loopback: await outcome(tcp({ host: "127.0.0.1", port })),
    localhost: await outcome(tcp({ host: "localhost", port })),
  };
  process.stdout.write(JSON.stringify(results));
})();
`;

Deno.test("a peer reaches loopback and is refused every other host, by name or by address", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepting = (async () => {
    for await (const conn of listener) conn.close();
  })();
  try {
    const output = await new Deno.Command("node", {
      args: ["-e", PROGRAM, String(listener.addr.port)],
      env: LOOPBACK_ONLY_ENV,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.ok(output.success, stderr);
    const results = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(results.loopback, "connected");
    // localhost may resolve to ::1 first, where nothing listens: refused by the kernel, not us.
    assert.doesNotMatch(results.localhost, /loopback-only/);
    assert.equal(
      results.tcpByAddress,
      "loopback-only: 0.0.0.0 is not a loopback address",
    );
    assert.equal(
      results.tcpByName,
      "loopback-only: prices.example.invalid is not a loopback address",
    );
    assert.match(String(results.fetchByName), /fetch failed/);
    assert.match(stderr, /loopback-only: refused gateway\.example\.invalid/);
  } finally {
    listener.close();
    await accepting.catch(() => {});
  }
});

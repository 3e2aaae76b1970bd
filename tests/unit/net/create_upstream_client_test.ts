/**
 * `createUpstreamClient()` goes direct when the gateway chose no proxy, even with proxy variables in
 * the environment, and through the given proxy when it chose one. Runs in a subprocess because
 * the proxy variables are process-wide.
 */
import assert from "node:assert/strict";

const SCRIPT = `
import { createUpstreamClient } from "./net/mod.ts";
const proxy = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("proxy"));
const target = Deno.serve({ hostname: "127.0.0.2", port: 0, onListen() {} }, () => new Response("direct"));
const url = "http://127.0.0.2:" + target.addr.port + "/";
Deno.env.set("HTTP_PROXY", "http://127.0.0.1:" + proxy.addr.port);
const results = {};
for (const [name, options] of [["none", {}], ["proxied", { proxyUrl: Deno.env.get("HTTP_PROXY") }]]) {
  const client = createUpstreamClient(options);
  const res = await client.send({ url, method: "GET", headers: [], body: null });
  results[name] = await new Response(res.body).text();
  client.close();
}
results.envKept = Deno.env.get("HTTP_PROXY") !== undefined;
console.log(JSON.stringify(results));
await proxy.shutdown();
await target.shutdown();
`;

Deno.test("createUpstreamClient() ignores proxy variables without proxyUrl and uses proxyUrl when given", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", SCRIPT],
    cwd: new URL("../../../", import.meta.url),
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  assert.deepStrictEqual(JSON.parse(new TextDecoder().decode(output.stdout)), {
    none: "direct",
    proxied: "proxy",
    envKept: true,
  });
});

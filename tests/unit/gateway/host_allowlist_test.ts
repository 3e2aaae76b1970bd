import assert from "node:assert/strict";
import {
  createHostCheck,
  HostAllowlist,
  isLoopbackListen,
  parseHost,
  requestHosts,
} from "../../../gateway/mod.ts";

const PARSE_CASES: [string, ReturnType<typeof parseHost>][] = [
  ["localhost:11510", { name: "localhost", port: 11510 }],
  ["LOCALHOST", { name: "localhost" }],
  ["127.0.0.1", { name: "127.0.0.1" }],
  ["[::1]:80", { name: "[::1]", port: 80 }],
  ["[0:0:0:0:0:0:0:1]", { name: "[::1]" }],
  // The URL parser reads IPv4 the way browsers do.
  ["0x7f.1", { name: "127.0.0.1" }],
  ["2130706433:1", { name: "127.0.0.1", port: 1 }],
  ["tresor.lan:11510", { name: "tresor.lan", port: 11510 }],
  ["", undefined],
  ["a b", undefined],
  ["user@localhost", undefined],
  ["localhost/x", undefined],
  ["localhost:99999", undefined],
  ["localhost:", undefined],
  ["[::1", undefined],
  ["localhost%00", undefined],
];

for (const [input, want] of PARSE_CASES) {
  Deno.test(`parseHost() reads ${JSON.stringify(input)}`, () => {
    assert.deepStrictEqual(parseHost(input), want);
  });
}

const HOST_CASES: [string, boolean][] = [
  ["127.0.0.1:11510", true],
  ["127.0.0.1", true],
  ["127.9.8.7:1", true],
  ["localhost:11510", true],
  ["LocalHost:11510", true],
  ["app.localhost:11510", true],
  ["a.b.localhost", true],
  ["[::1]:11510", true],
  ["tresor.lan:11510", true],
  ["pinned.lan:8080", true],
  // DNS rebinding: the attacker's own name, pointed at 127.0.0.1.
  ["evil.example:11510", false],
  ["evil.example", false],
  ["localhost.evil.example", false],
  ["localhostx:11510", false],
  ["127.0.0.1.evil.example", false],
  ["pinned.lan:9090", false],
  ["0.0.0.0:11510", false],
  ["192.168.1.10:11510", false],
  ["[::]:11510", false],
  ["[::ffff:7f00:1]:11510", false],
  ["localhost.", false],
  ["", false],
  ["evil.example@localhost", false],
];

for (const [host, want] of HOST_CASES) {
  Deno.test(`HostAllowlist.allows() is ${want} for ${JSON.stringify(host)}`, () => {
    const allowlist = new HostAllowlist(["tresor.lan", "pinned.lan:8080"]);
    assert.equal(allowlist.allows(host), want);
    // The remembered decision is the same.
    assert.equal(allowlist.allows(host), want);
  });
}

Deno.test("createHostCheck() follows a replaced allowed_hosts list", () => {
  let list: readonly string[] = [];
  const allows = createHostCheck(() => list);
  assert.equal(allows("tresor.lan:11510"), false);
  list = ["tresor.lan"];
  assert.equal(allows("tresor.lan:11510"), true);
  list = [];
  assert.equal(allows("tresor.lan:11510"), false);
});

const LISTEN_CASES: [string, boolean][] = [
  ["127.0.0.1", true],
  ["127.0.0.2", true],
  ["localhost", true],
  ["::1", true],
  ["[::1]", true],
  ["0.0.0.0", false],
  ["::", false],
  ["192.168.1.10", false],
  ["tresor.lan", false],
];

for (const [hostname, want] of LISTEN_CASES) {
  Deno.test(`isLoopbackListen() is ${want} for ${hostname}`, () => {
    assert.equal(isLoopbackListen(hostname), want);
  });
}

Deno.test("requestHosts() names the Host header and an absolute-form authority", () => {
  const plain = new Request("http://127.0.0.1:5/x", {
    headers: { host: "127.0.0.1:5" },
  });
  assert.deepStrictEqual(requestHosts(plain), ["127.0.0.1:5"]);
  const noHeader = new Request("http://localhost:5/x");
  assert.deepStrictEqual(requestHosts(noHeader), ["localhost:5"]);
  // `GET http://evil.example/x` with `Host: 127.0.0.1`: both must pass.
  const absolute = new Request("http://evil.example/x", {
    headers: { host: "127.0.0.1:5" },
  });
  assert.deepStrictEqual(requestHosts(absolute), [
    "127.0.0.1:5",
    "evil.example",
  ]);
});

import assert from "node:assert/strict";
import { UpstreamClientPool } from "../../../gateway/upstream_pool.ts";
import type { Downstream } from "../../../store/types.ts";
import { makeSnapshot } from "../../_helpers/gateway_server.ts";

function ds(id: string, baseUrl: string): Downstream {
  return {
    id,
    name: id,
    apiFormats: ["openai"],
    baseUrl,
    apiKey: "",
    outputModelIds: [],
  };
}

function fakeFactory() {
  const created: { proxyUrl?: string; closed: boolean }[] = [];
  return {
    created,
    create: (options: { proxyUrl?: string }) => {
      const record = { ...options, closed: false };
      created.push(record);
      return {
        send: () => Promise.reject(new Error("no upstream in this test")),
        close: () => void (record.closed = true),
      };
    },
  };
}

Deno.test("UpstreamClientPool keeps a client until its downstream's origin or proxy changes", () => {
  const f = fakeFactory();
  const env: Record<string, string> = { HTTPS_PROXY: "http://p:1" };
  const pool = new UpstreamClientPool(f.create, (n) => env[n]);
  const a = ds("a", "https://a.example/v1");
  const s1 = makeSnapshot({
    downstreams: [a],
    settings: { proxyMode: "auto" },
  });
  pool.sync(s1);
  pool.lease(a).release();
  pool.lease(a).release();
  assert.deepStrictEqual(f.created, [{
    proxyUrl: "http://p:1",
    closed: false,
  }]);

  // A new snapshot with the same origin and proxy keeps the client.
  const s2 = makeSnapshot({
    downstreams: [{ ...a, apiKey: "new", baseUrl: "https://a.example/v2" }],
    settings: { proxyMode: "auto" },
  });
  pool.sync(s2);
  pool.lease(a).release();
  assert.equal(f.created.length, 1);

  // proxy_mode none rebuilds it without a proxy and closes the old one.
  const s3 = makeSnapshot({
    downstreams: [a],
    settings: { proxyMode: "none" },
  });
  pool.sync(s3);
  pool.lease(a).release();
  assert.deepStrictEqual(f.created, [
    { proxyUrl: "http://p:1", closed: true },
    { closed: false },
  ]);
  pool.close();
  assert.equal(f.created[1].closed, true);
});

Deno.test("UpstreamClientPool closes a replaced client only after its in-flight requests", () => {
  const f = fakeFactory();
  const pool = new UpstreamClientPool(f.create, () => undefined);
  const a = ds("a", "https://a.example");
  pool.sync(makeSnapshot({ downstreams: [a] }));
  const lease = pool.lease(a);
  pool.sync(makeSnapshot({ downstreams: [] }));
  assert.equal(f.created[0].closed, false);
  assert.equal(pool.size, 0);
  lease.release();
  assert.equal(f.created[0].closed, true);
  pool.close();
});

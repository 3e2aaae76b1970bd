/**
 * The downstream test's client against hostile URLs: metadata and link-local targets by address,
 * by name and through a resolver (stubbed), a redirect to another host, and the good cases —
 * loopback and a name pinned to the address that was checked, over TLS too.
 */
import assert from "node:assert/strict";
import { createProbeClient, ProbeRefusedError } from "../../../net/mod.ts";
import type { UpstreamRequest } from "../../../gateway/mod.ts";
import { makeCertificate } from "../../_helpers/tls_cert.ts";

function get(url: string): UpstreamRequest {
  return {
    url,
    method: "GET",
    headers: [["authorization", "Bearer k"]],
    body: null,
  };
}

/** A loopback server recording the Host header of each request; answers with `answer`. */
function startServer(
  answer: () => Response = () => Response.json({ data: [] }),
  tls?: { cert: string; key: string },
) {
  const hosts: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {}, ...tls },
    (req) => {
      hosts.push(req.headers.get("host") ?? "");
      return answer();
    },
  );
  return { port: server.addr.port, hosts, close: () => server.shutdown() };
}

async function consume(body: Uint8Array | ReadableStream<Uint8Array> | null) {
  if (body instanceof ReadableStream) await body.cancel();
}

Deno.test("probe client: refuses metadata and link-local addresses given as literals, before connecting", async () => {
  let looked = 0;
  const client = createProbeClient({
    lookup: () => (looked++, Promise.resolve([])),
  });
  try {
    for (
      const [url, why] of [
        [
          "http://169.254.169.254/latest/meta-data/",
          /169\.254\.169\.254 is the cloud metadata address/,
        ],
        ["http://[fd00:ec2::254]/", /cloud metadata address/],
        ["http://[fe80::1]:8080/v1", /link-local/],
        ["http://[::ffff:169.254.169.254]/", /cloud metadata address/],
        ["https://169.254.10.1/v1", /link-local/],
      ] as const
    ) {
      await assert.rejects(
        client.send(get(url)),
        (err) => err instanceof ProbeRefusedError && why.test(err.message),
        url,
      );
    }
    assert.equal(looked, 0);
  } finally {
    client.close();
  }
});

Deno.test("probe client: refuses a metadata host name without resolving it", async () => {
  let looked = 0;
  const client = createProbeClient({
    lookup: () => (looked++, Promise.resolve(["127.0.0.1"])),
  });
  try {
    await assert.rejects(
      client.send(get("http://metadata.google.internal/computeMetadata/v1/")),
      (err) =>
        err instanceof ProbeRefusedError &&
        /metadata\.google\.internal" is a cloud metadata service/.test(
          err.message,
        ),
    );
    assert.equal(looked, 0);
  } finally {
    client.close();
  }
});

Deno.test("probe client: refuses a name that resolves to link-local (a stubbed resolver), even beside a good address", async () => {
  const client = createProbeClient({
    lookup: (name) =>
      Promise.resolve(
        name === "rebind.example"
          ? ["127.0.0.1", "169.254.169.254"]
          : ["fe80::2"],
      ),
  });
  try {
    await assert.rejects(
      client.send(get("http://rebind.example:11434/v1/models")),
      (err) =>
        err instanceof ProbeRefusedError &&
        err.message ===
          "Refused to test rebind.example:11434: rebind.example resolves to 169.254.169.254, and 169.254.169.254 is the cloud metadata address, which a downstream test never connects to",
    );
    await assert.rejects(
      client.send(get("http://sneaky.example/v1/models")),
      (err) =>
        err instanceof ProbeRefusedError &&
        /fe80::2 is a link-local/.test(err.message),
    );
  } finally {
    client.close();
  }
});

Deno.test("probe client: connects to the address it checked, keeping the name in Host", async () => {
  const server = startServer();
  const looked: string[] = [];
  const client = createProbeClient({
    lookup: (name) => (looked.push(name), Promise.resolve(["127.0.0.1"])),
  });
  try {
    const answer = await client.send(
      get(`http://gpu-box.lan:${server.port}/v1/models`),
    );
    assert.equal(answer.status, 200);
    await consume(answer.body);
    assert.deepStrictEqual(looked, ["gpu-box.lan"]);
    assert.deepStrictEqual(server.hosts, [`gpu-box.lan:${server.port}`]);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("probe client: hands a redirect to another host back, never following it", async () => {
  let hits = 0;
  const server = startServer(() => {
    hits++;
    return new Response(null, {
      status: 302,
      headers: { location: "http://169.254.169.254/latest/meta-data/" },
    });
  });
  const client = createProbeClient();
  try {
    const answer = await client.send(
      get(`http://127.0.0.1:${server.port}/v1/models`),
    );
    assert.equal(answer.status, 302);
    assert.deepStrictEqual(answer.headers.find(([n]) => n === "location"), [
      "location",
      "http://169.254.169.254/latest/meta-data/",
    ]);
    await consume(answer.body);
    assert.equal(hits, 1);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("probe client: speaks TLS to the checked address with the URL's name (certificate checked)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-probe-tls-" });
  try {
    const tls = await makeCertificate(dir);
    const server = startServer(undefined, { cert: tls.cert, key: tls.key });
    const trusted = createProbeClient({ caCerts: [tls.cert] });
    const untrusted = createProbeClient();
    try {
      const answer = await trusted.send(
        get(`https://localhost:${server.port}/v1/models`),
      );
      assert.equal(answer.status, 200);
      await consume(answer.body);
      // Without the certificate as a CA, the handshake fails: nothing is sent.
      await assert.rejects(
        untrusted.send(get(`https://localhost:${server.port}/v1/models`)),
      );
      assert.equal(server.hosts.length, 1);
    } finally {
      trusted.close();
      untrusted.close();
      await server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("probe client: through a proxy, checks what it can resolve and leaves the rest to the proxy", async () => {
  const proxy = startServer(() =>
    new Response("from the proxy", { status: 200 })
  );
  const client = createProbeClient({
    proxyUrl: `http://127.0.0.1:${proxy.port}`,
    lookup: (name) =>
      name === "inside.example"
        ? Promise.resolve(["169.254.1.2"])
        : Promise.reject(new Error("no such host here")),
  });
  try {
    await assert.rejects(
      client.send(get("http://169.254.169.254/")),
      (err) => err instanceof ProbeRefusedError,
    );
    await assert.rejects(
      client.send(get("http://inside.example/v1/models")),
      (err) =>
        err instanceof ProbeRefusedError && /link-local/.test(err.message),
    );
    assert.equal(proxy.hosts.length, 0);
    // A name only the proxy knows goes to the proxy (which answers for it here).
    const answer = await client.send(
      get("http://only-the-proxy-knows.example/v1/models"),
    );
    assert.equal(answer.status, 200);
    await consume(answer.body);
    assert.deepStrictEqual(proxy.hosts, ["only-the-proxy-knows.example"]);
  } finally {
    client.close();
    await proxy.close();
  }
});

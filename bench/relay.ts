/**
 * The benchmark's floor: a TCP relay with no HTTP and no logic — each client connection gets
 * its own upstream connection to the mock and bytes are copied both ways. Measured like a
 * gateway on the gateway's core, it shows what one hop through that core costs in this
 * topology (loopback TCP, cross-core wake-ups), under every gateway's added latency. Run as
 * its own process (`deno run -P=bench bench/relay.ts UPSTREAM_PORT`); it prints
 * `relay listening on PORT`.
 *
 * @module
 */

async function relay(
  client: Deno.TcpConn,
  upstreamPort: number,
): Promise<void> {
  let upstream: Deno.TcpConn | undefined;
  try {
    upstream = await Deno.connect({
      hostname: "127.0.0.1",
      port: upstreamPort,
    });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    await Promise.all([
      client.readable.pipeTo(upstream.writable),
      upstream.readable.pipeTo(client.writable),
    ]);
  } catch {
    // Either side closing ends the relay; the other side is closed below.
  } finally {
    for (const conn of [client, upstream]) {
      try {
        conn?.close();
      } catch {
        // Already closed by its stream.
      }
    }
  }
}

if (import.meta.main) {
  const upstreamPort = Number(Deno.args[0]);
  if (!Number.isInteger(upstreamPort) || upstreamPort <= 0) {
    throw new RangeError("usage: relay.ts UPSTREAM_PORT");
  }
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  // deno-lint-ignore no-console -- the parent reads the port from stdout
  console.log(`relay listening on ${listener.addr.port}`);
  for await (const conn of listener) relay(conn, upstreamPort);
}

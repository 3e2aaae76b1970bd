/**
 * The Portkey AI Gateway as a peer (TypeScript on Node), installed with `npm ci` into
 * `bench/portkey/`. It is routed per request by its `x-portkey-provider` and
 * `x-portkey-custom-host` headers, so it needs no configuration. Its start script binds every
 * interface (it has no host option); it is only ever sent loopback traffic, and reaches nothing
 * but loopback itself (LOOPBACK_ONLY_ENV).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { installedVersion, LOOPBACK_ONLY_ENV, type Peer } from "./peer.ts";
import { freePort, spawn } from "./services.ts";

/** The pinned Portkey version (bench/portkey/package.json). */
export const PORTKEY_VERSION = "1.15.2";
const DIR = fileURLToPath(new URL("./portkey/", import.meta.url));
const ENTRY = "node_modules/@portkey-ai/gateway/build/start-server.js";

/** Portkey 1.15.2, one node process. */
export const portkey: Peer = {
  name: "portkey",
  title: `Portkey ${PORTKEY_VERSION}`,
  dir: DIR,
  processes: "one node process",
  async installed() {
    return await installedVersion(DIR, "@portkey-ai/gateway") ===
      PORTKEY_VERSION;
  },
  finishInstall: () => Promise.resolve(undefined),
  start(_mockUrl, pin) {
    const port = freePort();
    return spawn("portkey", "node", [ENTRY, `--port=${port}`, "--headless"], {
      pin,
      cwd: DIR,
      env: LOOPBACK_ONLY_ENV,
      port,
      timeoutMs: 30_000,
    });
  },
};

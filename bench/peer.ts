/**
 * What the benchmark needs of a peer gateway (another product Tresor is measured against): where
 * its pinned npm package is installed, whether it is, how to finish its install and how to start
 * it in front of the mock upstream. Peers are started for one measurement and stopped after it,
 * so none works in the background (a request-log backlog, a cache refresh) while another
 * gateway is measured.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { run, type Service } from "./services.ts";

/**
 * The environment every peer runs with: Node preloads bench/loopback_only.cjs, which refuses any
 * connection to a host that is not loopback (a peer may fetch price lists or telemetry; nothing
 * but loopback is to be reached from a benchmark).
 */
export const LOOPBACK_ONLY_ENV: Readonly<Record<string, string>> = {
  NODE_OPTIONS: `--require ${
    JSON.stringify(
      fileURLToPath(new URL("./loopback_only.cjs", import.meta.url)),
    )
  }`,
};

/** The peers, in the order of the report. */
export const PEER_NAMES = ["portkey", "ccr"] as const;
/** A peer's name, as a target of the report. */
export type PeerName = typeof PEER_NAMES[number];

/** A peer gateway. */
export interface Peer {
  readonly name: PeerName;
  /** Product and version, for the report. */
  readonly title: string;
  /** Where `npm ci` installs it: a package.json and package-lock.json pinning it. */
  readonly dir: string;
  /** What its CPU time and memory are summed over, for the report's notes. */
  readonly processes: string;
  /** Whether the pinned version is installed and can start. */
  installed(): Promise<boolean>;
  /** What `npm ci --ignore-scripts` leaves to do; an error text when it fails. */
  finishInstall(log: (line: string) => void): Promise<string | undefined>;
  /** Starts it on a free loopback port with the mock (`http://127.0.0.1:PORT`) as its upstream. */
  start(mockUrl: string, pin: readonly string[]): Promise<Service>;
}

/** The `version` of the package installed at `dir/node_modules/name`, if any. */
export async function installedVersion(
  dir: string,
  name: string,
): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(
      await Deno.readTextFile(`${dir}node_modules/${name}/package.json`),
    );
    return String(pkg.version);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

/**
 * `npm ci` in the peer's folder, without install scripts (nothing runs that the lock file does
 * not name; a peer that needs a native build does it in its `finishInstall`).
 */
export async function npmCi(
  peer: Peer,
  log: (line: string) => void,
): Promise<string | undefined> {
  log(`bench: installing ${peer.title} (npm ci)`);
  const result = await run(
    "npm",
    ["ci", "--no-audit", "--no-fund", "--ignore-scripts"],
    { cwd: peer.dir },
  );
  if (!result.ok) return `npm ci failed: ${result.out.slice(-2000)}`;
  return await peer.finishInstall(log);
}

/**
 * The peers the benchmark measures Tresor against, and which of them a run can use: a full run
 * installs what is missing (node and npm from Debian, each peer with `npm ci`); a smoke run
 * installs nothing and skips the peers that are not installed.
 *
 * @module
 */
import { ccr } from "./ccr.ts";
import { npmCi, type Peer } from "./peer.ts";
import { portkey } from "./portkey.ts";
import { aptInstall, has } from "./services.ts";

/** Every peer, in the order of the report. */
export const PEERS: readonly Peer[] = [portkey, ccr];

/** The peers a run measures, and a note for each one it skips. */
export interface ReadyPeers {
  readonly peers: readonly Peer[];
  readonly notes: readonly string[];
}

/**
 * The `wanted` peers that are installed (after installing them when `install`), each skipped
 * one with a note saying why.
 */
export async function readyPeers(
  wanted: readonly Peer[],
  install: boolean,
  log: (line: string) => void,
): Promise<ReadyPeers> {
  const peers: Peer[] = [];
  const notes: string[] = [];
  let node = await has("node") && await has("npm");
  for (const peer of wanted) {
    if (await peer.installed()) {
      if (node) peers.push(peer);
      else notes.push(`${peer.title} skipped: node is not installed`);
      continue;
    }
    if (!install) {
      notes.push(
        `${peer.title} skipped: not installed (deno task bench without --smoke installs it)`,
      );
      continue;
    }
    if (!node) {
      node = await aptInstall(["nodejs", "npm"], log) && await has("npm");
    }
    const failure = node
      ? await npmCi(peer, log)
      : "node/npm could not be installed";
    if (failure === undefined && await peer.installed()) peers.push(peer);
    else {notes.push(
        `${peer.title} skipped: ${failure ?? "install incomplete"}`,
      );}
  }
  return { peers, notes };
}

/**
 * The golden-fixture runner shared by the converter suites: every folder under
 * `<fixtures>/<converter>/<case>/` holds the client's `request.json` (plus optional `query.txt`,
 * `path.txt` when the client calls another path than the suite's default, and
 * `downstream.json`: what the converter sees of the downstream, as `DownstreamInfo` fields),
 * the upstream's answer (`upstream.json` with optional `status.txt`, or `upstream.sse`), and the
 * expected `upstream_request.json` and `want.json` / `want.sse`. Streams are fed in 1-byte,
 * 7-byte and whole chunks; all must agree. Each suite says how outputs are made stable.
 */
import assert, { AssertionError } from "node:assert/strict";
import type { SseEvent } from "../../plugins/sse.ts";
import type { AnyPlugin } from "../../plugins/types.ts";
import { createRun, forwarded } from "./converter_run.ts";
import { assertGolden } from "./golden.ts";

const CHUNK_SIZES = [1, 7, Infinity];

/** What differs between golden suites. */
export interface GoldenSuite {
  /** Converters by fixture folder name. */
  readonly converters: Readonly<Record<string, AnyPlugin>>;
  /** The folder holding one folder per converter. */
  readonly fixtures: URL;
  /** The path the client calls for `plugin`. */
  clientPath(plugin: AnyPlugin): string;
  /** The translated stream as stable `.sse` text (clocks and generated ids replaced). */
  toStreamText(events: SseEvent[]): string;
  /** The translated body made stable (clocks and generated ids replaced). */
  toStableBody(body: unknown): unknown;
}

/** The file's text, or undefined when it does not exist. */
export async function readOptional(url: URL): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(url);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

/** Registers one `[golden] <converter>/<case>` test per fixture folder. */
export function runGoldenFixtures(suite: GoldenSuite): void {
  for (const [id, plugin] of Object.entries(suite.converters)) {
    const dir = new URL(`${id}/`, suite.fixtures);
    const cases = [...Deno.readDirSync(dir)].filter((e) => e.isDirectory)
      .map((e) => e.name).sort();
    for (const name of cases) {
      Deno.test(
        `[golden] ${id}/${name}`,
        () => runCase(suite, plugin, new URL(`${name}/`, dir)),
      );
    }
  }
}

async function runCase(
  suite: GoldenSuite,
  plugin: AnyPlugin,
  caseDir: URL,
): Promise<void> {
  const at = (file: string) => new URL(file, caseDir);
  // Every golden file is checked (and, in update mode, rewritten) before failing.
  const failures: AssertionError[] = [];
  const golden = async (actual: unknown, file: string) => {
    try {
      await assertGolden(actual, at(file));
    } catch (err) {
      if (!(err instanceof AssertionError)) throw err;
      failures.push(err);
    }
  };
  const request = JSON.parse(await Deno.readTextFile(at("request.json")));
  const query = (await readOptional(at("query.txt")))?.trim() ?? "";
  const clientPath = (await readOptional(at("path.txt")))?.trim() ??
    suite.clientPath(plugin);
  const sseText = await readOptional(at("upstream.sse"));
  // Optional: what the converter sees of the downstream (`DownstreamInfo` fields).
  const downstreamText = await readOptional(at("downstream.json"));
  const downstream = downstreamText === undefined
    ? undefined
    : JSON.parse(downstreamText);
  const run = () =>
    createRun(plugin, { stream: sseText !== undefined, downstream });

  const first = run();
  const req = forwarded(await first.request(clientPath, request, query));
  await golden(
    { path: req.path, query: req.query, body: req.body },
    "upstream_request.json",
  );

  if (sseText !== undefined) {
    const bytes = new TextEncoder().encode(sseText);
    const outputs: string[] = [];
    for (const size of CHUNK_SIZES) {
      const r = size === CHUNK_SIZES[0] ? first : run();
      if (r !== first) forwarded(await r.request(clientPath, request, query));
      outputs.push(suite.toStreamText(await r.stream(bytes, size)));
    }
    for (const out of outputs.slice(1)) assert.equal(out, outputs[0]);
    await golden(outputs[0], "want.sse");
  } else {
    const status = Number(
      (await readOptional(at("status.txt")))?.trim() ?? "200",
    );
    const upstream = JSON.parse(await Deno.readTextFile(at("upstream.json")));
    const res = await first.response(status, upstream);
    assert.equal(res.status, status);
    await golden(suite.toStableBody(res.body), "want.json");
  }
  if (failures.length > 0) throw failures[0];
}

/** A file of a converter's golden fixtures, e.g. `readFixture("openai2anthropic", "text/upstream.json")`. */
export function readFixture(converter: string, path: string): string {
  return Deno.readTextFileSync(
    new URL(`../golden/fixtures/${converter}/${path}`, import.meta.url),
  );
}

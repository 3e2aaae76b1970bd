/**
 * Golden-fixture tests for the Responses API converters: every folder under
 * `fixtures/responses2{anthropic,chat}/<case>/` holds the client's `request.json`, the
 * upstream's answer (`upstream.json` with optional `status.txt`, or `upstream.sse`), and the
 * expected `upstream_request.json` and `want.json` / `want.sse`. Streams are fed in 1-byte,
 * 7-byte and whole chunks (splitting lines and multi-byte UTF-8 characters); all must agree.
 * Generated ids (`resp_…`, `msg_…`, `fc_…`, `rs_…` with 32 hex digits) become `<prefix>_1`, `_2`…
 * in order of appearance, and `created_at` becomes 0.
 */
import assert, { AssertionError } from "node:assert/strict";
import { responses2anthropic } from "../../plugins/responses2anthropic/mod.ts";
import { responses2chat } from "../../plugins/responses2chat/mod.ts";
import type { AnyPlugin } from "../../plugins/types.ts";
import { createRun, forwarded } from "../_helpers/converter_contract.ts";
import { assertGolden, encodeSseText } from "../_helpers/golden.ts";

const CONVERTERS: Record<string, AnyPlugin> = {
  responses2anthropic,
  responses2chat,
};
const CHUNK_SIZES = [1, 7, Infinity];
const FIXTURES = new URL("./fixtures/", import.meta.url);
const GENERATED_ID_REGEXP = /\b(resp|msg|fc|rs|call)_[0-9a-f]{32}\b/g;
const CREATED_AT_REGEXP = /"created_at":\s*\d+/g;

/** Replaces generated ids and clocks with stable placeholders. */
function normalise(text: string): string {
  const seen = new Map<string, string>();
  const counters = new Map<string, number>();
  return text.replace(GENERATED_ID_REGEXP, (id, prefix: string) => {
    let stable = seen.get(id);
    if (stable === undefined) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      stable = `${prefix}_${n}`;
      seen.set(id, stable);
    }
    return stable;
  }).replace(CREATED_AT_REGEXP, '"created_at":0');
}

async function readOptional(url: URL): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(url);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

for (const [id, plugin] of Object.entries(CONVERTERS)) {
  const dir = new URL(`${id}/`, FIXTURES);
  const cases = [...Deno.readDirSync(dir)].filter((e) => e.isDirectory).map((
    e,
  ) => e.name).sort();
  for (const name of cases) {
    const at = (file: string) => new URL(`${name}/${file}`, dir);
    Deno.test(`[golden] ${id}/${name}`, async () => {
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
      const sseText = await readOptional(at("upstream.sse"));
      const run = () => createRun(plugin, { stream: sseText !== undefined });

      const first = run();
      const req = forwarded(await first.request("/responses", request));
      await golden(
        { path: req.path, query: req.query, body: req.body },
        "upstream_request.json",
      );

      if (sseText !== undefined) {
        const bytes = new TextEncoder().encode(sseText);
        const outputs: string[] = [];
        for (const size of CHUNK_SIZES) {
          const r = size === CHUNK_SIZES[0] ? first : run();
          if (r !== first) forwarded(await r.request("/responses", request));
          outputs.push(normalise(encodeSseText(await r.stream(bytes, size))));
        }
        for (const out of outputs.slice(1)) assert.equal(out, outputs[0]);
        await golden(outputs[0], "want.sse");
      } else {
        const status = Number(
          (await readOptional(at("status.txt")))?.trim() ?? "200",
        );
        const upstream = JSON.parse(
          await Deno.readTextFile(at("upstream.json")),
        );
        const res = await first.response(status, upstream);
        assert.equal(res.status, status);
        await golden(
          JSON.parse(normalise(JSON.stringify(res.body))),
          "want.json",
        );
      }
      if (failures.length > 0) throw failures[0];
    });
  }
}

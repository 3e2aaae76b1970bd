/**
 * Golden-fixture tests for the converters: every folder under `fixtures/<converter>/<case>/`
 * holds the client's `request.json` (plus optional `query.txt`), the upstream's answer
 * (`upstream.json` with optional `status.txt`, or `upstream.sse`), and the expected results:
 * `upstream_request.json` (what the upstream receives) and `want.json` / `want.sse` (what the
 * client receives). Streams are fed in 1-byte, 7-byte and whole chunks (splitting SSE lines and
 * multi-byte UTF-8 characters, and packing several events per chunk); all must agree.
 */
import assert, { AssertionError } from "node:assert/strict";
import { anthropic2openai } from "../../plugins/anthropic2openai/mod.ts";
import { openai2anthropic } from "../../plugins/openai2anthropic/mod.ts";
import type { SseEvent } from "../../plugins/sse.ts";
import type { AnyPlugin } from "../../plugins/types.ts";
import { createRun, forwarded } from "../_helpers/converter_contract.ts";
import { assertGolden, encodeSseText } from "../_helpers/golden.ts";

const CONVERTERS: Record<string, AnyPlugin> = {
  openai2anthropic,
  anthropic2openai,
};
const CHUNK_SIZES = [1, 7, Infinity];
const FIXTURES = new URL("./fixtures/", import.meta.url);

async function readOptional(url: URL): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(url);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

/** `created` is the translation time; golden files hold 0. */
function withoutClock(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return body;
  }
  return "created" in body ? { ...body, created: 0 } : body;
}

function streamWithoutClock(events: SseEvent[]): SseEvent[] {
  return events.map((e) => {
    if (!e.data.startsWith("{")) return e;
    return { ...e, data: JSON.stringify(withoutClock(JSON.parse(e.data))) };
  });
}

for (const [id, plugin] of Object.entries(CONVERTERS)) {
  const dir = new URL(`${id}/`, FIXTURES);
  const cases = [...Deno.readDirSync(dir)].filter((e) => e.isDirectory).map((
    e,
  ) => e.name).sort();
  for (const name of cases) {
    const at = (file: string) => new URL(`${name}/${file}`, dir);
    Deno.test(`[golden] ${id}/${name}`, async () => {
      // Both golden files are checked (and, in update mode, rewritten) before failing.
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
      const clientPath = plugin.converts?.from === "openai"
        ? "/chat/completions"
        : "/messages";
      const sseText = await readOptional(at("upstream.sse"));
      const run = () => createRun(plugin, { stream: sseText !== undefined });

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
          if (r !== first) {
            forwarded(await r.request(clientPath, request, query));
          }
          outputs.push(
            encodeSseText(streamWithoutClock(await r.stream(bytes, size))),
          );
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
        await golden(withoutClock(res.body), "want.json");
      }
      if (failures.length > 0) throw failures[0];
    });
  }
}

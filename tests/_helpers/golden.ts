/**
 * Golden files: `assertGolden(actual, fileUrl)` compares text (or JSON, pretty-printed) with a
 * file. With `TRESOR_UPDATE_GOLDEN=1` it rewrites the file and still fails, so update mode can
 * never pass CI; review the diff like code.
 */
import assert from "node:assert/strict";
import { encodeSseEvent, SseEvent, SseParser } from "../../plugins/sse.ts";

/** Serialises a golden value: strings as they are, anything else as indented JSON + newline. */
export function toGoldenText(actual: unknown): string {
  return typeof actual === "string"
    ? actual
    : `${JSON.stringify(actual, null, 2)}\n`;
}

/** Compares `actual` with the file at `fileUrl`. */
export async function assertGolden(
  actual: unknown,
  fileUrl: URL,
): Promise<void> {
  const text = toGoldenText(actual);
  if (Deno.env.get("TRESOR_UPDATE_GOLDEN") === "1") {
    await Deno.writeTextFile(fileUrl, text);
    assert.fail(
      `Golden file rewritten (update mode always fails): ${fileUrl.pathname}`,
    );
  }
  let want: string;
  try {
    want = await Deno.readTextFile(fileUrl);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      assert.fail(
        `Missing golden file ${fileUrl.pathname}; run with TRESOR_UPDATE_GOLDEN=1`,
      );
    }
    throw err;
  }
  if (fileUrl.pathname.endsWith(".json")) {
    assert.deepStrictEqual(
      JSON.parse(text),
      JSON.parse(want),
      fileUrl.pathname,
    );
  } else {
    assert.equal(text, want, fileUrl.pathname);
  }
}

/** Parses a whole `.sse` text into events. */
export function parseSseText(text: string): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()];
}

/** Encodes events as `.sse` text. */
export function encodeSseText(events: readonly SseEvent[]): string {
  return events.map(encodeSseEvent).join("");
}

/** Splits bytes into chunks of `size` (`Infinity` → one chunk). */
export function splitBytes(bytes: Uint8Array, size: number): Uint8Array[] {
  if (!Number.isFinite(size)) return [bytes];
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    out.push(bytes.slice(i, i + size));
  }
  return out;
}

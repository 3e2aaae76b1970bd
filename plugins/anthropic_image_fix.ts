/**
 * The `anthropic_image_fix` plugin: for Anthropic-format requests, moves image blocks out of
 * `tool_result` content into the same user turn, right after its tool results (tool results
 * must come first in a turn), for Anthropic-compatible providers that reject images inside tool
 * results. A tool result left without content gets a short note pointing at the image.
 *
 * @module
 */
import { z } from "zod";
import { definePlugin } from "./define.ts";
import type { JsonObject } from "./types.ts";
import { isRecord, type JsonRecord } from "./protocol/json_reader.ts";

/** Text left in a tool result whose only content was moved. */
export const MOVED_NOTE = "(image attached after the tool results)";

/**
 * Returns `messages` with tool-result images moved, or the same array when nothing moved. Works
 * on plain JSON so unknown fields pass through untouched.
 */
export function moveToolResultImages(
  messages: readonly unknown[],
): readonly unknown[] {
  let changed = false;
  const out = messages.map((m) => {
    if (!isRecord(m) || m.role !== "user" || !Array.isArray(m.content)) {
      return m;
    }
    const moved: unknown[] = [];
    const results: unknown[] = [];
    const rest: unknown[] = [];
    for (const block of m.content) {
      if (!isRecord(block) || block.type !== "tool_result") {
        rest.push(block);
        continue;
      }
      if (!Array.isArray(block.content)) {
        results.push(block);
        continue;
      }
      const images = block.content.filter((c) =>
        isRecord(c) && c.type === "image"
      );
      if (images.length === 0) {
        results.push(block);
        continue;
      }
      moved.push(...images);
      const kept = block.content.filter((c) =>
        !(isRecord(c) && c.type === "image")
      );
      const content = kept.length > 0
        ? kept
        : [{ type: "text", text: MOVED_NOTE }];
      results.push({ ...block, content });
    }
    if (moved.length === 0) return m;
    changed = true;
    const fixed: JsonRecord = {
      ...m,
      content: [...results, ...moved, ...rest],
    };
    return fixed;
  });
  return changed ? out : messages;
}

/** Moves images out of Anthropic `tool_result` blocks. */
export const anthropicImageFix = definePlugin({
  id: "anthropic_image_fix",
  description:
    "Moves images out of Anthropic tool results into the following user content",
  config: z.object({}),
  transformRequest(req, ctx) {
    if (req.path !== "/messages" || !Array.isArray(req.body.messages)) {
      return req;
    }
    const messages = moveToolResultImages(req.body.messages);
    if (messages === req.body.messages) return req;
    ctx.log.debug("Moved images out of tool results");
    const body: JsonObject = { ...req.body, messages };
    return { ...req, body };
  },
});

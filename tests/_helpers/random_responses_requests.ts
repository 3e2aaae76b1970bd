/**
 * Seeded random Responses API requests for the property test (see `random_requests.ts`):
 * conversations of messages, answered function calls with text and image outputs, and reasoning
 * items (Tresor's, an empty signature, someone else's), with client and hosted tools.
 */
import { EFFORTS, IMAGE_URLS, type Random, WORDS } from "./random_requests.ts";

type Json = Record<string, unknown>;

function responsesUser(r: Random): Json {
  if (r.chance(0.5)) return { role: "user", content: r.pick(WORDS) };
  return {
    type: "message",
    role: "user",
    content: [
      { type: "input_text", text: r.pick(WORDS) },
      ...(r.chance(0.4)
        ? [{ type: "input_image", image_url: r.pick(IMAGE_URLS) }]
        : []),
      ...(r.chance(0.1)
        ? [{
          type: "input_file",
          filename: "a.pdf",
          file_data: r.pick([
            "data:application/pdf;base64,AA",
            "data:text/plain;base64,AA",
          ]),
        }]
        : []),
    ],
  };
}

/** What a Responses request may hold. */
export interface ResponsesOptions {
  /**
   * Function calls whose arguments are not JSON (models write such now and then; Chat
   * Completions takes them as written, Anthropic needs an object).
   */
  readonly badArguments: boolean;
}

/** One to two function calls, each followed by its output. */
function responsesCalls(
  r: Random,
  next: () => number,
  opts: ResponsesOptions,
): Json[] {
  const out: Json[] = [];
  for (let k = r.int(1, 2); k > 0; k--) {
    const callId = `call:${next()}`;
    out.push({
      type: "function_call",
      call_id: callId,
      name: "f",
      arguments: r.chance(0.05) && opts.badArguments
        ? "{bad"
        : r.pick(["{}", '{"a":1}']),
    });
    out.push({
      type: "function_call_output",
      call_id: callId,
      output: r.chance(0.6)
        ? r.pick(WORDS)
        : [{ type: "input_text", text: r.pick(WORDS) }, {
          type: "input_image",
          image_url: r.pick(IMAGE_URLS),
        }],
    });
  }
  return out;
}

function responsesItem(
  r: Random,
  next: () => number,
  opts: ResponsesOptions,
): Json[] {
  switch (r.int(0, 5)) {
    case 0:
    case 1:
      return [responsesUser(r)];
    case 2:
      return [{
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: r.pick(WORDS) }],
      }];
    case 3:
      return [{
        role: r.pick(["system", "developer"]),
        content: r.pick(WORDS),
      }];
    case 4:
      return responsesCalls(r, next, opts);
    default:
      return [{
        type: "reasoning",
        summary: [],
        content: [{ type: "reasoning_text", text: r.pick(WORDS) }],
        encrypted_content: r.pick([
          "tresor.anthropic.thinking:sig",
          "tresor.anthropic.thinking:",
          "opaque",
        ]),
      }];
  }
}

function responsesTools(r: Random, req: Json): void {
  const tools: Json[] = [];
  if (r.chance(0.4)) {
    tools.push({
      type: "function",
      name: "f",
      parameters: { type: "object" },
    });
  }
  if (r.chance(0.1)) tools.push({ type: "custom", name: "apply_patch" });
  if (r.chance(0.1)) tools.push({ type: "local_shell" });
  if (r.chance(0.05)) tools.push({ type: "web_search" });
  if (tools.length > 0) req.tools = tools;
  if (r.chance(0.3)) {
    req.tool_choice = r.pick(["auto", "none", "required", {
      type: "function",
      name: "f",
    }]);
  }
  if (r.chance(0.2)) req.parallel_tool_calls = r.chance(0.5);
}

/** A Responses API request. */
export function responsesRequest(r: Random, opts: ResponsesOptions): Json {
  let id = 0;
  const input: Json[] = [];
  for (let t = r.int(1, 6); t > 0; t--) {
    input.push(...responsesItem(r, () => id++, opts));
  }
  const req: Json = {
    model: "m",
    input: r.chance(0.2) ? r.pick(WORDS) : input,
  };
  if (r.chance(0.4)) req.instructions = r.pick(WORDS);
  responsesTools(r, req);
  if (r.chance(0.5)) req.max_output_tokens = r.int(1, 40000);
  if (r.chance(0.3)) req.temperature = r.next() * 2;
  if (r.chance(0.2)) req.top_p = r.next();
  if (r.chance(0.3)) req.reasoning = { effort: r.pick(EFFORTS) };
  if (r.chance(0.15)) {
    req.text = {
      format: r.pick([
        { type: "json_object" },
        { type: "json_schema", name: "out", schema: { type: "object" } },
        { type: "json_schema", name: "out", schema: { type: "array" } },
      ]),
    };
  }
  if (r.chance(0.1)) req.user = r.pick(["u", "x".repeat(100)]);
  if (r.chance(0.03)) req.background = true;
  if (r.chance(0.3)) req.stream = true;
  req.store = r.chance(0.5);
  return req;
}

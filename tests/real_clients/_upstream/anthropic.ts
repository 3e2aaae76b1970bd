/**
 * The scripted upstream's Anthropic Messages side: the checks Anthropic's API makes that
 * translations can get wrong (shape, unknown fields, thinking signatures, a final assistant tool
 * turn without its thinking block), and answers as JSON or SSE, with signed thinking when the
 * request asks for thinking.
 */
import { validateAnthropicRequest } from "../../_helpers/protocol_validators.ts";
import type { SseEvent } from "../../../plugins/mod.ts";
import { signThinking, verifyThinking } from "./signature.ts";
import { type OfferedTool, type PlannedCall, singleStringArg } from "./task.ts";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Top-level fields the Messages API accepts (others: "Extra inputs are not permitted"). */
const FIELDS = new Set([
  "model",
  "messages",
  "max_tokens",
  "system",
  "metadata",
  "stop_sequences",
  "stream",
  "temperature",
  "top_p",
  "top_k",
  "tools",
  "tool_choice",
  "thinking",
  "service_tier",
  "container",
  "mcp_servers",
  "context_management",
  "output_config",
  "output_format",
  "inference_geo",
  "speed",
]);

function blocksOf(m: Obj): Obj[] {
  return Array.isArray(m.content) ? m.content.filter(isObj) : [];
}

/** What Anthropic would answer 400 for, as messages (empty: valid). */
export async function anthropicProblems(body: Obj): Promise<string[]> {
  const problems = validateAnthropicRequest(body);
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key)) {
      problems.push(`${key}: Extra inputs are not permitted`);
    }
  }
  const userId = isObj(body.metadata) ? body.metadata.user_id : undefined;
  if (typeof userId === "string" && userId.length > 256) {
    problems.push(
      "metadata.user_id: String should have at most 256 characters",
    );
  }
  const messages = Array.isArray(body.messages)
    ? body.messages.filter(isObj)
    : [];
  for (const [i, m] of messages.entries()) {
    for (const [j, b] of blocksOf(m).entries()) {
      const at = `messages.${i}.content.${j}`;
      if (b.type === "thinking") {
        if (typeof b.signature !== "string") {
          problems.push(`${at}.thinking.signature: Field required`);
        } else if (!await verifyThinking(String(b.thinking), b.signature)) {
          problems.push(`${at}: Invalid \`signature\` in \`thinking\` block`);
        }
      } else if (b.type === "redacted_thinking") {
        problems.push(`${at}: Invalid \`data\` in \`redacted_thinking\` block`);
      }
    }
  }
  const thinking = isObj(body.thinking) ? body.thinking.type : undefined;
  // Mid-conversation system messages do not count as turns.
  const turns = messages.filter((m) => m.role !== "system");
  const last = turns.at(-1);
  const continuing = last?.role === "user" &&
    blocksOf(last).some((b) => b.type === "tool_result");
  const final = turns.at(-2);
  if (thinking === "enabled" && continuing && final?.role === "assistant") {
    const first = blocksOf(final)[0];
    if (first?.type !== "thinking" && first?.type !== "redacted_thinking") {
      problems.push(
        `messages.${
          messages.indexOf(final)
        }.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${
          String(first?.type)
        }\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block`,
      );
    }
  }
  const edits = isObj(body.context_management) &&
      Array.isArray(body.context_management.edits)
    ? body.context_management.edits.filter(isObj)
    : [];
  if (
    thinking !== "enabled" && thinking !== "adaptive" &&
    edits.some((e) => String(e.type).startsWith("clear_thinking"))
  ) {
    problems.push(
      "context_management: the clear_thinking strategy requires thinking to be enabled",
    );
  }
  return problems;
}

/** The tools a Messages request offers. */
export function anthropicTools(body: Obj): OfferedTool[] {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  return tools.filter((t) => t.type === undefined || t.type === "custom").map((
    t,
  ) => ({
    name: String(t.name),
    freeform: false,
    stringArg: singleStringArg(t.input_schema),
  }));
}

/** Whether the request's last user turn returns a result for one of `issued`. */
export function anthropicAnswersCall(
  body: Obj,
  issued: ReadonlySet<string>,
): boolean {
  const messages = Array.isArray(body.messages)
    ? body.messages.filter(isObj)
    : [];
  const last = messages.findLast((m) => m.role !== "system");
  return last?.role === "user" &&
    blocksOf(last).some((b) =>
      b.type === "tool_result" && issued.has(String(b.tool_use_id))
    );
}

/** Whether the request asks for thinking, and whether its text is shown. */
function thinkingOf(body: Obj): { on: boolean; omitted: boolean } {
  const t = isObj(body.thinking) ? body.thinking : undefined;
  return {
    on: t?.type === "enabled" || t?.type === "adaptive",
    omitted: t?.display === "omitted",
  };
}

/** An Anthropic answer: optional signed thinking, then text or a tool call. */
export async function anthropicAnswer(
  body: Obj,
  reply: { text?: string; call?: PlannedCall & { id: string } },
): Promise<{ json: Obj; events: SseEvent[] }> {
  const content: Obj[] = [];
  const thinking = thinkingOf(body);
  if (thinking.on) {
    const text = thinking.omitted
      ? ""
      : "The scripted upstream thinks briefly.";
    content.push({
      type: "thinking",
      thinking: text,
      signature: await signThinking(text),
    });
  }
  if (reply.text !== undefined) {
    content.push({ type: "text", text: reply.text });
  }
  const call = reply.call;
  if (call) {
    content.push({
      type: "tool_use",
      id: call.id,
      name: call.name,
      input: call.kind === "function" ? call.args : { input: call.input },
    });
  }
  const stop = call ? "tool_use" : "end_turn";
  const model = String(body.model);
  const usage = { input_tokens: 120, output_tokens: 30 };
  const json = {
    id: `msg_scripted_${crypto.randomUUID().slice(0, 8)}`,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage,
  };
  const ev = (type: string, data: Obj): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, ...data }),
  });
  const events: SseEvent[] = [
    ev("message_start", {
      message: {
        ...json,
        content: [],
        stop_reason: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
  ];
  content.forEach((block, index) => {
    switch (block.type) {
      case "thinking":
        events.push(
          ev("content_block_start", {
            index,
            content_block: { type: "thinking", thinking: "", signature: "" },
          }),
        );
        if (block.thinking !== "") {
          events.push(ev("content_block_delta", {
            index,
            delta: { type: "thinking_delta", thinking: block.thinking },
          }));
        }
        events.push(ev("content_block_delta", {
          index,
          delta: { type: "signature_delta", signature: block.signature },
        }));
        break;
      case "text":
        events.push(
          ev("content_block_start", {
            index,
            content_block: { type: "text", text: "" },
          }),
          ev("content_block_delta", {
            index,
            delta: { type: "text_delta", text: block.text },
          }),
        );
        break;
      default:
        events.push(
          ev("content_block_start", {
            index,
            content_block: { ...block, input: {} },
          }),
          ev("content_block_delta", {
            index,
            delta: {
              type: "input_json_delta",
              partial_json: JSON.stringify(block.input),
            },
          }),
        );
    }
    events.push(ev("content_block_stop", { index }));
  });
  events.push(
    ev("message_delta", {
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }),
    ev("message_stop", {}),
  );
  return { json, events };
}

/** An Anthropic error body. */
export function anthropicError(message: string): Obj {
  return { type: "error", error: { type: "invalid_request_error", message } };
}

/**
 * The scripted upstream's Chat Completions side: OpenAI's checks that translations can get wrong
 * (unknown parameters, `user` over 64 characters, `reasoning_effort` for a model without
 * reasoning, tool names outside `^[a-zA-Z0-9_-]{1,64}$`, message shapes), and answers as JSON
 * or SSE; a reasoning model's answers carry `reasoning_content`, as DeepSeek's do.
 */
import { validateOpenAiRequest } from "../../_helpers/protocol_validators.ts";
import type { SseEvent } from "../../../plugins/mod.ts";
import { type OfferedTool, type PlannedCall, singleStringArg } from "./task.ts";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Models of the scripted upstream that think and accept `reasoning_effort`. */
export const REASONING_MODEL_PREFIX = "mock-reasoner";

const FIELDS = new Set([
  "model",
  "messages",
  "max_tokens",
  "max_completion_tokens",
  "stop",
  "temperature",
  "top_p",
  "n",
  "stream",
  "stream_options",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "user",
  "reasoning_effort",
  "response_format",
  "logprobs",
  "top_logprobs",
  "modalities",
  "audio",
  "frequency_penalty",
  "presence_penalty",
  "seed",
  "logit_bias",
  "metadata",
  "store",
  "service_tier",
  "prediction",
  "verbosity",
  "prompt_cache_key",
  "safety_identifier",
]);

const TOOL_NAME_REGEXP = /^[a-zA-Z0-9_-]{1,64}$/;
const ROLES = new Set(["system", "developer", "user", "assistant", "tool"]);

/** What OpenAI would answer 400 for (empty: valid). */
export function chatProblems(body: Obj): string[] {
  const problems = validateOpenAiRequest(body);
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key)) {
      problems.push(`Unrecognized request argument supplied: ${key}`);
    }
  }
  if (typeof body.user === "string" && body.user.length > 64) {
    problems.push(
      `Invalid 'user': string too long. Expected a string with maximum length 64, but got a string with length ${body.user.length} instead.`,
    );
  }
  if (
    body.reasoning_effort !== undefined &&
    !String(body.model).startsWith(REASONING_MODEL_PREFIX)
  ) {
    problems.push(
      "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
    );
  }
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  tools.forEach((t, i) => {
    const name = isObj(t.function) ? t.function.name : undefined;
    if (typeof name !== "string" || !TOOL_NAME_REGEXP.test(name)) {
      problems.push(
        `Invalid 'tools[${i}].function.name': string does not match pattern.`,
      );
    }
  });
  const messages = Array.isArray(body.messages) ? body.messages : [];
  messages.forEach((m, i) => {
    if (isObj(m) && !ROLES.has(String(m.role))) {
      problems.push(
        `Invalid value: '${
          String(m.role)
        }'. Supported values are: 'system', 'assistant', 'user', 'tool', and 'developer'. (messages[${i}].role)`,
      );
    }
  });
  return problems;
}

/** The tools a Chat Completions request offers. */
export function chatTools(body: Obj): OfferedTool[] {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  return tools.map((t) => {
    const fn = isObj(t.function) ? t.function : {};
    return {
      name: String(fn.name),
      freeform: false,
      stringArg: singleStringArg(fn.parameters),
    };
  });
}

/** Whether the request ends with tool results, one of them for a call in `issued`. */
export function chatAnswersCall(
  body: Obj,
  issued: ReadonlySet<string>,
): boolean {
  const messages = Array.isArray(body.messages)
    ? body.messages.filter(isObj)
    : [];
  const tail: Obj[] = [];
  for (
    let i = messages.length - 1;
    i >= 0 && messages[i].role === "tool";
    i--
  ) {
    tail.push(messages[i]);
  }
  return tail.some((m) => issued.has(String(m.tool_call_id)));
}

/** A Chat Completions answer: text or one tool call, with reasoning for a reasoning model. */
export function chatAnswer(
  body: Obj,
  reply: { text?: string; call?: PlannedCall & { id: string } },
): { json: Obj; events: SseEvent[] } {
  const model = String(body.model);
  const reasoning = model.startsWith(REASONING_MODEL_PREFIX)
    ? "The scripted reasoner thinks briefly."
    : undefined;
  const call = reply.call;
  const toolCall = call && {
    id: call.id,
    type: "function",
    function: {
      name: call.name,
      arguments: JSON.stringify(
        call.kind === "function" ? call.args : { input: call.input },
      ),
    },
  };
  const finish = call ? "tool_calls" : "stop";
  const usage = {
    prompt_tokens: 150,
    completion_tokens: 25,
    total_tokens: 175,
  };
  const base = { id: "chatcmpl-scripted", created: 1_700_000_000, model };
  const message: Obj = { role: "assistant", content: reply.text ?? null };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCall) message.tool_calls = [toolCall];
  const json = {
    ...base,
    object: "chat.completion",
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
    usage,
  };
  const chunk = (delta: Obj, finishReason: string | null): SseEvent => ({
    data: JSON.stringify({
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    }),
  });
  const events: SseEvent[] = [chunk({ role: "assistant", content: "" }, null)];
  if (reasoning) events.push(chunk({ reasoning_content: reasoning }, null));
  if (reply.text !== undefined) {
    events.push(chunk({ content: reply.text }, null));
  }
  if (toolCall) {
    events.push(
      chunk({
        tool_calls: [{
          index: 0,
          ...toolCall,
          function: { name: call.name, arguments: "" },
        }],
      }, null),
      chunk({
        tool_calls: [{
          index: 0,
          function: { arguments: toolCall.function.arguments },
        }],
      }, null),
    );
  }
  events.push(chunk({}, finish));
  const streamOptions = isObj(body.stream_options) ? body.stream_options : {};
  if (streamOptions.include_usage === true) {
    events.push({
      data: JSON.stringify({
        ...base,
        object: "chat.completion.chunk",
        choices: [],
        usage,
      }),
    });
  }
  events.push({ data: "[DONE]" });
  return { json, events };
}

/** An OpenAI error body. */
export function chatError(message: string): Obj {
  return {
    error: { message, type: "invalid_request_error", param: null, code: null },
  };
}

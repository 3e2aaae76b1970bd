/**
 * Validators for translated requests, encoding the target APIs' rules (what the provider would
 * reject): each returns a list of problems, empty when the request is valid.
 * Anthropic: https://docs.anthropic.com/en/api/messages; OpenAI:
 * https://platform.openai.com/docs/api-reference/chat/create
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const TOOL_ID_REGEXP = /^[a-zA-Z0-9_-]+$/;

/** Problems of an Anthropic Messages request body. */
export function validateAnthropicRequest(body: unknown): string[] {
  const p: string[] = [];
  if (!isObj(body)) return ["body is not an object"];
  if (typeof body.model !== "string") p.push("model missing");
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    p.push("max_tokens must be a positive integer");
  }
  if (body.temperature !== undefined) {
    const t = body.temperature as number;
    if (!(t >= 0 && t <= 1)) p.push("temperature outside 0-1");
  }
  if (isObj(body.thinking) && body.thinking.type === "enabled") {
    const b = body.thinking.budget_tokens as number;
    if (!(b >= 1024)) p.push("thinking budget below 1024");
    if (!(b < (body.max_tokens as number))) {
      p.push("thinking budget not below max_tokens");
    }
    if (
      isObj(body.tool_choice) &&
      (body.tool_choice.type === "any" || body.tool_choice.type === "tool")
    ) {
      p.push("thinking with a forced tool_choice");
    }
    if (body.temperature !== undefined && body.temperature !== 1) {
      p.push("thinking with temperature");
    }
  }
  if (Array.isArray(body.stop_sequences)) {
    for (const s of body.stop_sequences) {
      if (typeof s !== "string" || s.trim() === "") {
        p.push("whitespace stop sequence");
      }
    }
  }
  if (body.system !== undefined && typeof body.system !== "string") {
    if (!Array.isArray(body.system)) p.push("system must be string or blocks");
    else {for (const b of body.system) {
        if (!isObj(b) || b.type !== "text" || b.text === "") {
          p.push("bad system block");
        }
      }}
  }
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const toolNames = new Set(tools.map((t) => (t as Obj).name));
  for (const t of tools) {
    if (!isObj(t) || typeof t.name !== "string" || !isObj(t.input_schema)) {
      p.push("bad tool");
    } else if (t.input_schema.type !== "object") {
      p.push("tool input_schema must be an object schema");
    }
  }
  if (isObj(body.tool_choice)) {
    if (tools.length === 0) p.push("tool_choice without tools");
    if (
      body.tool_choice.type === "tool" && !toolNames.has(body.tool_choice.name)
    ) {
      p.push("tool_choice names an unknown tool");
    }
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    p.push("messages must be a non-empty array");
    return p;
  }
  let prevRole: unknown;
  let pending = new Set<string>();
  body.messages.forEach((m, i) => {
    if (!isObj(m)) return p.push(`messages[${i}] not an object`);
    // Mid-conversation system messages (text only) are accepted after the first turn; they do
    // not take part in user/assistant alternation.
    if (m.role === "system") {
      if (i === 0) p.push("messages[0] cannot be a system message");
      const blocks = typeof m.content === "string" ? [] : m.content;
      if (
        !Array.isArray(blocks) ||
        blocks.some((b) => !isObj(b) || b.type !== "text")
      ) p.push(`messages[${i}] system message must hold text blocks`);
      return;
    }
    if (m.role !== "user" && m.role !== "assistant") {
      p.push(`messages[${i}].role invalid`);
    }
    if (m.role === prevRole) p.push(`messages[${i}] does not alternate`);
    prevRole = m.role;
    const blocks = typeof m.content === "string"
      ? [{ type: "text", text: m.content }]
      : Array.isArray(m.content)
      ? m.content
      : [];
    if (blocks.length === 0) p.push(`messages[${i}] has no content`);
    const answered = new Set<string>();
    let seenOther = false;
    const uses = new Set<string>();
    for (const b of blocks as Obj[]) {
      switch (b.type) {
        case "text":
          if (typeof b.text !== "string" || b.text === "") {
            p.push(`messages[${i}] empty text block`);
          }
          seenOther = true;
          break;
        case "image":
        case "document":
          if (!isObj(b.source)) {
            p.push(`messages[${i}] ${b.type} without source`);
          }
          if (m.role !== "user") {
            p.push(`messages[${i}] ${b.type} outside user`);
          }
          seenOther = true;
          break;
        case "tool_use":
          if (m.role !== "assistant") {
            p.push(`messages[${i}] tool_use outside assistant`);
          }
          if (typeof b.id !== "string" || !TOOL_ID_REGEXP.test(b.id)) {
            p.push(`messages[${i}] bad tool_use id`);
          }
          if (!isObj(b.input)) {
            p.push(`messages[${i}] tool_use input not an object`);
          }
          uses.add(b.id as string);
          break;
        case "tool_result":
          if (m.role !== "user") {
            p.push(`messages[${i}] tool_result outside user`);
          }
          if (seenOther) {
            p.push(`messages[${i}] tool_result after other content`);
          }
          if (!pending.has(b.tool_use_id as string)) {
            p.push(
              `messages[${i}] tool_result without tool_use in the previous message`,
            );
          }
          answered.add(b.tool_use_id as string);
          break;
        case "thinking":
        case "redacted_thinking":
          if (m.role !== "assistant") {
            p.push(`messages[${i}] thinking outside assistant`);
          }
          break;
        default:
          p.push(`messages[${i}] unknown block ${String(b.type)}`);
      }
    }
    if (m.role === "user") {
      for (const id of pending) {
        if (!answered.has(id)) {
          p.push(`tool_use ${id} not answered in messages[${i}]`);
        }
      }
      pending = new Set();
    } else {
      if (pending.size > 0) {
        p.push(`messages[${i}] follows unanswered tool_use`);
      }
      pending = uses;
    }
  });
  return p;
}

/** Problems of an OpenAI Chat Completions request body. */
export function validateOpenAiRequest(body: unknown): string[] {
  const p: string[] = [];
  if (!isObj(body)) return ["body is not an object"];
  if (typeof body.model !== "string") p.push("model missing");
  if (
    body.max_tokens !== undefined &&
    !(Number.isInteger(body.max_tokens) && (body.max_tokens as number) > 0)
  ) {
    p.push("max_tokens must be a positive integer");
  }
  if (Array.isArray(body.stop) && body.stop.length > 4) {
    p.push("more than 4 stop sequences");
  }
  if (isObj(body.stream_options) && body.stream !== true) {
    p.push("stream_options without stream");
  }
  const tools = Array.isArray(body.tools) ? body.tools : [];
  for (const t of tools) {
    if (
      !isObj(t) || t.type !== "function" || !isObj(t.function) ||
      typeof t.function.name !== "string"
    ) {
      p.push("bad tool");
    }
  }
  if (body.tool_choice !== undefined && tools.length === 0) {
    p.push("tool_choice without tools");
  }
  if (body.parallel_tool_calls !== undefined && tools.length === 0) {
    p.push("parallel_tool_calls without tools");
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    p.push("messages must be a non-empty array");
    return p;
  }
  let pending = new Set<string>();
  body.messages.forEach((m, i) => {
    if (!isObj(m)) return p.push(`messages[${i}] not an object`);
    if (m.role === "tool") {
      if (!pending.delete(m.tool_call_id as string)) {
        p.push(`messages[${i}] tool message without a matching call`);
      }
      if (typeof m.content !== "string") {
        p.push(`messages[${i}] tool content not a string`);
      }
      return;
    }
    if (pending.size > 0) {
      p.push(`messages[${i}] follows unanswered tool calls`);
    }
    pending = new Set();
    switch (m.role) {
      case "system":
      case "developer":
        if (typeof m.content !== "string") {
          p.push(`messages[${i}] system content not a string`);
        }
        return;
      case "user":
        if (typeof m.content === "string") return;
        if (!Array.isArray(m.content) || m.content.length === 0) {
          return p.push(`messages[${i}] empty user`);
        }
        for (const part of m.content as Obj[]) {
          if (part.type === "text" && typeof part.text === "string") continue;
          if (
            part.type === "image_url" && isObj(part.image_url) &&
            typeof part.image_url.url === "string"
          ) continue;
          if (part.type === "file" && isObj(part.file)) continue;
          p.push(`messages[${i}] bad user part`);
        }
        return;
      case "assistant": {
        const calls = Array.isArray(m.tool_calls) ? m.tool_calls as Obj[] : [];
        if (m.content === null && calls.length === 0) {
          p.push(`messages[${i}] empty assistant`);
        }
        for (const c of calls) {
          const fn = c.function as Obj;
          try {
            if (!isObj(JSON.parse(fn.arguments as string))) {
              p.push(`messages[${i}] arguments not an object`);
            }
          } catch {
            p.push(`messages[${i}] arguments not JSON`);
          }
          pending.add(c.id as string);
        }
        return;
      }
      default:
        p.push(`messages[${i}].role invalid`);
    }
  });
  if (pending.size > 0) p.push("last assistant tool calls unanswered");
  return p;
}

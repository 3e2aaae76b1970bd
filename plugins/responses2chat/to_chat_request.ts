/**
 * Responses API request → Chat Completions request, as a pure function.
 *
 * Mapping (https://platform.openai.com/docs/api-reference/responses/create →
 * https://platform.openai.com/docs/api-reference/chat/create):
 * - `instructions` → a leading system message; `system`/`developer` message items → system
 *   messages where they stand;
 * - user parts: `input_text` → text, `input_image` → `image_url`, `input_file` → `file`;
 * - assistant `output_text`/`refusal` → `content`; function calls (custom tool, local shell
 *   and tool search calls arrive here as function calls, see `tool_calls.ts`) → `tool_calls`
 *   of the assistant message they follow (consecutive calls share one message);
 * - tool outputs → a `tool` message (text parts joined; images and files follow in a user
 *   message, since tool messages carry text only);
 * - `reasoning` items are dropped (chat upstreams take no reasoning back), logged at debug;
 * - parameters via {@link toChatParams}; `max_output_tokens` clamped to the downstream's
 *   `max_output_tokens`; `reasoning_effort` dropped (debug) when the downstream's model does
 *   not take it.
 *
 * Rejected with a 400 naming the parameter: a conversation left without any message (`input`).
 *
 * @module
 */
import type * as openai from "../protocol/openai/types.ts";
import type * as responses from "../protocol/responses/types.ts";
import type { WarningSink } from "../warnings.ts";
import { fail } from "../protocol/json_reader.ts";
import { toChatParams } from "../responses_shared/chat_params.ts";
import type { TargetRequestInput } from "../responses_shared/responses_converter.ts";
import type { CanonicalItem } from "../responses_shared/tool_calls.ts";

/** Converts a parsed Responses request and its expanded items. */
export function toChatRequest(
  input: TargetRequestInput,
): openai.ChatCompletionRequest {
  const { request, warnings } = input;
  const { model, ...params } = toChatParams(request, {
    tools: input.tools,
    warnings,
  });
  if (
    params.reasoning_effort !== undefined &&
    input.downstream.reasoningEffort === false
  ) {
    warnings.debug(
      "Dropped reasoning_effort: the downstream's model does not take it",
      {
        reasoning_effort: params.reasoning_effort,
      },
    );
    delete params.reasoning_effort;
  }
  const messages: openai.ChatMessage[] = [];
  if (request.instructions) {
    messages.push({ role: "system", content: request.instructions });
  }
  messages.push(...toMessages(input.items, warnings));
  if (messages.length === 0) {
    fail("input", "at least one message is required");
  }
  const out: openai.ChatCompletionRequest = { model, messages, ...params };
  const cap = input.downstream.maxOutputTokens;
  if (
    cap !== undefined && out.max_tokens !== undefined &&
    out.max_tokens !== null && out.max_tokens > cap
  ) {
    warnings.info("Clamped max_tokens to the downstream's max_output_tokens", {
      from: out.max_tokens,
      to: cap,
    });
    out.max_tokens = cap;
  }
  return out;
}

function textOf(
  content: string | responses.ContentPart[],
): string {
  if (typeof content === "string") return content;
  return content.map((p) =>
    p.type === "input_text" || p.type === "output_text"
      ? p.text
      : p.type === "refusal"
      ? p.refusal
      : ""
  ).join("");
}

function toPart(
  part:
    | responses.InputTextPart
    | responses.InputImagePart
    | responses.InputFilePart,
): openai.ContentPart {
  switch (part.type) {
    case "input_text":
      return { type: "text", text: part.text };
    case "input_image": {
      const image: openai.ImagePart["image_url"] = {
        url: part.image_url ?? "",
      };
      if (part.detail !== undefined) image.detail = part.detail;
      return { type: "image_url", image_url: image };
    }
    case "input_file": {
      const file: openai.FilePart["file"] = { file_data: part.file_data ?? "" };
      if (part.filename) file.filename = part.filename;
      return { type: "file", file };
    }
    default: {
      const never: never = part;
      throw new TypeError(`Unhandled part ${JSON.stringify(never)}`);
    }
  }
}

function toUserContent(
  content: string | responses.ContentPart[],
): string | openai.ContentPart[] {
  if (typeof content === "string") return content;
  const parts: openai.ContentPart[] = [];
  for (const p of content) {
    if (p.type === "output_text") parts.push({ type: "text", text: p.text });
    else if (p.type === "refusal") {
      parts.push({ type: "text", text: p.refusal });
    } else parts.push(toPart(p));
  }
  if (parts.length === 1 && parts[0].type === "text") return parts[0].text;
  return parts;
}

/** A message item as a chat message (system and developer items become system messages). */
function toMessage(item: responses.MessageItem): openai.ChatMessage {
  switch (item.role) {
    case "system":
    case "developer":
      return { role: "system", content: textOf(item.content) };
    case "user":
      return { role: "user", content: toUserContent(item.content) };
    case "assistant":
      return { role: "assistant", content: textOf(item.content) };
    default: {
      const never: never = item.role;
      throw new TypeError(`Unhandled role ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A tool output as a `tool` message (text parts joined) and the parts a tool message cannot
 * carry (images, files), which follow in a user message.
 */
function toToolMessage(
  item: responses.FunctionCallOutputItem,
): { message: openai.ToolMessage; attachments: openai.ContentPart[] } {
  if (typeof item.output === "string") {
    return {
      message: {
        role: "tool",
        tool_call_id: item.call_id,
        content: item.output,
      },
      attachments: [],
    };
  }
  const texts = item.output.filter((p) => p.type === "input_text").map((p) =>
    p.text
  );
  return {
    message: {
      role: "tool",
      tool_call_id: item.call_id,
      content: texts.join("\n"),
    },
    attachments: item.output.filter((p) => p.type !== "input_text").map(toPart),
  };
}

function toMessages(
  items: readonly CanonicalItem[],
  warnings: WarningSink,
): openai.ChatMessage[] {
  const out: openai.ChatMessage[] = [];
  // The assistant message that function calls attach to, while calls keep coming.
  let assistant: openai.AssistantMessage | undefined;
  // Images of tool results, sent in one user message after the run of tool messages.
  let images: openai.ContentPart[] = [];
  for (const item of items) {
    if (item.type !== "function_call_output" && images.length > 0) {
      out.push({ role: "user", content: images });
      images = [];
    }
    switch (item.type) {
      case "message": {
        const message = toMessage(item);
        assistant = message.role === "assistant" ? message : undefined;
        out.push(message);
        break;
      }
      case "function_call": {
        if (assistant === undefined) {
          assistant = { role: "assistant", content: null };
          out.push(assistant);
        }
        assistant.tool_calls = [...assistant.tool_calls ?? [], {
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: item.arguments },
        }];
        break;
      }
      case "function_call_output": {
        assistant = undefined;
        const { message, attachments } = toToolMessage(item);
        out.push(message);
        images.push(...attachments);
        break;
      }
      case "reasoning":
        warnings.debug(
          "Dropped a reasoning item: chat upstreams take none back",
        );
        break;
      default: {
        const never: never = item;
        throw new TypeError(`Unhandled item ${JSON.stringify(never)}`);
      }
    }
  }
  if (images.length > 0) out.push({ role: "user", content: images });
  return out;
}

/**
 * The `responses2chat` converter: OpenAI Responses API clients, Chat Completions upstreams
 * (`openai` downstreams that do not serve `responses`: DeepSeek, Groq, Ollama, vLLM, …). Wires
 * the conversions of this folder into the shared Responses converter; what each drops or
 * adjusts is listed in their module docs. Public: `plugins/registry.ts` imports
 * {@link responses2chat}; tests may import any file of this folder.
 *
 * @module
 */
import type { AnyPlugin } from "../types.ts";
import { createResponsesConverter } from "../responses_shared/converter.ts";
import {
  createChatStreamState,
  flushChatStream,
  toResponsesError,
  writeChatChunk,
  writeChatCompletion,
} from "./from_chat.ts";
import { toChatRequest } from "./to_chat_request.ts";

/** OpenAI Responses API → Chat Completions converter. */
export const responses2chat: AnyPlugin = createResponsesConverter({
  id: "responses2chat",
  description:
    "Translates OpenAI Responses API requests to Chat Completions and back",
  to: "openai",
  toRequest: (input) => ({
    path: "/chat/completions",
    body: toChatRequest(input),
  }),
  toError: toResponsesError,
  writeResponse: (body, writer) => writeChatCompletion(body, writer),
  createStreamState: createChatStreamState,
  writeStreamEvent: writeChatChunk,
  flushStream: flushChatStream,
});

/**
 * The `responses2chat` converter: OpenAI Responses API clients, Chat Completions upstreams
 * (`openai` downstreams that do not serve `responses`: DeepSeek, Groq, Ollama, vLLM, …), declared
 * on the converter contract (`define_converter.ts`) with the Responses client side both
 * Responses converters share. What each conversion drops or adjusts is listed in its module
 * doc. Public: `plugins/registry.ts` imports {@link responses2chat}; tests may import any file
 * of this folder.
 *
 * @module
 */
import { defineConverter } from "../define_converter.ts";
import { responsesConverter } from "../responses_shared/responses_converter.ts";
import {
  createChatStreamState,
  flushChatStream,
  toResponsesError,
  writeChatChunk,
  writeChatCompletion,
} from "./from_chat.ts";
import { toChatRequest } from "./to_chat_request.ts";

/** OpenAI Responses API → Chat Completions converter. */
export const responses2chat = defineConverter({
  id: "responses2chat",
  description:
    "Translates OpenAI Responses API requests to Chat Completions and back",
  ...responsesConverter({
    to: "openai",
    upstreamPath: "/chat/completions",
    toRequest: (input) => ({ body: toChatRequest(input) }),
    mapError: toResponsesError,
    writeResponse: (body, writer) => writeChatCompletion(body, writer),
    createStream: createChatStreamState,
    writeStreamEvent: writeChatChunk,
    flushStream: flushChatStream,
  }),
});

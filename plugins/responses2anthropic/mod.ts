/**
 * The `responses2anthropic` converter: OpenAI Responses API clients, Anthropic Messages
 * upstreams, converted directly (not via Chat Completions), declared on the converter contract
 * (`define_converter.ts`) with the Responses client side both Responses converters share. What
 * each conversion drops or adjusts is listed in its module doc. Public: `plugins/registry.ts`
 * imports {@link responses2anthropic}; tests may import any file of this folder.
 *
 * @module
 */
import { defineConverter } from "../define_converter.ts";
import { toOpenAiError } from "../convert_shared/to_openai_error.ts";
import { responsesConverter } from "../responses_shared/responses_converter.ts";
import {
  createAnthropicStreamState,
  flushAnthropicStream,
  writeAnthropicEvent,
  writeMessage,
} from "./from_anthropic.ts";
import { toMessagesRequest } from "./to_anthropic_request.ts";

/** OpenAI Responses API → Anthropic Messages converter. */
export const responses2anthropic = defineConverter({
  id: "responses2anthropic",
  description:
    "Translates OpenAI Responses API requests to Anthropic Messages and back",
  ...responsesConverter({
    to: "anthropic",
    upstreamPath: "/messages",
    toRequest: toMessagesRequest,
    mapError: toOpenAiError,
    writeResponse: writeMessage,
    createStream: createAnthropicStreamState,
    writeStreamEvent: writeAnthropicEvent,
    flushStream: flushAnthropicStream,
  }),
});

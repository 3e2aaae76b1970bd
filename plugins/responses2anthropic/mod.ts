/**
 * The `responses2anthropic` converter: OpenAI Responses API clients, Anthropic Messages
 * upstreams, converted directly (not via Chat Completions). Wires the conversions of this
 * folder into the shared Responses converter; what each drops or adjusts is listed in their
 * module docs. Public: `plugins/registry.ts` imports {@link responses2anthropic}; tests may
 * import any file of this folder.
 *
 * @module
 */
import type { AnyPlugin } from "../types.ts";
import { toOpenAiError } from "../convert_shared/to_openai_error.ts";
import { createResponsesConverter } from "../responses_shared/converter.ts";
import {
  createAnthropicStreamState,
  flushAnthropicStream,
  writeAnthropicEvent,
  writeMessage,
} from "./from_anthropic.ts";
import { toMessagesRequest } from "./to_anthropic_request.ts";

/** OpenAI Responses API → Anthropic Messages converter. */
export const responses2anthropic: AnyPlugin = createResponsesConverter({
  id: "responses2anthropic",
  description:
    "Translates OpenAI Responses API requests to Anthropic Messages and back",
  to: "anthropic",
  toRequest: (input) => {
    const { body, jsonToolName } = toMessagesRequest(input);
    return { path: "/messages", body, jsonToolName };
  },
  toError: toOpenAiError,
  writeResponse: writeMessage,
  createStreamState: createAnthropicStreamState,
  writeStreamEvent: writeAnthropicEvent,
  flushStream: flushAnthropicStream,
});

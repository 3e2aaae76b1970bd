/**
 * Plugins: the contract (`types.ts`), the explicit registry (`registry.ts`), the built-ins, the
 * SSE codec (`sse.ts`) and `PluginError` (`errors.ts`). Public surface for `gateway/` and
 * `routes/`: this module and the files it names, including `protocol/openai.ts` and
 * `protocol/anthropic.ts` for wire types. The gateway also uses body guards for requests no
 * converter handled: {@link guardThinking}, {@link withoutBillingSystem}, and
 * {@link withoutTranslatedItems} (what a Responses request bound for OpenAI must lose of the
 * items Tresor made for other providers).
 *
 * @module
 */
export type {
  AnyPlugin,
  ApiFormat,
  Conversion,
  DownstreamInfo,
  JsonObject,
  PluginCallContext,
  PluginDefinition,
  PluginLog,
  PluginRequest,
  PluginResponse,
  RequestOutcome,
  ResponseStore,
  StoredResponse,
} from "./types.ts";
export { PluginError, type PluginErrorKind } from "./errors.ts";
export { definePlugin } from "./define.ts";
export {
  encodeSseEvent,
  SseEncodeStream,
  type SseEvent,
  SseParser,
  SseParseStream,
} from "./sse.ts";
export {
  findConverter,
  getPlugin,
  listPlugins,
  type PluginInfo,
  PLUGINS,
  type Registry,
} from "./registry.ts";
export { CUSTOM_HEADER_CONFIG, customHeader } from "./custom_header.ts";
export { guardThinking } from "./protocol/anthropic/thinking_guard.ts";
export { withoutBillingSystem } from "./protocol/anthropic/billing_header.ts";
export { withoutTranslatedItems } from "./protocol/responses/translated_items.ts";

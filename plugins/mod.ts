/**
 * Plugins: the contract (`types.ts`), the explicit registry (`registry.ts`), the built-ins, the
 * SSE codec (`sse.ts`), `PluginError` (`errors.ts`), and what a Responses request bound for
 * OpenAI must lose of other providers' items (`withoutTranslatedItems`). Public surface for `gateway/` and
 * `routes/`: this module and the files it names, including `protocol/openai.ts` and
 * `protocol/anthropic.ts` for wire types.
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
export { withoutTranslatedItems } from "./responses_shared/translated_items.ts";

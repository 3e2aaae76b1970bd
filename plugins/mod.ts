/**
 * Plugins. Public surface for `gateway/` and `routes/`: this module and the files it names.
 *
 * - The plugin contract: `types.ts`, `define.ts` ({@link definePlugin}), `errors.ts`
 *   ({@link PluginError}); the explicit registry, `registry.ts`; the SSE codec, `sse.ts`.
 * - The converter contract: `define_converter.ts` (`defineConverter`, the one skeleton every
 *   format converter is declared on) and `warnings.ts` (what a conversion drops or adjusts, as
 *   data the skeleton logs).
 * - Each wire format in `protocol/<format>/` (`openai` for Chat Completions, `anthropic`,
 *   `responses`): its types (`protocol/openai/types.ts`, `protocol/anthropic/types.ts`,
 *   `protocol/responses/types.ts`, public for wire types), parsers, writers and body guards,
 *   shared by every converter that reads or writes the format.
 * - One folder per converter (`openai2anthropic/`, `anthropic2openai/`, `responses2chat/`,
 *   `responses2anthropic/`), each declaring its `mod.ts` with `defineConverter`; they import
 *   no other converter, only `protocol/`, `convert_shared/` (what several converters share:
 *   parameter mapping, error mapping) and `responses_shared/` (the Responses client side).
 * - Body guards the gateway applies to requests no converter handled: {@link guardThinking},
 *   {@link withoutBillingSystem}, and {@link withoutTranslatedItems} (what a Responses request
 *   bound for OpenAI must lose of the items Tresor made for other providers).
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
export {
  type ConversionWarning,
  type WarningLevel,
  warningsOf,
} from "./warnings.ts";
export { guardThinking } from "./protocol/anthropic/thinking_guard.ts";
export { withoutBillingSystem } from "./protocol/anthropic/billing_header.ts";
export { withoutTranslatedItems } from "./protocol/responses/translated_items.ts";

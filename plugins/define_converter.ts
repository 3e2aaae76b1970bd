/**
 * The converter contract: every format converter is declared as data and plain functions
 * ({@link ConverterDefinition}) and made a plugin by {@link defineConverter}, the one skeleton
 * that does what all of them do alike:
 *
 * - answers the client paths it converts (anything else is a 400), or answers locally
 *   (`answers`, e.g. Anthropic's count_tokens for an upstream without one);
 * - `parseRequest` (the client's wire format, validated) → `mapRequest` (the upstream's body and
 *   the typed per-request state the response side needs), or a local answer;
 * - upstream errors (status ≥ 400) through `mapError`, keeping the status (a 529 stays a 529);
 *   whole answers through `mapResponse`; streams event by event through `mapStreamEvent` with
 *   typed stream state from `createStream`, closed by `flushStream`;
 * - passes the response through untouched when it did not convert the request;
 * - drops the query string, and logs the conversion's warnings (see `warnings.ts`) at their
 *   level when each step returns.
 *
 * Conversion stays pairwise (no neutral intermediate format), so every pair keeps what both
 * sides can express. Each converter folder declares one {@link defineConverter} in its `mod.ts`.
 *
 * @module
 */
import { z } from "zod";
import { definePlugin } from "./define.ts";
import { PluginError } from "./errors.ts";
import type { SseEvent } from "./sse.ts";
import type {
  ApiFormat,
  Conversion,
  DownstreamInfo,
  JsonObject,
  PluginCallContext,
  PluginDefinition,
  PluginRequest,
  PluginResponse,
  RequestOutcome,
  ResponseStore,
} from "./types.ts";
import { Warnings, type WarningSink } from "./warnings.ts";
import { jsonResponse, toJsonObject } from "./convert_shared/json_response.ts";

/** What every converter function gets besides its input. */
export interface ConverterCall {
  /** The client's path (`/chat/completions`, `/responses/compact`, …). */
  readonly path: string;
  readonly downstream: DownstreamInfo;
  /** Where to report what the conversion drops or adjusts. */
  readonly warnings: WarningSink;
  /** Kept Responses API responses, when the gateway has a store. */
  readonly responses?: ResponseStore;
}

/** A response-side call: the request's typed state comes along. */
export interface ResponseCall<State> extends ConverterCall {
  readonly state: State;
}

/** A stream-side call: the stream's typed state comes along too. */
export interface StreamCall<State, Stream> extends ResponseCall<State> {
  readonly stream: Stream;
}

/** A body answered by the converter itself, with headers of its own (e.g. how it was made). */
export interface LocalAnswer {
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Makes a {@link LocalAnswer}; `signal` aborts when the client goes away. */
export type LocalAnswerer = (
  body: JsonObject,
  call: ConverterCall & { readonly signal: AbortSignal },
) => Promise<LocalAnswer>;

/** What `mapRequest` makes of a parsed request: the upstream body and the per-request state. */
export interface ConvertedRequest<State> {
  readonly body: object;
  readonly state: State;
}

/** A converter: what differs between format pairs, as data and plain functions. */
export interface ConverterDefinition<Parsed, State, Stream> {
  /** Stable snake_case plugin id (configs store it). */
  readonly id: string;
  readonly description: string;
  readonly converts: Conversion;
  /** The client paths converted, each with the upstream path it goes to. */
  readonly paths: Readonly<Record<string, string>>;
  /** Client paths answered locally, each with the function making the client's answer. */
  readonly answers?: Readonly<Record<string, LocalAnswerer>>;
  /** The headers the upstream gets (the client's, without those only the client's API reads). */
  upstreamHeaders?(headers: Headers): Headers;
  /** Validates the client's body; throws `PluginError` naming the bad field. */
  parseRequest(body: JsonObject, call: ConverterCall): Parsed;
  /** The upstream request, or a local answer in the client's format. */
  mapRequest(
    parsed: Parsed,
    call: ConverterCall,
  ):
    | ConvertedRequest<State>
    | { readonly respond: PluginResponse }
    | Promise<ConvertedRequest<State> | { readonly respond: PluginResponse }>;
  /** A whole (2xx) upstream answer as the client's body. */
  mapResponse(body: unknown, call: ResponseCall<State>): unknown;
  /** An upstream error body (status ≥ 400) as the client's error body. */
  mapError(body: unknown, status: number): unknown;
  /** Fresh stream state (on the first event). */
  createStream(call: ResponseCall<State>): Stream;
  /** One upstream event as zero, one or many client events. */
  mapStreamEvent(event: SseEvent, call: StreamCall<State, Stream>): SseEvent[];
  /** Closes the client's stream when the upstream's ended (cleanly or not). */
  flushStream(call: StreamCall<State, Stream>): SseEvent[];
}

/** The plugin state of a converter: set once the request was converted. */
export interface ConverterState<State, Stream> {
  readonly warnings: Warnings;
  call: ResponseCall<State> | undefined;
  stream: StreamCall<State, Stream> | undefined;
}

/** The plugin a {@link defineConverter} returns. */
export type ConverterPlugin<State, Stream> = PluginDefinition<
  z.ZodObject<Record<string, never>>,
  ConverterState<State, Stream>
>;

/** The API each format names in an error message. */
const API_NAMES = {
  openai: "OpenAI Chat Completions",
  anthropic: "Anthropic Messages",
  responses: "OpenAI Responses",
} as const satisfies Record<ApiFormat, string>;

/** The converter plugin of a definition (see the module doc). */
export function defineConverter<Parsed, State, Stream>(
  def: ConverterDefinition<Parsed, State, Stream>,
): ConverterPlugin<State, Stream> {
  return definePlugin({
    id: def.id,
    description: def.description,
    config: z.object({}),
    converts: def.converts,
    createState: (): ConverterState<State, Stream> => ({
      warnings: new Warnings(),
      call: undefined,
      stream: undefined,
    }),
    transformRequest: (req, ctx) => convertRequest(def, req, ctx),
    transformResponse(res, ctx): PluginResponse {
      const call = ctx.state.call;
      if (call === undefined) return res;
      try {
        const body = res.status >= 400
          ? def.mapError(res.body, res.status)
          : def.mapResponse(res.body, call);
        return jsonResponse(res.status, res.headers, body);
      } finally {
        ctx.state.warnings.logTo(ctx.log);
      }
    },
    transformStreamEvent(event, ctx): SseEvent[] {
      const state = ctx.state;
      if (state.call === undefined) return [event];
      state.stream ??= withStream(state.call, def.createStream(state.call));
      const out = def.mapStreamEvent(event, state.stream);
      if (state.warnings.pending) state.warnings.logTo(ctx.log);
      return out;
    },
    flushStream(ctx): SseEvent[] {
      const state = ctx.state;
      if (state.call === undefined) return [];
      state.stream ??= withStream(state.call, def.createStream(state.call));
      try {
        return def.flushStream(state.stream);
      } finally {
        state.warnings.logTo(ctx.log);
      }
    },
  });
}

/** The request side of {@link defineConverter}: local answer, or parse and map. */
async function convertRequest<Parsed, State, Stream>(
  def: ConverterDefinition<Parsed, State, Stream>,
  req: PluginRequest,
  ctx: PluginCallContext<unknown, ConverterState<State, Stream>>,
): Promise<RequestOutcome> {
  const warnings = ctx.state.warnings;
  const call: ConverterCall = {
    path: req.path,
    downstream: ctx.downstream,
    warnings,
    responses: ctx.responses,
  };
  try {
    const answer = localAnswer(def, req.path);
    if (answer !== undefined) {
      const local = await answer(req.body, { ...call, signal: ctx.signal });
      return {
        respond: jsonResponse(200, new Headers(local.headers), local.body),
      };
    }
    const path = upstreamPath(def, req.path);
    const parsed = def.parseRequest(req.body, call);
    if (req.query !== "") {
      warnings.debug("Dropped the query string", { query: req.query });
    }
    const converted = await def.mapRequest(parsed, call);
    if ("respond" in converted) return converted;
    ctx.state.call = {
      path: call.path,
      downstream: call.downstream,
      warnings,
      responses: call.responses,
      state: converted.state,
    };
    return {
      path,
      query: "",
      headers: def.upstreamHeaders?.(req.headers) ?? req.headers,
      body: toJsonObject(converted.body),
    };
  } finally {
    warnings.logTo(ctx.log);
  }
}

function localAnswer(
  def: ConverterDefinition<unknown, unknown, unknown>,
  path: string,
): LocalAnswerer | undefined {
  return def.answers !== undefined && Object.hasOwn(def.answers, path)
    ? def.answers[path]
    : undefined;
}

/** The upstream path for a client path; a path the converter does not take is a 400. */
function upstreamPath<Parsed, State, Stream>(
  def: ConverterDefinition<Parsed, State, Stream>,
  path: string,
): string {
  if (!Object.hasOwn(def.paths, path)) {
    throw new PluginError(
      `Cannot translate "${path}" to the ${API_NAMES[def.converts.to]} API`,
    );
  }
  return def.paths[path];
}

function withStream<State, Stream>(
  call: ResponseCall<State>,
  stream: Stream,
): StreamCall<State, Stream> {
  return {
    path: call.path,
    downstream: call.downstream,
    warnings: call.warnings,
    responses: call.responses,
    state: call.state,
    stream,
  };
}

/**
 * The Responses API client side both Responses converters share, as the part of their
 * converter definition (`define_converter.ts`) that does not depend on the upstream: parse the
 * request, expand `previous_response_id` from the response store (404 in OpenAI's shape when
 * unknown or expired), name the client's tools for the upstream ({@link ToolNames}) and bring
 * the conversation to {@link CanonicalItem}s, hand them to the target's request conversion,
 * turn the upstream's answer or stream into a {@link ResponseWriter}'s operations, and keep the
 * finished response when the client did not send `store: false`. Headers only OpenAI's
 * Responses service reads (Codex's session ids and turn metadata) are not forwarded.
 *
 * Compaction (`POST /v1/responses/compact`, or a `compaction_trigger` last input item) asks the
 * downstream model for a summary of the conversation, with the tools kept for the history but
 * none callable, and answers with one `compaction` item (see `protocol/responses/compaction.ts`).
 *
 * @module
 */
import type {
  ConvertedRequest,
  ConverterCall,
  ConverterDefinition,
  ResponseCall,
} from "../define_converter.ts";
import { PluginError } from "../errors.ts";
import type * as responses from "../protocol/responses/types.ts";
import type { SseEvent } from "../sse.ts";
import type {
  ApiFormat,
  DownstreamInfo,
  JsonObject,
  PluginResponse,
  ResponseStore,
} from "../types.ts";
import type { WarningSink } from "../warnings.ts";
import { jsonResponse } from "../convert_shared/json_response.ts";
import { parseCreateRequest } from "../protocol/responses/parse_request.ts";
import { parseInputItems } from "../protocol/responses/parse_items.ts";
import type { ToolParseOptions } from "../protocol/responses/parse_tools.ts";
import { ResponseWriter } from "../protocol/responses/response_writer.ts";
import { newId, toResponseBase } from "../protocol/responses/response_base.ts";
import { withoutResponsesClientHeaders } from "../protocol/responses/client_headers.ts";
import {
  COMPACTION_PROMPT,
  type CompactionMode,
  compactionMode,
  toCompactedResponse,
} from "../protocol/responses/compaction.ts";
import { ToolNames } from "./tool_names.ts";
import {
  type CanonicalItem,
  collectTools,
  toCanonicalItems,
} from "./tool_calls.ts";

/** What a target's request conversion receives. */
export interface TargetRequestInput {
  readonly request: responses.CreateRequest;
  /** The full conversation (earlier turns expanded), with upstream tool names. */
  readonly items: readonly CanonicalItem[];
  /** The client's tools as upstream functions. */
  readonly tools: ToolNames;
  readonly warnings: WarningSink;
  readonly downstream: DownstreamInfo;
}

/** A target's request conversion result. */
export interface TargetRequest {
  readonly body: object;
  /** The tool standing in for a `json_schema` text format, whose input is the answer. */
  readonly jsonToolName?: string;
}

/** What differs between the Responses converters: the upstream's format. */
export interface ResponsesTarget<Stream> {
  readonly to: ApiFormat;
  /** The upstream path every Responses request goes to. */
  readonly upstreamPath: string;
  toRequest(input: TargetRequestInput): TargetRequest;
  /** An upstream error (status ≥ 400) as an OpenAI error body. */
  mapError(body: unknown, status: number): unknown;
  /** Writes a non-streamed upstream answer into `writer`, finishing it. */
  writeResponse(
    body: unknown,
    writer: ResponseWriter,
    opts: { jsonToolName?: string },
  ): void;
  createStream(jsonToolName: string | undefined): Stream;
  writeStreamEvent(
    event: SseEvent,
    writer: ResponseWriter,
    stream: Stream,
  ): SseEvent[];
  /** Ends the stream when the upstream stopped (cleanly or not). */
  flushStream(writer: ResponseWriter, stream: Stream): SseEvent[];
}

/** A parsed Responses request, with its raw body (whose input items are kept as sent). */
export interface ResponsesTurn {
  readonly request: responses.CreateRequest;
  readonly body: JsonObject;
}

/** Per-request state of a Responses converter. */
export interface ResponsesState {
  readonly writer: ResponseWriter;
  /** Raw input items of this turn (previous turns expanded), kept with the response. */
  readonly input: unknown[];
  /** The parsed conversation (the compaction endpoint answers with its user messages). */
  readonly items: responses.InputItem[];
  readonly store: boolean;
  stored: boolean;
  readonly jsonToolName: string | undefined;
  readonly compaction: CompactionMode | undefined;
}

/** The converter definition of a Responses converter, all but its id and description. */
export type ResponsesDefinition<Stream> = Omit<
  ConverterDefinition<ResponsesTurn, ResponsesState, Stream>,
  "id" | "description"
>;

/** Unix seconds. */
function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** OpenAI's answer for an unknown or expired `previous_response_id`. */
export function previousNotFound(id: string): PluginResponse {
  const body: responses.ErrorResponse = {
    error: {
      message: `Previous response with id '${id}' not found.`,
      type: "invalid_request_error",
      param: "previous_response_id",
      code: "previous_response_not_found",
    },
  };
  return jsonResponse(404, new Headers(), body);
}

/** This turn's raw input items: a string input becomes one user message. */
function rawInput(body: JsonObject): unknown[] {
  const input = body.input;
  if (typeof input === "string") {
    return [{ type: "message", role: "user", content: input }];
  }
  return Array.isArray(input) ? input : [];
}

/**
 * Resolves the conversation: the stored turn's input and output, then this turn's input.
 * Returns `undefined` when the previous response is unknown or expired.
 */
export async function expandInput(
  body: JsonObject,
  req: responses.CreateRequest,
  store: ResponseStore | undefined,
  opts: ToolParseOptions,
): Promise<{ raw: unknown[]; items: responses.InputItem[] } | undefined> {
  const current = rawInput(body);
  const items = parseInputItems(current, "input", opts);
  const previousId = req.previous_response_id;
  if (previousId === undefined || previousId === null) {
    return { raw: current, items };
  }
  const previous = await store?.get(previousId);
  if (previous === undefined) return undefined;
  const output = Array.isArray(previous.response.output)
    ? previous.response.output
    : [];
  const earlier = [...previous.input, ...output];
  return {
    raw: [...earlier, ...current],
    items: [
      ...parseInputItems(earlier, "previous_response_id", opts),
      ...items,
    ],
  };
}

/** Keeps the finished response in the store, once, unless the client asked not to. */
function keep(call: ResponseCall<ResponsesState>): void {
  const { state, responses: store } = call;
  const response = state.writer.response;
  if (
    state.stored || !state.store || !store || response === undefined ||
    response.status === "failed" || state.compaction === "endpoint"
  ) return;
  state.stored = true;
  store.put({
    id: response.id,
    createdAt: response.created_at,
    response: JSON.parse(JSON.stringify(response)),
    input: state.input,
  });
}

/** The request a compaction sends: the summary prompt last, nothing callable, no format. */
function forCompaction(
  turn: { request: responses.CreateRequest; items: CanonicalItem[] },
  mode: CompactionMode,
  tools: ToolNames,
): responses.CreateRequest {
  turn.items.push({
    type: "message",
    role: "user",
    content: COMPACTION_PROMPT,
  });
  return {
    ...turn.request,
    stream: mode === "trigger" && turn.request.stream === true,
    text: null,
    ...(tools.functions.length > 0 && { tool_choice: "none" }),
  };
}

/** Converts a parsed Responses turn for `target` (see the module doc). */
async function mapTurn<Stream>(
  target: ResponsesTarget<Stream>,
  turn: ResponsesTurn,
  call: ConverterCall,
): Promise<
  ConvertedRequest<ResponsesState> | { readonly respond: PluginResponse }
> {
  const parsed = turn.request;
  const expanded = await expandInput(turn.body, parsed, call.responses, {
    hostedTools: call.downstream.hostedTools ?? "drop",
    warnings: call.warnings,
  });
  if (expanded === undefined) {
    return { respond: previousNotFound(parsed.previous_response_id ?? "") };
  }
  const compaction = compactionMode(call.path, expanded.items);
  const names = new ToolNames(collectTools(parsed, expanded.items));
  const items = toCanonicalItems(expanded.items, names, call.warnings);
  const request = compaction === undefined
    ? parsed
    : forCompaction({ request: parsed, items }, compaction, names);
  const converted = target.toRequest({
    request,
    items,
    tools: names,
    warnings: call.warnings,
    downstream: call.downstream,
  });
  const summary = parsed.reasoning?.summary;
  const writer = new ResponseWriter(
    toResponseBase(parsed, { id: newId("resp"), createdAt: nowSeconds() }),
    {
      tools: names,
      summary: summary !== undefined && summary !== null && summary !== "none",
      compaction: compaction !== undefined,
    },
  );
  return {
    body: converted.body,
    state: {
      writer,
      input: expanded.raw,
      items: expanded.items,
      store: parsed.store !== false,
      stored: false,
      jsonToolName: converted.jsonToolName,
      compaction,
    },
  };
}

/** The definition of the Responses converter for `target`, all but its id and description. */
export function responsesConverter<Stream>(
  target: ResponsesTarget<Stream>,
): ResponsesDefinition<Stream> {
  return {
    converts: { from: "responses", to: target.to },
    paths: {
      "/responses": target.upstreamPath,
      "/responses/compact": target.upstreamPath,
    },
    upstreamHeaders: withoutResponsesClientHeaders,
    parseRequest: (body, call) => ({
      request: parseCreateRequest(body, {
        hostedTools: call.downstream.hostedTools ?? "drop",
        warnings: call.warnings,
      }),
      body,
    }),
    mapRequest: (turn, call) => mapTurn(target, turn, call),
    mapResponse(body, call) {
      const { writer, jsonToolName, compaction, items } = call.state;
      target.writeResponse(body, writer, { jsonToolName });
      const response = writer.response;
      if (response === undefined) {
        throw new PluginError(
          "Cannot translate the upstream response: it did not finish",
          { kind: "internal" },
        );
      }
      keep(call);
      return compaction === "endpoint"
        ? toCompactedResponse(response, items)
        : response;
    },
    mapError: target.mapError,
    createStream: ({ state }) => target.createStream(state.jsonToolName),
    mapStreamEvent(event, call) {
      const writer = call.state.writer;
      if (writer.done) return [];
      const out = target.writeStreamEvent(event, writer, call.stream);
      keep(call);
      return out;
    },
    flushStream(call) {
      const writer = call.state.writer;
      if (writer.done) return [];
      const out = target.flushStream(writer, call.stream);
      keep(call);
      return out;
    },
  };
}

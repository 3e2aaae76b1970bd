/**
 * The plugin wiring both Responses API converters share: parse the request, expand
 * `previous_response_id` from the response store (404 in OpenAI's shape when unknown or
 * expired), name the client's tools for the upstream ({@link ToolNames}) and bring the
 * conversation to {@link CanonicalItem}s, hand them to the target's request conversion, turn
 * the upstream's answer or stream into a {@link ResponseWriter}'s operations, and keep the
 * finished response when the client did not send `store: false`. Headers only OpenAI's
 * Responses service reads (Codex's session ids and turn metadata) are not forwarded.
 *
 * Compaction (`POST /v1/responses/compact`, or a `compaction_trigger` last input item) asks the
 * downstream model for a summary of the conversation, with the tools kept for the history but
 * none callable, and answers with one `compaction` item (see `compaction.ts`).
 *
 * @module
 */
import { z } from "zod";
import { definePlugin } from "../define.ts";
import { PluginError } from "../errors.ts";
import type * as responses from "../protocol/responses/types.ts";
import type { SseEvent } from "../sse.ts";
import type {
  AnyPlugin,
  ApiFormat,
  DownstreamInfo,
  JsonObject,
  PluginCallContext,
  PluginLog,
  PluginResponse,
  ResponseStore,
} from "../types.ts";
import { jsonResponse, toJsonObject } from "../convert_shared/json_response.ts";
import { parseCreateRequest } from "../protocol/responses/parse_request.ts";
import { parseInputItems } from "../protocol/responses/parse_items.ts";
import type { ToolParseOptions } from "../protocol/responses/parse_tools.ts";
import { ResponseWriter } from "../protocol/responses/response_writer.ts";
import { newId, toResponseBase } from "../protocol/responses/response_base.ts";
import { ToolNames } from "./tool_names.ts";
import { withoutResponsesClientHeaders } from "../protocol/responses/client_headers.ts";
import {
  type CanonicalItem,
  collectTools,
  toCanonicalItems,
} from "./tool_calls.ts";
import {
  COMPACTION_PROMPT,
  type CompactionMode,
  compactionMode,
  toCompactedResponse,
} from "../protocol/responses/compaction.ts";

/** What a target's request conversion receives. */
export interface TargetRequestInput {
  readonly request: responses.CreateRequest;
  /** The full conversation (earlier turns expanded), with upstream tool names. */
  readonly items: readonly CanonicalItem[];
  /** The client's tools as upstream functions. */
  readonly tools: ToolNames;
  readonly log: PluginLog;
  readonly downstream: DownstreamInfo;
}

/** A target's request conversion result. */
export interface TargetRequest {
  readonly path: string;
  readonly body: object;
  /** The tool standing in for a `json_schema` text format, whose input is the answer. */
  readonly jsonToolName?: string;
}

/** What differs between targets. */
export interface ResponsesTarget<StreamState> {
  readonly id: string;
  readonly description: string;
  readonly to: ApiFormat;
  toRequest(input: TargetRequestInput): TargetRequest;
  /** An upstream error (status ≥ 400) as an OpenAI error body. */
  toError(body: unknown, status: number): unknown;
  /** Writes a non-streamed upstream answer into `writer`, finishing it. */
  writeResponse(
    body: unknown,
    writer: ResponseWriter,
    opts: { jsonToolName?: string },
  ): void;
  createStreamState(jsonToolName: string | undefined): StreamState;
  writeStreamEvent(
    event: SseEvent,
    writer: ResponseWriter,
    state: StreamState,
  ): SseEvent[];
  /** Ends the stream when the upstream stopped (cleanly or not). */
  flushStream(writer: ResponseWriter, state: StreamState): SseEvent[];
}

/** Per-request state of a Responses converter. */
export interface ResponsesState<StreamState> {
  converted: boolean;
  writer: ResponseWriter | undefined;
  /** Raw input items of this turn (previous turns expanded), kept with the response. */
  input: unknown[];
  /** The parsed conversation (the compaction endpoint answers with its user messages). */
  items: responses.InputItem[];
  store: boolean;
  stored: boolean;
  jsonToolName: string | undefined;
  compaction: CompactionMode | undefined;
  stream: StreamState | undefined;
}

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

function keep<S>(
  state: ResponsesState<S>,
  ctx: { responses?: ResponseStore },
): void {
  const response = state.writer?.response;
  if (
    state.stored || !state.store || !ctx.responses || response === undefined ||
    response.status === "failed" || state.compaction === "endpoint"
  ) return;
  state.stored = true;
  ctx.responses.put({
    id: response.id,
    createdAt: response.created_at,
    response: JSON.parse(JSON.stringify(response)),
    input: state.input,
  });
}

/** Builds the converter plugin for a target. */
export function createResponsesConverter<S>(
  target: ResponsesTarget<S>,
): AnyPlugin {
  type Ctx = PluginCallContext<Record<string, never>, ResponsesState<S>>;
  const ensureStream = (ctx: Ctx): [ResponseWriter, S] => {
    const state = ctx.state;
    state.writer ??= new ResponseWriter(
      toResponseBase({ model: "", input: [] }, {
        id: newId("resp"),
        createdAt: nowSeconds(),
      }),
    );
    state.stream ??= target.createStreamState(state.jsonToolName);
    return [state.writer, state.stream];
  };
  return definePlugin({
    id: target.id,
    description: target.description,
    config: z.object({}),
    converts: { from: "responses", to: target.to },
    createState(): ResponsesState<S> {
      return {
        converted: false,
        writer: undefined,
        input: [],
        items: [],
        store: false,
        stored: false,
        jsonToolName: undefined,
        compaction: undefined,
        stream: undefined,
      };
    },
    async transformRequest(req, ctx) {
      if (req.path !== "/responses" && req.path !== "/responses/compact") {
        throw new PluginError(
          `Cannot translate "${req.path}" from the Responses API`,
        );
      }
      const parseOpts: ToolParseOptions = {
        hostedTools: ctx.downstream.hostedTools ?? "drop",
        log: ctx.log,
      };
      const parsed = parseCreateRequest(req.body, parseOpts);
      const expanded = await expandInput(
        req.body,
        parsed,
        ctx.responses,
        parseOpts,
      );
      if (expanded === undefined) {
        return { respond: previousNotFound(parsed.previous_response_id ?? "") };
      }
      const compaction = compactionMode(req.path, expanded.items);
      const names = new ToolNames(collectTools(parsed, expanded.items));
      const items = toCanonicalItems(expanded.items, names, ctx.log);
      let request = parsed;
      if (compaction !== undefined) {
        items.push({
          type: "message",
          role: "user",
          content: COMPACTION_PROMPT,
        });
        request = {
          ...parsed,
          stream: compaction === "trigger" && parsed.stream === true,
          text: null,
          ...(names.functions.length > 0 && { tool_choice: "none" }),
        };
      }
      const converted = target.toRequest({
        request,
        items,
        tools: names,
        log: ctx.log,
        downstream: ctx.downstream,
      });
      const state = ctx.state;
      state.converted = true;
      state.input = expanded.raw;
      state.items = expanded.items;
      state.store = parsed.store !== false;
      state.jsonToolName = converted.jsonToolName;
      state.compaction = compaction;
      const summary = parsed.reasoning?.summary;
      state.writer = new ResponseWriter(
        toResponseBase(parsed, {
          id: newId("resp"),
          createdAt: nowSeconds(),
        }),
        {
          tools: names,
          summary: summary !== undefined && summary !== null &&
            summary !== "none",
          compaction: compaction !== undefined,
        },
      );
      if (req.query !== "") {
        ctx.log.debug("Dropped the query string", { query: req.query });
      }
      return {
        path: converted.path,
        query: "",
        headers: withoutResponsesClientHeaders(req.headers),
        body: toJsonObject(converted.body),
      };
    },
    transformResponse(res, ctx) {
      const state = ctx.state;
      if (!state.converted || !state.writer) return res;
      if (res.status >= 400) {
        return jsonResponse(
          res.status,
          res.headers,
          target.toError(res.body, res.status),
        );
      }
      target.writeResponse(res.body, state.writer, {
        jsonToolName: state.jsonToolName,
      });
      const response = state.writer.response;
      if (response === undefined) {
        throw new PluginError(
          "Cannot translate the upstream response: it did not finish",
          { kind: "internal" },
        );
      }
      keep(state, ctx);
      return jsonResponse(
        res.status,
        res.headers,
        state.compaction === "endpoint"
          ? toCompactedResponse(response, state.items)
          : response,
      );
    },
    transformStreamEvent(event, ctx) {
      if (!ctx.state.converted) return [event];
      const [writer, stream] = ensureStream(ctx);
      if (writer.done) return [];
      const out = target.writeStreamEvent(event, writer, stream);
      keep(ctx.state, ctx);
      return out;
    },
    flushStream(ctx) {
      if (!ctx.state.converted) return [];
      const [writer, stream] = ensureStream(ctx);
      if (writer.done) return [];
      const out = target.flushStream(writer, stream);
      keep(ctx.state, ctx);
      return out;
    },
  });
}

/**
 * The plugin pipeline of one request: building it (rule steps, then the automatic converter) and
 * running its request, response and stream transforms with per-request state.
 *
 * Auto-translation: the rule steps are walked to learn the format the request has after them (a
 * converter whose `converts.from` is the current format changes it); when that format is not
 * among the downstream's `api_formats` (and they are set), the registered converter from it to
 * the downstream's earliest listed format it can reach is appended. So a converter a rule already
 * holds is never added twice. No converter → `not_implemented` (501).
 *
 * @module
 */
import type {
  AnyPlugin,
  ApiFormat,
  DownstreamInfo,
  PluginCallContext,
  PluginLog,
  PluginRequest,
  PluginResponse,
  Registry,
  ResponseStore,
  SseEvent,
} from "../plugins/mod.ts";
import { encodeSseEvent, findConverter, SseParser } from "../plugins/mod.ts";
import { GatewayError, toGatewayError } from "./errors.ts";
import { encodeText } from "./slab_encoder.ts";
import type { CompiledRule, Step } from "./routing.ts";

/** The steps to run and the format sent upstream. */
export interface PipelinePlan {
  readonly steps: readonly Step[];
  /** The format the request has after every step. */
  readonly formatOut: ApiFormat;
}

/** Parsed default configs of converters the gateway inserts, cached per plugin. */
const DEFAULT_CONFIGS = new WeakMap<AnyPlugin, unknown>();

function defaultConfig(plugin: AnyPlugin): unknown {
  if (!DEFAULT_CONFIGS.has(plugin)) {
    DEFAULT_CONFIGS.set(plugin, plugin.config.parse({}));
  }
  return DEFAULT_CONFIGS.get(plugin);
}

/**
 * Concatenates the matched rules' steps and appends the converter the downstream needs.
 * Throws `GatewayError("not_implemented")` when no registered converter reaches the downstream.
 */
export function planPipeline(
  rules: readonly CompiledRule[],
  options: {
    format: ApiFormat;
    downstream: {
      readonly id: string;
      readonly apiFormats: readonly ApiFormat[];
    };
    registry: Registry;
  },
): PipelinePlan {
  const steps: Step[] = [];
  let format = options.format;
  for (const rule of rules) {
    if (rule.error) throw new GatewayError("internal", rule.error);
    for (const step of rule.steps) {
      const converts = step.plugin.converts;
      if (converts) {
        // A converter for another format would receive a body it cannot read; it does not apply.
        if (converts.from !== format) continue;
        format = converts.to;
      }
      steps.push(step);
    }
  }
  const targets = options.downstream.apiFormats;
  if (targets.length > 0 && !targets.includes(format)) {
    const converter = findConverter(options.registry, format, targets);
    if (!converter?.converts) {
      throw new GatewayError(
        "not_implemented",
        `Cannot translate ${format} requests for downstream "${options.downstream.id}": it serves ${
          targets.join(", ")
        } and no converter is available`,
      );
    }
    steps.push({ plugin: converter, config: defaultConfig(converter) });
    format = converter.converts.to;
  }
  return { steps, formatOut: format };
}

/** Per-request facts every step's context shares. */
export interface RunContext {
  readonly requestId: string;
  readonly log: PluginLog;
  readonly signal: AbortSignal;
  readonly clientFormat: ApiFormat;
  readonly downstream: DownstreamInfo;
  readonly stream: boolean;
  readonly responses?: ResponseStore;
}

/** A pipeline bound to one request: each step's context (config + fresh state). */
export interface BoundPipeline {
  readonly steps: readonly Step[];
  readonly contexts: readonly PluginCallContext<unknown, unknown>[];
  readonly hasRequestTransform: boolean;
  readonly hasResponseTransform: boolean;
  readonly hasStreamTransform: boolean;
}

/** Creates each step's context with fresh per-request state. */
export function bindPipeline(
  steps: readonly Step[],
  run: RunContext,
): BoundPipeline {
  return {
    steps,
    contexts: steps.map((step) => ({
      ...run,
      config: step.config,
      state: step.plugin.createState?.(),
    })),
    hasRequestTransform: steps.some((s) => s.plugin.transformRequest),
    hasResponseTransform: steps.some((s) => s.plugin.transformResponse),
    hasStreamTransform: steps.some((s) => s.plugin.transformStreamEvent),
  };
}

/** Result of {@link runRequestPipeline}. */
export type RequestResult =
  | { readonly kind: "forward"; readonly request: PluginRequest }
  | { readonly kind: "respond"; readonly response: PluginResponse };

/**
 * Runs the request transforms in order. A short-circuit `{ respond }` goes back through the
 * earlier steps' response transforms. Plugin failures become `GatewayError`s naming the plugin.
 */
export async function runRequestPipeline(
  pipeline: BoundPipeline,
  request: PluginRequest,
): Promise<RequestResult> {
  let current = request;
  for (const [i, step] of pipeline.steps.entries()) {
    const transform = step.plugin.transformRequest;
    if (!transform) continue;
    let outcome;
    try {
      outcome = await transform(current, pipeline.contexts[i]);
    } catch (err) {
      throw toGatewayError(err, step.plugin.id);
    }
    if ("respond" in outcome) {
      const response = await runResponsePipeline(pipeline, outcome.respond, i);
      return { kind: "respond", response };
    }
    current = outcome;
  }
  return { kind: "forward", request: current };
}

/** Runs the response transforms of steps before `end`, last first. */
export async function runResponsePipeline(
  pipeline: BoundPipeline,
  response: PluginResponse,
  end = pipeline.steps.length,
): Promise<PluginResponse> {
  let current = response;
  for (let i = end - 1; i >= 0; i--) {
    const step = pipeline.steps[i];
    const transform = step.plugin.transformResponse;
    if (!transform) continue;
    try {
      current = await transform(current, pipeline.contexts[i]);
    } catch (err) {
      throw toGatewayError(err, step.plugin.id);
    }
  }
  return current;
}

/** Passes `events` from step `from` (exclusive) down to step 0 through stream transforms. */
function transformDown(
  pipeline: BoundPipeline,
  events: SseEvent[],
  from: number,
): SseEvent[] {
  let current = events;
  for (let i = from - 1; i >= 0 && current.length > 0; i--) {
    const step = pipeline.steps[i];
    const transform = step.plugin.transformStreamEvent;
    if (!transform) continue;
    const next: SseEvent[] = [];
    for (const event of current) {
      try {
        next.push(...transform(event, pipeline.contexts[i]));
      } catch (err) {
        throw toGatewayError(err, step.plugin.id);
      }
    }
    current = next;
  }
  return current;
}

/** Events that close the stream: each step's `flushStream`, passed through the steps before it. */
export function flushPipeline(pipeline: BoundPipeline): SseEvent[] {
  const out: SseEvent[] = [];
  for (let i = pipeline.steps.length - 1; i >= 0; i--) {
    const flush = pipeline.steps[i].plugin.flushStream;
    if (!flush) continue;
    let events: SseEvent[];
    try {
      events = flush(pipeline.contexts[i]);
    } catch (err) {
      throw toGatewayError(err, pipeline.steps[i].plugin.id);
    }
    out.push(...transformDown(pipeline, events, i));
  }
  return out;
}

/** A `TransformStream` applying every step's stream transform (last step first), then flushing. */
export function createEventTransform(
  pipeline: BoundPipeline,
): TransformStream<SseEvent, SseEvent> {
  return new TransformStream({
    transform(event, controller) {
      for (const e of transformDown(pipeline, [event], pipeline.steps.length)) {
        controller.enqueue(e);
      }
    },
    flush(controller) {
      for (const e of flushPipeline(pipeline)) controller.enqueue(e);
    },
  });
}

/** Upstream SSE bytes in, client SSE bytes out, one call per chunk (see {@link createSseTransformer}). */
export interface SseTransformer {
  /** Transforms one upstream chunk; `undefined` when it completed no event worth sending. */
  push(chunk: Uint8Array): Uint8Array | undefined;
  /** Ends the input: the last partial event, then every step's flush. */
  end(): Uint8Array | undefined;
}

function encodeAll(events: readonly SseEvent[]): Uint8Array | undefined {
  if (events.length === 0) return undefined;
  let text = "";
  for (const event of events) text += encodeSseEvent(event);
  return encodeText(text);
}

/**
 * The whole stream path of a transformed response as one pull-driven function: decode and parse
 * each upstream chunk, run the events through the stream transforms (last step first), encode
 * what comes out — the same result as `SseParseStream → createEventTransform → SseEncodeStream`
 * without two intermediate streams, promise hops and a `Uint8Array` per event.
 */
export function createSseTransformer(pipeline: BoundPipeline): SseTransformer {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const down = (events: SseEvent[]) =>
    events.length === 0
      ? events
      : transformDown(pipeline, events, pipeline.steps.length);
  return {
    push(chunk) {
      return encodeAll(
        down(parser.push(decoder.decode(chunk, { stream: true }))),
      );
    },
    end() {
      const events = down([
        ...parser.push(decoder.decode()),
        ...parser.end(),
      ]);
      events.push(...flushPipeline(pipeline));
      return encodeAll(events);
    },
  };
}

/**
 * What the capture keeps of one request, redacted: its log entry, its four messages (headers and
 * body text), the pipeline that ran and the warnings its converters reported. Bodies stay text
 * here (a parsed body costs several times its text); the admin API parses them when it renders
 * one.
 *
 * @module
 */
import { type ConversionWarning, warningsOf } from "../../plugins/mod.ts";
import type {
  CapturedStepJson,
  CapturedWarningJson,
  JsonRecord,
} from "../../store/mod.ts";
import type { BoundPipeline } from "../pipeline.ts";
import type { RequestLogEntry } from "../request_log.ts";
import type { Redactor } from "./redactor.ts";

/** One captured message: redacted headers and body text. */
export interface CapturedMessage {
  readonly headers: Readonly<Record<string, string>>;
  /** Redacted text; `null` when there was no body. */
  readonly body: string | null;
  /** Whether the body was cut (at `max_body_bytes`, or when the capture's memory ran out). */
  readonly truncated: boolean;
}

/** A captured request (see the module doc); each message `null` when the request never got there. */
export interface CapturedRequest {
  readonly entry: RequestLogEntry;
  /** `url`: the client's path and query string. */
  readonly received: CapturedMessage & { readonly url: string };
  readonly forwarded: (CapturedMessage & { readonly url: string }) | null;
  readonly upstream: (CapturedMessage & { readonly status: number }) | null;
  readonly returned: (CapturedMessage & { readonly status: number }) | null;
  readonly pipeline: readonly CapturedStepJson[];
  readonly warnings: readonly CapturedWarningJson[];
  /** Characters held (URLs, headers, bodies, warnings): what counts against the bound. */
  readonly bytes: number;
}

/** Characters of a URL kept. */
export const MAX_URL_CHARS = 8 * 1024;
/** Warnings kept per request. */
export const MAX_WARNINGS = 50;
/** Characters of one warning (message and fields as JSON) kept. */
export const MAX_WARNING_CHARS = 2 * 1024;

/** The steps of `pipeline` in order, each with where it came from. */
export function toCapturedSteps(pipeline: BoundPipeline): CapturedStepJson[] {
  return pipeline.steps.map((step) => ({
    plugin_id: step.plugin.id,
    rule_id: step.ruleId ?? null,
    automatic: step.ruleId === undefined,
  }));
}

/** The warnings `pipeline`'s steps reported, redacted and bounded. */
export function toCapturedWarnings(
  pipeline: BoundPipeline,
  redactor: Redactor,
): CapturedWarningJson[] {
  const out: CapturedWarningJson[] = [];
  pipeline.steps.forEach((step, i) => {
    for (const warning of warningsOf(pipeline.contexts[i].state)) {
      if (out.length === MAX_WARNINGS) return;
      out.push(toWarningJson(step.plugin.id, warning, redactor));
    }
  });
  return out;
}

function toWarningJson(
  pluginId: string,
  warning: ConversionWarning,
  redactor: Redactor,
): CapturedWarningJson {
  const message = redactor.text(warning.message).slice(0, MAX_WARNING_CHARS);
  const text = redactor.text(JSON.stringify(warning.fields ?? {}));
  return {
    plugin_id: pluginId,
    level: warning.level,
    message,
    fields: text.length + message.length > MAX_WARNING_CHARS
      ? { excerpt: text.slice(0, MAX_WARNING_CHARS - message.length) }
      : toRecord(text),
  };
}

/** Fields as JSON again (a replacement inside a JSON string keeps it JSON, but not always). */
function toRecord(text: string): JsonRecord {
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ) {
      // JSON.parse only makes JSON values.
      return parsed as JsonRecord;
    }
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  return { excerpt: text };
}

/** The characters a message holds. */
export function sizeOf(
  message: CapturedMessage & { readonly url?: string },
): number {
  let size = (message.body?.length ?? 0) + (message.url?.length ?? 0);
  for (const [name, value] of Object.entries(message.headers)) {
    size += name.length + value.length;
  }
  return size;
}

/** The characters warnings hold. */
export function warningsSize(warnings: readonly CapturedWarningJson[]): number {
  let size = 0;
  for (const w of warnings) {
    size += w.plugin_id.length + w.message.length +
      JSON.stringify(w.fields).length;
  }
  return size;
}

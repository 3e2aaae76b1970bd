/**
 * Diagnostics: JSON lines on stderr, filtered by a level that can change at runtime, with
 * secrets redacted from every field.
 *
 * @module
 */
import type { PluginLog } from "../plugins/types.ts";

/** Diagnostic log levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const RANK = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
} as const satisfies Record<
  LogLevel,
  number
>;

/** Field names whose values are never written. */
const SECRET_FIELD_REGEXP =
  /^(authorization|x-api-key|api[-_]?key|cookie|set-cookie|password|admin_password|token|proxy_api_keys)$/i;

/** A leveled logger; `level` may be changed while running. */
export interface Logger extends PluginLog {
  level: LogLevel;
  /** Whether a message at `level` would be written (guards expensive field building). */
  enabled(level: LogLevel): boolean;
}

/** Where log lines go; stderr by default. */
export type LogSink = (line: string) => void;

// deno-lint-ignore no-console -- the diagnostics stream is stderr by design
const STDERR_SINK: LogSink = (line) => console.error(line);

/** Replaces secret-looking fields with `***`, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Headers) return redact(Object.fromEntries(value), depth);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_FIELD_REGEXP.test(key) ? "***" : redact(v, depth + 1);
  }
  return out;
}

/** Creates a logger writing JSON lines (`{"time","level","msg",...fields}`) to `sink`. */
export function createLogger(
  options: { level?: LogLevel; sink?: LogSink; now?: () => Date } = {},
): Logger {
  const sink = options.sink ?? STDERR_SINK;
  const now = options.now ?? (() => new Date());
  let current: LogLevel = options.level ?? "info";
  const write = (
    level: LogLevel,
    msg: string,
    fields?: Record<string, unknown>,
  ) => {
    if (RANK[level] < RANK[current]) return;
    const record = {
      time: now().toISOString(),
      level,
      msg,
      ...(fields && redact(fields) as object),
    };
    sink(JSON.stringify(record, (_k, v) => v instanceof Error ? String(v) : v));
  };
  return {
    get level() {
      return current;
    },
    set level(level: LogLevel) {
      current = level;
    },
    enabled: (level) => RANK[level] >= RANK[current],
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
  };
}

/**
 * Admin JSON (`store/admin_json.ts`) for what the store does not own: plugins and request log
 * entries. Pages (island props) and the admin API use these same mappers, so both serve one
 * shape; the store's own entities use its `to*Json` mappers.
 *
 * @module
 */
import type {
  CapturedMessageJson,
  CaptureJson,
  CaptureStatusJson,
  JsonValue,
  LogDetailJson,
  LogEntryJson,
  PluginJson,
} from "../store/mod.ts";
import type {
  CapturedMessage,
  CapturedRequest,
  CaptureStatus,
  RequestLogEntry,
} from "../gateway/mod.ts";
import type { PluginInfo } from "../plugins/mod.ts";
import { toJson } from "../web/mod.ts";

/**
 * A request log entry as `GET /api/logs` and `/api/logs/stream` send it: the gateway keeps its
 * entries in the contract's shape (`RequestLogEntry` is `LogEntryJson`), so as they are.
 */
export function toLogEntryJson(entry: RequestLogEntry): LogEntryJson {
  return entry;
}

/** A plugin as `GET /api/plugins` shows it (its config schema checked to be JSON). */
export function toPluginJson(plugin: PluginInfo): PluginJson {
  return {
    id: plugin.id,
    description: plugin.description,
    converts: plugin.converts
      ? { from: plugin.converts.from, to: plugin.converts.to }
      : null,
    config_schema: toJson(plugin.config_schema, `${plugin.id}.config_schema`),
  };
}

/**
 * A body as the admin API sends it: JSON when the whole body is JSON (so an export reads as
 * JSON), else its text (a stream's SSE text, a cut body), or `null` when there was none.
 */
export function toBodyJson(text: string | null, truncated: boolean): JsonValue {
  if (text === null || truncated) return text;
  try {
    // JSON.parse only makes JSON values.
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return text;
  }
}

function toMessageJson(message: CapturedMessage): CapturedMessageJson {
  return {
    headers: message.headers,
    body: toBodyJson(message.body, message.truncated),
    truncated: message.truncated,
  };
}

/** What was captured of a request (`GET /api/logs/{id}`'s `capture`). */
export function toCaptureJson(captured: CapturedRequest): CaptureJson {
  const { received, forwarded, upstream, returned } = captured;
  return {
    received: { url: received.url, ...toMessageJson(received) },
    forwarded: forwarded && { url: forwarded.url, ...toMessageJson(forwarded) },
    upstream: upstream &&
      { status: upstream.status, ...toMessageJson(upstream) },
    returned: returned &&
      { status: returned.status, ...toMessageJson(returned) },
    pipeline: captured.pipeline,
    warnings: captured.warnings,
  };
}

/** `GET /api/logs/{id}`: the entry and its capture (`null` when nothing was kept). */
export function toLogDetailJson(
  entry: RequestLogEntry,
  captured: CapturedRequest | undefined,
): LogDetailJson {
  return {
    ...toLogEntryJson(entry),
    capture: captured ? toCaptureJson(captured) : null,
  };
}

/** `GET /api/capture`: settings, the live switch, and the memory held. */
export function toCaptureStatusJson(status: CaptureStatus): CaptureStatusJson {
  return {
    mode: status.settings.mode,
    max_requests: status.settings.maxRequests,
    max_body_bytes: status.settings.maxBodyBytes,
    live: status.live,
    max_bytes: status.maxBytes,
    stored: status.stored,
    pending: status.pending,
  };
}

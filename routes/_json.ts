/**
 * Admin JSON (`store/admin_json.ts`) for what the store does not own: plugins and request log
 * entries. Pages (island props) and the admin API use these same mappers, so both serve one
 * shape; the store's own entities use its `to*Json` mappers.
 *
 * @module
 */
import type { LogEntryJson, PluginJson } from "../store/mod.ts";
import type { RequestLogEntry } from "../gateway/mod.ts";
import type { PluginInfo } from "../plugins/mod.ts";
import { toJson } from "../web/mod.ts";

/** `true` when `A` and `B` are the same type (readonly and optional modifiers included). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends
  (<T>() => T extends B ? 1 : 2) ? true : false;

/** Compiles only for `true`. */
type Assert<T extends true> = T;

// The gateway keeps its log entries in the contract's shape, so the API sends them as they are;
// this line stops compiling the day the two drift apart.
type _LogEntryIsContract = Assert<Same<RequestLogEntry, LogEntryJson>>;

/** A request log entry as `GET /api/logs` and `/api/logs/stream` send it. */
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

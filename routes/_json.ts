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

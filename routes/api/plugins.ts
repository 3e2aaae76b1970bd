/**
 * `GET /api/plugins`: each registered plugin's id, description, conversion and config JSON Schema.
 *
 * @module
 */
import { listPlugins } from "../../plugins/mod.ts";
import { toPluginJson } from "../_json.ts";
import { json } from "./_http.ts";
import { type ApiState, type Route, route } from "./_router.ts";

/** The plugin routes. */
export function pluginRoutes({ deps }: ApiState): Route[] {
  // The registry is fixed for the process's life: describe it once.
  const body = listPlugins(deps.plugins).map(toPluginJson);
  return [
    route("/api/plugins", { GET: () => Promise.resolve(json(body)) }),
  ];
}

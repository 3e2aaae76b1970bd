/**
 * `GET /api/presets`: the provider presets a new downstream can start from (`store/presets.ts`).
 *
 * @module
 */
import { PRESETS } from "../../store/mod.ts";
import { json } from "./_http.ts";
import { type Route, route } from "./_router.ts";

/** The preset routes. */
export function presetRoutes(): Route[] {
  return [
    route("/api/presets", { GET: () => Promise.resolve(json(PRESETS)) }),
  ];
}

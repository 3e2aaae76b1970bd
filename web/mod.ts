/**
 * Page machinery (what Fresh would provide): route dispatch, server rendering with island
 * markers and serialised props, static files, the build manifest. Public surface for
 * `routes/`: this module, plus `json.ts` (the `Json` type, which islands import as a type).
 * `client.ts` is the browser entry and `build.ts` the `deno task build` script; neither is
 * imported by the server.
 *
 * @module
 */
export { type Json, type JsonObject, toJson, toJsonObject } from "./json.ts";
export { PROPS_SCRIPT_ID, toPropsJson, toPropsScript } from "./props.ts";
export { Island, type PropsOf } from "./Island.tsx";
export {
  escapeHtml,
  renderDocument,
  renderPage,
  type RenderPageOptions,
} from "./render.ts";
export {
  cacheControlFor,
  contentTypeFor,
  createStaticHandler,
  type StaticHandlerOptions,
  toStaticPath,
} from "./static.ts";
export {
  matchRoute,
  type Route,
  type RouteMatch,
  type RouteModule,
} from "./router.ts";
export {
  type BuildManifest,
  loadManifest,
  MANIFEST_FILE,
  parseManifest,
} from "./manifest.ts";

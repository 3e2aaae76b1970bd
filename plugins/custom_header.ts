/**
 * `custom_header`: sets or removes fixed headers on the upstream request. A string value sets
 * the header; `null` or `""` removes it. Downstream credentials are added after the pipeline, so
 * this plugin never sees the downstream's key.
 *
 * @module
 */
import { z } from "zod";
import { definePlugin } from "./define.ts";

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME_REGEXP = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Header values may not contain CR, LF or NUL (they would split or end the header). */
const HEADER_VALUE_REGEXP = /^[^\r\n\0]*$/;

/** Config schema of {@link customHeader}. */
export const CUSTOM_HEADER_CONFIG = z.object({
  headers: z.record(
    z.string().regex(HEADER_NAME_REGEXP, "not a valid header name"),
    z.string().regex(
      HEADER_VALUE_REGEXP,
      "header values may not contain line breaks",
    ).nullable(),
  ).default({}).describe("Headers to set; an empty value removes the header"),
});

/** Sets (string) or removes (`null`, `""`) fixed headers on the upstream request. */
export const customHeader = definePlugin({
  id: "custom_header",
  description: "Sets or removes fixed headers on the upstream request",
  config: CUSTOM_HEADER_CONFIG,
  transformRequest(req, { config }) {
    const headers = new Headers(req.headers);
    for (const [name, value] of Object.entries(config.headers)) {
      if (value === null || value === "") headers.delete(name);
      else headers.set(name, value);
    }
    return { ...req, headers };
  },
});

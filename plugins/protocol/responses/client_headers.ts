/**
 * {@link withoutResponsesClientHeaders}: the headers a Responses API client (Codex CLI) sends
 * for OpenAI's Responses service alone — its session and turn ids, its turn metadata (which
 * names the user's workspace folders and installation id), beta switches — are left out when
 * the request is translated for another API: no other provider reads them, and they would
 * tell a third party about the user's machine.
 *
 * @module
 */

const PREFIXES = ["x-codex-", "x-openai-", "openai-"];
const NAMES = new Set([
  "originator",
  "version",
  "session-id",
  "thread-id",
  "x-client-request-id",
]);

/** Whether `name` (lower case) is a header only OpenAI's Responses service reads. */
export function isResponsesClientHeader(name: string): boolean {
  return NAMES.has(name) || PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** `headers` without the Responses-service-only ones (the same object when there are none). */
export function withoutResponsesClientHeaders(headers: Headers): Headers {
  let out: Headers | undefined;
  for (const name of headers.keys()) {
    if (!isResponsesClientHeader(name)) continue;
    out ??= new Headers(headers);
    out.delete(name);
  }
  return out ?? headers;
}

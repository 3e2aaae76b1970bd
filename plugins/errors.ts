/** The kinds of failure a plugin reports; the gateway maps each to a status and error type. */
export type PluginErrorKind = "invalid_request" | "internal";

/**
 * A plugin rejects a request (`invalid_request`, rendered as 400 in the client's shape) or fails
 * (`internal`, 500). `param` names the offending field path when there is one, e.g.
 * `messages[3].tool_calls[0].function.arguments`.
 */
export class PluginError extends Error {
  readonly kind: PluginErrorKind;
  readonly param: string | undefined;
  constructor(
    message: string,
    options?: ErrorOptions & { kind?: PluginErrorKind; param?: string },
  ) {
    super(message, options);
    this.name = "PluginError";
    this.kind = options?.kind ?? "invalid_request";
    this.param = options?.param;
  }
}

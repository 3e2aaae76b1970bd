/**
 * Errors the store throws for callers to act on.
 *
 * @module
 */

/** The config file cannot be used: names the file, line (when known) and field. */
export class ConfigError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string;
  constructor(
    file: string,
    field: string,
    message: string,
    options?: ErrorOptions & { line?: number },
  ) {
    // The contract's format: `tresor.yaml:14: downstreams[1].base_url: not a URL`.
    const where = options?.line === undefined
      ? file
      : `${file}:${options.line}`;
    super(
      field ? `${where}: ${field}: ${message}` : `${where}: ${message}`,
      options,
    );
    this.name = "ConfigError";
    this.file = file;
    this.line = options?.line;
    this.field = field;
  }
}

/** A referenced entity does not exist. */
export class NotFoundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NotFoundError";
  }
}

/** An entity with that id already exists. */
export class ConflictError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConflictError";
  }
}

/** Input breaks an invariant; `field` names the offending field in snake_case (contract names). */
export class ValidationError extends Error {
  readonly field: string;
  constructor(field: string, message: string, options?: ErrorOptions) {
    super(field ? `${field}: ${message}` : message, options);
    this.name = "ValidationError";
    this.field = field;
  }
}

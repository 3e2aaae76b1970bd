/**
 * The CLI's one error type: a message for stderr and a non-zero exit.
 *
 * @module
 */

/** A failure the CLI reports as one `tresor: …` line on stderr, exiting with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, options?: ErrorOptions & { exitCode?: number }) {
    super(message, options);
    this.name = "CliError";
    this.exitCode = options?.exitCode ?? 1;
  }
}

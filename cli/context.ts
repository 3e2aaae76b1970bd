/**
 * What every command needs: output sinks, the environment, and a connected admin client built
 * from the global options.
 *
 * @module
 */
import { type Command, InvalidArgumentError } from "commander";
import { AdminClient } from "./admin_client.ts";
import { resolveDaemonTarget } from "./daemon_target.ts";

/** The CLI's outside world, passed in so tests and `main` can differ. */
export interface CliIo {
  /** Writes one chunk of normal output (a line break is added). */
  out(text: string): void;
  /** Writes one line to stderr. */
  err(text: string): void;
  env(name: string): string | undefined;
  readonly cwd: string;
  readonly home: string | undefined;
  readonly fetch?: typeof fetch;
}

/** The program-wide options. */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  url?: string;
  password?: string;
  ca?: string;
}

/** A command's connection to the daemon and its output mode. */
export interface Session {
  readonly client: AdminClient;
  readonly json: boolean;
  /** Prints `data` as JSON with `--json`, else the text `render` returns. */
  print(data: unknown, render: () => string): void;
}

/** The global options seen by `command` (they may appear before or after the subcommand). */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Resolves the daemon from the global options and returns a session for `command`. */
export async function connect(command: Command, io: CliIo): Promise<Session> {
  const options = globalOptions(command);
  const target = await resolveDaemonTarget({
    config: options.config,
    url: options.url,
    password: options.password,
    ca: options.ca,
    env: io.env,
    cwd: io.cwd,
    home: io.home,
  });
  const json = options.json === true;
  return {
    client: new AdminClient(target, { fetch: io.fetch }),
    json,
    print(data, render) {
      io.out(json ? JSON.stringify(data, null, 2) : render());
    },
  };
}

/** Commander option collector for repeatable, comma-separable values (`--format a,b --format c`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value.split(",").map((v) => v.trim()).filter((v) => v !== ""),
  ];
}

/** Commander option parser for a positive integer. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError("must be a positive integer");
  }
  return n;
}

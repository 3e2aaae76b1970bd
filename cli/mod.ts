/**
 * The `tresor` command line (commander): `run` starts the daemon through `run.ts`; every other
 * command except `version` talks to the running daemon's admin API. Errors become one
 * `tresor: …` line on stderr and a non-zero exit code.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { runDaemon } from "./run.ts";
import { versionInfo } from "./version.ts";
import type { CliIo } from "./context.ts";
import { CliError } from "./errors.ts";
import { addDownstreamCommand } from "./downstream_command.ts";
import { addRuleCommand } from "./rule_command.ts";
import { addAliasCommand } from "./alias_command.ts";
import { addLogsCommand } from "./logs_command.ts";
import { addUsageCommand } from "./usage_command.ts";

export type { CliIo } from "./context.ts";

/** The real terminal and environment. */
export function createProcessIo(): CliIo {
  return {
    // deno-lint-ignore no-console -- the CLI's output is stdout by design
    out: (text) => console.log(text),
    // deno-lint-ignore no-console -- the CLI's errors are stderr by design
    err: (text) => console.error(text),
    env: (name) => Deno.env.get(name),
    cwd: Deno.cwd(),
    home: Deno.env.get("HOME"),
  };
}

/** Builds the commander program; `setExitCode` receives `run`'s exit code. */
function createProgram(
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const program = new Command("tresor")
    .description("Tresor: a personal LLM gateway")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, "")),
      writeErr: (text) => io.err(text.replace(/\n$/, "")),
    })
    .option(
      "--config <file>",
      "config file (default: $TRESOR_CONFIG, ./tresor.yaml, ~/.config/tresor/tresor.yaml)",
    )
    .option("--json", "print raw JSON instead of tables")
    .option(
      "--url <url>",
      "daemon URL (default: $TRESOR_URL, else from the config's listen)",
    )
    .option(
      "--password <password>",
      "admin password (default: $TRESOR_PASSWORD, else the config's admin_password)",
    )
    .option(
      "--ca <file>",
      "PEM certificate to trust for an https daemon (default: $TRESOR_CA; the config's tls.cert_file is trusted for its own daemon)",
    );

  program.command("run")
    .description("start the daemon: gateway, admin API and web UI on one port")
    .option("--listen <host:port>", "listen address, overriding the config")
    .action(async (options: { listen?: string }, command: Command) => {
      const { config } = command.optsWithGlobals<{ config?: string }>();
      setExitCode(
        await runDaemon({ configPath: config, listen: options.listen }),
      );
    });

  program.command("version")
    .description("print the version")
    .action((_options, command: Command) => {
      const info = versionInfo();
      const { json } = command.optsWithGlobals<{ json?: boolean }>();
      io.out(
        json
          ? JSON.stringify(info, null, 2)
          : `tresor ${info.version} (${info.build}, deno ${info.deno})`,
      );
    });

  addDownstreamCommand(program, io);
  addRuleCommand(program, io);
  addAliasCommand(program, io);
  addLogsCommand(program, io);
  addUsageCommand(program, io);
  return program;
}

/** Runs the CLI with `args` and resolves to the process exit code. */
export async function main(
  args: string[],
  io: CliIo = createProcessIo(),
): Promise<number> {
  // `deno task cli -- ARGS` passes the `--` through (CONTRACT): ignore one.
  const argv = args[0] === "--" ? args.slice(1) : args;
  let exitCode = 0;
  const program = createProgram(io, (code) => exitCode = code);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError) {
      io.err(`tresor: ${err.message}`);
      return err.exitCode;
    }
    throw err;
  }
}

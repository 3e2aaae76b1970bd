/**
 * The CLI's `main()` in-process against a running admin API, its output captured: for tests of
 * commands that need no process of their own.
 */
import { main } from "../../cli/mod.ts";

/** What one run printed and returned. */
export interface CliRun {
  readonly code: number;
  /** Everything written to stdout, lines joined. */
  readonly out: string;
  /** The stderr lines. */
  readonly err: string[];
}

/** Runs `tresor --url URL --password PASSWORD ARGS…` with no environment. */
export async function runCli(
  target: {
    readonly url: string;
    readonly password: string;
    readonly cwd: string;
  },
  args: readonly string[],
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ["--url", target.url, "--password", target.password, ...args],
    {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      env: () => undefined,
      cwd: target.cwd,
      home: undefined,
    },
  );
  return { code, out: out.join("\n"), err };
}

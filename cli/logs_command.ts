/**
 * `tresor logs [--follow]`: the gateway's request log, oldest first; `--follow` keeps printing
 * new entries from `/api/logs/stream` until interrupted. `show`, `replay` and `export` work on
 * one request (`logs_inspect_command.ts`).
 *
 * @module
 */
import { type Command, Option } from "commander";
import type { LogEntryJson } from "../store/mod.ts";
import { SseParseStream } from "../routes/api/mod.ts";
import { type CliIo, connect, positiveInt } from "./context.ts";
import { CliError } from "./errors.ts";
import { formatTable } from "./table.ts";
import { addLogsInspectCommands } from "./logs_inspect_command.ts";

const HEADERS = [
  "TIME",
  "LEVEL",
  "STATUS",
  "METHOD",
  "PATH",
  "MODEL",
  "DOWNSTREAM",
  "MS",
  "ERROR",
];

function cells(e: LogEntryJson): string[] {
  const model = e.model_requested === null
    ? "-"
    : e.model_forwarded && e.model_forwarded !== e.model_requested
    ? `${e.model_requested} → ${e.model_forwarded}`
    : e.model_requested;
  return [
    e.time,
    e.level,
    String(e.status),
    e.method,
    e.path,
    model,
    e.downstream ?? "-",
    e.total_ms === null ? "-" : String(Math.round(e.total_ms)),
    e.error ?? "",
  ];
}

/** One entry as a single line (the `--follow` format). */
export function formatEntryLine(e: LogEntryJson): string {
  return cells(e).filter((c) => c !== "").join("  ");
}

/** Adds the `logs` command to `program`. */
export function addLogsCommand(program: Command, io: CliIo): void {
  const logs = program.command("logs")
    .description("show the gateway's request log")
    .option("-f, --follow", "keep printing new entries (Ctrl-C stops)")
    .addOption(
      new Option("--level <level>", "minimum level").choices([
        "info",
        "warn",
        "error",
      ]),
    )
    .option("-q, --query <text>", "only entries containing this text")
    .option("-n, --limit <n>", "at most this many entries", positiveInt)
    .action(async (
      options: {
        follow?: boolean;
        level?: string;
        query?: string;
        limit?: number;
      },
      command: Command,
    ) => {
      const s = await connect(command, io);
      const params = new URLSearchParams();
      if (options.level) params.set("level", options.level);
      if (options.query) params.set("q", options.query);
      if (options.limit) params.set("limit", String(options.limit));
      const search = params.size === 0 ? "" : `?${params}`;
      if (!options.follow) {
        const entries = await s.client.request<LogEntryJson[]>(
          "GET",
          `/api/logs${search}`,
        );
        const oldestFirst = [...entries].reverse();
        s.print(
          oldestFirst,
          () =>
            oldestFirst.length === 0
              ? "No requests logged yet"
              : formatTable(HEADERS, oldestFirst.map(cells)),
        );
        return;
      }
      await follow(s, `/api/logs/stream${search}`, io);
    });
  addLogsInspectCommands(logs, io);
}

async function follow(
  s: Awaited<ReturnType<typeof connect>>,
  path: string,
  io: CliIo,
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  Deno.addSignalListener("SIGINT", stop);
  try {
    const res = await s.client.open("GET", path, { signal: controller.signal });
    if (!res.body) throw new CliError("the daemon sent an empty log stream");
    const events = res.body.pipeThrough(new SseParseStream());
    try {
      for await (const event of events) {
        if (event.data === "") continue;
        const entry = JSON.parse(event.data) as LogEntryJson;
        io.out(s.json ? JSON.stringify(entry) : formatEntryLine(entry));
      }
    } catch (err) {
      if (controller.signal.aborted) return;
      throw new CliError(
        `lost the log stream from the daemon at ${s.client.target.url}`,
        { cause: err },
      );
    }
    if (!controller.signal.aborted) {
      throw new CliError(
        `the daemon at ${s.client.target.url} closed the log stream`,
      );
    }
  } catch (err) {
    if (controller.signal.aborted && !(err instanceof CliError)) return;
    throw err;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
  }
}

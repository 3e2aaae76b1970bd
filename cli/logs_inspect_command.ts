/**
 * `tresor logs show ID`, `tresor logs replay ID [--to DOWNSTREAM] [--model MODEL]` and
 * `tresor logs export ID [--output FILE]`: one request as the inspector shows it, sent again,
 * or saved as the JSON file a bug report can carry (secrets redacted by the daemon).
 *
 * @module
 */
import type { Command } from "commander";
import type { LogDetailJson, ReplayJson } from "../store/mod.ts";
import { type CliIo, connect } from "./context.ts";
import { formatLogDetail, formatReplay } from "./log_detail_text.ts";

function detailPath(id: string): string {
  return `/api/logs/${encodeURIComponent(id)}`;
}

/** Adds `show`, `replay` and `export` under `logs`. */
export function addLogsInspectCommands(logs: Command, io: CliIo): void {
  logs.command("show <id>")
    .description(
      "show one request: its pipeline, warnings and captured messages",
    )
    .action(async (id: string, _options: unknown, command: Command) => {
      const s = await connect(command, io);
      const detail = await s.client.request<LogDetailJson>(
        "GET",
        detailPath(id),
      );
      s.print(detail, () => formatLogDetail(detail));
    });

  logs.command("replay <id>")
    .description(
      "send a captured request again, through the whole gateway (to its own route by default)",
    )
    .option("--to <downstream>", "send it to this downstream instead")
    .option("--model <model>", "ask for this model instead")
    .action(async (
      id: string,
      options: { to?: string; model?: string },
      command: Command,
    ) => {
      const s = await connect(command, io);
      const result = await s.client.request<ReplayJson>(
        "POST",
        `${detailPath(id)}/replay`,
        {
          ...(options.to !== undefined && { downstream_id: options.to }),
          ...(options.model !== undefined && { model: options.model }),
        },
      );
      s.print(result, () => formatReplay(result));
    });

  logs.command("export <id>")
    .description("print one request as JSON (secrets redacted), or save it")
    .option("-o, --output <file>", "write the JSON to this file")
    .action(async (
      id: string,
      options: { output?: string },
      command: Command,
    ) => {
      const s = await connect(command, io);
      const detail = await s.client.request<LogDetailJson>(
        "GET",
        detailPath(id),
      );
      const text = `${JSON.stringify(detail, null, 2)}\n`;
      if (options.output === undefined) {
        io.out(text.trimEnd());
        return;
      }
      await Deno.writeTextFile(options.output, text);
      io.out(`Saved request ${id} to ${options.output}`);
    });
}

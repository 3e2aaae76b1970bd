/**
 * `tresor downstream list|add|presets|test|remove|models|fetch-models`.
 *
 * @module
 */
import type { Command } from "commander";
import {
  type DownstreamJson,
  type DownstreamTestJson,
  type FetchModelsJson,
  PRESETS,
} from "../store/mod.ts";
import { type CliIo, collect, connect, positiveInt } from "./context.ts";
import { toAddBody } from "./downstream_add.ts";
import { CliError } from "./errors.ts";
import { formatTable } from "./table.ts";

const path = (id: string) => `/api/downstreams/${encodeURIComponent(id)}`;

/** Adds the `downstream` command group to `program`, one function a subcommand. */
export function addDownstreamCommand(program: Command, io: CliIo): void {
  const group = program.command("downstream").description(
    "manage downstreams (LLM providers)",
  );
  listCommand(group, io);
  addCommand(group, io);
  presetsCommand(group, io);
  testCommand(group, io);
  removeCommand(group, io);
  modelsCommand(group, io);
  fetchModelsCommand(group, io);
}

/** `tresor downstream list`: a table, or the masked objects with `--json`. */
function listCommand(group: Command, io: CliIo): void {
  group.command("list").description("list downstreams").action(
    async (_options, command: Command) => {
      const s = await connect(command, io);
      const list = await s.client.request<DownstreamJson[]>(
        "GET",
        "/api/downstreams",
      );
      s.print(list, () =>
        formatTable(
          ["ID", "NAME", "FORMATS", "BASE URL", "KEY", "MODELS"],
          list.map((d) => [
            d.id,
            d.name,
            d.api_formats.join(",") || "-",
            d.base_url,
            d.api_key ? "set" : "-",
            String(d.output_model_ids.length),
          ]),
        ));
    },
  );
}

/** `tresor downstream add [id]`: creates a downstream from its flags or a preset. */
function addCommand(group: Command, io: CliIo): void {
  group.command("add [id]")
    .description(
      "add a downstream from its settings, or from a provider preset (downstream presets)",
    )
    .option(
      "--preset <name>",
      "start from a provider preset: its URL, formats, models",
    )
    .option("--id <id>", "the downstream id (default: the preset's id)")
    .option("--base-url <url>", "provider base URL (OpenAI: include /v1)")
    .option(
      "--name <name>",
      "display name (default: the preset's name, else the id)",
    )
    .option(
      "--format <formats>",
      "API format(s) it serves: openai, anthropic, responses (repeatable or comma-separated)",
      collect,
    )
    .option("--key <key>", "provider API key (or set it later in the UI)")
    .option("--api-key <key>", "the same as --key")
    .option(
      "--model <ids>",
      "output model id(s) (repeatable or comma-separated)",
      collect,
    )
    .option(
      "--max-output-tokens <n>",
      "cap on max tokens per request",
      positiveInt,
    )
    .option(
      "--default-max-tokens <n>",
      "max tokens sent when a translated request has none",
      positiveInt,
    )
    .action(async (id: string | undefined, options: {
      preset?: string;
      id?: string;
      baseUrl?: string;
      name?: string;
      format?: string[];
      key?: string;
      apiKey?: string;
      model?: string[];
      maxOutputTokens?: number;
      defaultMaxTokens?: number;
    }, command: Command) => {
      const body = toAddBody({
        ...options,
        id,
        idOption: options.id,
        key: options.key ?? options.apiKey,
      });
      const s = await connect(command, io);
      const created = await s.client.request<DownstreamJson>(
        "POST",
        "/api/downstreams",
        body,
      );
      s.print(created, () => `Added downstream ${created.id}`);
    });
}

/** `tresor downstream presets`: the provider presets `add --preset` starts from. */
function presetsCommand(group: Command, io: CliIo): void {
  group.command("presets")
    .description(
      "list the provider presets downstream add --preset starts from",
    )
    .action((_options, command: Command) => {
      const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
      io.out(
        json ? JSON.stringify(PRESETS, null, 2) : formatTable(
          ["ID", "NAME", "FORMATS", "BASE URL"],
          PRESETS.map((p) => [
            p.id,
            p.name,
            p.api_formats.join(","),
            p.base_url,
          ]),
        ),
      );
    });
}

/** `tresor downstream test <id>`: the provider's models endpoint and a 1-token request a format. */
function testCommand(group: Command, io: CliIo): void {
  group.command("test <id>")
    .description(
      "call the provider's models endpoint and send a 1-token request in each of its formats",
    )
    .action(async (id: string, _options, command: Command) => {
      const s = await connect(command, io);
      const result = await s.client.request<DownstreamTestJson>(
        "POST",
        `${path(id)}/test`,
      );
      s.print(result, () => formatTestResult(result));
      if (!result.ok) {
        const failed = result.checks.filter((c) => !c.ok).length;
        throw new CliError(
          `downstream ${id} failed ${failed} of ${result.checks.length} checks`,
        );
      }
    });
}

/** `tresor downstream remove <id>`. */
function removeCommand(group: Command, io: CliIo): void {
  group.command("remove <id>")
    .description("remove a downstream, its aliases and its rule references")
    .action(async (id: string, _options, command: Command) => {
      const s = await connect(command, io);
      await s.client.request("DELETE", path(id));
      s.print({ removed: id }, () => `Removed downstream ${id}`);
    });
}

/** `tresor downstream models <id> [--add M | --remove M]`: lists, adds or removes a model id. */
function modelsCommand(group: Command, io: CliIo): void {
  group.command("models <id>")
    .description("list a downstream's model ids, or add/remove one")
    .option("--add <model>", "add a model id")
    .option("--remove <model>", "remove a model id")
    .action(async (
      id: string,
      options: { add?: string; remove?: string },
      command: Command,
    ) => {
      const s = await connect(command, io);
      let downstream: DownstreamJson;
      if (options.add !== undefined) {
        downstream = await s.client.request<DownstreamJson>(
          "POST",
          `${path(id)}/models`,
          { model_id: options.add },
        );
      } else if (options.remove !== undefined) {
        downstream = await s.client.request<DownstreamJson>(
          "DELETE",
          `${path(id)}/models/${encodeURIComponent(options.remove)}`,
        );
      } else {
        downstream = await s.client.request<DownstreamJson>("GET", path(id));
      }
      s.print(
        downstream.output_model_ids,
        () =>
          downstream.output_model_ids.length === 0
            ? `Downstream ${id} has no models`
            : downstream.output_model_ids.join("\n"),
      );
    });
}

/** `tresor downstream fetch-models <id>`: adds the models the provider lists. */
function fetchModelsCommand(group: Command, io: CliIo): void {
  group.command("fetch-models <id>")
    .description("ask the provider for its models and add the new ones")
    .action(async (id: string, _options, command: Command) => {
      const s = await connect(command, io);
      const result = await s.client.request<FetchModelsJson>(
        "POST",
        `${path(id)}/fetch-models`,
      );
      s.print(result, () => {
        const head =
          `Fetched ${result.fetched} models from ${id}: ${result.added.length} new`;
        return result.added.length === 0
          ? head
          : `${head}\n${result.added.map((m) => `  ${m}`).join("\n")}`;
      });
    });
}

/** A test's checks as a table: name, outcome, latency, status, model, the provider's error. */
function formatTestResult(result: DownstreamTestJson): string {
  return formatTable(
    ["CHECK", "RESULT", "LATENCY", "STATUS", "MODEL", "ERROR"],
    result.checks.map((c) => [
      c.name,
      c.ok ? "ok" : "failed",
      c.latency_ms === null ? "-" : `${c.latency_ms} ms`,
      c.status === null ? "-" : String(c.status),
      c.model ?? "-",
      c.error ?? "",
    ]),
  );
}

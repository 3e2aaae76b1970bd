/**
 * `tresor downstream list|add|remove|models|fetch-models`.
 *
 * @module
 */
import type { Command } from "commander";
import type { DownstreamJson, FetchModelsJson } from "../store/mod.ts";
import { type CliIo, collect, connect, positiveInt } from "./context.ts";
import { formatTable } from "./table.ts";

const path = (id: string) => `/api/downstreams/${encodeURIComponent(id)}`;

/** Adds the `downstream` command group to `program`, one function a subcommand. */
export function addDownstreamCommand(program: Command, io: CliIo): void {
  const group = program.command("downstream").description(
    "manage downstreams (LLM providers)",
  );
  listCommand(group, io);
  addCommand(group, io);
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

/** `tresor downstream add <id>`: creates a downstream from its flags. */
function addCommand(group: Command, io: CliIo): void {
  group.command("add <id>")
    .description("add a downstream")
    .requiredOption(
      "--base-url <url>",
      "provider base URL (OpenAI: include /v1)",
    )
    .option("--name <name>", "display name (default: the id)")
    .option(
      "--format <formats>",
      "API format(s) it serves: openai, anthropic, responses (repeatable or comma-separated)",
      collect,
    )
    .option("--api-key <key>", "provider API key (or set it later in the UI)")
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
    .action(async (id: string, options: {
      baseUrl: string;
      name?: string;
      format?: string[];
      apiKey?: string;
      model?: string[];
      maxOutputTokens?: number;
      defaultMaxTokens?: number;
    }, command: Command) => {
      const s = await connect(command, io);
      const created = await s.client.request<DownstreamJson>(
        "POST",
        "/api/downstreams",
        {
          id,
          base_url: options.baseUrl,
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.format ? { api_formats: options.format } : {}),
          ...(options.apiKey === undefined ? {} : { api_key: options.apiKey }),
          ...(options.model ? { output_model_ids: options.model } : {}),
          ...(options.maxOutputTokens === undefined
            ? {}
            : { max_output_tokens: options.maxOutputTokens }),
          ...(options.defaultMaxTokens === undefined
            ? {}
            : { default_max_tokens: options.defaultMaxTokens }),
        },
      );
      s.print(created, () => `Added downstream ${created.id}`);
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

/**
 * `tresor rule list|add|enable|disable|delete`.
 *
 * @module
 */
import { type Command, InvalidArgumentError } from "commander";
import type { JsonRecord, PipelineStepJson, RuleJson } from "../store/mod.ts";
import { type CliIo, collect, connect } from "./context.ts";
import { formatTable } from "./table.ts";

/** Parses `--plugin ID` or `--plugin ID=JSON_CONFIG` (repeatable). */
function collectStep(
  value: string,
  previous: PipelineStepJson[] = [],
): PipelineStepJson[] {
  const eq = value.indexOf("=");
  const pluginId = (eq === -1 ? value : value.slice(0, eq)).trim();
  if (pluginId === "") throw new InvalidArgumentError("needs a plugin id");
  let config: JsonRecord = {};
  if (eq !== -1) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.slice(eq + 1));
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      throw new InvalidArgumentError(
        `the config of ${pluginId} is not valid JSON`,
      );
    }
    if (
      parsed === null || typeof parsed !== "object" || Array.isArray(parsed)
    ) {
      throw new InvalidArgumentError(
        `the config of ${pluginId} must be a JSON object`,
      );
    }
    // JSON.parse yields JSON, and the checks above made it an object.
    config = parsed as JsonRecord;
  }
  return [...previous, { plugin_id: pluginId, is_enabled: true, config }];
}

const path = (id: string) => `/api/rules/${encodeURIComponent(id)}`;

/** Adds the `rule` command group to `program`, one function a subcommand. */
export function addRuleCommand(program: Command, io: CliIo): void {
  const group = program.command("rule").description(
    "manage rules (per-path plugin pipelines)",
  );

  listCommand(group, io);
  addCommand(group, io);
  enableCommands(group, io);
  deleteCommand(group, io);
}

/** `tresor rule list`: a table, or the objects with `--json`. */
function listCommand(group: Command, io: CliIo): void {
  group.command("list").description("list rules").action(
    async (_options, command: Command) => {
      const s = await connect(command, io);
      const list = await s.client.request<RuleJson[]>("GET", "/api/rules");
      s.print(list, () =>
        formatTable(
          ["ID", "NAME", "PATH", "MODEL", "ENABLED", "DOWNSTREAMS", "PIPELINE"],
          list.map((r) => [
            r.id,
            r.name,
            r.pattern_path,
            r.pattern_model || "*",
            r.is_enabled ? "yes" : "no",
            r.match_downstreams.join(",") || "*",
            r.pipeline_config.map((step) =>
              step.is_enabled ? step.plugin_id : `(${step.plugin_id})`
            ).join(" → ") || "-",
          ]),
        ));
    },
  );
}

/** `tresor rule add <id>`: creates a rule from its flags. */
function addCommand(group: Command, io: CliIo): void {
  group.command("add <id>")
    .description("add a rule")
    .requiredOption(
      "--path <path>",
      "exact request path (/v1/chat/completions) or *",
    )
    .option("--name <name>", "display name (default: the id)")
    .option(
      "--model <model>",
      "only requests for this model (as the client sent it)",
    )
    .option(
      "--format <formats>",
      "only these request formats (repeatable or comma-separated)",
      collect,
    )
    .option(
      "--downstream-format <formats>",
      "only downstreams serving these formats (repeatable or comma-separated)",
      collect,
    )
    .option(
      "--downstream <ids>",
      "only these downstreams (repeatable or comma-separated)",
      collect,
    )
    .option(
      "--plugin <id[=json]>",
      'append a pipeline step, e.g. custom_header=\'{"headers":{"x":"y"}}\' (repeatable)',
      collectStep,
    )
    .option("--disabled", "create it disabled")
    .action(async (id: string, options: {
      path: string;
      name?: string;
      model?: string;
      format?: string[];
      downstreamFormat?: string[];
      downstream?: string[];
      plugin?: PipelineStepJson[];
      disabled?: boolean;
    }, command: Command) => {
      const s = await connect(command, io);
      const created = await s.client.request<RuleJson>("POST", "/api/rules", {
        id,
        pattern_path: options.path,
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.model === undefined
          ? {}
          : { pattern_model: options.model }),
        ...(options.format ? { match_format: options.format } : {}),
        ...(options.downstreamFormat
          ? { match_downstream_format: options.downstreamFormat }
          : {}),
        ...(options.downstream
          ? { match_downstreams: options.downstream }
          : {}),
        is_enabled: options.disabled !== true,
        pipeline_config: options.plugin ?? [],
      });
      s.print(created, () => `Added rule ${created.id}`);
    });
}

/** `tresor rule enable <id>` and `tresor rule disable <id>`. */
function enableCommands(group: Command, io: CliIo): void {
  for (
    const [name, enabled] of [["enable", true], ["disable", false]] as const
  ) {
    group.command(`${name} <id>`)
      .description(`${name} a rule`)
      .action(async (id: string, _options, command: Command) => {
        const s = await connect(command, io);
        const rule = await s.client.request<RuleJson>("PUT", path(id), {
          is_enabled: enabled,
        });
        s.print(
          rule,
          () => `${enabled ? "Enabled" : "Disabled"} rule ${rule.id}`,
        );
      });
  }
}

/** `tresor rule delete <id>`. */
function deleteCommand(group: Command, io: CliIo): void {
  group.command("delete <id>")
    .description("delete a rule")
    .action(async (id: string, _options, command: Command) => {
      const s = await connect(command, io);
      await s.client.request("DELETE", path(id));
      s.print({ deleted: id }, () => `Deleted rule ${id}`);
    });
}

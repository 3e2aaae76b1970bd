/**
 * `tresor alias list|add|switch|failover|delete`.
 *
 * @module
 */
import { type Command, InvalidArgumentError } from "commander";
import type { AliasJson } from "../store/mod.ts";
import { type CliIo, connect } from "./context.ts";
import { CliError } from "./errors.ts";
import { formatTable } from "./table.ts";

const path = (id: string) => `/api/aliases/${encodeURIComponent(id)}`;

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError("must be a non-negative integer");
  }
  return n;
}

/** A default alias id from its input model and downstream, within `[A-Za-z0-9_.-]+`. */
export function defaultAliasId(inputModel: string, downstream: string): string {
  const slug = `${inputModel}-${downstream}`.replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? downstream : slug;
}

/**
 * The group member `target` names: an alias id in the group, else the group's only alias on
 * downstream `target`. Throws `CliError` when it names none or several.
 */
export function findSwitchTarget(
  aliases: readonly AliasJson[],
  inputModel: string,
  target: string,
): AliasJson {
  const group = aliases.filter((a) => a.input_model_id === inputModel);
  if (group.length === 0) {
    throw new CliError(`no alias group for input model "${inputModel}"`);
  }
  const byId = group.find((a) => a.id === target);
  if (byId) return byId;
  const byDownstream = group.filter((a) => a.downstream_id === target);
  if (byDownstream.length === 1) return byDownstream[0];
  const members = group.map((a) => `${a.id} (${a.downstream_id})`).join(", ");
  if (byDownstream.length > 1) {
    throw new CliError(
      `"${target}" matches several aliases of "${inputModel}": name one by id: ${members}`,
    );
  }
  throw new CliError(
    `"${target}" is neither an alias id nor a downstream in the group "${inputModel}": ${members}`,
  );
}

/** Adds the `alias` command group to `program`, one function a subcommand. */
export function addAliasCommand(program: Command, io: CliIo): void {
  const group = program.command("alias").description(
    "manage aliases (model renames, switchable per group)",
  );

  listCommand(group, io);
  addCommand(group, io);
  switchCommand(group, io);
  failoverCommand(group, io);
  deleteCommand(group, io);
}

/** `tresor alias list`: the aliases by group, the active member starred. */
function listCommand(group: Command, io: CliIo): void {
  group.command("list").description("list aliases by group").action(
    async (_options, command: Command) => {
      const s = await connect(command, io);
      const list = await s.client.request<AliasJson[]>("GET", "/api/aliases");
      s.print(list, () =>
        formatTable(
          [
            "INPUT MODEL",
            "ACTIVE",
            "ID",
            "DOWNSTREAM",
            "OUTPUT MODEL",
            "REGEX",
            "FAILOVER",
          ],
          list.map((a) => [
            a.input_model_id,
            a.is_active ? "*" : "",
            a.id,
            a.downstream_id,
            a.output_model_id,
            a.is_regex ? "yes" : "",
            a.failover ? "yes" : "",
          ]),
        ));
    },
  );
}

/** `tresor alias add <input_model> <downstream> <output_model>`. */
function addCommand(group: Command, io: CliIo): void {
  group.command("add <input_model> <downstream> <output_model>")
    .description(
      "add an alias: requests for INPUT_MODEL go to DOWNSTREAM as OUTPUT_MODEL",
    )
    .option("--id <id>", "alias id (default: INPUT_MODEL-DOWNSTREAM)")
    .option("--regex", "INPUT_MODEL is a JavaScript regular expression")
    .option("--active", "make it the active member of its group")
    .option("--order <n>", "group order", nonNegativeInt)
    .option(
      "--failover",
      "take over when the group's active member fails before answering",
    )
    .action(async (
      inputModel: string,
      downstream: string,
      outputModel: string,
      options: {
        id?: string;
        regex?: boolean;
        active?: boolean;
        order?: number;
        failover?: boolean;
      },
      command: Command,
    ) => {
      const s = await connect(command, io);
      const created = await s.client.request<AliasJson>(
        "POST",
        "/api/aliases",
        {
          id: options.id ?? defaultAliasId(inputModel, downstream),
          input_model_id: inputModel,
          downstream_id: downstream,
          output_model_id: outputModel,
          is_active: options.active === true,
          is_regex: options.regex === true,
          failover: options.failover === true,
          ...(options.order === undefined
            ? {}
            : { group_order: options.order }),
        },
      );
      s.print(
        created,
        () =>
          `Added alias ${created.id}: ${created.input_model_id} → ${created.downstream_id} (${created.output_model_id})${
            created.is_active ? ", active" : ""
          }`,
      );
    });
}

/** `tresor alias switch <input_model> <target>`: activates the member TARGET names. */
function switchCommand(group: Command, io: CliIo): void {
  group.command("switch <input_model> <target>")
    .description(
      "make TARGET (an alias id, or a downstream id in the group) the active alias of INPUT_MODEL",
    )
    .action(async (
      inputModel: string,
      target: string,
      _options,
      command: Command,
    ) => {
      const s = await connect(command, io);
      const list = await s.client.request<AliasJson[]>("GET", "/api/aliases");
      const chosen = findSwitchTarget(list, inputModel, target);
      const alias = await s.client.request<AliasJson>(
        "POST",
        `${path(chosen.id)}/activate`,
      );
      s.print(
        alias,
        () =>
          `Switched ${alias.input_model_id} → ${alias.downstream_id} (${alias.output_model_id}) [${alias.id}]`,
      );
    });
}

/** `tresor alias failover <id> <on|off>`. */
function failoverCommand(group: Command, io: CliIo): void {
  group.command("failover <id> <on|off>")
    .description(
      "whether alias ID takes over (in list order) when its group's active member fails",
    )
    .action(async (id: string, state: string, _options, command: Command) => {
      if (state !== "on" && state !== "off") {
        throw new CliError(`failover must be on or off, not "${state}"`);
      }
      const s = await connect(command, io);
      const alias = await s.client.request<AliasJson>("PUT", path(id), {
        failover: state === "on",
      });
      s.print(
        alias,
        () => `Failover ${alias.failover ? "on" : "off"} for alias ${alias.id}`,
      );
    });
}

/** `tresor alias delete <id>`. */
function deleteCommand(group: Command, io: CliIo): void {
  group.command("delete <id>")
    .description("delete an alias")
    .action(async (id: string, _options, command: Command) => {
      const s = await connect(command, io);
      await s.client.request("DELETE", path(id));
      s.print({ deleted: id }, () => `Deleted alias ${id}`);
    });
}

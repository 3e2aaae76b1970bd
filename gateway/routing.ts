/**
 * Everything the hot path derives from a routing snapshot, computed once per snapshot object:
 * alias maps, compiled regex aliases, each active alias's failover members, model owners, rules
 * by path with parsed plugin configs, encoded client keys and the `/v1/models` body.
 *
 * @module
 */
import type {
  Alias,
  Downstream,
  RoutingSnapshot,
  Rule,
} from "../store/types.ts";
import { type AnyPlugin, getPlugin, type Registry } from "../plugins/mod.ts";
import { type ClientKey, encodeKeys } from "./auth.ts";
import { toCanonicalPath } from "./paths.ts";
import type { Logger } from "./log.ts";

/** One pipeline step ready to run: its plugin and validated config. */
export interface Step {
  readonly plugin: AnyPlugin;
  readonly config: unknown;
  /** The rule it came from; absent for steps the gateway inserted. */
  readonly ruleId?: string;
}

/** A rule with its steps prepared; `error` is set when a step cannot run (the rule then fails requests it matches). */
export interface CompiledRule {
  readonly rule: Rule;
  /** The canonical path (`/v1/...`) or `*`. */
  readonly path: string;
  readonly steps: readonly Step[];
  readonly error?: string;
}

/** A regex alias with its compiled pattern. */
export interface RegexAlias {
  readonly alias: Alias;
  readonly regexp: RegExp;
}

/** The hot path's view of one snapshot. */
export interface Routing {
  readonly snapshot: RoutingSnapshot;
  /** Active exact aliases by input model id. */
  readonly exactAliases: ReadonlyMap<string, Alias>;
  /** Active regex aliases in alias order. */
  readonly regexAliases: readonly RegexAlias[];
  /**
   * By active alias id: the other members of its group with `failover: true` whose downstream
   * exists, in list order (issue 16). Groups without any are absent.
   */
  readonly failoverMembers: ReadonlyMap<string, readonly Alias[]>;
  /** The first downstream (in stored order) listing each output model id. */
  readonly modelOwners: ReadonlyMap<string, Downstream>;
  /** Enabled rules by canonical path; `*` rules under `"*"`. Stored order within each. */
  readonly rulesByPath: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly clientKeys: readonly ClientKey[];
  /** The `/v1/models` response body: models, alias ids, then `downstream/model` for each model. */
  readonly modelsBody: string;
}

function compileRule(
  rule: Rule,
  registry: Registry,
): CompiledRule {
  const path = rule.patternPath === "*"
    ? "*"
    : toCanonicalPath(rule.patternPath);
  const steps: Step[] = [];
  for (const [index, step] of rule.pipelineConfig.entries()) {
    if (!step.isEnabled) continue;
    const plugin = getPlugin(registry, step.pluginId);
    if (!plugin) {
      return {
        rule,
        path,
        steps,
        error:
          `Cannot run rule "${rule.id}": unknown plugin "${step.pluginId}"`,
      };
    }
    const parsed = plugin.config.safeParse(step.config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = [
        `pipeline_config[${index}].config`,
        ...issue.path.map(String),
      ]
        .join(".");
      return {
        rule,
        path,
        steps,
        error: `Cannot run rule "${rule.id}": ${where}: ${issue.message}`,
      };
    }
    steps.push({ plugin, config: parsed.data, ruleId: rule.id });
  }
  return { rule, path, steps };
}

interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

function modelsBody(snapshot: RoutingSnapshot): string {
  const seen = new Set<string>();
  const data: ModelEntry[] = [];
  const add = (id: string, owner: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    data.push({ id, object: "model", created: 0, owned_by: owner });
  };
  for (const d of snapshot.downstreams) {
    for (const id of d.outputModelIds) add(id, d.id);
  }
  for (const a of snapshot.aliases) {
    if (!a.isRegex) add(a.inputModelId, "tresor");
  }
  // Every model also under its downstream's prefix, which always routes there (resolve_model.ts).
  for (const d of snapshot.downstreams) {
    for (const id of d.outputModelIds) add(`${d.id}/${id}`, d.id);
  }
  return JSON.stringify({ object: "list", data });
}

/** Derives the hot path's view of `snapshot`; bad regex aliases are skipped with a warning. */
export function compileRouting(
  snapshot: RoutingSnapshot,
  registry: Registry,
  log: Logger,
): Routing {
  const exactAliases = new Map<string, Alias>();
  const regexAliases: RegexAlias[] = [];
  for (const alias of snapshot.aliases) {
    if (!alias.isActive) continue;
    if (!alias.isRegex) {
      if (!exactAliases.has(alias.inputModelId)) {
        exactAliases.set(alias.inputModelId, alias);
      }
      continue;
    }
    try {
      regexAliases.push({ alias, regexp: new RegExp(alias.inputModelId) });
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      log.warn("Cannot compile regex alias", {
        alias: alias.id,
        error: err.message,
      });
    }
  }
  const failoverMembers = new Map<string, Alias[]>();
  for (const active of snapshot.aliases) {
    if (!active.isActive) continue;
    const members = snapshot.aliases.filter((a) =>
      a.failover && a.id !== active.id &&
      a.inputModelId === active.inputModelId &&
      snapshot.downstreamsById.has(a.downstreamId)
    );
    if (members.length > 0) failoverMembers.set(active.id, members);
  }
  const modelOwners = new Map<string, Downstream>();
  for (const d of snapshot.downstreams) {
    for (const id of d.outputModelIds) {
      if (!modelOwners.has(id)) modelOwners.set(id, d);
    }
  }
  const rulesByPath = new Map<string, CompiledRule[]>();
  for (const rule of snapshot.rules) {
    if (!rule.isEnabled) continue;
    const compiled = compileRule(rule, registry);
    if (compiled.error) {
      log.warn("Cannot prepare rule", { rule: rule.id, error: compiled.error });
    }
    const list = rulesByPath.get(compiled.path) ?? [];
    list.push(compiled);
    rulesByPath.set(compiled.path, list);
  }
  return {
    snapshot,
    exactAliases,
    regexAliases,
    failoverMembers,
    modelOwners,
    rulesByPath,
    clientKeys: encodeKeys(snapshot.settings.proxyApiKeys),
    modelsBody: modelsBody(snapshot),
  };
}

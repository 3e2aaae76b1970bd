/**
 * The upsert on start: merges the validated YAML into the state loaded from SQLite, seeding
 * examples for categories neither side defines.
 *
 * @module
 */
import type { AliasFields, LoadedConfig } from "./config_file.ts";
import { SEED_ALIASES, SEED_DOWNSTREAMS, SEED_RULES } from "./defaults.ts";
import {
  type AliasOrigin,
  enforceOneActive,
  sortAliases,
  type StoreState,
} from "./state.ts";
import type { Alias, Downstream, Rule } from "./types.ts";

/** The merged state and what the merge did. */
export interface MergeResult {
  readonly state: StoreState;
  /** Categories that were seeded with the built-in examples. */
  readonly seeded: readonly ("downstreams" | "rules" | "aliases")[];
  /** The YAML lacks something the state holds (seeds, database-only rows), so write it back. */
  readonly needsWriteBack: boolean;
}

/**
 * Upserts `config` into `db`:
 * - downstreams and rules matched by id: the YAML's version replaces the stored one (model ids
 *   included); rows only in the database are kept, after the YAML's, in stored order;
 * - aliases: YAML ones are created or updated (origin `yaml`); stored ones missing from the YAML
 *   are kept when created through the API or currently active, removed otherwise;
 * - at most one active alias per group, the YAML's choice winning;
 * - a category absent from the YAML and empty in the database is seeded.
 *
 * Throws `ConfigError` when a YAML rule or alias names an unknown downstream.
 */
export function mergeConfig(db: StoreState, config: LoadedConfig): MergeResult {
  const seeded: ("downstreams" | "rules" | "aliases")[] = [];
  let needsWriteBack = false;

  let downstreams: readonly Downstream[];
  if (config.downstreams === undefined && db.downstreams.length === 0) {
    downstreams = SEED_DOWNSTREAMS;
    seeded.push("downstreams");
  } else {
    const yaml = config.downstreams ?? [];
    const ids = new Set(yaml.map((d) => d.id));
    const dbOnly = db.downstreams.filter((d) => !ids.has(d.id));
    if (dbOnly.length > 0) needsWriteBack = true;
    downstreams = [...yaml, ...dbOnly];
  }
  const known = new Set(downstreams.map((d) => d.id));

  let rules: readonly Rule[];
  if (config.rules === undefined && db.rules.length === 0) {
    rules = SEED_RULES;
    seeded.push("rules");
  } else {
    const yaml = config.rules ?? [];
    yaml.forEach((rule, index) =>
      rule.matchDownstreams.forEach((id, position) => {
        if (!known.has(id)) {
          throw config.errorAt(
            ["rules", index, "match_downstreams", position],
            `unknown downstream "${id}"`,
          );
        }
      })
    );
    const ids = new Set(yaml.map((r) => r.id));
    const dbOnly = db.rules.filter((r) => !ids.has(r.id));
    if (dbOnly.length > 0) needsWriteBack = true;
    rules = [...yaml, ...dbOnly];
  }

  const origins = new Map<string, AliasOrigin>();
  let aliases: Alias[];
  const yamlActive = new Set<string>();
  if (config.aliases === undefined && db.aliases.length === 0) {
    aliases = SEED_ALIASES.filter((a) => known.has(a.downstreamId));
    for (const alias of aliases) origins.set(alias.id, "yaml");
    if (aliases.length > 0) seeded.push("aliases");
  } else {
    const yaml = config.aliases ?? [];
    yaml.forEach((alias, index) => {
      if (!known.has(alias.downstreamId)) {
        throw config.errorAt(
          ["aliases", index, "downstream_id"],
          `unknown downstream "${alias.downstreamId}"`,
        );
      }
    });
    const ids = new Set(yaml.map((a) => a.id));
    const kept = db.aliases.filter((a) =>
      !ids.has(a.id) &&
      (db.aliasOrigins.get(a.id) === "api" || a.isActive) &&
      known.has(a.downstreamId)
    );
    if (kept.length > 0) needsWriteBack = true;
    for (const alias of kept) {
      origins.set(alias.id, db.aliasOrigins.get(alias.id) ?? "api");
    }
    aliases = [...kept, ...withGroupOrders(yaml, db.aliases, kept)];
    for (const alias of yaml) {
      origins.set(alias.id, "yaml");
      if (alias.isActive) yamlActive.add(alias.id);
    }
  }
  const normalised = enforceOneActive(aliases, (a) => yamlActive.has(a.id));
  if (seeded.length > 0) needsWriteBack = true;
  const sorted = sortAliases(aliases);
  if (normalised.some((alias, i) => alias.isActive !== sorted[i].isActive)) {
    needsWriteBack = true;
  }

  return {
    state: {
      settings: config.settings,
      downstreams,
      rules,
      aliases: normalised,
      aliasOrigins: origins,
    },
    seeded,
    needsWriteBack,
  };
}

/**
 * Gives YAML aliases without `group_order` their group's order: another YAML member's, else the
 * stored group's, else the next free one.
 */
function withGroupOrders(
  yaml: readonly AliasFields[],
  stored: readonly Alias[],
  kept: readonly Alias[],
): Alias[] {
  const groupOrder = new Map<string, number>();
  for (const alias of yaml) {
    if (alias.groupOrder !== undefined && !groupOrder.has(alias.inputModelId)) {
      groupOrder.set(alias.inputModelId, alias.groupOrder);
    }
  }
  for (const alias of [...kept, ...stored]) {
    if (!groupOrder.has(alias.inputModelId)) {
      groupOrder.set(alias.inputModelId, alias.groupOrder);
    }
  }
  let next = Math.max(-1, ...groupOrder.values()) + 1;
  return yaml.map((alias) => {
    let order = alias.groupOrder ?? groupOrder.get(alias.inputModelId);
    if (order === undefined) {
      order = next++;
      groupOrder.set(alias.inputModelId, order);
    }
    return { ...alias, groupOrder: order };
  });
}

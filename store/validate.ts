/**
 * Checks domain values against the same zod schemas the YAML and the admin API use, throwing
 * `ValidationError` with the contract's snake_case field path.
 *
 * @module
 */
import type { z } from "zod";
import { ValidationError } from "./errors.ts";
import {
  aliasSchema,
  downstreamSchema,
  formatPath,
  regexProblem,
  ruleSchema,
  settingsShape,
  zodErrorMessage,
} from "./schemas.ts";
import {
  fromAlias,
  fromDownstream,
  fromRule,
  fromSettings,
} from "./records.ts";
import type { Alias, Downstream, Rule, Settings } from "./types.ts";
import { z as zod } from "zod";

/** Parses `json` with `schema`, throwing `ValidationError` for the first problem. */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  json: unknown,
): z.output<S> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ValidationError("", "Expected a JSON object");
  }
  const result = schema.safeParse(json, { error: zodErrorMessage });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ValidationError(formatPath(issue.path), issue.message);
  }
  return result.data;
}

/** Throws `ValidationError` when a downstream breaks its schema. */
export function validateDownstream(downstream: Downstream): void {
  parseWithSchema(downstreamSchema, fromDownstream(downstream));
}

/** Throws `ValidationError` when a rule breaks its schema or names an unknown downstream. */
export function validateRule(
  rule: Rule,
  downstreamIds: ReadonlySet<string>,
): void {
  parseWithSchema(ruleSchema, fromRule(rule));
  rule.matchDownstreams.forEach((id, index) => {
    if (!downstreamIds.has(id)) {
      throw new ValidationError(
        `match_downstreams[${index}]`,
        `unknown downstream "${id}"`,
      );
    }
  });
}

/** Throws `ValidationError` when an alias breaks its schema, has a bad regex or an unknown downstream. */
export function validateAlias(
  alias: Alias,
  downstreamIds: ReadonlySet<string>,
): void {
  parseWithSchema(aliasSchema, fromAlias(alias));
  const problem = regexProblem(alias.inputModelId, alias.isRegex);
  if (problem !== undefined) {
    throw new ValidationError("input_model_id", problem);
  }
  if (!downstreamIds.has(alias.downstreamId)) {
    throw new ValidationError(
      "downstream_id",
      `unknown downstream "${alias.downstreamId}"`,
    );
  }
}

const settingsSchema = zod.object(settingsShape);

/** Throws `ValidationError` when settings break their schema. */
export function validateSettings(settings: Settings): void {
  parseWithSchema(settingsSchema, fromSettings(settings));
}

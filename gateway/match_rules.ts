/**
 * Rule matching: every enabled rule whose path (exact or `*`) and optional model match, filtered
 * by format, downstream format and downstream; ordered exact path + model, exact path, `*`
 * (stored order within each tier). Rules never change the downstream.
 *
 * @module
 */
import type { ApiFormat } from "../plugins/mod.ts";
import type { Downstream } from "../store/types.ts";
import type { CompiledRule, Routing } from "./routing.ts";

/** What a rule is matched against. */
export interface RuleQuery {
  /** Canonical request path (`/v1/chat/completions`). */
  readonly path: string;
  /** The model the client sent (before alias rewrite). */
  readonly model: string;
  readonly format: ApiFormat;
  readonly downstream: Downstream;
}

function passes(rule: CompiledRule, q: RuleQuery): boolean {
  const r = rule.rule;
  if (r.patternModel !== "" && r.patternModel !== q.model) return false;
  if (r.matchFormat.length > 0 && !r.matchFormat.includes(q.format)) {
    return false;
  }
  if (
    r.matchDownstreamFormat.length > 0 &&
    !r.matchDownstreamFormat.some((f) => q.downstream.apiFormats.includes(f))
  ) return false;
  if (
    r.matchDownstreams.length > 0 &&
    !r.matchDownstreams.includes(q.downstream.id)
  ) return false;
  return true;
}

/** The matching rules in priority order. */
export function matchRules(routing: Routing, q: RuleQuery): CompiledRule[] {
  const exact = (routing.rulesByPath.get(q.path) ?? []).filter((r) =>
    passes(r, q)
  );
  const wildcard = (routing.rulesByPath.get("*") ?? []).filter((r) =>
    passes(r, q)
  );
  return [
    ...exact.filter((r) => r.rule.patternModel !== ""),
    ...exact.filter((r) => r.rule.patternModel === ""),
    ...wildcard,
  ];
}

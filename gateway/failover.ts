/**
 * Failover across an alias group (issue 16): the members a request may try, in order, and the
 * record of each try. The send stage runs the loop (`stages/send.ts`); this module decides.
 *
 * - The candidates are the active member, then the group's other members with
 *   `failover: true` in list order (`Routing.failoverMembers`); each is tried at most once.
 * - A try fails over on a connect error, no head within the connect timeout, or a 429, 5xx or
 *   529 answer — all before any byte went to the client. Any other answer is the client's.
 * - A failed member's `retry-after` rests it (`cooldowns.ts`, at most 60 s): while it rests,
 *   requests pass it over (logged as `cooling`). When every candidate rests, the one whose rest
 *   ends first is tried anyway — Tresor never refuses a request on its own bookkeeping, and the
 *   provider's answer is relayed.
 *
 * @module
 */
import type { LogAttemptJson } from "../store/mod.ts";
import type { Alias, Downstream } from "../store/types.ts";
import type { Cooldowns } from "./cooldowns.ts";
import type { Resolution } from "./resolve_model.ts";

/** How one try ended. */
export type AttemptEnd =
  /** An answer the client gets (any status that is not a failover status). */
  | { readonly kind: "answered"; readonly status: number }
  /** A 429, 5xx or 529; `retryAfterMs` from its `retry-after`, when it had one. */
  | {
    readonly kind: "status";
    readonly status: number;
    readonly retryAfterMs: number | undefined;
  }
  | { readonly kind: "unreachable" | "timeout" };

/** Whether an upstream status is worth another member: 429, 5xx (529, Anthropic's overload, too). */
export function isFailoverStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** The cool-down key of a member: a rate limit is the downstream's, for that model. */
function memberKey(member: Resolution): string {
  return `${member.downstream.id}\n${member.model}`;
}

/** One request's way through its group's failover members. */
export class Failover {
  /** Every member tried or passed over, in order: the request log's `attempts`. */
  readonly attempts: LogAttemptJson[] = [];
  readonly #queue: Resolution[];
  readonly #cooldowns: Cooldowns;

  /**
   * @param primary the resolved target (the group's active member)
   * @param members its failover members, in list order (their downstreams exist)
   */
  constructor(
    primary: Resolution,
    members: readonly Alias[],
    services: {
      readonly downstreams: ReadonlyMap<string, Downstream>;
      readonly cooldowns: Cooldowns;
      readonly now: number;
    },
  ) {
    this.#cooldowns = services.cooldowns;
    const candidates: Resolution[] = [primary];
    for (const alias of members) {
      const downstream = services.downstreams.get(alias.downstreamId);
      if (downstream) {
        candidates.push({ downstream, model: alias.outputModelId, alias });
      }
    }
    const rest = candidates.map((c) =>
      services.cooldowns.remaining(memberKey(c), services.now)
    );
    this.#queue = candidates.filter((_, i) => rest[i] === 0);
    if (this.#queue.length === 0) {
      const soonest = rest.indexOf(Math.min(...rest));
      this.#queue.push(candidates[soonest]);
    }
    for (const candidate of candidates) {
      if (!this.#queue.includes(candidate)) {
        this.attempts.push(toAttempt(candidate, null, "cooling", 0));
      }
    }
  }

  /** The member to try first: the active one unless it rests. */
  first(): Resolution {
    return this.#queue[0];
  }

  /**
   * Records how the try at the current member ended (resting it when its answer asked to) and
   * returns the next member to try, or `undefined` when the answer stands or none is left.
   */
  settle(
    end: AttemptEnd,
    durationMs: number,
    now: number,
  ): Resolution | undefined {
    const member = this.#queue.shift();
    if (member === undefined) {
      throw new TypeError("Cannot settle a failover try: none is under way");
    }
    const status = end.kind === "answered" || end.kind === "status"
      ? end.status
      : null;
    const kind = end.kind === "answered" ? null : end.kind;
    this.attempts.push(toAttempt(member, status, kind, durationMs));
    if (end.kind === "status" && end.retryAfterMs !== undefined) {
      this.#cooldowns.cool(memberKey(member), end.retryAfterMs, now);
    }
    return end.kind === "answered" ? undefined : this.#queue[0];
  }
}

function toAttempt(
  member: Resolution,
  status: number | null,
  kind: LogAttemptJson["error_kind"],
  durationMs: number,
): LogAttemptJson {
  return {
    downstream: member.downstream.id,
    model: member.model,
    // Candidates come from an alias group, so each has its alias.
    alias: member.alias?.id ?? "",
    status,
    error_kind: kind,
    duration_ms: durationMs,
  };
}

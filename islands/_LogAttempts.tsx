/**
 * The request log's failover view (issue 16): a mark on an entry whose answer came from a member
 * other than the first it tried, and the list of every member tried or passed over.
 *
 * @module
 */
import type { JSX } from "preact";
import type { LogAttemptJson } from "../store/mod.ts";

const OUTCOME: Record<NonNullable<LogAttemptJson["error_kind"]>, string> = {
  unreachable: "unreachable",
  timeout: "no answer in time",
  status: "failed",
  cooling: "resting (retry-after), passed over",
};

/** The members actually sent the request (not passed over while resting). */
function tried(attempts: readonly LogAttemptJson[]): LogAttemptJson[] {
  return attempts.filter((a) => a.error_kind !== "cooling");
}

/** "failover: 2nd try" beside an entry answered after another member failed; nothing otherwise. */
export function FailoverMark(
  { attempts }: { readonly attempts: readonly LogAttemptJson[] | undefined },
): JSX.Element | null {
  const count = attempts === undefined ? 0 : tried(attempts).length;
  if (count < 2) return null;
  const nth = count === 2 ? "2nd" : count === 3 ? "3rd" : `${count}th`;
  return (
    <span class="badge badge-failover" title="Answered by a failover member">
      failover: {nth} try
    </span>
  );
}

/** The `Attempts` row of an entry's details, when its target had failover members. */
export function AttemptRows(
  { attempts }: { readonly attempts: readonly LogAttemptJson[] | undefined },
): JSX.Element | null {
  if (attempts === undefined) return null;
  return (
    <>
      <dt>Attempts</dt>
      <dd>
        <ol class="attempt-list">
          {attempts.map((a, i) => (
            <li key={i} data-attempt={a.downstream}>
              {a.downstream} ({a.model}):{" "}
              {a.error_kind === null ? "answered" : OUTCOME[a.error_kind]}
              {a.status !== null && ` ${a.status}`}
              {a.error_kind !== "cooling" && `, ${a.duration_ms} ms`}
            </li>
          ))}
        </ol>
      </dd>
    </>
  );
}

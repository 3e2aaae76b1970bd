/**
 * The downstream form's **Test** button and its results (issue 16): the settings as the form
 * holds them go to `POST /api/downstreams/test` (nothing is saved); each check shows ok or
 * failed, its latency, the provider's status and error.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { DownstreamTestJson } from "../store/mod.ts";
import { api, errorMessage } from "./api.ts";

/** What the last test said: its checks, or why it could not run. */
type Outcome =
  | { readonly kind: "result"; readonly result: DownstreamTestJson }
  | { readonly kind: "error"; readonly message: string };

/** Props of {@link DownstreamTest}. */
export interface DownstreamTestProps {
  /** The request body: the form's settings as they are now. */
  body(): Record<string, unknown>;
}

const CHECK_LABELS: Record<string, string> = {
  models: "Models endpoint",
  openai: "Chat Completions (1 token)",
  anthropic: "Anthropic Messages (1 token)",
  responses: "Responses (1 token)",
};

/** The button and the results list. */
export function DownstreamTest(props: DownstreamTestProps): JSX.Element {
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async () => {
    setRunning(true);
    try {
      const result = await api<DownstreamTestJson>(
        "POST",
        "/api/downstreams/test",
        props.body(),
      );
      setOutcome({ kind: "result", result });
    } catch (err) {
      setOutcome({ kind: "error", message: errorMessage(err) });
    } finally {
      setRunning(false);
    }
  };

  return (
    <section class="downstream-test" aria-label="Connection test">
      <button type="button" onClick={run} disabled={running}>
        {running ? "Testing…" : "Test"}
      </button>
      <div role="status" aria-live="polite" class="test-outcome">
        {outcome?.kind === "error" && (
          <p class="notice notice-error">Cannot test: {outcome.message}</p>
        )}
        {outcome?.kind === "result" && (
          <>
            <p class={outcome.result.ok ? "test-ok" : "test-failed"}>
              {outcome.result.ok
                ? "Every check passed."
                : "Some checks failed."}
            </p>
            <ul class="test-checks">
              {outcome.result.checks.map((c) => (
                <li key={c.name} data-check={c.name} data-ok={c.ok}>
                  <span class={`badge ${c.ok ? "badge-ok" : "badge-failed"}`}>
                    {c.ok ? "ok" : "failed"}
                  </span>{" "}
                  <strong>{CHECK_LABELS[c.name] ?? c.name}</strong>
                  {c.model && <span class="mono">{` ${c.model}`}</span>}
                  <span class="muted">
                    {c.status !== null && ` · ${c.status}`}
                    {c.latency_ms !== null && ` · ${c.latency_ms} ms`}
                  </span>
                  {c.error && <span class="test-error">{c.error}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

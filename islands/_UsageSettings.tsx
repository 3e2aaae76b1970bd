/**
 * The settings page's usage and metrics panel: how long usage records are kept
 * (`usage_retention_days`) and the write-only `metrics_token` for Prometheus scrapes.
 *
 * @module
 */
import type { JSX } from "preact";
import { TextField } from "./_Field.tsx";

/** Props of {@link UsageSettings}. */
export interface UsageSettingsProps {
  readonly retention: string;
  onRetention(days: string): void;
  readonly metricsTokenSet: boolean;
  readonly metricsToken: string;
  onMetricsToken(token: string): void;
  readonly clearMetricsToken: boolean;
  onClearMetricsToken(clear: boolean): void;
  /** The API's message for a field, if it refused one. */
  error(field: string): string | undefined;
}

/** The usage and metrics panel. */
export function UsageSettings(props: UsageSettingsProps): JSX.Element {
  return (
    <div class="card panel">
      <h2>Usage and metrics</h2>
      <p class="hint">
        {props.metricsTokenSet
          ? "A metrics token is set: Prometheus may scrape /metrics with it. Leave blank to keep it."
          : "/metrics answers the admin credentials only. Set a token for a Prometheus scrape job."}
      </p>
      <div class="form-grid">
        <TextField
          id="set-usage-retention"
          label="Keep usage records for (days)"
          value={props.retention}
          attrs={{ type: "number", min: 1, step: 1, inputMode: "numeric" }}
          error={props.error("usage_retention_days")}
          onValue={props.onRetention}
        />
        <TextField
          id="set-metrics-token"
          label="New metrics token"
          value={props.metricsToken}
          attrs={{
            type: "password",
            autocomplete: "off",
            disabled: props.clearMetricsToken,
          }}
          error={props.error("metrics_token")}
          onValue={props.onMetricsToken}
        />
      </div>
      {props.metricsTokenSet && (
        <div class="checks">
          <label>
            <input
              type="checkbox"
              checked={props.clearMetricsToken}
              onChange={(e) =>
                props.onClearMetricsToken(e.currentTarget.checked)}
            />
            Remove the metrics token
          </label>
        </div>
      )}
    </div>
  );
}

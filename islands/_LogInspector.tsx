/**
 * The request inspector, opened from a log entry: its overview (ids, formats, the pipeline that
 * ran and which steps were automatic, the converters' warnings, timings, usage), the four
 * captured messages (headers redacted, bodies as collapsible JSON), the diff between the request
 * as received and as forwarded, the replay, and the export of the entry as a JSON file.
 *
 * @module
 */
import { Fragment, type JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type {
  CapturedMessageJson,
  LogDetailJson,
  LogEntryJson,
} from "../store/mod.ts";
import { api, errorMessage } from "./api.ts";
import { BodyView } from "./_JsonTree.tsx";
import { JsonDiff } from "./_JsonDiff.tsx";
import { ReplayPanel } from "./_ReplayPanel.tsx";
import { AttemptRows } from "./_LogAttempts.tsx";
import { ms } from "./_log_entries.ts";
import { UsageDetails } from "./_LogUsage.tsx";

const TABS = ["overview", "messages", "diff", "replay"] as const;
type Tab = typeof TABS[number];
const TAB_LABELS: Record<Tab, string> = {
  overview: "Overview",
  messages: "Messages",
  diff: "Diff",
  replay: "Replay",
};

/** Saves `detail` as `tresor-request-<id>.json` (secrets were redacted by the daemon). */
function exportJson(detail: LogDetailJson): void {
  const blob = new Blob([`${JSON.stringify(detail, null, 2)}\n`], {
    type: "application/json",
  });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `tresor-request-${detail.id}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

function Overview(
  { entry, detail }: {
    readonly entry: LogEntryJson;
    readonly detail: LogDetailJson | undefined;
  },
): JSX.Element {
  const capture = detail?.capture;
  return (
    <dl>
      <dt>Request id</dt>
      <dd>{entry.id}</dd>
      {entry.replay_of && (
        <>
          <dt>Replay of</dt>
          <dd>{entry.replay_of}</dd>
        </>
      )}
      <dt>Time</dt>
      <dd>{entry.time}</dd>
      <dt>Formats</dt>
      <dd>{entry.format_in ?? "–"} → {entry.format_out ?? "–"}</dd>
      <dt>Alias</dt>
      <dd>{entry.alias ?? "–"}</dd>
      <dt>Downstream</dt>
      <dd>{entry.downstream ?? "–"}</dd>
      <AttemptRows attempts={entry.attempts} />
      <dt>Rules</dt>
      <dd>{entry.rules.join(", ") || "–"}</dd>
      <dt>Pipeline</dt>
      <dd>
        {capture && capture.pipeline.length > 0
          ? (
            <ol class="pipeline-steps">
              {capture.pipeline.map((step, i) => (
                <li key={i}>
                  {step.plugin_id}{" "}
                  <span class="badge badge-muted">
                    {step.automatic ? "automatic" : `rule ${step.rule_id}`}
                  </span>
                </li>
              ))}
            </ol>
          )
          : entry.plugins.join(", ") || "–"}
      </dd>
      {capture && capture.warnings.length > 0 && (
        <>
          <dt>Warnings</dt>
          <dd>
            <ul class="warnings">
              {capture.warnings.map((w, i) => (
                <li key={i} data-level={w.level}>
                  <span class="badge badge-regex">{w.level}</span> {w.message}
                  {" "}
                  <code class="muted">{JSON.stringify(w.fields)}</code>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>Latency</dt>
      <dd>
        first byte {ms(entry.ttfb_ms)}, total {ms(entry.total_ms)}
        {entry.streamed ? " (streamed)" : ""}
      </dd>
      <UsageDetails entry={entry} />
      {entry.error && (
        <>
          <dt>Error</dt>
          <dd>
            {entry.error}
            {entry.error_kind && ` (${entry.error_kind})`}
          </dd>
        </>
      )}
    </dl>
  );
}

function Message(
  props: {
    readonly title: string;
    readonly line: string;
    readonly message: CapturedMessageJson | null;
  },
): JSX.Element {
  const { message } = props;
  if (message === null) {
    return (
      <section class="message">
        <h4>{props.title}</h4>
        <p class="muted">The request never got this far.</p>
      </section>
    );
  }
  return (
    <section class="message">
      <h4>
        {props.title} <code class="muted">{props.line}</code>
        {message.truncated && <span class="badge badge-regex">cut</span>}
      </h4>
      <details class="headers">
        <summary>{Object.keys(message.headers).length} headers</summary>
        <dl>
          {Object.entries(message.headers).map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      </details>
      <BodyView body={message.body} />
    </section>
  );
}

function Messages({ detail }: { readonly detail: LogDetailJson }): JSX.Element {
  const capture = detail.capture;
  if (!capture) return <NotCaptured />;
  return (
    <div class="messages">
      <Message
        title="As received"
        line={`${detail.method} ${capture.received.url}`}
        message={capture.received}
      />
      <Message
        title="As forwarded"
        line={capture.forwarded?.url ?? ""}
        message={capture.forwarded}
      />
      <Message
        title="Upstream answer"
        line={String(capture.upstream?.status ?? "")}
        message={capture.upstream}
      />
      <Message
        title="As returned"
        line={String(capture.returned?.status ?? "")}
        message={capture.returned}
      />
    </div>
  );
}

function NotCaptured(): JSX.Element {
  return (
    <p class="notice" role="note">
      This request’s headers and bodies were not captured: capture.mode keeps
      failed requests, or every request while “Capture every request” is on.
    </p>
  );
}

function Diff({ detail }: { readonly detail: LogDetailJson }): JSX.Element {
  const capture = detail.capture;
  if (!capture) return <NotCaptured />;
  const { received, forwarded } = capture;
  if (!forwarded) {
    return <p class="muted">Nothing was forwarded: the request ended first.</p>;
  }
  if (typeof received.body === "string" || typeof forwarded.body === "string") {
    return (
      <p class="muted">
        A body was cut or is not JSON: compare them under Messages.
      </p>
    );
  }
  return (
    <>
      <p class="muted">
        From the request as received to the request as forwarded: what aliases,
        rules and translation changed.
      </p>
      <JsonDiff left={received.body} right={forwarded.body} />
    </>
  );
}

/** The inspector of one log entry. */
export function LogInspector(
  { entry }: { readonly entry: LogEntryJson },
): JSX.Element {
  const [detail, setDetail] = useState<LogDetailJson | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<Tab>("overview");
  useEffect(() => {
    api<LogDetailJson>("GET", `/api/logs/${encodeURIComponent(entry.id)}`)
      .then(setDetail, (err) => setError(errorMessage(err)));
  }, [entry.id]);
  const panelId = `inspector-${entry.id}-${tab}`;
  return (
    <div class="inspector">
      <div class="inspector-bar">
        <div role="tablist" aria-label="Inspector" class="inspector-tabs">
          {TABS.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={t === tab}
              aria-controls={panelId}
              onClick={() => setTab(t)}
            >
              {TAB_LABELS[t]}
            </button>
          ))}
        </div>
        <button
          type="button"
          disabled={!detail}
          onClick={() => detail && exportJson(detail)}
        >
          Export JSON
        </button>
      </div>
      {error && <p role="alert" class="field-error">{error}</p>}
      <div role="tabpanel" id={panelId} class="inspector-panel">
        {tab === "overview" && <Overview entry={entry} detail={detail} />}
        {tab !== "overview" && !detail && !error && (
          <p class="muted">Loading…</p>
        )}
        {tab === "messages" && detail && <Messages detail={detail} />}
        {tab === "diff" && detail && <Diff detail={detail} />}
        {tab === "replay" && detail && <ReplayPanel detail={detail} />}
      </div>
    </div>
  );
}

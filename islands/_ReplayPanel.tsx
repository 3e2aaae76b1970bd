/**
 * The inspector's replay: sends the captured request again through the gateway — to its own
 * route, or to a downstream and model picked from the list — and shows the new answer beside
 * the original, with the diff of the two (JSON field by field, a stream's SSE text by line).
 *
 * @module
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type {
  DownstreamJson,
  JsonValue,
  LogDetailJson,
  ReplayJson,
} from "../store/mod.ts";
import { api, errorMessage } from "./api.ts";
import { BodyView } from "./_JsonTree.tsx";
import { JsonDiff } from "./_JsonDiff.tsx";
import { TextDiff } from "./_TextDiff.tsx";
import { statusClass } from "./_log_entries.ts";

/** Why a request cannot be replayed, or `undefined` when it can. */
export function replayBlocker(detail: LogDetailJson): string | undefined {
  const capture = detail.capture;
  if (capture === null) {
    return "Its bodies were not captured. Switch on “Capture every request” above (or set capture.mode: all), then send it again from the app.";
  }
  if (capture.received.body === null) return "It had no body to send again.";
  if (capture.received.truncated) {
    return "Its body was cut at capture.max_body_bytes, so it cannot be sent again as it was.";
  }
  return undefined;
}

function text(body: JsonValue): string {
  return typeof body === "string" ? body : JSON.stringify(body, null, 2);
}

function Answer(
  props: {
    readonly title: string;
    readonly status?: number;
    readonly body: JsonValue;
  },
): JSX.Element {
  return (
    <section class="replay-side">
      <h4>
        {props.title}{" "}
        {props.status !== undefined && (
          <span class={`status ${statusClass(props.status)}`}>
            {props.status}
          </span>
        )}
      </h4>
      {/* Answers are small: open to the message text. */}
      <BodyView body={props.body} openDepth={5} />
    </section>
  );
}

/** The replay controls and results for one captured request. */
export function ReplayPanel(
  { detail }: { readonly detail: LogDetailJson },
): JSX.Element {
  const [downstreams, setDownstreams] = useState<readonly DownstreamJson[]>([]);
  const [target, setTarget] = useState("");
  const [model, setModel] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<ReplayJson | undefined>(undefined);
  const blocker = replayBlocker(detail);

  useEffect(() => {
    if (blocker) return;
    api<DownstreamJson[]>("GET", "/api/downstreams").then(
      setDownstreams,
      (err) => setError(errorMessage(err)),
    );
  }, [blocker]);

  if (blocker) {
    return (
      <p class="notice" role="note">Cannot replay this request: {blocker}</p>
    );
  }
  const chosen = downstreams.find((d) => d.id === target);
  const replay = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await api<ReplayJson>(
          "POST",
          `/api/logs/${encodeURIComponent(detail.id)}/replay`,
          {
            ...(target !== "" && { downstream_id: target }),
            ...(model !== "" && { model }),
          },
        ),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const original = detail.capture?.returned;
  return (
    <div class="replay">
      <div class="replay-form">
        <label>
          Send to{" "}
          <select
            value={target}
            onChange={(e) => {
              setTarget(e.currentTarget.value);
              setModel("");
            }}
          >
            <option value="">
              Its own route ({detail.downstream ?? "as resolved"})
            </option>
            {downstreams.map((d) => (
              <option key={d.id} value={d.id}>{d.name || d.id} ({d.id})</option>
            ))}
          </select>
        </label>
        <label>
          Model{" "}
          <select
            value={model}
            onChange={(e) => setModel(e.currentTarget.value)}
          >
            <option value="">
              {chosen
                ? "Its forwarded model, or the first"
                : "As the client asked"}
            </option>
            {(chosen?.output_model_ids ?? []).map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
          </select>
        </label>
        <button type="button" class="primary" disabled={busy} onClick={replay}>
          {busy ? "Replaying…" : "Replay"}
        </button>
      </div>
      {error && <p role="alert" class="field-error">{error}</p>}
      {result && (
        <>
          <div class="replay-compare">
            <Answer
              title="Original answer"
              status={original?.status}
              body={original?.body ?? null}
            />
            <Answer
              title={`Replay (${result.log_id.slice(0, 8)})`}
              status={result.status}
              body={result.body}
            />
          </div>
          <h4>What differs</h4>
          {typeof result.body !== "string" && typeof original?.body !== "string"
            ? <JsonDiff left={original?.body ?? null} right={result.body} />
            : (
              <TextDiff
                left={text(original?.body ?? "")}
                right={text(result.body)}
              />
            )}
        </>
      )}
    </div>
  );
}

/**
 * The live request log over `/api/logs/stream` (`_use_log_stream.ts`): newest first, text filter,
 * level selector, pause/resume, status colours, tokens, cost and time to first byte per request,
 * and a switch that captures every request while the page is open. Clicking an entry opens the
 * inspector (`_LogInspector.tsx`).
 *
 * @module
 */
import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";
import type { CaptureStatusJson, LogEntryJson } from "../store/mod.ts";
import { CaptureSwitch } from "./_CaptureSwitch.tsx";
import { LogInspector } from "./_LogInspector.tsx";
import { FailoverMark } from "./_LogAttempts.tsx";
import {
  clock,
  entryMatches,
  type Level,
  mergeEntries,
  statusClass,
} from "./_log_entries.ts";
import { UsageCells } from "./_LogUsage.tsx";
import { type StreamState, useLogStream } from "./_use_log_stream.ts";

/** Props of {@link LogViewer}. */
export type LogViewerProps = {
  /** Recent entries, newest first. */
  readonly entries: readonly LogEntryJson[];
  /** The capture settings and what is kept, for the capture switch. */
  readonly capture: CaptureStatusJson;
};

type Connection = StreamState | "paused";

const CONNECTION_LABELS: Record<Connection, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  paused: "Paused",
};

/** The live log viewer. */
export function LogViewer(props: LogViewerProps): JSX.Element {
  const [entries, setEntries] = useState<readonly LogEntryJson[]>(
    props.entries,
  );
  const [level, setLevel] = useState<Level>("all");
  const [text, setText] = useState("");
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState<readonly LogEntryJson[]>([]);
  const [stream, setStream] = useState<StreamState>("connecting");
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const pausedRef = useRef(false);
  pausedRef.current = paused;

  useLogStream((entry) => {
    if (pausedRef.current) setHeld((h) => [...h, entry]);
    else setEntries((current) => mergeEntries(current, [entry]));
  }, setStream);

  const togglePause = () => {
    if (paused) {
      setEntries((current) => mergeEntries(current, held));
      setHeld([]);
    }
    setPaused(!paused);
  };

  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  const visible = entries.filter((e) => entryMatches(e, level, text));
  const connection: Connection = paused ? "paused" : stream;

  return (
    <div>
      <div class="page-head">
        <div>
          <h1>Logs</h1>
          <p class="lead">Gateway requests as they happen, newest first.</p>
        </div>
        <span class="conn" data-state={connection} role="status">
          {CONNECTION_LABELS[connection]}
        </span>
      </div>
      <div class="log-toolbar">
        <label for="log-filter" class="visually-hidden">Filter</label>
        <input
          id="log-filter"
          type="search"
          placeholder="Filter by path, model, downstream, status…"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <label for="log-level" class="visually-hidden">Level</label>
        <select
          id="log-level"
          value={level}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setLevel(v === "warn" || v === "error" ? v : "all");
          }}
        >
          <option value="all">All levels</option>
          <option value="warn">Warnings and errors</option>
          <option value="error">Errors only</option>
        </select>
        <button type="button" aria-pressed={paused} onClick={togglePause}>
          {paused
            ? `Resume${held.length > 0 ? ` (${held.length} new)` : ""}`
            : "Pause"}
        </button>
        <button
          type="button"
          onClick={() => {
            setEntries([]);
            setOpen(new Set());
          }}
        >
          Clear
        </button>
      </div>
      <CaptureSwitch initial={props.capture} />
      <div class="table-wrap">
        {visible.length === 0
          ? (
            <p class="empty">
              {entries.length === 0
                ? "No requests yet. They appear here as they arrive."
                : "No requests match the filter."}
            </p>
          )
          : (
            <ol class="log-list" aria-label="Requests">
              {visible.map((e) => {
                const expanded = open.has(e.id);
                return (
                  <li
                    class="log-entry"
                    key={e.id}
                    data-entry={e.id}
                    data-level={e.level}
                  >
                    <button
                      type="button"
                      class="log-summary"
                      aria-expanded={expanded}
                      aria-controls={`log-${e.id}`}
                      onClick={() => toggle(e.id)}
                    >
                      <span class="mono">{clock(e.time)}</span>
                      <span class={`status ${statusClass(e.status)}`}>
                        {e.status}
                      </span>
                      <span class="mono">
                        {e.method} {e.path}
                        {e.replay_of && (
                          <span class="badge-replay">replay</span>
                        )}
                      </span>
                      <span class="col-model">
                        {e.model_requested ?? "–"}
                        {e.model_forwarded &&
                          e.model_forwarded !== e.model_requested &&
                          ` → ${e.model_forwarded}`}
                        {e.downstream && ` @ ${e.downstream}`}
                        <FailoverMark attempts={e.attempts} />
                      </span>
                      <UsageCells entry={e} />
                    </button>
                    {expanded && (
                      <div class="log-details" id={`log-${e.id}`}>
                        <LogInspector entry={e} />
                      </div>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
      </div>
    </div>
  );
}

/**
 * The live request log over `/api/logs/stream` (EventSource with the session cookie): newest
 * first, text filter, level selector, pause/resume, status colours, expandable details. It
 * reconnects on its own after the daemon restarts.
 *
 * @module
 */
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { LogEntryJson } from "../store/mod.ts";
import { AttemptRows, FailoverMark } from "./_LogAttempts.tsx";

/** Props of {@link LogViewer}. */
export type LogViewerProps = {
  /** Recent entries, newest first. */
  readonly entries: readonly LogEntryJson[];
};

/** Entries kept in the page; older ones drop off the end. */
const MAX_ENTRIES = 500;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 10_000;

type Level = "all" | "warn" | "error";
type Connection = "connecting" | "live" | "reconnecting" | "paused";

const LEVEL_RANK = { info: 0, warn: 1, error: 2 } as const;

/** Whether `entry` passes the level and text filters. */
export function entryMatches(
  entry: LogEntryJson,
  level: Level,
  text: string,
): boolean {
  if (level !== "all" && LEVEL_RANK[entry.level] < LEVEL_RANK[level]) {
    return false;
  }
  const needle = text.trim().toLowerCase();
  if (needle === "") return true;
  return [
    entry.path,
    entry.method,
    entry.model_requested,
    entry.model_forwarded,
    entry.alias,
    entry.downstream,
    String(entry.status),
    entry.error,
    entry.id,
  ].some((field) => field?.toLowerCase().includes(needle));
}

/** Adds `incoming` (any order) to `current` (newest first), skipping known ids. */
export function mergeEntries(
  current: readonly LogEntryJson[],
  incoming: readonly LogEntryJson[],
): LogEntryJson[] {
  const known = new Set(current.map((e) => e.id));
  const fresh = incoming.filter((e) => !known.has(e.id));
  if (fresh.length === 0) return [...current];
  return [...fresh, ...current]
    .sort((a, b) => a.time < b.time ? 1 : a.time > b.time ? -1 : 0)
    .slice(0, MAX_ENTRIES);
}

function isLogEntry(value: unknown): value is LogEntryJson {
  return typeof value === "object" && value !== null && "id" in value &&
    typeof value.id === "string" && "status" in value &&
    typeof value.status === "number" && "time" in value &&
    typeof value.time === "string";
}

function statusClass(status: number): string {
  if (status >= 500 || status === 0) return "status-5xx";
  if (status >= 400) return "status-4xx";
  if (status >= 300) return "status-3xx";
  return "status-2xx";
}

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toTimeString().slice(0, 8);
}

function ms(value: number | null): string {
  return value === null ? "–" : `${Math.round(value)} ms`;
}

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
  const [connection, setConnection] = useState<Connection>("connecting");
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const pausedRef = useRef(false);
  pausedRef.current = paused;

  useEffect(() => {
    let source: EventSource | null = null;
    let retryMs = RETRY_MIN_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      source = new EventSource("/api/logs/stream");
      setConnection((c) => c === "paused" ? c : "connecting");
      source.onopen = () => {
        retryMs = RETRY_MIN_MS;
        setConnection(pausedRef.current ? "paused" : "live");
      };
      source.onmessage = (event: MessageEvent<string>) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data);
        } catch (err) {
          if (err instanceof SyntaxError) return;
          throw err;
        }
        if (!isLogEntry(parsed)) return;
        const entry = parsed;
        if (pausedRef.current) setHeld((h) => [...h, entry]);
        else setEntries((current) => mergeEntries(current, [entry]));
      };
      source.onerror = () => {
        if (stopped || !source) return;
        setConnection("reconnecting");
        // EventSource retries by itself while CONNECTING; once CLOSED (the daemon answered
        // with an error, e.g. after a restart) we retry with backoff ourselves.
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          clearTimeout(timer);
          timer = setTimeout(reconnect, retryMs);
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        }
      };
    };
    // A restarted daemon has forgotten the session: then the login page brings the user back.
    const reconnect = async () => {
      try {
        const res = await fetch("/api/auth/status", {
          credentials: "same-origin",
        });
        const status: unknown = await res.json();
        if (
          typeof status === "object" && status !== null &&
          "authenticated" in status && status.authenticated === false
        ) {
          location.assign(
            `/login?next=${encodeURIComponent(location.pathname)}`,
          );
          return;
        }
      } catch (err) {
        // Still down (fetch's TypeError, or a half-started daemon): try again later.
        if (!(err instanceof TypeError || err instanceof SyntaxError)) {
          throw err;
        }
        timer = setTimeout(reconnect, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        return;
      }
      if (!stopped) connect();
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, []);

  const togglePause = () => {
    if (paused) {
      setEntries((current) => mergeEntries(current, held));
      setHeld([]);
      setPaused(false);
      setConnection("live");
    } else {
      setPaused(true);
      setConnection("paused");
    }
  };

  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  const visible = entries.filter((e) => entryMatches(e, level, text));

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
                      <span class="mono">{e.method} {e.path}</span>
                      <span class="col-model">
                        {e.model_requested ?? "–"}
                        {e.model_forwarded &&
                          e.model_forwarded !== e.model_requested &&
                          ` → ${e.model_forwarded}`}
                        {e.downstream && ` @ ${e.downstream}`}
                        <FailoverMark attempts={e.attempts} />
                      </span>
                      <span class="col-ms mono">{ms(e.total_ms)}</span>
                    </button>
                    {expanded && (
                      <div class="log-details" id={`log-${e.id}`}>
                        <dl>
                          <dt>Request id</dt>
                          <dd>{e.id}</dd>
                          <dt>Time</dt>
                          <dd>{e.time}</dd>
                          <dt>Formats</dt>
                          <dd>
                            {e.format_in ?? "–"} → {e.format_out ?? "–"}
                          </dd>
                          <dt>Alias</dt>
                          <dd>{e.alias ?? "–"}</dd>
                          <dt>Downstream</dt>
                          <dd>{e.downstream ?? "–"}</dd>
                          <AttemptRows attempts={e.attempts} />
                          <dt>Rules</dt>
                          <dd>{e.rules.join(", ") || "–"}</dd>
                          <dt>Plugins</dt>
                          <dd>{e.plugins.join(", ") || "–"}</dd>
                          <dt>Latency</dt>
                          <dd>
                            first byte {ms(e.ttfb_ms)}, total {ms(e.total_ms)}
                            {e.streamed ? " (streamed)" : ""}
                          </dd>
                          <dt>Tokens</dt>
                          <dd>
                            in {e.input_tokens ?? "–"}, out{" "}
                            {e.output_tokens ?? "–"}
                          </dd>
                          {e.error && (
                            <>
                              <dt>Error</dt>
                              <dd>{e.error}</dd>
                            </>
                          )}
                        </dl>
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

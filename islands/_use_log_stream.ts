/**
 * The live log stream for the log viewer: `/api/logs/stream` over `EventSource` (the session
 * cookie), each entry handed to `onEntry`; it reconnects with backoff after the daemon restarts,
 * and sends the page to the login page when the daemon forgot the session.
 *
 * @module
 */
import { useEffect } from "preact/hooks";
import type { LogEntryJson } from "../store/mod.ts";
import { isLogEntry } from "./_log_entries.ts";

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 10_000;

/** The stream's connection state. */
export type StreamState = "connecting" | "live" | "reconnecting";

/** Follows the log stream while the component is mounted. */
export function useLogStream(
  onEntry: (entry: LogEntryJson) => void,
  onState: (state: StreamState) => void,
): void {
  useEffect(() => {
    let source: EventSource | null = null;
    let retryMs = RETRY_MIN_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      source = new EventSource("/api/logs/stream");
      onState("connecting");
      source.onopen = () => {
        retryMs = RETRY_MIN_MS;
        onState("live");
      };
      source.onmessage = (event: MessageEvent<string>) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data);
        } catch (err) {
          if (err instanceof SyntaxError) return;
          throw err;
        }
        if (isLogEntry(parsed)) onEntry(parsed);
      };
      source.onerror = () => {
        if (stopped || !source) return;
        onState("reconnecting");
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
}

/**
 * The Logs page's capture switch: while it is on, every request is captured whatever
 * `capture.mode` says. The page holds capture on through the admin API (`PUT /api/capture`), a
 * lease it renews while open and gives back when switched off or left, so capture switches
 * itself off when no Logs page holds it any more.
 *
 * @module
 */
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { CaptureStatusJson } from "../store/mod.ts";
import { api, errorMessage } from "./api.ts";
import { Switch } from "./_Switch.tsx";

/** Renewed well within the server's 30 s lease. */
const RENEW_MS = 10_000;

const MODE_TEXT: Record<CaptureStatusJson["mode"], string> = {
  off: "capture.mode is off",
  errors: "capture.mode keeps failed requests",
  all: "capture.mode keeps every request",
};

/** Gives `holder`'s hold back; `keepalive` lets it out while the page goes away. */
function release(holder: string): Promise<CaptureStatusJson | undefined> {
  return fetch("/api/capture", {
    method: "PUT",
    credentials: "same-origin",
    keepalive: true,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ live: false, holder }),
  }).then(
    (res) => res.ok ? res.json() : undefined,
    () => undefined,
  );
}

/** The switch and what the capture holds. */
export function CaptureSwitch(
  { initial }: { readonly initial: CaptureStatusJson },
): JSX.Element {
  const [status, setStatus] = useState(initial);
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const holder = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    const renew = async () => {
      try {
        const next = await api<CaptureStatusJson>("PUT", "/api/capture", {
          live: true,
          ...(holder.current && { holder: holder.current }),
        });
        // Switched off while this was on its way: give the fresh hold back at once.
        if (stopped && next.holder) return void release(next.holder);
        holder.current = next.holder;
        setStatus(next);
        setError(undefined);
      } catch (err) {
        setError(errorMessage(err));
      }
    };
    renew();
    const timer = setInterval(renew, RENEW_MS);
    const leave = () => holder.current && release(holder.current);
    addEventListener("pagehide", leave);
    return () => {
      stopped = true;
      clearInterval(timer);
      removeEventListener("pagehide", leave);
      const held = holder.current;
      holder.current = undefined;
      if (held) release(held).then((next) => next && setStatus(next));
    };
  }, [on]);

  return (
    <div class="capture-bar">
      <Switch
        checked={on}
        label="Capture every request"
        onToggle={() => setOn(!on)}
      />
      <span>Capture every request while this page is open</span>
      <span class="muted" data-capture-status>
        {MODE_TEXT[status.mode]} · {status.stored.requests} of{" "}
        {status.max_requests} kept
      </span>
      {error && <span role="alert" class="field-error">{error}</span>}
    </div>
  );
}

/**
 * `tresor logs show` and `tresor logs replay` as text: a request's entry, the pipeline that ran
 * and its warnings, then each captured message with its headers and body (JSON indented).
 *
 * @module
 */
import type {
  CapturedMessageJson,
  JsonValue,
  LogDetailJson,
  ReplayJson,
} from "../store/mod.ts";

function ms(value: number | null): string {
  return value === null ? "-" : `${Math.round(value)} ms`;
}

/** A body as text: JSON indented, text as it is, `(none)` when there was none. */
export function bodyText(body: JsonValue): string {
  if (body === null) return "(none)";
  return typeof body === "string" ? body : JSON.stringify(body, null, 2);
}

function messageText(
  title: string,
  message: CapturedMessageJson | null,
): string[] {
  if (message === null) return [`== ${title}: (never reached)`];
  const lines = [`== ${title}`];
  for (const [name, value] of Object.entries(message.headers)) {
    lines.push(`${name}: ${value}`);
  }
  lines.push("", bodyText(message.body));
  if (message.truncated) lines.push("(body cut at capture.max_body_bytes)");
  return lines;
}

/** The entry's summary lines. */
function summary(d: LogDetailJson): string[] {
  const model = d.model_forwarded && d.model_forwarded !== d.model_requested
    ? `${d.model_requested} → ${d.model_forwarded}`
    : d.model_requested ?? "-";
  return [
    `Request ${d.id}  ${d.time}${
      d.replay_of ? `  (replay of ${d.replay_of})` : ""
    }`,
    `${d.method} ${d.path} → ${d.status} in ${ms(d.total_ms)} (first byte ${
      ms(d.ttfb_ms)
    })${d.streamed ? ", streamed" : ""}${d.error ? `: ${d.error}` : ""}`,
    `Model     ${model}${d.downstream ? ` @ ${d.downstream}` : ""}${
      d.alias ? ` (alias ${d.alias})` : ""
    }`,
    `Formats   ${d.format_in ?? "-"} → ${d.format_out ?? "-"}`,
    `Tokens    in ${d.input_tokens ?? "-"}, out ${d.output_tokens ?? "-"}`,
  ];
}

/** `tresor logs show ID`. */
export function formatLogDetail(d: LogDetailJson): string {
  const lines = summary(d);
  const capture = d.capture;
  if (capture === null) {
    lines.push(
      "Bodies    not captured (capture.mode, or the Logs page's capture switch)",
    );
    return lines.join("\n");
  }
  const steps = capture.pipeline.map((s, i) =>
    `${i + 1}. ${s.plugin_id} (${
      s.automatic ? "automatic" : `rule ${s.rule_id}`
    })`
  );
  lines.push(`Pipeline  ${steps.join("  ") || "-"}`);
  for (const w of capture.warnings) {
    lines.push(
      `Warning   ${w.level} ${w.plugin_id}: ${w.message} ${
        JSON.stringify(w.fields)
      }`,
    );
  }
  lines.push(
    "",
    ...messageText(`Received ${capture.received.url}`, capture.received),
    "",
    ...messageText(
      `Forwarded ${capture.forwarded?.url ?? ""}`.trim(),
      capture.forwarded,
    ),
    "",
    ...messageText(
      `Upstream answer ${capture.upstream?.status ?? ""}`.trim(),
      capture.upstream,
    ),
    "",
    ...messageText(
      `Returned ${capture.returned?.status ?? ""}`.trim(),
      capture.returned,
    ),
  );
  return lines.join("\n");
}

/** `tresor logs replay ID`. */
export function formatReplay(r: ReplayJson): string {
  return [`Replayed as ${r.log_id}: ${r.status}`, "", bodyText(r.body)].join(
    "\n",
  );
}

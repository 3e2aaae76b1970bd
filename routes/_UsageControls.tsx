/**
 * The Usage page's controls, all plain links and one GET form so the state stays in the URL
 * and works without scripts: the range presets, a custom from/to, the CSV export of the range,
 * and the segmented "stack by" / "group by" choices.
 *
 * @module
 */
import type { JSX } from "preact";
import {
  exportHref,
  RANGE_LABELS,
  RANGE_PRESETS,
  toLocalInput,
  usageHref,
  type UsagePageQuery,
} from "./_usage_query.ts";

/** Props of {@link RangePicker}. */
export interface RangePickerProps {
  readonly query: UsagePageQuery;
  /** The custom inputs' text when the query could not be read (shown back as typed). */
  readonly typed?: { readonly from: string; readonly to: string };
  /** The range could be read: offer its CSV export. */
  readonly canExport: boolean;
}

/** Presets, custom from/to and the CSV export. */
export function RangePicker(
  { query, typed, canExport }: RangePickerProps,
): JSX.Element {
  return (
    <form
      class="card usage-range"
      method="get"
      action="/usage"
      aria-label="Range"
    >
      <nav class="segmented" aria-label="Range presets">
        {RANGE_PRESETS.map((preset) => (
          <a
            key={preset}
            href={usageHref(query, { range: preset })}
            aria-current={query.range === preset ? "true" : undefined}
          >
            {RANGE_LABELS[preset]}
          </a>
        ))}
      </nav>
      <div class="usage-custom">
        <label>
          From
          <input
            type="datetime-local"
            name="from"
            value={typed?.from ?? toLocalInput(query.from)}
          />
        </label>
        <label>
          To
          <input
            type="datetime-local"
            name="to"
            value={typed?.to ?? toLocalInput(query.to)}
          />
        </label>
        <input type="hidden" name="stack" value={query.stack} />
        <input type="hidden" name="group" value={query.group} />
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit">Show</button>
        {canExport && (
          <a class="button" href={exportHref(query)} download>
            Export CSV
          </a>
        )}
      </div>
    </form>
  );
}

/** A labelled row of links, one of them current. */
export function Segmented<T extends string>(
  { label, options, current, href }: {
    label: string;
    options: readonly { id: T; label: string }[];
    current: T;
    href: (id: T) => string;
  },
): JSX.Element {
  return (
    <nav class="segmented-row" aria-label={label}>
      <span class="muted">{label}</span>
      <span class="segmented">
        {options.map((o) => (
          <a
            key={o.id}
            href={href(o.id)}
            aria-current={o.id === current ? "true" : undefined}
          >
            {o.label}
          </a>
        ))}
      </span>
    </nav>
  );
}

/**
 * Latency per model, rendered on the server as SVG: for each model two bars, time to first
 * byte and total, each solid up to its p50 and paler on to its p95, with both numbers written
 * at the bar's end. d3-scale's band scales place the models and their two bars, a linear scale
 * the milliseconds.
 *
 * @module
 */
import type { JSX } from "preact";
// @ts-types="@types/d3-scale"
import { scaleBand, scaleLinear } from "d3-scale";
import type { UsageGroupJson } from "../store/mod.ts";
import { NONE_LABEL } from "./_usage_series.ts";
import { formatCount } from "./_usage_text.ts";

/** Models drawn at most (the busiest); the table lists every one. */
export const LATENCY_MODELS = 8;

const WIDTH = 400;
const ROW = 46;
const MARGIN = { top: 8, right: 112, bottom: 26, left: 4 } as const;

const MEASURES = [
  { id: "ttfb", label: "First byte", colour: 1 },
  { id: "duration", label: "Total", colour: 2 },
] as const;

type Measure = (typeof MEASURES)[number]["id"];

function percentiles(
  g: UsageGroupJson,
  measure: Measure,
): { p50: number; p95: number } | undefined {
  const p50 = measure === "ttfb" ? g.ttfb_ms_p50 : g.duration_ms_p50;
  const p95 = measure === "ttfb" ? g.ttfb_ms_p95 : g.duration_ms_p95;
  return p50 === null || p95 === null ? undefined : { p50, p95 };
}

/** Characters of a model's name that fit above its bars; longer ones end in "…". */
const NAME_CHARS = 52;

function shorten(name: string): string {
  return name.length <= NAME_CHARS ? name : `${name.slice(0, NAME_CHARS - 1)}…`;
}

/** The models with a measured latency, busiest first (then by name). */
export function latencyModels(
  groups: readonly UsageGroupJson[],
): UsageGroupJson[] {
  return groups
    .filter((g) => g.ttfb_ms_p95 !== null || g.duration_ms_p95 !== null)
    .sort((a, b) =>
      b.requests - a.requests ||
      (a.key ?? NONE_LABEL).localeCompare(b.key ?? NONE_LABEL)
    );
}

/** The latency chart of `groups` (grouped by model), or its empty message. */
export function LatencyChart(
  { groups }: { groups: readonly UsageGroupJson[] },
): JSX.Element {
  const all = latencyModels(groups);
  const models = all.slice(0, LATENCY_MODELS);
  if (models.length === 0) {
    return (
      <figure class="chart" data-chart="latency">
        <figcaption id="chart-latency">Latency by model</figcaption>
        <p class="chart-empty">No latency measured in this range</p>
      </figure>
    );
  }
  const height = MARGIN.top + models.length * ROW + MARGIN.bottom;
  const max = Math.max(
    ...models.map((g) => Math.max(g.ttfb_ms_p95 ?? 0, g.duration_ms_p95 ?? 0)),
  );
  const x = scaleLinear()
    .domain([0, Math.max(1, max)])
    .nice(4)
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const row = scaleBand<number>()
    .domain(models.map((_, i) => i))
    .range([MARGIN.top, height - MARGIN.bottom]);
  // The model's name takes the row's top; its two bars share the rest.
  const bar = scaleBand<Measure>()
    .domain(MEASURES.map((m) => m.id))
    .range([18, ROW - 4])
    .paddingInner(0.2);
  const ticks = x.ticks(4);
  return (
    <figure class="chart" data-chart="latency">
      <figcaption id="chart-latency">Latency by model</figcaption>
      <ul class="legend" aria-label="Legend of Latency by model">
        {MEASURES.map((m) => (
          <li key={m.id}>
            <span class={`swatch c${m.colour}`} aria-hidden="true" />
            {m.label} p50, <span class={`swatch pale c${m.colour}`} />p95
          </li>
        ))}
      </ul>
      <div class="chart-box">
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-labelledby="chart-latency"
        >
          <g class="axis">
            {ticks.map((t) => (
              <g key={t}>
                <line
                  class="grid"
                  x1={x(t)}
                  x2={x(t)}
                  y1={MARGIN.top}
                  y2={height - MARGIN.bottom}
                />
                <text
                  x={x(t)}
                  y={height - MARGIN.bottom + 16}
                  text-anchor="middle"
                >
                  {t === ticks[ticks.length - 1]
                    ? `${formatCount(t)} ms`
                    : formatCount(t)}
                </text>
              </g>
            ))}
          </g>
          {models.map((g, i) => {
            const top = row(i) ?? 0;
            const name = g.key ?? NONE_LABEL;
            return (
              <g key={name} data-model={name}>
                <text class="row-label" x={MARGIN.left} y={top + 12}>
                  {shorten(name)}
                </text>
                {MEASURES.map((m) => {
                  const p = percentiles(g, m.id);
                  if (p === undefined) return null;
                  const y = top + (bar(m.id) ?? 0);
                  const h = bar.bandwidth();
                  const text = `${m.label} p50 ${formatCount(p.p50)} / p95 ${
                    formatCount(p.p95)
                  } ms`;
                  return (
                    <g key={m.id} class={`c${m.colour}`}>
                      <title>{`${name}: ${text}`}</title>
                      <rect
                        class="pale"
                        x={x(0)}
                        y={y}
                        width={x(p.p95) - x(0)}
                        height={h}
                      />
                      <rect x={x(0)} y={y} width={x(p.p50) - x(0)} height={h} />
                      <text
                        class="value"
                        x={x(p.p95) + 4}
                        y={y + h / 2}
                        dy="0.32em"
                      >
                        {`${formatCount(p.p50)} / ${formatCount(p.p95)} ms`}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
      {all.length > models.length && (
        <p class="chart-note">
          {`${all.length - models.length} more models in the table below`}
        </p>
      )}
    </figure>
  );
}

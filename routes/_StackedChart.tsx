/**
 * A stacked bar chart over time, rendered on the server as SVG: d3-scale maps time and values
 * to pixels (and picks the ticks and their local-time labels), d3-shape's `stack` lays the
 * keys on top of each other. Colours are CSS classes over the theme's variables, so both
 * themes restyle it; every bar carries a `<title>` with its key, span and value.
 *
 * @module
 */
import type { JSX } from "preact";
// @ts-types="@types/d3-scale"
import { scaleLinear, scaleTime } from "d3-scale";
// @ts-types="@types/d3-shape"
import { stack } from "d3-shape";
// @ts-types="@types/d3-time"
import { timeDay } from "d3-time";
import type { BucketValues, StackKey } from "./_usage_series.ts";

/** Props of {@link StackedChart}. */
export interface StackedChartProps {
  /** The chart's name, e.g. "Requests". */
  readonly title: string;
  /** The value axis' unit, e.g. "requests per hour". */
  readonly unit: string;
  readonly keys: readonly StackKey[];
  readonly buckets: readonly BucketValues[];
  /** How a value reads on the axis and in the bars' titles. */
  readonly format: (value: number) => string;
  /** Whether values are whole numbers (no fractional ticks). */
  readonly integer?: boolean;
  /** Buckets are days (else hours): how their titles read. */
  readonly days: boolean;
  /** Shown instead of the bars when every value is 0. */
  readonly emptyText: string;
  /** A line under the chart (e.g. what it leaves out). */
  readonly note?: string;
}

/** The drawing's size in SVG units; the box scrolls it on narrow screens. */
const WIDTH = 400;
const HEIGHT = 200;
const MARGIN = { top: 24, right: 8, bottom: 26, left: 54 } as const;

const HOUR_TITLE = new Intl.DateTimeFormat("en-GB", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const DAY_TITLE = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  month: "short",
  day: "numeric",
});

/** A time label near an edge grows inwards, so it is never cut off. */
function tickAnchor(at: number): "start" | "middle" | "end" {
  if (at < MARGIN.left + 24) return "start";
  return at > WIDTH - MARGIN.right - 24 ? "end" : "middle";
}

/** The chart (a figure with caption), or its empty message. */
export function StackedChart(props: StackedChartProps): JSX.Element {
  const { keys, buckets, format } = props;
  const ids = keys.map((k) => k.id);
  const layers = stack<BucketValues, string>()
    .keys(ids)
    .value((d, id) => d.values[id] ?? 0)([...buckets]);
  const max = Math.max(0, ...layers.flatMap((l) => l.map((p) => p[1])));
  const chartId = `chart-${props.title.toLowerCase()}`;
  if (buckets.length === 0 || max === 0) {
    return (
      <figure class="chart" data-chart={props.title.toLowerCase()}>
        <figcaption id={chartId}>{props.title}</figcaption>
        <p class="chart-empty">{props.emptyText}</p>
      </figure>
    );
  }
  const x = scaleTime()
    .domain([buckets[0].start, buckets[buckets.length - 1].end])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear()
    .domain([0, max])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const yTicks = y.ticks(props.integer ? Math.min(4, max) : 4)
    .filter((t) => !props.integer || Number.isInteger(t));
  const end = buckets[buckets.length - 1].end;
  // A day's label sits under its bar (the day it names), an hour's on its boundary.
  const xTicks = x.ticks(5).filter((t) => !props.days || t.getTime() < end);
  const xLabel = x.tickFormat();
  const labelAt = (t: Date) =>
    props.days ? (x(t) + x(timeDay.offset(t, 1))) / 2 : x(t);
  const spanTitle = (b: BucketValues) =>
    props.days
      ? DAY_TITLE.format(b.start)
      : `${HOUR_TITLE.format(b.start)}–${HOUR_TITLE.format(b.end).slice(-5)}`;
  return (
    <figure class="chart" data-chart={props.title.toLowerCase()}>
      <figcaption id={chartId}>{props.title}</figcaption>
      <div class="chart-box">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={chartId}
        >
          <text class="axis-title" x={MARGIN.left} y={12}>{props.unit}</text>
          <g class="axis">
            {yTicks.map((t) => (
              <g key={t}>
                <line
                  class="grid"
                  x1={MARGIN.left}
                  x2={WIDTH - MARGIN.right}
                  y1={y(t)}
                  y2={y(t)}
                />
                <text
                  x={MARGIN.left - 6}
                  y={y(t)}
                  dy="0.32em"
                  text-anchor="end"
                >
                  {format(t)}
                </text>
              </g>
            ))}
          </g>
          <g class="bars">
            {layers.map((layer, i) => (
              <g key={layer.key} class={`c${keys[i].colour}`}>
                {layer.map((point, j) => {
                  const bucket = buckets[j];
                  const value = point[1] - point[0];
                  if (value <= 0) {
                    return null;
                  }
                  const left = x(bucket.start);
                  const width = x(bucket.end) - left;
                  return (
                    <rect
                      key={bucket.start}
                      x={left + width * 0.1}
                      width={Math.max(1, width * 0.8)}
                      y={y(point[1])}
                      height={y(point[0]) - y(point[1])}
                    >
                      <title>
                        {`${keys[i].label} · ${spanTitle(bucket)}: ${
                          format(value)
                        }`}
                      </title>
                    </rect>
                  );
                })}
              </g>
            ))}
          </g>
          <g class="axis">
            <line
              class="baseline"
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={HEIGHT - MARGIN.bottom}
              y2={HEIGHT - MARGIN.bottom}
            />
            {xTicks.map((t) => (
              <text
                key={t.getTime()}
                x={labelAt(t)}
                y={HEIGHT - MARGIN.bottom + 16}
                text-anchor={tickAnchor(labelAt(t))}
              >
                {xLabel(t)}
              </text>
            ))}
          </g>
        </svg>
      </div>
      {props.note && <p class="chart-note">{props.note}</p>}
    </figure>
  );
}

/**
 * What the gateway would do with a rule's pipeline (mirrors `gateway/pipeline.ts`): rule steps
 * run in order, a converter step changes the format, and when the resulting format is not
 * served by the downstream, the converter to its earliest reachable format is appended.
 *
 * @module
 */
import type {
  ApiFormat,
  DownstreamJson,
  PipelineStepJson,
  PluginJson,
} from "../store/mod.ts";

/** A downstream as the preview needs it. */
export type PreviewDownstream = Pick<
  DownstreamJson,
  "id" | "name" | "api_formats"
>;

/** One row of the auto-translation preview. */
export interface AutoStep {
  readonly clientFormat: ApiFormat;
  /** The downstreams this row covers. */
  readonly downstreams: readonly string[];
  readonly targets: readonly ApiFormat[];
  /** The converter the gateway appends, `null` when none is needed, `"missing"` when none exists. */
  readonly converter: string | null | "missing";
}

/** The converter from `from` to the earliest of `targets`, as the registry would pick it. */
export function findConverter(
  plugins: readonly PluginJson[],
  from: ApiFormat,
  targets: readonly ApiFormat[],
): PluginJson | undefined {
  for (const to of targets) {
    const found = plugins.find((p) =>
      p.converts?.from === from && p.converts.to === to
    );
    if (found) return found;
  }
  return undefined;
}

/** The auto-translation step for one client format and one downstream. */
export function autoConverter(
  steps: readonly PipelineStepJson[],
  plugins: readonly PluginJson[],
  clientFormat: ApiFormat,
  targets: readonly ApiFormat[],
): string | null | "missing" {
  let format = clientFormat;
  for (const step of steps) {
    if (!step.is_enabled) continue;
    const converts = plugins.find((p) => p.id === step.plugin_id)?.converts;
    if (converts && converts.from === format) format = converts.to;
  }
  if (targets.length === 0 || targets.includes(format)) return null;
  return findConverter(plugins, format, targets)?.id ?? "missing";
}

/**
 * The preview for a rule's filters: every client format it matches × every downstream it can
 * reach, grouped by the downstream's formats.
 */
export function previewAutoSteps(options: {
  readonly steps: readonly PipelineStepJson[];
  readonly plugins: readonly PluginJson[];
  readonly downstreams: readonly PreviewDownstream[];
  readonly matchFormat: readonly ApiFormat[];
  readonly matchDownstreamFormat: readonly ApiFormat[];
  readonly matchDownstreams: readonly string[];
  readonly allFormats: readonly ApiFormat[];
}): AutoStep[] {
  const clientFormats = options.matchFormat.length > 0
    ? options.matchFormat
    : options.allFormats;
  const reachable = options.downstreams.filter((d) =>
    (options.matchDownstreams.length === 0 ||
      options.matchDownstreams.includes(d.id)) &&
    (options.matchDownstreamFormat.length === 0 ||
      d.api_formats.some((f) => options.matchDownstreamFormat.includes(f)))
  );
  const rows: AutoStep[] = [];
  for (const clientFormat of clientFormats) {
    const byTargets = new Map<
      string,
      { targets: ApiFormat[]; ids: string[] }
    >();
    for (const d of reachable) {
      const key = d.api_formats.join(",");
      const entry = byTargets.get(key);
      if (entry) entry.ids.push(d.name);
      else byTargets.set(key, { targets: [...d.api_formats], ids: [d.name] });
    }
    for (const { targets, ids } of byTargets.values()) {
      rows.push({
        clientFormat,
        downstreams: ids,
        targets,
        converter: autoConverter(
          options.steps,
          options.plugins,
          clientFormat,
          targets,
        ),
      });
    }
  }
  return rows;
}

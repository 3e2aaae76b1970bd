/**
 * The plugin registry: every plugin Tresor knows, registered explicitly by id (no dynamic
 * import), plus lookups the gateway and the admin API use.
 *
 * @module
 */
import { z } from "zod";
import { anthropic2openai } from "./anthropic2openai/mod.ts";
import { anthropicImageFix } from "./anthropic_image_fix.ts";
import { customHeader } from "./custom_header.ts";
import { openai2anthropic } from "./openai2anthropic/mod.ts";
import { responses2anthropic } from "./responses2anthropic/mod.ts";
import { responses2chat } from "./responses2chat/mod.ts";
import type { AnyPlugin, ApiFormat, Conversion } from "./types.ts";

/** Plugins by id. */
export type Registry = Readonly<Record<string, AnyPlugin>>;

/** The built-in plugins. Ids are stable: configs store them. */
export const PLUGINS = {
  anthropic2openai,
  anthropic_image_fix: anthropicImageFix,
  custom_header: customHeader,
  openai2anthropic,
  responses2anthropic,
  responses2chat,
} as const satisfies Registry;

/** The plugin registered under `id`, or `undefined`. */
export function getPlugin(
  registry: Registry,
  id: string,
): AnyPlugin | undefined {
  return Object.hasOwn(registry, id) ? registry[id] : undefined;
}

/** What the admin API shows about a plugin. */
export interface PluginInfo {
  readonly id: string;
  readonly description: string;
  readonly converts: Conversion | null;
  /** JSON Schema of the config, for the pipeline editor. */
  readonly config_schema: unknown;
}

/** Every registered plugin, sorted by id, with its config's JSON Schema. */
export function listPlugins(registry: Registry): PluginInfo[] {
  return Object.values(registry)
    .map((plugin) => ({
      id: plugin.id,
      description: plugin.description,
      converts: plugin.converts ?? null,
      config_schema: z.toJSONSchema(plugin.config, { io: "input" }),
    }))
    .sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The converter that turns `from` requests into one of `targets`, preferring the earliest
 * target (a downstream lists its preferred format first); `undefined` when none is registered.
 */
export function findConverter(
  registry: Registry,
  from: ApiFormat,
  targets: readonly ApiFormat[],
): AnyPlugin | undefined {
  const converters = Object.values(registry).filter((p) =>
    p.converts?.from === from
  );
  for (const to of targets) {
    const found = converters.find((p) => p.converts?.to === to);
    if (found) return found;
  }
  return undefined;
}

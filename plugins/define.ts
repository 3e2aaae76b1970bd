import type { z } from "zod";
import type { PluginDefinition } from "./types.ts";

/**
 * Identity helper that infers a plugin's config type from its schema and its state type from
 * `createState`.
 */
export function definePlugin<Schema extends z.ZodType, State = undefined>(
  plugin: PluginDefinition<Schema, State>,
): PluginDefinition<Schema, State> {
  return plugin;
}

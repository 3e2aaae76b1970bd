/**
 * `/api/rules`: CRUD; every pipeline step is checked against the plugin registry.
 *
 * @module
 */
import {
  NotFoundError,
  parseRuleInput,
  parseRulePatch,
  toRuleJson,
  ValidationError,
} from "../../store/mod.ts";
import type { PipelineStep } from "../../store/types.ts";
import { getPlugin } from "../../plugins/mod.ts";
import { json, noContent, readJsonObject } from "./_http.ts";
import {
  type ApiState,
  type PluginRegistry,
  type Route,
  route,
} from "./_router.ts";

/**
 * Throws `ValidationError` naming `pipeline_config[i].plugin_id` for an unknown plugin, or
 * `pipeline_config[i].config.<path>` for a config the plugin's schema rejects.
 */
export function checkPipeline(
  steps: readonly PipelineStep[],
  plugins: PluginRegistry,
): void {
  steps.forEach((step, i) => {
    const plugin = getPlugin(plugins, step.pluginId);
    if (!plugin) {
      throw new ValidationError(
        `pipeline_config[${i}].plugin_id`,
        `unknown plugin "${step.pluginId}"`,
      );
    }
    const result = plugin.config.safeParse(step.config);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue.path.map((part) =>
        typeof part === "number" ? `[${part}]` : `.${String(part)}`
      ).join("");
      throw new ValidationError(
        `pipeline_config[${i}].config${path}`,
        issue.message,
      );
    }
  });
}

/** The rule routes. */
export function ruleRoutes({ deps }: ApiState): Route[] {
  const { store, plugins } = deps;
  return [
    route("/api/rules", {
      GET: () => Promise.resolve(json(store.snapshot().rules.map(toRuleJson))),
      POST: async (req) => {
        const input = parseRuleInput(await readJsonObject(req));
        checkPipeline(input.pipelineConfig, plugins);
        const created = await store.createRule(input);
        deps.log.info("Rule created", { rule: created.id });
        return json(toRuleJson(created), { status: 201 });
      },
    }),
    route("/api/rules/:id", {
      GET: (_req, { params }) => {
        const rule = store.snapshot().rules.find((r) => r.id === params.id);
        if (!rule) throw new NotFoundError(`Rule "${params.id}" not found`);
        return Promise.resolve(json(toRuleJson(rule)));
      },
      PUT: async (req, { params }) => {
        const patch = parseRulePatch(await readJsonObject(req));
        if (patch.pipelineConfig) checkPipeline(patch.pipelineConfig, plugins);
        const updated = await store.updateRule(params.id, patch);
        deps.log.info("Rule updated", { rule: updated.id });
        return json(toRuleJson(updated));
      },
      DELETE: async (_req, { params }) => {
        await store.deleteRule(params.id);
        deps.log.info("Rule deleted", { rule: params.id });
        return noContent();
      },
    }),
  ];
}

import assert from "node:assert/strict";
import { checkPipeline } from "../../../../routes/api/rules.ts";
import { PLUGINS } from "../../../../plugins/mod.ts";
import { type JsonRecord, ValidationError } from "../../../../store/mod.ts";

interface Case {
  name: string;
  steps: { pluginId: string; config: JsonRecord }[];
  field?: string;
}

const CASES: Case[] = [
  { name: "accepts an empty pipeline", steps: [] },
  {
    name: "accepts a known plugin with a valid config",
    steps: [{ pluginId: "custom_header", config: { headers: { "x-a": "1" } } }],
  },
  {
    name: "names the plugin_id of an unknown plugin",
    steps: [
      { pluginId: "custom_header", config: {} },
      { pluginId: "nope", config: {} },
    ],
    field: "pipeline_config[1].plugin_id",
  },
  {
    name: "names the config path the plugin's schema rejects",
    steps: [{ pluginId: "custom_header", config: { headers: { "x-a": 1 } } }],
    field: "pipeline_config[0].config.headers.x-a",
  },
  {
    name: "does not treat inherited object keys as plugins",
    steps: [{ pluginId: "toString", config: {} }],
    field: "pipeline_config[0].plugin_id",
  },
];

for (const c of CASES) {
  Deno.test(`checkPipeline() ${c.name}`, () => {
    const steps = c.steps.map((s) => ({ ...s, isEnabled: true }));
    if (c.field === undefined) {
      checkPipeline(steps, PLUGINS);
      return;
    }
    assert.throws(
      () => checkPipeline(steps, PLUGINS),
      (err: unknown) => err instanceof ValidationError && err.field === c.field,
    );
  });
}

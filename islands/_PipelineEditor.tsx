/**
 * The pipeline editor of the rules page: the rule's plugin steps (reorder by drag, keyboard or
 * buttons; enable/disable; a config form generated from each plugin's JSON Schema), the
 * auto-translation steps the gateway would add, and the control that adds a plugin.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { PipelineStepJson, PluginJson } from "../store/mod.ts";
import {
  DragHandle,
  MoveButtons,
  useDragReorder,
} from "./_ReorderControls.tsx";
import { Switch } from "./_Switch.tsx";
import type { AutoStep } from "./_pipeline.ts";
import { defaultConfig, toFields } from "./_schema.ts";
import { SchemaForm } from "./_SchemaForm.tsx";
import { fieldMessage, type FormProblem, isWithin } from "./_resource.ts";

/** A pipeline step being edited; `key` stays stable across reorders. */
export type DraftStep = PipelineStepJson & { readonly key: string };

/** Field errors by step key, then config field (`_step` for the step as a whole). */
export type StepErrors = Readonly<Record<string, Record<string, string>>>;

/**
 * Where a failed save's field points in the pipeline: `pipeline_config[1].config.headers…`
 * marks step 1's `headers` field, any other path inside `pipeline_config[1]` the step itself;
 * `null` when the problem is not about a step.
 */
export function stepErrorsFor(
  problem: FormProblem,
  steps: readonly DraftStep[],
  plugins: readonly PluginJson[],
): StepErrors | null {
  const failing = problem.field;
  if (failing === undefined) return null;
  for (const [index, step] of steps.entries()) {
    const path = `pipeline_config[${index}]`;
    const message = fieldMessage(problem, path);
    if (message === undefined) continue;
    const schema = plugins.find((p) => p.id === step.plugin_id)?.config_schema;
    const field = schema === undefined
      ? undefined
      : toFields(schema).find((f) =>
        isWithin(failing, `${path}.config.${f.name}`)
      );
    return { [step.key]: { [field?.name ?? "_step"]: message } };
  }
  return null;
}

let stepCounter = 0;

/** A key no other draft step has. */
export function newStepKey(): string {
  stepCounter += 1;
  return `step-${stepCounter}`;
}

/** Props of {@link PipelineEditor}. */
export interface PipelineEditorProps {
  readonly steps: readonly DraftStep[];
  readonly plugins: readonly PluginJson[];
  /** What auto-translation would add for the rule's filters. */
  readonly preview: readonly AutoStep[];
  readonly stepErrors: StepErrors;
  onSteps(steps: DraftStep[]): void;
  onMove(from: number, to: number): void;
  /** A step's config was edited, so its errors are stale. */
  onConfigEdited(key: string): void;
  /** A message for screen readers. */
  onAnnounce(text: string): void;
}

/** The steps, the auto-translation preview and the add-plugin control. */
export function PipelineEditor(props: PipelineEditorProps): JSX.Element {
  const [addPlugin, setAddPlugin] = useState(props.plugins[0]?.id ?? "");
  const pluginById = (id: string) => props.plugins.find((p) => p.id === id);
  const drag = useDragReorder(props.steps.map((s) => s.key), props.onMove);
  return (
    <>
      <h2>Pipeline</h2>
      <ol class="pipeline" aria-label="Pipeline steps">
        {props.steps.length === 0 && (
          <li class="muted">No plugins yet. Add one below.</li>
        )}
        {props.steps.map((step, index) => {
          const plugin = pluginById(step.plugin_id);
          const errors = props.stepErrors[step.key] ?? {};
          const update = (patch: Partial<DraftStep>) =>
            props.onSteps(
              props.steps.map((s) =>
                s.key === step.key ? { ...s, ...patch } : s
              ),
            );
          return (
            <li
              key={step.key}
              class={`step${step.is_enabled ? "" : " disabled"}${
                drag.stateClass(step.key)
              }`}
              data-step={step.plugin_id}
              {...drag.itemProps(step.key, index)}
            >
              <div class="step-head">
                <DragHandle
                  label={`Move step ${
                    index + 1
                  } (${step.plugin_id}); use arrow keys`}
                  index={index}
                  move={props.onMove}
                />
                <span class="title">{index + 1}. {step.plugin_id}</span>
                {plugin?.converts && (
                  <span class="badge badge-muted">
                    {plugin.converts.from} → {plugin.converts.to}
                  </span>
                )}
                <span class="spacer" />
                <Switch
                  checked={step.is_enabled}
                  label={`Step ${index + 1} ${step.plugin_id} enabled`}
                  onToggle={() => update({ is_enabled: !step.is_enabled })}
                />
                <MoveButtons
                  subject={`step ${index + 1}`}
                  index={index}
                  count={props.steps.length}
                  move={props.onMove}
                />
                <button
                  type="button"
                  class="small danger"
                  aria-label={`Remove step ${index + 1} ${step.plugin_id}`}
                  onClick={() =>
                    props.onSteps(
                      props.steps.filter((s) => s.key !== step.key),
                    )}
                >
                  Remove
                </button>
              </div>
              {plugin && (
                <p class="muted" style="margin:0.25rem 0 0">
                  {plugin.description}
                </p>
              )}
              {errors._step && (
                <p class="field-error" role="alert">{errors._step}</p>
              )}
              <div class="step-body">
                {plugin
                  ? (
                    <SchemaForm
                      fields={toFields(plugin.config_schema)}
                      config={step.config}
                      errors={errors}
                      idPrefix={step.key}
                      onChange={(config) => {
                        update({ config });
                        props.onConfigEdited(step.key);
                      }}
                    />
                  )
                  : (
                    <p class="field-error">
                      Unknown plugin "{step.plugin_id}"
                    </p>
                  )}
              </div>
            </li>
          );
        })}
        {props.preview.filter((row) => row.converter !== null).map((row) => (
          <li
            class="step auto"
            key={`auto-${row.clientFormat}-${row.targets.join(",")}`}
            data-auto-step={row.converter ?? ""}
          >
            <div class="step-head">
              <span class="badge badge-muted">auto</span>
              <span class="title">
                {row.converter === "missing"
                  ? "no converter: such requests fail with 501"
                  : row.converter}
              </span>
              <span class="muted">
                {row.clientFormat} requests to {row.downstreams.join(", ")}{" "}
                ({row.targets.join(", ")})
              </span>
            </div>
          </li>
        ))}
      </ol>
      {props.preview.length > 0 &&
        props.preview.every((row) => row.converter === null) && (
        <p class="hint">
          No translation needed for the chosen formats.
        </p>
      )}
      <div class="inline-form" style="margin-top:0.75rem">
        <label for="rule-add-plugin">Add plugin</label>
        <select
          id="rule-add-plugin"
          value={addPlugin}
          onChange={(e) => setAddPlugin(e.currentTarget.value)}
        >
          {props.plugins.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id} — {p.description}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => {
            const plugin = pluginById(addPlugin);
            if (!plugin) return;
            props.onSteps([...props.steps, {
              key: newStepKey(),
              plugin_id: plugin.id,
              is_enabled: true,
              config: defaultConfig(plugin.config_schema),
            }]);
            props.onAnnounce(`Added ${plugin.id}`);
          }}
        >
          Add step
        </button>
      </div>
    </>
  );
}

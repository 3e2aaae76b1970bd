/**
 * The rule form: its draft, the filter fields (the failing one marked), the pipeline editor
 * with the auto-translation preview, and the admin API body a draft becomes.
 *
 * @module
 */
import type { JSX } from "preact";
import type { RuleJson } from "../store/mod.ts";
import { CheckGroup } from "./_CheckGroup.tsx";
import { NameIdFields, TextField } from "./_Field.tsx";
import { FORMATS } from "./_formats.ts";
import { FormActions } from "./_FormActions.tsx";
import { ManagerForm } from "./_ManagerForm.tsx";
import { previewAutoSteps, type PreviewDownstream } from "./_pipeline.ts";
import {
  type DraftStep,
  newStepKey,
  PipelineEditor,
  type PipelineEditorProps,
} from "./_PipelineEditor.tsx";
import { Switch } from "./_Switch.tsx";

/** The form's fields; `editing` is set when editing an existing rule. */
export type RuleDraft =
  & Omit<RuleJson, "pipeline_config">
  & { readonly editing: string | null; readonly steps: readonly DraftStep[] };

/** The draft of a new rule. */
export function newRuleDraft(): RuleDraft {
  return {
    editing: null,
    id: "",
    name: "",
    pattern_path: "/v1/chat/completions",
    pattern_model: "",
    match_format: [],
    match_downstream_format: [],
    match_downstreams: [],
    is_enabled: true,
    steps: [],
  };
}

/** The draft that edits `rule`. */
export function toRuleDraft(rule: RuleJson): RuleDraft {
  return {
    ...rule,
    editing: rule.id,
    steps: rule.pipeline_config.map((s) => ({ ...s, key: newStepKey() })),
  };
}

/** The admin API body of a draft (without the id). */
export function toRuleBody(draft: RuleDraft): Omit<RuleJson, "id"> {
  return {
    name: draft.name.trim(),
    pattern_path: draft.pattern_path.trim(),
    pattern_model: draft.pattern_model.trim(),
    match_format: draft.match_format,
    match_downstream_format: draft.match_downstream_format,
    match_downstreams: draft.match_downstreams,
    is_enabled: draft.is_enabled,
    pipeline_config: draft.steps.map((s) => ({
      plugin_id: s.plugin_id,
      is_enabled: s.is_enabled,
      config: s.config,
    })),
  };
}

const FORMAT_OPTIONS = FORMATS.map((f) => ({ value: f, label: f }));

/** Props of {@link RuleForm}. */
export interface RuleFormProps
  extends Pick<PipelineEditorProps, "plugins" | "stepErrors" | "onAnnounce"> {
  readonly draft: RuleDraft;
  readonly downstreams: readonly PreviewDownstream[];
  /** The failed save's message, shown atop the form. */
  readonly problem: string | null;
  /** The API's message for a field, when it is the failing one. */
  fieldError(name: string): string | undefined;
  onDraft(draft: RuleDraft): void;
  /** A step moved from `from` to `to`. */
  onMove(from: number, to: number): void;
  /** A step's config was edited, so its errors are stale. */
  onConfigEdited(key: string): void;
  onSubmit(): void;
  onClose(): void;
}

/** The form. */
export function RuleForm(props: RuleFormProps): JSX.Element {
  const { draft, fieldError } = props;
  const set = (patch: Partial<RuleDraft>) =>
    props.onDraft({ ...draft, ...patch });
  const anyHint = <span class="hint">None checked: any</span>;
  return (
    <ManagerForm
      class="card panel"
      label="Rule form"
      title={draft.editing ? `Edit rule ${draft.name || draft.id}` : "New rule"}
      problem={props.problem}
      onSubmit={props.onSubmit}
    >
      <div class="form-grid">
        <NameIdFields
          prefix="rule"
          draft={draft}
          fieldError={fieldError}
          onChange={set}
        />
        <TextField
          id="rule-path"
          label="Path"
          value={draft.pattern_path}
          attrs={{ required: true }}
          describedBy="rule-path-hint"
          error={fieldError("pattern_path")}
          onValue={(pattern_path) => set({ pattern_path })}
        >
          <span class="hint" id="rule-path-hint">
            An exact path such as /v1/chat/completions, or * for all
          </span>
        </TextField>
        <TextField
          id="rule-model"
          label="Model"
          hint="(optional, as the client sent it)"
          value={draft.pattern_model}
          error={fieldError("pattern_model")}
          onValue={(pattern_model) => set({ pattern_model })}
        />
      </div>
      <div class="form-grid">
        <CheckGroup
          id="rule-formats"
          legend="Client format"
          options={FORMAT_OPTIONS}
          selected={draft.match_format}
          error={fieldError("match_format")}
          onChange={(match_format) => set({ match_format })}
        >
          {anyHint}
        </CheckGroup>
        <CheckGroup
          id="rule-downstream-formats"
          legend="Downstream format"
          options={FORMAT_OPTIONS}
          selected={draft.match_downstream_format}
          error={fieldError("match_downstream_format")}
          onChange={(match_downstream_format) =>
            set({ match_downstream_format })}
        >
          {anyHint}
        </CheckGroup>
        <CheckGroup
          id="rule-downstreams"
          legend="Downstreams"
          options={props.downstreams.map((d) => ({
            value: d.id,
            label: d.name,
          }))}
          selected={draft.match_downstreams}
          error={fieldError("match_downstreams")}
          onChange={(match_downstreams) => set({ match_downstreams })}
        >
          {anyHint}
        </CheckGroup>
      </div>
      <PipelineEditor
        steps={draft.steps}
        plugins={props.plugins}
        preview={previewAutoSteps({
          steps: draft.steps,
          plugins: props.plugins,
          downstreams: props.downstreams,
          matchFormat: draft.match_format,
          matchDownstreamFormat: draft.match_downstream_format,
          matchDownstreams: draft.match_downstreams,
          allFormats: FORMATS,
        })}
        stepErrors={props.stepErrors}
        onSteps={(steps) => set({ steps })}
        onMove={props.onMove}
        onConfigEdited={props.onConfigEdited}
        onAnnounce={props.onAnnounce}
      />
      <FormActions submit="Save rule" onClose={props.onClose}>
        <label class="inline-form">
          <Switch
            checked={draft.is_enabled}
            label="Rule enabled"
            onToggle={() => set({ is_enabled: !draft.is_enabled })}
          />
          <span>Enabled</span>
        </label>
        <span style="flex:1" />
      </FormActions>
    </ManagerForm>
  );
}

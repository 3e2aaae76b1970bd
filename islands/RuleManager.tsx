/**
 * The rules page: the rule list with enable switches, and the rule form around the visual
 * pipeline editor ({@link PipelineEditor}): filters, validation against each plugin's schema,
 * and API errors mapped back to the field or step they name.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api, ApiError, errorMessage } from "./api.ts";
import { moveItem, slug, uniqueId } from "./_reorder.ts";
import { CheckGroup } from "./_CheckGroup.tsx";
import { DeleteButton, useConfirmDelete } from "./_DeleteButton.tsx";
import { FieldError, TextField } from "./_Field.tsx";
import { errorNotice, Notice, type NoticeMessage } from "./_Notice.tsx";
import { PageHead } from "./_PageHead.tsx";
import { Switch } from "./_Switch.tsx";
import { previewAutoSteps, type PreviewDownstream } from "./_pipeline.ts";
import { toFields, toPipelineError, validateConfig } from "./_schema.ts";
import {
  type DraftStep,
  newStepKey,
  PipelineEditor,
} from "./_PipelineEditor.tsx";
import {
  type Format,
  FORMATS,
  type PipelineStepJson,
  type PluginJson,
  type RuleJson,
} from "./types.ts";

/** Props of {@link RuleManager}. */
export type RuleManagerProps = {
  readonly rules: readonly RuleJson[];
  readonly plugins: readonly PluginJson[];
  readonly downstreams: readonly PreviewDownstream[];
};

interface Draft {
  readonly editing: string | null;
  id: string;
  name: string;
  pattern_path: string;
  pattern_model: string;
  match_format: Format[];
  match_downstream_format: Format[];
  match_downstreams: string[];
  is_enabled: boolean;
  steps: DraftStep[];
}

const RULE_FIELD_REGEXP = /^([a-z_]+): (.*)$/s;

const FORMAT_OPTIONS = FORMATS.map((f) => ({ value: f, label: f }));

/** The rule list and pipeline editor. */
export function RuleManager(props: RuleManagerProps): JSX.Element {
  const [rules, setRules] = useState<readonly RuleJson[]>(props.rules);
  const [message, setMessage] = useState<NoticeMessage>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [stepErrors, setStepErrors] = useState<
    Record<string, Record<string, string>>
  >({});
  const deletion = useConfirmDelete();
  const [announce, setAnnounce] = useState("");

  const pluginById = (id: string) => props.plugins.find((p) => p.id === id);

  const toggleRule = async (rule: RuleJson) => {
    const before = rules;
    const next = !rule.is_enabled;
    setRules(
      before.map((r) => r.id === rule.id ? { ...r, is_enabled: next } : r),
    );
    try {
      const updated = await api<RuleJson>(
        "PUT",
        `/api/rules/${encodeURIComponent(rule.id)}`,
        { is_enabled: next },
      );
      setRules((current) =>
        current.map((r) => r.id === updated.id ? updated : r)
      );
    } catch (err) {
      setRules(before);
      setMessage({
        kind: "error",
        text: `Cannot ${next ? "enable" : "disable"} ${rule.name}: ${
          errorMessage(err)
        }`,
      });
    }
  };

  const clearErrors = () => {
    setFormError(null);
    setFieldErrors({});
    setStepErrors({});
  };

  const startCreate = () => {
    clearErrors();
    setDraft({
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
    });
  };

  const startEdit = (rule: RuleJson) => {
    clearErrors();
    setDraft({
      editing: rule.id,
      id: rule.id,
      name: rule.name,
      pattern_path: rule.pattern_path,
      pattern_model: rule.pattern_model,
      match_format: [...rule.match_format],
      match_downstream_format: [...rule.match_downstream_format],
      match_downstreams: [...rule.match_downstreams],
      is_enabled: rule.is_enabled,
      steps: rule.pipeline_config.map((s) => ({ ...s, key: newStepKey() })),
    });
  };

  const setSteps = (steps: DraftStep[]) => {
    if (draft) setDraft({ ...draft, steps });
  };

  const moveStep = (from: number, to: number) => {
    if (!draft || to < 0 || to >= draft.steps.length || from === to) return;
    setSteps(moveItem(draft.steps, from, to));
    setAnnounce(
      `Moved ${draft.steps[from].plugin_id} to position ${
        to + 1
      } of ${draft.steps.length}`,
    );
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    clearErrors();
    // Check every step against its schema first, so errors appear next to the fields at once.
    const localErrors: Record<string, Record<string, string>> = {};
    for (const step of draft.steps) {
      const plugin = pluginById(step.plugin_id);
      if (!plugin) continue;
      const errors = validateConfig(
        toFields(plugin.config_schema),
        step.config,
      );
      if (Object.keys(errors).length > 0) localErrors[step.key] = errors;
    }
    if (Object.keys(localErrors).length > 0) {
      setStepErrors(localErrors);
      setFormError("Fix the highlighted plugin settings");
      return;
    }
    const body = {
      name: draft.name.trim(),
      pattern_path: draft.pattern_path.trim(),
      pattern_model: draft.pattern_model.trim(),
      match_format: draft.match_format,
      match_downstream_format: draft.match_downstream_format,
      match_downstreams: draft.match_downstreams,
      is_enabled: draft.is_enabled,
      pipeline_config: draft.steps.map((s): PipelineStepJson => ({
        plugin_id: s.plugin_id,
        is_enabled: s.is_enabled,
        config: s.config,
      })),
    };
    try {
      if (draft.editing) {
        const updated = await api<RuleJson>(
          "PUT",
          `/api/rules/${encodeURIComponent(draft.editing)}`,
          body,
        );
        setRules((current) =>
          current.map((r) => r.id === updated.id ? updated : r)
        );
      } else {
        const id = draft.id.trim() ||
          uniqueId(
            slug(body.name || body.pattern_path),
            new Set(rules.map((r) => r.id)),
          );
        const created = await api<RuleJson>("POST", "/api/rules", {
          id,
          ...body,
          name: body.name || id,
        });
        setRules((current) => [...current, created]);
      }
      setMessage({ kind: "ok", text: "Rule saved" });
      setDraft(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const target = toPipelineError(err.message);
        if (target && draft.steps[target.step]) {
          setStepErrors({
            [draft.steps[target.step].key]: {
              [target.field || "_step"]: target.message,
            },
          });
          setFormError("Fix the highlighted plugin settings");
          return;
        }
        const field = RULE_FIELD_REGEXP.exec(err.message);
        if (field) {
          setFieldErrors({ [field[1]]: field[2] });
          setFormError("Fix the highlighted field");
          return;
        }
      }
      setFormError(errorMessage(err));
    }
  };

  const remove = async (rule: RuleJson) => {
    if (!deletion.confirm(rule.id)) return;
    try {
      await api("DELETE", `/api/rules/${encodeURIComponent(rule.id)}`);
      setRules((current) => current.filter((r) => r.id !== rule.id));
      if (draft?.editing === rule.id) setDraft(null);
      setMessage({ kind: "ok", text: `Rule ${rule.name} deleted` });
    } catch (err) {
      setMessage({
        kind: "error",
        text: `Cannot delete ${rule.name}: ${errorMessage(err)}`,
      });
    }
  };

  const fieldError = (name: string) => (
    <FieldError id={`rule-${name}-error`} text={fieldErrors[name]} />
  );

  const preview = draft
    ? previewAutoSteps({
      steps: draft.steps,
      plugins: props.plugins,
      downstreams: props.downstreams,
      matchFormat: draft.match_format,
      matchDownstreamFormat: draft.match_downstream_format,
      matchDownstreams: draft.match_downstreams,
      allFormats: FORMATS,
    })
    : [];

  return (
    <div>
      <PageHead
        title="Rules"
        lead="Plugin pipelines per request path. Format translation is added automatically."
        action={{ label: "Add rule", onClick: startCreate }}
      />
      <div class="visually-hidden" aria-live="polite">{announce}</div>
      <Notice message={message} />
      {draft && (
        <form class="card panel" onSubmit={save} aria-label="Rule form">
          <h2>
            {draft.editing ? `Edit rule ${draft.name || draft.id}` : "New rule"}
          </h2>
          <Notice message={errorNotice(formError)} />
          <div class="form-grid">
            <TextField
              id="rule-name"
              label="Name"
              value={draft.name}
              onValue={(name) => setDraft({ ...draft, name })}
            >
              {fieldError("name")}
            </TextField>
            {!draft.editing && (
              <TextField
                id="rule-id"
                label="Id"
                hint="(optional)"
                value={draft.id}
                attrs={{ placeholder: "generated from the name" }}
                onValue={(id) => setDraft({ ...draft, id })}
              >
                {fieldError("id")}
              </TextField>
            )}
            <TextField
              id="rule-path"
              label="Path"
              value={draft.pattern_path}
              attrs={{
                required: true,
                "aria-invalid": fieldErrors.pattern_path ? "true" : undefined,
                "aria-describedby": fieldErrors.pattern_path
                  ? "rule-pattern_path-error"
                  : "rule-path-hint",
              }}
              onValue={(pattern_path) => setDraft({ ...draft, pattern_path })}
            >
              <span class="hint" id="rule-path-hint">
                An exact path such as /v1/chat/completions, or * for all
              </span>
              {fieldError("pattern_path")}
            </TextField>
            <TextField
              id="rule-model"
              label="Model"
              hint="(optional, as the client sent it)"
              value={draft.pattern_model}
              onValue={(pattern_model) => setDraft({ ...draft, pattern_model })}
            >
              {fieldError("pattern_model")}
            </TextField>
          </div>
          <div class="form-grid">
            <CheckGroup
              legend="Client format"
              options={FORMAT_OPTIONS}
              selected={draft.match_format}
              onChange={(match_format) => setDraft({ ...draft, match_format })}
            >
              <span class="hint">None checked: any</span>
            </CheckGroup>
            <CheckGroup
              legend="Downstream format"
              options={FORMAT_OPTIONS}
              selected={draft.match_downstream_format}
              onChange={(match_downstream_format) =>
                setDraft({ ...draft, match_downstream_format })}
            >
              <span class="hint">None checked: any</span>
            </CheckGroup>
            <CheckGroup
              legend="Downstreams"
              options={props.downstreams.map((d) => ({
                value: d.id,
                label: d.name,
              }))}
              selected={draft.match_downstreams}
              onChange={(match_downstreams) =>
                setDraft({ ...draft, match_downstreams })}
            >
              <span class="hint">None checked: any</span>
              {fieldError("match_downstreams")}
            </CheckGroup>
          </div>

          <PipelineEditor
            steps={draft.steps}
            plugins={props.plugins}
            preview={preview}
            stepErrors={stepErrors}
            onSteps={setSteps}
            onMove={moveStep}
            onConfigEdited={(key) => {
              if (stepErrors[key]) {
                const { [key]: _fixed, ...rest } = stepErrors;
                setStepErrors(rest);
                setFormError(null);
              }
            }}
            onAnnounce={setAnnounce}
          />
          <div class="form-actions" style="margin-top:1rem">
            <label class="inline-form">
              <Switch
                checked={draft.is_enabled}
                label="Rule enabled"
                onToggle={() =>
                  setDraft({ ...draft, is_enabled: !draft.is_enabled })}
              />
              <span>Enabled</span>
            </label>
            <span style="flex:1" />
            <button type="submit" class="primary">Save rule</button>
            <button type="button" onClick={() => setDraft(null)}>Cancel</button>
          </div>
        </form>
      )}
      {rules.length === 0 ? <p class="card empty">No rules yet.</p> : (
        <ul
          class="stack"
          style="list-style:none;padding:0;margin:0"
          aria-label="Rules"
        >
          {rules.map((rule) => (
            <li class="card rule-row" key={rule.id} data-rule={rule.id}>
              <Switch
                checked={rule.is_enabled}
                label={`${rule.name} enabled`}
                onToggle={() =>
                  toggleRule(rule)}
              />
              <div>
                <div class="name">{rule.name}</div>
                <div class="muted mono">
                  {rule.pattern_path}
                  {rule.pattern_model && ` · model ${rule.pattern_model}`}
                  {rule.match_format.length > 0 &&
                    ` · from ${rule.match_format.join("/")}`}
                  {rule.match_downstream_format.length > 0 &&
                    ` · to ${rule.match_downstream_format.join("/")}`}
                  {rule.match_downstreams.length > 0 &&
                    ` · via ${rule.match_downstreams.join(", ")}`}
                </div>
                <div class="badges" style="margin-top:0.3rem">
                  {rule.pipeline_config.length === 0
                    ? <span class="muted">no plugins</span>
                    : rule.pipeline_config.map((s, i) => (
                      <span
                        key={i}
                        class={`badge ${
                          s.is_enabled ? "badge-ok" : "badge-off"
                        }`}
                      >
                        {s.plugin_id}
                      </span>
                    ))}
                </div>
              </div>
              <span class="spacer" />
              <button
                type="button"
                class="small"
                aria-label={`Edit ${rule.name}`}
                onClick={() => startEdit(rule)}
              >
                Edit
              </button>
              <DeleteButton
                class="small danger"
                subject={rule.name}
                armed={deletion.armed === rule.id}
                onClick={() => remove(rule)}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

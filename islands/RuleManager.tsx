/**
 * The rules page: the rule list with enable switches, and the rule form ({@link RuleForm})
 * around the visual pipeline editor. Each step is checked against its plugin's schema before
 * saving; a field the API rejects is marked where it is, a step's config field included.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { PluginJson, RuleJson } from "../store/mod.ts";
import { moveItem, slug, uniqueId } from "./_reorder.ts";
import { useConfirmDelete } from "./_DeleteButton.tsx";
import { Notice } from "./_Notice.tsx";
import { PageHead } from "./_PageHead.tsx";
import type { PreviewDownstream } from "./_pipeline.ts";
import { type StepErrors, stepErrorsFor } from "./_PipelineEditor.tsx";
import {
  newRuleDraft,
  type RuleDraft,
  RuleForm,
  toRuleBody,
  toRuleDraft,
} from "./_RuleForm.tsx";
import { RuleRow } from "./_RuleRow.tsx";
import { toFields, validateConfig } from "./_schema.ts";
import { useResource } from "./_use_resource.ts";

/** Props of {@link RuleManager}. */
export type RuleManagerProps = {
  readonly rules: readonly RuleJson[];
  readonly plugins: readonly PluginJson[];
  readonly downstreams: readonly PreviewDownstream[];
};

const FIX_STEPS = "Fix the highlighted plugin settings";

/** The rule list and pipeline editor. */
export function RuleManager(props: RuleManagerProps): JSX.Element {
  const rules = useResource<RuleJson>({
    url: "/api/rules",
    initial: props.rules,
  });
  const [draft, setDraft] = useState<RuleDraft | null>(null);
  const [stepErrors, setStepErrors] = useState<StepErrors>({});
  const deletion = useConfirmDelete();
  const [announce, setAnnounce] = useState("");

  const open = (next: RuleDraft) => {
    rules.setProblem(null);
    setStepErrors({});
    setDraft(next);
  };

  const toggle = (rule: RuleJson) => {
    const next = !rule.is_enabled;
    rules.update(rule.id, { is_enabled: next }, {
      optimistic: (items) =>
        items.map((r) => r.id === rule.id ? { ...r, is_enabled: next } : r),
      failure: `Cannot ${next ? "enable" : "disable"} ${rule.name}`,
    });
  };

  const moveStep = (from: number, to: number) => {
    if (!draft || to < 0 || to >= draft.steps.length || from === to) return;
    setDraft({ ...draft, steps: moveItem(draft.steps, from, to) });
    setAnnounce(
      `Moved ${draft.steps[from].plugin_id} to position ${
        to + 1
      } of ${draft.steps.length}`,
    );
  };

  /** Each step's config checked against its plugin's schema, so errors show at once. */
  const localStepErrors = (steps: RuleDraft["steps"]) => {
    const errors: Record<string, Record<string, string>> = {};
    for (const step of steps) {
      const plugin = props.plugins.find((p) => p.id === step.plugin_id);
      if (!plugin) continue;
      const found = validateConfig(toFields(plugin.config_schema), step.config);
      if (Object.keys(found).length > 0) errors[step.key] = found;
    }
    return errors;
  };

  const save = async () => {
    if (!draft) return;
    setStepErrors({});
    const local = localStepErrors(draft.steps);
    if (Object.keys(local).length > 0) {
      setStepErrors(local);
      rules.setProblem({ text: FIX_STEPS });
      return;
    }
    const body = toRuleBody(draft);
    const extras = { form: true, done: "Rule saved" };
    const id = draft.id.trim() ||
      uniqueId(
        slug(body.name || body.pattern_path),
        new Set(rules.items.map((r) => r.id)),
      );
    const saved = draft.editing
      ? await rules.update(draft.editing, body, extras)
      : await rules.create({ ...body, id, name: body.name || id }, extras);
    if (saved.ok) {
      setDraft(null);
      return;
    }
    const steps = stepErrorsFor(saved.problem, draft.steps, props.plugins);
    if (steps) {
      setStepErrors(steps);
      rules.setProblem({ text: FIX_STEPS });
    }
  };

  const remove = async (rule: RuleJson) => {
    if (!deletion.confirm(rule.id)) return;
    const removed = await rules.remove(rule.id, {
      done: `Rule ${rule.name} deleted`,
      failure: `Cannot delete ${rule.name}`,
    });
    if (removed.ok && draft?.editing === rule.id) setDraft(null);
  };

  return (
    <div>
      <PageHead
        title="Rules"
        lead="Plugin pipelines per request path. Format translation is added automatically."
        action={{ label: "Add rule", onClick: () => open(newRuleDraft()) }}
      />
      <div class="visually-hidden" aria-live="polite">{announce}</div>
      <Notice message={rules.notice()} />
      {draft && (
        <RuleForm
          draft={draft}
          plugins={props.plugins}
          downstreams={props.downstreams}
          problem={rules.problem?.text ?? null}
          fieldError={rules.fieldError}
          stepErrors={stepErrors}
          onDraft={setDraft}
          onMove={moveStep}
          onConfigEdited={(key) => {
            if (!stepErrors[key]) return;
            const { [key]: _fixed, ...rest } = stepErrors;
            setStepErrors(rest);
            rules.setProblem(null);
          }}
          onAnnounce={setAnnounce}
          onSubmit={save}
          onClose={() => setDraft(null)}
        />
      )}
      {rules.items.length === 0 ? <p class="card empty">No rules yet.</p> : (
        <ul
          class="stack"
          style="list-style:none;padding:0;margin:0"
          aria-label="Rules"
        >
          {rules.items.map((rule) => (
            <RuleRow
              key={rule.id}
              rule={rule}
              armed={deletion.armed === rule.id}
              onToggle={() => toggle(rule)}
              onEdit={() => open(toRuleDraft(rule))}
              onDelete={() => remove(rule)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

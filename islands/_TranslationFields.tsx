/**
 * The downstream form's translation options (README "Translation"): which models take
 * `reasoning_effort`, what happens to server tools, Claude Code's billing line and the
 * `anthropic-beta` flags forwarded. Blank or "default" leaves a key unset (Tresor's default).
 *
 * @module
 */
import type { JSX } from "preact";
import type { DownstreamJson, HostedTools } from "../store/mod.ts";
import { SelectField, TextField } from "./_Field.tsx";

/** The options as the form edits them. */
export interface TranslationDraft {
  /** Space- or comma-separated; blank: defaults by model name; `none`: no model. */
  reasoningEffortModels: string;
  hostedTools: HostedTools;
  stripBillingHeader: "default" | "yes" | "no";
  /** Space- or comma-separated; blank: forward unchanged; `none`: forward none. */
  anthropicBeta: string;
}

/** A fresh draft (every option at its default). */
export const DEFAULT_TRANSLATION: TranslationDraft = {
  reasoningEffortModels: "",
  hostedTools: "drop",
  stripBillingHeader: "default",
  anthropicBeta: "",
};

function listText(list: readonly string[] | undefined): string {
  if (list === undefined) return "";
  return list.length === 0 ? "none" : list.join(" ");
}

function toList(text: string): string[] | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (trimmed === "none") return [];
  return trimmed.split(/[\s,]+/).filter((s) => s !== "");
}

/** The draft of a stored downstream. */
export function toTranslationDraft(d: DownstreamJson): TranslationDraft {
  return {
    reasoningEffortModels: listText(d.reasoning_effort_models),
    hostedTools: d.hosted_tools ?? "drop",
    stripBillingHeader: d.strip_billing_header === undefined
      ? "default"
      : d.strip_billing_header
      ? "yes"
      : "no",
    anthropicBeta: listText(d.anthropic_beta),
  };
}

/** The admin API fields of a draft; `null` clears a key (an update), left out on create. */
export function toTranslationFields(
  draft: TranslationDraft,
  mode: "create" | "update",
): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    reasoning_effort_models: toList(draft.reasoningEffortModels),
    hosted_tools: draft.hostedTools === "drop" ? null : draft.hostedTools,
    strip_billing_header: draft.stripBillingHeader === "default"
      ? null
      : draft.stripBillingHeader === "yes",
    anthropic_beta: toList(draft.anthropicBeta),
  };
  if (mode === "update") return fields;
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null),
  );
}

/** Props of {@link TranslationFields}. */
export interface TranslationFieldsProps {
  readonly draft: TranslationDraft;
  onChange(draft: TranslationDraft): void;
  /** The API's message for an admin JSON field, when it is the failing one. */
  fieldError(name: string): string | undefined;
}

/** The translation options' fields (inside the downstream form's grid). */
export function TranslationFields(
  { draft, onChange, fieldError }: TranslationFieldsProps,
): JSX.Element {
  return (
    <>
      <TextField
        id="ds-reasoning-models"
        label="Models taking reasoning_effort"
        hint="(blank: by model name; none: no model)"
        value={draft.reasoningEffortModels}
        attrs={{ placeholder: "deepseek-reasoner gpt-5*" }}
        error={fieldError("reasoning_effort_models")}
        onValue={(reasoningEffortModels) =>
          onChange({ ...draft, reasoningEffortModels })}
      />
      <SelectField
        id="ds-hosted-tools"
        label="Server tools a translation cannot run"
        value={draft.hostedTools}
        options={[
          { value: "drop", label: "Drop them (default)" },
          { value: "refuse", label: "Refuse the request" },
        ]}
        error={fieldError("hosted_tools")}
        onValue={(hostedTools) => onChange({ ...draft, hostedTools })}
      />
      <SelectField
        id="ds-billing"
        label="Strip Claude Code's billing line"
        value={draft.stripBillingHeader}
        options={[
          { value: "default", label: "Default (unless it serves Anthropic)" },
          { value: "yes", label: "Always" },
          { value: "no", label: "Never" },
        ]}
        error={fieldError("strip_billing_header")}
        onValue={(stripBillingHeader) =>
          onChange({ ...draft, stripBillingHeader })}
      />
      <TextField
        id="ds-anthropic-beta"
        label="anthropic-beta flags forwarded"
        hint="(blank: all; none: no flag)"
        value={draft.anthropicBeta}
        error={fieldError("anthropic_beta")}
        onValue={(anthropicBeta) => onChange({ ...draft, anthropicBeta })}
      />
    </>
  );
}

/**
 * The downstream form's translation options (README "Translation"): which models take
 * `reasoning_effort`, what happens to server tools, Claude Code's billing line and the
 * `anthropic-beta` flags forwarded. Blank or "default" leaves a key unset (Tresor's default).
 *
 * @module
 */
import type { JSX } from "preact";
import { TextField } from "./_Field.tsx";
import type { DownstreamJson } from "./types.ts";

/** The options as the form edits them. */
export interface TranslationDraft {
  /** Space- or comma-separated; blank: defaults by model name; `none`: no model. */
  reasoning_effort_models: string;
  hosted_tools: "drop" | "refuse";
  strip_billing_header: "default" | "yes" | "no";
  /** Space- or comma-separated; blank: forward unchanged; `none`: forward none. */
  anthropic_beta: string;
}

/** A fresh draft (every option at its default). */
export const DEFAULT_TRANSLATION: TranslationDraft = {
  reasoning_effort_models: "",
  hosted_tools: "drop",
  strip_billing_header: "default",
  anthropic_beta: "",
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
    reasoning_effort_models: listText(d.reasoning_effort_models),
    hosted_tools: d.hosted_tools ?? "drop",
    strip_billing_header: d.strip_billing_header === undefined
      ? "default"
      : d.strip_billing_header
      ? "yes"
      : "no",
    anthropic_beta: listText(d.anthropic_beta),
  };
}

/** The admin API fields of a draft; `null` clears a key (an update), left out on create. */
export function toTranslationFields(
  draft: TranslationDraft,
  mode: "create" | "update",
): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    reasoning_effort_models: toList(draft.reasoning_effort_models),
    hosted_tools: draft.hosted_tools === "drop" ? null : draft.hosted_tools,
    strip_billing_header: draft.strip_billing_header === "default"
      ? null
      : draft.strip_billing_header === "yes",
    anthropic_beta: toList(draft.anthropic_beta),
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
}

/** The translation options' fields (inside the downstream form's grid). */
export function TranslationFields(
  { draft, onChange }: TranslationFieldsProps,
): JSX.Element {
  return (
    <>
      <TextField
        id="ds-reasoning-models"
        label="Models taking reasoning_effort"
        hint="(blank: by model name; none: no model)"
        value={draft.reasoning_effort_models}
        attrs={{ placeholder: "deepseek-reasoner gpt-5*" }}
        onValue={(reasoning_effort_models) =>
          onChange({ ...draft, reasoning_effort_models })}
      />
      <div class="field">
        <label for="ds-hosted-tools">
          Server tools a translation cannot run
        </label>
        <select
          id="ds-hosted-tools"
          value={draft.hosted_tools}
          onChange={(e) =>
            onChange({
              ...draft,
              hosted_tools: e.currentTarget.value === "refuse"
                ? "refuse"
                : "drop",
            })}
        >
          <option value="drop">Drop them (default)</option>
          <option value="refuse">Refuse the request</option>
        </select>
      </div>
      <div class="field">
        <label for="ds-billing">Strip Claude Code's billing line</label>
        <select
          id="ds-billing"
          value={draft.strip_billing_header}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange({
              ...draft,
              strip_billing_header: v === "yes" || v === "no" ? v : "default",
            });
          }}
        >
          <option value="default">Default (unless it serves Anthropic)</option>
          <option value="yes">Always</option>
          <option value="no">Never</option>
        </select>
      </div>
      <TextField
        id="ds-anthropic-beta"
        label="anthropic-beta flags forwarded"
        hint="(blank: all; none: no flag)"
        value={draft.anthropic_beta}
        onValue={(anthropic_beta) => onChange({ ...draft, anthropic_beta })}
      />
    </>
  );
}

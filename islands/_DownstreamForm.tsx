/**
 * The downstream form: its draft (what the user typed, before any API call), the fields with the
 * failing one marked, and the admin API bodies a draft becomes. A blank key keeps the stored key.
 * A new downstream can start from a provider preset; **Test** tries the settings as they stand.
 *
 * @module
 */
import type { InputHTMLAttributes, JSX } from "preact";
import type { DownstreamJson, PresetJson } from "../store/mod.ts";
import { slug, uniqueId } from "./_reorder.ts";
import { CheckGroup } from "./_CheckGroup.tsx";
import { NameIdFields, TextField } from "./_Field.tsx";
import { FormActions } from "./_FormActions.tsx";
import { FORMAT_LABELS, FORMATS } from "./_formats.ts";
import { ManagerForm } from "./_ManagerForm.tsx";
import { PresetPicker } from "./_PresetPicker.tsx";
import { DownstreamTest } from "./_DownstreamTest.tsx";
import {
  DEFAULT_TRANSLATION,
  toTranslationDraft,
  toTranslationFields,
  type TranslationDraft,
  TranslationFields,
} from "./_TranslationFields.tsx";

/** The form's fields; number fields as typed (blank: no limit). */
export type DownstreamDraft =
  & Pick<DownstreamJson, "id" | "name" | "base_url" | "api_key" | "api_formats">
  & {
    /** The id being edited, or null for a new downstream. */
    readonly editing: string | null;
    /** Model ids of a new downstream, separated by spaces or commas. */
    models: string;
    maxOutputTokens: string;
    defaultMaxTokens: string;
    translation: TranslationDraft;
    /** The preset a new downstream started from, or "". */
    presetId: string;
    /** What the provider's keys look like (the key field's placeholder). */
    keyHint: string;
  };

/** The draft of a new downstream. */
export function newDownstreamDraft(): DownstreamDraft {
  return {
    editing: null,
    id: "",
    name: "",
    base_url: "",
    api_formats: ["openai"],
    api_key: "",
    models: "",
    maxOutputTokens: "",
    defaultMaxTokens: "",
    translation: DEFAULT_TRANSLATION,
    presetId: "",
    keyHint: "",
  };
}

/**
 * `draft` filled from `preset` (its id made unique among `taken`); no preset clears only the
 * preset's own marks, leaving what was typed.
 */
export function withPreset(
  draft: DownstreamDraft,
  preset: PresetJson | undefined,
  taken: ReadonlySet<string>,
): DownstreamDraft {
  if (preset === undefined) return { ...draft, presetId: "", keyHint: "" };
  return {
    ...draft,
    presetId: preset.id,
    keyHint: preset.key_hint,
    id: uniqueId(preset.id, taken),
    name: preset.name,
    base_url: preset.base_url,
    api_formats: preset.api_formats,
    models: preset.models.join(" "),
  };
}

/** The draft that edits `d`; its key field starts blank (blank keeps the stored key). */
export function toDownstreamDraft(d: DownstreamJson): DownstreamDraft {
  return {
    ...d,
    editing: d.id,
    api_key: "",
    models: "",
    maxOutputTokens: d.max_output_tokens?.toString() ?? "",
    defaultMaxTokens: d.default_max_tokens?.toString() ?? "",
    translation: toTranslationDraft(d),
    presetId: "",
    keyHint: "",
  };
}

/** A limit field's value for the API: a number, or null (no limit) when blank. */
function toLimit(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

/**
 * The `PUT` body of an edited draft, or the `POST` body of a new one (its id generated from the
 * name when left blank, avoiding `taken`). Blank limits and options are `null` in an update
 * (clearing them) and left out on create.
 */
export function toDownstreamBody(
  draft: DownstreamDraft,
  taken: ReadonlySet<string>,
): Record<string, unknown> {
  const mode = draft.editing ? "update" : "create";
  const name = draft.name.trim();
  const limits = Object.entries({
    max_output_tokens: toLimit(draft.maxOutputTokens),
    default_max_tokens: toLimit(draft.defaultMaxTokens),
  }).filter(([, value]) => mode === "update" || value !== null);
  const fields = {
    base_url: draft.base_url.trim(),
    api_formats: draft.api_formats,
    // Only a key the user typed is sent.
    ...(draft.api_key === "" ? {} : { api_key: draft.api_key }),
    ...Object.fromEntries(limits),
    ...toTranslationFields(draft.translation, mode),
  };
  if (mode === "update") return { name, ...fields };
  const id = draft.id.trim() || uniqueId(slug(name || draft.base_url), taken);
  return {
    id,
    name: name || id,
    output_model_ids: draft.models.split(/[\s,]+/).filter((m) => m !== ""),
    ...fields,
  };
}

/**
 * The body of `POST /api/downstreams/test` for `draft`: its create body, or for an edited
 * downstream its update body under its id with its saved models; fields a save would clear
 * (`null`) are left out, since an unsaved test has nothing to clear.
 */
export function toTestBody(
  draft: DownstreamDraft,
  taken: ReadonlySet<string>,
  savedModels: readonly string[],
): Record<string, unknown> {
  const body = Object.fromEntries(
    Object.entries(toDownstreamBody(draft, taken)).filter(([, v]) =>
      v !== null
    ),
  );
  return draft.editing
    ? { ...body, id: draft.editing, output_model_ids: savedModels }
    : body;
}

const FORMAT_OPTIONS = FORMATS.map((f) => ({
  value: f,
  label: FORMAT_LABELS[f],
}));

/** Props of {@link DownstreamForm}. */
export interface DownstreamFormProps {
  readonly draft: DownstreamDraft;
  readonly presets: readonly PresetJson[];
  /** Ids of the saved downstreams (a new id avoids them). */
  readonly taken: ReadonlySet<string>;
  /** The edited downstream's saved models (the test's 1-token requests use the first). */
  readonly savedModels: readonly string[];
  /** The failed save's message, shown atop the form. */
  readonly problem: string | null;
  /** The API's message for a field, when it is the failing one. */
  fieldError(name: string): string | undefined;
  readonly busy: boolean;
  onDraft(draft: DownstreamDraft): void;
  onSubmit(): void;
  onClose(): void;
}

/** The form. */
export function DownstreamForm(props: DownstreamFormProps): JSX.Element {
  const { draft, fieldError } = props;
  const set = (patch: Partial<DownstreamDraft>) =>
    props.onDraft({ ...draft, ...patch });
  const numeric: InputHTMLAttributes<HTMLInputElement> = {
    type: "number",
    min: 1,
    step: 1,
    inputMode: "numeric",
  };
  return (
    <ManagerForm
      label="Downstream form"
      title={draft.editing
        ? `Edit ${draft.name || draft.id}`
        : "New downstream"}
      problem={props.problem}
      onSubmit={props.onSubmit}
    >
      {!draft.editing && (
        <PresetPicker
          presets={props.presets}
          value={draft.presetId}
          onPick={(preset) =>
            props.onDraft(withPreset(draft, preset, props.taken))}
        />
      )}
      <div class="form-grid">
        <NameIdFields
          prefix="ds"
          draft={draft}
          fieldError={fieldError}
          onChange={set}
        />
        <TextField
          id="ds-url"
          label="Base URL"
          value={draft.base_url}
          attrs={{
            type: "url",
            required: true,
            placeholder: "https://api.openai.com/v1",
          }}
          error={fieldError("base_url")}
          onValue={(base_url) => set({ base_url })}
        />
        <TextField
          id="ds-key"
          label="API key"
          value={draft.api_key}
          attrs={{
            type: "password",
            autocomplete: "off",
            placeholder: draft.editing
              ? "Leave blank to keep the stored key"
              : draft.keyHint,
          }}
          error={fieldError("api_key")}
          onValue={(api_key) => set({ api_key })}
        />
        <TextField
          id="ds-max-output"
          label="Max output tokens"
          hint="(optional cap)"
          value={draft.maxOutputTokens}
          attrs={numeric}
          error={fieldError("max_output_tokens")}
          onValue={(maxOutputTokens) => set({ maxOutputTokens })}
        />
        <TextField
          id="ds-default-max"
          label="Default max tokens"
          hint="(if a request has none)"
          value={draft.defaultMaxTokens}
          attrs={numeric}
          error={fieldError("default_max_tokens")}
          onValue={(defaultMaxTokens) => set({ defaultMaxTokens })}
        />
        <TranslationFields
          draft={draft.translation}
          fieldError={fieldError}
          onChange={(translation) => set({ translation })}
        />
      </div>
      <CheckGroup
        id="ds-formats"
        legend="API formats"
        options={FORMAT_OPTIONS}
        selected={draft.api_formats}
        error={fieldError("api_formats")}
        onChange={(api_formats) => set({ api_formats })}
      />
      {!draft.editing && (
        <TextField
          id="ds-models"
          label="Models"
          hint="(optional, separated by spaces)"
          value={draft.models}
          error={fieldError("output_model_ids")}
          onValue={(models) => set({ models })}
        />
      )}
      <FormActions
        submit={draft.editing ? "Save downstream" : "Create downstream"}
        close="Close"
        busy={props.busy}
        onClose={props.onClose}
      />
      <DownstreamTest
        body={() => toTestBody(draft, props.taken, props.savedModels)}
      />
    </ManagerForm>
  );
}

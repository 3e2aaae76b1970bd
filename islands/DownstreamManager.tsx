/**
 * The downstreams page: a table with format badges, model counts and masked keys; an edit form
 * (a blank key keeps the stored key); the model list with add/remove and **Fetch models**.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api, errorMessage } from "./api.ts";
import { slug, uniqueId } from "./_reorder.ts";
import { CheckGroup } from "./_CheckGroup.tsx";
import { DeleteButton, useConfirmDelete } from "./_DeleteButton.tsx";
import { TextField } from "./_Field.tsx";
import { errorNotice, Notice, type NoticeMessage } from "./_Notice.tsx";
import { PageHead } from "./_PageHead.tsx";
import {
  DEFAULT_TRANSLATION,
  toTranslationDraft,
  toTranslationFields,
  type TranslationDraft,
  TranslationFields,
} from "./_TranslationFields.tsx";
import { type DownstreamJson, type Format, FORMATS } from "./types.ts";

/** Props of {@link DownstreamManager}. */
export type DownstreamManagerProps = {
  readonly downstreams: readonly DownstreamJson[];
};

const FORMAT_LABELS: Record<Format, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  responses: "Responses",
};

/** A colour-coded format badge. */
export function FormatBadge({ format }: { format: Format }): JSX.Element {
  return <span class={`badge badge-${format}`}>{FORMAT_LABELS[format]}</span>;
}

interface Draft {
  /** The id being edited, or null for a new downstream. */
  readonly editing: string | null;
  id: string;
  name: string;
  base_url: string;
  api_formats: Format[];
  api_key: string;
  models: string;
  /** Number fields as typed; blank means no limit. */
  max_output_tokens: string;
  default_max_tokens: string;
  translation: TranslationDraft;
}

/** The limits a new downstream is created with (blank fields are left out). */
function limitFields(draft: Draft): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of ["max_output_tokens", "default_max_tokens"] as const) {
    const value = toLimit(draft[key]);
    if (value !== null) out[key] = value;
  }
  return out;
}

/** A limit field's value for the API: a number, or null (no limit) when blank. */
function toLimit(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

/** The downstream manager. */
export function DownstreamManager(
  props: DownstreamManagerProps,
): JSX.Element {
  const [list, setList] = useState<readonly DownstreamJson[]>(
    props.downstreams,
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [message, setMessage] = useState<NoticeMessage>(null);
  const [modelMessage, setModelMessage] = useState<NoticeMessage>(null);
  const [newModel, setNewModel] = useState("");
  const [busy, setBusy] = useState(false);
  const deletion = useConfirmDelete();

  const editing = draft?.editing
    ? list.find((d) => d.id === draft.editing) ?? null
    : null;

  const replace = (d: DownstreamJson) =>
    setList((current) => current.map((x) => x.id === d.id ? d : x));

  const startCreate = () => {
    setFormError(null);
    setModelMessage(null);
    setDraft({
      editing: null,
      id: "",
      name: "",
      base_url: "",
      api_formats: ["openai"],
      api_key: "",
      models: "",
      max_output_tokens: "",
      default_max_tokens: "",
      translation: DEFAULT_TRANSLATION,
    });
  };

  const startEdit = (d: DownstreamJson) => {
    setFormError(null);
    setModelMessage(null);
    setNewModel("");
    setDraft({
      editing: d.id,
      id: d.id,
      name: d.name,
      base_url: d.base_url,
      api_formats: [...d.api_formats],
      api_key: "",
      models: "",
      max_output_tokens: d.max_output_tokens?.toString() ?? "",
      default_max_tokens: d.default_max_tokens?.toString() ?? "",
      translation: toTranslationDraft(d),
    });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    setFormError(null);
    setBusy(true);
    try {
      if (draft.editing) {
        const body: Record<string, unknown> = {
          name: draft.name.trim(),
          base_url: draft.base_url.trim(),
          api_formats: draft.api_formats,
          max_output_tokens: toLimit(draft.max_output_tokens),
          default_max_tokens: toLimit(draft.default_max_tokens),
          ...toTranslationFields(draft.translation, "update"),
        };
        // Blank keeps the stored key: the field is only sent when the user typed one.
        if (draft.api_key !== "") body.api_key = draft.api_key;
        const updated = await api<DownstreamJson>(
          "PUT",
          `/api/downstreams/${encodeURIComponent(draft.editing)}`,
          body,
        );
        replace(updated);
        setMessage({ kind: "ok", text: `Downstream ${updated.name} saved` });
        setDraft(null);
      } else {
        const name = draft.name.trim();
        const id = draft.id.trim() ||
          uniqueId(
            slug(name || draft.base_url),
            new Set(list.map((d) => d.id)),
          );
        const created = await api<DownstreamJson>("POST", "/api/downstreams", {
          id,
          name: name || id,
          base_url: draft.base_url.trim(),
          api_formats: draft.api_formats,
          api_key: draft.api_key,
          output_model_ids: draft.models.split(/[\s,]+/).filter((m) =>
            m !== ""
          ),
          ...limitFields(draft),
          ...toTranslationFields(draft.translation, "create"),
        });
        setList((current) => [...current, created]);
        setMessage({ kind: "ok", text: `Downstream ${created.name} added` });
        // Keep the form open on the new downstream so models can be added next.
        startEdit(created);
      }
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const addModel = async (e: Event) => {
    e.preventDefault();
    if (!editing || newModel.trim() === "") return;
    setModelMessage(null);
    try {
      const updated = await api<DownstreamJson>(
        "POST",
        `/api/downstreams/${encodeURIComponent(editing.id)}/models`,
        { model_id: newModel.trim() },
      );
      replace(updated);
      setModelMessage({ kind: "ok", text: `Added ${newModel.trim()}` });
      setNewModel("");
    } catch (err) {
      setModelMessage({ kind: "error", text: errorMessage(err) });
    }
  };

  const removeModel = async (model: string) => {
    if (!editing) return;
    setModelMessage(null);
    try {
      const updated = await api<DownstreamJson>(
        "DELETE",
        `/api/downstreams/${encodeURIComponent(editing.id)}/models/${
          encodeURIComponent(model)
        }`,
      );
      replace(updated);
      setModelMessage({ kind: "ok", text: `Removed ${model}` });
    } catch (err) {
      setModelMessage({ kind: "error", text: errorMessage(err) });
    }
  };

  const fetchModels = async () => {
    if (!editing) return;
    setModelMessage(null);
    setBusy(true);
    try {
      const result = await api<
        { downstream: DownstreamJson; fetched: number; added: string[] }
      >(
        "POST",
        `/api/downstreams/${encodeURIComponent(editing.id)}/fetch-models`,
      );
      replace(result.downstream);
      setModelMessage({
        kind: "ok",
        text: result.added.length > 0
          ? `Fetched ${result.fetched} models; added ${result.added.join(", ")}`
          : `Fetched ${result.fetched} models; none were new`,
      });
    } catch (err) {
      setModelMessage({ kind: "error", text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (d: DownstreamJson) => {
    if (!deletion.confirm(d.id)) return;
    try {
      await api("DELETE", `/api/downstreams/${encodeURIComponent(d.id)}`);
      setList((current) => current.filter((x) => x.id !== d.id));
      if (draft?.editing === d.id) setDraft(null);
      setMessage({
        kind: "ok",
        text: `Downstream ${d.name} deleted, with its aliases`,
      });
    } catch (err) {
      setMessage({
        kind: "error",
        text: `Cannot delete ${d.name}: ${errorMessage(err)}`,
      });
    }
  };

  return (
    <div>
      <PageHead
        title="Downstreams"
        lead="The providers Tresor forwards requests to."
        action={{ label: "Add downstream", onClick: startCreate }}
      />
      <Notice message={message} />
      {draft && (
        <div class="card panel">
          <form onSubmit={save} aria-label="Downstream form">
            <h2>
              {draft.editing
                ? `Edit ${draft.name || draft.id}`
                : "New downstream"}
            </h2>
            <Notice message={errorNotice(formError)} />
            <div class="form-grid">
              <TextField
                id="ds-name"
                label="Name"
                value={draft.name}
                onValue={(name) => setDraft({ ...draft, name })}
              />
              {!draft.editing && (
                <TextField
                  id="ds-id"
                  label="Id"
                  hint="(optional)"
                  value={draft.id}
                  attrs={{ placeholder: "generated from the name" }}
                  onValue={(id) => setDraft({ ...draft, id })}
                />
              )}
              <TextField
                id="ds-url"
                label="Base URL"
                value={draft.base_url}
                attrs={{
                  type: "url",
                  required: true,
                  placeholder: "https://api.openai.com/v1",
                }}
                onValue={(base_url) => setDraft({ ...draft, base_url })}
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
                    : "",
                }}
                onValue={(api_key) => setDraft({ ...draft, api_key })}
              />
              <TextField
                id="ds-max-output"
                label="Max output tokens"
                hint="(optional cap)"
                value={draft.max_output_tokens}
                attrs={{
                  type: "number",
                  min: 1,
                  step: 1,
                  inputMode: "numeric",
                }}
                onValue={(max_output_tokens) =>
                  setDraft({ ...draft, max_output_tokens })}
              />
              <TextField
                id="ds-default-max"
                label="Default max tokens"
                hint="(if a request has none)"
                value={draft.default_max_tokens}
                attrs={{
                  type: "number",
                  min: 1,
                  step: 1,
                  inputMode: "numeric",
                }}
                onValue={(default_max_tokens) =>
                  setDraft({ ...draft, default_max_tokens })}
              />
              <TranslationFields
                draft={draft.translation}
                onChange={(translation) => setDraft({ ...draft, translation })}
              />
            </div>
            <CheckGroup
              legend="API formats"
              options={FORMATS.map((f) => ({
                value: f,
                label: FORMAT_LABELS[f],
              }))}
              selected={draft.api_formats}
              onChange={(api_formats) => setDraft({ ...draft, api_formats })}
            />
            {!draft.editing && (
              <TextField
                id="ds-models"
                label="Models"
                hint="(optional, separated by spaces)"
                value={draft.models}
                onValue={(models) => setDraft({ ...draft, models })}
              />
            )}
            <div class="form-actions">
              <button type="submit" class="primary" disabled={busy}>
                {draft.editing ? "Save downstream" : "Create downstream"}
              </button>
              <button type="button" onClick={() => setDraft(null)}>
                Close
              </button>
            </div>
          </form>
          {editing && (
            <section aria-label={`Models of ${editing.name}`}>
              <h2 style="margin-top:1rem">Models</h2>
              <Notice message={modelMessage} testId="model-message" />
              {editing.output_model_ids.length === 0
                ? <p class="muted">No models yet.</p>
                : (
                  <ul class="model-list">
                    {editing.output_model_ids.map((m) => (
                      <li class="model-chip" key={m}>
                        {m}
                        <button
                          type="button"
                          aria-label={`Remove model ${m}`}
                          onClick={() =>
                            removeModel(m)}
                        >
                          ×
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              <form class="inline-form" onSubmit={addModel}>
                <label for="ds-new-model" class="visually-hidden">
                  New model id
                </label>
                <input
                  id="ds-new-model"
                  placeholder="model id"
                  value={newModel}
                  onInput={(e) => setNewModel(e.currentTarget.value)}
                />
                <button type="submit">Add model</button>
                <button type="button" onClick={fetchModels} disabled={busy}>
                  Fetch models
                </button>
              </form>
            </section>
          )}
        </div>
      )}
      {list.length === 0
        ? <p class="card empty">No downstreams yet.</p>
        : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Downstreams</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Formats</th>
                  <th scope="col" class="hide-phone">Base URL</th>
                  <th scope="col">Models</th>
                  <th scope="col" class="hide-phone">Key</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((d) => (
                  <tr key={d.id} data-downstream={d.id}>
                    <td>
                      <strong>{d.name}</strong>
                      <div class="muted mono">{d.id}</div>
                    </td>
                    <td>
                      <span class="badges">
                        {d.api_formats.length === 0
                          ? <span class="badge badge-muted">any</span>
                          : d.api_formats.map((f) => (
                            <FormatBadge key={f} format={f} />
                          ))}
                      </span>
                    </td>
                    <td class="hide-phone mono">{d.base_url}</td>
                    <td data-testid="model-count">
                      {d.output_model_ids.length}
                    </td>
                    <td class="hide-phone mono">
                      {d.api_key ? "••••••" : <span class="muted">none</span>}
                    </td>
                    <td class="actions">
                      <button
                        type="button"
                        class="small"
                        aria-label={`Edit ${d.name}`}
                        onClick={() => startEdit(d)}
                      >
                        Edit
                      </button>{" "}
                      <DeleteButton
                        class="small danger"
                        subject={d.name}
                        armed={deletion.armed === d.id}
                        onClick={() => remove(d)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </div>
  );
}

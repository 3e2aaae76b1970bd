/**
 * A form generated from a plugin's config schema (see `_schema.ts`), with each error shown next
 * to its field.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { Json, JsonObject } from "../web/json.ts";
import type { Field } from "./_schema.ts";

/** Props of {@link SchemaForm}. */
export interface SchemaFormProps {
  readonly fields: readonly Field[];
  readonly config: JsonObject;
  readonly errors: Readonly<Record<string, string>>;
  /** Prefix for element ids, unique on the page. */
  readonly idPrefix: string;
  onChange(config: JsonObject): void;
}

function withValue(
  config: JsonObject,
  name: string,
  value: Json | undefined,
): JsonObject {
  const next: Record<string, Json | undefined> = { ...config };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return next;
}

function toRows(value: Json | undefined): [string, string][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [];
  }
  return Object.entries(value).map((
    [k, v],
  ) => [k, typeof v === "string" ? v : v === null ? "" : JSON.stringify(v)]);
}

function RecordField(
  { id, label, value, invalid, describedBy, onChange }: {
    id: string;
    label: string;
    value: Json | undefined;
    invalid: boolean;
    describedBy?: string;
    onChange(value: JsonObject): void;
  },
): JSX.Element {
  const [rows, setRows] = useState<[string, string][]>(() => toRows(value));
  const emit = (next: [string, string][]) => {
    setRows(next);
    const out: Record<string, string> = {};
    for (const [k, v] of next) if (k.trim() !== "") out[k.trim()] = v;
    onChange(out);
  };
  return (
    <div class="stack" id={id} role="group" aria-label={label}>
      {rows.length === 0 && <span class="muted">None yet.</span>}
      {rows.map(([k, v], i) => (
        <div class="inline-form" key={i}>
          <input
            aria-label={`${label}: name ${i + 1}`}
            placeholder="name"
            value={k}
            aria-invalid={invalid ? "true" : undefined}
            aria-describedby={describedBy}
            onInput={(e) =>
              emit(
                rows.map((r, j) => j === i ? [e.currentTarget.value, r[1]] : r),
              )}
          />
          <input
            aria-label={`${label}: value ${i + 1}`}
            placeholder="value"
            value={v}
            onInput={(e) =>
              emit(
                rows.map((r, j) => j === i ? [r[0], e.currentTarget.value] : r),
              )}
          />
          <button
            type="button"
            class="small danger"
            aria-label={`Remove ${label} entry ${i + 1}`}
            onClick={() => emit(rows.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          class="small"
          onClick={() => setRows([...rows, ["", ""]])}
        >
          + Add {label.toLowerCase()} entry
        </button>
      </div>
    </div>
  );
}

/** The generated config form. */
export function SchemaForm(props: SchemaFormProps): JSX.Element {
  const { fields, config, errors, idPrefix, onChange } = props;
  if (fields.length === 0) {
    return <p class="muted">This plugin has no settings.</p>;
  }
  return (
    <div>
      {fields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const error = errors[field.name];
        const errorId = error ? `${id}-error` : undefined;
        const hintId = field.description ? `${id}-hint` : undefined;
        const describedBy = [errorId, hintId].filter(Boolean).join(" ") ||
          undefined;
        const value = config[field.name];
        const set = (v: Json | undefined) =>
          onChange(withValue(config, field.name, v));
        const t = field.type;
        let control: JSX.Element;
        switch (t.kind) {
          case "boolean": {
            const checked = value === true ||
              (value === undefined && field.default === true);
            control = (
              <button
                type="button"
                id={id}
                class="switch"
                role="switch"
                aria-checked={checked}
                aria-label={field.label}
                aria-describedby={describedBy}
                onClick={() => set(!checked)}
              />
            );
            break;
          }
          case "enum":
            control = (
              <select
                id={id}
                value={typeof value === "string" ? value : ""}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={describedBy}
                onChange={(e) => set(e.currentTarget.value || undefined)}
              >
                {!field.required && <option value="">(default)</option>}
                {t.options.map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            );
            break;
          case "number":
            control = (
              <input
                id={id}
                type="number"
                step={t.integer ? 1 : "any"}
                min={t.minimum}
                max={t.maximum}
                value={typeof value === "number" ? String(value) : ""}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={describedBy}
                onInput={(e) => {
                  const text = e.currentTarget.value;
                  set(text === "" ? undefined : Number(text));
                }}
              />
            );
            break;
          case "string":
            control = (
              <input
                id={id}
                value={typeof value === "string" ? value : ""}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={describedBy}
                onInput={(e) => set(e.currentTarget.value)}
              />
            );
            break;
          case "record":
            control = (
              <RecordField
                id={id}
                label={field.label}
                value={value}
                invalid={Boolean(error)}
                describedBy={describedBy}
                onChange={set}
              />
            );
            break;
          case "list":
            control = (
              <textarea
                id={id}
                rows={3}
                value={Array.isArray(value) ? value.join("\n") : ""}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={describedBy}
                onInput={(e) =>
                  set(
                    e.currentTarget.value.split("\n").map((s) => s.trim())
                      .filter((s) => s !== ""),
                  )}
              />
            );
            break;
          case "json":
            control = (
              <textarea
                id={id}
                rows={3}
                value={value === undefined ? "" : JSON.stringify(value)}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={describedBy}
                onChange={(e) => {
                  const text = e.currentTarget.value.trim();
                  if (text === "") return set(undefined);
                  try {
                    set(JSON.parse(text));
                  } catch (err) {
                    if (!(err instanceof SyntaxError)) throw err;
                    set(text);
                  }
                }}
              />
            );
            break;
          default: {
            const never: never = t;
            throw new TypeError(`Unknown field kind ${JSON.stringify(never)}`);
          }
        }
        return (
          <div class="field" key={field.name}>
            {t.kind === "record"
              ? <span class="label">{field.label}</span>
              : <label for={id}>{field.label}</label>}
            {control}
            {field.description && (
              <span class="hint" id={hintId}>{field.description}</span>
            )}
            {error && (
              <span class="field-error" id={errorId} role="alert">
                {error}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}

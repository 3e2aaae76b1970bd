/**
 * The prices section of the downstream form: the downstream's own prices (USD per 1 M tokens,
 * overriding the built-in table for it) with a remove button each, a row to set one model's
 * prices, **Refresh prices** (from the provider's `/models`, when it lists prices), and the
 * section's notice line.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { ModelPriceJson } from "../store/mod.ts";
import { Notice, type NoticeMessage } from "./_Notice.tsx";

/** Props of {@link PriceList}. */
export interface PriceListProps {
  /** The downstream's display name. */
  readonly name: string;
  readonly prices: Readonly<Record<string, ModelPriceJson>>;
  /** The downstream's models, offered when typing a model name. */
  readonly models: readonly string[];
  /** The day the built-in prices were taken (`YYYY-MM-DD`). */
  readonly builtinTaken: string;
  readonly notice: NoticeMessage;
  readonly busy: boolean;
  /** Saves the whole price list; resolves to whether it was saved. */
  onSave(prices: Record<string, ModelPriceJson>): Promise<boolean>;
  onRefresh(): void;
}

/** The typed row: the model and each price as typed (blank optional prices are left out). */
type PriceDraft =
  & { model: string }
  & {
    [K in keyof ModelPriceJson]-?: string;
  };

const EMPTY: PriceDraft = {
  model: "",
  input: "",
  output: "",
  cache_read: "",
  cache_write: "",
  cache_write_1h: "",
};

const COLUMNS = [
  ["input", "Input"],
  ["output", "Output"],
  ["cache_read", "Cache read"],
  ["cache_write", "Cache write"],
  ["cache_write_1h", "Cache write 1 h"],
] as const satisfies readonly (readonly [keyof ModelPriceJson, string])[];

/** The price a draft row stands for (the API checks the numbers and names a bad one). */
export function toModelPrice(draft: PriceDraft): ModelPriceJson {
  const optional = (text: string) =>
    text.trim() === "" ? undefined : Number(text);
  const price: { -readonly [K in keyof ModelPriceJson]: ModelPriceJson[K] } = {
    input: Number(draft.input),
    output: Number(draft.output),
  };
  const cacheRead = optional(draft.cache_read);
  const cacheWrite = optional(draft.cache_write);
  const oneHour = optional(draft.cache_write_1h);
  if (cacheRead !== undefined) price.cache_read = cacheRead;
  if (cacheWrite !== undefined) price.cache_write = cacheWrite;
  if (oneHour !== undefined) price.cache_write_1h = oneHour;
  return price;
}

/** The prices section. */
export function PriceList(props: PriceListProps): JSX.Element {
  const [draft, setDraft] = useState<PriceDraft>(EMPTY);
  const entries = Object.entries(props.prices);
  const set = async (e: Event) => {
    e.preventDefault();
    const model = draft.model.trim();
    if (model === "") return;
    const saved = await props.onSave({
      ...props.prices,
      [model]: toModelPrice(draft),
    });
    if (saved) setDraft(EMPTY);
  };
  const remove = (model: string) => {
    const rest = { ...props.prices };
    delete rest[model];
    return props.onSave(rest);
  };
  return (
    <section aria-label={`Prices of ${props.name}`}>
      <h2 style="margin-top:1rem">Prices</h2>
      <p class="hint">
        USD per 1 M tokens. Well-known models are priced by the built-in table
        (taken{" "}
        {props.builtinTaken}); a price set here wins for this downstream. A
        request whose model has no price is counted as unpriced, not free.
      </p>
      <Notice message={props.notice} testId="price-message" />
      {entries.length === 0
        ? <p class="muted">No prices of its own.</p>
        : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">
                Prices of {props.name}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  {COLUMNS.map(([key, label]) => (
                    <th scope="col" key={key} class="num">{label}</th>
                  ))}
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map(([model, price]) => (
                  <tr key={model} data-price={model}>
                    <td class="mono">{model}</td>
                    {COLUMNS.map(([key]) => (
                      <td key={key} class="num mono">{price[key] ?? "–"}</td>
                    ))}
                    <td class="actions">
                      <button
                        type="button"
                        class="small"
                        aria-label={`Remove the price of ${model}`}
                        disabled={props.busy}
                        onClick={() =>
                          remove(model)}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <form class="price-form" aria-label="Set a price" onSubmit={set}>
        <label>
          Model
          <input
            list="ds-price-models"
            required
            value={draft.model}
            onInput={(e) =>
              setDraft({ ...draft, model: e.currentTarget.value })}
          />
        </label>
        <datalist id="ds-price-models">
          {props.models.map((m) => <option key={m} value={m} />)}
        </datalist>
        {COLUMNS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input
              type="number"
              min="0"
              step="any"
              inputMode="decimal"
              required={key === "input" || key === "output"}
              value={draft[key]}
              onInput={(e) =>
                setDraft({ ...draft, [key]: e.currentTarget.value })}
            />
          </label>
        ))}
        <div class="price-buttons">
          <button type="submit" disabled={props.busy}>Set price</button>
          <button type="button" onClick={props.onRefresh} disabled={props.busy}>
            Refresh prices
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * The model section of the downstream form: the downstream's model ids with a remove button
 * each, a field to add one, **Fetch models**, and the section's own notice line.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Notice, type NoticeMessage } from "./_Notice.tsx";

/** Props of {@link ModelList}. */
export interface ModelListProps {
  /** The downstream's display name. */
  readonly name: string;
  readonly models: readonly string[];
  readonly notice: NoticeMessage;
  readonly busy: boolean;
  /** Adds a model id; resolves to whether it was added (then the field clears). */
  onAdd(model: string): Promise<boolean>;
  onRemove(model: string): void;
  onFetch(): void;
}

/** The model section. */
export function ModelList(props: ModelListProps): JSX.Element {
  const [newModel, setNewModel] = useState("");
  const add = async (e: Event) => {
    e.preventDefault();
    const model = newModel.trim();
    if (model !== "" && await props.onAdd(model)) setNewModel("");
  };
  return (
    <section aria-label={`Models of ${props.name}`}>
      <h2 style="margin-top:1rem">Models</h2>
      <Notice message={props.notice} testId="model-message" />
      {props.models.length === 0
        ? <p class="muted">No models yet.</p>
        : (
          <ul class="model-list">
            {props.models.map((m) => (
              <li class="model-chip" key={m}>
                {m}
                <button
                  type="button"
                  aria-label={`Remove model ${m}`}
                  onClick={() => props.onRemove(m)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      <form class="inline-form" onSubmit={add}>
        <label for="ds-new-model" class="visually-hidden">New model id</label>
        <input
          id="ds-new-model"
          placeholder="model id"
          value={newModel}
          onInput={(e) => setNewModel(e.currentTarget.value)}
        />
        <button type="submit">Add model</button>
        <button type="button" onClick={props.onFetch} disabled={props.busy}>
          Fetch models
        </button>
      </form>
    </section>
  );
}

/**
 * The downstreams page: the table ({@link DownstreamTable}), the edit form
 * ({@link DownstreamForm}, its failing field marked, a preset picker and a **Test** button), the
 * model list with add/remove and **Fetch models** ({@link ModelList}), and the downstream's
 * prices with **Refresh prices** ({@link PriceList}).
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type {
  DownstreamJson,
  FetchModelsJson,
  PresetJson,
  RefreshPricesJson,
} from "../store/mod.ts";
import { useConfirmDelete } from "./_DeleteButton.tsx";
import {
  type DownstreamDraft,
  DownstreamForm,
  newDownstreamDraft,
  toDownstreamBody,
  toDownstreamDraft,
} from "./_DownstreamForm.tsx";
import { DownstreamTable } from "./_DownstreamTable.tsx";
import { ModelList } from "./_ModelList.tsx";
import { Notice } from "./_Notice.tsx";
import { PageHead } from "./_PageHead.tsx";
import { PriceList } from "./_PriceList.tsx";
import { useResource } from "./_use_resource.ts";

/** Props of {@link DownstreamManager}. */
export type DownstreamManagerProps = {
  readonly downstreams: readonly DownstreamJson[];
  /** The day the built-in prices were taken (`YYYY-MM-DD`). */
  readonly pricesTaken: string;
  /** The provider presets a new downstream can start from. */
  readonly presets: readonly PresetJson[];
};

/** The model section's notice slot. */
const MODELS = "models";
/** The price section's notice slot. */
const PRICES = "prices";

/** The downstream manager. */
export function DownstreamManager(
  props: DownstreamManagerProps,
): JSX.Element {
  const downstreams = useResource<DownstreamJson>({
    url: "/api/downstreams",
    initial: props.downstreams,
  });
  const [draft, setDraft] = useState<DownstreamDraft | null>(null);
  const deletion = useConfirmDelete();

  const editing = draft?.editing
    ? downstreams.items.find((d) => d.id === draft.editing) ?? null
    : null;

  const open = (next: DownstreamDraft) => {
    downstreams.setProblem(null);
    downstreams.say(null, MODELS);
    downstreams.say(null, PRICES);
    setDraft(next);
  };

  const taken = new Set(downstreams.items.map((d) => d.id));

  const save = async () => {
    if (!draft) return;
    const body = toDownstreamBody(draft, taken);
    if (draft.editing) {
      const saved = await downstreams.update(draft.editing, body, {
        form: true,
        done: (d) => `Downstream ${d.name} saved`,
      });
      if (saved.ok) setDraft(null);
      return;
    }
    const created = await downstreams.create(body, {
      form: true,
      done: (d) => `Downstream ${d.name} added`,
    });
    // Keep the form open on the new downstream so models can be added next.
    if (created.ok) open(toDownstreamDraft(created.answer));
  };

  /** A call on the edited downstream, reported in a section's notice slot. */
  const changeDownstream = async <R,>(
    method: "POST" | "PUT" | "DELETE",
    path: string,
    options: {
      body?: unknown;
      downstream: (answer: R) => DownstreamJson;
      done: (answer: R) => string;
      notice?: string;
    },
  ) =>
    (await downstreams.mutate<R>({
      method,
      url: `${downstreams.itemUrl(editing?.id ?? "")}${path}`,
      body: options.body,
      apply: (items, answer) => {
        const updated = options.downstream(answer);
        return items.map((d) => d.id === updated.id ? updated : d);
      },
      done: options.done,
      notice: options.notice ?? MODELS,
    })).ok;

  const remove = async (d: DownstreamJson) => {
    if (!deletion.confirm(d.id)) return;
    const removed = await downstreams.remove(d.id, {
      done: `Downstream ${d.name} deleted, with its aliases`,
      failure: `Cannot delete ${d.name}`,
    });
    if (removed.ok && draft?.editing === d.id) setDraft(null);
  };

  return (
    <div>
      <PageHead
        title="Downstreams"
        lead="The providers Tresor forwards requests to."
        action={{
          label: "Add downstream",
          onClick: () => open(newDownstreamDraft()),
        }}
      />
      <Notice message={downstreams.notice()} />
      {draft && (
        <div class="card panel">
          <DownstreamForm
            draft={draft}
            presets={props.presets}
            taken={taken}
            savedModels={editing?.output_model_ids ?? []}
            problem={downstreams.problem?.text ?? null}
            fieldError={downstreams.fieldError}
            busy={downstreams.busy}
            onDraft={setDraft}
            onSubmit={save}
            onClose={() => setDraft(null)}
          />
          {editing && (
            <ModelList
              key={editing.id}
              name={editing.name}
              models={editing.output_model_ids}
              notice={downstreams.notice(MODELS)}
              busy={downstreams.busy}
              onAdd={(model) =>
                changeDownstream<DownstreamJson>("POST", "/models", {
                  body: { model_id: model },
                  downstream: (d) => d,
                  done: () => `Added ${model}`,
                })}
              onRemove={(model) =>
                changeDownstream<DownstreamJson>(
                  "DELETE",
                  `/models/${encodeURIComponent(model)}`,
                  { downstream: (d) => d, done: () => `Removed ${model}` },
                )}
              onFetch={() =>
                changeDownstream<FetchModelsJson>("POST", "/fetch-models", {
                  downstream: (r) => r.downstream,
                  done: (r) =>
                    r.added.length > 0
                      ? `Fetched ${r.fetched} models; added ${
                        r.added.join(", ")
                      }`
                      : `Fetched ${r.fetched} models; none were new`,
                })}
            />
          )}
          {editing && (
            <PriceList
              key={`prices-${editing.id}`}
              name={editing.name}
              prices={editing.prices ?? {}}
              models={editing.output_model_ids}
              builtinTaken={props.pricesTaken}
              notice={downstreams.notice(PRICES)}
              busy={downstreams.busy}
              onSave={(prices) =>
                changeDownstream<DownstreamJson>("PUT", "", {
                  body: {
                    prices: Object.keys(prices).length === 0 ? null : prices,
                  },
                  downstream: (d) => d,
                  done: () => "Prices saved",
                  notice: PRICES,
                })}
              onRefresh={() =>
                changeDownstream<RefreshPricesJson>("POST", "/refresh-prices", {
                  downstream: (r) => r.downstream,
                  done: (r) =>
                    r.updated.length > 0
                      ? `Priced ${r.updated.length} of its models from the provider: ${
                        r.updated.join(", ")
                      }`
                      : `The provider lists no price for this downstream's models (${r.fetched} priced models listed)`,
                  notice: PRICES,
                })}
            />
          )}
        </div>
      )}
      <DownstreamTable
        downstreams={downstreams.items}
        armed={deletion.armed}
        onEdit={(d) => open(toDownstreamDraft(d))}
        onDelete={remove}
      />
    </div>
  );
}

/**
 * `/api/downstreams`: CRUD, model list edits and fetch-models. Keys leave only as `***`.
 *
 * @module
 */
import {
  NotFoundError,
  parseDownstreamInput,
  parseDownstreamPatch,
  toDownstreamJson,
  ValidationError,
} from "../../store/mod.ts";
import { json, noContent, readJsonObject } from "./_http.ts";
import { fetchModelList } from "./provider_models.ts";
import { type ApiState, type Route, route } from "./_router.ts";

/** The downstream routes. */
export function downstreamRoutes({ deps }: ApiState): Route[] {
  const { store } = deps;
  const find = (id: string) => {
    const downstream = store.snapshot().downstreamsById.get(id);
    if (!downstream) throw new NotFoundError(`Downstream "${id}" not found`);
    return downstream;
  };
  return [
    route("/api/downstreams", {
      GET: () =>
        Promise.resolve(
          json(store.snapshot().downstreams.map(toDownstreamJson)),
        ),
      POST: async (req) => {
        const input = parseDownstreamInput(await readJsonObject(req));
        const created = await store.createDownstream(input);
        deps.log.info("Downstream created", { downstream: created.id });
        return json(toDownstreamJson(created), { status: 201 });
      },
    }),
    route("/api/downstreams/:id/fetch-models", {
      POST: async (req, { params }) => {
        await req.body?.cancel();
        const downstream = find(params.id);
        const ids = await fetchModelIds(deps, downstream);
        const { downstream: updated, added } = await store.addModels(
          downstream.id,
          ids,
        );
        deps.log.info("Downstream models fetched", {
          downstream: downstream.id,
          fetched: ids.length,
          added: added.length,
        });
        return json({
          downstream: toDownstreamJson(updated),
          fetched: ids.length,
          added,
        });
      },
    }),
    route("/api/downstreams/:id/models", {
      POST: async (req, { params }) => {
        const body = await readJsonObject(req);
        const modelId = body.model_id;
        if (typeof modelId !== "string" || modelId.trim() === "") {
          throw new ValidationError("model_id", "must be a non-empty string");
        }
        const { downstream } = await store.addModels(params.id, [
          modelId.trim(),
        ]);
        return json(toDownstreamJson(downstream), { status: 201 });
      },
    }),
    route("/api/downstreams/:id/models/:model_id(.+)", {
      DELETE: async (_req, { params }) => {
        const downstream = await store.removeModel(params.id, params.model_id);
        return json(toDownstreamJson(downstream));
      },
    }),
    route("/api/downstreams/:id", {
      GET: (_req, { params }) =>
        Promise.resolve(json(toDownstreamJson(find(params.id)))),
      PUT: async (req, { params }) => {
        const patch = parseDownstreamPatch(await readJsonObject(req));
        const updated = await store.updateDownstream(params.id, patch);
        deps.log.info("Downstream updated", { downstream: updated.id });
        return json(toDownstreamJson(updated));
      },
      DELETE: async (_req, { params }) => {
        await store.deleteDownstream(params.id);
        deps.log.info("Downstream deleted", { downstream: params.id });
        return noContent();
      },
    }),
  ];
}

/** The model ids a provider lists (`GET {base_url}/models`), deduplicated. */
async function fetchModelIds(
  deps: ApiState["deps"],
  downstream: { id: string; apiKey: string },
): Promise<string[]> {
  const data = await fetchModelList(deps, downstream);
  const ids = data
    .map((model) => (model as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === "string" && id !== "");
  return [...new Set(ids)];
}

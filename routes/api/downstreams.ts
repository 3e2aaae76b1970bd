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
import { providerErrorMessage } from "../../gateway/mod.ts";
import { HttpError, json, noContent, readJsonObject } from "./_http.ts";
import { type ApiState, type Route, route } from "./_router.ts";

/** fetch-models waits at least this long for the whole answer (the connect timeout when longer). */
const FETCH_MODELS_MIN_TIMEOUT_MS = 30_000;

/** Longest provider error text quoted back in a 502. */
const MAX_PROVIDER_MESSAGE = 300;

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

/**
 * Asks the provider for its models (`GET {base_url}/models`, through the downstream's pooled
 * client with its credentials) and returns the ids. Provider failures become a 502 with a
 * message that never contains the key.
 */
async function fetchModelIds(
  deps: ApiState["deps"],
  downstream: { id: string; apiKey: string },
): Promise<string[]> {
  const timeoutMs = Math.max(
    deps.store.snapshot().settings.upstreamConnectTimeoutMs,
    FETCH_MODELS_MIN_TIMEOUT_MS,
  );
  const fail = (detail: string, cause?: unknown): never => {
    const scrubbed = downstream.apiKey
      ? detail.replaceAll(downstream.apiKey, "***")
      : detail;
    throw new HttpError(
      502,
      `Cannot fetch models from downstream "${downstream.id}": ${scrubbed}`,
      { cause },
    );
  };
  let res: Response;
  try {
    // Bounded by its own timer, not the client's signal: Deno also aborts `request.signal`
    // when a response completes, which is not a reason to stop.
    res = await deps.gateway.fetchUpstream(downstream.id, "/models", {
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "TimeoutError") {
      return fail(`no answer within ${timeoutMs / 1000} s`, err);
    }
    return fail(err instanceof Error ? err.message : String(err), err);
  }
  const text = await res.text();
  if (!res.ok) {
    return fail(
      `provider answered ${res.status}: ${
        providerErrorMessage(text, MAX_PROVIDER_MESSAGE) ?? "empty body"
      }`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return fail("provider answered with something other than JSON", err);
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) {
    return fail('provider answered without a "data" list of models');
  }
  const ids = data
    .map((model) => (model as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === "string" && id !== "");
  return [...new Set(ids)];
}

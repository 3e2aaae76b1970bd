/**
 * `/api/aliases`: CRUD, activate (one active member per group) and group reorder.
 *
 * @module
 */
import {
  NotFoundError,
  parseAliasInput,
  parseAliasPatch,
  toAliasJson,
  ValidationError,
} from "../../store/mod.ts";
import { json, noContent, readJsonObject } from "./_http.ts";
import { type ApiState, type Route, route } from "./_router.ts";

/** The alias routes. */
export function aliasRoutes({ deps }: ApiState): Route[] {
  const { store } = deps;
  const list = () => json(store.snapshot().aliases.map(toAliasJson));
  return [
    route("/api/aliases", {
      GET: () => Promise.resolve(list()),
      POST: async (req) => {
        const input = parseAliasInput(await readJsonObject(req));
        const created = await store.createAlias(input);
        deps.log.info("Alias created", { alias: created.id });
        return json(toAliasJson(created), { status: 201 });
      },
    }),
    // Static segments before `:id`, so "reorder" is never taken for an alias id.
    route("/api/aliases/reorder", {
      POST: async (req) => {
        const { order } = await readJsonObject(req);
        if (
          !Array.isArray(order) ||
          !order.every((item): item is string => typeof item === "string")
        ) {
          throw new ValidationError(
            "order",
            "must be a list of input model ids",
          );
        }
        await store.reorderAliasGroups(order);
        return list();
      },
    }),
    route("/api/aliases/:id/activate", {
      POST: async (_req, { params }) => {
        const alias = await store.activateAlias(params.id);
        deps.log.info("Alias activated", {
          alias: alias.id,
          input_model: alias.inputModelId,
          downstream: alias.downstreamId,
        });
        return json(toAliasJson(alias));
      },
    }),
    route("/api/aliases/:id", {
      GET: (_req, { params }) => {
        const alias = store.snapshot().aliases.find((a) => a.id === params.id);
        if (!alias) throw new NotFoundError(`Alias "${params.id}" not found`);
        return Promise.resolve(json(toAliasJson(alias)));
      },
      PUT: async (req, { params }) => {
        const patch = parseAliasPatch(await readJsonObject(req));
        const updated = await store.updateAlias(params.id, patch);
        deps.log.info("Alias updated", { alias: updated.id });
        return json(toAliasJson(updated));
      },
      DELETE: async (_req, { params }) => {
        await store.deleteAlias(params.id);
        deps.log.info("Alias deleted", { alias: params.id });
        return noContent();
      },
    }),
  ];
}

/**
 * `POST /api/downstreams/test` (settings not saved yet, as the form holds them) and
 * `POST /api/downstreams/{id}/test` (a saved downstream): the provider's models endpoint and a
 * 1-token request per format, through the gateway's SSRF-guarded probe client. The answer is
 * always 200 `{"ok", "checks"}`; a check that failed carries the provider's error, key masked.
 *
 * The key of an unsaved test: the one in the body; when it is absent, empty or masked (`***…`,
 * as the form and the API show keys) and the body's `id` names a saved downstream, that
 * downstream's stored key — but only to the origin it is stored for. Pointed at another origin,
 * the test is refused (400 on `api_key`): a stored key never leaves for a URL it was not saved
 * with.
 *
 * @module
 */
import {
  type Downstream,
  NotFoundError,
  parseDownstreamInput,
  type RoutingSnapshot,
  ValidationError,
} from "../../store/mod.ts";
import { json, readJsonObject } from "./_http.ts";
import { type ApiState, type Route, route } from "./_router.ts";

/** The id an unsaved downstream is tested under when the form has none yet. */
const UNSAVED_ID = "unsaved";

/** The downstream test routes. */
export function downstreamTestRoutes({ deps }: ApiState): Route[] {
  const { store, gateway, log } = deps;
  const run = async (downstream: Downstream) => {
    const result = await gateway.testDownstream(downstream);
    log.info("Downstream tested", {
      downstream: downstream.id,
      ok: result.ok,
      failed: result.checks.filter((c) => !c.ok).map((c) => c.name),
    });
    return json(result);
  };
  return [
    route("/api/downstreams/test", {
      POST: async (req) =>
        run(toTested(store.snapshot(), await readJsonObject(req))),
    }),
    route("/api/downstreams/:id/test", {
      POST: async (req, { params }) => {
        await req.body?.cancel();
        const downstream = store.snapshot().downstreamsById.get(params.id);
        if (!downstream) {
          throw new NotFoundError(`Downstream "${params.id}" not found`);
        }
        return run(downstream);
      },
    }),
  ];
}

/** The downstream a test body describes, with the stored key where the rules above allow it. */
function toTested(
  snapshot: RoutingSnapshot,
  body: Record<string, unknown>,
): Downstream {
  const id = typeof body.id === "string" && body.id !== ""
    ? body.id
    : UNSAVED_ID;
  const input = parseDownstreamInput({ ...body, id });
  const key = body.api_key;
  const keyGiven = typeof key === "string" && key !== "" &&
    !key.startsWith("***");
  const stored = snapshot.downstreamsById.get(id);
  if (keyGiven || stored === undefined || stored.apiKey === "") return input;
  if (originOf(stored.baseUrl) !== originOf(input.baseUrl)) {
    throw new ValidationError(
      "api_key",
      `the stored key of "${id}" is sent only to ${
        originOf(stored.baseUrl)
      }: enter the key to test another URL`,
    );
  }
  return { ...input, apiKey: stored.apiKey };
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * The inspector's API (issue 17): `GET /api/logs/{id}` (a request's log entry and what was
 * captured of it), `POST /api/logs/{id}/replay` (send the captured request again, through the
 * whole gateway, to the same route or another downstream/model), and `GET|PUT /api/capture`
 * (the capture settings, the memory held, and the Logs page's live switch).
 *
 * @module
 */
import {
  readReplayAnswer,
  ReplayError,
  type ReplayTarget,
  toReplayRequest,
} from "../../gateway/mod.ts";
import type { CapturedRequest } from "../../gateway/mod.ts";
import type { ReplayJson } from "../../store/mod.ts";
import { NotFoundError, ValidationError } from "../../store/mod.ts";
import type { RoutingSnapshot } from "../../store/types.ts";
import { toBodyJson, toCaptureStatusJson, toLogDetailJson } from "../_json.ts";
import { HttpError, json, readJsonObject } from "./_http.ts";
import { type ApiState, type Route, route } from "./_router.ts";

/** Reads an optional non-empty string field of a JSON body. */
function optionalString(
  body: Record<string, unknown>,
  field: string,
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new ValidationError(field, "must be a non-empty string");
  }
  return value;
}

/**
 * Where a replay goes: nowhere in particular (its own route, `model` aside), or the downstream
 * named, as `model`, else as the model it was forwarded as when that downstream lists it, else
 * as the downstream's first model.
 */
function replayTarget(
  snapshot: RoutingSnapshot,
  captured: CapturedRequest,
  choice: { downstreamId?: string; model?: string },
): ReplayTarget | undefined {
  const { downstreamId, model } = choice;
  if (downstreamId === undefined) return undefined;
  const downstream = snapshot.downstreamsById.get(downstreamId);
  if (!downstream) {
    throw new ValidationError(
      "downstream_id",
      `no downstream "${downstreamId}"`,
    );
  }
  const forwarded = captured.entry.model_forwarded;
  const chosen = model ??
    (forwarded !== null && downstream.outputModelIds.includes(forwarded)
      ? forwarded
      : downstream.outputModelIds[0]);
  if (chosen === undefined) {
    throw new ValidationError(
      "model",
      `required: downstream "${downstreamId}" lists no models`,
    );
  }
  return { downstreamId, model: chosen };
}

/** The capture routes. */
export function captureRoutes({ deps }: ApiState): Route[] {
  const { requestLog, store, capture } = deps;
  const captures = capture.store;

  /** The capture of `id`, or why there is none (404 unknown, 409 not captured). */
  const capturedOf = async (id: string): Promise<CapturedRequest> => {
    const captured = await captures.get(id);
    if (captured) return captured;
    if (!requestLog.get(id)) {
      throw new NotFoundError(`No request "${id}" in the log`);
    }
    throw new HttpError(
      409,
      `Cannot replay request "${id}": its bodies were not captured (capture.mode "${captures.status().settings.mode}" keeps failed requests only; switch capture on in the Logs page, or set capture.mode: all)`,
    );
  };

  return [
    route("/api/logs/:id", {
      GET: async (_req, { params }) => {
        const captured = await captures.get(params.id);
        const entry = requestLog.get(params.id) ?? captured?.entry;
        if (!entry) {
          throw new NotFoundError(`No request "${params.id}" in the log`);
        }
        return json(toLogDetailJson(entry, captured));
      },
    }),
    route("/api/logs/:id/replay", {
      POST: async (req, { params }) => {
        const body = await readJsonObject(req);
        const choice = {
          downstreamId: optionalString(body, "downstream_id"),
          model: optionalString(body, "model"),
        };
        const captured = await capturedOf(params.id);
        const snapshot = store.snapshot();
        const to = replayTarget(snapshot, captured, choice);
        let replayed: Request;
        try {
          replayed = toReplayRequest(captured, {
            model: to === undefined ? choice.model : undefined,
            signal: req.signal,
          });
        } catch (err) {
          if (err instanceof ReplayError) throw new HttpError(409, err.message);
          throw err;
        }
        const response = await capture.replay(replayed, {
          of: params.id,
          ...(to && { to }),
        });
        const answer = await readReplayAnswer(response, {
          settings: snapshot.settings.capture,
          redactor: captures.redactor(),
        });
        const result: ReplayJson = {
          log_id: response.headers.get("x-tresor-request-id") ?? "",
          status: response.status,
          body: toBodyJson(answer.text, answer.truncated),
        };
        return json(result);
      },
    }),
    route("/api/capture", {
      GET: () => Promise.resolve(json(toCaptureStatusJson(captures.status()))),
      PUT: async (req) => {
        const body = await readJsonObject(req);
        if (typeof body.live !== "boolean") {
          throw new ValidationError("live", "must be true or false");
        }
        const holder = optionalString(body, "holder");
        if (!body.live) {
          if (holder !== undefined) captures.release(holder);
          return json(toCaptureStatusJson(captures.status()));
        }
        const held = captures.hold(holder);
        return json({
          ...toCaptureStatusJson(captures.status()),
          holder: held.holder,
        });
      },
    }),
  ];
}

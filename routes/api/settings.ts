/**
 * `/api/config` (runtime settings, keys masked, and a refused config file edit as
 * `config_error`) and `/api/log_level`.
 *
 * @module
 */
import {
  parseSettingsPatch,
  toSettingsJson,
  ValidationError,
} from "../../store/mod.ts";
import type { LogLevel } from "../../store/types.ts";
import { json, readJsonObject } from "./_http.ts";
import { type ApiState, type Route, route } from "./_router.ts";
import { bearerToken, sessionCookie } from "./auth.ts";

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" &&
    (LEVELS as readonly string[]).includes(value);
}

/** The settings routes. */
export function settingsRoutes({ deps, sessions }: ApiState): Route[] {
  const { store, log } = deps;
  const setLevel = async (req: Request) => {
    const { level } = await readJsonObject(req);
    if (!isLogLevel(level)) {
      throw new ValidationError("level", `must be one of ${LEVELS.join(", ")}`);
    }
    await store.updateSettings({ logLevel: level });
    log.level = level;
    log.info("Log level changed", { level });
    return json({ level: log.level });
  };
  return [
    route("/api/config", {
      GET: () =>
        Promise.resolve(json({
          ...toSettingsJson(store.snapshot().settings),
          config_error: store.configError ?? null,
        })),
      PUT: async (req) => {
        const patch = parseSettingsPatch(await readJsonObject(req));
        const before = store.snapshot().settings;
        const settings = await store.updateSettings(patch);
        if (patch.logLevel) log.level = patch.logLevel;
        if (settings.adminPassword !== before.adminPassword) {
          // Sessions opened under the old password end, except the one that changed it.
          const keep = [bearerToken(req), sessionCookie(req)].filter((t) =>
            sessions.isValid(t)
          );
          sessions.revokeAll({ except: keep });
        }
        log.info("Settings changed", { fields: Object.keys(patch) });
        return json(toSettingsJson(settings));
      },
    }),
    route("/api/log_level", {
      GET: () => Promise.resolve(json({ level: log.level })),
      PUT: setLevel,
      POST: setLevel,
    }),
  ];
}

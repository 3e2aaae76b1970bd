/**
 * The admin JSON contract's types against the page machinery's: the store's `JsonValue` is
 * `web/json.ts`'s `Json` (the store imports nothing, so it declares its own), and every shape
 * can travel as island props. These are compile-time checks; the test fails to type-check when
 * one breaks.
 */
import assert from "node:assert/strict";
import type {
  AliasJson,
  DownstreamJson,
  ErrorJson,
  FetchModelsJson,
  JsonRecord,
  JsonValue,
  LogEntryJson,
  PluginJson,
  RuleJson,
  SettingsJson,
} from "../../../store/mod.ts";
import type { Json, JsonObject } from "../../../web/json.ts";

/** `true` when `A` and `B` are the same type (readonly and optional modifiers included). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends
  (<T>() => T extends B ? 1 : 2) ? true : false;

Deno.test("JsonValue and JsonRecord are web's Json and JsonObject", () => {
  const value: Same<JsonValue, Json> = true;
  const record: Same<JsonRecord, JsonObject> = true;
  assert.deepStrictEqual([value, record], [true, true]);
});

Deno.test("every admin JSON shape can be island props (a JSON object)", () => {
  const shapes: [
    DownstreamJson,
    RuleJson,
    AliasJson,
    SettingsJson,
    PluginJson,
    LogEntryJson,
    FetchModelsJson,
    ErrorJson,
  ] extends JsonObject[] ? true : false = true;
  assert.equal(shapes, true);
});

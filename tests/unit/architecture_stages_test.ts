/**
 * The request path's layout (ARCHITECTURE.md "The stages of a request"): each file in
 * `gateway/stages/` exports one stage function named after the file, and ARCHITECTURE.md names
 * every stage file and no missing one. The rules are `tests/_helpers/layout_rules.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  stageDocViolations,
  stageLayoutViolations,
  STAGES_FOLDER,
} from "../_helpers/layout_rules.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function readStages(): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for await (const entry of Deno.readDir(join(ROOT, STAGES_FOLDER))) {
    const file = `${STAGES_FOLDER}${entry.name}`;
    sources.set(
      file,
      entry.isFile ? await Deno.readTextFile(join(ROOT, file)) : "",
    );
  }
  return sources;
}

const stages = await readStages();
const architecture = await Deno.readTextFile(join(ROOT, "ARCHITECTURE.md"));

Deno.test("architecture: each gateway/stages/ file exports one stage function named after it", () => {
  assert.ok(stages.size >= 9);
  assert.deepStrictEqual(stageLayoutViolations(stages), []);
});

Deno.test("architecture: ARCHITECTURE.md names every stage file, and none that is missing", () => {
  assert.deepStrictEqual(stageDocViolations(stages, architecture), []);
});

Deno.test("architecture: the stage layout rules catch what they forbid", () => {
  const made = new Map([
    ["gateway/stages/read_body.ts", "export async function readBody() {}"],
    [
      "gateway/stages/plan.ts",
      "export function plan() {}\nexport const LIMIT = 1;",
    ],
    ["gateway/stages/send.ts", "export function sendRequest() {}"],
    ["gateway/stages/record.ts", 'export { record } from "../record.ts";'],
    ["gateway/stages/nested/x.ts", "export function x() {}"],
    [
      "gateway/stages/resolve.ts",
      "/** export function other() */\nexport function resolve() {}\nfunction helper() {}",
    ],
  ]);
  assert.deepStrictEqual(stageLayoutViolations(made), [
    "gateway/stages/plan.ts exports function plan, const LIMIT; a stage file exports only function plan",
    "gateway/stages/send.ts exports function sendRequest; a stage file exports only function send",
    "gateway/stages/record.ts exports export list; a stage file exports only function record",
    "gateway/stages/nested/x.ts: stages are files directly in gateway/stages/",
  ]);
  assert.deepStrictEqual(
    stageDocViolations(
      made,
      "`gateway/stages/read_body.ts` `gateway/stages/plan.ts` `gateway/stages/send.ts` " +
        "`gateway/stages/resolve.ts` `gateway/stages/gone.ts`",
    ),
    [
      "ARCHITECTURE.md does not name gateway/stages/record.ts",
      "ARCHITECTURE.md names gateway/stages/gone.ts, which does not exist",
    ],
  );
});

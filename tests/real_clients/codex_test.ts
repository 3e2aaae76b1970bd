/**
 * [real] Codex CLI (the pinned npm release) through Tresor, which Codex reaches with
 * `wire_api = "responses"`: passthrough to a Responses downstream, translated to a Chat
 * Completions one and to an Anthropic one, and one session hot-switched between an OpenAI-format
 * and an Anthropic-format downstream (`codex exec resume`), against the scripted strict upstream.
 */
import assert from "node:assert/strict";
import { requireClients, runCodex } from "./_clients.ts";
import { assertTaskDone, type Rig, type Route, startRig } from "./_rig.ts";
import type { Task } from "./_upstream/mod.ts";

async function turn(
  rig: Rig,
  task: Omit<Task, "dir">,
  options: { resume?: boolean } = {},
): Promise<void> {
  rig.upstream.task = { ...task, dir: rig.workDir };
  const run = await runCodex(
    rig,
    `Create ${task.file} containing ${task.content}`,
    options,
  );
  // Codex prints the final answer; apply_patch ends the file's last line with a newline.
  await assertTaskDone(rig, run, {
    answer: run.stdout,
    file: task.file,
    fileContent: `${task.content}\n`,
    finalText: task.finalText,
  });
}

const TASK = {
  file: "hello.txt",
  content: "hi from codex",
  finalText: "Codex wrote it.",
};

async function singleRoute(route: Route): Promise<Rig> {
  await requireClients();
  const rig = await startRig(route);
  await turn(rig, TASK);
  return rig;
}

Deno.test("[real] Codex → Responses downstream (passthrough) writes the file and answers", async () => {
  await using rig = await singleRoute("responses");
  assert.ok(rig.upstream.requests.every((r) => r.format === "responses"));
});

Deno.test("[real] Codex → Chat Completions downstream writes the file and answers", async () => {
  await using rig = await singleRoute("chat");
  const sent = rig.upstream.requests.filter((r) => r.format === "chat");
  assert.ok(sent.some((r) => r.answer === "final"));
});

Deno.test("[real] Codex → Anthropic downstream writes the file and answers", async () => {
  await using rig = await singleRoute("anthropic");
  const sent = rig.upstream.requests.filter((r) => r.format === "anthropic");
  assert.ok(sent.some((r) => r.answer === "final"));
});

Deno.test("[real] Codex session hot-switched chat → Anthropic → Responses between turns never meets a 400", async () => {
  await requireClients();
  await using rig = await startRig("chat");
  await turn(rig, {
    file: "one.txt",
    content: "first",
    finalText: "First done.",
  });
  await rig.use("anthropic");
  await turn(rig, {
    file: "two.txt",
    content: "second",
    finalText: "Second done.",
  }, {
    resume: true,
  });
  await rig.use("responses");
  await turn(rig, {
    file: "three.txt",
    content: "third",
    finalText: "Third done.",
  }, {
    resume: true,
  });
  const formats = new Set(rig.upstream.requests.map((r) => r.format));
  assert.deepStrictEqual([...formats].sort(), [
    "anthropic",
    "chat",
    "responses",
  ]);
});

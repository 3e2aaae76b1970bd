/**
 * [real] Claude Code (the pinned npm release) through Tresor: passthrough to an Anthropic
 * downstream and translated to a Chat Completions one, and one conversation hot-switched between
 * the two, including mid-turn, against the scripted strict upstream.
 */
import assert from "node:assert/strict";
import { claudeResult, requireClients, runClaude } from "./_clients.ts";
import { rejected, type Rig, type Route, startRig } from "./_rig.ts";
import type { Task } from "./_upstream/mod.ts";

/** Gives the upstream its task, runs one Claude Code turn, and checks the file and the answer. */
async function turn(
  rig: Rig,
  task: Omit<Task, "dir">,
  options: { resume?: boolean } = {},
): Promise<void> {
  rig.upstream.task = { ...task, dir: rig.workDir };
  const run = await runClaude(
    rig,
    `Create ${task.file} containing ${task.content}`,
    options,
  );
  assert.equal(
    run.code,
    0,
    `claude exited ${run.code}: ${run.stdout}\n${run.stderr}`,
  );
  assert.deepStrictEqual(rejected(rig), []);
  assert.equal(claudeResult(run), task.finalText);
  assert.equal(
    await Deno.readTextFile(`${rig.workDir}/${task.file}`),
    task.content,
  );
}

async function singleRoute(route: Route): Promise<Rig> {
  await requireClients();
  const rig = await startRig(route);
  await turn(rig, {
    file: "hello.txt",
    content: "hi from claude",
    finalText: "File written.",
  });
  return rig;
}

Deno.test("[real] Claude Code → Anthropic downstream (passthrough) writes the file and answers", async () => {
  await using rig = await singleRoute("anthropic");
  const sent = rig.upstream.requests.filter((r) =>
    r.path.endsWith("/v1/messages")
  );
  assert.ok(
    sent.some((r) => r.answer === "tool_call") &&
      sent.some((r) => r.answer === "final"),
  );
  // Passthrough: Claude Code's own headers and fields reach Anthropic.
  assert.match(sent[0].headers.get("anthropic-beta") ?? "", /claude-code/);
  assert.ok(
    JSON.stringify(sent[0].body.system).includes("x-anthropic-billing-header"),
  );
});

Deno.test("[real] Claude Code → Chat Completions downstream writes the file and answers", async () => {
  await using rig = await singleRoute("chat");
  const sent = rig.upstream.requests.filter((r) => r.format === "chat");
  assert.ok(
    sent.some((r) => r.answer === "tool_call") &&
      sent.some((r) => r.answer === "final"),
  );
  for (const r of sent) {
    assert.ok(!JSON.stringify(r.body).includes("x-anthropic-billing-header"));
    for (const name of r.headers.keys()) {
      assert.ok(!/^(anthropic-|x-stainless-|x-claude-code-)/.test(name), name);
    }
  }
});

/**
 * [real] Claude Code (the pinned npm release) through Tresor: passthrough to an Anthropic
 * downstream and translated to a Chat Completions one, and one conversation hot-switched between
 * the two, including mid-turn, against the scripted strict upstream.
 */
import assert from "node:assert/strict";
import { claudeResult, requireClients, runClaude } from "./_clients.ts";
import { assertTaskDone, type Rig, type Route, startRig } from "./_rig.ts";
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
  await assertTaskDone(rig, run, {
    answer: run.code === 0 ? claudeResult(run) : "",
    file: task.file,
    fileContent: task.content,
    finalText: task.finalText,
  });
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

Deno.test("[real] Claude Code conversation hot-switched between chat and Anthropic, also mid-turn, never meets a 400", async () => {
  await requireClients();
  await using rig = await startRig("chat_reasoning");
  // A reasoning chat model: its reasoning reaches Claude Code as thinking signed by Tresor.
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
  // Mid-turn: the chat model calls the tool, then the route moves to Anthropic before the
  // tool result goes back, so Anthropic continues a tool turn it has no signed thinking for.
  await rig.use("chat_reasoning");
  let switched = false;
  rig.upstream.beforeToolCall = async () => {
    if (switched) return;
    switched = true;
    await rig.use("anthropic");
  };
  await turn(rig, {
    file: "three.txt",
    content: "third",
    finalText: "Third done.",
  }, {
    resume: true,
  });
  rig.upstream.beforeToolCall = undefined;
  assert.ok(switched);
  // A chat model without reasoning: Anthropic's signed thinking and effort must not reach it.
  await rig.use("chat");
  await turn(rig, {
    file: "four.txt",
    content: "fourth",
    finalText: "Fourth done.",
  }, {
    resume: true,
  });

  const requests = rig.upstream.requests;
  const continued = requests.find((r, i) =>
    r.format === "anthropic" && r.answer === "final" &&
    requests[i - 1]?.format === "chat" &&
    requests[i - 1]?.answer === "tool_call"
  );
  assert.ok(continued, "the mid-turn switch sent the tool result to Anthropic");
  assert.equal(
    continued.body.thinking,
    undefined,
    "that turn went with thinking off",
  );
  const sentToAnthropic = JSON.stringify(
    requests.filter((r) => r.format === "anthropic").map((r) => r.body),
  );
  assert.ok(!sentToAnthropic.includes("tresor:translated-reasoning"));
});

/**
 * [real] OpenCode (the pinned npm release) through Tresor with its OpenAI-compatible provider and
 * its built-in Anthropic provider, each to a Chat Completions and an Anthropic downstream, with
 * the model's reasoning on and off, against the scripted strict upstream.
 */
import assert from "node:assert/strict";
import {
  type OpenCodeProvider,
  requireClients,
  runOpenCode,
} from "./_clients.ts";
import { assertTaskDone, type Route, startRig } from "./_rig.ts";

const CASES: { provider: OpenCodeProvider; target: "chat" | "anthropic" }[] = [
  { provider: "openai-compatible", target: "chat" },
  { provider: "openai-compatible", target: "anthropic" },
  { provider: "anthropic", target: "anthropic" },
  { provider: "anthropic", target: "chat" },
];

for (const { provider, target } of CASES) {
  for (const reasoning of [false, true]) {
    const name = `[real] OpenCode (${provider} provider) → ${
      target === "chat" ? "Chat Completions" : "Anthropic"
    } downstream, reasoning ${
      reasoning ? "on" : "off"
    }, writes the file and answers`;
    Deno.test(name, async () => {
      await requireClients();
      const route: Route = target === "chat" && reasoning
        ? "chat_reasoning"
        : target;
      await using rig = await startRig(route);
      const task = {
        dir: rig.workDir,
        file: "hello.txt",
        content: `hi from opencode ${provider}`,
        finalText: "OpenCode wrote it.",
      };
      rig.upstream.task = task;
      const run = await runOpenCode(
        rig,
        `Create hello.txt containing ${task.content}`,
        {
          provider,
          reasoning,
        },
      );
      await assertTaskDone(rig, run, {
        answer: run.stdout,
        file: task.file,
        fileContent: task.content,
        finalText: task.finalText,
      });
      const sent = rig.upstream.requests.filter((r) => r.format === target);
      assert.ok(
        sent.some((r) => r.answer === "tool_call") &&
          sent.some((r) => r.answer === "final"),
      );
    });
  }
}

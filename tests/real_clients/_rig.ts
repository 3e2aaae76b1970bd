/**
 * The real-client rig: the scripted strict upstream, Tresor in-process over a real store (its
 * admin API switches routes), and a scratch folder per test with the client's working directory
 * and an isolated home. Every model name reaches the active member of one regex alias group, so
 * a client's default model (and its small models for titles and summaries) all land on the route
 * under test.
 */
import assert from "node:assert/strict";
import { type ApiServer, startApiServer } from "../_helpers/api_server.ts";
import {
  REASONING_MODEL_PREFIX,
  type ScriptedUpstream,
  startScriptedUpstream,
} from "./_upstream/mod.ts";

/** The proxy key every client sends. */
export const PROXY_KEY = "sk-tresor-real-clients";

/** A route the alias group can point at. */
export type Route = "anthropic" | "chat" | "chat_reasoning" | "responses";

/** Alias id, downstream and model of each {@link Route}. */
const ROUTES: Record<
  Route,
  { alias: string; downstream: string; model: string }
> = {
  anthropic: {
    alias: "to-anthropic",
    downstream: "anthropic",
    model: "claude-scripted",
  },
  chat: { alias: "to-chat", downstream: "chat", model: "mock-chat" },
  chat_reasoning: {
    alias: "to-chat-reasoning",
    downstream: "chat",
    model: `${REASONING_MODEL_PREFIX}-1`,
  },
  responses: {
    alias: "to-responses",
    downstream: "responses",
    model: "gpt-5-scripted",
  },
};

function config(upstream: ScriptedUpstream, route: Route): string {
  const aliases = (Object.keys(ROUTES) as Route[]).map((r) => `
  - id: ${ROUTES[r].alias}
    input_model_id: ".*"
    is_regex: true
    downstream_id: ${ROUTES[r].downstream}
    output_model_id: ${ROUTES[r].model}
    is_active: ${r === route}`).join("");
  return `listen: 127.0.0.1:0
admin_password: hunter2
proxy_api_keys: [${PROXY_KEY}]
log_level: warn
downstreams:
  - id: anthropic
    api_formats: [anthropic]
    base_url: ${upstream.baseUrl("anthropic")}
  - id: chat
    api_formats: [openai]
    base_url: ${upstream.baseUrl("chat")}
    reasoning_effort_models: ["${REASONING_MODEL_PREFIX}*"]
  - id: responses
    api_formats: [openai, responses]
    base_url: ${upstream.baseUrl("responses")}
aliases:${aliases}
`;
}

/** A running rig. */
export interface Rig extends AsyncDisposable {
  readonly upstream: ScriptedUpstream;
  readonly tresor: ApiServer;
  /** Scratch folder: `work/` is the client's working directory, `home/` its home. */
  readonly dir: string;
  readonly workDir: string;
  readonly homeDir: string;
  /** Points every model at `route` through the admin API (the alias switch a user clicks). */
  use(route: Route): Promise<void>;
}

/** Starts the upstream and Tresor with every model routed to `route`. */
export async function startRig(route: Route): Promise<Rig> {
  const upstream = startScriptedUpstream();
  const dir = await Deno.makeTempDir({ prefix: "tresor-real-client-" });
  const workDir = `${dir}/work`;
  const homeDir = `${dir}/home`;
  await Deno.mkdir(workDir);
  await Deno.mkdir(homeDir);
  const tresor = await startApiServer({
    config: config(upstream, route),
    dir: `${dir}`,
  });
  return {
    upstream,
    tresor,
    dir,
    workDir,
    homeDir,
    async use(next) {
      const res = await tresor.call(
        `/api/aliases/${ROUTES[next].alias}/activate`,
        {
          method: "POST",
        },
      );
      assert.equal(res.status, 200, await res.text());
    },
    async [Symbol.asyncDispose]() {
      await tresor.close({ keep: true });
      await upstream[Symbol.asyncDispose]();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The upstream's requests answered with a status of 400 or more, for assertion messages. */
export function rejected(rig: Rig): string[] {
  return rig.upstream.requests.filter((r) => r.status >= 400).map((r) =>
    `${r.format} ${r.path}: ${r.problems.join("; ")}`
  );
}

/** A one-line summary per upstream request, for assertion messages. */
export function upstreamLog(rig: Rig): string {
  return rig.upstream.requests.map((r) =>
    `${r.format} ${r.status} ${r.answer} model=${String(r.body.model)} keys=${
      Object.keys(r.body).join(",")
    } input=${
      Array.isArray(r.body.input)
        ? r.body.input.map((i) => (i as { type?: string }).type).join(",")
        : ""
    }`
  ).join("\n");
}

/**
 * Checks that a client run did its task: exited 0, the upstream refused nothing, the final text
 * came back (`answer`: what the client printed as its answer) and the file holds `fileContent`.
 */
export async function assertTaskDone(
  rig: Rig,
  run: { code: number; stdout: string; stderr: string },
  expected: {
    answer: string;
    file: string;
    fileContent: string;
    finalText: string;
  },
): Promise<void> {
  assert.deepStrictEqual(rejected(rig), []);
  const context = `${run.stdout}\n${run.stderr}\n${upstreamLog(rig)}`;
  assert.equal(run.code, 0, `exit ${run.code}: ${context}`);
  assert.ok(expected.answer.includes(expected.finalText), context);
  assert.equal(
    await Deno.readTextFile(`${rig.workDir}/${expected.file}`),
    expected.fileContent,
  );
}

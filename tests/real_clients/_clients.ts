/**
 * Running the real clients non-interactively against a rig: each with an isolated home and
 * config folder, its provider pointed at Tresor, and telemetry, update checks, auto-update and
 * other non-essential traffic off (nothing else changed from the client's defaults). A run is
 * bounded in time and killed when it overruns.
 */
import { clientBinary, type ClientName, clientsInstalled } from "./install.ts";
import { PROXY_KEY, type Rig } from "./_rig.ts";

/** What a client run printed and how it ended. */
export interface ClientRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A client run's bound: a scripted turn takes a few seconds. */
const RUN_TIMEOUT_MS = 90_000;

/** Throws a clear message when the clients are not installed. */
export async function requireClients(): Promise<void> {
  if (!await clientsInstalled()) {
    throw new Error(
      "The real clients are not installed: run `deno run -P=test tests/real_clients/install.ts` (deno task test and test:clients do)",
    );
  }
}

/** Environment every client gets: an isolated home, loopback only, no proxies. */
function baseEnv(rig: Rig): Record<string, string> {
  const home = rig.homeDir;
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: `${home}/.config`,
    XDG_DATA_HOME: `${home}/.local/share`,
    XDG_CACHE_HOME: `${home}/.cache`,
    XDG_STATE_HOME: `${home}/.local/state`,
    TMPDIR: `${rig.dir}`,
    LANG: "C.UTF-8",
    NO_PROXY: "127.0.0.1,localhost",
    TERM: "dumb",
    CI: "true",
  };
}

async function run(
  name: ClientName,
  args: string[],
  rig: Rig,
  env: Record<string, string>,
): Promise<ClientRun> {
  const start = Date.now();
  const command = new Deno.Command(clientBinary(name), {
    args,
    cwd: rig.workDir,
    env: { ...baseEnv(rig), ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
  });
  const out = await command.output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
    ms: Date.now() - start,
  };
}

/**
 * Claude Code in print mode (`claude -p … --output-format json`), edits accepted without a
 * prompt; `resume` continues the folder's latest conversation (`--continue`).
 */
export function runClaude(
  rig: Rig,
  prompt: string,
  options: { resume?: boolean } = {},
): Promise<ClientRun> {
  const args = [
    "-p",
    prompt,
    "--output-format",
    "json",
    "--permission-mode",
    "acceptEdits",
  ];
  if (options.resume) args.push("--continue");
  return run("claude", args, rig, {
    ANTHROPIC_BASE_URL: rig.tresor.url,
    ANTHROPIC_API_KEY: PROXY_KEY,
    CLAUDE_CONFIG_DIR: `${rig.homeDir}/.claude`,
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
  });
}

/** The final text of a Claude Code JSON result. */
export function claudeResult(run: ClientRun): string {
  const parsed: unknown = JSON.parse(run.stdout);
  if (typeof parsed !== "object" || parsed === null || !("result" in parsed)) {
    throw new TypeError(
      `Not a Claude Code result: ${run.stdout.slice(0, 500)}`,
    );
  }
  return String(parsed.result);
}

/**
 * Codex CLI (`codex exec`), its model provider pointed at Tresor with `wire_api = "responses"`
 * (Codex speaks only the Responses API) in an isolated `CODEX_HOME`; the workspace is writable
 * (`sandbox_mode = "workspace-write"`, which `exec resume` reads too) so its tools can write; `resume` continues the latest
 * session (`codex exec resume --last`).
 */
export async function runCodex(
  rig: Rig,
  prompt: string,
  options: { resume?: boolean } = {},
): Promise<ClientRun> {
  const codexHome = `${rig.homeDir}/.codex`;
  await Deno.mkdir(codexHome, { recursive: true });
  await Deno.writeTextFile(
    `${codexHome}/config.toml`,
    `model_provider = "tresor"
sandbox_mode = "workspace-write"
check_for_update_on_startup = false

[model_providers.tresor]
name = "Tresor"
base_url = "${rig.tresor.url}/v1"
env_key = "TRESOR_API_KEY"
wire_api = "responses"

[analytics]
enabled = false

[feedback]
enabled = false
`,
  );
  const common = ["--skip-git-repo-check"];
  const args = options.resume
    ? ["exec", "resume", "--last", ...common, prompt]
    : ["exec", ...common, prompt];
  return run("codex", args, rig, {
    CODEX_HOME: codexHome,
    TRESOR_API_KEY: PROXY_KEY,
  });
}

/** OpenCode's provider of a run: its OpenAI-compatible provider or its Anthropic one. */
export type OpenCodeProvider = "openai-compatible" | "anthropic";

/**
 * OpenCode (`opencode run`), with a config file naming Tresor as the base URL of its built-in
 * Anthropic provider and of an `@ai-sdk/openai-compatible` provider; `reasoning` turns the
 * model's reasoning on (`reasoningEffort` / thinking budget), else off.
 */
export async function runOpenCode(
  rig: Rig,
  prompt: string,
  options: { provider: OpenCodeProvider; reasoning: boolean },
): Promise<ClientRun> {
  const configPath = `${rig.homeDir}/opencode.json`;
  const model = "scripted-coder";
  const reasoningOptions = options.provider === "anthropic"
    ? (options.reasoning
      ? { thinking: { type: "enabled", budgetTokens: 4096 } }
      : {})
    : (options.reasoning ? { reasoningEffort: "high" } : {});
  const connection = {
    options: { baseURL: `${rig.tresor.url}/v1`, apiKey: PROXY_KEY },
    models: {
      [model]: {
        name: model,
        tool_call: true,
        reasoning: options.reasoning,
        options: reasoningOptions,
      },
    },
  };
  // The built-in Anthropic provider is re-pointed; the other is declared with its npm package.
  const provider = options.provider === "anthropic"
    ? { anthropic: connection }
    : {
      tresor: {
        npm: "@ai-sdk/openai-compatible",
        name: "Tresor",
        ...connection,
      },
    };
  await Deno.writeTextFile(
    configPath,
    JSON.stringify({ autoupdate: false, share: "disabled", provider }, null, 2),
  );
  const providerId = options.provider === "anthropic" ? "anthropic" : "tresor";
  return run("opencode", ["run", "-m", `${providerId}/${model}`, prompt], rig, {
    OPENCODE_CONFIG: configPath,
    OPENCODE_DISABLE_AUTOUPDATE: "1",
    OPENCODE_DISABLE_MODELS_FETCH: "1",
  });
}

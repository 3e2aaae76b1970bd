/**
 * The daemon the browser-reach tests (tests/e2e/browser_reach_*_test.ts) run against: one
 * downstream over a mock upstream, an alias group, one listed CORS origin; and the YAML it wrote.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { type InProcessDaemon, startInProcessDaemon } from "./daemon.ts";
import { type MockUpstream, startMockUpstream } from "./mock_upstream.ts";

/** The one origin `cors_allowed_origins` lists. */
export const APP_ORIGIN = "http://localhost:5173";

/** A daemon config over `upstream`: downstream `mock`, the alias group `smart`, `extra` on top. */
function config(upstream: MockUpstream, extra = ""): string {
  return `listen: 127.0.0.1:0
log_level: error
cors_allowed_origins: [${APP_ORIGIN}]
${extra}downstreams:
  - id: mock
    name: Mock
    api_formats: [openai, anthropic]
    base_url: ${upstream.url}/v1
    api_key: sk-upstream
    output_model_ids: [mock-model]
aliases:
  - id: smart-mock
    input_model_id: smart
    downstream_id: mock
    output_model_id: mock-model
    is_active: true
  - id: smart-other
    input_model_id: smart
    downstream_id: mock
    output_model_id: other-model
    is_active: false
`;
}

/** What each test gets: the daemon and the mock upstream behind it. */
export interface Fixture {
  readonly daemon: InProcessDaemon;
  readonly upstream: MockUpstream;
}

/** Runs `fn` against a fresh in-process daemon (config `extra` added), then stops it. */
export async function withDaemon(
  fn: (f: Fixture) => Promise<void>,
  extra = "",
): Promise<void> {
  const upstream = startMockUpstream();
  const daemon = await startInProcessDaemon(config(upstream, extra));
  try {
    await fn({ daemon, upstream });
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await upstream.close();
    await Deno.remove(daemon.dir, { recursive: true });
  }
}

/** The YAML file as the daemon last wrote it. */
export async function readConfig(daemon: InProcessDaemon): Promise<{
  downstreams: { id: string }[];
  aliases: { id: string; is_active: boolean }[];
  log_level?: string;
}> {
  return parseYaml(await Deno.readTextFile(daemon.configPath));
}

/** A well-formed chat request for `mock-model`. */
export const CHAT = JSON.stringify({
  model: "mock-model",
  messages: [{ role: "user", content: "hi" }],
});

/**
 * A real daemon with one OpenAI-format downstream, `router`, in front of a mock upstream that
 * serves OpenRouter-style model ids — the set-up of the usage and pricing e2e tests.
 *
 * @module
 */
import { startInProcessDaemon } from "./daemon.ts";
import { startMockUpstream } from "./mock_upstream.ts";

/** The daemon's config: `password` guards the admin API. */
function routerConfig(mockUrl: string, password: string): string {
  return `listen: 127.0.0.1:0
admin_password: ${password}
log_level: warn
downstreams:
  - id: router
    api_formats: [openai]
    base_url: ${mockUrl}/v1
    api_key: sk-router
    output_model_ids: [anthropic/claude-sonnet-4, openai/gpt-4o-mini, vendor/unlisted]
`;
}

/** Runs `fn` against the daemon (its URL and folder) and the mock; stops and removes both after. */
export async function withRouterDaemon(
  password: string,
  fn: (
    url: string,
    dir: string,
    mock: ReturnType<typeof startMockUpstream>,
  ) => Promise<void>,
): Promise<void> {
  const mock = startMockUpstream();
  const daemon = await startInProcessDaemon(routerConfig(mock.url, password));
  try {
    await fn(daemon.url, daemon.dir, mock);
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await mock.close();
    await Deno.remove(daemon.dir, { recursive: true });
  }
}

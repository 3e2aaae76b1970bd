/**
 * The request capture keeps no secret (issue 17): downstream keys, proxy keys, the admin
 * password (with characters JSON escapes) and an admin session cookie are planted in the
 * client's headers and bodies, echoed back by the upstream in its headers' and bodies' text,
 * through passthrough and translated routes, whole and streamed, failed and not — and none of
 * them appears in any capture (`GET /api/logs/{id}`, which is also what an export saves) or
 * replay answer, while the redaction marks show where they were.
 */
import assert from "node:assert/strict";
import {
  type ApiServer,
  callJson,
  startApiServer,
} from "../_helpers/api_server.ts";
import {
  anthropicMessage,
  anthropicStream,
  type MockUpstream,
  openAiCompletion,
  openAiStream,
  type RecordedRequest,
  startMockUpstream,
} from "../_helpers/mock_upstream.ts";
import type { LogDetailJson, ReplayJson } from "../../store/mod.ts";

const ADMIN_PASSWORD = 'adm"PLANTED\\pass-7781';
const PROXY_KEY = "sk-proxy-PLANTED-5521";
const OAI_KEY = "sk-oai-PLANTED-9934";
const ANT_KEY = "sk-ant-PLANTED-4410";

function config(mock: MockUpstream): string {
  return `listen: 127.0.0.1:0
admin_password: ${JSON.stringify(ADMIN_PASSWORD)}
proxy_api_keys: [${PROXY_KEY}]
log_level: error
capture: {mode: all}
downstreams:
  - id: oai
    api_formats: [openai]
    base_url: ${mock.url}/v1
    api_key: ${OAI_KEY}
    output_model_ids: [gpt-echo]
  - id: ant
    api_formats: [anthropic]
    base_url: ${mock.url}
    api_key: ${ANT_KEY}
    output_model_ids: [claude-echo]
`;
}

/** Every text a secret may take in JSON or a URL. */
function formsOf(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
  ];
}

/** The upstream answers with everything it received (headers and body) as the reply text. */
function echo(req: RecordedRequest): ReturnType<MockUpstream["handler"]> {
  const model = String(req.body?.model ?? "m");
  const text = JSON.stringify({
    headers: Object.fromEntries(req.headers),
    body: req.text,
  });
  const anthropic = req.path.endsWith("/messages");
  if (req.body?.stream === true) {
    return {
      kind: "sse",
      events: anthropic
        ? anthropicStream(model, [text])
        : openAiStream(model, [text]),
    };
  }
  if (text.includes("please fail")) {
    return { kind: "json", status: 500, body: { error: { message: text } } };
  }
  return {
    kind: "json",
    body: anthropic
      ? anthropicMessage(model, text)
      : openAiCompletion(model, text),
  };
}

interface Sent {
  readonly id: string;
  readonly status: number;
}

async function send(
  server: ApiServer,
  path: string,
  options: { body: Record<string, unknown>; key: string; cookie: string },
): Promise<Sent> {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${options.key}`,
      "x-api-key": options.key,
      cookie: options.cookie,
      "x-planted": `${OAI_KEY} ${ANT_KEY} ${ADMIN_PASSWORD}`,
    },
    body: JSON.stringify(options.body),
  });
  await res.body?.cancel();
  return { id: res.headers.get("x-tresor-request-id")!, status: res.status };
}

Deno.test("[e2e] no secret planted in headers and bodies reaches a capture, an export or a replay", async () => {
  const mock = startMockUpstream();
  mock.handler = echo;
  const server = await startApiServer({
    config: config(mock),
    password: ADMIN_PASSWORD,
  });
  try {
    const login = await callJson(server, "POST", "/api/auth/login", {
      password: ADMIN_PASSWORD,
    });
    const session = (login.body as { token: string }).token;
    const secrets = [ADMIN_PASSWORD, PROXY_KEY, OAI_KEY, ANT_KEY, session];
    const planted = secrets.join(" | ");
    const cookie = `tresor_session=${session}; theme=${ADMIN_PASSWORD}`;
    const chat = (model: string, stream: boolean, note = "") => ({
      model,
      stream,
      messages: [{ role: "user", content: `${note}keys: ${planted}` }],
      metadata: { user_id: planted },
    });
    const sent = [
      // Passthrough, whole and streamed; translated both ways, whole and streamed.
      await send(server, "/v1/chat/completions", {
        body: chat("gpt-echo", false),
        key: PROXY_KEY,
        cookie,
      }),
      await send(server, "/v1/chat/completions", {
        body: chat("gpt-echo", true),
        key: PROXY_KEY,
        cookie,
      }),
      await send(server, "/v1/chat/completions", {
        body: chat("claude-echo", false),
        key: PROXY_KEY,
        cookie,
      }),
      await send(server, "/v1/messages", {
        body: { ...chat("gpt-echo", true), max_tokens: 64 },
        key: PROXY_KEY,
        cookie,
      }),
      // An upstream error quoting the request; a client sending a downstream key as its own.
      await send(server, "/v1/chat/completions", {
        body: chat("gpt-echo", false, "please fail: "),
        key: PROXY_KEY,
        cookie,
      }),
      await send(server, "/v1/chat/completions", {
        body: chat("gpt-echo", false),
        key: OAI_KEY,
        cookie,
      }),
    ];
    assert.deepStrictEqual(sent.map((s) => s.status), [
      200,
      200,
      200,
      200,
      500,
      401,
    ]);
    const replays: ReplayJson[] = [];
    for (const { id } of sent.slice(0, 4)) {
      const replay = await callJson(server, "POST", `/api/logs/${id}/replay`, {
        downstream_id: "ant",
      });
      assert.equal(replay.status, 200, replay.text);
      replays.push(replay.body as ReplayJson);
    }
    const texts: string[] = [];
    for (
      const id of [
        ...sent.map((s) => s.id),
        ...replays.map((r) => r.log_id),
      ]
    ) {
      const detail = await callJson(server, "GET", `/api/logs/${id}`);
      assert.equal(detail.status, 200);
      const capture = (detail.body as LogDetailJson).capture;
      assert.ok(capture, `request ${id} was captured`);
      assert.match(detail.text, /\[redacted\]/);
      texts.push(detail.text);
    }
    for (const replay of replays) texts.push(JSON.stringify(replay));
    // The upstream did see the secrets the gateway forwards (its own key): the echo is real.
    assert.ok(
      mock.requests.some((r) => r.headers.get("x-api-key") === ANT_KEY),
    );
    for (const secret of secrets) {
      for (const form of formsOf(secret)) {
        for (const text of texts) {
          assert.ok(
            !text.includes(form),
            `"${form}" leaked into ${text.slice(0, 200)}…`,
          );
        }
      }
    }
  } finally {
    await server.close();
    await mock.close();
  }
});

import assert from "node:assert/strict";
import {
  type ErrorKind,
  GatewayError,
  renderAnthropicError,
  renderOpenAiError,
  UpstreamError,
} from "../../../gateway/mod.ts";
import { toGatewayError } from "../../../gateway/errors.ts";
import { PluginError } from "../../../plugins/mod.ts";

interface Case {
  kind: ErrorKind;
  status: number;
  openai: { type: string; code: string | null };
  anthropic: string;
}

const CASES: Case[] = [
  {
    kind: "invalid_request",
    status: 400,
    openai: { type: "invalid_request_error", code: null },
    anthropic: "invalid_request_error",
  },
  {
    kind: "authentication",
    status: 401,
    openai: { type: "invalid_request_error", code: "invalid_api_key" },
    anthropic: "authentication_error",
  },
  {
    kind: "forbidden",
    status: 403,
    openai: { type: "invalid_request_error", code: "forbidden" },
    anthropic: "permission_error",
  },
  {
    kind: "model_not_found",
    status: 404,
    openai: { type: "invalid_request_error", code: "model_not_found" },
    anthropic: "not_found_error",
  },
  {
    kind: "payload_too_large",
    status: 413,
    openai: { type: "invalid_request_error", code: "payload_too_large" },
    anthropic: "request_too_large",
  },
  {
    kind: "not_implemented",
    status: 501,
    openai: { type: "invalid_request_error", code: "not_implemented" },
    anthropic: "invalid_request_error",
  },
  {
    kind: "upstream_unreachable",
    status: 502,
    openai: { type: "api_error", code: "upstream_unreachable" },
    anthropic: "api_error",
  },
  {
    kind: "upstream_bad_response",
    status: 502,
    openai: { type: "api_error", code: "bad_upstream_response" },
    anthropic: "api_error",
  },
  {
    kind: "upstream_timeout",
    status: 504,
    openai: { type: "api_error", code: "upstream_timeout" },
    anthropic: "timeout_error",
  },
  {
    kind: "internal",
    status: 500,
    openai: { type: "api_error", code: null },
    anthropic: "api_error",
  },
];

for (const c of CASES) {
  Deno.test(`renderOpenAiError() renders ${c.kind} as ${c.status}`, async () => {
    const res = renderOpenAiError(new GatewayError(c.kind, "Something broke"));
    assert.equal(res.status, c.status);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.deepStrictEqual(await res.json(), {
      error: { message: "Something broke", ...c.openai },
    });
  });
  Deno.test(`renderAnthropicError() renders ${c.kind} as ${c.status}`, async () => {
    const res = renderAnthropicError(
      new GatewayError(c.kind, "Something broke"),
    );
    assert.equal(res.status, c.status);
    assert.deepStrictEqual(await res.json(), {
      type: "error",
      error: { type: c.anthropic, message: "Something broke" },
    });
  });
}

Deno.test("renderOpenAiError() keeps an upstream error's status and body", async () => {
  const body = {
    type: "error",
    error: { type: "overloaded_error", message: "busy" },
  };
  const res = renderOpenAiError(new UpstreamError(529, body));
  assert.equal(res.status, 529);
  assert.deepStrictEqual(await res.json(), body);
});

const HTML_PAGE =
  "<html><head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body></html>";

Deno.test("renderOpenAiError() turns an upstream's HTML error page into a JSON error with its status", async () => {
  const res = renderOpenAiError(new UpstreamError(502, HTML_PAGE));
  assert.equal(res.status, 502);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.deepStrictEqual(await res.json(), {
    error: {
      message:
        "Upstream returned status 502: 502 Bad Gateway 502 Bad Gateway nginx",
      type: "server_error",
      code: null,
    },
  });
});

Deno.test("renderAnthropicError() turns an upstream's text error into Anthropic's shape, typed by status", async () => {
  const cases = [
    [429, "rate_limit_error"],
    [529, "overloaded_error"],
    [500, "api_error"],
    [418, "invalid_request_error"],
  ] as const;
  for (const [status, type] of cases) {
    const res = renderAnthropicError(new UpstreamError(status, "Slow down"));
    assert.equal(res.status, status);
    assert.deepStrictEqual(await res.json(), {
      type: "error",
      error: { type, message: `Upstream returned status ${status}: Slow down` },
    });
  }
});

Deno.test("renderOpenAiError() quotes at most 200 characters of an upstream's text, whatever its size", async () => {
  const huge = "<".repeat(100_000) + "x".repeat(100_000);
  const res = renderOpenAiError(new UpstreamError(500, huge));
  const { error } = await res.json();
  assert.equal(
    error.message.length,
    "Upstream returned status 500: ".length + 200,
  );
});

Deno.test("toGatewayError() prefixes a PluginError with the plugin id and keeps its kind", () => {
  const err = toGatewayError(
    new PluginError("bad field", { kind: "internal" }),
    "custom_header",
  );
  assert.ok(err instanceof GatewayError);
  assert.equal(err.kind, "internal");
  assert.equal(err.message, "custom_header: bad field");
});

Deno.test("toGatewayError() hides an unexpected error's details", () => {
  const err = toGatewayError(new TypeError("secret detail"));
  assert.ok(err instanceof GatewayError);
  assert.equal(err.kind, "internal");
  assert.ok(!err.message.includes("secret"));
});

import assert from "node:assert/strict";
import {
  type ApiServer,
  callJson,
  readJson,
  sampleConfig,
  SECRET_KEY,
  startApiServer,
  startMockProvider,
} from "../_helpers/api_server.ts";

function caller(server: ApiServer) {
  return async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown; error: string }> => {
    const { status, body: parsed } = await callJson(server, method, path, body);
    const error = (parsed as { error?: string } | null)?.error ?? "";
    return { status, body: parsed, error };
  };
}

Deno.test("[e2e] rules API: CRUD with defaults, enable/disable, YAML write-back", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const call = caller(server);
  try {
    const list = await call("GET", "/api/rules");
    assert.deepStrictEqual((list.body as { id: string }[]).map((r) => r.id), [
      "tag",
    ]);

    const created = await call("POST", "/api/rules", {
      id: "all",
      pattern_path: "*",
      pipeline_config: [{
        plugin_id: "custom_header",
        config: { headers: { "x-a": "1" } },
      }],
    });
    assert.equal(created.status, 201);
    assert.deepStrictEqual(created.body, {
      id: "all",
      name: "all",
      pattern_path: "*",
      pattern_model: "",
      match_format: [],
      match_downstream_format: [],
      match_downstreams: [],
      is_enabled: true,
      pipeline_config: [{
        plugin_id: "custom_header",
        is_enabled: true,
        config: { headers: { "x-a": "1" } },
      }],
    });
    const disabled = await call("PUT", "/api/rules/all", { is_enabled: false });
    assert.equal((disabled.body as { is_enabled: boolean }).is_enabled, false);
    const got = await call("GET", "/api/rules/all");
    assert.equal((got.body as { is_enabled: boolean }).is_enabled, false);
    assert.match(await Deno.readTextFile(server.configPath), /id: all/);

    const deleted = await server.call("/api/rules/all", { method: "DELETE" });
    assert.equal(deleted.status, 204);
    await deleted.body?.cancel();
    assert.doesNotMatch(await Deno.readTextFile(server.configPath), /id: all/);
    for (
      const [method, body] of [["GET", undefined], ["PUT", { name: "x" }], [
        "DELETE",
        undefined,
      ]] as const
    ) {
      const missing = await call(method, "/api/rules/all", body);
      assert.equal(missing.status, 404, method);
    }
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] rules API: validation names the field, pipelines checked against the registry", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const call = caller(server);
  try {
    const cases: [string, string, unknown, number, string][] = [
      ["POST", "/api/rules", { id: "tag", pattern_path: "*" }, 409, "tag"],
      [
        "POST",
        "/api/rules",
        { id: "r", pattern_path: "chat" },
        400,
        "pattern_path: ",
      ],
      [
        "POST",
        "/api/rules",
        { id: "r", pattern_path: "*", match_format: ["xml"] },
        400,
        "match_format[0]: ",
      ],
      [
        "POST",
        "/api/rules",
        { id: "r", pattern_path: "*", match_downstreams: ["nope"] },
        400,
        "match_downstreams[0]: ",
      ],
      [
        "POST",
        "/api/rules",
        {
          id: "r",
          pattern_path: "*",
          pipeline_config: [{ plugin_id: "no_such_plugin" }],
        },
        400,
        'pipeline_config[0].plugin_id: unknown plugin "no_such_plugin"',
      ],
      [
        "POST",
        "/api/rules",
        {
          id: "r",
          pattern_path: "*",
          pipeline_config: [
            { plugin_id: "custom_header", config: { headers: {} } },
            { plugin_id: "custom_header", config: { headers: { "x-a": 5 } } },
          ],
        },
        400,
        "pipeline_config[1].config.headers.x-a: ",
      ],
      [
        "PUT",
        "/api/rules/tag",
        {
          pipeline_config: [{
            plugin_id: "custom_header",
            config: { headers: "x" },
          }],
        },
        400,
        "pipeline_config[0].config.headers: ",
      ],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await call(method, path, body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.ok(
        res.error.startsWith(message) || res.error.includes(message),
        `${res.error} ~ ${message}`,
      );
    }
    assert.equal(
      server.store.snapshot().rules.length,
      1,
      "nothing invalid was stored",
    );
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] aliases API: CRUD, validation, 404 and 409", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const call = caller(server);
  try {
    const created = await call("POST", "/api/aliases", {
      id: "fast-alpha",
      input_model_id: "^fast-.*",
      downstream_id: "alpha",
      output_model_id: "alpha-1",
      is_regex: true,
    });
    assert.equal(created.status, 201);
    assert.equal((created.body as { is_regex: boolean }).is_regex, true);

    const cases: [string, string, unknown, number, string][] = [
      [
        "POST",
        "/api/aliases",
        {
          id: "smart-alpha",
          input_model_id: "x",
          downstream_id: "alpha",
          output_model_id: "y",
        },
        409,
        "smart-alpha",
      ],
      [
        "POST",
        "/api/aliases",
        {
          id: "r",
          input_model_id: "(",
          downstream_id: "alpha",
          output_model_id: "y",
          is_regex: true,
        },
        400,
        "input_model_id: ",
      ],
      [
        "POST",
        "/api/aliases",
        {
          id: "r",
          input_model_id: "x",
          downstream_id: "nope",
          output_model_id: "y",
        },
        400,
        "downstream_id: ",
      ],
      [
        "POST",
        "/api/aliases",
        { id: "r", input_model_id: "x", downstream_id: "alpha" },
        400,
        "output_model_id: ",
      ],
      [
        "PUT",
        "/api/aliases/smart-alpha",
        { group_order: -1 },
        400,
        "group_order: ",
      ],
      ["PUT", "/api/aliases/nope", { output_model_id: "z" }, 404, "nope"],
      ["GET", "/api/aliases/nope", undefined, 404, "nope"],
      ["DELETE", "/api/aliases/nope", undefined, 404, "nope"],
      ["POST", "/api/aliases/nope/activate", undefined, 404, "nope"],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await call(method, path, body);
      assert.equal(
        res.status,
        status,
        `${method} ${path} ${JSON.stringify(body)}`,
      );
      assert.ok(res.error.includes(message), `${res.error} ~ ${message}`);
    }

    const updated = await call("PUT", "/api/aliases/fast-alpha", {
      output_model_id: "alpha-2",
    });
    assert.equal(
      (updated.body as { output_model_id: string }).output_model_id,
      "alpha-2",
    );
    const deleted = await server.call("/api/aliases/fast-alpha", {
      method: "DELETE",
    });
    assert.equal(deleted.status, 204);
    await deleted.body?.cancel();
    assert.doesNotMatch(
      await Deno.readTextFile(server.configPath),
      /fast-alpha/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] aliases API: reorder sets group order", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  const call = caller(server);
  try {
    await call("POST", "/api/aliases", {
      id: "quick-alpha",
      input_model_id: "quick",
      downstream_id: "alpha",
      output_model_id: "alpha-1",
    });
    const reordered = await call("POST", "/api/aliases/reorder", {
      order: ["quick", "smart"],
    });
    assert.equal(reordered.status, 200);
    assert.deepStrictEqual(
      (reordered.body as { input_model_id: string }[]).map((a) =>
        a.input_model_id
      ),
      ["quick", "smart", "smart"],
    );
    const bad = await call("POST", "/api/aliases/reorder", { order: "smart" });
    assert.equal(bad.status, 400);
    assert.match(bad.error, /^order: /);
  } finally {
    await server.close();
  }
});

Deno.test("[e2e] aliases API: activate switches the group and the very next gateway request follows", async () => {
  const alpha = startMockProvider({ name: "from-alpha", key: SECRET_KEY });
  const beta = startMockProvider({
    name: "from-beta",
    key: `${SECRET_KEY}-beta`,
  });
  const config = sampleConfig({ baseUrl: alpha.baseUrl })
    .replace("api_formats: [anthropic]", "api_formats: [openai]")
    .replace("base_url: http://127.0.0.1:9\n", `base_url: ${beta.baseUrl}\n`);
  const server = await startApiServer({ config });
  const call = caller(server);
  const chat = async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer sk-proxy-abcdefgh1234",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "smart",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const body = await res.json() as {
      model: string;
      choices: { message: { content: string } }[];
    };
    assert.equal(res.status, 200, JSON.stringify(body));
    return `${body.choices[0].message.content}/${body.model}`;
  };
  try {
    assert.equal(await chat(), "from-alpha/alpha-1");
    const activated = await call("POST", "/api/aliases/smart-beta/activate");
    assert.equal(activated.status, 200);
    assert.equal((activated.body as { is_active: boolean }).is_active, true);
    const group = await call("GET", "/api/aliases");
    assert.deepStrictEqual(
      (group.body as { id: string; is_active: boolean }[]).map((
        a,
      ) => [a.id, a.is_active]),
      [["smart-alpha", false], ["smart-beta", true]],
    );
    assert.equal(await chat(), "from-beta/beta-1");
    assert.match(
      await Deno.readTextFile(server.configPath),
      /id: smart-beta\n(?:.*\n){3}\s+is_active: true/,
    );
  } finally {
    await server.close();
    await alpha.close();
    await beta.close();
  }
});

Deno.test("[e2e] plugins API: lists each plugin with its config JSON Schema", async () => {
  const server = await startApiServer({ config: sampleConfig() });
  try {
    const res = await readJson(await server.call("/api/plugins"));
    assert.equal(res.status, 200);
    const plugins = res.body as {
      id: string;
      description: string;
      config_schema: { type?: string };
    }[];
    const header = plugins.find((p) => p.id === "custom_header");
    assert.ok(header);
    assert.equal(typeof header.description, "string");
    assert.equal(header.config_schema.type, "object");
    const denied = await server.call("/api/plugins", { auth: null });
    assert.equal(denied.status, 401);
    await denied.body?.cancel();
  } finally {
    await server.close();
  }
});

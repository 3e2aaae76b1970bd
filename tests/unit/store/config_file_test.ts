import assert from "node:assert/strict";
import { parseConfigText } from "../../../store/config_file.ts";
import { ConfigError } from "../../../store/errors.ts";
import { DEFAULT_CONFIG_YAML, DEFAULT_SETTINGS } from "../../../store/mod.ts";

const VALID = `# comment
listen: 127.0.0.1:8080
downstreams:
  - id: a
    name: A
    api_formats: [openai]
    base_url: https://example.test/v1
  - id: b
    base_url: http://127.0.0.1:9/v1
rules:
  - id: r1
    pattern_path: /v1/chat/completions
    match_downstreams: [a]
aliases:
  - id: al
    input_model_id: m
    downstream_id: a
    output_model_id: x
`;

function configErrorOf(text: string, file: string): ConfigError {
  try {
    parseConfigText(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail("expected a ConfigError");
}

interface ErrorCase {
  name: string;
  text: string;
  message: string;
  line: number | undefined;
  field: string;
}

const ERROR_CASES: ErrorCase[] = [
  {
    name: "a downstream base_url that is not a URL",
    text: VALID.replace("http://127.0.0.1:9/v1", "not a url"),
    message: "tresor.yaml:9: downstreams[1].base_url: not a URL",
    line: 9,
    field: "downstreams[1].base_url",
  },
  {
    name: "a base_url with a non-http scheme",
    text: VALID.replace("https://example.test/v1", "ftp://example.test"),
    message: "tresor.yaml:7: downstreams[0].base_url: not a URL",
    line: 7,
    field: "downstreams[0].base_url",
  },
  {
    name: "an unknown api format",
    text: VALID.replace("[openai]", "[openai, gemini]"),
    message:
      'tresor.yaml:6: downstreams[0].api_formats[1]: Invalid option: expected one of "openai"|"anthropic"|"responses"',
    line: 6,
    field: "downstreams[0].api_formats[1]",
  },
  {
    name: "a missing required field, at its parent's line",
    text: VALID.replace("    pattern_path: /v1/chat/completions\n", ""),
    message: "tresor.yaml:11: rules[0].pattern_path: required",
    line: 11,
    field: "rules[0].pattern_path",
  },
  {
    name: "an id with a space",
    text: VALID.replace("id: al", "id: a l"),
    message: "tresor.yaml:15: aliases[0].id: must match [A-Za-z0-9_.-]+",
    line: 15,
    field: "aliases[0].id",
  },
  {
    name: "a bad proxy_mode",
    text: "proxy_mode: sometimes\n",
    message:
      "tresor.yaml:1: proxy_mode: must be auto, env, none or an http(s) URL",
    line: 1,
    field: "proxy_mode",
  },
  {
    name: "a bad log_level",
    text: "listen: 127.0.0.1:1\nlog_level: loud\n",
    message:
      'tresor.yaml:2: log_level: Invalid option: expected one of "debug"|"info"|"warn"|"error"',
    line: 2,
    field: "log_level",
  },
  {
    name: "a listen without port",
    text: "listen: localhost\n",
    message: "tresor.yaml:1: listen: must be host:port",
    line: 1,
    field: "listen",
  },
  {
    name: "a non-integer timeout",
    text: "upstream_idle_timeout_ms: 1.5\n",
    message: "tresor.yaml:1: upstream_idle_timeout_ms: not an integer",
    line: 1,
    field: "upstream_idle_timeout_ms",
  },
  {
    name: "a negative max_output_tokens",
    text: VALID.replace(
      "    base_url: http://127.0.0.1:9/v1\n",
      "    base_url: http://127.0.0.1:9/v1\n    max_output_tokens: -1\n",
    ),
    message:
      "tresor.yaml:10: downstreams[1].max_output_tokens: must be positive",
    line: 10,
    field: "downstreams[1].max_output_tokens",
  },
  {
    name: "a duplicate downstream id",
    text: VALID.replace("id: b", "id: a"),
    message: 'tresor.yaml:8: downstreams[1].id: duplicate id "a"',
    line: 8,
    field: "downstreams[1].id",
  },
  {
    name: "a regex alias that does not compile",
    text: VALID.replace("input_model_id: m", "input_model_id: '(unclosed'")
      .replace(
        "output_model_id: x",
        "output_model_id: x\n    is_regex: true",
      ),
    message:
      "tresor.yaml:16: aliases[0].input_model_id: not a valid regular expression",
    line: 16,
    field: "aliases[0].input_model_id",
  },
  {
    name: "a list where a mapping belongs",
    text: "downstreams: {id: a}\n",
    message:
      "tresor.yaml:1: downstreams: Invalid input: expected array, received object",
    line: 1,
    field: "downstreams",
  },
];

for (const c of ERROR_CASES) {
  Deno.test(`parseConfigText() rejects ${c.name} with file, line and field`, () => {
    const error = configErrorOf(c.text, "tresor.yaml");
    assert.ok(error.message.startsWith(c.message), `got: ${error.message}`);
    assert.equal(error.line, c.line);
    assert.equal(error.field, c.field);
    assert.equal(error.file, "tresor.yaml");
  });
}

Deno.test("parseConfigText() names the line of a YAML syntax error", () => {
  const error = configErrorOf("listen: a\n  bad: [\n", "conf/tresor.yaml");
  assert.equal(error.file, "conf/tresor.yaml");
  assert.equal(typeof error.line, "number");
  assert.match(error.message, /^conf\/tresor\.yaml:\d+: /);
});

Deno.test("parseConfigText() rejects a file that is not a mapping", () => {
  assert.throws(() => parseConfigText("- a\n- b\n", "t.yaml"), ConfigError);
});

Deno.test("parseConfigText() warns about unknown keys with file and line", () => {
  const text = VALID.replace("listen:", "colour: blue\nlisten:")
    .replace("    name: A\n", "    name: A\n    nmae: typo\n")
    .replace(
      "    match_downstreams: [a]\n",
      "    match_downstreams: [a]\n    pipeline_config:\n      - plugin_id: custom_header\n        extra: 1\n",
    );
  const config = parseConfigText(text, "tresor.yaml");
  assert.deepStrictEqual(config.warnings, [
    "tresor.yaml:2: colour: unknown key, ignored",
    "tresor.yaml:7: downstreams[0].nmae: unknown key, ignored",
    "tresor.yaml:18: rules[0].pipeline_config[0].extra: unknown key, ignored",
  ]);
  assert.equal(config.downstreams?.length, 2);
});

Deno.test("parseConfigText() applies defaults to absent settings and entity fields", () => {
  const config = parseConfigText(VALID, "tresor.yaml");
  assert.deepStrictEqual(config.settings, {
    ...DEFAULT_SETTINGS,
    listen: "127.0.0.1:8080",
  });
  assert.deepStrictEqual(config.downstreams?.[1], {
    id: "b",
    name: "b",
    apiFormats: [],
    baseUrl: "http://127.0.0.1:9/v1",
    apiKey: "",
    outputModelIds: [],
  });
  assert.deepStrictEqual(config.rules?.[0], {
    id: "r1",
    name: "r1",
    patternPath: "/v1/chat/completions",
    patternModel: "",
    matchFormat: [],
    matchDownstreamFormat: [],
    matchDownstreams: ["a"],
    isEnabled: true,
    pipelineConfig: [],
  });
  assert.deepStrictEqual(config.aliases?.[0], {
    id: "al",
    inputModelId: "m",
    downstreamId: "a",
    outputModelId: "x",
    isActive: false,
    isRegex: false,
    failover: false,
  });
});

Deno.test("parseConfigText() treats empty and absent lists alike", () => {
  const config = parseConfigText("downstreams:\nrules: []\n", "tresor.yaml");
  assert.equal(config.downstreams, undefined);
  assert.equal(config.rules, undefined);
  assert.equal(config.aliases, undefined);
});

Deno.test("parseConfigText() accepts the default config text without warnings", () => {
  const config = parseConfigText(DEFAULT_CONFIG_YAML, "tresor.yaml");
  assert.deepStrictEqual(config.settings, DEFAULT_SETTINGS);
  assert.deepStrictEqual(config.warnings, []);
});

Deno.test("parseConfigText() accepts an empty file", () => {
  const config = parseConfigText("", "tresor.yaml");
  assert.deepStrictEqual(config.settings, DEFAULT_SETTINGS);
});

const BROWSER_KEY_CASES: [string, string, string | undefined][] = [
  ["allowed_hosts", "[tresor.lan]", undefined],
  [
    "allowed_hosts",
    "[tresor.lan:11510, 192.168.1.5, '[fd00::1]:80']",
    undefined,
  ],
  ["allowed_hosts", "[my_host.local]", undefined],
  [
    "allowed_hosts",
    "[Tresor.LAN]",
    "must be a lower-case host name, optionally with :port (no scheme or path)",
  ],
  [
    "allowed_hosts",
    "[http://tresor.lan]",
    "must be a lower-case host name, optionally with :port (no scheme or path)",
  ],
  [
    "allowed_hosts",
    "[tresor.lan/x]",
    "must be a lower-case host name, optionally with :port (no scheme or path)",
  ],
  [
    "allowed_hosts",
    "[tresor.lan:70000]",
    "must be a lower-case host name, optionally with :port (no scheme or path)",
  ],
  [
    "allowed_hosts",
    "['']",
    "must be a lower-case host name, optionally with :port (no scheme or path)",
  ],
  [
    "cors_allowed_origins",
    "[http://localhost:5173, https://app.example.com]",
    undefined,
  ],
  [
    "cors_allowed_origins",
    "[http://localhost:5173/]",
    'must be written "http://localhost:5173" (scheme://host[:port], no path)',
  ],
  [
    "cors_allowed_origins",
    "[HTTP://App.Example.com]",
    'must be written "http://app.example.com" (scheme://host[:port], no path)',
  ],
  [
    "cors_allowed_origins",
    "[https://app.example.com:443]",
    'must be written "https://app.example.com" (scheme://host[:port], no path)',
  ],
  [
    "cors_allowed_origins",
    "['*']",
    "must be an origin such as http://localhost:5173",
  ],
  [
    "cors_allowed_origins",
    "['null']",
    "must be an origin such as http://localhost:5173",
  ],
  [
    "cors_allowed_origins",
    "[chrome-extension://abc]",
    "must be an http:// or https:// origin",
  ],
];

for (const [key, value, problem] of BROWSER_KEY_CASES) {
  Deno.test(`parseConfigText() ${problem ? "rejects" : "accepts"} ${key}: ${value}`, () => {
    const text = `listen: 127.0.0.1:8080\n${key}: ${value}\n`;
    if (problem === undefined) {
      const { settings } = parseConfigText(text, "tresor.yaml");
      const list = key === "allowed_hosts"
        ? settings.allowedHosts
        : settings.corsAllowedOrigins;
      assert.ok(list.length > 0);
      return;
    }
    const error = configErrorOf(text, "tresor.yaml");
    assert.equal(error.line, 2);
    assert.equal(error.message, `tresor.yaml:2: ${key}[0]: ${problem}`);
  });
}

Deno.test("parseConfigText() defaults allowed_hosts and cors_allowed_origins to empty", () => {
  const { settings } = parseConfigText("listen: 127.0.0.1:8080\n", "t.yaml");
  assert.deepStrictEqual(settings.allowedHosts, []);
  assert.deepStrictEqual(settings.corsAllowedOrigins, []);
});

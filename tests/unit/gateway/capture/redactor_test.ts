import assert from "node:assert/strict";
import {
  HEADERS_CUT_FIELD,
  MAX_HEADER_CHARS,
  REDACTED,
  Redactor,
  secretsOf,
} from "../../../../gateway/capture/redactor.ts";
import { makeSnapshot } from "../../../_helpers/gateway_server.ts";

interface Case {
  name: string;
  secrets: string[];
  text: string;
  want: string;
}

const CASES: Case[] = [
  {
    name: "replaces every occurrence of a secret",
    secrets: ["sk-abc123"],
    text: "a sk-abc123 b sk-abc123",
    want: `a ${REDACTED} b ${REDACTED}`,
  },
  {
    name: "replaces a secret's JSON-escaped form",
    secrets: ['pa"ss\\word'],
    text: JSON.stringify({ p: 'pa"ss\\word' }),
    want: `{"p":"${REDACTED}"}`,
  },
  {
    name: "replaces a secret's URL-encoded form",
    secrets: ["a b&c"],
    text: "/v1/x?key=a%20b%26c",
    want: `/v1/x?key=${REDACTED}`,
  },
  {
    name: "replaces the longer of two overlapping secrets whole",
    secrets: ["sk-1", "sk-1-long"],
    text: "sk-1-long and sk-1",
    want: `${REDACTED} and ${REDACTED}`,
  },
  {
    name: "reads regex characters in secrets literally",
    secrets: ["a.b*c"],
    text: "axbbc a.b*c",
    want: `axbbc ${REDACTED}`,
  },
  {
    name: "leaves text alone without secrets",
    secrets: [],
    text: "nothing to hide",
    want: "nothing to hide",
  },
];

for (const c of CASES) {
  Deno.test(`Redactor.text() ${c.name}`, () => {
    assert.equal(new Redactor(c.secrets).text(c.text), c.want);
  });
}

Deno.test("Redactor.headers() redacts credential headers by name and secrets by value, joining repeats", () => {
  const redactor = new Redactor(["sk-down"]);
  assert.deepStrictEqual(
    redactor.headers([
      ["Authorization", "Bearer anything"],
      ["x-api-key", "k"],
      ["cookie", "tresor_session=t"],
      ["proxy-authorization", "Basic x"],
      ["x-goog-api-key", "g"],
      ["x-auth-token", "t"],
      ["x-note", "uses sk-down"],
      ["accept", "a"],
      ["accept", "b"],
      ["__proto__", "p"],
    ]),
    {
      authorization: REDACTED,
      "x-api-key": REDACTED,
      cookie: REDACTED,
      "proxy-authorization": REDACTED,
      "x-goog-api-key": REDACTED,
      "x-auth-token": REDACTED,
      "x-note": `uses ${REDACTED}`,
      accept: "a, b",
      ["__proto__"]: "p",
    },
  );
});

Deno.test("Redactor.headers() cuts the headers past their bound and says so", () => {
  const big = "v".repeat(MAX_HEADER_CHARS / 4);
  const fields: [string, string][] = [1, 2, 3, 4, 5].map((
    i,
  ) => [`x-${i}`, big]);
  const out = new Redactor([]).headers(fields);
  assert.deepStrictEqual(Object.keys(out), [
    "x-1",
    "x-2",
    "x-3",
    HEADERS_CUT_FIELD,
  ]);
});

Deno.test("Redactor.margin is the longest secret form in bytes", () => {
  assert.equal(new Redactor(["é é"]).margin, "%C3%A9%20%C3%A9".length);
  assert.equal(new Redactor([]).margin, 0);
});

Deno.test("secretsOf() lists downstream keys, proxy keys (plain and named), the admin password and the metrics token, none empty", () => {
  const snapshot = makeSnapshot({
    settings: {
      adminPassword: "pw",
      proxyApiKeys: ["sk-p", { name: "ide", key: "sk-named" }],
      metricsToken: "mt",
    },
    downstreams: [
      {
        id: "a",
        name: "a",
        apiFormats: ["openai"],
        baseUrl: "http://a.test",
        apiKey: "sk-a",
        outputModelIds: [],
      },
      {
        id: "b",
        name: "b",
        apiFormats: ["openai"],
        baseUrl: "http://b.test",
        apiKey: "",
        outputModelIds: [],
      },
    ],
  });
  assert.deepStrictEqual(secretsOf(snapshot), [
    "sk-a",
    "sk-p",
    "sk-named",
    "pw",
    "mt",
  ]);
});

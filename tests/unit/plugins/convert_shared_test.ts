import assert from "node:assert/strict";
import { PluginError } from "../../../plugins/errors.ts";
import type * as anthropic from "../../../plugins/protocol/anthropic/types.ts";
import {
  parseDataUri,
  parseToolArguments,
  toImageSource,
  toToolId,
} from "../../../plugins/protocol/anthropic/content.ts";
import {
  mergeUsage,
  sumInputTokens,
} from "../../../plugins/protocol/anthropic/usage.ts";
import {
  jsonResponse,
  toJsonObject,
} from "../../../plugins/convert_shared/json_response.ts";
import {
  finiteNumber,
  tryParseJson,
} from "../../../plugins/protocol/lenient_json.ts";
import { TurnBuilder } from "../../../plugins/protocol/anthropic/turn_builder.ts";

const TOOL_IDS: [string, string][] = [
  ["call_abc-1", "call_abc-1"],
  ["call.abc:1", "call_abc_1"],
  ["", "_"],
];

for (const [id, want] of TOOL_IDS) {
  Deno.test(`toToolId() maps ${JSON.stringify(id)} to ${JSON.stringify(want)}`, () => {
    assert.equal(toToolId(id), want);
  });
}

Deno.test("parseDataUri() splits a base64 data URI and ignores other URLs", () => {
  assert.deepStrictEqual(parseDataUri("data:image/png;name=a;base64,AAA="), {
    mediaType: "image/png",
    data: "AAA=",
  });
  assert.equal(parseDataUri("data:text/plain,hi"), undefined);
  assert.equal(parseDataUri("https://example.test/a.png"), undefined);
});

interface ImageCase {
  name: string;
  url: string;
  want: anthropic.ImageSource;
}

const IMAGES: ImageCase[] = [
  {
    name: "a data URI as a base64 source",
    url: "data:image/jpeg;base64,/9j/",
    want: { type: "base64", media_type: "image/jpeg", data: "/9j/" },
  },
  {
    name: "an https URL as a url source",
    url: "https://example.test/a.png",
    want: { type: "url", url: "https://example.test/a.png" },
  },
  {
    name: "an http URL as a url source",
    url: "http://example.test/a.png",
    want: { type: "url", url: "http://example.test/a.png" },
  },
];

for (const c of IMAGES) {
  Deno.test(`toImageSource() converts ${c.name}`, () => {
    assert.deepStrictEqual(toImageSource(c.url, "p"), c.want);
  });
}

Deno.test("toImageSource() rejects other URLs, naming the path", () => {
  assert.throws(
    () => toImageSource("ftp://example.test/a.png", "messages[0].content[1]"),
    (err) =>
      err instanceof PluginError && err.param === "messages[0].content[1]",
  );
});

Deno.test("parseToolArguments() reads an object and treats blank as empty", () => {
  assert.deepStrictEqual(parseToolArguments('{"a":1}', "p"), { a: 1 });
  assert.deepStrictEqual(parseToolArguments("  ", "p"), {});
});

for (const args of ["{", "[1]", "3"]) {
  Deno.test(`parseToolArguments() rejects ${JSON.stringify(args)}, naming the path`, () => {
    assert.throws(
      () => parseToolArguments(args, "input[2].arguments"),
      (err) => err instanceof PluginError && err.param === "input[2].arguments",
    );
  });
}

Deno.test("TurnBuilder merges same-role blocks and skips empty pushes", () => {
  const turns = new TurnBuilder();
  assert.equal(turns.empty, true);
  turns.push("user", []);
  assert.equal(turns.empty, true);
  turns.push("user", [{ type: "text", text: "a" }]);
  turns.push("user", [{ type: "text", text: "b" }]);
  turns.push("assistant", [{ type: "text", text: "c" }]);
  turns.push("assistant", [{
    type: "text",
    text: "d",
    cache_control: { type: "ephemeral" },
  }]);
  turns.push("user", [{ type: "text", text: "e" }]);
  assert.equal(turns.empty, false);
  assert.deepStrictEqual(turns.toMessages(), [
    {
      role: "user",
      content: [{ type: "text", text: "a" }, { type: "text", text: "b" }],
    },
    {
      role: "assistant",
      content: [{ type: "text", text: "c" }, {
        type: "text",
        text: "d",
        cache_control: { type: "ephemeral" },
      }],
    },
    { role: "user", content: "e" },
  ]);
});

Deno.test("TurnBuilder keeps a lone text block with cache_control as a block", () => {
  const turns = new TurnBuilder();
  const block: anthropic.TextBlock = {
    type: "text",
    text: "a",
    cache_control: { type: "ephemeral" },
  };
  turns.push("user", [block]);
  assert.deepStrictEqual(turns.toMessages(), [{
    role: "user",
    content: [block],
  }]);
});

Deno.test("tryParseJson() parses JSON and returns undefined for anything else", () => {
  assert.deepStrictEqual(tryParseJson('{"a":[1]}'), { a: [1] });
  assert.equal(tryParseJson("null"), null);
  assert.equal(tryParseJson("{"), undefined);
});

Deno.test("finiteNumber() keeps finite numbers only", () => {
  assert.equal(finiteNumber(0), 0);
  assert.equal(finiteNumber(2.5), 2.5);
  assert.equal(finiteNumber(Infinity), undefined);
  assert.equal(finiteNumber(NaN), undefined);
  assert.equal(finiteNumber("1"), undefined);
});

Deno.test("sumInputTokens() adds cache writes and reads, keeping the read part", () => {
  assert.deepStrictEqual(
    sumInputTokens({
      input_tokens: 10,
      cache_creation_input_tokens: 5,
      cache_read_input_tokens: 3,
      output_tokens: 1,
    }),
    { total: 18, cached: 3 },
  );
  assert.deepStrictEqual(
    sumInputTokens({
      input_tokens: 10,
      cache_read_input_tokens: null,
      output_tokens: 1,
    }),
    { total: 10, cached: undefined },
  );
});

Deno.test("jsonResponse() drops the upstream's length and encoding", () => {
  const base = new Headers({
    "content-length": "12",
    "content-encoding": "gzip",
    "content-type": "text/plain",
    "x-request-id": "r1",
  });
  const res = jsonResponse(201, base, { ok: true });
  assert.equal(res.status, 201);
  assert.deepStrictEqual(res.body, { ok: true });
  assert.deepStrictEqual([...res.headers], [
    ["content-type", "application/json"],
    ["x-request-id", "r1"],
  ]);
  assert.equal(base.get("content-length"), "12");
});

Deno.test("jsonResponse() keeps repeated fields and every set-cookie", () => {
  const base = new Headers([
    ["set-cookie", "a=1"],
    ["x-multi", "one"],
    ["set-cookie", "b=2"],
    ["x-multi", "two"],
    ["content-length", "3"],
  ]);
  const res = jsonResponse(200, base, {});
  assert.deepStrictEqual([...res.headers], [
    ["content-type", "application/json"],
    ["set-cookie", "a=1"],
    ["set-cookie", "b=2"],
    ["x-multi", "one, two"],
  ]);
});

Deno.test("toJsonObject() copies own enumerable fields only, undefined ones included", () => {
  const wire = Object.create({ inherited: 1 }, {
    model: { value: "m", enumerable: true },
    hidden: { value: 2, enumerable: false },
  });
  wire.stop = undefined;
  const obj = toJsonObject(wire);
  assert.deepStrictEqual(Object.keys(obj), ["model", "stop"]);
  assert.equal(Object.getPrototypeOf(obj), Object.prototype);
  assert.equal(obj.inherited, undefined);
});

Deno.test("toJsonObject() copies own fields", () => {
  const wire = { model: "m", max_tokens: 1 };
  const obj = toJsonObject(wire);
  assert.deepStrictEqual(obj, wire);
  assert.notEqual(obj, wire);
});

Deno.test("mergeUsage() keeps earlier counters the later event does not carry", () => {
  const start = {
    input_tokens: 12,
    cache_read_input_tokens: 30,
    output_tokens: 1,
  };
  assert.deepStrictEqual(mergeUsage(start, { output_tokens: 40 }), {
    input_tokens: 12,
    cache_read_input_tokens: 30,
    output_tokens: 40,
  });
  assert.deepStrictEqual(
    mergeUsage(start, { output_tokens: 40, input_tokens: 15 }),
    { input_tokens: 15, cache_read_input_tokens: 30, output_tokens: 40 },
  );
  assert.equal(mergeUsage(start, undefined), start);
  assert.deepStrictEqual(mergeUsage(undefined, { output_tokens: 2 }), {
    output_tokens: 2,
  });
});

import assert from "node:assert/strict";
import {
  hasBillingLine,
  withoutBillingLine,
  withoutBillingSystem,
} from "../../../../plugins/protocol/anthropic/billing_header.ts";
import {
  isValidToolName,
  ToolNameMap,
  toSafeToolName,
} from "../../../../plugins/protocol/openai/tool_names.ts";
import { toOpenAiUser } from "../../../../plugins/protocol/openai/user.ts";
import {
  isAnthropicSignature,
  isTranslatedSignature,
  TRANSLATED_SIGNATURE,
} from "../../../../plugins/protocol/anthropic/thinking_marker.ts";

const BILLING =
  "x-anthropic-billing-header: cc_version=2.1.332.47d; cc_entrypoint=sdk-cli;";

Deno.test("withoutBillingLine() removes only a leading billing line", () => {
  assert.equal(hasBillingLine(BILLING), true);
  assert.equal(withoutBillingLine(BILLING), "");
  assert.equal(
    withoutBillingLine(`${BILLING}\nYou are Claude.`),
    "You are Claude.",
  );
  assert.equal(withoutBillingLine("You are Claude."), "You are Claude.");
  assert.equal(
    withoutBillingLine(`Intro\n${BILLING}`),
    `Intro\n${BILLING}`,
    "a line further down is the prompt's own text",
  );
});

Deno.test("withoutBillingSystem() drops Claude Code's billing block and keeps the rest", () => {
  const body = {
    system: [
      { type: "text", text: BILLING },
      {
        type: "text",
        text: "You are a Claude agent.",
        cache_control: { type: "ephemeral" },
      },
    ],
  };
  assert.deepStrictEqual(withoutBillingSystem(body), {
    system: [{
      type: "text",
      text: "You are a Claude agent.",
      cache_control: { type: "ephemeral" },
    }],
  });
  assert.deepStrictEqual(
    withoutBillingSystem({ system: `${BILLING}\nBe brief.` }),
    {
      system: "Be brief.",
    },
  );
  const plain = { system: "Be brief." };
  assert.equal(withoutBillingSystem(plain), plain);
});

const NAMES: [name: string, safe: string][] = [
  ["Write", "Write"],
  ["mcp__github__create_issue", "mcp__github__create_issue"],
];

for (const [name, safe] of NAMES) {
  Deno.test(`toSafeToolName() keeps the valid name ${name}`, () => {
    assert.equal(toSafeToolName(name), safe);
  });
}

Deno.test("toSafeToolName() makes dotted, slashed and long names valid, distinct and stable", () => {
  const inputs = [
    "github.create_issue",
    "github/create_issue",
    "github_create_issue",
    `mcp__${"very_long_server_name_".repeat(4)}tool`,
    "",
  ];
  const safe = inputs.map(toSafeToolName);
  for (const s of safe) assert.ok(isValidToolName(s), s);
  assert.equal(new Set(safe).size, inputs.length);
  assert.deepStrictEqual(inputs.map(toSafeToolName), safe);
  assert.match(safe[0], /^github_create_issue_[0-9a-f]{8}$/);
});

Deno.test("ToolNameMap maps safe names back and leaves unknown names alone", () => {
  const map = new ToolNameMap();
  const safe = map.toSafe("fs.write");
  assert.equal(map.toSafe("Read"), "Read");
  assert.equal(map.changed, true);
  assert.equal(map.toClient(safe), "fs.write");
  assert.equal(map.toClient("Read"), "Read");
  assert.equal(map.toClient("other"), "other");
});

Deno.test("toOpenAiUser() keeps a short user and hashes a long one to 64 hex characters", async () => {
  assert.equal(await toOpenAiUser("alice"), "alice");
  const long = JSON.stringify({
    device_id: "d".repeat(64),
    session_id: "s".repeat(36),
  });
  const hashed = await toOpenAiUser(long);
  assert.match(hashed, /^[0-9a-f]{64}$/);
  assert.equal(await toOpenAiUser(long), hashed);
  assert.notEqual(await toOpenAiUser(`${long}x`), hashed);
});

Deno.test("thinking signatures: Tresor's marker is never taken for Anthropic's", () => {
  assert.equal(isTranslatedSignature(TRANSLATED_SIGNATURE), true);
  assert.equal(isAnthropicSignature(TRANSLATED_SIGNATURE), false);
  assert.equal(isAnthropicSignature(""), false);
  assert.equal(isAnthropicSignature(undefined), false);
  assert.equal(isAnthropicSignature("EqQBCkYIBRgCKkA"), true);
});

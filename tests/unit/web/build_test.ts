import assert from "node:assert/strict";
import { hashInputs } from "../../../web/build.ts";
import { parseManifest } from "../../../web/manifest.ts";

Deno.test("hashInputs() changes when an island changes and only then", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const root = new URL(`file://${dir}/`);
    await Deno.mkdir(`${dir}/islands`);
    await Deno.mkdir(`${dir}/web`);
    await Deno.writeTextFile(`${dir}/islands/A.tsx`, "a");
    await Deno.writeTextFile(`${dir}/deno.json`, "{}");
    const first = await hashInputs(root);
    assert.equal(await hashInputs(root), first);
    await Deno.writeTextFile(`${dir}/islands/A.tsx`, "b");
    assert.notEqual(await hashInputs(root), first);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseManifest() accepts a hashed client name and rejects others", () => {
  assert.deepStrictEqual(
    parseManifest({ inputs: "x", client: "client-0123456789abcdef.js" }),
    { inputs: "x", client: "client-0123456789abcdef.js" },
  );
  assert.throws(
    () => parseManifest({ inputs: "x", client: "../evil.js" }),
    SyntaxError,
  );
  assert.throws(() => parseManifest(null), SyntaxError);
});

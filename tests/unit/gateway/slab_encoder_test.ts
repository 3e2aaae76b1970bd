/** `encodeText()`: the bytes `TextEncoder.encode` makes, in views that later calls never touch. */
import assert from "node:assert/strict";
import { encodeText } from "../../../gateway/slab_encoder.ts";

const ENCODER = new TextEncoder();

const TEXTS = [
  "",
  "a",
  "event: content_block_delta\ndata: {}\n\n",
  "héllo 中文 😀",
  "lone \ud800 high and \udc00 low surrogates",
  "\u0000\u007f\u0080\u07ff\u0800\uffff",
  "😀".repeat(300), // 600 code units: up to 1,800 bytes, still in the slab
  "x".repeat(700), // 2,100 bytes at most: its own buffer
  "é".repeat(5000),
];

Deno.test("encodeText() writes what TextEncoder.encode writes", () => {
  for (const text of TEXTS) {
    assert.deepStrictEqual(encodeText(text), ENCODER.encode(text), text);
  }
});

Deno.test("encodeText() never changes a view it handed out, across many slabs", () => {
  const held: { text: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < 2000; i++) {
    const text = TEXTS[i % TEXTS.length] + i;
    held.push({ text, bytes: encodeText(text) });
  }
  for (const { text, bytes } of held) {
    assert.deepStrictEqual(bytes, ENCODER.encode(text), text);
  }
});

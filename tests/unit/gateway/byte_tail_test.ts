import assert from "node:assert/strict";
import { ByteTail } from "../../../gateway/byte_tail.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("ByteTail keeps the last `keep` bytes pushed, across chunk boundaries", () => {
  const tail = new ByteTail(10, 4);
  tail.push(bytes("abc"));
  assert.equal(text(tail.bytes()), "abc");
  tail.push(bytes("defgh"));
  assert.equal(text(tail.bytes()), "abcdefgh");
  tail.push(bytes("ijkl"));
  assert.equal(text(tail.bytes()), "cdefghijkl");
  for (const piece of ["mn", "o", "pqrstu", "", "v"]) tail.push(bytes(piece));
  assert.equal(text(tail.bytes()), "mnopqrstuv");
});

Deno.test("ByteTail never holds a buffer larger than keep + slack, however much is pushed", () => {
  const tail = new ByteTail(1000, 250);
  let all = "";
  for (let i = 0; i < 5000; i++) {
    const piece = `event ${i};`.repeat(1 + (i % 7));
    all += piece;
    tail.push(bytes(piece));
    assert.ok(tail.capacity <= 1250, String(tail.capacity));
    assert.equal(text(tail.bytes()), all.slice(-1000));
  }
  assert.equal(tail.capacity, 1250);
});

Deno.test("ByteTail grows with what it holds: a short stream costs a short buffer", () => {
  const tail = new ByteTail(16 * 1024);
  tail.push(bytes("data: {}\n\n"));
  assert.ok(tail.capacity <= 256, String(tail.capacity));
});

Deno.test("a chunk longer than keep leaves its own last `keep` bytes", () => {
  const tail = new ByteTail(4, 2);
  tail.push(bytes("ab"));
  tail.push(bytes("0123456789"));
  assert.equal(text(tail.bytes()), "6789");
  tail.push(bytes("x"));
  assert.equal(text(tail.bytes()), "789x");
});

Deno.test("ByteTail copies: a chunk changed after it was pushed does not change the tail", () => {
  const tail = new ByteTail(8);
  const chunk = bytes("abcd");
  tail.push(chunk);
  chunk.fill(0);
  assert.equal(text(tail.bytes()), "abcd");
});

Deno.test("ByteTail refuses a size that holds nothing", () => {
  assert.throws(() => new ByteTail(0), RangeError);
  assert.throws(() => new ByteTail(8, 0), RangeError);
});

Deno.test("a chunk almost as long as keep, pushed while the buffer is still small, fits", () => {
  const tail = new ByteTail(1000, 250);
  tail.push(bytes("a".repeat(300)));
  assert.ok(tail.capacity < 1000, String(tail.capacity));
  tail.push(bytes("b".repeat(999)));
  assert.equal(text(tail.bytes()), "a" + "b".repeat(999));
});

Deno.test("a released tail's buffer serves the next long tail, which never shows its bytes", () => {
  const first = new ByteTail(4000, 1000);
  first.push(bytes("a".repeat(3000)));
  assert.equal(first.capacity, 3000);
  first.release();
  assert.equal(first.bytes().length, 0);
  assert.equal(first.capacity, 0);
  const next = new ByteTail(4000, 1000);
  next.push(bytes("xyz"));
  assert.equal(next.capacity, 256, "a short tail still starts small");
  next.push(bytes("b".repeat(1500)));
  // Past the small sizes it took the released 3,000-byte buffer rather than 1,503 fresh ones.
  assert.equal(next.capacity, 3000);
  assert.equal(text(next.bytes()), "xyz" + "b".repeat(1500));
  next.push(bytes("c".repeat(2000)));
  assert.equal(
    text(next.bytes()),
    ("xyz" + "b".repeat(1500) + "c".repeat(2000)).slice(-4000),
  );
});

Deno.test("a released buffer larger than a tail's capacity is not taken by it", () => {
  const big = new ByteTail(100_000);
  big.push(bytes("a".repeat(50_000)));
  big.release();
  const small = new ByteTail(2000, 500);
  small.push(bytes("b".repeat(1500)));
  assert.ok(small.capacity <= 2500, String(small.capacity));
  assert.equal(text(small.bytes()), "b".repeat(1500));
});

/**
 * The manager islands' resource (`islands/_resource.ts`, bound to components by `useResource`):
 * driven with a scripted admin API whose answers the test releases one at a time, so the state
 * in flight (optimistic items, busy, pending) is observed as well as the state after.
 */
import assert from "node:assert/strict";
import {
  ApiError,
  type ApiMethod,
  type ApiRequest,
} from "../../../islands/api.ts";
import {
  createResource,
  fieldMessage,
  isWithin,
  type ResourceController,
  type ResourceState,
} from "../../../islands/_resource.ts";

interface Item {
  readonly id: string;
  readonly on: boolean;
}

interface Call {
  readonly method: ApiMethod;
  readonly path: string;
  readonly body: unknown;
  answer(value: unknown): void;
  fail(error: Error): void;
}

/** A resource over a fake API: each call waits in `calls` until the test answers it. */
function rig(initial: readonly Item[] = [{ id: "a", on: false }]) {
  const calls: Call[] = [];
  const states: ResourceState<Item>[] = [];
  let arrived = Promise.withResolvers<void>();
  const request: ApiRequest = <T>(
    method: ApiMethod,
    path: string,
    body?: unknown,
  ) => {
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    // The fake stands in for JSON from the network, which the caller names the shape of.
    calls.push({
      method,
      path,
      body,
      answer: (v) => resolve(v as T),
      fail: reject,
    });
    arrived.resolve();
    return promise;
  };
  const resource: ResourceController<Item> = createResource<Item>(
    { url: "/api/items", initial, request },
    (state) => states.push(state),
  );
  /** The next call the resource makes (waits for it). */
  const next = async (): Promise<Call> => {
    while (calls.length === 0) {
      await arrived.promise;
      arrived = Promise.withResolvers<void>();
    }
    return calls.shift()!;
  };
  return { resource, states, next };
}

const BAD_URL = new ApiError(400, "base_url: not a URL", { field: "base_url" });

Deno.test("createResource() starts from the server-rendered list, idle", () => {
  const { resource } = rig();
  assert.deepStrictEqual(resource.state, {
    items: [{ id: "a", on: false }],
    notices: {},
    problem: null,
    busy: false,
    pending: [],
  });
});

Deno.test("create() appends the created item, says done, and is busy only while in flight", async () => {
  const { resource, next } = rig();
  const saving = resource.create({ id: "b" }, { done: "Item saved" });
  assert.equal(resource.state.busy, true);
  const call = await next();
  assert.deepStrictEqual([call.method, call.path, call.body], [
    "POST",
    "/api/items",
    { id: "b" },
  ]);
  call.answer({ id: "b", on: true });
  assert.deepStrictEqual(await saving, {
    ok: true,
    answer: { id: "b", on: true },
  });
  assert.deepStrictEqual(resource.state.items.map((i) => i.id), ["a", "b"]);
  assert.deepStrictEqual(resource.state.notices.page, {
    kind: "ok",
    text: "Item saved",
  });
  assert.equal(resource.state.busy, false);
});

Deno.test("update() shows an optimistic change at once and keeps the server's answer", async () => {
  const { resource, next } = rig();
  const saving = resource.update("a", { on: true }, {
    optimistic: (items) => items.map((i) => ({ ...i, on: true })),
    pending: "a",
  });
  assert.deepStrictEqual(resource.state.items, [{ id: "a", on: true }]);
  assert.deepStrictEqual(resource.state.pending, ["a"]);
  const call = await next();
  assert.deepStrictEqual([call.method, call.path], ["PUT", "/api/items/a"]);
  call.answer({ id: "a", on: true });
  assert.equal((await saving).ok, true);
  assert.deepStrictEqual(resource.state.pending, []);
});

Deno.test("mutate() rolls a failed optimistic change back and says why in the notice", async () => {
  const { resource, next } = rig();
  const saving = resource.update("a", { on: true }, {
    optimistic: (items) => items.map((i) => ({ ...i, on: true })),
    failure: "Cannot switch a",
  });
  (await next()).fail(new ApiError(409, "Busy"));
  assert.deepStrictEqual(await saving, {
    ok: false,
    problem: { text: "Busy" },
  });
  assert.deepStrictEqual(resource.state.items, [{ id: "a", on: false }]);
  assert.deepStrictEqual(resource.state.notices.page, {
    kind: "error",
    text: "Cannot switch a: Busy",
  });
  assert.equal(resource.state.problem, null, "a notice, not a form problem");
});

Deno.test("mutate() re-fetches instead of rolling back when the list changed meanwhile", async () => {
  const { resource, next } = rig([{ id: "a", on: false }, {
    id: "b",
    on: false,
  }]);
  const first = resource.update("a", { on: true }, {
    optimistic: (items) =>
      items.map((i) => i.id === "a" ? { ...i, on: true } : i),
  });
  const second = resource.update("b", { on: true }, {
    optimistic: (items) =>
      items.map((i) => i.id === "b" ? { ...i, on: true } : i),
  });
  const callA = await next();
  const callB = await next();
  callB.answer({ id: "b", on: true });
  await second;
  // Restoring the list from before the first call would undo b, which the server accepted.
  callA.fail(new ApiError(500, "Internal error"));
  const reload = await next();
  assert.deepStrictEqual([reload.method, reload.path], ["GET", "/api/items"]);
  reload.answer([{ id: "a", on: false }, { id: "b", on: true }]);
  assert.equal((await first).ok, false);
  assert.deepStrictEqual(resource.state.items, [
    { id: "a", on: false },
    { id: "b", on: true },
  ]);
});

Deno.test("mutate() puts a failed form call in the problem, with the API's field, not a notice", async () => {
  const { resource, next } = rig();
  const saving = resource.create({ id: "b" }, { form: true });
  (await next()).fail(BAD_URL);
  assert.deepStrictEqual(await saving, {
    ok: false,
    problem: { text: "base_url: not a URL", field: "base_url" },
  });
  assert.deepStrictEqual(resource.state.problem, {
    text: "base_url: not a URL",
    field: "base_url",
  });
  assert.equal(resource.state.notices.page, null);
  assert.equal(fieldMessage(resource.state.problem, "base_url"), "not a URL");
  assert.equal(fieldMessage(resource.state.problem, "name"), undefined);

  // The next form call starts clean.
  const again = resource.create({ id: "b" }, { form: true });
  assert.equal(resource.state.problem, null);
  (await next()).answer({ id: "b", on: false });
  assert.equal((await again).ok, true);
});

Deno.test("remove() drops the item and reload re-fetches the list the server now has", async () => {
  const { resource, next } = rig([{ id: "a", on: true }, {
    id: "b",
    on: false,
  }]);
  const removing = resource.remove("a", { reload: true, done: "Deleted a" });
  const del = await next();
  assert.deepStrictEqual([del.method, del.path], ["DELETE", "/api/items/a"]);
  del.answer(null);
  const get = await next();
  assert.equal(get.method, "GET");
  // The server made b the active member when a left.
  get.answer([{ id: "b", on: true }]);
  assert.deepStrictEqual(await removing, { ok: true, answer: null });
  assert.deepStrictEqual(resource.state.items, [{ id: "b", on: true }]);
  assert.equal(resource.state.notices.page?.text, "Deleted a");
});

Deno.test("reload() reports a failure as a page notice and keeps the list", async () => {
  const { resource, next } = rig();
  const loading = resource.reload();
  (await next()).fail(new ApiError(0, "Cannot reach Tresor"));
  assert.equal(await loading, false);
  assert.deepStrictEqual(resource.state.items, [{ id: "a", on: false }]);
  assert.equal(
    resource.state.notices.page?.text,
    "Cannot reload: Cannot reach Tresor",
  );
});

Deno.test("mutate() reports in the named notice slot, with the answer shaped by the caller", async () => {
  const { resource, next } = rig();
  resource.say({ kind: "ok", text: "kept" });
  const fetching = resource.mutate<{ item: Item; added: number }>({
    method: "POST",
    url: `${resource.itemUrl("a")}/fetch`,
    apply: (items, answer) =>
      items.map((i) => i.id === answer.item.id ? answer.item : i),
    done: (answer) => `Added ${answer.added}`,
    notice: "models",
  });
  const call = await next();
  assert.equal(call.path, "/api/items/a/fetch");
  call.answer({ item: { id: "a", on: true }, added: 2 });
  await fetching;
  assert.deepStrictEqual(resource.state.notices, {
    page: { kind: "ok", text: "kept" },
    models: { kind: "ok", text: "Added 2" },
  });
  const failing = resource.mutate({ method: "POST", notice: "models" });
  (await next()).fail(new ApiError(502, "Provider down"));
  await failing;
  assert.deepStrictEqual(resource.state.notices.models, {
    kind: "error",
    text: "Provider down",
  });
});

Deno.test("itemUrl() encodes the id, so an id cannot reach another path", () => {
  const { resource } = rig();
  assert.equal(resource.itemUrl("a/../b?x"), "/api/items/a%2F..%2Fb%3Fx");
});

Deno.test("mutate() rethrows what is not an API error (a bug), after undoing and going idle", async () => {
  const { resource, next } = rig();
  const saving = resource.update("a", {}, {
    optimistic: (items) => items.map((i) => ({ ...i, on: true })),
    pending: "a",
  });
  (await next()).fail(new TypeError("boom"));
  await assert.rejects(saving, TypeError);
  assert.deepStrictEqual(resource.state.items, [{ id: "a", on: false }]);
  assert.equal(resource.state.busy, false);
  assert.deepStrictEqual(resource.state.pending, []);
});

const WITHIN: [string, string, boolean][] = [
  ["base_url", "base_url", true],
  ["api_formats[1]", "api_formats", true],
  ["pipeline_config[0].config.headers", "pipeline_config[0]", true],
  ["pipeline_config[10].plugin_id", "pipeline_config[1]", false],
  ["base_url_extra", "base_url", false],
  ["id", "input_model_id", false],
];

for (const [field, name, want] of WITHIN) {
  Deno.test(`isWithin() "${field}" in "${name}" is ${want}`, () => {
    assert.equal(isWithin(field, name), want);
  });
}

Deno.test("fieldMessage() strips the field's own prefix only", () => {
  const problem = {
    text: "api_formats[1]: Invalid option",
    field: "api_formats[1]",
  };
  assert.equal(fieldMessage(problem, "api_formats"), "Invalid option");
  assert.equal(
    fieldMessage({ text: "The two passwords differ", field: "x" }, "x"),
    "The two passwords differ",
  );
  assert.equal(fieldMessage({ text: "Bad JSON" }, "x"), undefined);
  assert.equal(fieldMessage(null, "x"), undefined);
});

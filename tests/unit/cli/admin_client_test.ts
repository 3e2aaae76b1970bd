import assert from "node:assert/strict";
import { AdminClient } from "../../../cli/admin_client.ts";
import { CliError } from "../../../cli/errors.ts";

function clientAnswering(
  answer: (req: Request) => Response | Promise<Response>,
  password = "pw",
): { client: AdminClient; seen: Request[] } {
  const seen: Request[] = [];
  const fakeFetch: typeof fetch = (input, init) => {
    const req = new Request(input, init);
    seen.push(req);
    return Promise.resolve(answer(req));
  };
  return {
    client: new AdminClient({ url: "http://d:1", password }, {
      fetch: fakeFetch,
    }),
    seen,
  };
}

Deno.test("AdminClient sends JSON with the password as Bearer", async () => {
  const { client, seen } = clientAnswering(() =>
    Response.json({ ok: 1 }, { status: 201 })
  );
  assert.deepStrictEqual(await client.request("POST", "/api/x", { a: 1 }), {
    ok: 1,
  });
  assert.equal(seen[0].url, "http://d:1/api/x");
  assert.equal(seen[0].headers.get("authorization"), "Bearer pw");
  assert.equal(seen[0].headers.get("content-type"), "application/json");
  assert.deepStrictEqual(await seen[0].json(), { a: 1 });
  const empty = clientAnswering(() => new Response(null, { status: 204 }), "");
  assert.equal(await empty.client.request("DELETE", "/api/x"), null);
  assert.equal(empty.seen[0].headers.get("authorization"), null);
});

Deno.test("AdminClient turns failures into one-line CliErrors", async () => {
  const cases: [Response | Error, string, RegExp][] = [
    [
      new TypeError("connection refused"),
      "pw",
      /^cannot reach the daemon at http:\/\/d:1: is it running\? \(tresor run\)$/,
    ],
    [
      Response.json({ error: "x" }, { status: 401 }),
      "pw",
      /rejected the admin password/,
    ],
    [
      Response.json({ error: "x" }, { status: 401 }),
      "",
      /requires the admin password/,
    ],
    [
      Response.json({ error: 'Rule "r" not found' }, { status: 404 }),
      "pw",
      /^Rule "r" not found$/,
    ],
    [
      new Response("oops", {
        status: 500,
        statusText: "Internal Server Error",
      }),
      "pw",
      /^the daemon answered 500 Internal Server Error$/,
    ],
  ];
  for (const [answer, password, message] of cases) {
    const { client } = clientAnswering(() => {
      if (answer instanceof Error) throw answer;
      return answer.clone();
    }, password);
    await assert.rejects(
      client.request("GET", "/api/rules"),
      (err: unknown) => err instanceof CliError && message.test(err.message),
      String(message),
    );
  }
});

Deno.test("AdminClient leads a 400's message with the field the API names, once", async () => {
  const cases: [unknown, string][] = [
    [
      { error: "base_url: not a URL", field: "base_url" },
      "base_url: not a URL",
    ],
    [
      { error: "must be positive", field: "max_output_tokens" },
      "max_output_tokens: must be positive",
    ],
    [
      { error: "Request body must be a JSON object" },
      "Request body must be a JSON object",
    ],
    // A field that is not a string is not trusted to name anything.
    [{ error: "Invalid input", field: 3 }, "Invalid input"],
  ];
  for (const [body, message] of cases) {
    const { client } = clientAnswering(() =>
      Response.json(body, { status: 400 })
    );
    await assert.rejects(
      client.request("POST", "/api/downstreams", {}),
      (err: unknown) => err instanceof CliError && err.message === message,
      message,
    );
  }
});

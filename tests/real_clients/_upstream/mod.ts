/**
 * A scripted, strict upstream for the real-client suite, serving the three wire formats on one
 * port: `/anthropic/v1/messages` (Anthropic Messages, plus `count_tokens`), `/chat/v1/chat/
 * completions` (Chat Completions) and `/responses/v1/responses` (Responses API). It answers 400,
 * in the format's own error shape, whatever the real API would reject; records every request;
 * and plays one {@link Task} per client run: a tool call of a file-writing tool the client
 * offered, then, once the client sends the tool's result back, a final text. Requests that offer
 * no such tool (titles, summaries) get a short text.
 */
import { encodeSseEvent, type SseEvent } from "../../../plugins/mod.ts";
import {
  anthropicAnswer,
  anthropicAnswersCall,
  anthropicError,
  anthropicProblems,
  anthropicTools,
} from "./anthropic.ts";
import {
  chatAnswer,
  chatAnswersCall,
  chatError,
  chatProblems,
  chatTools,
} from "./chat.ts";
import {
  responsesAnswer,
  responsesAnswersCall,
  responsesError,
  responsesProblems,
  responsesTools,
} from "./responses.ts";
import { type PlannedCall, planToolCall, type Task } from "./task.ts";

export type { Task } from "./task.ts";
export { REASONING_MODEL_PREFIX } from "./chat.ts";

type Obj = Record<string, unknown>;

/** A wire format the upstream serves. */
export type UpstreamFormat = "anthropic" | "chat" | "responses";

/** One request the upstream received, and how it answered. */
export interface UpstreamRequest {
  readonly format: UpstreamFormat;
  readonly path: string;
  readonly headers: Headers;
  readonly body: Obj;
  readonly status: number;
  /** Why it answered 400 (empty otherwise). */
  readonly problems: readonly string[];
  /** What it answered: a tool call, the task's final text, or filler text. */
  readonly answer: "tool_call" | "final" | "text" | "error";
}

/** The running upstream. */
export interface ScriptedUpstream extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly requests: UpstreamRequest[];
  /** The job of the client run in progress. */
  task: Task | undefined;
  /** Awaited before a tool call is answered (a test switches the route mid-turn here). */
  beforeToolCall: (() => Promise<void>) | undefined;
  /** Base URLs per format, for a Tresor config. */
  baseUrl(format: UpstreamFormat): string;
}

interface Handler {
  problems(body: Obj): string[] | Promise<string[]>;
  tools(body: Obj): ReturnType<typeof chatTools>;
  answersCall(body: Obj, issued: ReadonlySet<string>): boolean;
  answer(
    body: Obj,
    reply: { text?: string; call?: PlannedCall & { id: string } },
  ):
    | { json: Obj; events: SseEvent[] }
    | Promise<{ json: Obj; events: SseEvent[] }>;
  error(message: string): Obj;
}

const HANDLERS: Record<UpstreamFormat, Handler> = {
  anthropic: {
    problems: anthropicProblems,
    tools: anthropicTools,
    answersCall: anthropicAnswersCall,
    answer: anthropicAnswer,
    error: anthropicError,
  },
  chat: {
    problems: chatProblems,
    tools: chatTools,
    answersCall: chatAnswersCall,
    answer: chatAnswer,
    error: chatError,
  },
  responses: {
    problems: responsesProblems,
    tools: responsesTools,
    answersCall: responsesAnswersCall,
    answer: responsesAnswer,
    error: responsesError,
  },
};

function formatOf(path: string): UpstreamFormat | undefined {
  if (path.startsWith("/anthropic/")) return "anthropic";
  if (path.startsWith("/chat/")) return "chat";
  if (path.startsWith("/responses/")) return "responses";
  return undefined;
}

const ENCODER = new TextEncoder();

/** Starts the scripted upstream on 127.0.0.1 (random port). */
export function startScriptedUpstream(): ScriptedUpstream {
  const requests: UpstreamRequest[] = [];
  const issued = new Set<string>();
  let calls = 0;

  const handle = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    const format = formatOf(path);
    if (format === undefined) return new Response("not found", { status: 404 });
    if (req.method === "GET" && path.endsWith("/models")) {
      await req.body?.cancel();
      return Response.json({
        object: "list",
        data: [{ id: "scripted", object: "model", type: "model" }],
      });
    }
    const text = await req.text();
    let body: Obj;
    try {
      const parsed: unknown = JSON.parse(text);
      body =
        typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
          ? Object.fromEntries(Object.entries(parsed))
          : {};
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      body = {};
    }
    const record = (
      status: number,
      answer: UpstreamRequest["answer"],
      problems: string[] = [],
    ) =>
      requests.push({
        format,
        path,
        headers: req.headers,
        body,
        status,
        problems,
        answer,
      });
    const handler = HANDLERS[format];
    const problems = await handler.problems(body);
    if (problems.length > 0) {
      record(400, "error", problems);
      return Response.json(handler.error(problems.join("; ")), { status: 400 });
    }
    if (path.endsWith("/count_tokens")) {
      record(200, "text");
      return Response.json({ input_tokens: Math.ceil(text.length / 4) });
    }
    const task = upstream.task;
    let reply: { text?: string; call?: PlannedCall & { id: string } };
    let answer: UpstreamRequest["answer"];
    if (task && handler.answersCall(body, issued)) {
      reply = { text: task.finalText };
      answer = "final";
    } else {
      const call = task && planToolCall(task, handler.tools(body));
      if (call) {
        const id = `call_scripted_${++calls}`;
        issued.add(id);
        await upstream.beforeToolCall?.();
        reply = { call: { ...call, id } };
        answer = "tool_call";
      } else {
        reply = { text: "Scripted answer." };
        answer = "text";
      }
    }
    const { json, events } = await handler.answer(body, reply);
    record(200, answer);
    if (body.stream !== true) return Response.json(json);
    return new Response(ENCODER.encode(events.map(encodeSseEvent).join("")), {
      headers: { "content-type": "text/event-stream" },
    });
  };

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    handle,
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  const upstream: ScriptedUpstream = {
    url,
    requests,
    task: undefined,
    beforeToolCall: undefined,
    baseUrl: (format) =>
      format === "anthropic" ? `${url}/anthropic` : `${url}/${format}/v1`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
  return upstream;
}

/**
 * The client side of the converter contract (`converter_contract.ts`), one kit per format a
 * client speaks: the requests the contract sends, and readers that bring the client's answer
 * (whole or streamed) to the same few facts, so every converter is checked by the same cases.
 */
import type { SseEvent } from "../../plugins/sse.ts";
import type { ApiFormat, JsonObject } from "../../plugins/types.ts";
import type { ContractUsage } from "./contract_upstreams.ts";

/** How an answer ended, as every format can say it. */
export type Finish = "stop" | "length" | "tool";

/** What the contract reads of a client's answer. */
export interface AnswerFacts {
  text: string;
  reasoning: string;
  /** `[name, arguments]` per tool call. */
  toolCalls: [string, unknown][];
  usage: ContractUsage | undefined;
  finish: Finish | undefined;
  /** Whether the answer is (or, streamed, carries) an error in the client's shape. */
  error: boolean;
}

/** One client format: the contract's requests and its answer readers. */
export interface ClientKit {
  path: string;
  /** A one-message conversation. */
  textRequest(text: string, stream: boolean): JsonObject;
  /** A conversation offering `get_weather({city})`. */
  toolRequest(stream: boolean): JsonObject;
  /** A user message holding an image (a data URI). */
  imageRequest(dataUri: string): JsonObject;
  /** A history where `get_weather({city: "Paris"})` was called and answered "sunny". */
  historyRequest(): JsonObject;
  /** The same history, answered with "sunny" and an image; absent: the format has no way. */
  toolImageRequest?(dataUri: string): JsonObject;
  /** Input the client format allows and no target can take, and the parameter named. */
  unsupported: { body: JsonObject; param: string };
  answer(body: unknown): AnswerFacts;
  streamed(events: readonly SseEvent[]): AnswerFacts;
  /** Whether the stream ends with the format's terminal event. */
  terminated(events: readonly SseEvent[]): boolean;
}

/** The tool every contract request offers. */
export const WEATHER_TOOL = "get_weather";

function obj(value: unknown): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as JsonObject
    : {};
}

function list(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

function json(events: readonly SseEvent[]): JsonObject[] {
  return events.filter((e) => e.data.startsWith("{")).map((e) =>
    JSON.parse(e.data)
  );
}

const OPENAI_FINISH: Record<string, Finish> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool",
};

const OPENAI: ClientKit = {
  path: "/chat/completions",
  textRequest: (text, stream) => ({
    model: "m",
    messages: [{ role: "user", content: text }],
    ...(stream && { stream, stream_options: { include_usage: true } }),
  }),
  toolRequest: (stream) => ({
    ...OPENAI.textRequest("weather in Paris?", stream),
    tools: [{
      type: "function",
      function: {
        name: WEATHER_TOOL,
        parameters: {
          type: "object",
          properties: { city: { type: "string" } },
        },
      },
    }],
  }),
  imageRequest: (url) => ({
    model: "m",
    messages: [{
      role: "user",
      content: [{ type: "text", text: "what is it?" }, {
        type: "image_url",
        image_url: { url },
      }],
    }],
  }),
  historyRequest: () => ({
    ...OPENAI.toolRequest(false),
    messages: [
      { role: "user", content: "weather in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "call_1",
          type: "function",
          function: { name: WEATHER_TOOL, arguments: '{"city":"Paris"}' },
        }],
      },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ],
  }),
  unsupported: {
    body: { model: "m", messages: [{ role: "user", content: "x" }], n: 2 },
    param: "n",
  },
  answer(body) {
    const b = obj(body);
    const choice = obj(list(b.choices)[0]);
    const message = obj(choice.message);
    const usage = obj(b.usage);
    return {
      text: typeof message.content === "string" ? message.content : "",
      reasoning: String(message.reasoning_content ?? ""),
      toolCalls: list(message.tool_calls).map((c) => {
        const fn = obj(c.function);
        return [String(fn.name), JSON.parse(String(fn.arguments))];
      }),
      usage: b.usage === undefined ? undefined : {
        input: num(usage.prompt_tokens),
        output: num(usage.completion_tokens),
      },
      finish: OPENAI_FINISH[String(choice.finish_reason)],
      error: typeof obj(b.error).message === "string",
    };
  },
  streamed(events) {
    const facts: AnswerFacts = {
      text: "",
      reasoning: "",
      toolCalls: [],
      usage: undefined,
      finish: undefined,
      error: false,
    };
    const args: string[] = [];
    for (const c of json(events)) {
      if (c.error !== undefined) facts.error = true;
      if (c.usage) {
        const u = obj(c.usage);
        facts.usage = {
          input: num(u.prompt_tokens),
          output: num(u.completion_tokens),
        };
      }
      const choice = obj(list(c.choices)[0]);
      const delta = obj(choice.delta);
      if (typeof delta.content === "string") facts.text += delta.content;
      facts.reasoning += String(delta.reasoning_content ?? "");
      for (const call of list(delta.tool_calls)) {
        const i = num(call.index);
        const fn = obj(call.function);
        if (typeof fn.name === "string") facts.toolCalls[i] = [fn.name, {}];
        args[i] = (args[i] ?? "") + String(fn.arguments ?? "");
      }
      if (choice.finish_reason) {
        facts.finish = OPENAI_FINISH[String(choice.finish_reason)];
      }
    }
    facts.toolCalls.forEach((call, i) => call[1] = JSON.parse(args[i] || "{}"));
    return facts;
  },
  terminated: (events) => events.at(-1)?.data === "[DONE]",
};

const ANTHROPIC_FINISH: Record<string, Finish> = {
  end_turn: "stop",
  max_tokens: "length",
  tool_use: "tool",
};

function anthropicUsage(u: JsonObject): ContractUsage {
  return {
    input: num(u.input_tokens) + num(u.cache_read_input_tokens) +
      num(u.cache_creation_input_tokens),
    output: num(u.output_tokens),
  };
}

const ANTHROPIC: ClientKit = {
  path: "/messages",
  textRequest: (text, stream) => ({
    model: "m",
    max_tokens: 100,
    messages: [{ role: "user", content: text }],
    ...(stream && { stream }),
  }),
  toolRequest: (stream) => ({
    ...ANTHROPIC.textRequest("weather in Paris?", stream),
    tools: [{
      name: WEATHER_TOOL,
      input_schema: {
        type: "object",
        properties: { city: { type: "string" } },
      },
    }],
  }),
  imageRequest: (url) => {
    const [head, data] = url.split(",");
    return {
      ...ANTHROPIC.textRequest("", false),
      messages: [{
        role: "user",
        content: [{ type: "text", text: "what is it?" }, {
          type: "image",
          source: {
            type: "base64",
            media_type: head.slice("data:".length, head.indexOf(";")),
            data,
          },
        }],
      }],
    };
  },
  historyRequest: () => ({
    ...ANTHROPIC.toolRequest(false),
    messages: [
      { role: "user", content: "weather in Paris?" },
      {
        role: "assistant",
        content: [{
          type: "tool_use",
          id: "toolu_1",
          name: WEATHER_TOOL,
          input: { city: "Paris" },
        }],
      },
      {
        role: "user",
        content: [{
          type: "tool_result",
          tool_use_id: "toolu_1",
          content: "sunny",
        }],
      },
    ],
  }),
  toolImageRequest(url) {
    const history = ANTHROPIC.historyRequest();
    const image = obj(list(obj(ANTHROPIC.imageRequest(url)).messages)[0]);
    const messages = list(history.messages);
    messages[2] = {
      role: "user",
      content: [{
        type: "tool_result",
        tool_use_id: "toolu_1",
        content: [{ type: "text", text: "sunny" }, list(image.content)[1]],
      }],
    };
    return { ...history, messages };
  },
  unsupported: {
    body: {
      model: "m",
      max_tokens: 10,
      messages: [{
        role: "user",
        content: [{
          type: "document",
          source: { type: "url", url: "https://example.com/a.pdf" },
        }],
      }],
    },
    param: "messages[0].content[0].source.type",
  },
  answer(body) {
    const b = obj(body);
    const content = list(b.content);
    return {
      text: content.filter((c) => c.type === "text").map((c) => c.text)
        .join(""),
      reasoning: content.filter((c) => c.type === "thinking")
        .map((c) => c.thinking).join(""),
      toolCalls: content.filter((c) => c.type === "tool_use").map((c) => [
        String(c.name),
        c.input,
      ]),
      usage: b.usage === undefined ? undefined : anthropicUsage(obj(b.usage)),
      finish: ANTHROPIC_FINISH[String(b.stop_reason)],
      error: b.type === "error" && typeof obj(b.error).type === "string",
    };
  },
  streamed(events) {
    const facts: AnswerFacts = {
      text: "",
      reasoning: "",
      toolCalls: [],
      usage: undefined,
      finish: undefined,
      error: false,
    };
    const tools = new Map<number, { name: string; args: string }>();
    for (const e of json(events)) {
      if (e.type === "error") facts.error = true;
      if (e.type === "message_start") {
        facts.usage = anthropicUsage(obj(obj(e.message).usage));
      }
      const block = obj(e.content_block);
      if (block.type === "tool_use") {
        tools.set(num(e.index), { name: String(block.name), args: "" });
      }
      const delta = obj(e.delta);
      if (delta.type === "text_delta") facts.text += String(delta.text);
      if (delta.type === "thinking_delta") {
        facts.reasoning += String(delta.thinking);
      }
      if (delta.type === "input_json_delta") {
        tools.get(num(e.index))!.args += String(delta.partial_json);
      }
      if (e.type === "message_delta") {
        facts.finish = ANTHROPIC_FINISH[String(delta.stop_reason)];
        const u = obj(e.usage);
        facts.usage = {
          input: u.input_tokens === undefined
            ? facts.usage?.input ?? 0
            : anthropicUsage(u).input,
          output: num(u.output_tokens),
        };
      }
    }
    facts.toolCalls = [...tools.values()].map((t) => [
      t.name,
      JSON.parse(t.args || "{}"),
    ]);
    return facts;
  },
  terminated: (events) =>
    events.at(-1)?.event === "message_stop" || events.at(-1)?.event === "error",
};

const RESPONSES: ClientKit = {
  path: "/responses",
  textRequest: (text, stream) => ({
    model: "m",
    input: text,
    store: false,
    ...(stream && { stream }),
  }),
  toolRequest: (stream) => ({
    ...RESPONSES.textRequest("weather in Paris?", stream),
    tools: [{
      type: "function",
      name: WEATHER_TOOL,
      parameters: { type: "object", properties: { city: { type: "string" } } },
    }],
  }),
  imageRequest: (url) => ({
    model: "m",
    store: false,
    input: [{
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "what is it?" }, {
        type: "input_image",
        image_url: url,
      }],
    }],
  }),
  historyRequest: () => ({
    ...RESPONSES.toolRequest(false),
    input: [
      { type: "message", role: "user", content: "weather in Paris?" },
      {
        type: "function_call",
        call_id: "call_1",
        name: WEATHER_TOOL,
        arguments: '{"city":"Paris"}',
      },
      { type: "function_call_output", call_id: "call_1", output: "sunny" },
    ],
  }),
  toolImageRequest(url) {
    const history = RESPONSES.historyRequest();
    const input = list(history.input);
    input[2] = {
      type: "function_call_output",
      call_id: "call_1",
      output: [{ type: "input_text", text: "sunny" }, {
        type: "input_image",
        image_url: url,
      }],
    };
    return { ...history, input };
  },
  unsupported: {
    body: { model: "m", input: "x", background: true },
    param: "background",
  },
  answer: (body) => responseFacts(obj(body)),
  streamed(events) {
    const done = json(events).findLast((e) =>
      typeof e.type === "string" &&
      /^response\.(completed|incomplete|failed)$/.test(e.type)
    );
    const facts = responseFacts(obj(done?.response));
    facts.text = json(events).filter((e) =>
      e.type === "response.output_text.delta"
    )
      .map((e) => String(e.delta)).join("");
    facts.error ||= events.some((e) => e.event === "error");
    return facts;
  },
  terminated: (events) =>
    /^response\.(completed|incomplete|failed)$/.test(
      events.at(-1)?.event ?? "",
    ),
};

/** The text of every part of the output items of `type`. */
function outputText(output: readonly JsonObject[], type: string): string {
  return output.filter((o) => o.type === type).flatMap((o) => list(o.content))
    .map((c) => String(c.text ?? "")).join("");
}

function responseFacts(response: JsonObject): AnswerFacts {
  const output = list(response.output);
  const calls = output.filter((o) => o.type === "function_call");
  const usage = obj(response.usage);
  const incomplete = obj(response.incomplete_details).reason;
  const finish: Record<string, Finish | undefined> = {
    completed: calls.length > 0 ? "tool" : "stop",
    incomplete: incomplete === "max_output_tokens" ? "length" : undefined,
  };
  return {
    text: outputText(output, "message"),
    reasoning: outputText(output, "reasoning"),
    toolCalls: calls.map((c) => [
      String(c.name),
      JSON.parse(String(c.arguments)),
    ]),
    usage: response.usage === null || response.usage === undefined
      ? undefined
      : { input: num(usage.input_tokens), output: num(usage.output_tokens) },
    finish: finish[String(response.status)],
    error: response.status === "failed" ||
      typeof obj(response.error).message === "string",
  };
}

/** The kit of each format a client speaks. */
export const CLIENT_KITS: Record<ApiFormat, ClientKit> = {
  openai: OPENAI,
  anthropic: ANTHROPIC,
  responses: RESPONSES,
};

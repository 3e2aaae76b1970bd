/** The contract's client kit for Anthropic Messages clients. */
import type { JsonObject } from "../../../plugins/types.ts";
import {
  type ClientKit,
  type ContractUsage,
  emptyFacts,
  type Finish,
  json,
  list,
  num,
  obj,
  WEATHER_TOOL,
} from "./kits.ts";

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

export const ANTHROPIC_CLIENT: ClientKit = {
  path: "/messages",
  textRequest: (text, stream) => ({
    model: "m",
    max_tokens: 100,
    messages: [{ role: "user", content: text }],
    ...(stream && { stream }),
  }),
  toolRequest: (stream) => ({
    ...ANTHROPIC_CLIENT.textRequest("weather in Paris?", stream),
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
      ...ANTHROPIC_CLIENT.textRequest("", false),
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
    ...ANTHROPIC_CLIENT.toolRequest(false),
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
    const history = ANTHROPIC_CLIENT.historyRequest();
    const image = obj(
      list(obj(ANTHROPIC_CLIENT.imageRequest(url)).messages)[0],
    );
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
    const facts = emptyFacts();
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

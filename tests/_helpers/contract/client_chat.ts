/** The contract's client kit for OpenAI Chat Completions clients. */
import {
  type ClientKit,
  emptyFacts,
  type Finish,
  json,
  list,
  num,
  obj,
  WEATHER_TOOL,
} from "./kits.ts";

const OPENAI_FINISH: Record<string, Finish> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool",
};

export const CHAT_CLIENT: ClientKit = {
  path: "/chat/completions",
  textRequest: (text, stream) => ({
    model: "m",
    messages: [{ role: "user", content: text }],
    ...(stream && { stream, stream_options: { include_usage: true } }),
  }),
  toolRequest: (stream) => ({
    ...CHAT_CLIENT.textRequest("weather in Paris?", stream),
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
    ...CHAT_CLIENT.toolRequest(false),
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
    const facts = emptyFacts();
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

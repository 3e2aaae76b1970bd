/** The contract's client kit for OpenAI Responses API clients. */
import type { JsonObject } from "../../../plugins/types.ts";
import {
  type AnswerFacts,
  type ClientKit,
  type Finish,
  json,
  list,
  num,
  obj,
  WEATHER_TOOL,
} from "./kits.ts";

export const RESPONSES_CLIENT: ClientKit = {
  path: "/responses",
  textRequest: (text, stream) => ({
    model: "m",
    input: text,
    store: false,
    ...(stream && { stream }),
  }),
  toolRequest: (stream) => ({
    ...RESPONSES_CLIENT.textRequest("weather in Paris?", stream),
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
    ...RESPONSES_CLIENT.toolRequest(false),
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
    const history = RESPONSES_CLIENT.historyRequest();
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

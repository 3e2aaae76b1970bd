/** `openai2anthropic` passes the one converter contract (`tests/_helpers/converter_contract.ts`). */
import { openai2anthropic } from "../../../../plugins/openai2anthropic/mod.ts";
import { runConverterContract } from "../../../_helpers/converter_contract.ts";

runConverterContract({
  plugin: openai2anthropic,
  skip: [{
    reason:
      "Chat Completions tool messages carry text only: the client cannot send an image in a tool result",
    tests: ["images: an image in a tool result reaches the upstream"],
  }],
});

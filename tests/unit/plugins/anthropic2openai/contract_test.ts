/** `anthropic2openai` passes the one converter contract (`tests/_helpers/converter_contract.ts`). */
import { anthropic2openai } from "../../../../plugins/anthropic2openai/mod.ts";
import { runConverterContract } from "../../../_helpers/converter_contract.ts";

runConverterContract({
  plugin: anthropic2openai,
  skip: [{
    reason:
      "an Anthropic Messages stream always carries usage (message_start and message_delta require it): with none from the upstream it reports the local input estimate and 0 output tokens",
    tests: ["usage: a stream without usage reports none"],
  }],
});

/** `responses2anthropic` passes the one converter contract (`tests/_helpers/converter_contract.ts`). */
import { responses2anthropic } from "../../../../plugins/responses2anthropic/mod.ts";
import { runConverterContract } from "../../../_helpers/converter_contract.ts";

runConverterContract({ plugin: responses2anthropic });

/** `responses2chat` passes the one converter contract (`tests/_helpers/converter_contract.ts`). */
import { responses2chat } from "../../../../plugins/responses2chat/mod.ts";
import { runConverterContract } from "../../../_helpers/converter_contract.ts";

runConverterContract({ plugin: responses2chat });

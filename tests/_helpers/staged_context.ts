/**
 * A fake context (`fake_context.ts`) run through the stages up to a given one, for testing the
 * stages after it: `prepared()` is read body → resolve → plan → prepare, `sent()` adds send.
 */
import { readBody } from "../../gateway/stages/read_body.ts";
import { resolve } from "../../gateway/stages/resolve.ts";
import { plan } from "../../gateway/stages/plan.ts";
import { prepare } from "../../gateway/stages/prepare.ts";
import { send } from "../../gateway/stages/send.ts";
import {
  type FakeContext,
  fakeContext,
  type FakeContextOptions,
} from "./fake_context.ts";

/** A fake context whose attempt's upstream request is prepared. */
export async function prepared(
  options: FakeContextOptions,
): Promise<FakeContext> {
  const fake = fakeContext(options);
  await readBody(fake.ctx);
  resolve(fake.ctx);
  plan(fake.ctx);
  await prepare(fake.ctx);
  return fake;
}

/** A fake context whose attempt was sent and answered (by `options.answer`). */
export async function sent(options: FakeContextOptions): Promise<FakeContext> {
  const fake = await prepared(options);
  await send(fake.ctx);
  return fake;
}

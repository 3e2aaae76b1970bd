/**
 * `POST /logout`: ends the session (through the admin API, which owns sessions) and returns to
 * the login page.
 *
 * @module
 */
import { type PageContext, redirect } from "./_context.ts";
import { renderErrorPage } from "./_error.tsx";
import { isHttps } from "./api/auth.ts";

/** Revokes the session cookie's session and clears the cookie. */
export async function handler(
  req: Request,
  ctx: PageContext,
): Promise<Response> {
  if (req.method !== "POST") {
    await req.body?.cancel();
    return renderErrorPage(405, "Log out with the button in the header", {
      allow: "POST",
    });
  }
  await req.body?.cancel();
  const res = await ctx.api.handle(
    new Request(new URL("/api/auth/logout", ctx.url), {
      method: "POST",
      headers: { cookie: req.headers.get("cookie") ?? "" },
    }),
    ctx.info,
  );
  await res.body?.cancel();
  return redirect("/login", {
    "set-cookie": res.headers.get("set-cookie") ??
      ctx.api.sessions.clearCookie({ secure: isHttps(req) }),
  });
}

/**
 * `/login`: the password form. It works without scripts: the form posts here, and this handler
 * asks the admin API's login endpoint (which owns sessions and the throttle), then forwards its
 * session cookie and redirects to where the user was going.
 *
 * @module
 */
import type { JSX } from "preact";
import { type PageContext, redirect, safeNext } from "./_context.ts";

/** Props of {@link LoginPage}. */
export interface LoginPageProps {
  readonly next: string;
  readonly error?: string;
}

/** The login form. */
export function LoginPage({ next, error }: LoginPageProps): JSX.Element {
  return (
    <main id="main" class="login-wrap">
      <form class="card login-card" method="post" action="/login">
        <h1>
          <img src="/static/favicon.svg" alt="" width={28} height={28} />
          Tresor
        </h1>
        {error && (
          <p class="notice notice-error" role="alert" id="login-error">
            {error}
          </p>
        )}
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="password">Admin password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            autofocus
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "login-error" : undefined}
          />
        </div>
        <div class="form-actions">
          <button type="submit" class="primary">Log in</button>
        </div>
      </form>
    </main>
  );
}

function errorOf(body: unknown, status: number): string {
  if (
    typeof body === "object" && body !== null && "error" in body &&
    typeof body.error === "string"
  ) return body.error;
  return `Cannot log in: status ${status}`;
}

/** `GET` shows the form, `POST` logs in. */
export async function handler(
  req: Request,
  ctx: PageContext,
): Promise<Response> {
  if (!ctx.passwordRequired) {
    await req.body?.cancel();
    return redirect("/");
  }
  if (req.method !== "POST") {
    await req.body?.cancel();
    const next = safeNext(ctx.url.searchParams.get("next"));
    return ctx.render(<LoginPage next={next} />, { title: "Log in" });
  }
  const form = await req.formData();
  const next = safeNext(String(form.get("next") ?? "/"));
  const password = String(form.get("password") ?? "");
  const res = await ctx.api.handle(
    new Request(new URL("/api/auth/login", ctx.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password }),
    }),
    ctx.info,
  );
  const body: unknown = await res.json();
  if (res.ok) {
    return redirect(next, {
      "set-cookie": res.headers.get("set-cookie") ?? "",
    });
  }
  const retryAfter = res.headers.get("retry-after");
  return ctx.render(
    <LoginPage next={next} error={errorOf(body, res.status)} />,
    {
      title: "Log in",
      status: res.status,
      headers: retryAfter ? { "retry-after": retryAfter } : undefined,
    },
  );
}

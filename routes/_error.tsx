/**
 * The pages' one error renderer: a small page with the status and a way back.
 *
 * @module
 */
import type { JSX } from "preact";
import { renderPage } from "../web/mod.ts";

const TITLES: Record<number, string> = {
  400: "Bad request",
  403: "Forbidden",
  404: "Page not found",
  405: "Method not allowed",
  415: "Unsupported content type",
  429: "Too many attempts",
  500: "Something went wrong",
};

function ErrorPage(
  { status, message }: { status: number; message: string },
): JSX.Element {
  return (
    <main id="main" class="login-wrap">
      <div class="card login-card">
        <h1>{TITLES[status] ?? `Error ${status}`}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Back to Tresor</a>
        </p>
      </div>
    </main>
  );
}

/** Renders an error page; `message` must not contain secrets (it is shown as is). */
export function renderErrorPage(
  status: number,
  message: string,
  headers?: HeadersInit,
): Response {
  return renderPage(<ErrorPage status={status} message={message} />, {
    title: TITLES[status] ?? `Error ${status}`,
    status,
    headers,
    clientUrl: null,
  });
}

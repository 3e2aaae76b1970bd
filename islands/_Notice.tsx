/**
 * The status line the admin pages show after an action: an error (announced as an alert) or a
 * confirmation (a polite status).
 *
 * @module
 */
import type { JSX } from "preact";

/** A message to show, or null for none. */
export type NoticeMessage = { kind: "error" | "ok"; text: string } | null;

/** Props of {@link Notice}. */
export interface NoticeProps {
  readonly message: NoticeMessage;
  /** Adds a dismiss button calling this. */
  onDismiss?(): void;
  readonly testId?: string;
}

/** Shows `message`, or nothing when it is null. */
export function Notice(
  { message, onDismiss, testId }: NoticeProps,
): JSX.Element | null {
  if (!message) return null;
  return (
    <p
      class={`notice notice-${message.kind}`}
      role={message.kind === "error" ? "alert" : "status"}
      data-testid={testId}
    >
      {message.text}
      {onDismiss && (
        <button
          type="button"
          class="small"
          aria-label="Dismiss message"
          onClick={onDismiss}
        >
          ×
        </button>
      )}
    </p>
  );
}

/** An error text as a {@link NoticeMessage} (null stays null). */
export function errorNotice(text: string | null): NoticeMessage {
  return text === null ? null : { kind: "error", text };
}

/**
 * The Edit and Delete buttons of a list row (a downstream, a rule, an alias member); deleting
 * takes two clicks (see `_DeleteButton.tsx`).
 *
 * @module
 */
import type { JSX } from "preact";
import { DeleteButton } from "./_DeleteButton.tsx";

/** Props of {@link RowActions}. */
export interface RowActionsProps {
  /** What the row is, in the accessible names: "Edit {subject}", "Delete {subject}". */
  readonly subject: string;
  /** Whether the delete button waits for its confirming click. */
  readonly armed: boolean;
  /** Small buttons (table rows and cards); the alias members size theirs in CSS. */
  readonly small?: boolean;
  onEdit(): void;
  onDelete(): void;
}

/** The row's Edit and Delete buttons. */
export function RowActions(props: RowActionsProps): JSX.Element {
  const small = props.small ? "small" : undefined;
  return (
    <>
      <button
        type="button"
        class={small}
        aria-label={`Edit ${props.subject}`}
        onClick={() => props.onEdit()}
      >
        Edit
      </button>{" "}
      <DeleteButton
        class={small ? "small danger" : "danger"}
        subject={props.subject}
        armed={props.armed}
        onClick={() => props.onDelete()}
      />
    </>
  );
}

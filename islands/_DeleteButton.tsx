/**
 * Two-click deletion: the first click arms an item's delete button ("Sure?"), the second
 * confirms. {@link useConfirmDelete} holds which item is armed; {@link DeleteButton} shows it.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";

/** Which item's delete button is armed, and the click logic. */
export interface ConfirmDelete {
  readonly armed: string | null;
  /** Arms `id` and answers false, or, when `id` is already armed, disarms and answers true. */
  confirm(id: string): boolean;
}

/** State for two-click deletion. */
export function useConfirmDelete(): ConfirmDelete {
  const [armed, setArmed] = useState<string | null>(null);
  return {
    armed,
    confirm(id) {
      if (armed !== id) {
        setArmed(id);
        return false;
      }
      setArmed(null);
      return true;
    },
  };
}

/** Props of {@link DeleteButton}. */
export interface DeleteButtonProps {
  /** What is deleted, in the accessible name: "Delete {subject}". */
  readonly subject: string;
  readonly armed: boolean;
  readonly class: string;
  onClick(): void;
}

/** The delete button; armed, it asks "Sure?". */
export function DeleteButton(props: DeleteButtonProps): JSX.Element {
  return (
    <button
      type="button"
      class={props.class}
      aria-label={props.armed
        ? `Confirm deleting ${props.subject}`
        : `Delete ${props.subject}`}
      onClick={() => props.onClick()}
    >
      {props.armed ? "Sure?" : "Delete"}
    </button>
  );
}

/**
 * The frame every manager's add/edit form shares: its accessible name, its heading, the failed
 * save's message on top, and submission without a page load.
 *
 * @module
 */
import type { ComponentChildren, JSX } from "preact";
import { errorNotice, Notice } from "./_Notice.tsx";

/** Props of {@link ManagerForm}. */
export interface ManagerFormProps {
  /** The form's accessible name, such as "Rule form". */
  readonly label: string;
  /** The heading, such as "New rule" or "Edit rule Tag". */
  readonly title: string;
  /** The failed save's message, or null. */
  readonly problem: string | null;
  /** `card panel` when the form is a card of its own. */
  readonly class?: string;
  onSubmit(): void;
  readonly children: ComponentChildren;
}

/** The form frame. */
export function ManagerForm(props: ManagerFormProps): JSX.Element {
  return (
    <form
      class={props.class}
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <h2>{props.title}</h2>
      <Notice message={errorNotice(props.problem)} />
      {props.children}
    </form>
  );
}

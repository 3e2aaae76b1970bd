/**
 * The buttons that end an admin form: the primary submit button (disabled while a call runs)
 * and the one that closes the form.
 *
 * @module
 */
import type { ComponentChildren, JSX } from "preact";

/** Props of {@link FormActions}. */
export interface FormActionsProps {
  /** The submit button's text, such as "Save rule". */
  readonly submit: string;
  /** The closing button's text; default "Cancel". */
  readonly close?: string;
  readonly busy?: boolean;
  onClose(): void;
  /** Shown before the buttons (the rule form's enable switch). */
  readonly children?: ComponentChildren;
}

/** The form's action row. */
export function FormActions(props: FormActionsProps): JSX.Element {
  return (
    <div class="form-actions">
      {props.children}
      <button type="submit" class="primary" disabled={props.busy}>
        {props.submit}
      </button>
      <button type="button" onClick={() => props.onClose()}>
        {props.close ?? "Cancel"}
      </button>
    </div>
  );
}

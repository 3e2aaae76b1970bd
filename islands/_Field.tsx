/**
 * Form fields of the admin pages: a labelled text input ({@link TextField}) and the error shown
 * under a field ({@link FieldError}).
 *
 * @module
 */
import type { ComponentChildren, InputHTMLAttributes, JSX } from "preact";

/** Props of {@link FieldError}. */
export interface FieldErrorProps {
  readonly id: string;
  readonly text: string | undefined;
}

/** A field's error, announced as an alert; nothing when there is none. */
export function FieldError({ id, text }: FieldErrorProps): JSX.Element | null {
  return text
    ? <span class="field-error" id={id} role="alert">{text}</span>
    : null;
}

/** Props of {@link TextField}. */
export interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  /** Shown after the label in small print, such as "(optional)". */
  readonly hint?: string;
  readonly value: string;
  onValue(value: string): void;
  /** Further attributes of the input (`type`, `required`, `placeholder`, `aria-*`, …). */
  readonly attrs?: InputHTMLAttributes<HTMLInputElement>;
  /** Shown after the input: hints, errors, a datalist. */
  readonly children?: ComponentChildren;
}

/** A labelled text input in a `.field`. */
export function TextField(props: TextFieldProps): JSX.Element {
  return (
    <div class="field">
      <label for={props.id}>
        {props.label}
        {props.hint && (
          <>
            {" "}
            <span class="hint">{props.hint}</span>
          </>
        )}
      </label>
      <input
        id={props.id}
        {...props.attrs}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
      {props.children}
    </div>
  );
}

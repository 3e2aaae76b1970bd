/**
 * Form fields of the admin pages: a labelled text input ({@link TextField}), a labelled select
 * ({@link SelectField}) and the error shown under a field ({@link FieldError}). A field given an
 * `error` is marked the same way everywhere: `aria-invalid="true"`, the message right after the
 * control, and the control described by it.
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

/** The id of the error element of the control `id`. */
export function errorIdOf(id: string): string {
  return `${id}-error`;
}

/** `aria-invalid` and `aria-describedby` for a control that may carry an error. */
export function invalidAttrs(
  id: string,
  error: string | undefined,
  describedBy?: string,
): { "aria-invalid"?: "true"; "aria-describedby"?: string } {
  if (!error) return describedBy ? { "aria-describedby": describedBy } : {};
  return {
    "aria-invalid": "true",
    "aria-describedby": describedBy
      ? `${describedBy} ${errorIdOf(id)}`
      : errorIdOf(id),
  };
}

/** The label of a field, with an optional hint in small print. */
function Label(
  props: {
    readonly id: string;
    readonly label: string;
    readonly hint?: string;
  },
): JSX.Element {
  return (
    <label for={props.id}>
      {props.label}
      {props.hint && (
        <>
          {" "}
          <span class="hint">{props.hint}</span>
        </>
      )}
    </label>
  );
}

/** Props of {@link TextField}. */
export interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  /** Shown after the label in small print, such as "(optional)". */
  readonly hint?: string;
  readonly value: string;
  onValue(value: string): void;
  /** Further attributes of the input (`type`, `required`, `placeholder`, …). */
  readonly attrs?: InputHTMLAttributes<HTMLInputElement>;
  /** Id of a hint element after the input that describes it. */
  readonly describedBy?: string;
  /** Marks the field invalid and shows this message after it. */
  readonly error?: string;
  /** Shown after the input: hints, a datalist. */
  readonly children?: ComponentChildren;
}

/** A labelled text input in a `.field`. */
export function TextField(props: TextFieldProps): JSX.Element {
  return (
    <div class="field">
      <Label id={props.id} label={props.label} hint={props.hint} />
      <input
        id={props.id}
        {...props.attrs}
        {...invalidAttrs(props.id, props.error, props.describedBy)}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
      {props.children}
      <FieldError id={errorIdOf(props.id)} text={props.error} />
    </div>
  );
}

/** Props of {@link IdField}. */
export interface IdFieldProps {
  readonly id: string;
  /** Default "Id". */
  readonly label?: string;
  /** What the id is made from when left blank, such as "generated from the name". */
  readonly placeholder: string;
  readonly value: string;
  readonly error?: string;
  onValue(value: string): void;
}

/** The optional id of a new item (the form generates one when it is left blank). */
export function IdField(props: IdFieldProps): JSX.Element {
  return (
    <TextField
      id={props.id}
      label={props.label ?? "Id"}
      hint="(optional)"
      value={props.value}
      attrs={{ placeholder: props.placeholder }}
      error={props.error}
      onValue={props.onValue}
    />
  );
}

/** Props of {@link NameIdFields}. */
export interface NameIdFieldsProps {
  /** Prefix of the element ids: `{prefix}-name`, `{prefix}-id`. */
  readonly prefix: string;
  /** The form's draft; only a new item (`editing` null) shows the id field. */
  readonly draft: {
    readonly name: string;
    readonly id: string;
    readonly editing: string | null;
  };
  /** The API's message for a field, when it is the failing one. */
  fieldError(name: string): string | undefined;
  onChange(patch: { name: string } | { id: string }): void;
}

/** The Name field, and for a new item the optional Id (generated from the name when blank). */
export function NameIdFields(props: NameIdFieldsProps): JSX.Element {
  return (
    <>
      <TextField
        id={`${props.prefix}-name`}
        label="Name"
        value={props.draft.name}
        error={props.fieldError("name")}
        onValue={(name) => props.onChange({ name })}
      />
      {props.draft.editing === null && (
        <IdField
          id={`${props.prefix}-id`}
          placeholder="generated from the name"
          value={props.draft.id}
          error={props.fieldError("id")}
          onValue={(id) => props.onChange({ id })}
        />
      )}
    </>
  );
}

/** Props of {@link SelectField}. */
export interface SelectFieldProps<T extends string> {
  readonly id: string;
  readonly label: string;
  readonly value: T;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  onValue(value: T): void;
  /** Marks the field invalid and shows this message after it. */
  readonly error?: string;
}

/** A labelled select in a `.field`; only the listed values reach `onValue`. */
export function SelectField<T extends string>(
  props: SelectFieldProps<T>,
): JSX.Element {
  return (
    <div class="field">
      <Label id={props.id} label={props.label} />
      <select
        id={props.id}
        value={props.value}
        {...invalidAttrs(props.id, props.error)}
        onChange={(e) => {
          const value = e.currentTarget.value;
          const option = props.options.find((o) => o.value === value);
          if (option) props.onValue(option.value);
        }}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      <FieldError id={errorIdOf(props.id)} text={props.error} />
    </div>
  );
}

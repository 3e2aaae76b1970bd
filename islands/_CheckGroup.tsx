/**
 * A fieldset of checkboxes choosing a subset of options; the chosen values stay in the options'
 * order. With an `error`, every checkbox is marked invalid and the message follows the group.
 *
 * @module
 */
import type { ComponentChildren, JSX } from "preact";
import { errorIdOf, FieldError, invalidAttrs } from "./_Field.tsx";

/** `list` with `item` added (in `order`'s order) or removed. */
export function toggleIn<T>(
  list: readonly T[],
  item: T,
  on: boolean,
  order: readonly T[],
): T[] {
  return on
    ? order.filter((x) => x === item || list.includes(x))
    : list.filter((x) => x !== item);
}

/** Props of {@link CheckGroup}. */
export interface CheckGroupProps<T extends string> {
  /** Names the group's error element. */
  readonly id: string;
  readonly legend: string;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly selected: readonly T[];
  onChange(selected: T[]): void;
  /** Marks the group invalid and shows this message after it. */
  readonly error?: string;
  /** Shown after the checkboxes: hints. */
  readonly children?: ComponentChildren;
}

/** The checkbox group. */
export function CheckGroup<T extends string>(
  props: CheckGroupProps<T>,
): JSX.Element {
  const order = props.options.map((o) => o.value);
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div class="checks">
        {props.options.map(({ value, label }) => (
          <label key={value}>
            <input
              type="checkbox"
              checked={props.selected.includes(value)}
              {...invalidAttrs(props.id, props.error)}
              onChange={(e) =>
                props.onChange(
                  toggleIn(
                    props.selected,
                    value,
                    e.currentTarget.checked,
                    order,
                  ),
                )}
            />
            {label}
          </label>
        ))}
      </div>
      {props.children}
      <FieldError id={errorIdOf(props.id)} text={props.error} />
    </fieldset>
  );
}

/**
 * A fieldset of checkboxes choosing a subset of options; the chosen values stay in the options'
 * order.
 *
 * @module
 */
import type { ComponentChildren, JSX } from "preact";

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
  readonly legend: string;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly selected: readonly T[];
  onChange(selected: T[]): void;
  /** Shown after the checkboxes: hints, errors. */
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
    </fieldset>
  );
}

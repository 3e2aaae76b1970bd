/**
 * An on/off switch: a button with `role="switch"` and `aria-checked`, so its state is in the
 * markup (STYLE.md §9).
 *
 * @module
 */
import type { JSX } from "preact";

/** Props of {@link Switch}. */
export interface SwitchProps {
  readonly checked: boolean;
  readonly label: string;
  onToggle(): void;
}

/** The switch. */
export function Switch({ checked, label, onToggle }: SwitchProps): JSX.Element {
  return (
    <button
      type="button"
      class="switch"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      onClick={() => onToggle()}
    />
  );
}

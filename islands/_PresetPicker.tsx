/**
 * The downstream form's preset picker (issue 16): choosing a provider fills the form from its
 * preset — name, id, base URL, formats, models — and shows what its key looks like and where its
 * documentation is. The fields stay editable (a LAN address instead of `localhost`, fewer models).
 *
 * @module
 */
import type { JSX } from "preact";
import type { PresetJson } from "../store/mod.ts";
import { SelectField } from "./_Field.tsx";

/** No preset: the form as the user types it. */
const NONE = "";

/** Props of {@link PresetPicker}. */
export interface PresetPickerProps {
  readonly presets: readonly PresetJson[];
  /** The chosen preset's id, or "" for none. */
  readonly value: string;
  onPick(preset: PresetJson | undefined): void;
}

/** The picker, with the chosen preset's key hint, note and documentation link. */
export function PresetPicker(props: PresetPickerProps): JSX.Element {
  const chosen = props.presets.find((p) => p.id === props.value);
  return (
    <div class="preset-picker">
      <SelectField
        id="ds-preset"
        label="Start from a preset"
        value={props.value}
        options={[
          { value: NONE, label: "None: enter the settings" },
          ...props.presets.map((p) => ({ value: p.id, label: p.name })),
        ]}
        onValue={(id) => props.onPick(props.presets.find((p) => p.id === id))}
      />
      {chosen && (
        <p class="preset-about" data-testid="preset-about">
          Key: {chosen.key_hint}.{chosen.note ? ` ${chosen.note}.` : ""}{" "}
          <a href={chosen.docs_url} target="_blank" rel="noopener noreferrer">
            {chosen.name} API documentation
          </a>
        </p>
      )}
    </div>
  );
}

/**
 * One rule in the rules page's list: its enable switch, name, filters, pipeline badges, and Edit
 * and Delete buttons.
 *
 * @module
 */
import type { JSX } from "preact";
import type { RuleJson } from "../store/mod.ts";
import { RowActions } from "./_RowActions.tsx";
import { Switch } from "./_Switch.tsx";

/** Props of {@link RuleRow}. */
export interface RuleRowProps {
  readonly rule: RuleJson;
  /** Whether the delete button waits for its confirming click. */
  readonly armed: boolean;
  onToggle(): void;
  onEdit(): void;
  onDelete(): void;
}

/** The rule's list item. */
export function RuleRow({ rule, ...props }: RuleRowProps): JSX.Element {
  return (
    <li class="card rule-row" data-rule={rule.id}>
      <Switch
        checked={rule.is_enabled}
        label={`${rule.name} enabled`}
        onToggle={props.onToggle}
      />
      <div>
        <div class="name">{rule.name}</div>
        <div class="muted mono">
          {rule.pattern_path}
          {rule.pattern_model && ` · model ${rule.pattern_model}`}
          {rule.match_format.length > 0 &&
            ` · from ${rule.match_format.join("/")}`}
          {rule.match_downstream_format.length > 0 &&
            ` · to ${rule.match_downstream_format.join("/")}`}
          {rule.match_downstreams.length > 0 &&
            ` · via ${rule.match_downstreams.join(", ")}`}
        </div>
        <div class="badges" style="margin-top:0.3rem">
          {rule.pipeline_config.length === 0
            ? <span class="muted">no plugins</span>
            : rule.pipeline_config.map((s, i) => (
              <span
                key={i}
                class={`badge ${s.is_enabled ? "badge-ok" : "badge-off"}`}
              >
                {s.plugin_id}
              </span>
            ))}
        </div>
      </div>
      <span class="spacer" />
      <RowActions
        subject={rule.name}
        small
        armed={props.armed}
        onEdit={props.onEdit}
        onDelete={props.onDelete}
      />
    </li>
  );
}

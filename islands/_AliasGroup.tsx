/**
 * One card of the aliases page: an alias group (aliases sharing an input model id) with its
 * reorder controls and its members. A member is a button showing its downstream and output
 * model, pressed when active; clicking it activates it. Each member's **Failover** switch says
 * whether it takes over when the active member fails before answering.
 *
 * @module
 */
import type { JSX } from "preact";
import type { AliasJson } from "../store/mod.ts";
import {
  DragHandle,
  type DragReorder,
  MoveButtons,
} from "./_ReorderControls.tsx";
import { RowActions } from "./_RowActions.tsx";
import { Switch } from "./_Switch.tsx";

/** A group: aliases sharing an input model id. */
export interface AliasGroup {
  readonly key: string;
  readonly isRegex: boolean;
  readonly members: readonly AliasJson[];
}

/** Groups in group order (the list is sorted by group order, then id). */
export function toGroups(aliases: readonly AliasJson[]): AliasGroup[] {
  const byKey = new Map<string, AliasJson[]>();
  const sorted = [...aliases].sort((a, b) =>
    a.group_order - b.group_order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
  for (const alias of sorted) {
    const list = byKey.get(alias.input_model_id);
    if (list) list.push(alias);
    else byKey.set(alias.input_model_id, [alias]);
  }
  return [...byKey].map(([key, members]) => ({
    key,
    isRegex: members.some((m) => m.is_regex),
    members,
  }));
}

/** Props of {@link AliasGroupCard}. */
export interface AliasGroupCardProps {
  readonly group: AliasGroup;
  readonly index: number;
  readonly count: number;
  readonly drag: DragReorder;
  /** A downstream's display name. */
  downstreamName(id: string): string;
  /** The member being activated, if any: the others wait for it. */
  readonly activating: string | null;
  /** The member whose delete button waits for its confirming click. */
  readonly armed: string | null;
  move(from: number, to: number): void;
  onActivate(alias: AliasJson): void;
  onToggleFailover(alias: AliasJson): void;
  onAddMember(): void;
  onEdit(alias: AliasJson): void;
  onDelete(alias: AliasJson): void;
}

/** The group's card. */
export function AliasGroupCard(props: AliasGroupCardProps): JSX.Element {
  const { group, index, count } = props;
  return (
    <li
      class={`card alias-group${props.drag.stateClass(group.key)}`}
      data-group={group.key}
      {...props.drag.itemProps(group.key, index)}
    >
      <DragHandle
        label={`Move group ${group.key} (position ${
          index + 1
        } of ${count}); use arrow keys`}
        index={index}
        move={props.move}
      />
      <div style="flex:1;min-width:0">
        <div class="group-head">
          <h2>{group.key}</h2>
          {group.isRegex && (
            <span class="badge badge-regex" title="Regular expression">
              regex
            </span>
          )}
          <span class="spacer" />
          <MoveButtons
            subject={group.key}
            index={index}
            count={count}
            move={props.move}
          />
          <button
            type="button"
            class="small"
            aria-label={`Add member to ${group.key}`}
            onClick={() => props.onAddMember()}
          >
            + Member
          </button>
        </div>
        <div
          class="members"
          role="group"
          aria-label={`Targets for ${group.key}`}
        >
          {group.members.map((m) => (
            <div class="member-row" key={m.id}>
              <button
                type="button"
                class="member"
                aria-pressed={m.is_active ? "true" : "false"}
                aria-label={`${
                  props.downstreamName(m.downstream_id)
                } ${m.output_model_id}${m.is_active ? " (active)" : ""}`}
                data-alias={m.id}
                disabled={props.activating !== null &&
                  props.activating !== m.id}
                onClick={() => props.onActivate(m)}
              >
                <span class="downstream">
                  {props.downstreamName(m.downstream_id)}
                </span>
                <span class="model">{m.output_model_id}</span>
                {m.is_active && <span class="state">Active</span>}
              </button>
              <span class="member-tools">
                <span class="failover-toggle">
                  <Switch
                    checked={m.failover}
                    label={`Failover to ${
                      props.downstreamName(m.downstream_id)
                    } ${m.output_model_id}`}
                    onToggle={() => props.onToggleFailover(m)}
                  />
                  <span aria-hidden="true">Failover</span>
                </span>
                <RowActions
                  subject={`alias ${m.id}`}
                  armed={props.armed === m.id}
                  onEdit={() => props.onEdit(m)}
                  onDelete={() => props.onDelete(m)}
                />
              </span>
            </div>
          ))}
        </div>
      </div>
    </li>
  );
}

/**
 * The aliases page: one card per alias group in group order. A member is a button showing its
 * downstream and output model; clicking it activates it (optimistically, rolled back with a
 * message on failure). Groups reorder by drag and drop or with the move buttons/arrow keys.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api, errorMessage } from "./api.ts";
import { moveItem, slug, uniqueId } from "./_reorder.ts";
import { DeleteButton, useConfirmDelete } from "./_DeleteButton.tsx";
import { TextField } from "./_Field.tsx";
import { errorNotice, Notice, type NoticeMessage } from "./_Notice.tsx";
import { PageHead } from "./_PageHead.tsx";
import {
  DragHandle,
  MoveButtons,
  useDragReorder,
} from "./_ReorderControls.tsx";
import type { AliasJson } from "./types.ts";

/** What the board needs to know about a downstream. */
export type AliasDownstream = {
  readonly id: string;
  readonly name: string;
  readonly output_model_ids: readonly string[];
};

/** Props of {@link AliasBoard}. */
export type AliasBoardProps = {
  readonly aliases: readonly AliasJson[];
  readonly downstreams: readonly AliasDownstream[];
};

/** A group: aliases sharing an input model id. */
interface Group {
  readonly key: string;
  readonly isRegex: boolean;
  readonly members: readonly AliasJson[];
}

/** Groups in group order (the list is sorted by group order, then id). */
export function toGroups(aliases: readonly AliasJson[]): Group[] {
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

interface Draft {
  /** Set when editing an existing alias. */
  readonly editing: string | null;
  id: string;
  input_model_id: string;
  downstream_id: string;
  output_model_id: string;
  is_regex: boolean;
}

/** The alias switcher. */
export function AliasBoard(props: AliasBoardProps): JSX.Element {
  const [aliases, setAliases] = useState<readonly AliasJson[]>(props.aliases);
  const [message, setMessage] = useState<NoticeMessage>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  const deletion = useConfirmDelete();
  const [announce, setAnnounce] = useState("");

  const groups = toGroups(aliases);
  const downstreamName = (id: string) =>
    props.downstreams.find((d) => d.id === id)?.name ?? id;

  const activate = async (alias: AliasJson) => {
    if (alias.is_active || pending) return;
    const before = aliases;
    // Optimistic: the click shows at once; the API answer confirms or rolls back.
    setAliases(
      before.map((a) =>
        a.input_model_id === alias.input_model_id
          ? { ...a, is_active: a.id === alias.id }
          : a
      ),
    );
    setPending(alias.id);
    setMessage(null);
    try {
      await api(
        "POST",
        `/api/aliases/${encodeURIComponent(alias.id)}/activate`,
      );
      setAnnounce(
        `${alias.input_model_id} now goes to ${
          downstreamName(alias.downstream_id)
        } ${alias.output_model_id}`,
      );
    } catch (err) {
      setAliases(before);
      setMessage({
        kind: "error",
        text: `Cannot switch ${alias.input_model_id}: ${errorMessage(err)}`,
      });
    } finally {
      setPending(null);
    }
  };

  const reorder = async (from: number, to: number) => {
    if (from === to || to < 0 || to >= groups.length) return;
    const order = moveItem(groups.map((g) => g.key), from, to);
    const before = aliases;
    const rank = new Map(order.map((key, i) => [key, i]));
    setAliases(before.map((a) => ({
      ...a,
      group_order: rank.get(a.input_model_id) ?? a.group_order,
    })));
    setAnnounce(`Moved ${order[to]} to position ${to + 1} of ${order.length}`);
    setMessage(null);
    try {
      const list = await api<AliasJson[]>("POST", "/api/aliases/reorder", {
        order,
      });
      setAliases(list);
    } catch (err) {
      setAliases(before);
      setMessage({
        kind: "error",
        text: `Cannot reorder groups: ${errorMessage(err)}`,
      });
    }
  };

  const startCreate = (inputModel = "") => {
    const first = props.downstreams[0];
    setDraftError(null);
    setDraft({
      editing: null,
      id: "",
      input_model_id: inputModel,
      downstream_id: first?.id ?? "",
      output_model_id: first?.output_model_ids[0] ?? "",
      is_regex: groups.find((g) => g.key === inputModel)?.isRegex ?? false,
    });
  };

  const startEdit = (alias: AliasJson) => {
    setDraftError(null);
    setDraft({
      editing: alias.id,
      id: alias.id,
      input_model_id: alias.input_model_id,
      downstream_id: alias.downstream_id,
      output_model_id: alias.output_model_id,
      is_regex: alias.is_regex,
    });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    setDraftError(null);
    const fields = {
      input_model_id: draft.input_model_id.trim(),
      downstream_id: draft.downstream_id,
      output_model_id: draft.output_model_id.trim(),
      is_regex: draft.is_regex,
    };
    try {
      if (draft.editing) {
        const updated = await api<AliasJson>(
          "PUT",
          `/api/aliases/${encodeURIComponent(draft.editing)}`,
          fields,
        );
        setAliases(aliases.map((a) => a.id === updated.id ? updated : a));
      } else {
        const taken = new Set(aliases.map((a) => a.id));
        const id = draft.id.trim() ||
          uniqueId(
            slug(`${fields.input_model_id}-${fields.downstream_id}`),
            taken,
          );
        await api<AliasJson>("POST", "/api/aliases", { id, ...fields });
      }
      // Creating may change other members (the first of a group becomes active): reload all.
      setAliases(await api<AliasJson[]>("GET", "/api/aliases"));
      setMessage({ kind: "ok", text: "Alias saved" });
      setDraft(null);
    } catch (err) {
      setDraftError(errorMessage(err));
    }
  };

  const remove = async (alias: AliasJson) => {
    if (!deletion.confirm(alias.id)) return;
    try {
      await api("DELETE", `/api/aliases/${encodeURIComponent(alias.id)}`);
      setAliases(await api<AliasJson[]>("GET", "/api/aliases"));
      setMessage({ kind: "ok", text: `Alias ${alias.id} deleted` });
    } catch (err) {
      setMessage({
        kind: "error",
        text: `Cannot delete ${alias.id}: ${errorMessage(err)}`,
      });
    }
  };

  const drag = useDragReorder(groups.map((g) => g.key), reorder);

  const draftDownstream = props.downstreams.find((d) =>
    d.id === draft?.downstream_id
  );

  return (
    <div class="alias-board">
      <PageHead
        title="Aliases"
        lead="Click a member to send that model name to another provider."
        action={{ label: "Add alias", onClick: () => startCreate() }}
      />
      <div class="visually-hidden" aria-live="polite">{announce}</div>
      <Notice message={message} onDismiss={() => setMessage(null)} />
      {draft && (
        <form class="card panel" onSubmit={save} aria-label="Alias form">
          <h2>{draft.editing ? `Edit alias ${draft.editing}` : "New alias"}</h2>
          <Notice message={errorNotice(draftError)} />
          <div class="form-grid">
            <TextField
              id="alias-input"
              label="Input model (what apps ask for)"
              value={draft.input_model_id}
              attrs={{ required: true }}
              onValue={(input_model_id) =>
                setDraft({ ...draft, input_model_id })}
            />
            <div class="field">
              <label for="alias-downstream">Downstream</label>
              <select
                id="alias-downstream"
                value={draft.downstream_id}
                onChange={(e) => {
                  const id = e.currentTarget.value;
                  const d = props.downstreams.find((x) =>
                    x.id === id
                  );
                  setDraft({
                    ...draft,
                    downstream_id: id,
                    output_model_id: d?.output_model_ids[0] ??
                      draft.output_model_id,
                  });
                }}
              >
                {props.downstreams.map((d) => (
                  <option key={d.id} value={d.id}>{d.name}</option>
                ))}
              </select>
            </div>
            <TextField
              id="alias-output"
              label="Output model (sent upstream)"
              value={draft.output_model_id}
              attrs={{ required: true, list: "alias-output-models" }}
              onValue={(output_model_id) =>
                setDraft({ ...draft, output_model_id })}
            >
              <datalist id="alias-output-models">
                {draftDownstream?.output_model_ids.map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </TextField>
            {!draft.editing && (
              <TextField
                id="alias-id"
                label="Alias id"
                hint="(optional)"
                value={draft.id}
                attrs={{ placeholder: "generated from the models" }}
                onValue={(id) => setDraft({ ...draft, id })}
              />
            )}
          </div>
          <div class="checks">
            <label>
              <input
                type="checkbox"
                checked={draft.is_regex}
                onChange={(e) =>
                  setDraft({ ...draft, is_regex: e.currentTarget.checked })}
              />
              Input model is a regular expression
            </label>
          </div>
          <div class="form-actions">
            <button type="submit" class="primary">Save alias</button>
            <button type="button" onClick={() => setDraft(null)}>Cancel</button>
          </div>
        </form>
      )}
      {groups.length === 0
        ? <p class="card empty">No aliases yet. Add one to rename a model.</p>
        : (
          <ol class="alias-groups" aria-label="Alias groups">
            {groups.map((group, index) => (
              <li
                key={group.key}
                class={`card alias-group${drag.stateClass(group.key)}`}
                data-group={group.key}
                {...drag.itemProps(group.key, index)}
              >
                <DragHandle
                  label={`Move group ${group.key} (position ${
                    index + 1
                  } of ${groups.length}); use arrow keys`}
                  index={index}
                  move={reorder}
                />
                <div style="flex:1;min-width:0">
                  <div class="group-head">
                    <h2>{group.key}</h2>
                    {group.isRegex && (
                      <span
                        class="badge badge-regex"
                        title="Regular expression"
                      >
                        regex
                      </span>
                    )}
                    <span class="spacer" />
                    <MoveButtons
                      subject={group.key}
                      index={index}
                      count={groups.length}
                      move={reorder}
                    />
                    <button
                      type="button"
                      class="small"
                      aria-label={`Add member to ${group.key}`}
                      onClick={() => startCreate(group.key)}
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
                            downstreamName(m.downstream_id)
                          } ${m.output_model_id}${
                            m.is_active ? " (active)" : ""
                          }`}
                          data-alias={m.id}
                          disabled={pending !== null && pending !== m.id}
                          onClick={() =>
                            activate(m)}
                        >
                          <span class="downstream">
                            {downstreamName(m.downstream_id)}
                          </span>
                          <span class="model">{m.output_model_id}</span>
                          {m.is_active && <span class="state">Active</span>}
                        </button>
                        <span class="member-tools">
                          <button
                            type="button"
                            aria-label={`Edit alias ${m.id}`}
                            onClick={() =>
                              startEdit(m)}
                          >
                            Edit
                          </button>
                          <DeleteButton
                            class="danger"
                            subject={`alias ${m.id}`}
                            armed={deletion.armed === m.id}
                            onClick={() => remove(m)}
                          />
                        </span>
                      </div>
                    ))}
                  </div>
                </div>
              </li>
            ))}
          </ol>
        )}
    </div>
  );
}

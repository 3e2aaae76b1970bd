/**
 * The aliases page: one card per alias group in group order ({@link AliasGroupCard}). Clicking a
 * member activates it (optimistically, rolled back with a message on failure). Groups reorder
 * by drag and drop or with the move buttons/arrow keys. A member's failover switch flips at once
 * (rolled back when the API refuses). The form adds and edits aliases; a field the API rejects
 * is marked next to its control.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { AliasJson, DownstreamJson } from "../store/mod.ts";
import { moveItem, slug, uniqueId } from "./_reorder.ts";
import { useConfirmDelete } from "./_DeleteButton.tsx";
import { IdField, SelectField, TextField } from "./_Field.tsx";
import { FormActions } from "./_FormActions.tsx";
import { ManagerForm } from "./_ManagerForm.tsx";
import { Notice } from "./_Notice.tsx";
import { PageHead } from "./_PageHead.tsx";
import { useDragReorder } from "./_ReorderControls.tsx";
import { AliasGroupCard, toGroups } from "./_AliasGroup.tsx";
import { useResource } from "./_use_resource.ts";

/** What the board needs to know about a downstream. */
export type AliasDownstream = Pick<
  DownstreamJson,
  "id" | "name" | "output_model_ids"
>;

/** Props of {@link AliasBoard}. */
export type AliasBoardProps = {
  readonly aliases: readonly AliasJson[];
  readonly downstreams: readonly AliasDownstream[];
};

/** The form's fields; `editing` is set when editing an existing alias. */
type Draft =
  & Pick<
    AliasJson,
    "id" | "input_model_id" | "downstream_id" | "output_model_id" | "is_regex"
  >
  & { readonly editing: string | null };

/** The alias switcher. */
export function AliasBoard(props: AliasBoardProps): JSX.Element {
  const aliases = useResource<AliasJson>({
    url: "/api/aliases",
    initial: props.aliases,
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const deletion = useConfirmDelete();
  const [announce, setAnnounce] = useState("");

  const groups = toGroups(aliases.items);
  const downstreamName = (id: string) =>
    props.downstreams.find((d) => d.id === id)?.name ?? id;
  const activating = aliases.pending[0] ?? null;

  const activate = async (alias: AliasJson) => {
    if (alias.is_active || activating) return;
    const done = await aliases.mutate({
      method: "POST",
      url: `${aliases.itemUrl(alias.id)}/activate`,
      // The click shows at once; the API answer confirms or rolls back.
      optimistic: (items) =>
        items.map((a) =>
          a.input_model_id === alias.input_model_id
            ? { ...a, is_active: a.id === alias.id }
            : a
        ),
      pending: alias.id,
      failure: `Cannot switch ${alias.input_model_id}`,
    });
    if (done.ok) {
      setAnnounce(
        `${alias.input_model_id} now goes to ${
          downstreamName(alias.downstream_id)
        } ${alias.output_model_id}`,
      );
    }
  };

  const toggleFailover = (alias: AliasJson) => {
    const failover = !alias.failover;
    aliases.update(alias.id, { failover }, {
      optimistic: (items) =>
        items.map((a) => a.id === alias.id ? { ...a, failover } : a),
      failure: `Cannot change failover of ${alias.id}`,
    });
  };

  const reorder = (from: number, to: number) => {
    if (from === to || to < 0 || to >= groups.length) return;
    const order = moveItem(groups.map((g) => g.key), from, to);
    const rank = new Map(order.map((key, i) => [key, i]));
    setAnnounce(`Moved ${order[to]} to position ${to + 1} of ${order.length}`);
    aliases.mutate<AliasJson[]>({
      method: "POST",
      url: "/api/aliases/reorder",
      body: { order },
      optimistic: (items) =>
        items.map((a) => ({
          ...a,
          group_order: rank.get(a.input_model_id) ?? a.group_order,
        })),
      apply: (_items, list) => list,
      failure: "Cannot reorder groups",
    });
  };

  const startCreate = (inputModel = "") => {
    const first = props.downstreams[0];
    aliases.setProblem(null);
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
    aliases.setProblem(null);
    setDraft({ ...alias, editing: alias.id });
  };

  const save = async () => {
    if (!draft) return;
    const fields = {
      input_model_id: draft.input_model_id.trim(),
      downstream_id: draft.downstream_id,
      output_model_id: draft.output_model_id.trim(),
      is_regex: draft.is_regex,
    };
    // Saving may change other members (the first of a group becomes active): reload all.
    const extras = { form: true, reload: true, done: "Alias saved" };
    const saved = draft.editing
      ? await aliases.update(draft.editing, fields, extras)
      : await aliases.create({
        id: draft.id.trim() ||
          uniqueId(
            slug(`${fields.input_model_id}-${fields.downstream_id}`),
            new Set(aliases.items.map((a) => a.id)),
          ),
        ...fields,
      }, extras);
    if (saved.ok) setDraft(null);
  };

  const remove = (alias: AliasJson) => {
    if (!deletion.confirm(alias.id)) return;
    aliases.remove(alias.id, {
      reload: true,
      done: `Alias ${alias.id} deleted`,
      failure: `Cannot delete ${alias.id}`,
    });
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
      <Notice message={aliases.notice()} onDismiss={() => aliases.say(null)} />
      {draft && (
        <ManagerForm
          class="card panel"
          label="Alias form"
          title={draft.editing ? `Edit alias ${draft.editing}` : "New alias"}
          problem={aliases.problem?.text ?? null}
          onSubmit={save}
        >
          <div class="form-grid">
            <TextField
              id="alias-input"
              label="Input model (what apps ask for)"
              value={draft.input_model_id}
              attrs={{ required: true }}
              error={aliases.fieldError("input_model_id")}
              onValue={(input_model_id) =>
                setDraft({ ...draft, input_model_id })}
            />
            <SelectField
              id="alias-downstream"
              label="Downstream"
              value={draft.downstream_id}
              options={props.downstreams.map((d) => ({
                value: d.id,
                label: d.name,
              }))}
              error={aliases.fieldError("downstream_id")}
              onValue={(id) =>
                setDraft({
                  ...draft,
                  downstream_id: id,
                  output_model_id: props.downstreams.find((d) => d.id === id)
                    ?.output_model_ids[0] ?? draft.output_model_id,
                })}
            />
            <TextField
              id="alias-output"
              label="Output model (sent upstream)"
              value={draft.output_model_id}
              attrs={{ required: true, list: "alias-output-models" }}
              error={aliases.fieldError("output_model_id")}
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
              <IdField
                id="alias-id"
                label="Alias id"
                placeholder="generated from the models"
                value={draft.id}
                error={aliases.fieldError("id")}
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
          <FormActions submit="Save alias" onClose={() => setDraft(null)} />
        </ManagerForm>
      )}
      {groups.length === 0
        ? <p class="card empty">No aliases yet. Add one to rename a model.</p>
        : (
          <ol class="alias-groups" aria-label="Alias groups">
            {groups.map((group, index) => (
              <AliasGroupCard
                key={group.key}
                group={group}
                index={index}
                count={groups.length}
                drag={drag}
                downstreamName={downstreamName}
                activating={activating}
                armed={deletion.armed}
                move={reorder}
                onActivate={activate}
                onToggleFailover={toggleFailover}
                onAddMember={() => startCreate(group.key)}
                onEdit={startEdit}
                onDelete={remove}
              />
            ))}
          </ol>
        )}
    </div>
  );
}

/**
 * The downstreams page's table: name and id, format badges, base URL, model count, whether a
 * key is set (never the key), and each row's Edit and Delete buttons.
 *
 * @module
 */
import type { JSX } from "preact";
import type { ApiFormat, DownstreamJson } from "../store/mod.ts";
import { FORMAT_LABELS } from "./_formats.ts";
import { RowActions } from "./_RowActions.tsx";

/** A colour-coded format badge. */
export function FormatBadge({ format }: { format: ApiFormat }): JSX.Element {
  return <span class={`badge badge-${format}`}>{FORMAT_LABELS[format]}</span>;
}

/** Props of {@link DownstreamTable}. */
export interface DownstreamTableProps {
  readonly downstreams: readonly DownstreamJson[];
  /** The row whose delete button waits for its confirming click. */
  readonly armed: string | null;
  onEdit(downstream: DownstreamJson): void;
  onDelete(downstream: DownstreamJson): void;
}

/** The table, or a line saying there is nothing yet. */
export function DownstreamTable(props: DownstreamTableProps): JSX.Element {
  if (props.downstreams.length === 0) {
    return <p class="card empty">No downstreams yet.</p>;
  }
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Downstreams</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Formats</th>
            <th scope="col" class="hide-phone">Base URL</th>
            <th scope="col">Models</th>
            <th scope="col" class="hide-phone">Key</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.downstreams.map((d) => (
            <tr key={d.id} data-downstream={d.id}>
              <td>
                <strong>{d.name}</strong>
                <div class="muted mono">{d.id}</div>
              </td>
              <td>
                <span class="badges">
                  {d.api_formats.length === 0
                    ? <span class="badge badge-muted">any</span>
                    : d.api_formats.map((f) => (
                      <FormatBadge key={f} format={f} />
                    ))}
                </span>
              </td>
              <td class="hide-phone mono">{d.base_url}</td>
              <td data-testid="model-count">{d.output_model_ids.length}</td>
              <td class="hide-phone mono">
                {d.api_key ? "••••••" : <span class="muted">none</span>}
              </td>
              <td class="actions">
                <RowActions
                  subject={d.name}
                  small
                  armed={props.armed === d.id}
                  onEdit={() => props.onEdit(d)}
                  onDelete={() => props.onDelete(d)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

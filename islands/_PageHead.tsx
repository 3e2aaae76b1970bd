/**
 * The heading of an admin page: title, lead sentence and an optional primary action.
 *
 * @module
 */
import type { JSX } from "preact";

/** Props of {@link PageHead}. */
export interface PageHeadProps {
  readonly title: string;
  readonly lead: string;
  /** The page's primary button, such as "Add rule". */
  readonly action?: { readonly label: string; onClick(): void };
}

/** The page heading. */
export function PageHead({ title, lead, action }: PageHeadProps): JSX.Element {
  return (
    <div class="page-head">
      <div>
        <h1>{title}</h1>
        <p class="lead">{lead}</p>
      </div>
      {action && (
        <div class="form-actions">
          <button
            type="button"
            class="primary"
            onClick={() => action.onClick()}
          >
            {action.label}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * `useResource`: the manager islands' one pattern for an admin API collection. The list starts
 * from the server-rendered props; calls update it optimistically or from the answer, roll back
 * on error, re-fetch when asked, and report through notices (the page's line, or a named slot
 * such as a form section's) and a form problem whose `field` marks the failing control.
 *
 * @example
 * ```tsx
 * const rules = useResource<RuleJson>({ url: "/api/rules", initial: props.rules });
 * // Optimistic toggle, rolled back with "Cannot disable Tag: …" when the API refuses.
 * rules.update(rule.id, { is_enabled: false }, {
 *   optimistic: (items) => items.map((r) => r.id === rule.id ? { ...r, is_enabled: false } : r),
 *   failure: `Cannot disable ${rule.name}`,
 * });
 * // A form save: a 400 lands in `rules.problem`; `rules.fieldError("pattern_path")` marks it.
 * const saved = await rules.create(body, { form: true, done: "Rule saved" });
 * if (saved.ok) close();
 * ```
 *
 * @module
 */
import { useState } from "preact/hooks";
import type { NoticeMessage } from "./_Notice.tsx";
import {
  createResource,
  fieldMessage,
  initialState,
  PAGE,
  type ResourceActions,
  type ResourceOptions,
  type ResourceState,
} from "./_resource.ts";

/** A resource as an island sees it: state, actions and two readers. */
export interface Resource<T> extends ResourceState<T>, ResourceActions<T> {
  /** The notice of `slot` (default: the page's), or null. */
  notice(slot?: string): NoticeMessage;
  /** The message for the control of field `name` when the form problem is about it. */
  fieldError(name: string): string | undefined;
  /** Whether a call marked `pending: key` is in flight. */
  isPending(key: string): boolean;
}

/** Binds a resource (see `_resource.ts`) to the calling component's state. */
export function useResource<T extends { readonly id: string }>(
  options: ResourceOptions<T>,
): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>(() =>
    initialState(options.initial)
  );
  // Created once: its state is the source of truth, mirrored into this component's.
  const [controller] = useState(() => createResource(options, setState));
  return {
    ...state,
    itemUrl: controller.itemUrl,
    reload: controller.reload,
    mutate: controller.mutate,
    create: controller.create,
    update: controller.update,
    remove: controller.remove,
    say: controller.say,
    setProblem: controller.setProblem,
    notice: (slot = PAGE) => state.notices[slot] ?? null,
    fieldError: (name) => fieldMessage(state.problem, name),
    isPending: (key) => state.pending.includes(key),
  };
}

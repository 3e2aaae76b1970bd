/**
 * The state machine behind {@link useResource}: a list loaded from an admin API collection
 * (`/api/rules`), mutated through the API with optional optimistic updates that are rolled back
 * on error, notices, a form problem naming the failing field, busy and pending state. It holds
 * no Preact state itself, so it runs (and is tested) outside a component.
 *
 * @module
 */
import { api, ApiError, type ApiMethod, type ApiRequest } from "./api.ts";
import type { NoticeMessage } from "./_Notice.tsx";

/** What a form shows after a failed save; `field` is the API's path of the bad field. */
export interface FormProblem {
  readonly text: string;
  readonly field?: string;
}

/** The notice slot used when a call names none. */
export const PAGE = "page";

/** Everything a manager island renders from. */
export interface ResourceState<T> {
  readonly items: readonly T[];
  /** Notices by slot ({@link PAGE} unless a mutation names another, such as "models"). */
  readonly notices: Readonly<Record<string, NoticeMessage>>;
  /** The last failed form save, until the next one starts or it is cleared. */
  readonly problem: FormProblem | null;
  /** Whether any call is in flight. */
  readonly busy: boolean;
  /** The `pending` keys of the calls in flight. */
  readonly pending: readonly string[];
}

/** Options of {@link createResource} (read once). */
export interface ResourceOptions<T> {
  /** The collection, such as `/api/rules`; items live at `{url}/{id}`. */
  readonly url: string;
  /** The list the server rendered the page with. */
  readonly initial: readonly T[];
  /** The admin API call (tests pass a fake); default {@link api}. */
  readonly request?: ApiRequest;
}

/** One call that changes the resource. `R` is the answer's shape. */
export interface Mutation<T, R> {
  readonly method: ApiMethod;
  /** Default: the collection URL. */
  readonly url?: string;
  readonly body?: unknown;
  /** Shown at once; undone when the call fails. */
  readonly optimistic?: (items: readonly T[]) => readonly T[];
  /** Folds the answer into the list. */
  readonly apply?: (items: readonly T[], answer: R) => readonly T[];
  /** Re-fetch the whole list after success (the server changed other items too). */
  readonly reload?: boolean;
  /** The notice on success. */
  readonly done?: string | ((answer: R) => string);
  /** A failure goes to the form ({@link ResourceState.problem}) instead of a notice. */
  readonly form?: boolean;
  /** The failure notice reads `{failure}: {API message}` (else the API message alone). */
  readonly failure?: string;
  /** The notice slot for this call's messages; default {@link PAGE}. */
  readonly notice?: string;
  /** Marks this key pending while the call runs (a row's spinner, a disabled button). */
  readonly pending?: string;
}

/** Extra settings for the {@link ResourceActions.create}/`update`/`remove` shortcuts. */
export type MutationExtras<T, R> = Omit<
  Mutation<T, R>,
  "method" | "url" | "body" | "apply"
>;

/** How a call ended: the answer, or the problem that was shown. */
export type Outcome<R> =
  | { readonly ok: true; readonly answer: R }
  | { readonly ok: false; readonly problem: FormProblem };

/** What islands call. */
export interface ResourceActions<T> {
  /** `{url}/{id}` with the id encoded. */
  itemUrl(id: string): string;
  /** Re-fetches the list; a failure becomes a page notice. Resolves to whether it worked. */
  reload(): Promise<boolean>;
  /** Runs one call (see {@link Mutation}). */
  mutate<R>(mutation: Mutation<T, R>): Promise<Outcome<R>>;
  /** `POST {url}`; the created item is appended. */
  create(body: unknown, extras?: MutationExtras<T, T>): Promise<Outcome<T>>;
  /** `PUT {url}/{id}`; the answer replaces the item. */
  update(
    id: string,
    body: unknown,
    extras?: MutationExtras<T, T>,
  ): Promise<Outcome<T>>;
  /** `DELETE {url}/{id}`; the item leaves the list. */
  remove(id: string, extras?: MutationExtras<T, null>): Promise<Outcome<null>>;
  /** Shows (or, with null, clears) a notice. */
  say(message: NoticeMessage, slot?: string): void;
  /** Sets (or clears) the form problem, such as a check made before any call. */
  setProblem(problem: FormProblem | null): void;
}

/** A resource: its current state and the actions; `onChange` receives every new state. */
export interface ResourceController<T> extends ResourceActions<T> {
  readonly state: ResourceState<T>;
}

/** The state a resource starts in. */
export function initialState<T>(items: readonly T[]): ResourceState<T> {
  return { items, notices: {}, problem: null, busy: false, pending: [] };
}

/** Whether the API's field path `field` is `name` or inside it (`api_formats[1]` in `api_formats`). */
export function isWithin(field: string, name: string): boolean {
  return field === name || field.startsWith(`${name}.`) ||
    field.startsWith(`${name}[`);
}

/**
 * The message to show next to the control for `name` when `problem` is about it (or inside it):
 * the API text without its leading `field: `; `undefined` when it is about something else.
 */
export function fieldMessage(
  problem: FormProblem | null,
  name: string,
): string | undefined {
  if (problem?.field === undefined || !isWithin(problem.field, name)) {
    return undefined;
  }
  const prefix = `${problem.field}: `;
  return problem.text.startsWith(prefix)
    ? problem.text.slice(prefix.length)
    : problem.text;
}

function toProblem(err: ApiError): FormProblem {
  return err.field === undefined
    ? { text: err.message }
    : { text: err.message, field: err.field };
}

/** Creates a resource over `options`; `onChange` is called with each new state. */
export function createResource<T extends { readonly id: string }>(
  options: ResourceOptions<T>,
  onChange: (state: ResourceState<T>) => void,
): ResourceController<T> {
  const request = options.request ?? api;
  let state = initialState(options.initial);
  let inFlight = 0;
  const set = (patch: Partial<ResourceState<T>>) => {
    state = { ...state, ...patch };
    onChange(state);
  };
  const say = (message: NoticeMessage, slot = PAGE) =>
    set({ notices: { ...state.notices, [slot]: message } });
  const itemUrl = (id: string) => `${options.url}/${encodeURIComponent(id)}`;

  const reload = async (): Promise<boolean> => {
    try {
      set({ items: await request<T[]>("GET", options.url) });
      return true;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say({ kind: "error", text: `Cannot reload: ${err.message}` });
      return false;
    }
  };

  const mutate = async <R>(m: Mutation<T, R>): Promise<Outcome<R>> => {
    const slot = m.notice ?? PAGE;
    const before = state.items;
    inFlight += 1;
    set({
      notices: { ...state.notices, [slot]: null },
      problem: m.form ? null : state.problem,
      busy: true,
      pending: m.pending === undefined
        ? state.pending
        : [...state.pending, m.pending],
      items: m.optimistic ? m.optimistic(before) : before,
    });
    const shown = state.items;
    try {
      const answer = await request<R>(m.method, m.url ?? options.url, m.body);
      if (m.apply) set({ items: m.apply(state.items, answer) });
      if (m.reload) await reload();
      if (m.done !== undefined) {
        const text = typeof m.done === "string" ? m.done : m.done(answer);
        say({ kind: "ok", text }, slot);
      }
      return { ok: true, answer };
    } catch (err) {
      if (m.optimistic) {
        // Undo our change; if something else changed the list meanwhile, ask the server.
        if (state.items === shown) set({ items: before });
        else await reload();
      }
      if (!(err instanceof ApiError)) throw err;
      const problem = toProblem(err);
      if (m.form) set({ problem });
      else {
        const text = m.failure ? `${m.failure}: ${err.message}` : err.message;
        say({ kind: "error", text }, slot);
      }
      return { ok: false, problem };
    } finally {
      inFlight -= 1;
      const index = m.pending === undefined
        ? -1
        : state.pending.indexOf(m.pending);
      set({
        busy: inFlight > 0,
        pending: index === -1
          ? state.pending
          : state.pending.filter((_, i) => i !== index),
      });
    }
  };

  return {
    get state() {
      return state;
    },
    itemUrl,
    reload,
    mutate,
    create: (body, extras) =>
      mutate<T>({
        ...extras,
        method: "POST",
        body,
        apply: (items, created) => [...items, created],
      }),
    update: (id, body, extras) =>
      mutate<T>({
        ...extras,
        method: "PUT",
        url: itemUrl(id),
        body,
        apply: (items, updated) =>
          items.map((item) => item.id === updated.id ? updated : item),
      }),
    remove: (id, extras) =>
      mutate<null>({
        ...extras,
        method: "DELETE",
        url: itemUrl(id),
        apply: (items) => items.filter((item) => item.id !== id),
      }),
    say,
    setProblem: (problem) => set({ problem }),
  };
}

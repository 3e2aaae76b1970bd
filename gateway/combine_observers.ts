/**
 * One {@link RequestObserver} made of several (usage records, capture, …), for
 * `createGateway({ observer })`. A request is watched only when one of them asks to, so an
 * observer that watches nothing adds nothing to the request path.
 *
 * @module
 */
import type {
  RequestObserver,
  RequestWatcher,
  WatchedRequest,
} from "./request_observer.ts";

/** Calls each of `observers` in order; their watchers see a request in the same order. */
export function combineObservers(
  observers: readonly RequestObserver[],
): RequestObserver {
  if (observers.length === 1) return observers[0];
  const recorders = observers.filter((o) => o.recorded);
  const watchers = observers.filter((o) => o.watch);
  return {
    recorded(request) {
      for (const observer of recorders) observer.recorded?.(request);
    },
    watch(request) {
      const watching = watchersOf(watchers, request);
      return watching.length <= 1 ? watching[0] : allOf(watching);
    },
  };
}

function watchersOf(
  observers: readonly RequestObserver[],
  request: WatchedRequest,
): RequestWatcher[] {
  const out: RequestWatcher[] = [];
  for (const observer of observers) {
    const watcher = observer.watch?.(request);
    if (watcher) out.push(watcher);
  }
  return out;
}

function allOf(watchers: readonly RequestWatcher[]): RequestWatcher {
  return {
    body: (kind, bytes) => watchers.forEach((w) => w.body(kind, bytes)),
    planned: (pipeline) => watchers.forEach((w) => w.planned(pipeline)),
    forwarded: (request) => watchers.forEach((w) => w.forwarded(request)),
    upstream: (head) => watchers.forEach((w) => w.upstream(head)),
    returned: (response, whole) =>
      watchers.forEach((w) => w.returned(response, whole)),
    recorded: (entry) => watchers.forEach((w) => w.recorded(entry)),
  };
}

/**
 * One request's capture as it passes (a {@link RequestWatcher}): its bodies held by reference up
 * to the bound (stream chunks and a whole answer read from its clone out of the store's memory for
 * requests in flight), its heads, its pipeline. When the request is recorded, the outcome decides: a request
 * that is not kept (a success in `errors` mode) lets go of everything at once; one that is kept
 * is redacted and handed to the store once its last bytes came (a stream's error event, a whole
 * answer read from its clone).
 *
 * @module
 */
import type { CaptureSettings } from "../../store/types.ts";
import type { Logger } from "../log.ts";
import type { BoundPipeline } from "../pipeline.ts";
import type { RequestLogEntry } from "../request_log.ts";
import type { BodyKind, RequestWatcher } from "../request_observer.ts";
import type { HeaderList, UpstreamRequest } from "../upstream_client.ts";
import { CapturedBody } from "./captured_body.ts";
import {
  type CapturedMessage,
  type CapturedRequest,
  MAX_URL_CHARS,
  sizeOf,
  toCapturedSteps,
  toCapturedWarnings,
  warningsSize,
} from "./captured_request.ts";
import type { Redactor } from "./redactor.ts";

/** What a request's capture asks of the store it reports to. */
export interface CaptureSink {
  /** Lends `bytes` of the memory for requests in flight; `false` when none is left. */
  reserve(bytes: number): boolean;
  /** Gives back bytes lent. */
  release(bytes: number): void;
  /** The request ended and will be kept: a reader of `id` may wait for {@link settle}. */
  expect(id: string): void;
  /** The request's capture is over (called once): what to keep, or `undefined`. */
  settle(id: string, captured: CapturedRequest | undefined): void;
}

/** How one request is captured. */
export interface RequestCaptureOptions {
  readonly request: Request;
  readonly id: string;
  /** Keep it whatever the outcome (`mode: all`, a Logs page holding capture on, a replay). */
  readonly keepAll: boolean;
  readonly settings: CaptureSettings;
  /** The redactor of the secrets known when the capture is made (not when the request began). */
  readonly redactor: () => Redactor;
  readonly sink: CaptureSink;
  readonly log: Logger;
}

interface Head {
  readonly status: number;
  readonly headers: HeaderList;
}

/** A request's capture; see the module doc. */
export class RequestCapture implements RequestWatcher {
  readonly #options: RequestCaptureOptions;
  readonly #bodies: Record<BodyKind, CapturedBody> = {
    received: new CapturedBody(),
    forwarded: new CapturedBody(),
    upstream: new CapturedBody(),
    returned: new CapturedBody(),
  };
  /** Bytes held: the body's bound plus the longest secret, so no secret is cut in two. */
  readonly #limit: number;
  #pipeline: BoundPipeline | undefined;
  #forwarded: UpstreamRequest | undefined;
  #upstream: Head | undefined;
  #returned: Head | undefined;
  /** A whole answer not yet read: cloned once the request is known to be kept. */
  #whole: Response | undefined;
  #entry: RequestLogEntry | undefined;
  /** Whole answers still being read from their clones. */
  #reading = 0;
  /** A microtask passed since the record stage ran (a stream's error event came). */
  #afterRecord = false;
  #lent = 0;
  #over = false;

  constructor(options: RequestCaptureOptions) {
    this.#options = options;
    this.#limit = options.settings.maxBodyBytes + options.redactor().margin;
  }

  #reserve = (bytes: number): boolean => {
    if (!this.#options.sink.reserve(bytes)) return false;
    this.#lent += bytes;
    return true;
  };

  body(kind: BodyKind, bytes: Uint8Array): void {
    if (this.#over) return;
    this.#bodies[kind].add(bytes, {
      limit: this.#limit,
      lent: kind !== "received",
      reserve: this.#reserve,
    });
  }

  planned(pipeline: BoundPipeline): void {
    this.#pipeline = pipeline;
  }

  forwarded(request: UpstreamRequest): void {
    if (this.#over) return;
    this.#forwarded = request;
    const body = this.#bodies.forwarded;
    body.clear();
    if (request.body) {
      body.add(request.body, {
        limit: this.#limit,
        lent: false,
        reserve: this.#reserve,
      });
    }
  }

  upstream(head: Head): void {
    this.#upstream = { status: head.status, headers: head.headers };
  }

  returned(response: Response, whole: boolean): void {
    if (this.#over) return;
    this.#returned = {
      status: response.status,
      headers: [...response.headers],
    };
    // Cloned only if the request is kept (a clone costs a tee of the body): the record stage
    // runs before the response goes out.
    if (whole && response.body !== null) this.#whole = response;
  }

  recorded(entry: RequestLogEntry): void {
    if (this.#over || this.#entry) return;
    this.#entry = entry;
    const keep = this.#options.keepAll || entry.status >= 400 ||
      entry.error !== undefined;
    if (!keep) {
      this.#end(undefined);
      return;
    }
    this.#options.sink.expect(entry.id);
    if (this.#whole) this.#read(this.#whole.clone());
    this.#whole = undefined;
    queueMicrotask(() => {
      this.#afterRecord = true;
      this.#finish();
    });
  }

  /** Reads a whole answer's clone up to the bound, off the request path. */
  #read(clone: Response): void {
    const body = clone.body;
    if (!body) return;
    this.#reading++;
    const reader = body.getReader();
    const returned = this.#bodies.returned;
    const loop = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.body("returned", value);
        if (this.#over || returned.seen > this.#limit) return;
      }
    };
    loop().catch((err: unknown) =>
      this.#options.log.debug("Cannot capture the returned body", {
        request_id: this.#options.id,
        error: String(err),
      })
    ).finally(() => {
      reader.cancel().catch((err: unknown) => err);
      this.#reading--;
      this.#finish();
    });
  }

  #finish(): void {
    if (this.#over || !this.#afterRecord || this.#reading > 0) return;
    let captured: CapturedRequest | undefined;
    try {
      captured = this.#toCaptured();
    } catch (err) {
      this.#options.log.error("Cannot capture request", {
        request_id: this.#options.id,
        error: String(err instanceof Error ? err.stack : err),
      });
    }
    this.#end(captured);
  }

  /** Lets go of everything held and tells the store (once). */
  #end(captured: CapturedRequest | undefined): void {
    this.#over = true;
    this.#options.sink.release(this.#lent);
    this.#lent = 0;
    for (const body of Object.values(this.#bodies)) body.clear();
    this.#pipeline = undefined;
    this.#forwarded = undefined;
    this.#whole = undefined;
    this.#options.sink.settle(this.#options.id, captured);
  }

  #toCaptured(): CapturedRequest | undefined {
    const entry = this.#entry;
    if (!entry) return undefined;
    const { request, settings } = this.#options;
    const redactor = this.#options.redactor();
    const message = (
      body: CapturedBody,
      headers: Iterable<readonly [string, string]>,
    ): CapturedMessage => {
      const { text, truncated } = body.text(redactor, settings.maxBodyBytes);
      return { headers: redactor.headers(headers), body: text, truncated };
    };
    const url = (text: string) => redactor.text(text.slice(0, MAX_URL_CHARS));
    const bodies = this.#bodies;
    const target = new URL(request.url);
    const received = {
      url: url(`${target.pathname}${target.search}`),
      ...message(bodies.received, request.headers),
    };
    const sent = this.#forwarded;
    const forwarded = sent && {
      url: url(sent.url),
      ...message(bodies.forwarded, sent.headers),
    };
    const upstream = this.#upstream && {
      status: this.#upstream.status,
      ...message(bodies.upstream, this.#upstream.headers),
    };
    const returned = this.#returned && {
      status: this.#returned.status,
      ...message(bodies.returned, this.#returned.headers),
    };
    const pipeline = this.#pipeline;
    const warnings = pipeline ? toCapturedWarnings(pipeline, redactor) : [];
    return {
      entry,
      received,
      forwarded: forwarded ?? null,
      upstream: upstream ?? null,
      returned: returned ?? null,
      pipeline: pipeline ? toCapturedSteps(pipeline) : [],
      warnings,
      bytes: sizeOf(received) + (forwarded ? sizeOf(forwarded) : 0) +
        (upstream ? sizeOf(upstream) : 0) + (returned ? sizeOf(returned) : 0) +
        warningsSize(warnings),
    };
  }
}

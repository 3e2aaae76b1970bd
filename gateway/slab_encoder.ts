/**
 * Text encoded as UTF-8 into views of a shared slab: a converted stream sends one small chunk
 * per upstream chunk, and a fresh `ArrayBuffer` per chunk (what `TextEncoder.encode` makes) costs
 * more than the encoding itself. A view is never written again once handed out (a new slab
 * starts when the current one is full), so chunks held by the response or a capture stay
 * intact; a slab is freed once no view of it is held. The slab is small so that a stalled
 * client holding one chunk keeps little of it.
 *
 * @module
 */

const SLAB_BYTES = 4096;
/** Texts that may need more than this many bytes get their own buffer. */
const MAX_SLAB_TEXT_BYTES = SLAB_BYTES / 2;
/** UTF-8 bytes per UTF-16 code unit at most (a surrogate pair: 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

const ENCODER = new TextEncoder();
let slab = new Uint8Array(0);
let used = 0;

/** `text` as UTF-8, like `TextEncoder.encode`, in a view of the shared slab when it is small. */
export function encodeText(text: string): Uint8Array<ArrayBuffer> {
  const most = text.length * MAX_BYTES_PER_UNIT;
  if (most > MAX_SLAB_TEXT_BYTES) return ENCODER.encode(text);
  if (slab.length - used < most) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  const start = used;
  used += ENCODER.encodeInto(text, slab.subarray(start)).written;
  return slab.subarray(start, used);
}

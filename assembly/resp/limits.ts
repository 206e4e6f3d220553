// Limits of the RESP reader, as hiredis has them: every reply a server sends is bounded before it is buffered,
// nested or allocated, so a broken or hostile server costs at most these amounts.

/** MAX_DEPTH_CAP bounds RespLimits.maxDepth so that recursive walkers of a reply stay shallow. */
export const MAX_DEPTH_CAP: i32 = 512;

/** RespLimits bounds what the reader accepts. Defaults suit a session and cache store: small values, flat replies. */
export class RespLimits {
  /** Deepest nesting of aggregates; `*0` has depth 1, a scalar 0. Clamped to MAX_DEPTH_CAP. */
  maxDepth: i32 = 32;
  /** Most values in one reply, counting the reply, every nested value, and attributes with their keys and values. */
  maxElements: i32 = 1 << 16;
  /** Longest bulk string, bulk error or verbatim string payload, in bytes. */
  maxBulkBytes: i32 = 1 << 20;
  /** Longest line after its type byte and before CRLF: simple strings, errors, numbers, headers. */
  maxLineBytes: i32 = 1 << 16;
  /** Most wire bytes in one reply. Bytes of finished elements leave the buffer, so this bounds a reply's memory. */
  maxReplyBytes: i32 = 1 << 22;
  /** Most unread bytes held at once; must exceed maxBulkBytes plus its header, or such bulks can never arrive. */
  maxBufferBytes: i32 = 1 << 23;
}

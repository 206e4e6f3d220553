// The bounds on what one response may make the guest read and hold. Every byte read from the connection counts
// against maxResponseBytes, so neither memory nor parsing work grows with what a server chooses to send.

/** DEFAULT_MAX_RESPONSE_BYTES: 1 MiB, far above any discovery document, JWKS or token response. */
export const DEFAULT_MAX_RESPONSE_BYTES: i32 = 1 << 20;
/** DEFAULT_MAX_HEADER_BYTES bounds one header section (status line and fields) and the trailer section. */
export const DEFAULT_MAX_HEADER_BYTES: i32 = 32 << 10;
/** DEFAULT_MAX_HEADERS bounds the field lines of one header or trailer section. */
export const DEFAULT_MAX_HEADERS: i32 = 100;
/** MAX_RESPONSE_BYTES_CAP is the largest maxResponseBytes honoured, so every count stays far inside an i32. */
export const MAX_RESPONSE_BYTES_CAP: i32 = 64 << 20;
/** MAX_CHUNK_LINE bounds a chunk-size line with its extensions (Go's net/http uses the same 4096). */
export const MAX_CHUNK_LINE: i32 = 4096;
/** MAX_INTERIM bounds the 1xx responses skipped before the final one; servers send one or two. */
export const MAX_INTERIM: i32 = 8;

/** ResponseLimits are the limits of one response; exceeding any of them is TooLarge. */
export class ResponseLimits {
  /**
   * Every byte of the exchange's reply: interim responses, status line, fields, chunk framing, body and
   * trailers. Clamped to 1..MAX_RESPONSE_BYTES_CAP.
   */
  maxResponseBytes: i32 = DEFAULT_MAX_RESPONSE_BYTES;
  /** Bytes of one header section, line terminators included; also applies to the trailer section. */
  maxHeaderBytes: i32 = DEFAULT_MAX_HEADER_BYTES;
  /** Field lines of one header section; also applies to the trailer section. */
  maxHeaders: i32 = DEFAULT_MAX_HEADERS;
}

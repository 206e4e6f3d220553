// Incremental HTTP/1.1 response parser: bytes in as they arrive (feed), one response out (take). The same bytes
// give the same result however they are split, because every decision is made on whole lines or counted bytes,
// never on where a read happened to end. Limits (limits.ts) bound memory and work; no input can trap it.

import { HttpClientErr, HttpClientStatus } from "./errors";
import { BodyKind, decideFraming, Framing } from "./framing";
import { CHUNK_SIZE_BAD, parseChunkSize, parseFieldLine, parseStatusLine } from "./fields";
import { MAX_CHUNK_LINE, MAX_INTERIM, MAX_RESPONSE_BYTES_CAP, ResponseLimits } from "./limits";
import { HttpResponse } from "./response";

// Where the parser stands. Line states collect a line in `line` until its LF.
const enum State {
  StatusLine, Fields, LengthBody, ChunkSize, ChunkData, ChunkCr, ChunkLf, Trailers, CloseBody, Done, Failed,
}

// The first capacity of the line buffer and of a body of unknown length; both grow by doubling.
const FIRST_LINE_CAPACITY: i32 = 256;
const FIRST_BODY_CAPACITY: i32 = 4096;

/**
 * ResponseParser reads one response per begin(). feed() consumes bytes and returns false once `err` is set;
 * `done` turns true when the final response is complete (bytes after it are left unread: the connection is
 * closed anyway). finish() tells it the server closed the connection, which completes a body delimited by the
 * close and is an Io error anywhere else. After an error the parser refuses everything until begin().
 */
export class ResponseParser extends HttpClientStatus {
  /** Bytes consumed since begin(), interim responses included: what counts against maxResponseBytes. */
  consumed: i32 = 0;
  private limits: ResponseLimits;
  private state: State = State.StatusLine;
  private head: bool = false;
  private maxBytes: i32 = 0;
  private response: HttpResponse = new HttpResponse();
  private framing: Framing = new Framing();
  private line: Uint8Array = new Uint8Array(FIRST_LINE_CAPACITY);
  private lineLen: i32 = 0;
  private sectionBytes: i32 = 0; // bytes of the header or trailer section so far, terminators included
  private sectionFields: i32 = 0;
  private body: Uint8Array = new Uint8Array(0);
  private bodyLen: i32 = 0;
  private remaining: i64 = 0; // body bytes still due: of the Content-Length, or of the current chunk

  constructor(limits: ResponseLimits = new ResponseLimits()) {
    super();
    this.limits = limits;
  }

  /** begin starts a new response to a request; head says it was a HEAD request, whose response has no body. */
  begin(head: bool): void {
    this.ok();
    this.head = head;
    const max = this.limits.maxResponseBytes;
    this.maxBytes = max < 1 ? 1 : max > MAX_RESPONSE_BYTES_CAP ? MAX_RESPONSE_BYTES_CAP : max;
    this.consumed = 0;
    this.response = new HttpResponse();
    this.body = new Uint8Array(0);
    this.bodyLen = 0;
    this.startSection(State.StatusLine);
  }

  /** done says whether a final response is complete and ready for take(). */
  get done(): bool { return this.state == State.Done; }

  /** take returns the complete response, or null before done. */
  take(): HttpResponse | null {
    if (this.state != State.Done) return null;
    const r = this.response;
    r.body = this.bodyLen == this.body.length ? this.body : this.body.slice(0, this.bodyLen);
    return r;
  }

  /** feed consumes bytes up to the end of the response; false when an error is (or already was) set. */
  feed(bytes: Uint8Array): bool {
    let pos = 0;
    const n = bytes.length;
    while (pos < n) {
      switch (this.state) {
        case State.StatusLine: case State.Fields: case State.Trailers: case State.ChunkSize:
          pos = this.readLine(bytes, pos);
          break;
        case State.LengthBody: case State.ChunkData: case State.CloseBody:
          pos = this.readBody(bytes, pos);
          break;
        case State.ChunkCr: case State.ChunkLf:
          pos = this.readChunkEnd(bytes, pos);
          break;
        default: // Done or Failed
          return this.state == State.Done;
      }
    }
    return this.state != State.Failed;
  }

  /**
   * finish is called when the server closed the connection: true when the response is complete (a body read
   * until the close ends here), false with Io when the close cut it short.
   */
  finish(): bool {
    if (this.state == State.Done) return true;
    if (this.state == State.Failed) return false;
    if (this.state == State.CloseBody) {
      this.state = State.Done;
      return true;
    }
    if (this.consumed == 0) return this.failWith(HttpClientErr.Io, "the server closed the connection without sending anything");
    return this.failWith(HttpClientErr.Io, "the server closed the connection " + this.where());
  }

  /** where says how far the response got, for a detail, such as "after 12 bytes, in the header section". */
  where(): string {
    if (this.consumed == 0) return "nothing received";
    const at = "after " + this.consumed.toString() + " bytes, ";
    switch (this.state) {
      case State.StatusLine: return at + "in the status line";
      case State.Fields: return at + "in the header section";
      case State.LengthBody: return at + "in the body (" + this.bodyLen.toString() + " of " + this.framing.length.toString() + " bytes)";
      case State.ChunkSize: case State.ChunkData: case State.ChunkCr: case State.ChunkLf:
        return at + "in the chunked body (" + this.bodyLen.toString() + " bytes decoded)";
      case State.Trailers: return at + "in the trailer section";
      case State.CloseBody: return at + "in the body";
    }
    return at + "at the end";
  }

  // Collects bytes up to and including the next LF into `line`, then hands the whole line on.
  private readLine(bytes: Uint8Array, pos: i32): i32 {
    const n = bytes.length;
    let lf = pos;
    while (lf < n && unchecked(bytes[lf]) != 0x0a) lf++; // lf < n
    const found = lf < n;
    const take = (found ? lf + 1 : n) - pos;
    const chunkLine = this.state == State.ChunkSize;
    const budget = chunkLine ? MAX_CHUNK_LINE : this.limits.maxHeaderBytes - this.sectionBytes;
    if (this.lineLen + take > budget) {
      this.tooLarge(chunkLine ? "a chunk-size line longer than " + MAX_CHUNK_LINE.toString() + " bytes"
        : "a header section larger than " + this.limits.maxHeaderBytes.toString() + " bytes");
      return n;
    }
    if (!this.spend(take)) return n;
    this.appendLine(bytes, pos, take);
    if (!found) return n;
    // RFC 9112 §2.2: a line ends in CRLF; a bare LF is accepted, a CR anywhere else is refused by each grammar.
    const lineBytes = this.lineLen; // the whole line, terminator included, however many feeds brought it
    let len = lineBytes - 1;
    if (len > 0 && unchecked(this.line[len - 1]) == 0x0d) len--; // 0 < len <= lineLen <= line.length
    this.lineLen = 0;
    if (!chunkLine) this.sectionBytes += lineBytes;
    this.onLine(len);
    return this.state == State.Failed ? n : lf + 1;
  }

  private onLine(len: i32): void {
    switch (this.state) {
      case State.StatusLine:
        if (parseStatusLine(this.line, len, this.response, this)) this.state = State.Fields;
        else this.state = State.Failed;
        return;
      case State.Fields: case State.Trailers:
        if (len == 0) { this.endSection(); return; }
        if (++this.sectionFields > this.limits.maxHeaders) {
          this.tooLarge("more than " + this.limits.maxHeaders.toString() + " fields in a section");
          return;
        }
        // Trailer fields are checked like header fields, then dropped: nothing here may depend on them.
        if (!parseFieldLine(this.line, len, this.state == State.Fields ? this.response.headers : null, this)) {
          this.detail += (this.state == State.Fields ? " in the header section" : " in the trailer section") +
            ", field line " + this.sectionFields.toString();
          this.state = State.Failed;
        }
        return;
      case State.ChunkSize:
        this.onChunkSize(len);
        return;
    }
  }

  // The empty line after a header or trailer section.
  private endSection(): void {
    if (this.state == State.Trailers) { this.state = State.Done; return; }
    const r = this.response;
    if (r.status < 200) {
      // RFC 9110 §15.2: interim responses come before the final one and have no content. 101 would switch
      // protocols, which we never ask for.
      if (r.status == 101) { this.failWith(HttpClientErr.BadResponse, "101 Switching Protocols, but no upgrade was asked for"); return; }
      if (++r.interim > MAX_INTERIM) { this.failWith(HttpClientErr.BadResponse, "more than " + MAX_INTERIM.toString() + " interim (1xx) responses"); return; }
      r.headers.clear();
      this.startSection(State.StatusLine);
      return;
    }
    if (!decideFraming(r.status, this.head, r.minorVersion, r.headers, this.framing, this)) { this.state = State.Failed; return; }
    switch (this.framing.kind) {
      case BodyKind.None: this.state = State.Done; return;
      case BodyKind.Chunked: this.state = State.ChunkSize; return;
      case BodyKind.UntilClose: this.state = State.CloseBody; return;
    }
    const length = this.framing.length;
    if (length > <i64>(this.maxBytes - this.consumed)) {
      this.tooLarge("Content-Length " + length.toString() + " over the " + this.maxBytes.toString() + "-byte response limit");
      return;
    }
    this.body = new Uint8Array(<i32>length); // length <= maxBytes - consumed, an i32
    this.remaining = length;
    this.state = length == 0 ? State.Done : State.LengthBody;
  }

  private onChunkSize(len: i32): void {
    const size = parseChunkSize(this.line, len);
    if (size == CHUNK_SIZE_BAD) {
      this.failWith(HttpClientErr.BadResponse, "bad chunk-size line after " + this.bodyLen.toString() + " body bytes (RFC 9112 §7.1)");
      return;
    }
    if (size == 0) { this.startSection(State.Trailers); return; } // RFC 9112 §7.1: the last chunk
    if (size > <i64>(this.maxBytes - this.consumed)) {
      this.tooLarge("a chunk of " + size.toString() + " bytes over the " + this.maxBytes.toString() + "-byte response limit");
      return;
    }
    this.remaining = size;
    this.state = State.ChunkData;
  }

  // Body bytes: as many as are due (Content-Length or chunk), or all of them until the close.
  private readBody(bytes: Uint8Array, pos: i32): i32 {
    let take = bytes.length - pos;
    if (this.state != State.CloseBody && <i64>take > this.remaining) take = <i32>this.remaining;
    if (!this.spend(take)) return bytes.length;
    this.appendBody(bytes, pos, take);
    if (this.state == State.CloseBody) return pos + take;
    this.remaining -= take;
    if (this.remaining == 0) this.state = this.state == State.LengthBody ? State.Done : State.ChunkCr;
    return pos + take;
  }

  // RFC 9112 §7.1: CRLF after chunk-data (a bare LF accepted, as for lines).
  private readChunkEnd(bytes: Uint8Array, pos: i32): i32 {
    if (!this.spend(1)) return bytes.length;
    const c = unchecked(bytes[pos]); // the caller's loop guarantees pos < bytes.length
    if (this.state == State.ChunkCr && c == 0x0d) {
      this.state = State.ChunkLf;
    } else if (c == 0x0a) {
      this.state = State.ChunkSize;
    } else {
      this.failWith(HttpClientErr.BadResponse, "chunk data longer than its size (no CRLF after it)");
      return bytes.length;
    }
    return pos + 1;
  }

  private startSection(state: State): void {
    this.state = state;
    this.lineLen = 0;
    this.sectionBytes = 0;
    this.sectionFields = 0;
  }

  // Counts n more bytes against maxResponseBytes.
  private spend(n: i32): bool {
    if (n <= this.maxBytes - this.consumed) {
      this.consumed += n;
      return true;
    }
    this.tooLarge("a response larger than " + this.maxBytes.toString() + " bytes");
    return false;
  }

  private appendLine(bytes: Uint8Array, pos: i32, n: i32): void {
    const need = this.lineLen + n;
    if (need > this.line.length) {
      const grown = new Uint8Array(max(need, this.line.length << 1));
      grown.set(this.line.subarray(0, this.lineLen));
      this.line = grown;
    }
    // pos + n <= bytes.length (readLine's take) and lineLen + n <= line.length (grown above).
    memory.copy(this.line.dataStart + <usize>this.lineLen, bytes.dataStart + <usize>pos, <usize>n);
    this.lineLen = need;
  }

  private appendBody(bytes: Uint8Array, pos: i32, n: i32): void {
    const need = this.bodyLen + n;
    if (need > this.body.length) {
      // Doubling, but never past what maxResponseBytes lets the body reach (spend() checked need against it).
      const cap = max(need, min(max(this.body.length << 1, FIRST_BODY_CAPACITY), this.maxBytes));
      const grown = new Uint8Array(cap);
      grown.set(this.body.subarray(0, this.bodyLen));
      this.body = grown;
    }
    // pos + n <= bytes.length (readBody's take) and bodyLen + n <= body.length (grown above).
    memory.copy(this.body.dataStart + <usize>this.bodyLen, bytes.dataStart + <usize>pos, <usize>n);
    this.bodyLen = need;
  }

  private tooLarge(what: string): void {
    this.failWith(HttpClientErr.TooLarge, what);
  }

  private failWith(e: HttpClientErr, detail: string): bool {
    this.state = State.Failed;
    return this.fail(e, detail);
  }
}

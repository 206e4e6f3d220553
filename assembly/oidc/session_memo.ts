// A per-instance memo of what a Cookie header meant: the same header bytes, opened with the same keys, always give
// the same session cookie, so an instance that saw them once skips parsing, base64, the AEAD and the payload
// decode (issue 6: under 10 us for a session already in L1). It is a memo of a pure function, not a store:
// expiry is checked against the clock on every hit, a ticket's record is still read from the cache on every
// request (revocation), and instances dropped at any time lose nothing.

import { HeaderKind } from "../abi/http_handler";
import { peekedBytes, peekHeader } from "../http/headers";
import { Identity } from "./identity";
import { SessionRecord, Ticket } from "./records";

// Each entry keeps its Cookie header (about 1.5 KiB with a memory-mode session): a bound on instance memory.
const CAPACITY: i32 = 32;
// Longer Cookie headers are not remembered: the bytes kept per entry stay small.
const MAX_HEADER_BYTES: i32 = 8192;

/**
 * SessionCookie is what an opened session cookie held: a whole record (memory mode) or a ticket naming a record in
 * the cache, usable until expiresAt (the cookie's or the session's end, whichever is first).
 */
export class SessionCookie {
  /** The last stored record read for the ticket, as bytes and decoded: the same bytes need no second decode. */
  storedBytes: Uint8Array | null = null;
  storedRecord: SessionRecord | null = null;
  // The session last made of a record, handed out again for that same record: one allocation per record, not
  // per request.
  private current: CurrentSession | null = null;

  constructor(readonly record: SessionRecord | null, readonly ticket: Ticket | null, readonly expiresAt: i64) {}

  /** sessionOf returns the request's session for rec, a record this cookie held or named, under sessionId. */
  sessionOf(rec: SessionRecord, sessionId: string): CurrentSession {
    const known = this.current;
    if (known !== null && known.record === rec) return known;
    const s = new CurrentSession(rec.identity, sessionId, rec);
    this.current = s;
    return s;
  }
}

/** CurrentSession is the request's session: who, and the id of its record in the cache ("" for a cookie session). */
export class CurrentSession {
  constructor(readonly identity: Identity, readonly sessionId: string, readonly record: SessionRecord | null) {}
}

class RememberedCookie {
  constructor(readonly header: Uint8Array, readonly cookie: SessionCookie) {}
}

/** SessionMemo maps Cookie headers (exact bytes) to the sessions they carried. */
export class SessionMemo {
  private readonly byHash: Map<u32, RememberedCookie> = new Map();
  // The header of the current request, kept from find() for remember() when it missed.
  private pending: Uint8Array | null = null;
  private pendingHash: u32 = 0;
  // The entry of the last hit: a client's requests tend to come in runs, and this match needs no hash.
  private last: RememberedCookie | null = null;

  /** find returns the session cookie the request's Cookie header held when seen before and not expired at now. */
  find(now: i64): SessionCookie | null {
    this.pending = null;
    const n = peekHeader(HeaderKind.Request, "cookie");
    if (n <= 0 || n > MAX_HEADER_BYTES) return null;
    const at = peekedBytes();
    const last = this.last;
    if (last !== null && holds(last, at, n)) return live(last, now);
    const hash = hashBytes(at, n);
    if (this.byHash.has(hash)) {
      const hit = this.byHash.get(hash);
      if (holds(hit, at, n)) {
        this.last = hit;
        return live(hit, now);
      }
    }
    const copy = new Uint8Array(n);
    memory.copy(copy.dataStart, at, <usize>n);
    this.pending = copy;
    this.pendingHash = hash;
    return null;
  }

  /** remember records what the header find() last missed held. */
  remember(cookie: SessionCookie): void {
    const header = this.pending;
    if (header === null) return;
    if (this.byHash.size >= CAPACITY) this.byHash.clear();
    const entry = new RememberedCookie(header, cookie);
    this.byHash.set(this.pendingHash, entry);
    this.last = entry;
    this.pending = null;
  }
}

// holds says whether the entry was remembered for exactly the n bytes at at.
function holds(entry: RememberedCookie, at: usize, n: i32): bool {
  return entry.header.length == n && memory.compare(entry.header.dataStart, at, <usize>n) == 0;
}

function live(entry: RememberedCookie, now: i64): SessionCookie | null {
  return entry.cookie.expiresAt > now ? entry.cookie : null;
}

// A bucket choice only (every hit is confirmed byte for byte), so eight bytes per step: a multiply-xorshift mix
// over 64-bit words, then the tail byte by byte.
function hashBytes(at: usize, n: i32): u32 {
  let h: u64 = 0x9e3779b97f4a7c15 ^ <u64>n;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    h = (h ^ load<u64>(at + <usize>i)) * 0xff51afd7ed558ccd; // i + 8 <= n, the bytes read
    h ^= h >> 29;
  }
  for (; i < n; i++) h = (h ^ <u64>load<u8>(at + <usize>i)) * 0x100000001b3; // i < n
  return <u32>(h ^ (h >> 32));
}

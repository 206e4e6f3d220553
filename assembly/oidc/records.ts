// The small records the flow keeps between requests, in the session layer's versioned binary encoding
// (session/payload.ts). Every decoder checks the whole shape first, so a record written by another version, or
// bytes that are no record at all, read as absent instead of as wrong data.

import { decodePayload, Payload, PayloadWriter } from "../session/payload";
import { Identity } from "./identity";

const LOGIN_SCHEMA: u8 = 1;
const SESSION_SCHEMA: u8 = 2;
const TICKET_SCHEMA: u8 = 3;
// Identity fields, in order: user, sub, email, emailVerified, groups, roles, sid, headers.
const IDENTITY_SHAPE = "sssillsl";

/** LoginState is what the callback needs of the login it completes (state is the key it is found by). */
export class LoginState {
  constructor(readonly nonce: string, readonly verifier: string, readonly returnTo: string, readonly createdAt: i64) {}

  encode(): Uint8Array | null {
    return new PayloadWriter(LOGIN_SCHEMA).string(this.nonce).string(this.verifier).string(this.returnTo).int(this.createdAt).finish();
  }

  static decode(bytes: Uint8Array): LoginState | null {
    const p = decodePayload(bytes);
    if (p === null || p.schema != LOGIN_SCHEMA || !p.matches("sssi")) return null;
    return new LoginState(p.stringAt(0)!, p.stringAt(1)!, p.stringAt(2)!, p.intAt(3));
  }
}

/** SessionRecord is a logged-in session: who, the provider's tokens the flow needs later, and its lifetime. */
export class SessionRecord {
  constructor(
    readonly identity: Identity,
    /** idToken is kept for logout's id_token_hint. */
    readonly idToken: string,
    readonly refreshToken: string,
    readonly createdAt: i64,
    /** expiresAt: createdAt + sessionMaxAge; the session is over from then on, whatever the tokens say. */
    readonly expiresAt: i64,
    /** tokensExpireAt: when the provider's tokens expire; a refresh is due refreshGracePeriodSeconds before. */
    readonly tokensExpireAt: i64,
  ) {}

  encode(): Uint8Array | null {
    const w = writeIdentity(new PayloadWriter(SESSION_SCHEMA), this.identity);
    return w.string(this.idToken).string(this.refreshToken).int(this.createdAt).int(this.expiresAt).int(this.tokensExpireAt).finish();
  }

  static decode(bytes: Uint8Array): SessionRecord | null {
    return SessionRecord.from(decodePayload(bytes));
  }

  /** from reads a record from a decoded payload; null when it is another record or another version. */
  static from(p: Payload | null): SessionRecord | null {
    if (p === null || p.schema != SESSION_SCHEMA || !p.matches(IDENTITY_SHAPE + "ssiii")) return null;
    const n = IDENTITY_SHAPE.length;
    return new SessionRecord(readIdentity(p), p.stringAt(n)!, p.stringAt(n + 1)!, p.intAt(n + 2), p.intAt(n + 3), p.intAt(n + 4));
  }
}

/**
 * Ticket is what the session cookie holds when the session itself lives in the cache: the session id, and a
 * summary (identity and expiry) that serves only while the cache cannot be reached.
 */
export class Ticket {
  constructor(readonly sessionId: string, readonly identity: Identity, readonly expiresAt: i64) {}

  encode(): Uint8Array | null {
    const w = writeIdentity(new PayloadWriter(TICKET_SCHEMA).string(this.sessionId), this.identity);
    return w.int(this.expiresAt).finish();
  }

  /** from reads a ticket from a decoded payload; null when it is another record or another version. */
  static from(p: Payload | null): Ticket | null {
    if (p === null || p.schema != TICKET_SCHEMA || !p.matches("s" + IDENTITY_SHAPE + "i")) return null;
    return new Ticket(p.stringAt(0)!, readIdentity(p, 1), p.intAt(1 + IDENTITY_SHAPE.length));
  }
}

function writeIdentity(w: PayloadWriter, id: Identity): PayloadWriter {
  return w.string(id.user).string(id.sub).string(id.email).int(id.emailVerified ? 1 : 0).strings(id.groups).strings(id.roles).string(id.sid).strings(id.headers);
}

// The caller checked the shape, so every getter below finds its kind.
function readIdentity(p: Payload, at: i32 = 0): Identity {
  const id = new Identity();
  id.user = p.stringAt(at)!;
  id.sub = p.stringAt(at + 1)!;
  id.email = p.stringAt(at + 2)!;
  id.emailVerified = p.intAt(at + 3) == 1;
  id.groups = p.stringsAt(at + 4)!;
  id.roles = p.stringsAt(at + 5)!;
  id.sid = p.stringAt(at + 6)!;
  id.headers = p.stringsAt(at + 7)!;
  return id;
}

// Where the engine's ClientHellos come from. RandomOffer builds them from HelloParams with fresh randomness;
// a test hands the engine an offer of its own to replay a published trace (RFC 8448) byte for byte.

import { fillRandom, randomBytes } from "../sys/random";
import { encodeClientHello, HelloParams } from "./client_hello";
import { KeyShare, newKeyShare } from "./key_share";

// A random 32-byte string is a valid P-256 scalar with probability 1 - 2^-32; four tries never all fail.
const KEY_ATTEMPTS = 4;

/** HelloOut is one ClientHello handshake message, header included, and the key share it offers. */
export class HelloOut {
  constructor(readonly message: Uint8Array, readonly share: KeyShare) {}
}

/**
 * HelloOffer supplies the first ClientHello and, after a HelloRetryRequest, the second one. `params` describe
 * both, and are what the server's answers are checked against.
 */
export abstract class HelloOffer {
  constructor(readonly params: HelloParams) {}

  /** first returns the first ClientHello with a share for params.groups[0], or null if it cannot be built. */
  abstract first(): HelloOut | null;

  /**
   * retry returns the second ClientHello (RFC 8446 §4.1.2): the same hello with a share for `group` (or the
   * `previous` share when the retry did not name a group) and the server's cookie echoed, or null.
   */
  abstract retry(group: u16, cookie: Uint8Array | null, previous: KeyShare): HelloOut | null;
}

/** RandomOffer draws the random and the key shares from the host's randomness (sys/random.ts). */
export class RandomOffer extends HelloOffer {
  first(): HelloOut | null {
    const p = this.params;
    if (p.groups.length == 0 || !fillRandom(p.random)) return null;
    const share = randomShare(p.groups[0]);
    return share !== null ? hello(p, share, null) : null;
  }

  retry(group: u16, cookie: Uint8Array | null, previous: KeyShare): HelloOut | null {
    const share = group == 0 ? previous : randomShare(group);
    return share !== null ? hello(this.params, share, cookie) : null;
  }
}

function hello(p: HelloParams, share: KeyShare, cookie: Uint8Array | null): HelloOut | null {
  const message = encodeClientHello(p, share, cookie);
  return message !== null ? new HelloOut(message, share) : null;
}

function randomShare(group: u16): KeyShare | null {
  for (let i = 0; i < KEY_ATTEMPTS; i++) {
    const secret = randomBytes(32);
    if (secret === null) return null;
    const share = newKeyShare(group, secret);
    if (share !== null) return share;
  }
  return null;
}

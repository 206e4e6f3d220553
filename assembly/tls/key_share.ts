// Ephemeral key shares for the key_share extension (RFC 8446 §4.2.8): x25519 (RFC 7748) and secp256r1 with
// uncompressed points (§4.2.8.2). A share is used for one handshake; its secret is wiped once it has served.

import { P256Ecdh } from "../crypto/ecdh_p256";
import { x25519, x25519PublicKey } from "../crypto/x25519";
import { NamedGroup } from "./constants";

/** KeyShare is one ephemeral key pair: the group, the key_exchange bytes to send, and the DH with the peer's. */
export abstract class KeyShare {
  constructor(readonly group: u16, readonly publicKey: Uint8Array) {}

  /**
   * shared returns the (EC)DHE shared secret with the peer's key_exchange, or null when the peer's value is not
   * a valid public key of the group (wrong length, off the curve, or a low-order point giving zero).
   */
  abstract shared(peer: Uint8Array): Uint8Array | null;
}

class X25519Share extends KeyShare {
  constructor(private secret: Uint8Array, publicKey: Uint8Array) {
    super(<u16>NamedGroup.X25519, publicKey);
  }

  shared(peer: Uint8Array): Uint8Array | null {
    // RFC 8446 §4.2.8.2 and RFC 7748 §6.1: x25519 refuses the all-zero result of a low-order point.
    const s = x25519(this.secret, peer);
    this.secret.fill(0);
    return s;
  }
}

class P256Share extends KeyShare {
  constructor(private ecdh: P256Ecdh) {
    super(<u16>NamedGroup.Secp256r1, ecdh.publicKey);
  }

  shared(peer: Uint8Array): Uint8Array | null {
    return this.ecdh.shared(peer);
  }
}

/**
 * newKeyShare makes a key pair for group from 32 secret random bytes, which it takes over. It returns null for a
 * group this client does not implement, or for secp256r1 bytes that are not a valid scalar (draw fresh ones).
 */
export function newKeyShare(group: u32, secret32: Uint8Array): KeyShare | null {
  if (secret32.length != 32) return null;
  if (group == NamedGroup.X25519) {
    const pub = x25519PublicKey(secret32);
    return pub !== null ? new X25519Share(secret32, pub) : null;
  }
  if (group == NamedGroup.Secp256r1) {
    const ecdh = P256Ecdh.create(secret32);
    return ecdh !== null ? new P256Share(ecdh) : null;
  }
  return null;
}

/** isSupportedGroup says whether newKeyShare implements group. */
export function isSupportedGroup(group: u32): bool {
  return group == NamedGroup.X25519 || group == NamedGroup.Secp256r1;
}

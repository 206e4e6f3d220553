// The running transcript hash (RFC 8446 §4.4.1). The hash is the negotiated suite's, which only the ServerHello
// (or HelloRetryRequest) names, so until then every message feeds both SHA-256 and SHA-384: the ClientHello is
// a few hundred bytes, cheaper to hash twice than to buffer.

import { Sha256 } from "../crypto/sha256";
import { Sha384 } from "../crypto/sha384";
import { HandshakeType } from "./constants";
import { TlsHash } from "./suites";

/**
 * Transcript hashes the handshake messages in order. current() returns the hash of everything added so far and
 * leaves the running state untouched, since the key schedule needs hashes at several points of one handshake.
 */
export class Transcript {
  private sha256: Sha256 = new Sha256();
  private sha384: Sha384 = new Sha384();
  // Copies finalised by current(), so the running states keep going.
  private snap256: Sha256 = new Sha256();
  private snap384: Sha384 = new Sha384();
  private selected: i32 = 0; // 0 until select(), then the TlsHash

  /** select fixes the hash to the negotiated suite's; later messages feed only that one. */
  select(hash: TlsHash): void {
    this.selected = <i32>hash;
  }

  /** add appends one whole handshake message, header included. */
  add(message: Uint8Array): void {
    this.addAt(message.dataStart, message.length);
  }

  /** addAt appends len bytes at ptr, which the caller guarantees lie inside a live buffer. */
  addAt(ptr: usize, len: i32): void {
    if (this.selected != <i32>TlsHash.Sha384) this.sha256.updateAt(ptr, len);
    if (this.selected != <i32>TlsHash.Sha256) this.sha384.updateAt(ptr, len);
  }

  /** current returns Transcript-Hash of the messages so far, in the selected hash (SHA-256 until select). */
  current(): Uint8Array {
    if (this.selected == <i32>TlsHash.Sha384) {
      const out = new Uint8Array(<i32>TlsHash.Sha384);
      this.snap384.copyFrom(this.sha384).finalAt(out.dataStart);
      return out;
    }
    const out = new Uint8Array(<i32>TlsHash.Sha256);
    this.snap256.copyFrom(this.sha256).finalAt(out.dataStart);
    return out;
  }

  /**
   * replaceWithMessageHash turns the transcript so far (the first ClientHello) into the synthetic message_hash
   * message that stands for it after a HelloRetryRequest: handshake type 254, length Hash.length, then
   * Hash(ClientHello1) (RFC 8446 §4.4.1). select() must have been called.
   */
  replaceWithMessageHash(): void {
    const first = this.current();
    this.sha256.reset();
    this.sha384.reset();
    const header = new Uint8Array(4);
    header[0] = <u8>HandshakeType.MessageHash;
    header[3] = <u8>first.length;
    this.add(header);
    this.add(first);
  }
}

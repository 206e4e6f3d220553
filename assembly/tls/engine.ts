// A TLS 1.3 client connection as a pure state machine: received bytes in, records to send and application data
// out, no sockets and no clock. The socket driver (layer.ts, client.ts) moves the bytes; tests and the fuzzer
// feed it directly, which is how a published trace (RFC 8448) or a hostile byte stream reaches every parser.

import { AlertDescription, ALERT_LEVEL_WARNING, receivedAlertDetail } from "./alerts";
import { ContentType, HANDSHAKE_HEADER_BYTES, handshakeName, MAX_HANDSHAKE_BYTES } from "./constants";
import { ClientHandshake } from "./handshake";
import { HelloOffer } from "./hello_offer";
import { NO_ALERT } from "./status";
import { PeerVerifier } from "./verifier";

/**
 * TlsEngine is one client connection. begin() queues the ClientHello in `out`; received bytes go in through
 * inputPtr()/commitInput() (or feed()) and process(). Records to send accumulate in `out` (the caller sends and
 * clears them); decrypted application data waits in one record's worth until readPlain() takes it. After a
 * failure `status` holds the cause and `out` the fatal alert owed to the server.
 */
export class TlsEngine extends ClientHandshake {
  /** peerClosed: the server sent close_notify; no more application data will come (end of stream). */
  peerClosed: bool = false;
  private handshakeBuf: Uint8Array = new Uint8Array(1024);
  private handshakeLen: i32 = 0;
  private plain: Uint8Array | null = null;
  private plainPos: i32 = 0;
  private closeSent: bool = false;

  constructor(offer: HelloOffer, verifier: PeerVerifier) {
    super(offer, verifier);
  }

  /** plainAvailable is the number of decrypted application bytes waiting for readPlain(). */
  get plainAvailable(): i32 {
    const p = this.plain;
    return p !== null ? p.length - this.plainPos : 0;
  }

  /**
   * process consumes complete records from the input until it needs more bytes, holds application data not yet
   * read, has seen close_notify, or has failed.
   */
  process(): void {
    while (!this.failed && !this.peerClosed && this.plainAvailable == 0) {
      if (!this.readRecord()) return;
      const type = this.recordType;
      // RFC 8446 §5.1: handshake messages must not be interleaved with other record types.
      if (type != ContentType.Handshake && this.handshakeLen > 0) {
        this.fail(AlertDescription.UnexpectedMessage,
          "unexpected message: a record of type " + type.toString() + " inside a fragmented handshake message");
        return;
      }
      if (type == ContentType.Handshake) this.onHandshakeRecord(this.recordContent);
      else if (type == ContentType.Alert) this.onAlert(this.recordContent);
      else if (type == ContentType.ApplicationData) this.onApplicationData(this.recordContent);
      // change_cipher_spec: readRecord checked it is the one allowed byte 0x01; it is dropped (RFC 8446 §5).
    }
  }

  /**
   * feed copies data into the input and processes it; it returns how many bytes it took, fewer than offered
   * when the input is full behind application data waiting for readPlain(), or when the connection failed.
   */
  feed(data: Uint8Array): i32 {
    let taken = 0;
    while (taken < data.length && !this.failed) {
      const room = this.inputRoom();
      if (room == 0) break;
      const n = min(room, data.length - taken);
      memory.copy(this.inputPtr(), data.dataStart + <usize>taken, <usize>n);
      this.commitInput(n);
      taken += n;
      this.process();
    }
    return taken;
  }

  /** readPlain copies up to cap decrypted bytes to ptr (the caller guarantees the range) and returns the count. */
  readPlain(ptr: usize, cap: i32): i32 {
    const p = this.plain;
    if (p === null || cap <= 0) return 0;
    const n = min(cap, p.length - this.plainPos);
    memory.copy(ptr, p.dataStart + <usize>this.plainPos, <usize>n);
    this.plainPos += n;
    if (this.plainPos == p.length) this.plain = null;
    return n;
  }

  /** writeApplication queues len bytes at ptr as application data records; false before connected or after failure. */
  writeApplication(ptr: usize, len: i32): bool {
    if (!this.connected || this.closeSent) return false;
    if (len <= 0) return true;
    return this.writeRecordAt(ContentType.ApplicationData, ptr, len);
  }

  /** closeNotify queues close_notify once (RFC 8446 §6.1), unless the connection failed or never started. */
  closeNotify(): void {
    if (this.closeSent || this.failed || this.state == 0) return;
    this.closeSent = true;
    this.writeAlert(ALERT_LEVEL_WARNING, <u8>AlertDescription.CloseNotify);
  }

  // Handshake records are reassembled: a message may span records and a record may hold several (§5.1).
  private onHandshakeRecord(content: Uint8Array): void {
    this.appendHandshake(content);
    while (!this.failed && this.handshakeLen >= HANDSHAKE_HEADER_BYTES) {
      const buf = this.handshakeBuf;
      const len = <i32>buf[1] << 16 | <i32>buf[2] << 8 | <i32>buf[3]; // handshakeLen >= 4
      if (len > MAX_HANDSHAKE_BYTES) {
        this.fail(AlertDescription.DecodeError,
          handshakeName(buf[0]) + " of " + len.toString() + " bytes exceeds the limit of " +
          MAX_HANDSHAKE_BYTES.toString());
        return;
      }
      const total = HANDSHAKE_HEADER_BYTES + len;
      if (this.handshakeLen < total) return;
      const message = buf.slice(0, total);
      memory.copy(buf.dataStart, buf.dataStart + <usize>total, <usize>(this.handshakeLen - total));
      this.handshakeLen -= total;
      if (!this.handleMessage(message)) return;
      // RFC 8446 §5.1: a message that changes keys must end its record; the next bytes use the new keys.
      if (this.keysChanged && this.handshakeLen > 0) {
        this.fail(AlertDescription.UnexpectedMessage,
          "unexpected message: data after " + handshakeName(message[0]) + " in the same record as a key change");
        return;
      }
    }
  }

  private appendHandshake(content: Uint8Array): void {
    const need = this.handshakeLen + content.length;
    if (need > this.handshakeBuf.length) {
      const grown = new Uint8Array(max(need, this.handshakeBuf.length * 2));
      memory.copy(grown.dataStart, this.handshakeBuf.dataStart, <usize>this.handshakeLen);
      this.handshakeBuf = grown;
    }
    memory.copy(this.handshakeBuf.dataStart + <usize>this.handshakeLen, content.dataStart, <usize>content.length);
    this.handshakeLen = need;
  }

  // RFC 8446 §6: an alert is two bytes; close_notify ends the stream, user_canceled precedes one, the rest are
  // fatal. No alert is sent in answer to one.
  private onAlert(content: Uint8Array): void {
    if (content.length != 2) {
      this.fail(AlertDescription.DecodeError, "malformed alert record");
      return;
    }
    const description = content[1];
    if (description == AlertDescription.UserCanceled) return;
    if (description != AlertDescription.CloseNotify) {
      this.fail(NO_ALERT, receivedAlertDetail(description));
    } else if (!this.connected) {
      this.fail(NO_ALERT, "server closed the connection during the handshake (close_notify)");
    } else {
      this.peerClosed = true;
    }
  }

  private onApplicationData(content: Uint8Array): void {
    if (!this.connected) {
      this.fail(AlertDescription.UnexpectedMessage,
        "unexpected message: application data before the handshake finished");
      return;
    }
    if (content.length == 0) return; // zero-length application data is allowed (§5.1) and carries nothing
    this.plain = content;
    this.plainPos = 0;
  }
}

// The TLS 1.3 record layer (RFC 8446 §5) without sockets: bytes in through an input buffer the caller fills,
// one record out at a time (decrypted when keys are set), records to send appended to `out`. Limits are checked
// on the header, before waiting for the payload, so an oversized or foreign record fails at once.

import { hexEncode } from "../encoding/hex";
import { ALERT_LEVEL_FATAL, ALERT_LEVEL_WARNING, AlertDescription } from "./alerts";
import {
  AEAD_TAG_BYTES, ContentType, MAX_CIPHERTEXT_BYTES, MAX_PLAINTEXT_BYTES, RECORD_HEADER_BYTES, TLS_1_2,
} from "./constants";
import { RecordProtection } from "./record_protection";
import { NO_ALERT, TlsStatus } from "./status";
import { TlsWriter } from "./wire";

/** INPUT_CAPACITY holds two records of the largest size, so one full read never waits on a partial record. */
export const INPUT_CAPACITY: i32 = 2 * (RECORD_HEADER_BYTES + MAX_CIPHERTEXT_BYTES);

/**
 * RecordLayer frames, protects and unprotects records. readRecord() yields one record's content type and content;
 * the write methods append whole records to `out`, fragmenting at 2^14 bytes. A failure records its cause in
 * `status` and queues the fatal alert owed to the peer; nothing is read after it.
 */
export class RecordLayer {
  readonly status: TlsStatus = new TlsStatus();
  /** out holds the records not yet sent; the socket driver sends them and clears it. */
  readonly out: TlsWriter = new TlsWriter(1024);
  /** The type and content of the record readRecord() returned; content is valid until the next input. */
  protected recordType: u8 = 0;
  protected recordContent: Uint8Array = new Uint8Array(0);
  /** ccsAllowed: a change_cipher_spec may arrive only until the server's Finished (RFC 8446 §5). */
  protected ccsAllowed: bool = true;
  /** maxFragment is the largest record content to send: 2^14, or less if the server asked (RFC 8449). */
  protected maxFragment: i32 = MAX_PLAINTEXT_BYTES;
  /** plaintextAlertsAllowed: until the handshake completes, a plaintext alert is still read for its reason. */
  protected plaintextAlertsAllowed: bool = true;
  private readProtection: RecordProtection | null = null;
  private writeProtection: RecordProtection | null = null;
  private input: Uint8Array = new Uint8Array(INPUT_CAPACITY);
  private start: i32 = 0;
  private end: i32 = 0;
  private recordsRead: i32 = 0;
  // TLSInnerPlaintext under construction: content, then the type byte (RFC 8446 §5.2).
  private inner: Uint8Array = new Uint8Array(MAX_PLAINTEXT_BYTES + 1);

  /** failed says whether the connection has failed; status says why. */
  get failed(): bool { return this.status.failed; }

  /** bufferedInput is the number of received bytes not yet consumed as records. */
  get bufferedInput(): i32 { return this.end - this.start; }

  /** inputRoom makes room at the end of the input buffer and returns how many bytes fit at inputPtr(). */
  inputRoom(): i32 {
    if (this.start > 0) {
      const n = this.end - this.start;
      memory.copy(this.input.dataStart, this.input.dataStart + <usize>this.start, <usize>n);
      this.start = 0;
      this.end = n;
    }
    return INPUT_CAPACITY - this.end;
  }

  /** inputPtr is where the next received bytes go, at most inputRoom() of them; valid after inputRoom(). */
  inputPtr(): usize {
    return this.input.dataStart + <usize>this.end;
  }

  /** commitInput accounts for n bytes written at inputPtr(); n is clamped to the room there is. */
  commitInput(n: i32): void {
    if (n > 0) this.end += min(n, INPUT_CAPACITY - this.end);
  }

  /**
   * fail records the failure and, when alert is not NO_ALERT, queues it as a fatal alert record (under the
   * current write keys, as RFC 8446 §6 requires). Returns false for `return this.fail(…)`.
   */
  fail(alert: i32, detail: string): bool {
    if (this.status.failed) return false;
    this.status.fail(alert, detail);
    if (alert != NO_ALERT) this.writeAlert(ALERT_LEVEL_FATAL, <u8>alert);
    return false;
  }

  /** writeAlert appends an alert record; close_notify goes as a warning, everything else as fatal. */
  writeAlert(level: u8, description: u8): void {
    const a = new Uint8Array(2);
    a[0] = description == AlertDescription.CloseNotify ? ALERT_LEVEL_WARNING : level;
    a[1] = description;
    this.writeRecord(ContentType.Alert, a);
  }

  /** writeRecord appends content as records of type `type`, fragmented at 2^14 bytes. */
  writeRecord(type: ContentType, content: Uint8Array, legacyVersion: u16 = TLS_1_2): bool {
    return this.writeRecordAt(type, content.dataStart, content.length, legacyVersion);
  }

  /** writeRecordAt is writeRecord for len bytes at ptr, which the caller guarantees lie inside a live buffer. */
  writeRecordAt(type: ContentType, ptr: usize, len: i32, legacyVersion: u16 = TLS_1_2): bool {
    let done = 0;
    do {
      const n = min(len - done, this.maxFragment);
      if (!this.writeOne(type, ptr + <usize>done, n, legacyVersion)) return false;
      done += n;
    } while (done < len);
    return true;
  }

  /** setReadProtection and setWriteProtection switch a direction to new keys (handshake, application, update). */
  setReadProtection(p: RecordProtection): void { this.readProtection = p; }
  setWriteProtection(p: RecordProtection): void { this.writeProtection = p; }

  /**
   * readRecord takes the next complete record from the input: true with recordType and recordContent set, or
   * false when more bytes are needed or the record was refused (then `failed`).
   */
  protected readRecord(): bool {
    if (this.status.failed || this.end - this.start < RECORD_HEADER_BYTES) return false;
    const at = this.input.dataStart + <usize>this.start; // start + 5 <= end <= input.length
    const type = load<u8>(at);
    const len = <i32>load<u8>(at, 3) << 8 | <i32>load<u8>(at, 4);
    if (!this.headerAcceptable(type, len)) return false;
    if (this.end - this.start < RECORD_HEADER_BYTES + len) return false;
    const header = Uint8Array.wrap(this.input.buffer, this.start, RECORD_HEADER_BYTES);
    const payload = Uint8Array.wrap(this.input.buffer, this.start + RECORD_HEADER_BYTES, len);
    this.start += RECORD_HEADER_BYTES + len;
    this.recordsRead++;
    const protection = this.readProtection;
    if (type == ContentType.ApplicationData && protection !== null) return this.unprotect(protection, header, payload);
    this.recordType = type;
    this.recordContent = payload;
    if (type == ContentType.ChangeCipherSpec && (len != 1 || payload[0] != 1)) {
      return this.fail(AlertDescription.UnexpectedMessage, "malformed change_cipher_spec record");
    }
    return true;
  }

  // The checks a header allows (RFC 8446 §5.1, §5.2): which types may arrive now, and the length limits.
  private headerAcceptable(type: u8, len: i32): bool {
    const encrypted = this.readProtection !== null;
    switch (type) {
      case ContentType.ApplicationData:
        if (!encrypted) {
          return this.fail(AlertDescription.UnexpectedMessage,
            "unexpected message: application data before the handshake keys");
        }
        if (len > MAX_CIPHERTEXT_BYTES) return this.tooLarge(len, MAX_CIPHERTEXT_BYTES);
        if (len <= AEAD_TAG_BYTES) {
          return this.fail(AlertDescription.DecodeError,
            "encrypted record of " + len.toString() + " bytes is too short");
        }
        return true;
      case ContentType.Handshake:
        if (encrypted) {
          return this.fail(AlertDescription.UnexpectedMessage,
            "unexpected message: plaintext handshake record after encryption started");
        }
        if (len == 0) {
          return this.fail(AlertDescription.UnexpectedMessage,
            "unexpected message: empty handshake record");
        }
        break;
      case ContentType.Alert:
        if (encrypted && !this.plaintextAlertsAllowed) {
          return this.fail(AlertDescription.UnexpectedMessage,
            "unexpected message: plaintext alert after the handshake");
        }
        break;
      case ContentType.ChangeCipherSpec:
        if (!this.ccsAllowed) {
          return this.fail(AlertDescription.UnexpectedMessage,
            "unexpected message: change_cipher_spec after the handshake");
        }
        break;
      default:
        return this.fail(AlertDescription.UnexpectedMessage, this.foreignRecord(type));
    }
    return len <= MAX_PLAINTEXT_BYTES || this.tooLarge(len, MAX_PLAINTEXT_BYTES);
  }

  private tooLarge(len: i32, limit: i32): bool {
    return this.fail(AlertDescription.RecordOverflow,
      "record too large: " + len.toString() + " bytes, the limit is " + limit.toString());
  }

  // RFC 8446 §5.2, §5.4: open; the whole TLSInnerPlaintext, padding included, is at most 2^14 + 1 bytes; the
  // content type is its last non-zero byte, the zeros after it are padding.
  private unprotect(protection: RecordProtection, header: Uint8Array, payload: Uint8Array): bool {
    const inner = protection.open(header, payload);
    if (inner === null) {
      return this.fail(AlertDescription.BadRecordMac, "record authentication failed (bad_record_mac)");
    }
    if (inner.length > MAX_PLAINTEXT_BYTES + 1) return this.tooLarge(inner.length, MAX_PLAINTEXT_BYTES + 1);
    let i = inner.length - 1;
    while (i >= 0 && unchecked(inner[i]) == 0) i--; // i < inner.length
    if (i < 0) {
      return this.fail(AlertDescription.UnexpectedMessage,
        "unexpected message: encrypted record without a content type");
    }
    const type = unchecked(inner[i]);
    if (type != ContentType.Handshake && type != ContentType.Alert && type != ContentType.ApplicationData) {
      return this.fail(AlertDescription.UnexpectedMessage,
        "unexpected message: encrypted record of type " + type.toString());
    }
    if (type == ContentType.Handshake && i == 0) {
      return this.fail(AlertDescription.UnexpectedMessage, "unexpected message: empty handshake record");
    }
    this.recordType = type;
    this.recordContent = Uint8Array.wrap(inner.buffer, inner.byteOffset, i);
    return true;
  }

  private writeOne(type: ContentType, ptr: usize, len: i32, legacyVersion: u16): bool {
    const protection = this.writeProtection;
    if (protection === null) {
      this.out.u8(type).u16(legacyVersion).u16(<u32>len).bytesAt(ptr, len);
      return true;
    }
    if (protection.exhausted) return this.status.fail(NO_ALERT, "sequence number exhausted: the connection must end");
    memory.copy(this.inner.dataStart, ptr, <usize>len);
    this.inner[len] = type; // len <= MAX_PLAINTEXT_BYTES, inner has one more byte
    if (!protection.seal(Uint8Array.wrap(this.inner.buffer, 0, len + 1), this.out)) {
      return this.status.fail(NO_ALERT, "record encryption failed");
    }
    return true;
  }

  // The first record from a server that is not speaking TLS (an HTTP or SMTP banner, say) shows what it sent.
  private foreignRecord(type: u8): string {
    const what = "unexpected record type " + type.toString();
    if (this.recordsRead > 0) return "unexpected message: " + what;
    return "the server does not speak TLS: " + what + ", it sent " + quoteStart(this.input, this.start, this.end);
  }
}

// quoteStart shows up to 24 bytes of bytes[from..to) as quoted text when printable ASCII, else as hex.
function quoteStart(bytes: Uint8Array, from: i32, to: i32): string {
  const head = bytes.subarray(from, from + min(24, to - from));
  let text = "";
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c == 0x0d) text += "\\r";
    else if (c == 0x0a) text += "\\n";
    else if (c >= 0x20 && c <= 0x7e) text += String.fromCharCode(c);
    else return "0x" + hexEncode(head);
  }
  return "\"" + text + "\"";
}

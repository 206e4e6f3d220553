// Replays RFC 8448 through TlsEngine: an offer that sends the trace's own ClientHellos with its private keys, and a
// verifier that accepts the trace's certificate (RSA-1024, below what assembly/x509 accepts) while recording what
// it was asked, so the specs can check the CertificateVerify content the engine built.
import { HelloParams } from "../../../assembly/tls/client_hello";
import { TLS_1_2 } from "../../../assembly/tls/constants";
import { TlsEngine } from "../../../assembly/tls/engine";
import { HelloOffer, HelloOut } from "../../../assembly/tls/hello_offer";
import { KeyShare, newKeyShare } from "../../../assembly/tls/key_share";
import { RecordProtection } from "../../../assembly/tls/record_protection";
import { TlsStatus } from "../../../assembly/tls/status";
import { cipherSuite } from "../../../assembly/tls/suites";
import { PeerVerifier } from "../../../assembly/tls/verifier";
import { TlsWriter } from "../../../assembly/tls/wire";
import { hex, toHex } from "../crypto/helpers";
import {
  S3_CLIENT_HELLO, S3_CLIENT_PRIVATE, S3_CLIENT_RANDOM, S3_SERVER_FLIGHT_RECORD, S3_SERVER_HELLO_RECORD, S5_CLIENT_HELLO_1, S5_CLIENT_HELLO_2, S5_CLIENT_P256_PRIVATE,
  S5_CLIENT_RANDOM, S5_CLIENT_X25519_PRIVATE,
} from "./rfc8448";

/** TraceOffer answers first() and retry() with fixed ClientHellos and key shares, and records the retry request. */
export class TraceOffer extends HelloOffer {
  retryGroup: i32 = -1;
  retryCookie: Uint8Array | null = null;

  constructor(params: HelloParams, private hello1: string, private share1: KeyShare,
    private hello2: string = "", private share2: KeyShare | null = null) {
    super(params);
  }

  first(): HelloOut | null {
    return new HelloOut(hex(this.hello1), this.share1);
  }

  retry(group: u16, cookie: Uint8Array | null, previous: KeyShare): HelloOut | null {
    this.retryGroup = group;
    this.retryCookie = cookie;
    const share = this.share2;
    if (share === null || this.hello2.length == 0) return null;
    return new HelloOut(hex(this.hello2), share);
  }
}

/** TraceVerifier accepts (or, when told to, refuses) and records the chain and the signature request. */
export class TraceVerifier extends PeerVerifier {
  chainLength: i32 = 0;
  scheme: u16 = 0;
  signedContent: Uint8Array = new Uint8Array(0);
  refuseChain: bool = false;
  refuseSignature: bool = false;

  checkChain(chain: Array<Uint8Array>, status: TlsStatus): bool {
    this.chainLength = chain.length;
    if (this.refuseChain) return status.fail(48, "unknown CA: no trusted issuer for CN=rsa");
    return true;
  }

  checkSignature(scheme: u16, content: Uint8Array, signature: Uint8Array): bool {
    this.scheme = scheme;
    this.signedContent = content;
    return !this.refuseSignature;
  }
}

/** traceParams are the offers of RFC 8448's ClientHellos: three suites, SNI "server", 15 signature schemes. */
export function traceParams(random: string, groups: u16[]): HelloParams {
  const p = new HelloParams();
  p.random = hex(random);
  p.suites = [0x1301, 0x1303, 0x1302];
  p.groups = groups;
  p.schemes = [0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202];
  p.serverName = "server";
  p.recordSizeLimit = 0x4001;
  return p;
}

/** s3Engine is a client about to send RFC 8448 §3's ClientHello; s3Offer gives access to its offer. */
export function s3Offer(): TraceOffer {
  const groups: u16[] = [0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104];
  return new TraceOffer(traceParams(S3_CLIENT_RANDOM, groups), S3_CLIENT_HELLO, newKeyShare(0x001d, hex(S3_CLIENT_PRIVATE))!);
}

/** s5Offer sends RFC 8448 §5's first ClientHello (x25519) and, on retry, its second (secp256r1 and the cookie). */
export function s5Offer(): TraceOffer {
  const groups: u16[] = [0x001d, 0x0017, 0x0018];
  return new TraceOffer(traceParams(S5_CLIENT_RANDOM, groups), S5_CLIENT_HELLO_1,
    newKeyShare(0x001d, hex(S5_CLIENT_X25519_PRIVATE))!, S5_CLIENT_HELLO_2, newKeyShare(0x0017, hex(S5_CLIENT_P256_PRIVATE)));
}

/** takeOut returns the records the engine queued and clears them, as a socket driver would after sending. */
export function takeOut(e: TlsEngine): Uint8Array {
  const out = e.out.finish();
  e.out.clear();
  return out;
}

/** feedAll feeds every byte, draining application data as it comes; returns the application data seen. */
export function feedAll(e: TlsEngine, bytes: Uint8Array, step: i32 = 1 << 30): Uint8Array {
  const got = new Array<u8>();
  const buf = new Uint8Array(1 << 15);
  let at = 0;
  while (at < bytes.length && !e.failed) {
    const taken = e.feed(bytes.subarray(at, at + min(step, bytes.length - at)));
    at += taken;
    let drained = 0;
    for (let k = e.readPlain(buf.dataStart, buf.length); k > 0; k = e.readPlain(buf.dataStart, buf.length)) {
      for (let i = 0; i < k; i++) got.push(buf[i]);
      drained += k;
      e.process();
    }
    if (taken == 0 && drained == 0) break;
  }
  const out = new Uint8Array(got.length);
  for (let i = 0; i < got.length; i++) out[i] = got[i];
  return out;
}

/** started is a client that sent its ClientHello, which was taken out. */
export function started(offer: TraceOffer, verifier: TraceVerifier = new TraceVerifier()): TlsEngine {
  const e = new TlsEngine(offer, verifier);
  e.begin();
  takeOut(e);
  return e;
}

/** connectedS3 is a client that completed RFC 8448 §3's handshake; its Finished was taken out. */
export function connectedS3(): TlsEngine {
  const e = started(s3Offer());
  feedAll(e, hex(S3_SERVER_HELLO_RECORD + S3_SERVER_FLIGHT_RECORD));
  takeOut(e);
  return e;
}

/** plain makes a plaintext record. */
export function plain(type: i32, content: string): Uint8Array {
  const c = hex(content);
  const w = new TlsWriter();
  w.u8(type).u16(TLS_1_2).u16(c.length).bytes(c);
  return w.finish();
}

/** Sealer protects records as the server of the trace would, under one of its traffic secrets. */
export class Sealer {
  private p: RecordProtection;
  constructor(secret: string) {
    this.p = RecordProtection.fromSecret(cipherSuite(0x1301)!, hex(secret))!;
  }
  seal(type: i32, content: string, padding: i32 = 0): Uint8Array {
    const c = hex(content);
    const inner = new Uint8Array(c.length + 1 + padding);
    inner.set(c);
    inner[c.length] = <u8>type;
    const w = new TlsWriter();
    this.p.seal(inner, w);
    return w.finish();
  }
  /** open returns the TLSInnerPlaintext of one record, as hex, or "null". */
  open(record: Uint8Array): string {
    return toHex(this.p.open(record.subarray(0, 5), record.subarray(5)));
  }
}

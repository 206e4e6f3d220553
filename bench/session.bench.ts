// session.*: assembly/session in a release-built fixture guest (test/fixtures/guests/session_bench.ts), run
// in-process, against node:crypto doing the same work in the same run.
//
// session.cookie.open opens a sealed cookie holding a 600-byte payload (a session summary with a few groups): the
// v1 prefix, base64url decode, ChaCha20-Poly1305 tag check and decryption under the current key, the times. The
// reference does the same base64url decode and AEAD open with node:crypto (lenient Buffer base64url, OpenSSL's
// AEAD). Each guest call opens OPS times inside the guest, so the JS->wasm call is not counted (pattern of
// bench/crypto.bench.ts); rounds alternate, and each side reports its median.
import { createDecipheriv } from "node:crypto";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { aad, KEY_A, nodeSeal } from "../test/fuzz/session_reference.js";
import { pairedNsPerOp, row, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  open_n(ptr: number, len: number, nameUnits: number, now: bigint, n: number): number;
}

const OPS = 400;
const NAME = "__Host-oidc_session";
const IAT = 1_700_000_000n;
const PAYLOAD_BYTES = 600;

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("session_bench");
  const payload = new Uint8Array(PAYLOAD_BYTES).map((_, i) => (i * 131 + 7) & 0xff);
  const value = nodeSeal(KEY_A, NAME, payload, IAT, IAT + 3600n);
  const input = new Uint8Array(Buffer.from(NAME + value, "utf16le"));
  const cookieAad = aad(NAME);
  const now = IAT + 60n;
  const [guestNs, nodeNs] = pairedNsPerOp(OPS, () => {
    const r = guest.call(input, (x, ptr, len) => x.open_n(ptr, len, NAME.length, now, OPS));
    if (r !== PAYLOAD_BYTES) throw new Error(`open_n failed in the guest: ${r}`);
  }, () => {
    for (let i = 0; i < OPS; i++) {
      if (nodeOpen(value, cookieAad, now).length !== PAYLOAD_BYTES) throw new Error("node:crypto did not open");
    }
  });
  return [row("session.cookie.open", guestNs, "ns/op",
    "node:crypto base64url decode + createDecipheriv chacha20-poly1305 (600-byte payload)", nodeNs)];
}

// The same steps as openCookie with one key: prefix, decode, tag check and decryption, expiry.
function nodeOpen(value: string, cookieAad: Buffer, now: bigint): Buffer {
  if (!value.startsWith("v1.")) throw new Error("not v1");
  const raw = Buffer.from(value.slice(3), "base64url");
  const d = createDecipheriv("chacha20-poly1305", KEY_A, raw.subarray(0, 12), { authTagLength: 16 });
  d.setAAD(cookieAad, { plaintextLength: raw.length - 28 });
  d.setAuthTag(raw.subarray(raw.length - 16));
  const plain = Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]);
  if (now >= plain.readBigInt64LE(8)) throw new Error("expired");
  return plain.subarray(16);
}

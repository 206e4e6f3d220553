// The TLS 1.3 key schedule (RFC 8446 §7) against every secret, key and IV RFC 8448 §3 and §5 print, the
// transcript hash with and without a HelloRetryRequest, and HKDF-Expand-Label over SHA-384.
import {
  deriveSecret, emptyHash, finishedVerifyData, hkdfExpandLabel, KeySchedule, nextTrafficSecret, trafficIv, trafficKey,
} from "../../../assembly/tls/key_schedule";
import { TlsHash } from "../../../assembly/tls/suites";
import { Transcript } from "../../../assembly/tls/transcript";
import { hex, toHex } from "../crypto/helpers";
import {
  S3_CERTIFICATE, S3_CERTIFICATE_VERIFY, S3_CLIENT_AP_IV, S3_CLIENT_AP_KEY, S3_CLIENT_AP_SECRET, S3_CLIENT_FINISHED_VERIFY,
  S3_CLIENT_HELLO, S3_CLIENT_HS_IV, S3_CLIENT_HS_KEY, S3_CLIENT_HS_SECRET, S3_DERIVED_FOR_HANDSHAKE, S3_DERIVED_FOR_MASTER,
  S3_EARLY_SECRET, S3_ENCRYPTED_EXTENSIONS, S3_FINISHED_HASH, S3_HANDSHAKE_SECRET, S3_HELLO_HASH, S3_MASTER_SECRET,
  S3_SERVER_AP_IV, S3_SERVER_AP_KEY, S3_SERVER_AP_SECRET, S3_SERVER_FINISHED, S3_SERVER_FINISHED_KEY_VERIFY,
  S3_SERVER_HELLO, S3_SERVER_HS_IV, S3_SERVER_HS_KEY, S3_SERVER_HS_SECRET, S3_SHARED_SECRET, S5_CLIENT_HELLO_1,
  S5_CLIENT_HELLO_2, S5_CLIENT_HS_SECRET, S5_HANDSHAKE_SECRET, S5_HELLO_HASH, S5_HELLO_RETRY_REQUEST, S5_SERVER_HELLO,
  S5_SERVER_HS_SECRET, S5_SHARED_SECRET,
} from "./rfc8448";

const SHA384_EARLY = "7ee8206f5570023e6dc7519eb1073bc4e791ad37b5c382aa10ba18e2357e716971f9362f2c2fe2a76bfd78dfec4ea9b5";
const SHA384_DERIVED = "1591dac5cbbf0330a4a84de9c753330e92d01f0a88214b4464972fd668049e93e52f2b16fad922fdc0584478428f282b";

function s3Schedule(): KeySchedule {
  const ks = new KeySchedule(TlsHash.Sha256);
  ks.handshake(hex(S3_SHARED_SECRET), hex(S3_HELLO_HASH));
  ks.application(hex(S3_FINISHED_HASH));
  return ks;
}

describe("key schedule of RFC 8448 §3 (simple 1-RTT)", () => {
  it("starts from the early secret of a zero PSK", () => {
    expect(toHex(new KeySchedule(TlsHash.Sha256).earlySecret)).toBe(S3_EARLY_SECRET);
  });

  it("derives the salt of the handshake and master secrets with the \"derived\" label", () => {
    const ks = s3Schedule();
    expect(toHex(deriveSecret(TlsHash.Sha256, ks.earlySecret, "derived", emptyHash(TlsHash.Sha256)))).toBe(S3_DERIVED_FOR_HANDSHAKE);
    expect(toHex(deriveSecret(TlsHash.Sha256, ks.handshakeSecret, "derived", emptyHash(TlsHash.Sha256)))).toBe(S3_DERIVED_FOR_MASTER);
  });

  it("extracts the handshake secret from the x25519 shared secret and derives both handshake traffic secrets", () => {
    const ks = s3Schedule();
    expect(toHex(ks.handshakeSecret)).toBe(S3_HANDSHAKE_SECRET);
    expect(toHex(ks.clientHandshakeSecret)).toBe(S3_CLIENT_HS_SECRET);
    expect(toHex(ks.serverHandshakeSecret)).toBe(S3_SERVER_HS_SECRET);
  });

  it("extracts the master secret and derives both application traffic secrets", () => {
    const ks = s3Schedule();
    expect(toHex(ks.masterSecret)).toBe(S3_MASTER_SECRET);
    expect(toHex(ks.clientApplicationSecret)).toBe(S3_CLIENT_AP_SECRET);
    expect(toHex(ks.serverApplicationSecret)).toBe(S3_SERVER_AP_SECRET);
  });

  it("derives the AES-128-GCM key and IV of every traffic secret", () => {
    const pairs: string[][] = [
      [S3_SERVER_HS_SECRET, S3_SERVER_HS_KEY, S3_SERVER_HS_IV], [S3_CLIENT_HS_SECRET, S3_CLIENT_HS_KEY, S3_CLIENT_HS_IV],
      [S3_SERVER_AP_SECRET, S3_SERVER_AP_KEY, S3_SERVER_AP_IV], [S3_CLIENT_AP_SECRET, S3_CLIENT_AP_KEY, S3_CLIENT_AP_IV],
    ];
    for (let i = 0; i < pairs.length; i++) {
      expect(toHex(trafficKey(TlsHash.Sha256, hex(pairs[i][0]), 16))).toBe(pairs[i][1]);
      expect(toHex(trafficIv(TlsHash.Sha256, hex(pairs[i][0])))).toBe(pairs[i][2]);
    }
  });

  it("computes both Finished verify_data over the transcript hashes the trace implies", () => {
    const t = new Transcript();
    t.add(hex(S3_CLIENT_HELLO));
    t.select(TlsHash.Sha256);
    t.add(hex(S3_SERVER_HELLO));
    expect(toHex(t.current())).toBe(S3_HELLO_HASH);
    t.add(hex(S3_ENCRYPTED_EXTENSIONS));
    t.add(hex(S3_CERTIFICATE));
    t.add(hex(S3_CERTIFICATE_VERIFY));
    const serverFinished = finishedVerifyData(TlsHash.Sha256, hex(S3_SERVER_HS_SECRET), t.current());
    expect(toHex(serverFinished)).toBe(S3_SERVER_FINISHED_KEY_VERIFY);
    t.add(hex(S3_SERVER_FINISHED));
    expect(toHex(t.current())).toBe(S3_FINISHED_HASH);
    expect(toHex(finishedVerifyData(TlsHash.Sha256, hex(S3_CLIENT_HS_SECRET), t.current()))).toBe(S3_CLIENT_FINISHED_VERIFY);
  });
});

describe("key schedule of RFC 8448 §5 (HelloRetryRequest)", () => {
  it("replaces the first ClientHello by message_hash in the transcript", () => {
    const t = new Transcript();
    t.add(hex(S5_CLIENT_HELLO_1));
    t.select(TlsHash.Sha256);
    t.replaceWithMessageHash();
    t.add(hex(S5_HELLO_RETRY_REQUEST));
    t.add(hex(S5_CLIENT_HELLO_2));
    t.add(hex(S5_SERVER_HELLO));
    expect(toHex(t.current())).toBe(S5_HELLO_HASH);
  });

  it("derives the handshake secrets from the secp256r1 shared secret", () => {
    const ks = new KeySchedule(TlsHash.Sha256);
    ks.handshake(hex(S5_SHARED_SECRET), hex(S5_HELLO_HASH));
    expect(toHex(ks.handshakeSecret)).toBe(S5_HANDSHAKE_SECRET);
    expect(toHex(ks.clientHandshakeSecret)).toBe(S5_CLIENT_HS_SECRET);
    expect(toHex(ks.serverHandshakeSecret)).toBe(S5_SERVER_HS_SECRET);
  });
});

describe("HKDF-Expand-Label and the SHA-384 schedule", () => {
  it("encodes HkdfLabel as length, \"tls13 \" + label and context (the RFC 8448 'key' info)", () => {
    // RFC 8448 §3 prints the info of the server handshake key: 00 10 09 "tls13 key" 00; expanding with it by hand
    // must agree with hkdfExpandLabel.
    expect(toHex(hkdfExpandLabel(TlsHash.Sha256, hex(S3_SERVER_HS_SECRET), "key", new Uint8Array(0), 16))).toBe(S3_SERVER_HS_KEY);
  });

  it("gives SHA-384 secrets of 48 bytes, keys of 32 and IVs of 12", () => {
    const ks = new KeySchedule(TlsHash.Sha384);
    ks.handshake(hex(S3_SHARED_SECRET), new Uint8Array(48));
    ks.application(new Uint8Array(48));
    expect(ks.earlySecret.length).toBe(48);
    expect(ks.clientHandshakeSecret.length).toBe(48);
    expect(ks.serverApplicationSecret.length).toBe(48);
    expect(trafficKey(TlsHash.Sha384, ks.serverApplicationSecret, 32).length).toBe(32);
    expect(trafficIv(TlsHash.Sha384, ks.serverApplicationSecret).length).toBe(12);
  });

  it("matches node:crypto's HKDF-SHA-384 for the early secret and a derived label", () => {
    // From node:crypto: HMAC-SHA-384(zeros(48), zeros(48)), then hkdfSync('sha384', zeros(48), zeros(48), info, 48)
    // with info = HkdfLabel(48, "tls13 derived", SHA-384("")).
    const ks = new KeySchedule(TlsHash.Sha384);
    expect(toHex(ks.earlySecret)).toBe(SHA384_EARLY);
    expect(toHex(deriveSecret(TlsHash.Sha384, ks.earlySecret, "derived", emptyHash(TlsHash.Sha384)))).toBe(SHA384_DERIVED);
  });

  it("updates a traffic secret with \"traffic upd\" (KeyUpdate), a different secret of the same length", () => {
    const next = nextTrafficSecret(TlsHash.Sha256, hex(S3_SERVER_AP_SECRET));
    expect(next.length).toBe(32);
    expect(toHex(next)).toBe(toHex(hkdfExpandLabel(TlsHash.Sha256, hex(S3_SERVER_AP_SECRET), "traffic upd", new Uint8Array(0), 32)));
    expect(toHex(next) == S3_SERVER_AP_SECRET).toBe(false);
  });
});

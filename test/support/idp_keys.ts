// Signing keys of the test identity provider (test/support/idp.ts) and a JWS signer for crafted tokens. Keys are
// generated with jose at start, one per algorithm, newest first: oidc-provider signs with the first key whose `alg`
// matches, so putting a new key in front is a key rotation. The signer assembles JWS Compact by hand so that tests
// can put anything in the header (unknown `crit`, a foreign `kid`, `alg: none`), which jose's own signer refuses.

import { createHmac, KeyObject, randomBytes, sign as cryptoSign, constants } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";

/** SigningAlg lists the JWS algorithms the provider can sign ID tokens, logout tokens and access tokens with. */
export type SigningAlg =
  | "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA" | "Ed25519";

/** DEFAULT_ALGS are the algorithms a provider has keys for unless told otherwise (RS256 signs by default). */
export const DEFAULT_ALGS: readonly SigningAlg[] = ["RS256", "PS256", "ES256", "EdDSA"];

/** SigningKey is one generated key pair; `privateJwk` carries `kid`, `alg` and `use: "sig"`. */
export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateJwk: JWK;
  publicJwk: JWK;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** KeyRing holds the provider's keys, newest first; the first key of an algorithm is the one that signs. */
export class KeyRing {
  private keys: SigningKey[] = [];
  private generation = 0;

  /** KeyRing.create generates one key for each algorithm in algs. */
  static async create(algs: readonly SigningAlg[]): Promise<KeyRing> {
    const ring = new KeyRing();
    await ring.rotate(algs, false);
    return ring;
  }

  /**
   * rotate puts a new key for each algorithm in algs in front of the older ones, which stay published (so tokens
   * they signed still verify) unless retire is true. It returns the new keys.
   */
  async rotate(algs: readonly SigningAlg[], retire: boolean): Promise<SigningKey[]> {
    this.generation++;
    const fresh = await Promise.all([...new Set(algs)].map((alg) => generateSigningKey(alg, `${alg.toLowerCase()}-g${this.generation}-${randomBytes(3).toString("hex")}`)));
    const kept = retire ? this.keys.filter((k) => !algs.includes(k.alg)) : this.keys;
    this.keys = [...fresh, ...kept];
    return fresh;
  }

  /** current is the key that signs alg; it throws when the ring has none (a test asked for an alg not configured). */
  current(alg: SigningAlg): SigningKey {
    const key = this.keys.find((k) => k.alg === alg);
    if (key === undefined) throw new Error(`the test provider has no ${alg} key; add it to startIdp({ algs })`);
    return key;
  }

  /** byKid finds a key by its kid. */
  byKid(kid: string): SigningKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  /** algs lists the algorithms the ring has a key for. */
  algs(): SigningAlg[] {
    return [...new Set(this.keys.map((k) => k.alg))];
  }

  /** providerJwks is the private JWK Set handed to oidc-provider's `jwks` option, newest first. */
  providerJwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => ({ ...k.privateJwk })) };
  }

  /** publicJwks is what the provider's jwks_uri serves. */
  publicJwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => ({ ...k.publicJwk })) };
  }
}

/** generateSigningKey makes one extractable key pair for alg with the given kid (RSA keys are 2048 bits). */
export async function generateSigningKey(alg: SigningAlg, kid: string): Promise<SigningKey> {
  const rsa = alg.startsWith("RS") || alg.startsWith("PS");
  const pair = await generateKeyPair(alg, { extractable: true, ...(rsa ? { modulusLength: 2048 } : {}) });
  const privateJwk: JWK = { ...await exportJWK(pair.privateKey), kid, alg, use: "sig" };
  const publicJwk: JWK = { ...await exportJWK(pair.publicKey), kid, alg, use: "sig" };
  return {
    kid, alg, privateJwk, publicJwk,
    privateKey: KeyObject.from(pair.privateKey), publicKey: KeyObject.from(pair.publicKey),
  };
}

/** JwsAlg adds the algorithms only crafted tokens use: HMAC (alg-confusion tests) and "none". */
export type JwsAlg = SigningAlg | "HS256" | "HS384" | "HS512" | "none";

/**
 * signCompact returns header.payload.signature for any header and payload. key is a private KeyObject for the
 * asymmetric algorithms, bytes for HS*, ignored for "none" (empty signature). It checks nothing about the claims:
 * that is the point.
 */
export function signCompact(header: Record<string, unknown>, payload: Record<string, unknown> | string, alg: JwsAlg, key?: KeyObject | Uint8Array): string {
  const input = `${b64(JSON.stringify(header))}.${b64(typeof payload === "string" ? payload : JSON.stringify(payload))}`;
  if (alg === "none") return `${input}.`;
  const data = Buffer.from(input);
  if (alg.startsWith("HS")) {
    if (!(key instanceof Uint8Array)) throw new Error(`${alg} needs a byte key`);
    return `${input}.${createHmac(`sha${alg.slice(2)}`, key).update(data).digest("base64url")}`;
  }
  if (!(key instanceof KeyObject)) throw new Error(`${alg} needs a private key`);
  return `${input}.${asymmetricSign(alg as SigningAlg, data, key).toString("base64url")}`;
}

function asymmetricSign(alg: SigningAlg, data: Buffer, key: KeyObject): Buffer {
  if (alg === "EdDSA" || alg === "Ed25519") return cryptoSign(null, data, key);
  const hash = `sha${alg.slice(2)}`;
  if (alg.startsWith("RS")) return cryptoSign(hash, data, { key, padding: constants.RSA_PKCS1_PADDING });
  // RFC 7518 §3.5: the PSS salt is as long as the hash.
  if (alg.startsWith("PS")) return cryptoSign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
  // RFC 7518 §3.4: ECDSA signatures are R || S, not DER.
  return cryptoSign(hash, data, { key, dsaEncoding: "ieee-p1363" });
}

const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64url");

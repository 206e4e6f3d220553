// The jose_probe fixture guest (test/fixtures/guests/jose_probe.ts), run in-process through InProcessGuest, with
// one typed method per export, and the JOSE layer's error codes (assembly/jose/errors.ts) by name.
import { InProcessGuest, type GuestBuffers } from "../support/inprocess_guest.js";

export { GuestTrap, toHex } from "../support/inprocess_guest.js";

interface ProbeExports extends GuestBuffers {
  load_jwks(ptr: number, len: number): number;
  set_options(ptr: number, len: number): number;
  verify_jwt(now: bigint, ptr: number, len: number): number;
  verify_jws(ptr: number, len: number): number;
  fuzz_jwks(ptr: number, len: number): number;
  fuzz_claims(now: bigint, ptr: number, len: number): number;
}

/** JoseErr mirrors assembly/jose/errors.ts; the values are the guest's stable codes. */
export const JoseErr = {
  Ok: 0,
  JwsInvalid: 1,
  JwsTooLarge: 2,
  AlgNotAllowed: 3,
  NotSupported: 4,
  JwksInvalid: 5,
  JwksNoMatchingKey: 6,
  JwksMultipleMatchingKeys: 7,
  SignatureInvalid: 8,
  JwtInvalid: 9,
  JwtExpired: 10,
  ClaimInvalid: 11,
  OptionsInvalid: 12,
  JwkInvalid: 13,
} as const;
export type JoseCode = (typeof JoseErr)[keyof typeof JoseErr];

/** The guest's stable names, by code (joseErrName). */
export const JOSE_ERR_NAMES: Record<number, string> = {
  0: "OK", 1: "ERR_JWS_INVALID", 2: "ERR_JWS_TOO_LARGE", 3: "ERR_JOSE_ALG_NOT_ALLOWED", 4: "ERR_JOSE_NOT_SUPPORTED",
  5: "ERR_JWKS_INVALID", 6: "ERR_JWKS_NO_MATCHING_KEY", 7: "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  8: "ERR_JWS_SIGNATURE_INVALID", 9: "ERR_JWT_INVALID", 10: "ERR_JWT_EXPIRED", 11: "ERR_JWT_CLAIM_VALIDATION_FAILED",
  12: "ERR_JOSE_OPTIONS_INVALID", 13: "ERR_JWK_INVALID",
};

/** The probe's code for a misused export (jose_probe.ts BAD_CALL). */
const BAD_CALL = 1000;

/** Result is a code and the guest's output as text: claims JSON, payload, key report or "ERR_NAME: message". */
export interface Result {
  code: number;
  text: string;
}

/** Options for set_options; absent members keep the probe's defaults (issuer https://issuer.example, aud client-1). */
export interface ProbeOptions {
  issuer?: string;
  audience?: string;
  typ?: string | null;
  algorithms?: string[] | null;
  clockSkew?: number;
  maxAge?: number;
  requireExp?: boolean;
  requireIat?: boolean;
  skipIssuer?: boolean;
  skipAudience?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class JoseGuest {
  private constructor(private readonly guest: InProcessGuest<ProbeExports>) {}

  static async create(): Promise<JoseGuest> {
    return new JoseGuest(await InProcessGuest.load<ProbeExports>("jose_probe"));
  }

  get unexpectedImports(): number {
    return this.guest.unexpectedImports;
  }

  /** loadJwks makes doc the JWKS later calls verify with (the previous one stays on failure). */
  loadJwks(doc: string | Uint8Array | object): Result {
    return this.run(bytesOf(doc), (x, p, l) => x.load_jwks(p, l));
  }

  setOptions(options: ProbeOptions): void {
    const code = this.guest.call(encoder.encode(JSON.stringify(options)), (x, p, l) => x.set_options(p, l));
    if (code !== 0) throw new Error(`set_options answered ${code}`);
  }

  /** verifyJwt verifies token at `now` (seconds); text is the claims set as JSON on success. */
  verifyJwt(token: string | Uint8Array, now: number): Result {
    return this.run(bytesOf(token), (x, p, l) => x.verify_jwt(BigInt(now), p, l));
  }

  /** verifyJws checks the signature only; text is the payload (UTF-8) on success. */
  verifyJws(token: string | Uint8Array): Result {
    return this.run(bytesOf(token), (x, p, l) => x.verify_jws(p, l));
  }

  /** fuzzJwks parses doc as a JWKS and runs key selection over it, keeping nothing; returns the parse's code. */
  fuzzJwks(doc: Uint8Array): number {
    const code = this.guest.call(doc, (x, p, l) => x.fuzz_jwks(p, l));
    if (code === BAD_CALL) throw new Error("fuzz_jwks: bad call");
    return code;
  }

  /** fuzzClaims runs the input as a verified payload through verifyClaims and every claims.ts helper. */
  fuzzClaims(payload: Uint8Array, now: number): number {
    const code = this.guest.call(payload, (x, p, l) => x.fuzz_claims(BigInt(now), p, l));
    if (code === BAD_CALL) throw new Error("fuzz_claims: bad call");
    return code;
  }

  memoryBytes(): number {
    return this.guest.memoryBytes();
  }

  takeLogs(): string[] {
    return this.guest.takeLogs();
  }

  private run(input: Uint8Array, fn: (x: ProbeExports, ptr: number, len: number) => number): Result {
    const code = this.guest.call(input, fn);
    if (code === BAD_CALL) throw new Error("jose_probe: bad call");
    return { code, text: decoder.decode(this.guest.output()) };
  }
}

function bytesOf(v: string | Uint8Array | object): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return encoder.encode(typeof v === "string" ? v : JSON.stringify(v));
}

// RSASSA-PSS parameters (RFC 4055 §3.1) as they appear in a signature AlgorithmIdentifier and, as restrictions,
// in an id-RSASSA-PSS public key. Parsing keeps what was written (SHA-1 defaults included); whether crypto/rsa.ts
// can honour it, which needs MGF1 over the same hash and, for signatures, a salt as long as the hash, is
// pssSignatureProblem's and pssKeyProblem's to say.

import { contextTag, DerReader, Tag } from "./der";
import { Oid, oidAt } from "./oid";

/** PssParams holds the four parameters, with the RFC 4055 defaults: SHA-1, MGF1 with SHA-1, salt 20, trailer 1. */
export class PssParams {
  /** hash and mgfHash are SHA sizes in bits (160, 256, 384, 512), 0 for any other algorithm. */
  hash: i32 = 160;
  mgfHash: i32 = 160;
  saltLength: i32 = 20;
}

/**
 * parsePssParams reads RSASSA-PSS-params from r, the content of its SEQUENCE, into out. It returns false (problem
 * on r) for malformed DER, a mask generation function other than MGF1 or a trailerField other than 1
 * (trailerFieldBC, the only one §3.1 defines).
 */
export function parsePssParams(r: DerReader, out: PssParams): bool {
  const hash = r.peek() == contextTag(0, true) ? r.enter(contextTag(0, true)) : null;
  if (hash !== null) {
    out.hash = readHashAlgorithm(hash);
    if (out.hash < 0 || !hash.finish("hashAlgorithm")) return false;
  }
  const mgf = r.peek() == contextTag(1, true) ? r.enter(contextTag(1, true)) : null;
  if (mgf !== null) {
    const alg = mgf.enter(Tag.Sequence);
    if (alg === null || !alg.readOid()) return false;
    if (oidAt(alg.data, alg.contentStart, alg.contentLength) != Oid.Mgf1) {
      return alg.fail("mask generation function other than MGF1");
    }
    out.mgfHash = readHashAlgorithm(alg);
    if (out.mgfHash < 0 || !alg.finish("maskGenAlgorithm") || !mgf.finish("maskGenAlgorithm")) return false;
  }
  const salt = r.peek() == contextTag(2, true) ? r.enter(contextTag(2, true)) : null;
  if (salt !== null) {
    out.saltLength = salt.readSmall(1 << 16);
    if (out.saltLength < 0 || !salt.finish("saltLength")) return false;
  }
  const trailer = r.peek() == contextTag(3, true) ? r.enter(contextTag(3, true)) : null;
  if (trailer !== null) {
    const t = trailer.readSmall(255);
    if (t < 0 || !trailer.finish("trailerField")) return false;
    if (t != 1) return trailer.fail("trailerField other than 1");
  }
  return r.finish("RSASSA-PSS-params");
}

/**
 * pssSignatureProblem is "" when crypto/rsa.ts can verify a signature made with p (SHA-256/384/512, MGF1 with the
 * same hash, salt as long as the hash: RFC 8446 §4.2.3 and RFC 7518 §3.5 ask the same), else why not.
 */
export function pssSignatureProblem(p: PssParams): string {
  if (p.hash != 256 && p.hash != 384 && p.hash != 512) return "RSASSA-PSS with " + hashName(p.hash);
  if (p.mgfHash != p.hash) return "RSASSA-PSS with MGF1 over " + hashName(p.mgfHash) + " and " + hashName(p.hash);
  if (p.saltLength != p.hash / 8) return "RSASSA-PSS with a salt of " + p.saltLength.toString() + " bytes";
  return "";
}

/**
 * pssKeyProblem is "" when the restrictions p of an id-RSASSA-PSS key (RFC 4055 §3.1: the hash to use and the
 * minimum salt) leave room for a signature pssSignatureProblem accepts, else why not.
 */
export function pssKeyProblem(p: PssParams): string {
  if (p.hash != 256 && p.hash != 384 && p.hash != 512) return "RSASSA-PSS key for " + hashName(p.hash);
  if (p.mgfHash != p.hash) return "RSASSA-PSS key with MGF1 over " + hashName(p.mgfHash);
  if (p.saltLength > p.hash / 8) return "RSASSA-PSS key with a minimum salt of " + p.saltLength.toString() + " bytes";
  return "";
}

/** hashName is "SHA-256" for 256 and so on, "SHA-1" for 160, "an unknown hash" for 0. */
export function hashName(bits: i32): string {
  if (bits == 160) return "SHA-1";
  if (bits == 0) return "an unknown hash";
  return "SHA-" + bits.toString();
}

/**
 * readHashAlgorithm reads an AlgorithmIdentifier of a hash (SEQUENCE { OID, NULL OPTIONAL }; RFC 4055 §2.1 lets
 * the NULL be there or not) and returns its size in bits, 0 when unknown, -1 when malformed.
 */
export function readHashAlgorithm(r: DerReader): i32 {
  const alg = r.enter(Tag.Sequence);
  if (alg === null || !alg.readOid()) return -1;
  const oid = oidAt(alg.data, alg.contentStart, alg.contentLength);
  if (alg.peek() == Tag.Null && !alg.readNull()) return -1;
  if (!alg.finish("hash AlgorithmIdentifier")) return -1;
  if (oid == Oid.Sha1) return 160;
  if (oid == Oid.Sha256) return 256;
  if (oid == Oid.Sha384) return 384;
  if (oid == Oid.Sha512) return 512;
  return 0;
}

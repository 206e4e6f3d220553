// A test PKI made with the openssl CLI (Debian's openssl 3.0): root CAs, intermediates and server certificates
// with chosen keys, names, validity windows and extensions, written to a temporary directory and returned as PEM,
// DER and file paths, so a test can hand them to the guest, to node:tls or to any other TLS server. Every
// certificate is issued with `openssl ca` (which is what takes -startdate/-enddate in 3.0); keys are made with
// node:crypto and cached per process by type and name, since RSA 4096 key generation takes seconds.
//
//   const pki = Pki.create();
//   const root = pki.issue({ subject: "/CN=Example Root", ca: true, key: "rsa2048" });
//   const leaf = pki.issue({ subject: "/CN=idp.example.com", issuer: root, dns: ["idp.example.com"] });
//   ... leaf.certPem, leaf.keyPem, pki.bundle(root) ...
//   pki.cleanup();
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * KeyType names the keys this PKI makes; "rsa-pss2048" is an id-RSASSA-PSS key (RFC 4055) without restrictions,
 * "rsa1024" a key too small for any current verifier, for negative tests.
 */
export type KeyType = "rsa1024" | "rsa2048" | "rsa4096" | "rsa-pss2048" | "p256" | "p384" | "p521" | "ed25519";

/** Key is a private key in PKCS #8 PEM and DER, with its public key in SPKI PEM. */
export interface Key {
  readonly type: KeyType;
  readonly name: string;
  readonly keyPem: string;
  readonly keyDer: Buffer;
  readonly publicKeyPem: string;
}

/** CertSpec says what to issue. Everything but subject has a default fit for a working chain. */
export interface CertSpec {
  /** subject in openssl's -subj form, "/CN=Example Root/O=Example" (a "/" inside a value must be escaped "\/"). */
  subject: string;
  /** key: a type (the key is then the cached one of that type and keyName) or a Key. Default "p256". */
  key?: KeyType | Key;
  /** keyName picks the cached key; default: the subject, so the same subject gets the same key. */
  keyName?: string;
  /** issuer signs the certificate; absent: self-signed. */
  issuer?: Issued;
  /** ca: basicConstraints critical CA:TRUE (true) or CA:FALSE (false). Default: true without issuer or with pathLen, else none. */
  ca?: boolean;
  /** pathLen adds pathlen:N to a CA's basicConstraints. */
  pathLen?: number;
  /** keyUsage values in openssl's names; null leaves the extension out. Default: CAs keyCertSign and cRLSign, others digitalSignature. */
  keyUsage?: string[] | null;
  /** extKeyUsage values ("serverAuth", "clientAuth", "anyExtendedKeyUsage", an OID); default: none for CAs, serverAuth otherwise. */
  extKeyUsage?: string[] | null;
  /** dns and ips become subjectAltName dNSName and iPAddress entries. */
  dns?: string[];
  ips?: string[];
  /** nameConstraints in openssl's form: "critical,permitted;DNS:example.com,excluded;IP:10.0.0.0/255.0.0.0". */
  nameConstraints?: string;
  /** The validity window; default: from a day ago to 365 days ahead. */
  notBefore?: Date;
  notAfter?: Date;
  /** digest of the issuer's signature (ignored for Ed25519 issuers; "sha1" for negative tests). Default "sha256". */
  digest?: "sha1" | "sha256" | "sha384" | "sha512";
  /** pss signs with RSASSA-PSS (salt as long as the digest, MGF1 with the same hash) with an rsaEncryption issuer key. */
  pss?: boolean;
  /**
   * extensions are extra openssl extension lines, such as "1.2.3.4.5 = critical,DER:05:00"; they may end with
   * sections of their own ("[ dir_sect ]", "O = Example") for values that refer to one.
   */
  extensions?: string[];
  /** keyIdentifiers adds subjectKeyIdentifier and, when issued, authorityKeyIdentifier. Default true. */
  keyIdentifiers?: boolean;
}

/** Issued is a certificate, its key and where both were written. */
export interface Issued {
  readonly subject: string;
  readonly certPem: string;
  readonly certDer: Buffer;
  readonly certPath: string;
  readonly key: Key;
  readonly keyPem: string;
  readonly keyPath: string;
  /** x509 is node's view of the certificate, for cross-checks. */
  readonly x509: X509Certificate;
  readonly spec: CertSpec;
}

const DAY_MS = 86_400_000;
const keyCache = new Map<string, Key>();

/** Pki issues certificates into its own temporary directory. */
export class Pki {
  private serial = 0;

  private constructor(readonly dir: string) {
    writeFileSync(join(dir, "index.txt"), "");
    writeFileSync(join(dir, "ca.cnf"), CA_CONFIG);
  }

  /** create makes a Pki in a fresh temporary directory; cleanup() removes it. */
  static create(): Pki {
    return new Pki(mkdtempSync(join(tmpdir(), "pki-")));
  }

  /** key returns the process-wide cached key of type and name, generating it on first use. */
  static key(type: KeyType, name = "default"): Key {
    const id = `${type}:${name}`;
    let key = keyCache.get(id);
    if (key === undefined) {
      key = generate(type, name);
      keyCache.set(id, key);
    }
    return key;
  }

  /** issue makes one certificate as spec says. */
  issue(spec: CertSpec): Issued {
    const key = typeof spec.key === "object" ? spec.key : Pki.key(spec.key ?? "p256", spec.keyName ?? spec.subject);
    const id = `c${++this.serial}`;
    const keyPath = this.write(`${id}.key`, key.keyPem);
    const csrPath = join(this.dir, `${id}.csr`);
    const certPath = join(this.dir, `${id}.pem`);
    const extPath = this.write(`${id}.ext`, extensionConfig(spec));
    this.openssl(["req", "-new", "-config", "ca.cnf", "-key", keyPath, "-subj", spec.subject, "-out", csrPath]);
    const issuer = spec.issuer;
    const signer = issuer === undefined ? ["-selfsign", "-keyfile", keyPath] : ["-cert", issuer.certPath, "-keyfile", issuer.keyPath];
    const signerType = issuer === undefined ? key.type : issuer.key.type;
    const now = Date.now();
    this.openssl([
      "ca", "-batch", "-config", "ca.cnf", "-notext", "-preserveDN", "-in", csrPath, "-out", certPath, ...signer,
      "-startdate", asn1Time(spec.notBefore ?? new Date(now - DAY_MS)),
      "-enddate", asn1Time(spec.notAfter ?? new Date(now + 365 * DAY_MS)),
      "-extfile", extPath, "-extensions", "ext", ...digestArgs(signerType, spec),
    ]);
    // openssl ca writes text before the PEM unless -notext; only the PEM block is kept either way.
    const certPem = pemOnly(readFileSync(certPath, "utf8"));
    const x509 = new X509Certificate(certPem);
    return { subject: spec.subject, certPem, certDer: x509.raw, certPath, key, keyPem: key.keyPem, keyPath, x509, spec };
  }

  /** bundle concatenates certificates' PEM, as a CA file or a server's chain file. */
  bundle(...certs: Issued[]): string {
    return certs.map((c) => c.certPem).join("");
  }

  /** writeBundle writes bundle(...certs) to name in the directory and returns its path. */
  writeBundle(name: string, ...certs: Issued[]): string {
    return this.write(name, this.bundle(...certs));
  }

  /** cleanup removes the directory and everything issued into it. */
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(name: string, content: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  private openssl(args: string[]): void {
    try {
      execFileSync("openssl", args, { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      throw new Error(`openssl ${args.join(" ")} failed: ${e.stderr?.toString() ?? e.message}`);
    }
  }
}

/** chainDer returns the DER of each certificate, in order: a server's certificate_list, leaf first. */
export function chainDer(...issued: Issued[]): Buffer[] {
  return issued.map((c) => c.certDer);
}

// The openssl ca configuration: a fresh database per Pki, any subject, random serials, the CSR's DN as given.
const CA_CONFIG = `[ ca ]
default_ca = ca_default
[ ca_default ]
database = index.txt
new_certs_dir = .
unique_subject = no
rand_serial = yes
policy = policy_any
default_md = sha256
email_in_dn = no
copy_extensions = none
[ policy_any ]
commonName = optional
[ req ]
distinguished_name = dn
utf8 = yes
string_mask = utf8only
[ dn ]
`;

function extensionConfig(spec: CertSpec): string {
  const isCa = spec.ca ?? (spec.issuer === undefined || spec.pathLen !== undefined);
  const lines = ["[ ext ]"];
  if (spec.ca !== undefined || isCa) {
    const pathLen = spec.pathLen === undefined ? "" : `,pathlen:${spec.pathLen}`;
    lines.push(`basicConstraints = critical,CA:${isCa ? "TRUE" : "FALSE"}${isCa ? pathLen : ""}`);
  }
  const keyUsage = spec.keyUsage === undefined ? (isCa ? ["keyCertSign", "cRLSign"] : ["digitalSignature"]) : spec.keyUsage;
  if (keyUsage !== null && keyUsage.length > 0) lines.push(`keyUsage = critical,${keyUsage.join(",")}`);
  const eku = spec.extKeyUsage === undefined ? (isCa ? null : ["serverAuth"]) : spec.extKeyUsage;
  if (eku !== null && eku.length > 0) lines.push(`extendedKeyUsage = ${eku.join(",")}`);
  if (spec.keyIdentifiers ?? true) {
    lines.push("subjectKeyIdentifier = hash");
    if (spec.issuer !== undefined) lines.push("authorityKeyIdentifier = keyid:always");
  }
  if (spec.nameConstraints !== undefined) lines.push(`nameConstraints = ${spec.nameConstraints}`);
  const san = [...(spec.dns ?? []).map((d, i) => `DNS.${i + 1} = ${d}`), ...(spec.ips ?? []).map((a, i) => `IP.${i + 1} = ${a}`)];
  if (san.length > 0) lines.push("subjectAltName = @san");
  // Extra lines may open sections of their own (a dirName's), so they and the SAN section come last.
  lines.push(...(spec.extensions ?? []));
  if (san.length > 0) lines.push("[ san ]", ...san);
  return lines.join("\n") + "\n";
}

function digestArgs(signer: KeyType, spec: CertSpec): string[] {
  if (signer === "ed25519") return ["-md", "default"];
  const md = spec.digest ?? "sha256";
  const args = ["-md", md];
  if (signer === "rsa-pss2048") return [...args, "-sigopt", "rsa_pss_saltlen:digest"];
  if (spec.pss) args.push("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest", "-sigopt", `rsa_mgf1_md:${md}`);
  return args;
}

function generate(type: KeyType, name: string): Key {
  const publicKeyEncoding = { type: "spki", format: "pem" } as const;
  const privateKeyEncoding = { type: "pkcs8", format: "pem" } as const;
  const rsa = (modulusLength: number) => generateKeyPairSync("rsa", { modulusLength, publicKeyEncoding, privateKeyEncoding });
  const ec = (namedCurve: string) => generateKeyPairSync("ec", { namedCurve, publicKeyEncoding, privateKeyEncoding });
  let pair: { publicKey: string; privateKey: string };
  switch (type) {
    case "rsa1024": pair = rsa(1024); break;
    case "rsa2048": pair = rsa(2048); break;
    case "rsa4096": pair = rsa(4096); break;
    case "rsa-pss2048": pair = generateKeyPairSync("rsa-pss", { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding }); break;
    case "p256": pair = ec("P-256"); break;
    case "p384": pair = ec("P-384"); break;
    case "p521": pair = ec("P-521"); break;
    case "ed25519": pair = generateKeyPairSync("ed25519", { publicKeyEncoding, privateKeyEncoding }); break;
  }
  const keyDer = Buffer.from(pair.privateKey.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  return { type, name, keyPem: pair.privateKey, keyDer, publicKeyPem: pair.publicKey };
}

// openssl ca -startdate/-enddate take YYYYMMDDHHMMSSZ; it writes UTCTime through 2049, GeneralizedTime after.
function asn1Time(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, "").replace(/\.\d+Z$/, "Z");
}

function pemOnly(text: string): string {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(text);
  if (m === null) throw new Error("openssl ca wrote no certificate");
  return m[0].endsWith("\n") ? m[0] : m[0] + "\n";
}

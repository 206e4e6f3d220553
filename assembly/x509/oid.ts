// The object identifiers this layer recognises, as one table of DER content octets, so the parsers compare a read
// OID once and switch on an enum afterwards. Unknown OIDs are shown in dotted form in messages.

/** Oid names every recognised object identifier; Unknown for the rest. Fewer than 64, so a u64 can hold a set. */
export const enum Oid {
  Unknown = 0,
  // Public keys and signature algorithms (RFC 3279, RFC 4055, RFC 5480, RFC 5758, RFC 8410).
  RsaEncryption, RsassaPss, Mgf1, Md5WithRsa, Sha1WithRsa, Sha256WithRsa, Sha384WithRsa, Sha512WithRsa,
  EcPublicKey, P256, P384, P521, EcdsaSha1, EcdsaSha256, EcdsaSha384, EcdsaSha512, Ed25519, Ed448,
  Sha1, Sha256, Sha384, Sha512,
  // Certificate extensions (RFC 5280 §4.2.1) and key purposes (§4.2.1.12).
  SubjectKeyId, KeyUsage, SubjectAltName, BasicConstraints, NameConstraints, AuthorityKeyId, ExtKeyUsage,
  ServerAuth, ClientAuth, CodeSigning, EmailProtection, TimeStamping, OcspSigning, AnyExtendedKeyUsage,
  // Name attributes (RFC 5280 §4.1.2.4, RFC 4519).
  CommonName, Surname, SerialNumber, Country, Locality, State, Street, Organization, OrgUnit, Title, GivenName,
  OrganizationIdentifier, DomainComponent, UserId, Email,
}

class OidEntry {
  constructor(readonly id: Oid, readonly bytes: StaticArray<u8>, readonly name: string) {}
}

const TABLE: Array<OidEntry> = [
  new OidEntry(Oid.RsaEncryption, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01], "rsaEncryption"),
  new OidEntry(Oid.RsassaPss, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a], "RSASSA-PSS"),
  new OidEntry(Oid.Mgf1, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08], "MGF1"),
  new OidEntry(Oid.Md5WithRsa, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04], "md5WithRSAEncryption"),
  new OidEntry(Oid.Sha1WithRsa, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05], "sha1WithRSAEncryption"),
  new OidEntry(Oid.Sha256WithRsa, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b], "sha256WithRSAEncryption"),
  new OidEntry(Oid.Sha384WithRsa, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c], "sha384WithRSAEncryption"),
  new OidEntry(Oid.Sha512WithRsa, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d], "sha512WithRSAEncryption"),
  new OidEntry(Oid.EcPublicKey, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], "id-ecPublicKey"),
  new OidEntry(Oid.P256, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], "P-256"),
  new OidEntry(Oid.P384, [0x2b, 0x81, 0x04, 0x00, 0x22], "P-384"),
  new OidEntry(Oid.P521, [0x2b, 0x81, 0x04, 0x00, 0x23], "P-521"),
  new OidEntry(Oid.EcdsaSha1, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01], "ecdsa-with-SHA1"),
  new OidEntry(Oid.EcdsaSha256, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02], "ecdsa-with-SHA256"),
  new OidEntry(Oid.EcdsaSha384, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03], "ecdsa-with-SHA384"),
  new OidEntry(Oid.EcdsaSha512, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04], "ecdsa-with-SHA512"),
  new OidEntry(Oid.Ed25519, [0x2b, 0x65, 0x70], "Ed25519"),
  new OidEntry(Oid.Ed448, [0x2b, 0x65, 0x71], "Ed448"),
  new OidEntry(Oid.Sha1, [0x2b, 0x0e, 0x03, 0x02, 0x1a], "SHA-1"),
  new OidEntry(Oid.Sha256, [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01], "SHA-256"),
  new OidEntry(Oid.Sha384, [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02], "SHA-384"),
  new OidEntry(Oid.Sha512, [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03], "SHA-512"),
  new OidEntry(Oid.SubjectKeyId, [0x55, 0x1d, 0x0e], "subjectKeyIdentifier"),
  new OidEntry(Oid.KeyUsage, [0x55, 0x1d, 0x0f], "keyUsage"),
  new OidEntry(Oid.SubjectAltName, [0x55, 0x1d, 0x11], "subjectAltName"),
  new OidEntry(Oid.BasicConstraints, [0x55, 0x1d, 0x13], "basicConstraints"),
  new OidEntry(Oid.NameConstraints, [0x55, 0x1d, 0x1e], "nameConstraints"),
  new OidEntry(Oid.AuthorityKeyId, [0x55, 0x1d, 0x23], "authorityKeyIdentifier"),
  new OidEntry(Oid.ExtKeyUsage, [0x55, 0x1d, 0x25], "extKeyUsage"),
  new OidEntry(Oid.ServerAuth, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01], "serverAuth"),
  new OidEntry(Oid.ClientAuth, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02], "clientAuth"),
  new OidEntry(Oid.CodeSigning, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03], "codeSigning"),
  new OidEntry(Oid.EmailProtection, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04], "emailProtection"),
  new OidEntry(Oid.TimeStamping, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08], "timeStamping"),
  new OidEntry(Oid.OcspSigning, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09], "OCSPSigning"),
  new OidEntry(Oid.AnyExtendedKeyUsage, [0x55, 0x1d, 0x25, 0x00], "anyExtendedKeyUsage"),
  new OidEntry(Oid.CommonName, [0x55, 0x04, 0x03], "CN"),
  new OidEntry(Oid.Surname, [0x55, 0x04, 0x04], "SN"),
  new OidEntry(Oid.SerialNumber, [0x55, 0x04, 0x05], "serialNumber"),
  new OidEntry(Oid.Country, [0x55, 0x04, 0x06], "C"),
  new OidEntry(Oid.Locality, [0x55, 0x04, 0x07], "L"),
  new OidEntry(Oid.State, [0x55, 0x04, 0x08], "ST"),
  new OidEntry(Oid.Street, [0x55, 0x04, 0x09], "STREET"),
  new OidEntry(Oid.Organization, [0x55, 0x04, 0x0a], "O"),
  new OidEntry(Oid.OrgUnit, [0x55, 0x04, 0x0b], "OU"),
  new OidEntry(Oid.Title, [0x55, 0x04, 0x0c], "title"),
  new OidEntry(Oid.GivenName, [0x55, 0x04, 0x2a], "GN"),
  new OidEntry(Oid.OrganizationIdentifier, [0x55, 0x04, 0x61], "organizationIdentifier"),
  new OidEntry(Oid.DomainComponent, [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19], "DC"),
  new OidEntry(Oid.UserId, [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01], "UID"),
  new OidEntry(Oid.Email, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01], "emailAddress"),
];

// A key per table entry: the length in the top byte and up to the first 7 content octets below it, so a lookup
// compares one u64 per entry and the bytes of the one entry whose key matches. Built once from TABLE.
const KEYS = buildKeys();

/** oidAt identifies the OID whose content octets are data[start, start + len); the range must lie inside data. */
export function oidAt(data: Uint8Array, start: i32, len: i32): Oid {
  const at = data.dataStart + <usize>start;
  const k = keyOf(at, len);
  for (let i = 0; i < KEYS.length; i++) {
    if (unchecked(KEYS[i]) != k) continue; // i < KEYS.length == TABLE.length
    const e = unchecked(TABLE[i]);
    if (e.bytes.length == len && memory.compare(changetype<usize>(e.bytes), at, <usize>len) == 0) return e.id;
  }
  return Oid.Unknown;
}

/** oidName is the short name of a recognised OID ("sha1WithRSAEncryption", "CN"), "" for Unknown. */
export function oidName(id: Oid): string {
  for (let i = 0; i < TABLE.length; i++) {
    const e = unchecked(TABLE[i]); // i < TABLE.length
    if (e.id == id) return e.name;
  }
  return "";
}

function buildKeys(): StaticArray<u64> {
  const keys = new StaticArray<u64>(TABLE.length);
  for (let i = 0; i < TABLE.length; i++) {
    const b = TABLE[i].bytes;
    keys[i] = keyOf(changetype<usize>(b), b.length);
  }
  return keys;
}

// The length (cut to 8 bits: oidAt compares the whole length after a key matches) and the first min(len, 7)
// octets at p, which the caller guarantees are readable.
function keyOf(p: usize, len: i32): u64 {
  let k = <u64>(len & 0xff) << 56;
  const n = min(len, 7);
  for (let i = 0; i < n; i++) k |= <u64>load<u8>(p + <usize>i) << (<u64>(48 - 8 * i));
  return k;
}

/** oidLabel names the OID at data[start, start + len) for messages: its short name when known, else dotted. */
export function oidLabel(data: Uint8Array, start: i32, len: i32): string {
  const id = oidAt(data, start, len);
  return id == Oid.Unknown ? oidText(data, start, len) : oidName(id);
}

/**
 * oidText is the dotted form of the OID content octets data[start, start + len) ("1.2.840.113549.1.1.5"), for
 * messages. The octets are expected to be valid (DerReader.readOid); an arc above 2^56 is shown as "?".
 */
export function oidText(data: Uint8Array, start: i32, len: i32): string {
  let out = "";
  let value: u64 = 0, septets = 0, first = true;
  for (let i = start; i < start + len; i++) {
    const b = <u64>unchecked(data[i]); // i inside the caller's range, inside data
    value = (value << 7) | (b & 0x7f);
    septets++;
    if ((b & 0x80) != 0) continue;
    const arc = septets > 8 ? "?" : value.toString();
    if (first) {
      // X.690 §8.19.4: the first subidentifier packs the first two arcs as 40 * X + Y, X in 0..2.
      const x: u64 = septets > 8 || value >= 80 ? 2 : value / 40;
      out = x.toString() + "." + (septets > 8 ? "?" : (value - 40 * x).toString());
      first = false;
    } else {
      out += "." + arc;
    }
    value = 0;
    septets = 0;
  }
  return out;
}

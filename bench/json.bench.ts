// json.parse.claims1k: the guest's JsonParser (assembly/json/parse.ts) on a 1 KiB JWT-claims-like object, in a
// release-built fixture guest run in-process (test/fixtures/guests/bench_json.ts), against JSON.parse on the same
// bytes decoded to a string, in the same run.
//
// The guest export parses the buffer PARSES times per call and we report time / PARSES, so the JS->wasm call and
// the copy of the input into guest memory (which the middleware never pays) do not count. The reference gets the
// text already decoded: the guest's time includes UTF-8 validation and decoding, JSON.parse's does not.
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { row, timeSync, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  parse_n(ptr: number, len: number, n: number): number;
}

// Parses per guest call, calls per round; timeSync reports the median of 5 rounds. About 1 s for both sides.
const PARSES = 200;
const CALLS = 100;

export async function bench(): Promise<Row[]> {
  const bytes = new TextEncoder().encode(JSON.stringify(claims()));
  const text = new TextDecoder().decode(bytes);
  const guest = await InProcessGuest.load<BenchExports>("bench_json");
  const want = Object.keys(JSON.parse(text)).length;
  const parse = () => {
    const members = guest.call(bytes, (x, ptr, len) => x.parse_n(ptr, len, PARSES));
    if (members !== want) throw new Error(`guest parse_n returned ${members}, expected ${want} members`);
  };
  const guestNs = (timeSync(parse, CALLS) * 1000) / PARSES;
  const jsNs = (timeSync(() => { for (let i = 0; i < PARSES; i++) JSON.parse(text); }, CALLS) * 1000) / PARSES;
  return [row("json.parse.claims1k", guestNs, "ns/op", `JSON.parse (${bytes.length} bytes, already decoded)`, jsNs)];
}

// An ID token's claims as Keycloak-style providers issue them (OIDC Core §2, §5.1), padded with groups to ~1 KiB.
function claims(): Record<string, unknown> {
  const c: Record<string, unknown> = {
    exp: 1767225600, iat: 1767222000, auth_time: 1767221990, jti: "4f2c9a1e-7b3d-4c8a-9e21-6d0f5b7a8c31",
    iss: "https://idp.example.com/realms/main", aud: ["traefik-oidc", "account"], sub: "248289761001-0c5e-4a7b",
    typ: "ID", azp: "traefik-oidc", nonce: "n-0S6_WzA2Mj", session_state: "b7f1c2d4-0a9e-4e3b-8c6d-2f1a5e7d9b30",
    at_hash: "77QmUPtjPfzWtF2AnpK9RQ", acr: "1", sid: "b7f1c2d4-0a9e-4e3b-8c6d-2f1a5e7d9b30", email_verified: true,
    name: "Zoë Dupont-Müller", preferred_username: "zoe.dupont", given_name: "Zoë", family_name: "Dupont-Müller",
    email: "zoe.dupont@example.com", locale: "fr", amr: ["pwd", "otp"],
    realm_access: { roles: ["offline_access", "uma_authorization", "default-roles-main"] },
    resource_access: { account: { roles: ["manage-account", "view-profile"] } },
  };
  const groups: string[] = [];
  for (let i = 0; JSON.stringify({ ...c, groups }).length < 1024; i++) groups.push(`/org/team-${i}`);
  return { ...c, groups };
}

// Provider metadata: a discovery document is accepted only for the configured issuer, with the endpoints the flow
// needs as absolute http(s) URLs; anything else is refused with a reason, never a trap.
import { MetadataStatus, parseProviderMetadata } from "../../../assembly/oidc/metadata";

const ISSUER = "http://127.0.0.1:9000/realms/acme";

function doc(extra: string = "", issuer: string = ISSUER): Uint8Array {
  const json = `{"issuer":"${issuer}","authorization_endpoint":"${ISSUER}/auth","token_endpoint":"${ISSUER}/token",` +
    `"jwks_uri":"${ISSUER}/certs"${extra}}`;
  return Uint8Array.wrap(String.UTF8.encode(json));
}

function reasonOf(bytes: Uint8Array): string {
  const status = new MetadataStatus();
  expect(parseProviderMetadata(bytes, ISSUER, status)).toBeNull();
  return status.reason;
}

describe("parseProviderMetadata", () => {
  it("keeps the endpoints and capability lists of a valid document", () => {
    const status = new MetadataStatus();
    const m = parseProviderMetadata(doc(`,"end_session_endpoint":"${ISSUER}/logout","code_challenge_methods_supported":["plain","S256"],` +
      `"scopes_supported":["openid","email",7],"backchannel_logout_supported":true`), ISSUER, status)!;
    expect(m.tokenEndpoint).toBe(ISSUER + "/token");
    expect(m.endSessionEndpoint).toBe(ISSUER + "/logout");
    expect(m.userinfoEndpoint).toBe("");
    expect(m.scopesSupported.join(",")).toBe("openid,email");
    expect(m.supportsPkceS256).toBe(true);
    expect(m.backchannelLogoutSupported).toBe(true);
  });

  it("refuses another issuer, even one differing by a trailing slash", () => {
    expect(reasonOf(doc("", ISSUER + "/"))).toBe(`issuer "${ISSUER}/" is not the configured "${ISSUER}" (they must be equal, character for character)`);
    expect(reasonOf(doc("", "http://evil.example/realms/acme")).startsWith(`issuer "http://evil.example`)).toBe(true);
  });

  it("refuses a missing or relative required endpoint and a bad optional one", () => {
    const bytes = Uint8Array.wrap(String.UTF8.encode(`{"issuer":"${ISSUER}","authorization_endpoint":"/auth","token_endpoint":"${ISSUER}/t","jwks_uri":"${ISSUER}/k"}`));
    expect(reasonOf(bytes)).toBe("authorization_endpoint is missing or not an absolute http(s) URL");
    expect(reasonOf(doc(`,"end_session_endpoint":"javascript:alert(1)"`))).toBe("end_session_endpoint is not an absolute http(s) URL");
  });

  it("says S256 is unsupported only when the provider lists methods without it", () => {
    const status = new MetadataStatus();
    expect(parseProviderMetadata(doc(`,"code_challenge_methods_supported":["plain"]`), ISSUER, status)!.supportsPkceS256).toBe(false);
    expect(parseProviderMetadata(doc(), ISSUER, status)!.supportsPkceS256).toBe(true);
  });

  it("refuses what is not a JSON object, with the parser's reason", () => {
    expect(reasonOf(Uint8Array.wrap(String.UTF8.encode(`[1,2]`)))).toBe("not a JSON object");
    expect(reasonOf(Uint8Array.wrap(String.UTF8.encode(`<html>`))).startsWith("not valid JSON (")).toBe(true);
    expect(reasonOf(new Uint8Array(0)).startsWith("not valid JSON (")).toBe(true);
  });

  it("never traps on any truncation of a valid document", () => {
    const full = doc(`,"scopes_supported":["openid"]`);
    for (let n = 0; n < full.length; n++) {
      const status = new MetadataStatus();
      expect(parseProviderMetadata(full.subarray(0, n), ISSUER, status)).toBeNull();
    }
  });
});

// providerBackchannelURL: server-to-server URLs keep path and query and take the backchannel's scheme and
// authority; without a backchannel they are used as published.
import { serverUrl } from "../../../assembly/oidc/server_url";

describe("serverUrl", () => {
  it("keeps the URL when no backchannel is configured", () => {
    expect(serverUrl("https://id.example.com/realms/a/protocol/openid-connect/token", "")).toBe("https://id.example.com/realms/a/protocol/openid-connect/token");
  });

  it("swaps scheme and authority, keeping path and query", () => {
    expect(serverUrl("https://id.example.com/realms/a/certs?x=1", "http://keycloak.auth.svc:8080")).toBe("http://keycloak.auth.svc:8080/realms/a/certs?x=1");
    expect(serverUrl("https://id.example.com", "http://10.0.0.7:8080/")).toBe("http://10.0.0.7:8080/");
  });

  it("leaves a URL that does not parse for the HTTP client to refuse", () => {
    expect(serverUrl("not a url", "http://10.0.0.7:8080")).toBe("not a url");
  });
});

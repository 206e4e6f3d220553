// The provider's signing keys (jwks_uri), shared by replicas through the cache (shared_document.ts). A token that
// names an unknown `kid` asks for a refresh: keys rotate (OIDC Core §10.1.1), and the new key is published before
// it signs anything.

import { Cache } from "../cache/cache";
import { HttpClient } from "../httpclient/client";
import { JoseError } from "../jose/errors";
import { Jwks, parseJwks } from "../jose/jwks";
import { SharedDocument } from "./shared_document";

/** JwksDocument gets a provider's JWKS. */
export class JwksDocument extends SharedDocument<Jwks> {
  constructor(cache: Cache, http: HttpClient, backchannel: string) {
    super(cache, http, backchannel, "jwks");
  }

  protected parse(bytes: Uint8Array): Jwks | null {
    const err = new JoseError();
    const jwks = parseJwks(bytes, err);
    if (jwks === null) this.reason = err.toString();
    return jwks;
  }
}

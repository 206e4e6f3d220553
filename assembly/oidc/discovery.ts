// Discovery (OpenID Connect Discovery 1.0 §4): the issuer's metadata, from issuer + "/.well-known/openid-configuration",
// checked by metadata.ts and shared by replicas through the cache (shared_document.ts).

import { Cache } from "../cache/cache";
import { HttpClient } from "../httpclient/client";
import { MetadataStatus, parseProviderMetadata, ProviderMetadata } from "./metadata";
import { trimTrailingSlash } from "./server_url";
import { SharedDocument } from "./shared_document";

const WELL_KNOWN = "/.well-known/openid-configuration";

/** Discovery gets the metadata of one issuer. */
export class Discovery extends SharedDocument<ProviderMetadata> {
  constructor(cache: Cache, http: HttpClient, readonly issuer: string, backchannel: string) {
    super(cache, http, backchannel, "discovery");
  }

  /** metadata returns the issuer's metadata at now (seconds), or null with detail. */
  metadata(now: i64): ProviderMetadata | null {
    return this.get(trimTrailingSlash(this.issuer) + WELL_KNOWN, now);
  }

  protected parse(bytes: Uint8Array): ProviderMetadata | null {
    const status = new MetadataStatus();
    const m = parseProviderMetadata(bytes, this.issuer, status);
    if (m === null) this.reason = status.reason;
    return m;
  }
}

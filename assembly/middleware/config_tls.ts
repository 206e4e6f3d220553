// What a TLS client of the middleware trusts, from the configuration: the identity provider's (`caCertPEM`,
// `caCertPath`, `insecureSkipVerify`) and Redis's (`redis.caCertPEM`, `redis.caCertPath`, `redis.tlsSkipVerify`).
// Anchors come from inline PEM, or from a PEM file in a directory Traefik mounts into the plugin
// (`settings.mounts`), by default Debian's and Alpine's bundle path. They are loaded when the configuration is
// read, at every instance start, so a missing file or a bundle without a certificate refuses the build with the
// key named, instead of failing the first login.

import { ConfigReader } from "./config_reader";
import { FileStatus, readFile } from "../sys/files";
import { TlsClientConfig } from "../tls/client";
import { X509Status } from "../x509/errors";
import { MAX_PEM_CHARS, TrustStore } from "../x509/trust_store";

/** DEFAULT_CA_BUNDLE is read when TLS needs anchors and none are configured (mount /etc/ssl/certs to use it). */
export const DEFAULT_CA_BUNDLE: string = "/etc/ssl/certs/ca-certificates.crt";

/** TlsTrustKeys names the three keys of one TLS client, as errors and warnings spell them. */
export class TlsTrustKeys {
  /** section is "" for top-level keys, or "redis." for the redis section's, as hints spell them. */
  constructor(readonly pem: string, readonly path: string, readonly skipVerify: string, readonly section: string = "") {}
}

/**
 * TlsTrust is one client's trust as configured. `load` turns it into a TlsClientConfig, or rejects the key at
 * fault on r. A client that never needs TLS still has explicit anchors checked, so a typo does not wait for the
 * day TLS is switched on.
 */
export class TlsTrust {
  pem: string = "";
  path: string = "";
  skipVerify: bool = false;
  // Set when the keys contradict each other: one error is enough, nothing is loaded.
  private refused: bool = false;

  constructor(readonly keys: TlsTrustKeys) {}

  /** read takes the three keys from r (a section: the top level, or `redis`). */
  static read(r: ConfigReader, keys: TlsTrustKeys): TlsTrust {
    const t = new TlsTrust(keys);
    t.pem = r.str(keys.pem, "");
    t.path = r.str(keys.path, "");
    t.skipVerify = r.bool(keys.skipVerify, false);
    if (t.pem.length > 0 && t.path.length > 0) {
      r.reject(keys.path, keys.pem + " and " + keys.path + " are mutually exclusive: set one");
      t.refused = true;
    }
    return t;
  }

  /**
   * load returns the client configuration for connections that use TLS (needed: some endpoint is https or
   * enableTLS is on), or null when none do or the configuration was rejected. alpn is offered as given.
   */
  load(r: ConfigReader, needed: bool, alpn: Array<string>): TlsClientConfig | null {
    if (this.refused) return null;
    const explicit = this.pem.length > 0 || this.path.length > 0;
    let trust: TrustStore | null = null;
    if (explicit || (needed && !this.skipVerify)) {
      trust = this.anchors(r);
      if (trust === null) return null; // rejected
    }
    if (!needed) return null;
    const c = new TlsClientConfig();
    c.trust = trust;
    c.skipVerify = this.skipVerify;
    c.alpn = alpn;
    return c;
  }

  private anchors(r: ConfigReader): TrustStore | null {
    if (this.pem.length > 0) return parse(r, this.keys.pem, this.pem);
    const path = this.path.length > 0 ? this.path : DEFAULT_CA_BUNDLE;
    const status = new FileStatus();
    const bytes = readFile(path, MAX_PEM_CHARS, status);
    if (bytes === null) {
      const k = this.keys;
      const hint = this.path.length > 0 ? "" : "; it is the default bundle: mount /etc/ssl/certs, or set " +
        k.section + k.pem + " or " + k.section + k.path;
      r.reject(k.path, status.detail + hint);
      return null;
    }
    return parse(r, this.keys.path, String.UTF8.decodeUnsafe(bytes.dataStart, <usize>bytes.length));
  }
}

function parse(r: ConfigReader, key: string, pem: string): TrustStore | null {
  const status = new X509Status();
  const store = TrustStore.fromPem(pem, status);
  if (store === null) r.reject(key, status.detail);
  return store;
}

// oidc-provider's storage for one test provider: an in-memory adapter that outlives Provider instances, so that
// rebuilding the provider (key rotation, client changes) and stopping its listener keep sessions, grants and
// refresh tokens, as a provider restart with a database would. oidc-provider's own memory adapter shares one store
// per process and warns on use; this one belongs to one startIdp and lets the harness list sessions.

/** StoredSession is the part of oidc-provider's Session payload the harness reads. */
export interface StoredSession {
  /** the adapter id: delete `Session:<id>` to end the session at the provider. */
  id: string;
  uid: string;
  accountId?: string;
  authorizations?: Record<string, { sid?: string; grantId?: string; persistsLogout?: boolean }>;
}

interface Entry { payload: Record<string, unknown>; expiresAt: number }

// Models whose records belong to a grant and go away with revokeByGrantId (oidc-provider's adapter contract).
const GRANTABLE = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

/** IdpStore holds every model's records; `adapter()` is the factory handed to oidc-provider's `adapter` option. */
export class IdpStore {
  private readonly entries = new Map<string, Entry>();
  private readonly uids = new Map<string, string>();
  private readonly userCodes = new Map<string, string>();
  private readonly grants = new Map<string, Set<string>>();

  /** adapter is the factory handed to oidc-provider's `adapter` option (an arrow function: called, not new'd). */
  adapter(): (model: string) => ModelAdapter {
    return (model) => new ModelAdapter(model, this);
  }

  /** sessions lists the live provider sessions, optionally only those of one account. */
  sessions(accountId?: string): StoredSession[] {
    const out: StoredSession[] = [];
    for (const [key] of this.entries) {
      if (!key.startsWith("Session:")) continue;
      const payload = this.get(key) as Omit<StoredSession, "id"> | undefined;
      if (payload !== undefined && (accountId === undefined || payload.accountId === accountId)) out.push({ ...payload, id: key.slice("Session:".length) });
    }
    return out;
  }

  get(key: string): Record<string, unknown> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) { this.delete(key); return undefined; }
    return entry.payload;
  }

  set(model: string, id: string, payload: Record<string, unknown>, expiresIn: number | undefined): void {
    const key = `${model}:${id}`;
    this.delete(key);
    const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : Infinity;
    this.entries.set(key, { payload, expiresAt });
    if (model === "Session" && typeof payload.uid === "string") this.uids.set(payload.uid, id);
    if (typeof payload.userCode === "string") this.userCodes.set(payload.userCode, id);
    const grantId = payload.grantId;
    if (GRANTABLE.has(model) && typeof grantId === "string") {
      const members = this.grants.get(grantId) ?? new Set<string>();
      members.add(key);
      this.grants.set(grantId, members);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    const { uid, userCode, grantId } = entry.payload;
    if (typeof uid === "string" && key.startsWith("Session:")) this.uids.delete(uid);
    if (typeof userCode === "string") this.userCodes.delete(userCode);
    if (typeof grantId === "string") this.grants.get(grantId)?.delete(key);
  }

  idByUid(uid: string): string | undefined { return this.uids.get(uid); }
  idByUserCode(code: string): string | undefined { return this.userCodes.get(code); }

  /** revokeGrant deletes the tokens issued under a grant, and the grant itself when dropGrant is true. */
  revokeGrant(grantId: string, dropGrant = false): void {
    for (const key of [...this.grants.get(grantId) ?? []]) this.delete(key);
    this.grants.delete(grantId);
    if (dropGrant) this.delete(`Grant:${grantId}`);
  }
}

/** ModelAdapter is oidc-provider's adapter interface for one model over an IdpStore. */
export class ModelAdapter {
  constructor(private readonly model: string, private readonly store: IdpStore) {}

  async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
    this.store.set(this.model, id, payload, expiresIn);
  }

  async find(id: string): Promise<Record<string, unknown> | undefined> {
    return this.store.get(`${this.model}:${id}`);
  }

  async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    const id = this.store.idByUid(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
    const id = this.store.idByUserCode(userCode);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(`${this.model}:${id}`);
    if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(`${this.model}:${id}`);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.revokeGrant(grantId);
  }
}

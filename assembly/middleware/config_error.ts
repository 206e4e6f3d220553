// A configuration problem: which key, and why. Messages never carry a secret's value.

/** ConfigError names the offending key (dotted for nested ones) and a reason the operator can act on. */
export class ConfigError {
  constructor(public key: string, public reason: string) {}

  toString(): string {
    return this.key.length > 0 ? `config: key "${this.key}": ${this.reason}` : `config: ${this.reason}`;
  }
}

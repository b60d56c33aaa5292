// The people the headless authorization endpoint approves for. Nobody logs in: the harness says
// who the user is — by `login_hint`, by the identity of a configured client, or by a default user.

export interface IssuerIdentity {
  subject: string;
  roles: string[];
  username?: string;
}

export type UserChoice = { ok: true; user: IssuerIdentity } | { ok: false; description: string };

export class UserDirectory {
  #users = new Map<string, IssuerIdentity>();

  /** Adds a user; a later user with the same subject replaces the earlier one. */
  add(user: IssuerIdentity): void {
    this.#users.set(user.subject, { ...user, roles: [...user.roles] });
  }

  /** The user whose subject, or else whose username, is `name`. */
  find(name: string): IssuerIdentity | undefined {
    return this.#users.get(name) ?? [...this.#users.values()].find((u) => u.username === name);
  }

  /** Every role some user holds: the scopes the issuer can grant. */
  roles(): string[] {
    return [...new Set([...this.#users.values()].flatMap((u) => u.roles))].sort();
  }

  /**
   * Who approves an authorization request, in this order: the user `login_hint` names; the
   * client's own identity (a configured client acts for one user); the default user.
   */
  choose(loginHint: string | null, clientIdentity: IssuerIdentity | undefined, defaultUser: string | undefined): UserChoice {
    if (loginHint !== null) {
      const user = this.find(loginHint);
      if (user) return { ok: true, user };
      return { ok: false, description: `login_hint names no user of this issuer (known: ${this.#names()})` };
    }
    if (clientIdentity) return { ok: true, user: this.find(clientIdentity.subject) ?? clientIdentity };
    if (defaultUser !== undefined) {
      const user = this.find(defaultUser);
      if (user) return { ok: true, user };
    }
    return { ok: false, description: `no user to approve as: pass login_hint (known: ${this.#names()})` };
  }

  #names(): string {
    return [...this.#users.keys()].join(', ') || 'none';
  }
}

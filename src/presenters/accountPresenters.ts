/** Accounts and tokens as the API shows them: never a hash, never a password. */
import { tokenStatus } from '../commands/auth/tokens.js';
import type { TokenJson, UserJson } from '../schemas/accounts.js';
import type { AppData, TokenRecord, UserRecord } from '../storage/appDb.js';

export function presentUser(data: Readonly<AppData>, u: UserRecord): UserJson {
  const org = u.organisatie === null ? undefined : data.organisaties.find((o) => o.code === u.organisatie);
  return {
    id: u.id,
    naam: u.naam,
    email: u.email,
    rol: u.rol,
    organisatie: org ? { code: org.code, naam: org.naam } : null,
    actief: u.actief,
    aangemaakt: u.aangemaakt,
    gewijzigd: u.gewijzigd,
  };
}

export function presentToken(t: TokenRecord, now = new Date()): TokenJson {
  return { id: t.id, omschrijving: t.omschrijving, aangemaakt: t.aangemaakt, verlooptOp: t.verlooptOp, status: tokenStatus(t, now) };
}

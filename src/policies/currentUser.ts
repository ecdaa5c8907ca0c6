/** The signed-in user as the policies and pages see it (never the password hash). */
import type { Role } from '../domain/roles.js';

export interface CurrentUser {
  id: string;
  naam: string;
  email: string;
  rol: Role;
  organisatie: { code: string; naam: string } | null;
  /** How the request was authenticated. */
  via: 'sessie' | 'token';
}

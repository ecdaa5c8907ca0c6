/**
 * A store file or git object that is missing, unreadable or inconsistent in a store that already holds
 * documents. Opening the store stops with this error before anything is written: silently starting
 * afresh (the old behaviour) reseeded accounts and endorsements over the lost ones. The message is one
 * line for the operator: which file or object, what is wrong, and what to do.
 */
import { StartRefused } from '../errors.js';

export const RESTORE_ADVICE =
  'Nothing was changed. Restore the data folder from a backup (README, "When the start refuses a damaged store"), ' +
  'or start with READ_ONLY=1 to inspect it.';

export class StoreDamaged extends StartRefused {
  constructor(
    /** The damaged file, or the git repository holding the damaged object or ref. */
    readonly file: string,
    /** What is wrong, without a final full stop. */
    readonly problem: string,
    advice: string = RESTORE_ADVICE,
  ) {
    super(`Damaged store: ${file}: ${problem}. ${advice}`);
  }
}

/**
 * Where opening reports damage: by default it throws; in read-only mode (inspection) the damage is
 * collected, the part is opened as far as it can be (or left empty) and the service starts anyway.
 */
export type DamageHandler = ((damage: StoreDamaged) => void) | undefined;

export function reportDamage(onDamage: DamageHandler, damage: StoreDamaged): void {
  if (onDamage === undefined) throw damage;
  onDamage(damage);
}

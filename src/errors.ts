/**
 * Typed domain errors. Each has a stable `code`, an HTTP `status` and structured `data`.
 * Commands and storage throw these; one error handler (src/routes/errorHandler.ts) maps them to
 * problem+json for the API and to a Dutch page for the web. Messages (`title`, `detail`) are Dutch
 * because they reach users; the `code` is the stable identifier for programs.
 */

export interface FieldError {
  /** The field (dot path for nested fields, e.g. `besluit.datum`) or query parameter name. */
  name: string;
  /** A Dutch explanation of what is wrong. */
  reason: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Short Dutch title, the same for every instance of the class. */
  abstract readonly title: string;
  readonly data: Record<string, unknown>;

  constructor(detail: string, data: Record<string, unknown> = {}) {
    super(detail);
    this.name = new.target.name;
    this.data = data;
  }

  /** The Dutch explanation for this occurrence (problem+json `detail`). */
  get detail(): string {
    return this.message;
  }
}

export class NotFound extends DomainError {
  readonly code = 'not_found';
  readonly status = 404;
  readonly title = 'Niet gevonden';
}

export class InvalidInput extends DomainError {
  readonly code = 'invalid_input';
  readonly status = 400;
  readonly title = 'Ongeldige invoer';
  readonly errors: FieldError[];
  constructor(detail: string, errors: FieldError[]) {
    super(detail, { errors });
    this.errors = errors;
  }
}

export class NotSignedIn extends DomainError {
  readonly code = 'not_signed_in';
  readonly status = 401;
  readonly title = 'Niet aangemeld';
}

export class NotAllowed extends DomainError {
  readonly code = 'not_allowed';
  readonly status = 403;
  readonly title = 'Niet toegestaan';
}

export class Conflict extends DomainError {
  readonly code: string = 'conflict';
  readonly status = 409;
  readonly title: string = 'Conflict';
}

/** The ref moved since the client read it (optimistic concurrency). */
export class StaleHead extends Conflict {
  override readonly code = 'stale_head';
  override readonly title = 'Verouderde revisie';
  constructor(expected: string, actual: string) {
    super(`De tekst is intussen gewijzigd: verwacht ${expected}, nu ${actual}.`, { expected, actual });
  }
}

export class PayloadTooLarge extends DomainError {
  readonly code = 'payload_too_large';
  readonly status = 413;
  readonly title = 'Verzoek te groot';
}

export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
  readonly title = 'Verkeerd mediatype';
}

export class TooManyRequests extends DomainError {
  readonly code = 'too_many_requests';
  readonly status = 429;
  readonly title = 'Te veel verzoeken';
}

/** A three-way merge found sentences changed differently on both sides. */
export class MergeConflict extends Conflict {
  override readonly code = 'merge_conflict';
  override readonly title = 'Conflict met het concept';
}

/**
 * The service runs read-only (READ_ONLY=1, started to inspect a store that refused to start): every
 * write is refused by the storage layer itself, so no command can change anything.
 */
export class ReadOnlyMode extends DomainError {
  readonly code = 'read_only';
  readonly status = 503;
  readonly title = 'Alleen raadplegen';
  constructor() {
    super('De dienst is tijdelijk alleen te raadplegen (onderhoud aan de opslag): er kan nu niets worden gewijzigd of vastgelegd. Probeer het later opnieuw.');
  }
}

/**
 * A reason the service cannot start that the operator can act on (a damaged store, a taken port, a bad
 * setting). Its message is one line that names the file, object or setting and says what to do; the
 * entry point prints it without a stack trace and exits with a non-zero code.
 */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

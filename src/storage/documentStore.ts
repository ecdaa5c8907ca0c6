/**
 * All document repositories of one data folder: `<storeDir>/documents/<slug>.git`, one bare repository
 * per document (see git/repository.ts). Opened once at start; the store keeps every repository (and its
 * in-memory commit index) open for the life of the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Conflict, InvalidInput, NotFound, ReadOnlyMode } from '../errors.js';
import { AsyncLock } from './asyncLock.js';
import { DocumentRepository } from './git/repository.js';
import { isValidSlug } from './git/names.js';
import type { InitialContent, RepositoryOptions } from './git/types.js';
import { reportDamage, StoreDamaged, type DamageHandler } from './storeDamaged.js';

const DOCUMENTS_DIR = 'documents';
const REPO_SUFFIX = '.git';
/** Leftovers of a `create` that crashed before renaming the new repository into place. */
const CREATING_PREFIX = '.creating-';

export class DocumentStore {
  private readonly repos = new Map<string, DocumentRepository>();
  /** Serialises creates, so two requests for one new slug cannot both pass the existence check. */
  private readonly createLock = new AsyncLock();
  private found = 0;

  private constructor(
    /** Absolute path of `<storeDir>/documents`. */
    private readonly documentsDir: string,
    private readonly options: RepositoryOptions,
  ) {}

  /**
   * Opens (creating the folder if needed) every `<storeDir>/documents/<slug>.git`. A repository that
   * cannot be opened is StoreDamaged; with `onDamage` (read-only inspection) it is reported and left out.
   */
  static async open(storeDir: string, options: RepositoryOptions & { onDamage?: DamageHandler } = {}): Promise<DocumentStore> {
    const { onDamage, ...repoOptions } = options;
    const documentsDir = path.resolve(storeDir, DOCUMENTS_DIR);
    if (repoOptions.readOnly !== true) await fs.promises.mkdir(documentsDir, { recursive: true });
    const store = new DocumentStore(documentsDir, repoOptions);
    const entries = fs.existsSync(documentsDir) ? await fs.promises.readdir(documentsDir, { withFileTypes: true }) : [];
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (e.name.startsWith(CREATING_PREFIX)) {
        if (repoOptions.readOnly !== true) await fs.promises.rm(path.join(documentsDir, e.name), { recursive: true, force: true });
        continue;
      }
      if (!e.name.endsWith(REPO_SUFFIX)) continue;
      const slug = e.name.slice(0, -REPO_SUFFIX.length);
      if (!isValidSlug(slug)) continue;
      store.found += 1;
      try {
        store.repos.set(slug, await DocumentRepository.open(path.join(documentsDir, e.name), slug, repoOptions));
      } catch (err) {
        if (!(err instanceof StoreDamaged)) throw err;
        reportDamage(onDamage, err);
      }
    }
    return store;
  }

  /**
   * How many document repositories the folder holds, opened or not: a store with none is new (its
   * files may be created and seeded); any other store must have all its files.
   */
  get repositoriesFound(): number {
    return this.found;
  }

  /** All documents, sorted by slug. */
  list(): DocumentRepository[] {
    return [...this.repos.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }

  has(slug: string): boolean {
    return isValidSlug(slug) && this.repos.has(slug);
  }

  /** NotFound for unknown and for malformed slugs (which never reach the file system). */
  get(slug: string): DocumentRepository {
    const repo = isValidSlug(slug) ? this.repos.get(slug) : undefined;
    if (repo === undefined) {
      throw new NotFound('Dit document bestaat niet.', { document: typeof slug === 'string' ? slug.slice(0, 100) : null });
    }
    return repo;
  }

  /** Creates a new document repository (one commit on main, tagged `v<naam>`). Conflict if it exists. */
  async create(slug: string, content: InitialContent): Promise<DocumentRepository> {
    if (!isValidSlug(slug)) {
      throw new InvalidInput('Ongeldige documentnaam.', [
        { name: 'slug', reason: 'Alleen kleine letters, cijfers en losse koppeltekens, hoogstens 100 tekens.' },
      ]);
    }
    if (this.options.readOnly === true) throw new ReadOnlyMode();
    return this.createLock.run(async () => {
      if (this.repos.has(slug)) throw new Conflict(`Document '${slug}' bestaat al.`, { document: slug });
      const repo = await DocumentRepository.init(path.join(this.documentsDir, `${slug}${REPO_SUFFIX}`), slug, content, this.options);
      this.repos.set(slug, repo);
      return repo;
    });
  }
}

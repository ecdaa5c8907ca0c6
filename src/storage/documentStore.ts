/**
 * All document repositories of one data folder: `<storeDir>/documents/<slug>.git`, one bare repository
 * per document (see gitStore.ts). Opened once at start; the store keeps every repository (and its
 * in-memory commit index) open for the life of the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Conflict, InvalidInput, NotFound } from '../errors.js';
import { AsyncLock } from './asyncLock.js';
import { DocumentRepository, isValidSlug } from './gitStore.js';
import type { InitialContent, RepositoryOptions } from './gitStore.js';

const DOCUMENTS_DIR = 'documents';
const REPO_SUFFIX = '.git';
/** Leftovers of a `create` that crashed before renaming the new repository into place. */
const CREATING_PREFIX = '.creating-';

export class DocumentStore {
  private readonly repos = new Map<string, DocumentRepository>();
  /** Serialises creates, so two requests for one new slug cannot both pass the existence check. */
  private readonly createLock = new AsyncLock();

  private constructor(
    /** Absolute path of `<storeDir>/documents`. */
    private readonly documentsDir: string,
    private readonly options: RepositoryOptions,
  ) {}

  /** Opens (creating the folder if needed) every `<storeDir>/documents/<slug>.git`. */
  static async open(storeDir: string, options: RepositoryOptions = {}): Promise<DocumentStore> {
    const documentsDir = path.resolve(storeDir, DOCUMENTS_DIR);
    await fs.promises.mkdir(documentsDir, { recursive: true });
    const store = new DocumentStore(documentsDir, options);
    const entries = await fs.promises.readdir(documentsDir, { withFileTypes: true });
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (e.name.startsWith(CREATING_PREFIX)) {
        await fs.promises.rm(path.join(documentsDir, e.name), { recursive: true, force: true });
        continue;
      }
      if (!e.name.endsWith(REPO_SUFFIX)) continue;
      const slug = e.name.slice(0, -REPO_SUFFIX.length);
      if (!isValidSlug(slug)) continue;
      store.repos.set(slug, await DocumentRepository.open(path.join(documentsDir, e.name), slug, options));
    }
    return store;
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
    return this.createLock.run(async () => {
      if (this.repos.has(slug)) throw new Conflict(`Document '${slug}' bestaat al.`, { document: slug });
      const repo = await DocumentRepository.init(path.join(this.documentsDir, `${slug}${REPO_SUFFIX}`), slug, content, this.options);
      this.repos.set(slug, repo);
      return repo;
    });
  }
}

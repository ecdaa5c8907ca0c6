/**
 * Child process for tests/storage/fileConcurrency.test.ts, run under a low open-file limit (`ulimit -n`):
 * builds a store whose document has many principle files through the service's own write paths
 * (seed import, one commit on the draft that changes every file, a named version), so every fan-out
 * of file reads and writes in the git store runs with thousands of files.
 *
 *   tsx tests/helpers/manyFilesStore.ts <dataDir> <seedDir> <principles>
 */
import fs from 'node:fs';
import path from 'node:path';
import { importSeedDocuments } from '../../src/commands/documents/importSeedDocuments.js';
import { DocumentStore } from '../../src/storage/documentStore.js';
import { openStores } from '../../src/storage/stores.js';

const [dataDir, seedDir, count] = process.argv.slice(2);
if (dataDir === undefined || seedDir === undefined || count === undefined) throw new Error('usage: manyFilesStore.ts <dataDir> <seedDir> <principles>');
const n = Number(count);
const doc = path.join(seedDir, 'veel');
fs.mkdirSync(doc, { recursive: true });
fs.writeFileSync(path.join(doc, 'document.yml'), 'titel: Veel principes\nbeschrijving: Een document met heel veel principes.\n');
const width = String(n).length;
for (let i = 1; i <= n; i++) {
  const name = `${String(i % 100).padStart(2, '0')}-principe-${String(i).padStart(width, '0')}.md`;
  fs.writeFileSync(path.join(doc, name), `# Principe ${i}\n\nDe gemeente zorgt voor goede digitale diensten, nummer ${i}.\nZij werkt daarbij samen.\n`);
}

// The store's own files first, while it is new: a store that holds documents must have them all.
await openStores(dataDir);
const store = await DocumentStore.open(dataDir);
await importSeedDocuments(store, seedDir, new Date('2026-01-01T00:00:00Z'));
const repo = store.get('veel');
const files = await repo.readFiles(repo.head().oid);
const changes = [...files].filter(([name]) => name.endsWith('.md')).map(([name, text]) => ({ path: name, content: text.replace('goede digitale', 'goede en veilige digitale') }));
const sig = { name: 'Dirk Direct', email: 'dirk@example.org', timestamp: Date.parse('2026-02-01T00:00:00Z') / 1000, timezoneOffset: 0 };
await repo.commit({ branch: 'main', parent: repo.head().oid, changes, author: sig, committer: sig, message: 'Overal veilig' });
await repo.nameVersion({ naam: '1.1', message: 'Versie 1.1', tagger: sig });
const reread = await (await DocumentStore.open(dataDir)).get('veel').readFiles(repo.head().oid);
process.stdout.write(`${JSON.stringify({ files: reread.size, changed: changes.length })}\n`);

/**
 * Deterministic Dutch-ish prose for the benchmark: a seeded PRNG, a sentence generator with the
 * vocabulary of municipal policy texts, and word edits. Every text is one sentence per line, as the
 * store keeps it (see docs/sentences.md); paragraphs are separated by a blank line.
 */

/** mulberry32: small, fast, good enough for test data. Returns floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

const SUBJECTS = [
  'De gemeente',
  'Het college van burgemeester en wethouders',
  'De gemeenteraad',
  'Iedere inwoner',
  'De digitale infrastructuur',
  'Een sensor in de openbare ruimte',
  'De dienstverlening',
  'Het stadsbestuur',
  'Elke leverancier',
  'De wijkraad',
  'Het datateam van de gemeente',
  'Een ondernemer in de binnenstad',
  'De Vereniging van Nederlandse Gemeenten',
  'Het netwerk van slimme lantaarnpalen',
  'De toezichthouder',
  'Een bewonersinitiatief',
  'De provincie',
  'Het openbaar vervoer',
  'De bibliotheek',
  'Een maatschappelijke organisatie',
];

const VERBS = [
  'zorgt voor',
  'beschermt',
  'publiceert',
  'deelt',
  'beheert',
  'verzamelt alleen',
  'onderzoekt',
  'verbetert',
  'bespreekt',
  'waarborgt',
  'ondersteunt',
  'evalueert',
  'maakt afspraken over',
  'legt verantwoording af over',
  'betrekt inwoners bij',
  'stelt regels op voor',
  'investeert in',
  'houdt toezicht op',
];

const OBJECTS = [
  'de privacy van bewoners',
  'open data over verkeer en luchtkwaliteit',
  'de toegankelijkheid van digitale diensten',
  'een veilige en betrouwbare infrastructuur',
  'het gebruik van algoritmen',
  'de gegevens in het register',
  'open standaarden en open source',
  'de digitale vaardigheden van ouderen',
  'de keuze voor leveranciers',
  'de zeggenschap over persoonsgegevens',
  'de plaatsing van camera’s in de wijk',
  'een eerlijke verdeling van voorzieningen',
  'de uitwisseling van gegevens tussen organisaties',
  'het beheer van het glasvezelnetwerk',
  'de kwaliteit van de dienstverlening',
  'de inzet van sensoren in de openbare ruimte',
  'het delen van kennis met andere gemeenten',
  'de ontwikkeling van nieuwe digitale voorzieningen',
  'de bescherming van kwetsbare groepen',
  'een transparant besluitvormingsproces',
];

const ADVERBIALS = [
  'zo snel mogelijk',
  'in overleg met de wijk',
  'met oog voor de lange termijn',
  'op een begrijpelijke manier',
  'binnen de wettelijke kaders',
  'samen met maatschappelijke partners',
  'zonder onnodige kosten',
  'voor iedereen in de stad',
  'op basis van heldere afspraken',
  'met respect voor de publieke waarden',
  'in alle openheid',
  'elk jaar opnieuw',
];

const CLAUSES = [
  'zodat inwoners weten wat er met hun gegevens gebeurt',
  'omdat vertrouwen de basis is van de digitale stad',
  'waarbij niemand wordt buitengesloten',
  'voordat een nieuwe toepassing in gebruik wordt genomen',
  'terwijl de kosten beheersbaar blijven',
  'als dat bijdraagt aan een leefbare en gezonde stad',
  'zolang de gegevens niet tot personen te herleiden zijn',
  'nadat de gemeenteraad daarover een besluit heeft genomen',
  'opdat ook kleine ondernemers kunnen meedoen',
  'wanneer de veiligheid van bewoners in het geding is',
  'hoewel niet alle gevolgen vooraf te overzien zijn',
  'zodat de stad niet afhankelijk wordt van één leverancier',
];

const PLACES = [
  'Eindhoven',
  'Amsterdam',
  'Utrecht',
  'Rotterdam',
  'Zwolle',
  'Groningen',
  'Maastricht',
  'Leeuwarden',
  'Tilburg',
  'Almere',
  'Den Haag',
  'Nijmegen',
];

/** Words used to replace a word in an edit: ordinary Dutch content words. */
export const REPLACEMENT_WORDS = [
  'gemeenten',
  'inwoners',
  'bewoners',
  'burgers',
  'gegevens',
  'data',
  'voorzieningen',
  'diensten',
  'afspraken',
  'regels',
  'openbare',
  'publieke',
  'digitale',
  'veilige',
  'betrouwbare',
  'duidelijke',
  'heldere',
  'nieuwe',
  'wijken',
  'straten',
  'buurten',
  'ondernemers',
  'partners',
  'leveranciers',
  'kennis',
  'informatie',
  'toezicht',
  'zeggenschap',
  'vertrouwen',
  'verantwoording',
];

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** One sentence, about 70 to 170 characters, ending with a full stop. */
export function sentence(random: () => number): string {
  const r = random();
  let s: string;
  if (r < 0.35) {
    s = `${pick(random, SUBJECTS)} ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${pick(random, ADVERBIALS)}`;
  } else if (r < 0.7) {
    s = `${pick(random, SUBJECTS)} ${pick(random, VERBS)} ${pick(random, OBJECTS)}, ${pick(random, CLAUSES)}`;
  } else if (r < 0.85) {
    // Verb second: "In Utrecht zorgt de gemeente sinds 2021 voor ...".
    const [finite, ...rest] = pick(random, VERBS).split(' ');
    const year = 2020 + Math.floor(random() * 12);
    s = [`In ${pick(random, PLACES)} ${finite ?? ''} ${lowerFirst(pick(random, SUBJECTS))} sinds ${year}`, ...rest, pick(random, OBJECTS)].join(' ');
  } else {
    const [finite, ...rest] = pick(random, VERBS).split(' ');
    const weeks = 2 + Math.floor(random() * 48);
    s = [`Binnen ${weeks} weken ${finite ?? ''} ${lowerFirst(pick(random, SUBJECTS))}`, ...rest, `${pick(random, OBJECTS)}, ${pick(random, CLAUSES)}`].join(' ');
  }
  return `${s}.`;
}

export interface ProseText {
  /** The whole file: `# <title>`, a blank line, paragraphs of sentences (one per line). */
  text: string;
  /** Number of sentence lines. */
  sentences: number;
}

/** A principle file of at least `minBytes` UTF-8 bytes. */
export function principleText(seed: number, title: string, minBytes: number): ProseText {
  const random = createRandom(seed);
  const lines = [`# ${title}`, ''];
  let bytes = Buffer.byteLength(`# ${title}\n\n`);
  let sentences = 0;
  while (bytes < minBytes) {
    const paragraph = 3 + Math.floor(random() * 5);
    for (let i = 0; i < paragraph && bytes < minBytes; i++) {
      const s = sentence(random);
      lines.push(s);
      bytes += Buffer.byteLength(s) + 1;
      sentences++;
    }
    lines.push('');
    bytes += 1;
  }
  if (lines[lines.length - 1] === '') lines.pop();
  return { text: `${lines.join('\n')}\n`, sentences };
}

/** Indices of the lines that are sentences (not the heading, not blank). */
export function sentenceLines(lines: readonly string[]): number[] {
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== '' && !line.startsWith('#')) out.push(i);
  });
  return out;
}

/** Replaces one word (of at least four letters) in a sentence by a different word. */
export function editWord(random: () => number, line: string): string {
  const words = line.split(' ');
  const candidates = words.map((w, i) => (/^[\p{Ll}]{4,}$/u.test(w) ? i : -1)).filter((i) => i >= 0);
  const at = candidates.length > 0 ? pick(random, candidates) : Math.floor(random() * words.length);
  const old = words[at] ?? '';
  let replacement = pick(random, REPLACEMENT_WORDS);
  while (replacement === old) replacement = pick(random, REPLACEMENT_WORDS);
  words[at] = old.endsWith('.') || old.endsWith(',') ? `${replacement}${old.slice(-1)}` : replacement;
  return words.join(' ');
}

/** `count` word edits, each in a different sentence, spread evenly through the text (with jitter). */
export function scatteredWordEdits(seed: number, text: string, count: number): string {
  const random = createRandom(seed);
  const lines = text.replace(/\n$/, '').split('\n');
  const targets = sentenceLines(lines);
  const step = targets.length / count;
  for (let k = 0; k < count; k++) {
    const slot = Math.floor(k * step + random() * Math.max(1, step - 1));
    const at = targets[Math.min(slot, targets.length - 1)];
    if (at === undefined) continue;
    lines[at] = editWord(random, lines[at] ?? '');
  }
  return `${lines.join('\n')}\n`;
}

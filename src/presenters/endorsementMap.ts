/**
 * The map of the Netherlands on the endorsements page: an SVG drawn on the server from the shipped
 * municipal boundaries (`data/reference/gemeenten-2025.topojson`, CBS / PDOK, WGS84), one shape per
 * municipality, filled by the newest version it endorses.
 *
 * Speed: reading the TopoJSON, projecting it (d3-geo Mercator fitted to the view box) and turning it
 * into SVG path data happens once per process and file (memoised); a rendering joins 342 byte strings,
 * of which only the shapes whose version changed since the last rendering are built again.
 *
 * Accessibility (WCAG 2.1 AA):
 * - Not colour alone: every version has its own hatching (an SVG <pattern>: diagonal, cross, dots,
 *   ...) on its own colour, and the legend names both; municipalities without an endorsement are a plain
 *   neutral grey.
 * - Every shape is a link to the organisation page with an accessible name ("Amsterdam: onderschreven,
 *   versie 1.0") and the same text as its <title> (a tooltip for mouse users).
 * - Keyboard: the map links have `tabindex="-1"`, so the 342 shapes are no tab stops; the table on the
 *   page is the keyboard route and the text alternative (it lists every endorsement, a page at a time,
 *   with the same links; its filters find one municipality).
 *   The SVG is a named group (`role="group"`), not `role="img"`: an image may not contain links.
 */
import fs from 'node:fs';
import path from 'node:path';
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { LruCache } from '../collections.js';
import { PROJECT_ROOT } from '../config.js';

export const MUNICIPALITY_BOUNDARIES = path.join(PROJECT_ROOT, 'data', 'reference', 'gemeenten-2025.topojson');
export const MAP_WIDTH = 600;
const MAP_MARGIN = 4;
/** Fill of municipalities without an active endorsement. */
export const NEUTRAL_FILL = '#e0e0e0';

export interface MapShape {
  /** CBS code, e.g. `GM0363`. */
  code: string;
  /** `statnaam` from the boundaries file (the register's name is preferred when given). */
  naam: string;
  /** SVG path data in view-box units. */
  d: string;
}

export interface MapGeometry {
  width: number;
  height: number;
  shapes: readonly MapShape[];
}

interface MunicipalityProperties {
  statnaam?: unknown;
}

const geometries = new Map<string, MapGeometry>();

/** The projected municipal shapes, computed once per file and process. */
export function mapGeometry(file: string = MUNICIPALITY_BOUNDARIES): MapGeometry {
  const cached = geometries.get(file);
  if (cached !== undefined) return cached;
  const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology;
  const object = Object.values(topology.objects)[0];
  if (object === undefined || object.type !== 'GeometryCollection') throw new Error(`${file}: expected one GeometryCollection`);
  const collection = feature(topology, object as GeometryCollection<MunicipalityProperties>);
  // The height follows from the width and the country's shape; a small margin keeps the strokes inside.
  const projection = geoMercator().fitWidth(MAP_WIDTH - 2 * MAP_MARGIN, collection);
  const [x0, y0] = projection.translate();
  projection.translate([x0 + MAP_MARGIN, y0 + MAP_MARGIN]);
  const toPath = geoPath(projection).digits(1);
  const [, [, maxY]] = toPath.bounds(collection);
  const shapes: MapShape[] = [];
  for (const f of collection.features) {
    const code = typeof f.id === 'string' ? f.id : String(f.id ?? '');
    const d = toPath(f);
    if (code === '' || d === null || d === '') continue;
    shapes.push({ code, naam: typeof f.properties.statnaam === 'string' ? f.properties.statnaam : code, d });
  }
  const result: MapGeometry = { width: MAP_WIDTH, height: Math.ceil(maxY + MAP_MARGIN), shapes };
  geometries.set(file, result);
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Styles per version: a colour and a hatching

type Hatch = 'schuin' | 'kruis' | 'stippen' | 'horizontaal' | 'tegenschuin' | 'verticaal';

const HATCH_LABEL: Record<Hatch, string> = {
  schuin: 'schuin gearceerd',
  kruis: 'kruislings gearceerd',
  stippen: 'gestippeld',
  horizontaal: 'horizontaal gestreept',
  tegenschuin: 'tegengesteld schuin gearceerd',
  verticaal: 'verticaal gestreept',
};

/** Colours with at least 3:1 contrast against the neutral grey and against the white hatching. */
const PALETTE: readonly { colour: string; naam: string }[] = [
  { colour: '#0b5cad', naam: 'blauw' },
  { colour: '#b04600', naam: 'oranje' },
  { colour: '#2b6e2f', naam: 'groen' },
  { colour: '#6a1b9a', naam: 'paars' },
  { colour: '#6f5a00', naam: 'okergeel' },
  { colour: '#00676a', naam: 'blauwgroen' },
];
const HATCHES: readonly Hatch[] = ['schuin', 'kruis', 'stippen', 'horizontaal', 'tegenschuin', 'verticaal'];

export interface VersionStyle {
  versie: string;
  /** The id of its <pattern>, e.g. `kaart-versie-1-0`. */
  patternId: string;
  colour: string;
  hatch: Hatch;
  /** Dutch description of colour and pattern, e.g. `blauw, schuin gearceerd`. */
  beschrijving: string;
}

export function patternId(versie: string): string {
  return `kaart-versie-${versie.replace(/[^0-9A-Za-z]+/g, '-')}`;
}

/**
 * A style per version. Styles are given oldest version first, so a version keeps its colour and pattern
 * when newer versions are named. After six versions colours and patterns repeat in a shifted combination.
 */
export function versionStyles(versionsNewestFirst: readonly string[]): VersionStyle[] {
  const oldestFirst = [...versionsNewestFirst].reverse();
  const styles = oldestFirst.map((versie, i) => {
    const palette = PALETTE[i % PALETTE.length] ?? { colour: '#0b5cad', naam: 'blauw' };
    const hatch = HATCHES[(i + Math.floor(i / PALETTE.length)) % HATCHES.length] ?? 'schuin';
    return { versie, patternId: patternId(versie), colour: palette.colour, hatch, beschrijving: `${palette.naam}, ${HATCH_LABEL[hatch]}` };
  });
  return styles.reverse();
}

/** versionStyles for the last versions list seen, so the styles (and the shapes that use them) are reused. */
let lastStyles: { key: string; styles: readonly VersionStyle[]; defs: Buffer } | undefined;
function stylesFor(versionsNewestFirst: readonly string[]): { styles: readonly VersionStyle[]; defs: Buffer } {
  const key = versionsNewestFirst.join('\n');
  if (lastStyles === undefined || lastStyles.key !== key) {
    const styles = versionStyles(versionsNewestFirst);
    lastStyles = { key, styles, defs: Buffer.from(styles.map(patternSvg).join(''), 'utf8') };
  }
  return lastStyles;
}

function patternSvg(style: VersionStyle): string {
  const size = 6;
  const base = `<rect width="${size}" height="${size}" fill="${style.colour}"/>`;
  const line = 'fill="#ffffff"';
  switch (style.hatch) {
    case 'schuin':
      return `<pattern id="${style.patternId}" patternUnits="userSpaceOnUse" width="${size}" height="${size}" patternTransform="rotate(45)">${base}<rect width="1.6" height="${size}" ${line}/></pattern>`;
    case 'tegenschuin':
      return `<pattern id="${style.patternId}" patternUnits="userSpaceOnUse" width="${size}" height="${size}" patternTransform="rotate(-45)">${base}<rect width="1.6" height="${size}" ${line}/></pattern>`;
    case 'kruis':
      return `<pattern id="${style.patternId}" patternUnits="userSpaceOnUse" width="${size}" height="${size}" patternTransform="rotate(45)">${base}<rect width="1.2" height="${size}" ${line}/><rect width="${size}" height="1.2" ${line}/></pattern>`;
    case 'stippen':
      return `<pattern id="${style.patternId}" patternUnits="userSpaceOnUse" width="${size}" height="${size}">${base}<circle cx="3" cy="3" r="1.3" ${line}/></pattern>`;
    case 'horizontaal':
      return `<pattern id="${style.patternId}" patternUnits="userSpaceOnUse" width="${size}" height="${size}">${base}<rect width="${size}" height="1.6" ${line}/></pattern>`;
    case 'verticaal':
      return `<pattern id="${style.patternId}" patternUnits="userSpaceOnUse" width="${size}" height="${size}">${base}<rect width="1.6" height="${size}" ${line}/></pattern>`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Rendering

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for SVG/HTML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

export interface EndorsementMapInput {
  /** Per municipality code, the newest version it actively endorses. */
  newestByCode: ReadonlyMap<string, string>;
  /** The document's named versions, newest first (for the styles and the legend). */
  versionsNewestFirst: readonly string[];
  /** Display names by code (the register of organisations); the boundaries file's name otherwise. */
  names?: ReadonlyMap<string, string>;
  /** The accessible name of the map. */
  label?: string;
  /** Id of an element that describes the map (e.g. the text that points to the table). */
  describedBy?: string;
  /** Another boundaries file (tests); default the shipped one. */
  file?: string;
}

export interface LegendItem {
  versie: string | null;
  label: string;
  beschrijving: string;
  /** Municipalities shown with this style. */
  aantal: number;
  fill: string;
}

export interface EndorsementMap {
  /** The SVG markup (built from `bytes` when first read). */
  readonly svg: string;
  /** The SVG as UTF-8 bytes in pieces (per-shape bytes are kept between renderings): join them once, in the page. */
  parts: readonly Buffer[];
  /** The pieces joined. */
  readonly bytes: Buffer;
  legend: LegendItem[];
  /** The legend as an HTML list with swatches that use the map's patterns. */
  readonly legendHtml: string;
  /** The same as UTF-8 bytes in pieces (items kept between renderings). */
  legendParts: readonly Buffer[];
  shapes: number;
}

/** The parts of a shape's markup that do not depend on the endorsements (escaped once per names map). */
interface ShapeParts {
  /** `<a href=... aria-label="` */
  open: string;
  /** The escaped display name. */
  naam: string;
  /** `<path id=... class="` */
  path: string;
  /** ` d=...></a>` */
  close: string;
  /** The shape's markup (UTF-8) at the last rendering, and the version and style it showed (none: null, undefined). */
  last: Buffer;
  lastStyle: VersionStyle | null;
  lastVersion: string | undefined;
}
const shapePartsCache = new WeakMap<MapGeometry, WeakMap<object, ShapeParts[]>>();
const NO_NAMES = {};
function shapeParts(geometry: MapGeometry, names: ReadonlyMap<string, string> | undefined): ShapeParts[] {
  let perNames = shapePartsCache.get(geometry);
  if (perNames === undefined) {
    perNames = new WeakMap();
    shapePartsCache.set(geometry, perNames);
  }
  const key = names ?? NO_NAMES;
  let parts = perNames.get(key);
  if (parts === undefined) {
    parts = geometry.shapes.map((shape) => ({
      open: `<a href="/organisaties/${encodeURIComponent(shape.code)}" tabindex="-1" aria-label="`,
      naam: escapeXml(names?.get(shape.code) ?? shape.naam),
      path: `<path id="kaart-${escapeXml(shape.code)}" class="`,
      close: ` d="${shape.d}"/></a>`,
      last: Buffer.alloc(0),
      lastStyle: null,
      lastVersion: undefined,
    }));
    perNames.set(key, parts);
  }
  return parts;
}

const legendItems = new LruCache<string, Buffer>(5_000);
/** One item of the legend as UTF-8 (kept per content: one endorsement changes one or two counts). */
function legendItem(item: LegendItem): Buffer {
  const key = `${item.fill}|${item.label}|${item.beschrijving}|${item.aantal}`;
  return legendItems.getOrSet(key, () =>
    Buffer.from(
      `<li><svg class="app-map-swatch" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="27" height="17" fill="${escapeXml(item.fill)}" stroke="#333333"/></svg>` +
        `<span>${escapeXml(item.label)} <span class="app-map-legend-pattern">(${escapeXml(item.beschrijving)})</span>: ${item.aantal} ${item.aantal === 1 ? 'gemeente' : 'gemeenten'}</span></li>`,
      'utf8',
    ),
  );
}
const LEGEND_OPEN = Buffer.from('<ul class="app-map-legend">', 'utf8');
const LEGEND_CLOSE = Buffer.from('</ul>', 'utf8');

/** The map as SVG, and its legend. */
export function renderEndorsementMap(input: EndorsementMapInput): EndorsementMap {
  const geometry = mapGeometry(input.file);
  const known = stylesFor(input.versionsNewestFirst);
  const styles = [...known.styles];
  const styleOf = new Map(styles.map((s) => [s.versie, s]));
  // A version that is not a named version of the document (should not happen) still gets a style.
  for (const versie of new Set(input.newestByCode.values())) {
    if (!styleOf.has(versie)) {
      const extra = versionStyles([versie, ...input.versionsNewestFirst])[0];
      if (extra !== undefined) {
        styleOf.set(versie, extra);
        styles.push(extra);
      }
    }
  }
  const counts = new Map<string, number>();
  let neutral = 0;
  const parts: Buffer[] = [];
  const fixed = shapeParts(geometry, input.names);
  const escapedVersion = new Map<string, string>();
  for (const [i, shape] of geometry.shapes.entries()) {
    const f = fixed[i] as ShapeParts;
    const versie = input.newestByCode.get(shape.code);
    const style = versie === undefined ? undefined : styleOf.get(versie);
    if (versie === undefined || style === undefined) neutral += 1;
    else counts.set(versie, (counts.get(versie) ?? 0) + 1);
    // The markup of a shape is kept per style: a change of one municipality re-renders only its shape.
    if (f.lastStyle === (style ?? null) && f.lastVersion === versie && f.last.length > 0) {
      parts.push(f.last);
      continue;
    }
    let html: string;
    if (versie === undefined || style === undefined) {
      const label = `${f.naam}: geen onderschrijving`;
      html = `${f.open}${label}"><title>${label}</title>${f.path}app-map-area" fill="${NEUTRAL_FILL}"${f.close}`;
    } else {
      let v = escapedVersion.get(versie);
      if (v === undefined) {
        v = escapeXml(versie);
        escapedVersion.set(versie, v);
      }
      const label = `${f.naam}: onderschreven, versie ${v}`;
      html = `${f.open}${label}"><title>${label}</title>${f.path}app-map-area app-map-area--onderschreven" fill="url(#${style.patternId})"${f.close}`;
    }
    f.lastStyle = style ?? null;
    f.lastVersion = versie;
    f.last = Buffer.from(html, 'utf8');
    parts.push(f.last);
  }
  const label = escapeXml(input.label ?? 'Kaart van Nederland: gemeenten naar de nieuwste versie die zij onderschreven');
  const describedBy = input.describedBy === undefined ? '' : ` aria-describedby="${escapeXml(input.describedBy)}"`;
  const defs = styles.length === known.styles.length ? known.defs : Buffer.from(styles.map(patternSvg).join(''), 'utf8');
  const allParts = [
    Buffer.from(
      `<svg class="app-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${geometry.width} ${geometry.height}" width="${geometry.width}" height="${geometry.height}" role="group" aria-label="${label}"${describedBy} focusable="false"><defs>`,
      'utf8',
    ),
    defs,
    Buffer.from('</defs><g stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round">', 'utf8'),
    ...parts,
    Buffer.from('</g></svg>', 'utf8'),
  ];

  const legend: LegendItem[] = [
    ...styles.map((s, i) => ({
      versie: s.versie,
      label: `Versie ${s.versie}${i === 0 ? ' (nieuwste versie)' : ''}`,
      beschrijving: s.beschrijving,
      aantal: counts.get(s.versie) ?? 0,
      fill: `url(#${s.patternId})`,
    })),
    { versie: null, label: 'Geen onderschrijving', beschrijving: 'lichtgrijs, zonder patroon', aantal: neutral, fill: NEUTRAL_FILL },
  ];
  const legendParts = [LEGEND_OPEN, ...legend.map(legendItem), LEGEND_CLOSE];
  let bytes: Buffer | undefined;
  let svg: string | undefined;
  let legendHtml: string | undefined;
  return {
    parts: allParts,
    legendParts,
    get legendHtml() {
      legendHtml ??= Buffer.concat(legendParts).toString('utf8');
      return legendHtml;
    },
    get bytes() {
      bytes ??= Buffer.concat(allParts);
      return bytes;
    },
    get svg() {
      svg ??= this.bytes.toString('utf8');
      return svg;
    },
    legend,
    shapes: geometry.shapes.length,
  };
}

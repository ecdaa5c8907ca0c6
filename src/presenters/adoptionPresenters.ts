/** The ALV state of a named version as the JSON API shows it (`alv` in a version, and the write answers). */
import { namedVersionStatus, type VersionStateRecord } from '../domain/versionStatus.js';
import type { VersionAlvJson, VersionStateJson } from '../schemas/adoption.js';

export function presentAlv(state: VersionStateRecord | undefined): VersionAlvJson {
  return {
    alvDatum: state?.agendering?.alvDatum ?? null,
    besluittekst: state?.besluittekst?.tekst ?? null,
    besluiten: (state?.besluiten ?? []).map((b) => ({
      alvDatum: b.alvDatum,
      datum: b.datum,
      uitkomst: b.uitkomst,
      percentages: b.percentages,
      kenmerk: b.kenmerk,
      tijdstip: b.tijdstip,
    })),
  };
}

export function presentVersionState(slug: string, versie: string, state: VersionStateRecord | undefined): VersionStateJson {
  return { document: slug, versie, status: namedVersionStatus(state), ...presentAlv(state) };
}

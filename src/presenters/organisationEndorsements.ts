/**
 * The endorsement section of an organisation page (`/organisaties/{code}`): per document every
 * endorsement and withdrawal of the organisation, and, when its newest valid endorsement is of an
 * older version than the document's newest named version, the link to the comparison between the two.
 */
import { DECIDING_BODY_LABEL } from '../domain/endorsementModel.js';
import type { organisationEndorsementGroups } from '../queries/endorsementQueries.js';
import { STATUS_LABEL } from '../queries/endorsementOverviewQueries.js';
import { formatIsoDate } from './endorsementChart.js';

type Groups = Awaited<ReturnType<typeof organisationEndorsementGroups>>;

export function organisationEndorsementsModel(groups: Groups) {
  return groups.map((g) => {
    const slug = encodeURIComponent(g.document);
    return {
      ...g,
      documentUrl: `/documenten/${slug}`,
      overviewUrl: `/documenten/${slug}/onderschrijvingen`,
      compareUrl:
        g.verouderd && g.onderschreven !== null && g.nieuwste !== null
          ? `/documenten/${slug}/vergelijking?van=${encodeURIComponent(g.onderschreven)}&naar=${encodeURIComponent(g.nieuwste)}`
          : null,
      // The endorse and withdraw forms (endorsementsWeb.ts), shown to the organisation's representatives.
      endorseNewestUrl: g.nieuwste === null ? null : `/documenten/${slug}/versies/${encodeURIComponent(g.nieuwste)}/onderschrijven`,
      items: g.items.map((e) => ({
        ...e,
        orgaanLabel: e.besluit.orgaan === null ? null : DECIDING_BODY_LABEL[e.besluit.orgaan],
        statusLabel: STATUS_LABEL[e.status],
        versionUrl: `/documenten/${slug}/versies/${encodeURIComponent(e.versie)}`,
        withdrawUrl: `/documenten/${slug}/onderschrijvingen/${encodeURIComponent(e.id)}/intrekken`,
        datumTekst: e.besluit.datum === null ? null : formatIsoDate(e.besluit.datum),
        ingetrokkenTekst: e.intrekking === null ? null : formatIsoDate(e.intrekking.tijdstip.slice(0, 10)),
      })),
    };
  });
}

/**
 * The status of a version as the API and pages show it (DESIGN.md section 6):
 * `concept` (the draft itself), `gepubliceerd` (a named version), `ter-vaststelling` (on the ALV agenda),
 * `vastgesteld` (adopted), and `historisch` for any other commit a reader asks for by oid.
 * Agenda and adoption are recorded in the db (a later issue); until then a named version is `gepubliceerd`.
 */
export type VersionStatus = 'concept' | 'gepubliceerd' | 'ter-vaststelling' | 'vastgesteld' | 'historisch';

export const STATUS_LABEL: Record<VersionStatus, string> = {
  concept: 'Concept',
  gepubliceerd: 'Gepubliceerd',
  'ter-vaststelling': 'Ter vaststelling',
  vastgesteld: 'Vastgesteld',
  historisch: 'Historische tekst',
};

/** Roles of accounts (what each may do: policies/policies.ts) and organisation types. */
export const ROLES = ['beheerder', 'secretaris', 'werkgroeplid', 'vertegenwoordiger'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  beheerder: 'Beheerder',
  secretaris: 'Secretaris ALV',
  werkgroeplid: 'Werkgroeplid',
  vertegenwoordiger: 'Vertegenwoordiger',
};

export const ORGANISATION_TYPES = ['gemeente', 'provincie', 'waterschap', 'buitenlandse-gemeente', 'overig'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ORGANISATION_TYPE_LABEL: Record<OrganisationType, string> = {
  gemeente: 'Gemeente',
  provincie: 'Provincie',
  waterschap: 'Waterschap',
  'buitenlandse-gemeente': 'Buitenlandse gemeente',
  overig: 'Overig',
};

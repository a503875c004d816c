/** The person's own view (session.me, and the answer to accepting an invitation). */
import type { Me } from '../../src/core/contract'
import { authorize, mayEver } from '../../src/core/policy'
import { hasCurrentConsent, type ConsentRecord } from '../../src/core/privacy'
import { findNodes, grantViews, type Person } from './people'

export async function meOf(person: Person | undefined, consent: ConsentRecord | undefined): Promise<Me> {
  const consentPart = { ...(consent ? { consent } : {}), consentCurrent: hasCurrentConsent(consent) }
  const none = {
    logEvents: false,
    readStreetFigures: false,
    managePeople: false,
    manageOrg: false,
    readAudit: false,
    managePrivacy: false,
    manageCatalogue: false,
    manageFigures: false,
    closeYear: false,
    exportFigures: false,
    importLedgers: false,
    publishActivities: false,
    reviewPublications: false,
  }
  if (!person) return { name: '居民', grants: [], staff: false, revoked: false, may: none, ...consentPart }
  const nodes = await findNodes([
    ...person.grants.map((g) => g.nodeId),
    ...(person.streetId ? [person.streetId] : []),
  ])
  const street = person.streetId ? nodes.get(person.streetId) : undefined
  const actor = { openid: person.openid, grants: person.grants }
  return {
    name: person.name,
    grants: grantViews(person.grants, nodes),
    ...(street ? { streetName: street.name } : {}),
    staff: person.grants.length > 0,
    revoked: person.status === 'revoked',
    may: {
      logEvents: mayEver(actor, 'event.log'),
      readStreetFigures: !!street && authorize(actor, 'figures.read', street).allowed,
      managePeople: mayEver(actor, 'people.manage'),
      manageOrg: mayEver(actor, 'org.manage'),
      readAudit: mayEver(actor, 'audit.read'),
      managePrivacy: mayEver(actor, 'privacy.manage'),
      manageCatalogue: mayEver(actor, 'catalogue.manage'),
      manageFigures: mayEver(actor, 'figures.manage'),
      closeYear: mayEver(actor, 'year.close'),
      exportFigures: mayEver(actor, 'figures.export'),
      importLedgers: mayEver(actor, 'ledger.import'),
      publishActivities: mayEver(actor, 'publication.manage'),
      reviewPublications: mayEver(actor, 'publication.review'),
    },
    ...consentPart,
  }
}

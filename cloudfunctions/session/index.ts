/** session: who am I (name, roles, street), from the caller's OPENID. */
import { streetGrant } from '../../src/core/roles'
import { findNode, findPerson } from '../_lib/people'
import { serve } from '../_lib/serve'

export const main = serve('session', {
  async me(_request, caller) {
    const person = await findPerson(caller.openid)
    if (!person) return { name: '居民', roles: [], staff: false, mayReadStreetFigures: false }
    const street = person.streetId ? await findNode(person.streetId) : undefined
    return {
      name: person.name,
      roles: person.roles,
      ...(street ? { streetName: street.name } : {}),
      staff: person.roles.some((r) => r.role !== 'resident'),
      mayReadStreetFigures: streetGrant(person.roles) !== undefined,
    }
  },
})

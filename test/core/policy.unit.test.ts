/**
 * The policy as a full matrix: every role × every action × its own node / a node below it / a node
 * elsewhere, generated from one table. The table below is the specification (domain.md, "People" and
 * "Privacy"), written independently of the policy module's own table, which it checks.
 */
import fc from 'fast-check'
import type { NodeKind, NodePlace } from '../../src/core/org-tree'
import {
  authorize,
  defaultLoggingGrant,
  mayEver,
  POLICY_ACTIONS,
  type PolicyAction,
} from '../../src/core/policy'
import { isOwnAdminGrant, ROLE_NODE_KIND, STAFF_ROLES, type StaffRole } from '../../src/core/roles'

// Who may do what, at their node and below. ✓ allowed, · refused.
// Exports list the events behind the figures: those who review what was logged (community and street).
// Closing a year is the street admin's (api contract `closeYear`), though domain.md's "People" lists it
// among street staff's tasks; importing old ledgers is street work.
//                      网格员 社区   街道   管理员 区级
const SPEC = `
  event.log            ✓      ✓      ✓      ✓      ·
  event.read           ✓      ✓      ✓      ✓      ·
  event.edit           ·      ✓      ✓      ✓      ·
  case.handle          ·      ✓      ✓      ✓      ·
  case.readParties     ·      ✓      ✓      ✓      ·
  figures.read         ✓      ✓      ✓      ✓      ✓
  figures.export       ·      ✓      ✓      ✓      ·
  figures.manage       ·      ·      ·      ✓      ·
  year.close           ·      ·      ·      ✓      ·
  ledger.import        ·      ·      ✓      ✓      ·
  org.read             ✓      ✓      ✓      ✓      ✓
  org.manage           ·      ·      ·      ✓      ·
  people.manage        ·      ·      ·      ✓      ·
  audit.read           ·      ·      ·      ✓      ·
  privacy.manage       ·      ·      ·      ✓      ·
  catalogue.manage     ·      ·      ·      ✓      ·
  publication.manage   ·      ✓      ✓      ✓      ·
  publication.review   ·      ·      ✓      ✓      ·
`
const COLUMNS: StaffRole[] = ['gridWorker', 'communityStaff', 'streetStaff', 'streetAdmin', 'districtViewer']
/** Actions whose record's handlers may act wherever their grant is (a case's 承办人). */
const HANDLER_ACTIONS: PolicyAction[] = ['event.read', 'event.edit', 'case.handle', 'case.readParties']

const allowedBySpec = new Map<string, boolean>()
for (const line of SPEC.trim().split('\n')) {
  const [action, ...marks] = line.trim().split(/\s+/)
  marks.forEach((mark, i) => allowedBySpec.set(`${action}|${COLUMNS[i]}`, mark === '✓'))
}

// The tree: 区 D ─ 街道 S ─ 社区 C ─ 网格 G, G'; elsewhere: 区 D2 ─ 街道 S2 ─ 社区 C2 ─ 网格 G2.
const place = (id: string, ...ancestors: string[]): NodePlace => ({ id, ancestors })
const NODES = {
  D: place('D'),
  S: place('S', 'D'),
  C: place('C', 'D', 'S'),
  G: place('G', 'D', 'S', 'C'),
  G_: place("G'", 'D', 'S', 'C'),
  D2: place('D2'),
  S2: place('S2', 'D2'),
  C2: place('C2', 'D2', 'S2'),
  G2: place('G2', 'D2', 'S2', 'C2'),
}
const OWN: Record<NodeKind, NodePlace> = {
  district: NODES.D,
  street: NODES.S,
  community: NODES.C,
  grid: NODES.G,
}
const BELOW: Record<NodeKind, NodePlace | undefined> = {
  district: NODES.G,
  street: NODES.C,
  community: NODES.G,
  grid: undefined,
}
const ELSEWHERE: Record<NodeKind, readonly NodePlace[]> = {
  district: [NODES.D2, NODES.S2, NODES.G2],
  street: [NODES.S2, NODES.D, NODES.G2],
  community: [NODES.C2, NODES.S, NODES.D],
  grid: [NODES.G_, NODES.C, NODES.G2],
}

const me = 'openid-me'
const actorFor = (role: StaffRole) => ({
  openid: me,
  grants: [{ role, nodeId: OWN[ROLE_NODE_KIND[role]].id }],
})

it('the spec table covers every action and every role of the policy', () => {
  expect([...new Set([...allowedBySpec.keys()].map((k) => k.split('|')[0]))].sort()).toEqual(
    [...POLICY_ACTIONS].sort(),
  )
  expect([...COLUMNS].sort()).toEqual([...STAFF_ROLES].sort())
})

describe.each(STAFF_ROLES)('%s', (role) => {
  const kind = ROLE_NODE_KIND[role]
  const actor = actorFor(role)

  describe.each(POLICY_ACTIONS)('%s', (action) => {
    const allowed = allowedBySpec.get(`${action}|${role}`)!

    it(allowed ? 'is allowed at their own node' : 'is refused at their own node (FORBIDDEN)', () => {
      const decision = authorize(actor, action, OWN[kind])
      expect(decision).toEqual(
        allowed ? expect.objectContaining({ allowed: true }) : { allowed: false, code: 'AUTH.FORBIDDEN' },
      )
    })

    const below = BELOW[kind]
    if (below) {
      it(allowed ? 'is allowed at a node below theirs' : 'is refused below their node (FORBIDDEN)', () => {
        const decision = authorize(actor, action, below)
        expect(decision).toEqual(
          allowed ? expect.objectContaining({ allowed: true }) : { allowed: false, code: 'AUTH.FORBIDDEN' },
        )
      })
    }

    it(`is refused at nodes elsewhere (${allowed ? 'OUT_OF_SCOPE' : 'FORBIDDEN'})`, () => {
      for (const elsewhere of ELSEWHERE[kind]) {
        expect(authorize(actor, action, elsewhere)).toEqual({
          allowed: false,
          code: allowed ? 'AUTH.OUT_OF_SCOPE' : 'AUTH.FORBIDDEN',
        })
      }
    })

    if (HANDLER_ACTIONS.includes(action)) {
      it('is allowed elsewhere on a record they handle, and refused on one they do not', () => {
        for (const elsewhere of ELSEWHERE[kind]) {
          expect(authorize(actor, action, elsewhere, { handlers: [me] }).allowed).toBe(true)
          expect(authorize(actor, action, elsewhere, { handlers: ['someone-else'] }).allowed).toBe(false)
        }
      })
    } else {
      it('is not widened elsewhere by handling a record there', () => {
        for (const elsewhere of ELSEWHERE[kind])
          expect(authorize(actor, action, elsewhere, { handlers: [me] })).toEqual(
            authorize(actor, action, elsewhere),
          )
      })
    }

    it(allowed ? 'shows in their menus (mayEver)' : 'is hidden from their menus (mayEver)', () => {
      expect(mayEver(actor, action)).toBe(allowed)
    })
  })
})

describe('residents and revoked people', () => {
  it.each(POLICY_ACTIONS)(
    '%s is refused to anyone without a grant (NOT_STAFF), even a former handler',
    (action) => {
      for (const node of Object.values(NODES)) {
        expect(authorize(undefined, action, node)).toEqual({ allowed: false, code: 'AUTH.NOT_STAFF' })
        expect(authorize({ openid: me, grants: [] }, action, node, { handlers: [me] })).toEqual({
          allowed: false,
          code: 'AUTH.NOT_STAFF',
        })
      }
    },
  )
})

describe('several grants', () => {
  it('a person holding several roles may do what any one of them allows, where it allows it', () => {
    const both = {
      openid: me,
      grants: [
        { role: 'gridWorker' as const, nodeId: 'G' },
        { role: 'streetAdmin' as const, nodeId: 'S2' },
      ],
    }
    expect(authorize(both, 'event.log', NODES.G).allowed).toBe(true)
    expect(authorize(both, 'people.manage', NODES.C2).allowed).toBe(true)
    expect(authorize(both, 'people.manage', NODES.C)).toEqual({ allowed: false, code: 'AUTH.OUT_OF_SCOPE' })
  })

  it('logs at the most specific node held: the grid before the community before the street', () => {
    expect(
      defaultLoggingGrant([
        { role: 'streetAdmin', nodeId: 'S' },
        { role: 'communityStaff', nodeId: 'C' },
        { role: 'gridWorker', nodeId: 'G' },
      ]),
    ).toEqual({ role: 'gridWorker', nodeId: 'G' })
    expect(defaultLoggingGrant([{ role: 'districtViewer', nodeId: 'D' }])).toBeUndefined()
  })

  it('a grant never reaches a node outside its subtree, whatever the tree (property)', () => {
    // Random paths: a grant at a node reaches a target exactly when the node is on the target's path.
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { maxLength: 4 }),
        id,
        fc.constantFrom(...POLICY_ACTIONS),
        (path, grantAt, action) => {
          const [targetId, ...ancestors] = [...path].reverse()
          if (targetId === undefined) return
          const target = { id: targetId, ancestors: ancestors.reverse() }
          const decision = authorize(
            { openid: me, grants: [{ role: 'streetAdmin', nodeId: grantAt }] },
            action,
            target,
          )
          expect(decision.allowed).toBe(path.includes(grantAt))
        },
      ),
    )
  })
})

describe('an admin on their own entry', () => {
  it.each(STAFF_ROLES)('leaves only their own 街道管理员 grant to another admin (%s)', (role) => {
    expect(isOwnAdminGrant(role, true)).toBe(role === 'streetAdmin')
    expect(isOwnAdminGrant(role, false)).toBe(false)
  })
})

/**
 * Accounts, roles, the org tree and personal data, through the built functions and the real
 * wx-server-sdk against the local cloud: onboarding by invitation, revoke, transfer, masking, the
 * audit log and retention, and every refusal the issue names (forged identity, another street's
 * records, expired/used/guessed invitations, a revoked person's old session).
 */
import { chinaToday } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import { asEvent } from '../support/events'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import type { LocalCloud } from '../../local-cloud/src/server'
import type { Sdk } from '../support/local-cloud'
import { functionsCloud } from '../support/functions'

let cloud: LocalCloud
let db: Sdk

const ADMIN = 'demo-admin-lina'
const CLERK = 'demo-street-chenjing'
const MEDIATOR = 'demo-community-zhaomin'
const GRID_WORKER = 'demo-grid-zhangwei'
const RESIDENT = 'demo-resident-wangfang'
const GRID_5 = 'node-cc-chunxiao-grid-2'
const GRID_1 = 'node-cc-mingyuan-grid-1'
const GRID_3 = 'node-cc-mingyuan-grid-3'
const MINGYUAN = 'node-cc-mingyuan'

const fx = functionsCloud()
const { call, ok, codeOf, count } = fx

beforeAll(async () => {
  cloud = fx.cloud
  db = fx.db
  // Another street of the same district, with its own admin: records there are out of 李娜's reach.
  await db.collection('orgNodes').add({
    data: {
      _id: 'node-qixin',
      kind: 'street',
      name: '启新街道',
      parentId: 'node-lvyuan',
      ancestors: ['node-lvyuan'],
      streetId: 'node-qixin',
      retired: false,
    },
  })
  await db.collection('orgNodes').add({
    data: {
      _id: 'node-qx-c1',
      kind: 'community',
      name: '启新社区',
      parentId: 'node-qixin',
      ancestors: ['node-lvyuan', 'node-qixin'],
      streetId: 'node-qixin',
      retired: false,
    },
  })
  await db.collection('orgNodes').add({
    data: {
      _id: 'node-qx-g1',
      kind: 'grid',
      name: '启新第1网格',
      parentId: 'node-qx-c1',
      ancestors: ['node-lvyuan', 'node-qixin', 'node-qx-c1'],
      streetId: 'node-qixin',
      retired: false,
    },
  })
  await db.collection('users').add({
    data: {
      _id: 'qixin-admin',
      name: '周强',
      streetId: 'node-qixin',
      grants: [{ role: 'streetAdmin', nodeId: 'node-qixin' }],
      status: 'active',
      history: [],
    },
  })
})

const consent = (who: string) => ok('session', { action: 'consent', version: PRIVACY_NOTICE.version }, who)
const auditOf = async (where: Record<string, unknown>) =>
  (await db.collection('auditLog').where(where).limit(1000).get()).data as Record<string, unknown>[]

let fresh = 0
/** A new person invited by 李娜 as `role` at `nodeId`, who consents and accepts. */
async function onboard(role: string, nodeId: string, name = '新同事'): Promise<string> {
  const openid = `person-${++fresh}-${Date.now()}`
  const { code } = await ok('people', { action: 'invite', role, nodeId, name, validDays: 7 }, ADMIN)
  await consent(openid)
  await ok('people', { action: 'accept', code }, openid)
  return openid
}

const dispute = (overrides: Record<string, unknown> = {}) => ({
  title: '邻里漏水纠纷',
  happenedOn: chinaToday(),
  attributes: { category: '邻里纠纷' },
  parties: [
    {
      role: 'applicant',
      name: '张三',
      phone: '13812345678',
      idNumber: '11010519491231002X',
      address: '春城街道明园小区3栋2单元',
    },
    { role: 'respondent', name: '李四', phone: '13987654321' },
  ],
  ...overrides,
})

describe('onboarding by invitation', () => {
  it('an admin invites a grid worker, who consents, enters the code and becomes one', async () => {
    const invited = await ok(
      'people',
      { action: 'invite', role: 'gridWorker', nodeId: GRID_5, name: '刘洋', validDays: 7 },
      ADMIN,
    )
    expect(invited.code).toMatch(/^[2-9A-HJ-NP-Z]{10}$/)
    expect(invited.qr).toBe(`fazhi-ledger:invite:${invited.code}`)
    expect(invited.invitation).toMatchObject({
      role: 'gridWorker',
      nodeName: '第5网格',
      name: '刘洋',
      status: 'open',
    })
    // The code is never stored, only its hash.
    expect(JSON.stringify(await db.collection('invitations').doc(invited.invitation.id).get())).not.toContain(
      invited.code,
    )

    const liuyang = 'new-liuyang'
    expect(await codeOf('people', { action: 'accept', code: invited.code }, liuyang)).toBe(
      'PRIVACY.CONSENT_REQUIRED',
    )
    const consented = await consent(liuyang)
    expect(consented.consent.version).toBe(PRIVACY_NOTICE.version)
    const accepted = await ok(
      'people',
      { action: 'accept', code: `${invited.code.slice(0, 5).toLowerCase()}-${invited.code.slice(5)}` },
      liuyang,
    )
    expect(accepted.me).toMatchObject({
      name: '刘洋',
      streetName: '春城街道',
      staff: true,
      grants: [{ role: 'gridWorker', nodeId: GRID_5, nodeName: '第5网格' }],
      may: { logEvents: true, managePeople: false },
      consentCurrent: true,
    })
    // Single use: nobody, not even the same person, uses it twice.
    expect(await codeOf('people', { action: 'accept', code: invited.code }, liuyang)).toBe('INVITE.USED')
    await consent('someone-else')
    expect(await codeOf('people', { action: 'accept', code: invited.code }, 'someone-else')).toBe(
      'INVITE.USED',
    )

    const { people } = await ok('people', { action: 'list' }, ADMIN)
    expect(people.find((p: { name: string }) => p.name === '刘洋')).toMatchObject({
      id: liuyang,
      status: 'active',
      grants: [{ role: 'gridWorker', nodeName: '第5网格' }],
    })
    const { invitations } = await ok('people', { action: 'invitations' }, ADMIN)
    expect(invitations.find((i: { id: string }) => i.id === invited.invitation.id).status).toBe('used')
    expect((await auditOf({ action: 'people.accept', actor: liuyang })).length).toBe(1)
  })

  it('refuses an expired or revoked invitation, and changes nothing', async () => {
    const expiring = await ok(
      'people',
      { action: 'invite', role: 'gridWorker', nodeId: GRID_5, name: '过期', validDays: 1 },
      ADMIN,
    )
    await db
      .collection('invitations')
      .doc(expiring.invitation.id)
      .update({ data: { expiresAt: new Date(Date.now() - 1000) } })
    const revoked = await ok(
      'people',
      { action: 'invite', role: 'gridWorker', nodeId: GRID_5, name: '撤销', validDays: 3 },
      ADMIN,
    )
    expect(
      (await ok('people', { action: 'revokeInvitation', id: revoked.invitation.id }, ADMIN)).invitation
        .status,
    ).toBe('revoked')
    await consent('late-comer')
    expect(await codeOf('people', { action: 'accept', code: expiring.code }, 'late-comer')).toBe(
      'INVITE.EXPIRED',
    )
    expect(await codeOf('people', { action: 'accept', code: revoked.code }, 'late-comer')).toBe(
      'INVITE.REVOKED',
    )
    expect((await db.collection('users').doc('late-comer').get()).data).toBeNull()
    expect((await auditOf({ actor: 'late-comer', outcome: 'refused' })).map((e) => e.code).sort()).toEqual([
      'INVITE.EXPIRED',
      'INVITE.REVOKED',
    ])
  })

  it('rate-limits guessing: after five wrong codes even a right one is refused for a while', async () => {
    const guesser = 'guesser'
    await consent(guesser)
    const real = await ok(
      'people',
      { action: 'invite', role: 'gridWorker', nodeId: GRID_5, name: '猜测', validDays: 3 },
      ADMIN,
    )
    for (let i = 0; i < 5; i++)
      expect(
        await codeOf('people', { action: 'accept', code: `ABCDE${'23456'.slice(0, 4)}${i + 2}` }, guesser),
      ).toBe('INVITE.NOT_FOUND')
    expect(await codeOf('people', { action: 'accept', code: real.code }, guesser)).toBe('INVITE.RATE_LIMITED')
    expect((await db.collection('users').doc(guesser).get()).data).toBeNull()
    expect((await auditOf({ actor: guesser, outcome: 'refused' })).length).toBe(6)
    // The invitation is still there for the person it was meant for.
    await consent('the-right-person')
    expect((await ok('people', { action: 'accept', code: real.code }, 'the-right-person')).me.staff).toBe(
      true,
    )
  })

  it('counts parallel guesses too', async () => {
    const guesser = 'parallel-guesser'
    await consent(guesser)
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        codeOf('people', { action: 'accept', code: `ZZZZZZZZ${'23456789'[i % 8]}${'ABCD'[i % 4]}` }, guesser),
      ),
    )
    expect(replies.every((code) => code === 'INVITE.NOT_FOUND' || code === 'INVITE.RATE_LIMITED')).toBe(true)
    const { data } = await db
      .collection('rateLimits')
      .where({ _id: db.RegExp({ regexp: `^invite:${guesser}:` }) })
      .get()
    expect(data[0].failures).toBe(replies.filter((code) => code === 'INVITE.NOT_FOUND').length)
    expect(data[0].failures).toBeGreaterThanOrEqual(5)
    const real = await ok(
      'people',
      { action: 'invite', role: 'gridWorker', nodeId: GRID_5, name: '并发', validDays: 3 },
      ADMIN,
    )
    expect(await codeOf('people', { action: 'accept', code: real.code }, guesser)).toBe('INVITE.RATE_LIMITED')
  })

  it('an invitation is void once its inviter may no longer invite, and nobody accepts their own', async () => {
    const admin2 = await onboard('streetAdmin', 'node-chuncheng', '钱多')
    const forWorker = await ok(
      'people',
      { action: 'invite', role: 'gridWorker', nodeId: GRID_5, name: '孙杨', validDays: 7 },
      admin2,
    )
    const forSelf = await ok(
      'people',
      { action: 'invite', role: 'streetAdmin', nodeId: 'node-chuncheng', name: '钱多', validDays: 7 },
      admin2,
    )
    expect(await codeOf('people', { action: 'accept', code: forSelf.code }, admin2)).toBe('INVITE.SELF')
    await ok('people', { action: 'revoke', id: admin2, role: 'streetAdmin', nodeId: 'node-chuncheng' }, ADMIN)
    // The revoked admin kept the code of an invitation they made: it no longer makes them anything.
    expect(await codeOf('people', { action: 'accept', code: forSelf.code }, admin2)).toBe('INVITE.SELF')
    expect((await ok('session', { action: 'me' }, admin2)).revoked).toBe(true)
    await consent('sunyang')
    expect(await codeOf('people', { action: 'accept', code: forWorker.code }, 'sunyang')).toBe(
      'INVITE.REVOKED',
    )
    expect((await db.collection('users').doc('sunyang').get()).data).toBeNull()
  })

  it('refuses an invitation to a node retired since, and a second street while working for one', async () => {
    const { node } = await ok('org', { action: 'add', parentId: MINGYUAN, name: '临时网格' }, ADMIN)
    const invited = await ok(
      'people',
      { action: 'invite', role: 'gridWorker', nodeId: node.id, name: '临时', validDays: 7 },
      ADMIN,
    )
    await ok('org', { action: 'retire', id: node.id }, ADMIN)
    await consent('temp-worker')
    expect(await codeOf('people', { action: 'accept', code: invited.code }, 'temp-worker')).toBe(
      'ORG.NODE_RETIRED',
    )

    const worker = await onboard('gridWorker', GRID_1, '何平')
    const fromQixin = await ok(
      'people',
      { action: 'invite', role: 'gridWorker', nodeId: 'node-qx-g1', name: '何平', validDays: 7 },
      'qixin-admin',
    )
    expect(await codeOf('people', { action: 'accept', code: fromQixin.code }, worker)).toBe(
      'INVITE.OTHER_STREET',
    )
    expect((await ok('session', { action: 'me' }, worker)).grants).toEqual([
      { role: 'gridWorker', nodeId: GRID_1, nodeName: '第1网格' },
    ])
  })

  it('refuses invitations from non-admins, at other streets, at the wrong kind of node, or badly filled, storing nothing', async () => {
    const before = await count('invitations')
    const invite = (who: string, request: Record<string, unknown>) =>
      codeOf(
        'people',
        { action: 'invite', role: 'gridWorker', nodeId: GRID_5, name: '刘洋', validDays: 7, ...request },
        who,
      )
    expect(await invite(GRID_WORKER, {})).toBe('AUTH.FORBIDDEN')
    expect(await invite(RESIDENT, {})).toBe('AUTH.NOT_STAFF')
    expect(await invite(ADMIN, { role: 'communityStaff', nodeId: 'node-qx-c1' })).toBe('AUTH.OUT_OF_SCOPE')
    expect(await invite(ADMIN, { nodeId: MINGYUAN })).toBe('ORG.WRONG_NODE_KIND')
    expect(await invite(ADMIN, { nodeId: 'node-nowhere' })).toBe('ORG.NOT_FOUND')
    const bad = await call(
      'people',
      { action: 'invite', role: 'districtViewer', nodeId: GRID_5, name: '1', validDays: 99 },
      ADMIN,
    )
    expect(bad.error).toMatchObject({
      code: 'INVITE.INVALID',
      details: { fields: { role: '请选择身份', validDays: '有效期应为1至30天' } },
    })
    expect(await count('invitations')).toBe(before)
  })
})

describe('identity comes only from the platform', () => {
  it('ignores forged openid and userInfo fields in the request', async () => {
    const forged = { openid: ADMIN, userInfo: { openId: ADMIN }, OPENID: ADMIN }
    expect(await codeOf('people', { action: 'list', ...forged }, RESIDENT)).toBe('AUTH.NOT_STAFF')
    expect(await codeOf('people', { action: 'list', ...forged })).toBe('AUTH.NOT_STAFF')
    expect((await ok('session', { action: 'me', ...forged }, RESIDENT)).name).toBe('居民')
  })

  it('does not treat a client event that looks like a timer as the system', async () => {
    expect(await codeOf('cases', { Type: 'Timer', TriggerName: 'nightly-purge' }, RESIDENT)).toBe(
      'REQUEST.UNKNOWN_ACTION',
    )
  })
})

describe('revoke and transfer', () => {
  it("a revoked person's old session is refused at once, with a code, and logged", async () => {
    const worker = await onboard('gridWorker', GRID_1, '王磊')
    const lecture = {
      title: '反诈讲座',
      heldOn: chinaToday(),
      place: '明园社区',
      participants: 10,
      materials: 0,
    }
    expect(
      (
        await call(
          'events',
          { action: 'create', id: newEventId(), type: 'lecture', event: asEvent(lecture) },
          worker,
        )
      ).ok,
    ).toBe(true)
    const { person } = await ok(
      'people',
      { action: 'revoke', id: worker, role: 'gridWorker', nodeId: GRID_1 },
      ADMIN,
    )
    expect(person).toMatchObject({ status: 'revoked', grants: [] })
    expect(person.history[0]).toMatchObject({ role: 'gridWorker', nodeName: '第1网格', reason: '停用' })
    expect(person.history[0].to).toBeDefined()

    const eventsBefore = await count('events')
    expect(
      await codeOf(
        'events',
        { action: 'create', id: newEventId(), type: 'lecture', event: asEvent(lecture) },
        worker,
      ),
    ).toBe('AUTH.REVOKED')
    expect(await count('events')).toBe(eventsBefore)
    expect((await ok('session', { action: 'me' }, worker)).revoked).toBe(true)
    expect((await auditOf({ actor: worker, outcome: 'refused', code: 'AUTH.REVOKED' })).length).toBe(1)
  })

  it('an admin cannot revoke their own admin role, and nobody else can revoke anyone', async () => {
    expect(
      await codeOf(
        'people',
        { action: 'revoke', id: ADMIN, role: 'streetAdmin', nodeId: 'node-chuncheng' },
        ADMIN,
      ),
    ).toBe('PEOPLE.SELF')
    // The list says which entry is the admin's own, so the app offers no button the function refuses.
    const { people } = await ok('people', { action: 'list' }, ADMIN)
    expect(people.filter((p: { self: boolean }) => p.self).map((p: { id: string }) => p.id)).toEqual([ADMIN])
    expect(
      await codeOf(
        'people',
        { action: 'revoke', id: GRID_WORKER, role: 'gridWorker', nodeId: GRID_3 },
        CLERK,
      ),
    ).toBe('AUTH.FORBIDDEN')
    expect(
      await codeOf(
        'people',
        { action: 'revoke', id: GRID_WORKER, role: 'gridWorker', nodeId: GRID_3 },
        'qixin-admin',
      ),
    ).toBe('AUTH.OUT_OF_SCOPE')
    expect(
      await codeOf(
        'people',
        { action: 'revoke', id: GRID_WORKER, role: 'communityStaff', nodeId: GRID_3 },
        ADMIN,
      ),
    ).toBe('PEOPLE.GRANT_NOT_FOUND')
    expect((await ok('session', { action: 'me' }, GRID_WORKER)).staff).toBe(true)
  })

  it('a grid worker moved to another grid keeps their history; new events go to the new grid', async () => {
    const worker = await onboard('gridWorker', GRID_1, '孙丽')
    const lecture = {
      title: '民法典讲座',
      heldOn: chinaToday(),
      place: '明园社区',
      participants: 12,
      materials: 3,
    }
    const id = newEventId()
    await ok('events', { action: 'create', id, type: 'lecture', event: asEvent(lecture) }, worker)
    const { person } = await ok(
      'people',
      { action: 'transfer', id: worker, role: 'gridWorker', fromNodeId: GRID_1, toNodeId: GRID_5 },
      ADMIN,
    )
    expect(person.grants).toEqual([{ role: 'gridWorker', nodeId: GRID_5, nodeName: '第5网格' }])
    expect(
      person.history.map((h: { nodeName: string; reason?: string }) => [h.nodeName, h.reason ?? null]),
    ).toEqual([
      ['第1网格', '调动'],
      ['第5网格', null],
    ])
    expect((await db.collection('events').doc(id).get()).data).toMatchObject({
      nodeId: GRID_1,
      createdBy: worker,
    })
    const later = await ok(
      'events',
      { action: 'create', id: newEventId(), type: 'lecture', event: asEvent(lecture) },
      worker,
    )
    expect(later.event.nodeName).toBe('第5网格')
    expect(
      await codeOf(
        'people',
        { action: 'transfer', id: worker, role: 'gridWorker', fromNodeId: GRID_5, toNodeId: MINGYUAN },
        ADMIN,
      ),
    ).toBe('ORG.WRONG_NODE_KIND')
  })
})

describe('personal data of a case', () => {
  let caseId: string

  beforeAll(async () => {
    await consent(MEDIATOR)
    caseId = newEventId()
    await ok('events', { action: 'create', id: caseId, type: 'dispute', event: dispute() }, MEDIATOR)
  })

  it('is collected only after consent, and a bad case changes nothing', async () => {
    const before = await count('caseParties')
    expect(
      await codeOf(
        'events',
        { action: 'create', id: newEventId(), type: 'dispute', event: dispute() },
        GRID_WORKER,
      ),
    ).toBe('PRIVACY.CONSENT_REQUIRED')
    const bad = await call(
      'events',
      {
        action: 'create',
        id: newEventId(),
        type: 'dispute',
        event: dispute({ parties: [{ role: 'applicant', name: '张三', phone: '123' }] }),
      },
      MEDIATOR,
    )
    expect(bad.error).toMatchObject({
      code: 'EVENT.INVALID',
      details: { fields: { 'parties.0.phone': '请填写11位手机号码' } },
    })
    expect(await count('caseParties')).toBe(before)
  })

  it('is stored apart from the countable case, which holds no name, phone or ID number', async () => {
    const event = JSON.stringify((await db.collection('events').doc(caseId).get()).data)
    for (const secret of ['张三', '13812345678', '11010519491231002X', '明园小区'])
      expect(event).not.toContain(secret)
    expect((await db.collection('caseParties').doc(caseId).get()).data.parties).toHaveLength(2)
  })

  it('is masked for its handler and staff above; absent for a grid worker who does not handle it', async () => {
    const forMediator = (await ok('cases', { action: 'get', id: caseId }, MEDIATOR)).case
    expect(forMediator).toMatchObject({
      title: '邻里漏水纠纷',
      status: 'accepted',
      partyCount: 2,
      handledByMe: true,
    })
    expect(forMediator.parties).toEqual([
      {
        role: 'applicant',
        name: '张*',
        phone: '138****5678',
        idNumber: '110***********002X',
        address: '春城街道明园****',
      },
      { role: 'respondent', name: '李*', phone: '139****4321' },
    ])
    expect((await ok('cases', { action: 'get', id: caseId }, CLERK)).case.parties[0].name).toBe('张*')
    // A case at the community is above 张伟's grid: not his to see.
    expect(await codeOf('cases', { action: 'get', id: caseId }, GRID_WORKER)).toBe('AUTH.OUT_OF_SCOPE')
    // A case at his grid, handled by a colleague: he sees it, not its parties.
    const colleague = await onboard('gridWorker', GRID_3, '吴刚')
    await consent(colleague)
    const atGrid = newEventId()
    await ok('events', { action: 'create', id: atGrid, type: 'dispute', event: dispute() }, colleague)
    const forWorker = (await ok('cases', { action: 'get', id: atGrid }, GRID_WORKER)).case
    expect(forWorker).toMatchObject({ partyCount: 2, handledByMe: false, nodeName: '第3网格' })
    expect(forWorker.parties).toBeUndefined()
    expect(JSON.stringify(forWorker)).not.toContain('张')
    expect((await ok('cases', { action: 'get', id: atGrid }, colleague)).case.parties[0].name).toBe('张*')
    // The grid worker who handles it may see them in full (logged); his colleague on the same grid may not.
    expect((await ok('cases', { action: 'revealParties', id: atGrid }, colleague)).parties[0].name).toBe(
      '张三',
    )
    expect(await codeOf('cases', { action: 'revealParties', id: atGrid }, GRID_WORKER)).toBe('AUTH.FORBIDDEN')
  })

  it('is revealed unmasked only to those who may, and every reading is logged', async () => {
    const before = (await auditOf({ action: 'case.revealParties' })).length
    const { parties } = await ok('cases', { action: 'revealParties', id: caseId }, CLERK)
    expect(parties[0]).toMatchObject({ name: '张三', phone: '13812345678' })
    const log = await auditOf({ action: 'case.revealParties' })
    expect(log.length).toBe(before + 1)
    expect(log.find((e) => e.actor === CLERK)).toMatchObject({
      streetId: 'node-chuncheng',
      target: { kind: 'dispute', id: caseId },
    })

    expect(await codeOf('cases', { action: 'revealParties', id: caseId }, GRID_WORKER)).toBe('AUTH.FORBIDDEN')
    expect(await codeOf('cases', { action: 'revealParties', id: caseId }, 'qixin-admin')).toBe(
      'AUTH.OUT_OF_SCOPE',
    )
    expect(await codeOf('cases', { action: 'get', id: caseId }, 'qixin-admin')).toBe('AUTH.OUT_OF_SCOPE')
    expect(await codeOf('cases', { action: 'get', id: caseId }, RESIDENT)).toBe('AUTH.NOT_STAFF')
    expect(await codeOf('cases', { action: 'get', id: newEventId() }, CLERK)).toBe('CASE.NOT_FOUND')
    expect((await auditOf({ action: 'case.revealParties' })).length).toBe(before + 1)
  })

  it("refuses a case under the id of someone else's event, or of a lecture, writing no personal data", async () => {
    const lectureId = newEventId()
    const lecture = {
      title: '反诈讲座',
      heldOn: chinaToday(),
      place: '明园社区',
      participants: 5,
      materials: 0,
    }
    await ok(
      'events',
      { action: 'create', id: lectureId, type: 'lecture', event: asEvent(lecture) },
      GRID_WORKER,
    )
    expect(
      await codeOf(
        'events',
        { action: 'create', id: lectureId, type: 'dispute', event: dispute() },
        MEDIATOR,
      ),
    ).toBe('EVENT.ID_TAKEN')
    await consent(GRID_WORKER)
    expect(
      await codeOf(
        'events',
        { action: 'create', id: lectureId, type: 'dispute', event: dispute() },
        GRID_WORKER,
      ),
    ).toBe('EVENT.ID_TAKEN')
    expect((await db.collection('caseParties').doc(lectureId).get()).data).toBeNull()
  })

  it('opening the same case twice stores it once', async () => {
    const id = newEventId()
    const first = await ok('events', { action: 'create', id, type: 'dispute', event: dispute() }, MEDIATOR)
    const again = await ok('events', { action: 'create', id, type: 'dispute', event: dispute() }, MEDIATOR)
    expect([first.duplicate, again.duplicate]).toEqual([false, true])
    expect(await count('events', { _id: id })).toBe(1)
    expect(await count('auditLog', { _id: `event.create:${id}` })).toBe(1)
  })

  it('is purged once the case has been closed longer than the retention period; the case and its count stay', async () => {
    const daysAgo = (days: number) =>
      new Date(Date.now() + 8 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10)
    const oldCase = newEventId()
    const recentCase = newEventId()
    for (const id of [oldCase, recentCase])
      await ok('events', { action: 'create', id, type: 'dispute', event: dispute() }, MEDIATOR)
    // Closing cases is the case-lifecycle issue's; here the closing dates are set directly.
    await db
      .collection('caseParties')
      .doc(oldCase)
      .update({ data: { closedOn: daysAgo(4 * 366) } })
    await db
      .collection('caseParties')
      .doc(recentCase)
      .update({ data: { closedOn: daysAgo(400) } })

    expect(await codeOf('cases', { action: 'setRetention', years: 0 }, ADMIN)).toBe(
      'PRIVACY.RETENTION_INVALID',
    )
    expect(await codeOf('cases', { action: 'setRetention', years: 3 }, CLERK)).toBe('AUTH.FORBIDDEN')
    expect((await ok('cases', { action: 'retention' }, ADMIN)).years).toBe(3)
    expect((await ok('cases', { action: 'purge' }, ADMIN)).purged).toBe(1)
    const purged = (await ok('cases', { action: 'get', id: oldCase }, MEDIATOR)).case
    expect(purged).toMatchObject({ partiesPurged: true, parties: [], partyCount: 2, title: '邻里漏水纠纷' })
    expect((await ok('cases', { action: 'revealParties', id: oldCase }, MEDIATOR)).parties).toEqual([])
    expect((await ok('cases', { action: 'get', id: recentCase }, MEDIATOR)).case.parties).toHaveLength(2)

    // Shorter retention: the nightly timer (no caller) purges the other one too.
    await ok('cases', { action: 'setRetention', years: 1 }, ADMIN)
    const fired = await fetch(`${cloud.url}/dev/trigger/cases?name=nightly-purge`, { method: 'POST' })
    expect(((await fired.json()) as { result: { data: { purged: number } } }).result.data.purged).toBe(1)
    expect((await ok('cases', { action: 'get', id: recentCase }, MEDIATOR)).case.partiesPurged).toBe(true)
    expect((await auditOf({ action: 'privacy.purge' })).map((e) => e.actorName).sort()).toEqual([
      '李娜',
      '系统（定时清理）',
    ])
  })
})

describe('the org tree', () => {
  it('an admin adds, renames, moves and retires nodes; each change is kept in history and the audit log', async () => {
    const { node } = await ok('org', { action: 'add', parentId: MINGYUAN, name: '第10网格' }, ADMIN)
    expect(node).toMatchObject({ kind: 'grid', name: '第10网格', parentId: MINGYUAN, retired: false })
    expect(await codeOf('org', { action: 'add', parentId: MINGYUAN, name: '第10网格' }, ADMIN)).toBe(
      'ORG.INVALID',
    )
    await ok('org', { action: 'rename', id: node.id, name: '第十网格' }, ADMIN)
    const moved = await ok('org', { action: 'move', id: node.id, parentId: 'node-cc-xinghua' }, ADMIN)
    expect(moved.node.parentId).toBe('node-cc-xinghua')
    expect((await db.collection('orgNodes').doc(node.id).get()).data.ancestors).toEqual([
      'node-lvyuan',
      'node-chuncheng',
      'node-cc-xinghua',
    ])
    await ok('org', { action: 'retire', id: node.id }, ADMIN)
    const stored = (await db.collection('orgNodes').doc(node.id).get()).data
    expect(stored.history.map((h: { change: string }) => h.change)).toEqual([
      'org.add',
      'org.rename',
      'org.move',
      'org.retire',
    ])
    expect((await auditOf({ 'target.id': node.id })).map((e) => e.action).sort()).toEqual([
      'org.add',
      'org.move',
      'org.rename',
      'org.retire',
    ])
    const { nodes } = await ok('org', { action: 'tree', includeRetired: true }, ADMIN)
    expect(nodes.find((n: { id: string }) => n.id === node.id)).toMatchObject({
      name: '第十网格',
      retired: true,
    })
    expect(
      (await ok('org', { action: 'tree' }, ADMIN)).nodes.some((n: { id: string }) => n.id === node.id),
    ).toBe(false)
  })

  it('an event keeps its node and the name it was logged under when the tree changes', async () => {
    const worker = await onboard('gridWorker', GRID_5, '陈晨')
    const id = newEventId()
    const lecture = {
      title: '普法讲座',
      heldOn: chinaToday(),
      place: '春晓社区',
      participants: 5,
      materials: 5,
    }
    await ok('events', { action: 'create', id, type: 'lecture', event: asEvent(lecture) }, worker)
    await ok('org', { action: 'rename', id: GRID_5, name: '第五网格' }, ADMIN)
    expect((await db.collection('events').doc(id).get()).data).toMatchObject({
      nodeId: GRID_5,
      nodeName: '第5网格',
    })
    await ok('org', { action: 'rename', id: GRID_5, name: '第5网格' }, ADMIN)
  })

  it('refuses what would break the tree or reach beyond the street', async () => {
    expect(await codeOf('org', { action: 'retire', id: GRID_3 }, ADMIN)).toBe('ORG.HAS_PEOPLE')
    expect(await codeOf('org', { action: 'retire', id: MINGYUAN }, ADMIN)).toBe('ORG.HAS_ACTIVE_CHILDREN')
    expect(await codeOf('org', { action: 'retire', id: 'node-chuncheng' }, ADMIN)).toBe('AUTH.FORBIDDEN')
    expect(await codeOf('org', { action: 'move', id: GRID_3, parentId: 'node-qx-c1' }, ADMIN)).toBe(
      'AUTH.OUT_OF_SCOPE',
    )
    expect(await codeOf('org', { action: 'move', id: GRID_3, parentId: 'node-chuncheng' }, ADMIN)).toBe(
      'ORG.WRONG_PARENT_KIND',
    )
    expect(await codeOf('org', { action: 'add', parentId: 'node-qixin', name: '新社区' }, ADMIN)).toBe(
      'AUTH.OUT_OF_SCOPE',
    )
    expect(await codeOf('org', { action: 'add', parentId: MINGYUAN, name: '网' }, ADMIN)).toBe('ORG.INVALID')
    expect(await codeOf('org', { action: 'rename', id: GRID_3, name: '新名字' }, GRID_WORKER)).toBe(
      'AUTH.FORBIDDEN',
    )
    // Admins see how many people work at each node.
    const admin = (await ok('org', { action: 'tree' }, ADMIN)).nodes
    expect(admin.find((n: { id: string }) => n.id === 'node-chuncheng').peopleCount).toBe(2)
    // Staff read their part of the tree: the mediator sees her community and its grids only.
    const { nodes } = await ok('org', { action: 'tree' }, MEDIATOR)
    expect(nodes.map((n: { name: string }) => n.name)).toEqual(['明园社区', '第1网格', '第2网格', '第3网格'])
  })
})

describe('the audit log', () => {
  it('street admins read their street newest first, page by page, without gaps or repeats', async () => {
    const all: string[] = []
    let before: string | undefined
    do {
      const page = await ok('audit', { action: 'list', limit: 7, ...(before ? { before } : {}) }, ADMIN)
      all.push(...page.entries.map((e: { id: string }) => e.id))
      before = page.next
    } while (before)
    const stored = await auditOf({ streetId: 'node-chuncheng' })
    expect(all.length).toBe(stored.length)
    expect(new Set(all).size).toBe(all.length)
    const first = (await ok('audit', { action: 'list' }, ADMIN)).entries
    const times = first.map((e: { at: string }) => e.at)
    expect([...times].sort().reverse()).toEqual(times)
    expect(first.some((e: { outcome: string }) => e.outcome === 'refused')).toBe(true)
  })

  it('pages through entries that share one millisecond without losing any', async () => {
    const at = new Date(Date.now() + 60_000) // newest of all, so they fill the first pages
    for (let i = 0; i < 12; i++)
      await db.collection('auditLog').add({
        data: {
          _id: `same-moment-${String(i).padStart(2, '0')}`,
          streetId: 'node-chuncheng',
          at,
          action: 'org.rename',
          actor: ADMIN,
          actorName: '李娜',
          outcome: 'ok',
        },
      })
    const seen: string[] = []
    let before: string | undefined
    for (let page = 0; page < 3; page++) {
      const reply = await ok('audit', { action: 'list', limit: 5, ...(before ? { before } : {}) }, ADMIN)
      seen.push(...reply.entries.map((e: { id: string }) => e.id))
      before = reply.next
    }
    expect(seen.filter((id) => id.startsWith('same-moment-'))).toEqual(
      Array.from({ length: 12 }, (_, i) => `same-moment-${String(11 - i).padStart(2, '0')}`),
    )
  })

  it('is closed to everyone else', async () => {
    expect(await codeOf('audit', { action: 'list' }, CLERK)).toBe('AUTH.FORBIDDEN')
    expect(await codeOf('audit', { action: 'list' }, RESIDENT)).toBe('AUTH.NOT_STAFF')
    expect(await codeOf('audit', { action: 'list', before: 'nonsense' }, ADMIN)).toBe('REQUEST.INVALID')
  })
})

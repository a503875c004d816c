/**
 * The core of accounts and privacy: invitation codes, masking of personal data, the retention cutoff,
 * the org tree's rules, the audit diff.
 */
import fc from 'fast-check'
import { changesBetween } from '../../src/core/audit'
import { chinaDate, chinaDateTime } from '../../src/core/china-time'
import {
  formatInviteCode,
  INVITE_ALPHABET,
  INVITE_CODE_LENGTH,
  INVITE_QR_PREFIX,
  invitationStatus,
  newInviteCode,
  parseInviteCode,
  validateInvitation,
} from '../../src/core/invitation'
import { moveProblem, validateNodeName, type OrgNode } from '../../src/core/org-tree'
import {
  isIdNumber,
  maskIdNumber,
  maskName,
  maskParty,
  maskPhone,
  purgeCutoff,
  validateParties,
} from '../../src/core/personal-data'

const bytes = fc.uint8Array({ minLength: INVITE_CODE_LENGTH, maxLength: INVITE_CODE_LENGTH })

describe('invitation codes', () => {
  it('are 10 symbols of the alphabet and read back however they are typed or scanned (property)', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const code = newInviteCode(() => b)
        expect(code).toHaveLength(INVITE_CODE_LENGTH)
        for (const ch of code) expect(INVITE_ALPHABET).toContain(ch)
        expect(parseInviteCode(code)).toBe(code)
        expect(parseInviteCode(` ${formatInviteCode(code).toLowerCase()} `)).toBe(code)
        expect(parseInviteCode(`${INVITE_QR_PREFIX}${code}`)).toBe(code)
      }),
    )
  })

  it('refuse what cannot be a code: wrong length, look-alike letters, non-text', () => {
    expect(parseInviteCode('ABCDE-FGHJ')).toBeUndefined()
    expect(parseInviteCode('ABCDE-FGHJ0')).toBeUndefined()
    expect(parseInviteCode('OOOOO11111')).toBeUndefined()
    expect(parseInviteCode(12345)).toBeUndefined()
    expect(parseInviteCode('A'.repeat(500))).toBeUndefined()
  })

  it('an open invitation past its expiry reads as expired; used and revoked stay so', () => {
    const now = new Date('2026-11-26T10:00:00Z')
    expect(invitationStatus('open', new Date('2026-11-26T09:59:59Z'), now)).toBe('expired')
    expect(invitationStatus('open', new Date('2026-11-27T00:00:00Z'), now)).toBe('open')
    expect(invitationStatus('used', new Date('2026-11-20T00:00:00Z'), now)).toBe('used')
    expect(invitationStatus('revoked', new Date('2026-12-20T00:00:00Z'), now)).toBe('revoked')
  })

  it('an invitation form names an invitable role, a node, a name and 1–30 days', () => {
    expect(validateInvitation({ role: 'gridWorker', nodeId: 'n1', name: ' 刘洋 ', validDays: '7' })).toEqual({
      ok: true,
      value: { role: 'gridWorker', nodeId: 'n1', name: '刘洋', validDays: 7 },
    })
    expect(
      validateInvitation({ role: 'gridWorker', nodeId: 'n1', name: '刘洋', validDays: undefined }),
    ).toMatchObject({
      ok: true,
      value: { validDays: 7 },
    })
    expect(validateInvitation({ role: 'districtViewer', nodeId: '', name: '刘', validDays: 31 })).toEqual({
      ok: false,
      fields: {
        role: '请选择身份',
        nodeId: '请选择所属网格、社区或街道',
        name: '姓名至少2个字',
        validDays: '有效期应为1至30天',
      },
    })
  })
})

describe('personal data', () => {
  it('masks names, phones and ID numbers as lists and exports show them', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X')
    expect(
      maskParty({
        role: 'applicant',
        name: '张三',
        phone: '13812345678',
        address: '春城街道明园小区3栋2单元',
      }),
    ).toEqual({ role: 'applicant', name: '张*', phone: '138****5678', address: '春城街道明园****' })
  })

  it('a masked value never contains the hidden part of the original (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        expect(maskPhone(phone)).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`)
      }),
    )
  })

  it('checks an ID number by its check character (GB 11643)', () => {
    expect(isIdNumber('11010519491231002X')).toBe(true)
    expect(isIdNumber('110105194912310021')).toBe(false)
  })

  it('validates each party, keyed by its place in the list', () => {
    expect(validateParties([{ role: 'applicant', name: '张三', phone: '138 1234 5678' }])).toEqual({
      ok: true,
      value: [{ role: 'applicant', name: '张三', phone: '13812345678' }],
    })
    expect(validateParties([{ role: 'x', name: '', phone: '123', idNumber: '110105194912310021' }])).toEqual({
      ok: false,
      fields: {
        'parties.0.role': '请选择当事人类型',
        'parties.0.name': '请填写姓名',
        'parties.0.phone': '请填写11位手机号码',
        'parties.0.idNumber': '身份证号码不正确',
      },
    })
    expect(validateParties([])).toEqual({ ok: false, fields: { parties: '请至少填写一位当事人' } })
  })

  it('purges the details of cases closed more than N years ago', () => {
    // Closed on 2023-11-25 or before: more than 3 years before 2026-11-26.
    expect(purgeCutoff('2026-11-26', 3)).toBe('2023-11-25')
    expect(purgeCutoff('2026-03-01', 1)).toBe('2025-02-28')
  })
})

describe('the org tree', () => {
  const node = (id: string, kind: OrgNode['kind'], ancestors: string[], retired = false): OrgNode => ({
    id,
    kind,
    name: id,
    parentId: ancestors[ancestors.length - 1] ?? null,
    ancestors,
    retired,
  })
  const grid = node('g1', 'grid', ['d', 's', 'c1'])

  it('moves a grid to another community of the same street only', () => {
    expect(moveProblem(grid, node('c2', 'community', ['d', 's']))).toBeUndefined()
    expect(moveProblem(grid, node('c3', 'community', ['d', 's2']))).toBe('ORG.OTHER_STREET')
    expect(moveProblem(grid, node('s', 'street', ['d']))).toBe('ORG.WRONG_PARENT_KIND')
    expect(moveProblem(grid, node('c2', 'community', ['d', 's'], true))).toBe('ORG.NODE_RETIRED')
    expect(moveProblem(node('c1', 'community', ['d', 's']), grid)).toBe('ORG.MOVE_INTO_ITSELF')
  })

  it('names a node with 2 to 30 characters', () => {
    expect(validateNodeName(' 第10网格 ')).toEqual({ ok: true, value: '第10网格' })
    expect(validateNodeName('')).toEqual({ ok: false, fields: { name: '请填写名称' } })
    expect(validateNodeName('网'.repeat(31))).toEqual({ ok: false, fields: { name: '名称不能超过30个字' } })
  })
})

describe('the audit diff', () => {
  it('records only what changed, before and after', () => {
    expect(changesBetween({ name: '第1网格', parentId: 'c1' }, { name: '第1网格', parentId: 'c2' })).toEqual({
      parentId: ['c1', 'c2'],
    })
    expect(changesBetween({}, { years: 5 })).toEqual({ years: [null, 5] })
  })
})

describe('times as people in China read them', () => {
  it("shows an instant in UTC+8 whatever the machine's zone, and leaves unreadable text alone", () => {
    expect(chinaDateTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30')
    expect(chinaDate('2026-12-31T15:59:59.000Z')).toBe('2026-12-31')
    expect(chinaDateTime('not a time')).toBe('not a time')
  })
})

/**
 * Personal data in free text: mobile and ID numbers typed into an event's title or place are masked in
 * exports as parties' details are (138****5678, 110***********1234); other numbers stay as written.
 */
import fc from 'fast-check'
import { maskText } from '../../src/core/personal-data'

describe('maskText', () => {
  it.each([
    ['张先生电话13812345678，咨询劳动合同', '张先生电话138****5678，咨询劳动合同'],
    ['联系138-1234-5678', '联系138****5678'],
    ['联系 139 8765 4321 处理', '联系 139****4321 处理'],
    ['13812345678', '138****5678'],
    ['13812345678、13987654321', '138****5678、139****4321'],
    ['身份证110101199003071234', '身份证110***********1234'],
    ['证号11010119900307123x已登记', '证号110***********123X已登记'],
    ['旧证110101900307123', '旧证110********7123'],
  ])('masks %s', (text, masked) => {
    expect(maskText(text)).toBe(masked)
  })

  it.each([
    '2025年法律讲座45人参加',
    '座机0431-81234567',
    '订单号138123456789',
    '卡号6222021234567890123',
    '12345678901',
    '春城大街1号楼3单元',
  ])('leaves %s as written', (text) => {
    expect(maskText(text)).toBe(text)
  })

  it('hides the middle digits of any mobile number between other text, keeps the rest, and is stable', () => {
    const noDigits = fc.string({ maxLength: 12 }).map((s) => s.replace(/\d/g, ''))
    const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
    fc.assert(
      fc.property(noDigits, mobile, noDigits, (before, [second, rest], after) => {
        const phone = `1${second}${String(rest).padStart(9, '0')}`
        const masked = maskText(`${before}${phone}${after}`)
        expect(masked).toBe(`${before}${phone.slice(0, 3)}****${phone.slice(-4)}${after}`)
        expect(maskText(masked)).toBe(masked)
      }),
    )
  })
})

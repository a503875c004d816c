/**
 * How reports write numbers (approx-number.ts; domain.md, "How reports write numbers"): counts exact,
 * people and materials with 余 (below 10 exact; otherwise the first two significant digits, rounded
 * down, 余 when anything was dropped), ratios as percentages that never read 100% unless they are.
 */
import fc from 'fast-check'
import { phraseApprox, phraseNumber, phrasePercent } from '../../src/core/approx-number'

/** The number a phrase states, and whether it says 余. */
const parsed = (phrase: string) => ({ kept: Number(phrase.replace(/余$/, '')), more: phrase.endsWith('余') })

describe('a number with 余 wording', () => {
  it.each([
    [106, '100余'],
    [128, '120余'],
    [2150, '2100余'],
    [700, '700'],
    [738, '730余'],
    [2000, '2000'],
    [9, '9'],
    [14, '14'],
    [64, '64'],
    [639, '630余'],
    [10, '10'],
    [99, '99'],
    [0, '0'],
    [999, '990余'],
    [999_999_999_999_999, '990000000000000余'],
  ])('writes %i as "%s"', (n, phrase) => {
    expect(phraseApprox(n)).toBe(phrase)
  })

  it('is exact below 10', () => {
    for (let n = 0; n < 10; n++) expect(phraseApprox(n)).toBe(String(n))
  })

  const whole = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })

  it('never states more than there is (property)', () => {
    fc.assert(fc.property(whole, (n) => expect(parsed(phraseApprox(n)).kept).toBeLessThanOrEqual(n)))
  })

  it('keeps at least 90% of any number of 10 or more (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: Number.MAX_SAFE_INTEGER }), (n) =>
        expect(parsed(phraseApprox(n)).kept).toBeGreaterThanOrEqual(0.9 * n),
      ),
    )
  })

  it('says 余 exactly when something was dropped (property)', () => {
    fc.assert(
      fc.property(whole, (n) => {
        const { kept, more } = parsed(phraseApprox(n))
        expect(more).toBe(kept !== n)
      }),
    )
  })

  it('keeps the first two significant digits and zeros after them (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const digits = String(n)
        const { kept } = parsed(phraseApprox(n))
        expect(String(kept)).toBe(digits.slice(0, 2) + '0'.repeat(digits.length - 2))
      }),
    )
  })

  it('is only used where the figure asks for it: counts stay exact', () => {
    expect(phraseNumber(106, 'exact')).toBe('106')
    expect(phraseNumber(106, 'approx')).toBe('100余')
    expect(phraseNumber(639, 'exact')).toBe('639')
  })
})

describe('a ratio as a percentage', () => {
  it.each([
    [64, 64, '100%'],
    [63, 64, '98.4%'],
    [0, 64, '0%'],
    [1, 2, '50%'],
    [1, 3, '33.3%'],
    [2, 3, '66.6%'],
    [639, 639, '100%'],
  ])('writes %i of %i as "%s"', (numerator, denominator, phrase) => {
    expect(phrasePercent(numerator, denominator)).toBe(phrase)
  })

  it('is "—" with nothing to divide by, never 100% and never an error', () => {
    expect(phrasePercent(0, 0)).toBe('—')
  })

  it('truncates, so that 9999 of 10000 reads 99.9%, not 100%', () => {
    expect(phrasePercent(9999, 10000)).toBe('99.9%')
    expect(phrasePercent(19999, 20000)).toBe('99.9%')
  })

  it('reads a ratio just above 100% as 100.1%, as one just below reads 99.9%', () => {
    expect(phrasePercent(1002, 1001)).toBe('100.1%')
    expect(phrasePercent(1000, 1001)).toBe('99.9%')
    expect(phrasePercent(65, 64)).toBe('101.5%')
  })

  it('never reads "100%" unless the numerator is the denominator (property)', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 1_000_000 }), (numerator, denominator) => {
        expect(phrasePercent(numerator, denominator) === '100%').toBe(numerator === denominator)
      }),
    )
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(1_000_000), (denominator, less) => {
        const numerator = Math.max(0, denominator - 1 - less)
        expect(phrasePercent(numerator, denominator)).not.toBe('100%')
        expect(phrasePercent(denominator + 1 + less, denominator)).not.toBe('100%')
      }),
    )
  })

  it('has at most one decimal and never states more than the ratio (property)', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 1_000_000 }), (numerator, denominator) => {
        const phrase = phrasePercent(numerator, denominator)
        expect(phrase).toMatch(/^\d+(\.\d)?%$/)
        if (numerator <= denominator)
          expect(Number(phrase.slice(0, -1))).toBeLessThanOrEqual((numerator / denominator) * 100)
      }),
    )
  })
})

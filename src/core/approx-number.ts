/**
 * How reports write numbers (domain.md, "How reports write numbers"). Counts of events and cases are
 * exact (14场, 64件); people and materials are written with 余 ("more than"): below 10 the exact number,
 * otherwise the first two significant digits rounded down, with 余 when anything was dropped
 * (106 → 100余, 128 → 120余, 2150 → 2100余, 700 → 700). Ratios are percentages, never rounded up to 100%,
 * and a ratio with nothing to divide by is "—".
 */

/** A number as the report writes it: `exact` keeps every digit, `approx` keeps two and adds 余. */
export type Wording = 'exact' | 'approx'

/** `n` (a whole number ≥ 0) with 余 wording: 106 → "100余", 700 → "700", 9 → "9". */
export function phraseApprox(n: number): string {
  if (!Number.isFinite(n) || n < 10) return String(n)
  let digits = Math.floor(Math.log10(n)) + 1
  // log10 rounds up just below a power of ten (999999999999999 → 15): count the digits there are.
  if (10 ** (digits - 1) > n) digits--
  const step = 10 ** (digits - 2)
  const kept = Math.floor(n / step) * step
  return kept === n ? String(n) : `${kept}余`
}

/** A count or sum in the chosen wording. */
export const phraseNumber = (n: number, wording: Wording): string =>
  wording === 'approx' ? phraseApprox(n) : String(n)

/**
 * A ratio as a percentage with at most one decimal, truncated so that 99.96% never reads as 100%:
 * 64/64 → "100%", 63/64 → "98.4%", 0/0 → "—".
 */
export function phrasePercent(numerator: number, denominator: number): string {
  if (denominator <= 0) return '—'
  const truncated = Math.floor((numerator * 1000) / denominator)
  // "100%" means all, so a ratio just above it (1002/1001) reads 100.1%, as one just below reads 99.9%.
  const tenths = numerator > denominator ? Math.max(truncated, 1001) : truncated
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%`
}

/**
 * Year figures of the first slice: 法律讲座 N场, 参与 N人次, 资料 N份 (rollups come with the figures issue).
 */

export interface LectureTotals {
  /** 场 */
  readonly count: number
  /** 人次 */
  readonly participants: number
  /** 份 */
  readonly materials: number
}

export interface CountedLecture {
  readonly voided?: boolean
  readonly measures: { readonly participants: number; readonly materials: number }
}

/** Totals of lectures; voided ones never count. The order of events does not matter. */
export function totalLectures(events: Iterable<CountedLecture>): LectureTotals {
  let count = 0
  let participants = 0
  let materials = 0
  for (const e of events) {
    if (e.voided) continue
    count++
    participants += e.measures.participants
    materials += e.measures.materials
  }
  return { count, participants, materials }
}

/** Test data builders for events, in the shape the log form sends (core/event-input.ts EventInput). */

/** A lecture written the short way (heldOn, participants, materials) as the form sends it. */
export function asEvent(lecture: Record<string, unknown>): Record<string, unknown> {
  const { heldOn, participants, materials, ...rest } = lecture
  return { ...rest, happenedOn: heldOn, measures: { participants, materials } }
}

/**
 * events: grid workers log what happened. `create` is idempotent on the client-generated id, so a
 * retried or double-tapped submission returns the same event and is counted once.
 */
import { yearOf } from '../../src/core/china-time'
import type { EventView } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import { validateLecture, type Lecture } from '../../src/core/lecture'
import { addEventOnce, eventOrigin } from '../_lib/events.repository'
import { eventIdOf, loggingNode } from '../_lib/scope'
import { serve } from '../_lib/serve'

/** The handler view of a stored event: an explicit whitelist, so a private field can never leak. */
function view(doc: Record<string, unknown>): EventView {
  const measures = doc.measures as { participants: number; materials: number }
  const createdAt = doc.createdAt instanceof Date ? doc.createdAt.toISOString() : String(doc.createdAt)
  return {
    id: String(doc._id),
    type: 'lecture',
    title: String(doc.title),
    heldOn: String(doc.heldOn),
    place: String(doc.place),
    participants: measures.participants,
    materials: measures.materials,
    nodeName: String(doc.nodeName),
    createdAt,
  }
}

export const main = serve('events', {
  create: {
    access: 'event.log',
    async run(request, ctx) {
      const id = eventIdOf(request.id)
      if (request.type !== 'lecture') throw new AppError('REQUEST.INVALID', { field: 'type' })
      const checked = validateLecture((request.lecture ?? {}) as Record<keyof Lecture, unknown>)
      if (!checked.ok) throw new AppError('EVENT.INVALID', { fields: checked.fields })
      const node = await loggingNode(ctx)

      const lecture = checked.value
      const doc = {
        _id: id,
        type: 'lecture',
        title: lecture.title,
        heldOn: lecture.heldOn,
        year: yearOf(lecture.heldOn),
        place: lecture.place,
        measures: { participants: lecture.participants, materials: lecture.materials },
        ...eventOrigin(node, ctx.person!.openid),
      }
      const { stored, duplicate } = await addEventOnce(
        doc,
        ctx.entry('event.create', node.streetId, { kind: 'lecture', id, label: lecture.title }),
      )
      return { event: view(stored), duplicate }
    },
  },
})

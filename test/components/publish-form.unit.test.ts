/**
 * The publish form's pure steps (components/publish-form-value.ts): what it starts from, choosing the
 * public photos and the cover, where images are uploaded, the request it sends, where staff may
 * announce, and the event form filled from an announcement (记为已举办).
 */
import type { EventDetail, OrgNodeView, PublicationView } from '../../src/core/contract'
import { BUILT_IN_TYPES, findType, type EventTypeDefinition } from '../../src/core/event-types'
import { validatePublicFields, type PublicFields } from '../../src/core/publication'
import type { GrantView } from '../../src/core/roles'
import {
  checkPublishForm,
  coverCloudPath,
  coverFromPhone,
  coverFromPhoto,
  editedFieldsOf,
  EMPTY_PUBLISH_FORM,
  eventFormFromAnnouncement,
  fieldsOf,
  formFromEvent,
  formFromFields,
  logPlaceOfAnnouncement,
  mayRecordHeld,
  mediaRoleOf,
  publicChangeLine,
  publishPlacesOf,
  publishRequestOf,
  suggestedEndTime,
  thumbCloudPath,
  timeTextOf,
  togglePhoto,
  type PublishForm,
} from '../../src/components/publish-form-value'

const type = (id: string): EventTypeDefinition => findType(BUILT_IN_TYPES, id)!
const lecture = type('lecture')
const consultation = type('consultation')
const promotion = type('promotion')

const ID = '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b'
const photo = (n: number) => `cloud://env.bucket/events/${ID}/${n}-abc${n}.jpg`
const PHOTOS = [0, 1, 2, 3].map(photo)

/** A 法律讲座 logged by 网格员 张伟 at 春城街道 明园社区 第3网格. */
function lectureEvent(patch: Partial<EventDetail> = {}): EventDetail {
  return {
    id: ID,
    type: 'lecture',
    typeLabel: '法律讲座',
    title: '民法典进社区',
    happenedOn: '2025-03-15',
    nodeName: '第3网格',
    status: 'recorded',
    statusLabel: '已记录',
    measures: { participants: 48, materials: 120 },
    photoCount: PHOTOS.length,
    version: 1,
    createdAt: '2025-03-15T06:00:00.000Z',
    place: '明园社区党群服务中心',
    attributes: { speaker: '王律师' },
    photos: PHOTOS.map((fileID) => ({ fileID, url: `https://tmp/${fileID.slice(-10)}` })),
    createdByName: '张伟',
    mayEdit: true,
    mayHandle: false,
    ...patch,
  }
}

const filled: PublishForm = {
  ...EMPTY_PUBLISH_FORM,
  title: '  民法典进社区  ',
  summary: '王律师讲解民法典中与居民生活相关的内容',
  date: '2025-03-15',
  startTime: '09:00',
  endTime: '11:00',
  place: '明园社区党群服务中心',
  speaker: '王律师',
}

describe('formFromEvent', () => {
  it('starts from the event title, date, place and speaker, with no photo made public', () => {
    expect(formFromEvent(lectureEvent(), lecture)).toEqual({
      ...EMPTY_PUBLISH_FORM,
      title: '民法典进社区',
      date: '2025-03-15',
      place: '明园社区党群服务中心',
      speaker: '王律师',
    })
  })

  it('takes a 法律咨询 adviser as the speaker', () => {
    const event = lectureEvent({ type: 'consultation', attributes: { adviser: '李律师' } })
    expect(formFromEvent(event, consultation).speaker).toBe('李律师')
  })

  it('cuts a long event title to what a public title may hold', () => {
    const long = '关于'.repeat(30)
    expect(Array.from(formFromEvent(lectureEvent({ title: long }), lecture).title)).toHaveLength(40)
  })
})

describe('choosing the public photos and the cover', () => {
  it('keeps the ticked photos in the event order, whatever order they were ticked in', () => {
    let form = togglePhoto(EMPTY_PUBLISH_FORM, photo(2), PHOTOS)
    form = togglePhoto(form, photo(0), PHOTOS)
    expect(form.photos).toEqual([photo(0), photo(2)])
    expect(togglePhoto(form, photo(2), PHOTOS).photos).toEqual([photo(0)])
  })

  it('ticks no more than nine photos', () => {
    const many = Array.from({ length: 10 }, (_, i) => photo(i))
    let form = EMPTY_PUBLISH_FORM
    for (const p of many) form = togglePhoto(form, p, many)
    expect(form.photos).toEqual(many.slice(0, 9))
  })

  it('makes a photo the cover and ticks it; unticking it drops the cover', () => {
    const p1 = { fileID: photo(1), url: 'https://tmp/1' }
    const form = coverFromPhoto(EMPTY_PUBLISH_FORM, p1, PHOTOS)
    expect(form.photos).toEqual([photo(1)])
    expect(form.cover).toEqual({ src: 'https://tmp/1', fileID: photo(1), thumb: null })
    expect(togglePhoto(form, photo(1), PHOTOS)).toMatchObject({ photos: [], cover: null })
  })

  it('keeps the thumbnail when the cover chosen is the cover already', () => {
    const form: PublishForm = {
      ...EMPTY_PUBLISH_FORM,
      photos: [photo(1)],
      cover: { src: 'u', fileID: photo(1), thumb: `cloud://env.bucket/publications/${ID}/thumb-x.jpg` },
    }
    expect(coverFromPhoto(form, { fileID: photo(1), url: 'u' }, PHOTOS)).toBe(form)
  })

  it('replaces the cover with a poster chosen on the phone, to be uploaded', () => {
    const form = coverFromPhone(
      coverFromPhoto(EMPTY_PUBLISH_FORM, { fileID: photo(0), url: 'u' }, PHOTOS),
      'data:x',
      'data:x',
    )
    expect(form.cover).toEqual({ src: 'data:x', localRef: 'data:x', thumb: null })
    // The photo stays public; it is no longer the cover.
    expect(form.photos).toEqual([photo(0)])
  })
})

describe('upload paths', () => {
  it('puts covers and thumbnails in the publication folder, where the server accepts them', () => {
    expect(coverCloudPath(ID, 'k3j9')).toBe(`publications/${ID}/cover-k3j9.jpg`)
    expect(thumbCloudPath(ID, 'a1')).toBe(`publications/${ID}/thumb-a1.jpg`)
  })

  it('refuses an id or random part that could leave the folder', () => {
    expect(() => coverCloudPath('../x', 'a')).toThrow(RangeError)
    expect(() => thumbCloudPath(ID, 'a/b')).toThrow(RangeError)
  })
})

describe('the fields and the request sent', () => {
  const cover = `cloud://env.bucket/publications/${ID}/cover-a.jpg`
  const thumb = `cloud://env.bucket/publications/${ID}/thumb-b.jpg`

  it('sends trimmed text, the uploaded cover with its thumbnail and the ticked photos', () => {
    const form: PublishForm = {
      ...filled,
      cover: { src: 'data:x', localRef: 'data:x', fileID: cover, thumb },
      photos: [photo(0)],
    }
    const fields = fieldsOf(form)
    expect(fields).toEqual({
      title: '民法典进社区',
      summary: '王律师讲解民法典中与居民生活相关的内容',
      date: '2025-03-15',
      startTime: '09:00',
      endTime: '11:00',
      place: '明园社区党群服务中心',
      speaker: '王律师',
      cover,
      coverThumb: thumb,
      photos: [photo(0)],
    })
    // What the server will accept for this activity.
    expect(validatePublicFields(fields, ID, PHOTOS).ok).toBe(true)
  })

  it('sends no cover while it is still on the phone (and never a thumbnail without its cover)', () => {
    const fields = fieldsOf({ ...filled, cover: { src: 'data:x', localRef: 'data:x', thumb } })
    expect(fields.cover).toBeNull()
    expect(fields.coverThumb).toBeNull()
  })

  it('checks the form as the server will before anything is uploaded', () => {
    const checked = checkPublishForm({ ...filled, title: '讲', startTime: '' }, ID, PHOTOS)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(Object.keys(checked.fields).sort()).toEqual(['startTime', 'title'])
    const withPoster = { ...filled, cover: { src: 'data:x', localRef: 'data:x', thumb: null } }
    expect(checkPublishForm(withPoster, ID, PHOTOS).ok).toBe(true)
  })

  it('names the version of a stored publication, the type and node of a new announcement', () => {
    const fields = fieldsOf(filled)
    expect(publishRequestOf(ID, { kind: 'existing', version: 4 }, fields)).toEqual({
      id: ID,
      version: 4,
      fields,
    })
    expect(publishRequestOf(ID, { kind: 'event' }, fields)).toEqual({ id: ID, fields })
    expect(
      publishRequestOf(ID, { kind: 'announcement', type: 'lecture', nodeId: 'c-mingyuan' }, fields),
    ).toEqual({ id: ID, type: 'lecture', nodeId: 'c-mingyuan', fields })
  })
})

const liveFields: PublicFields = {
  title: '民法典进社区',
  summary: '',
  date: '2025-03-15',
  startTime: '09:00',
  endTime: '',
  place: '明园社区党群服务中心',
  speaker: '王律师',
  cover: photo(1),
  coverThumb: `cloud://env.bucket/publications/${ID}/thumb-b.jpg`,
  photos: [photo(1), photo(2)],
}

function publication(patch: Partial<PublicationView> = {}): PublicationView {
  return {
    id: ID,
    type: 'lecture',
    typeLabel: '法律讲座',
    title: liveFields.title,
    date: liveFields.date,
    startTime: liveFields.startTime,
    nodeName: '明园社区',
    status: 'published',
    statusLabel: '已发布',
    pendingReview: false,
    mediaAttention: 0,
    held: false,
    version: 3,
    live: liveFields,
    media: [],
    createdByName: '陈静',
    history: [],
    mayManage: true,
    mayReview: true,
    ...patch,
  }
}

describe('editing a publication', () => {
  it('edits the version held for review when there is one, else the live one', () => {
    const pending = { ...liveFields, title: '民法典进社区（第二场）' }
    expect(editedFieldsOf(publication())).toBe(liveFields)
    expect(editedFieldsOf(publication({ pending }))).toBe(pending)
  })

  it('keeps the stored cover and its thumbnail, shown from its URL', () => {
    const form = formFromFields(liveFields, (f) => (f === photo(1) ? 'https://tmp/1' : ''))
    expect(form.cover).toEqual({ src: 'https://tmp/1', fileID: photo(1), thumb: liveFields.coverThumb })
    expect(fieldsOf(form)).toEqual(liveFields)
  })
})

describe('where staff may announce an activity', () => {
  const tree: OrgNodeView[] = [
    { id: 's-chuncheng', kind: 'street', name: '春城街道', parentId: 'd-1', retired: false },
    { id: 'c-mingyuan', kind: 'community', name: '明园社区', parentId: 's-chuncheng', retired: false },
    { id: 'c-old', kind: 'community', name: '旧社区', parentId: 's-chuncheng', retired: true },
    { id: 'g-3', kind: 'grid', name: '第3网格', parentId: 'c-mingyuan', retired: false },
  ]

  it('offers street staff the whole street and each active community, never a grid', () => {
    const grants: GrantView[] = [{ role: 'streetStaff', nodeId: 's-chuncheng', nodeName: '春城街道' }]
    expect(publishPlacesOf(grants, tree)).toEqual([
      { id: 's-chuncheng', label: '春城街道（全街道）' },
      { id: 'c-mingyuan', label: '明园社区' },
    ])
  })

  it('offers community staff their community; a grid worker nowhere', () => {
    const staff: GrantView[] = [{ role: 'communityStaff', nodeId: 'c-mingyuan', nodeName: '明园社区' }]
    expect(publishPlacesOf(staff, tree)).toEqual([{ id: 'c-mingyuan', label: '明园社区' }])
    const worker: GrantView[] = [{ role: 'gridWorker', nodeId: 'g-3', nodeName: '第3网格' }]
    expect(publishPlacesOf(worker, tree)).toEqual([])
  })
})

describe('记为已举办', () => {
  it('is offered for an announcement not yet held, once its day has come', () => {
    const announcement = publication({ date: '2025-03-15' })
    expect(mayRecordHeld(announcement, '2025-03-14')).toBe(false)
    expect(mayRecordHeld(announcement, '2025-03-15')).toBe(true)
    expect(mayRecordHeld(publication({ held: true, eventId: ID }), '2025-04-01')).toBe(false)
  })

  it('fills the event form with the type, title, date, place and speaker', () => {
    const form = eventFormFromAnnouncement(lecture, liveFields)
    expect(form).toMatchObject({
      title: '民法典进社区',
      happenedOn: '2025-03-15',
      place: '明园社区党群服务中心',
      attributes: { speaker: '王律师' },
      measures: { participants: '', materials: '' },
    })
  })

  it('puts the speaker under the attribute the type calls it, and nowhere for a type without one', () => {
    expect(eventFormFromAnnouncement(consultation, liveFields).attributes).toEqual({ adviser: '王律师' })
    expect(eventFormFromAnnouncement(promotion, liveFields).attributes).toEqual({
      form: '',
      theme: '',
      partner: '',
    })
  })

  it('logs it where it was announced, when the person may log there', () => {
    const options = [
      { id: 'c-mingyuan', label: '明园社区（全社区）' },
      { id: 'g-3', label: '明园社区 · 第3网格' },
    ]
    expect(logPlaceOfAnnouncement('明园社区', options)).toBe('c-mingyuan')
    expect(logPlaceOfAnnouncement('春城街道', options)).toBeUndefined()
  })
})

describe('the end time offered', () => {
  it('is two hours after the start, within the day', () => {
    expect(suggestedEndTime('09:30')).toBe('11:30')
    expect(suggestedEndTime('22:15')).toBe('23:59')
    expect(suggestedEndTime('')).toBe('11:00')
  })
})

describe('how a publication reads', () => {
  it('writes its time with or without an end', () => {
    expect(timeTextOf({ date: '2025-03-15', startTime: '09:00', endTime: '11:00' })).toBe(
      '2025-03-15 09:00–11:00',
    )
    expect(timeTextOf({ date: '2025-03-15', startTime: '09:00', endTime: '' })).toBe('2025-03-15 09:00 起')
  })

  it('names each checked image by what it is to the publication', () => {
    const pending = { ...liveFields, cover: photo(3) }
    expect(mediaRoleOf(photo(1), [liveFields, pending])).toBe('封面')
    expect(mediaRoleOf(photo(3), [liveFields, pending])).toBe('封面')
    expect(mediaRoleOf(liveFields.coverThumb!, [liveFields, undefined])).toBe('列表缩略图')
    expect(mediaRoleOf(photo(2), [liveFields, pending])).toBe('照片')
  })

  it('tells changes of images by count or presence, never by file ID', () => {
    expect(publicChangeLine('place', '甲地', '乙地')).toBe('地点：甲地 → 乙地')
    expect(publicChangeLine('cover', null, photo(1))).toBe('封面：无 → 有')
    expect(publicChangeLine('cover', photo(0), photo(1))).toBe('更换了封面')
    expect(publicChangeLine('photos', [photo(0)], [photo(0), photo(1)])).toBe('公开照片：1张 → 2张')
    expect(publicChangeLine('coverThumb', null, 'x')).toBeUndefined()
  })
})

/**
 * Photos of an event: shrinking arithmetic, storage paths and which file IDs an event may carry.
 */
import fc from 'fast-check'
import {
  dataUrlBytes,
  isEventPhotoFileId,
  MAX_PHOTOS_PER_EVENT,
  newPhotoToken,
  photoCloudPath,
  scaledSize,
} from '../../src/core/photos'

const EVENT = '0f8fad5b-d9cb-469f-a165-70867728950e'
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const FILE_ID = `cloud://prod-1a2b.7072-prod-1a2b-1250000000/events/${EVENT}/0-a1b2c3d4e5f6.jpg`

describe('scaledSize', () => {
  const side = fc.integer({ min: 1, max: 20_000 })
  const maxSide = fc.integer({ min: 1, max: 4096 })

  it('shrinks a phone photo so that its long side is the limit', () => {
    expect(scaledSize(4032, 3024, 1280)).toEqual({ width: 1280, height: 960 })
    expect(scaledSize(3024, 4032, 1280)).toEqual({ width: 960, height: 1280 })
    expect(scaledSize(5000, 5000, 1280)).toEqual({ width: 1280, height: 1280 })
  })

  it('leaves a photo that is small enough as it is', () => {
    expect(scaledSize(800, 600, 1280)).toEqual({ width: 800, height: 600 })
    expect(scaledSize(1280, 720, 1280)).toEqual({ width: 1280, height: 720 })
  })

  it('keeps a very thin panorama at least one pixel high', () => {
    expect(scaledSize(20_000, 3, 1280)).toEqual({ width: 1280, height: 1 })
  })

  it('never gives a side over the limit', () => {
    fc.assert(
      fc.property(side, side, maxSide, (w, h, max) => {
        const out = scaledSize(w, h, max)
        expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(max)
      }),
    )
  })

  it('never enlarges a photo', () => {
    fc.assert(
      fc.property(side, side, maxSide, (w, h, max) => {
        const out = scaledSize(w, h, max)
        expect(out.width).toBeLessThanOrEqual(w)
        expect(out.height).toBeLessThanOrEqual(h)
        expect(Math.min(out.width, out.height)).toBeGreaterThanOrEqual(1)
      }),
    )
  })

  it('keeps the aspect ratio to within one pixel', () => {
    fc.assert(
      fc.property(side, side, maxSide, (w, h, max) => {
        const out = scaledSize(w, h, max)
        // The height the width implies, and the width the height implies: one of them is exact.
        const errorOfHeight = Math.abs(out.height - (out.width * h) / w)
        const errorOfWidth = Math.abs(out.width - (out.height * w) / h)
        expect(Math.min(errorOfHeight, errorOfWidth)).toBeLessThanOrEqual(1)
        // And the long side stays the long side.
        if (w > h) expect(out.width).toBeGreaterThanOrEqual(out.height)
        if (h > w) expect(out.height).toBeGreaterThanOrEqual(out.width)
      }),
    )
  })

  it('refuses sizes that are not whole pixels', () => {
    expect(() => scaledSize(0, 100, 1280)).toThrow(RangeError)
    expect(() => scaledSize(100.5, 100, 1280)).toThrow(RangeError)
    expect(() => scaledSize(100, 100, Number.NaN)).toThrow(RangeError)
  })
})

describe('photoCloudPath', () => {
  it('puts each photo in its event’s folder under a unique name', () => {
    expect(photoCloudPath(EVENT, 0, 'a1b2c3')).toBe(`events/${EVENT}/0-a1b2c3.jpg`)
    expect(photoCloudPath(EVENT, 8, newPhotoToken())).toMatch(
      new RegExp(`^events/${EVENT}/8-[a-z0-9]{12}\\.jpg$`),
    )
  })

  it('refuses an id, index or random part that could leave the folder or break the name', () => {
    expect(() => photoCloudPath('../x', 0, 'abc')).toThrow(RangeError)
    expect(() => photoCloudPath('a/b', 0, 'abc')).toThrow(RangeError)
    expect(() => photoCloudPath(EVENT, MAX_PHOTOS_PER_EVENT, 'abc')).toThrow(RangeError)
    expect(() => photoCloudPath(EVENT, -1, 'abc')).toThrow(RangeError)
    expect(() => photoCloudPath(EVENT, 1.5, 'abc')).toThrow(RangeError)
    expect(() => photoCloudPath(EVENT, 0, 'a/b')).toThrow(RangeError)
    expect(() => photoCloudPath(EVENT, 0, '')).toThrow(RangeError)
  })

  it('makes paths whose file IDs the event accepts, and no other event does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_PHOTOS_PER_EVENT - 1 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (index, r) => {
          const fileID = `cloud://local.local-bucket/${photoCloudPath(
            EVENT,
            index,
            newPhotoToken(() => r),
          )}`
          expect(isEventPhotoFileId(fileID, EVENT)).toBe(true)
          expect(isEventPhotoFileId(fileID, OTHER)).toBe(false)
        },
      ),
    )
  })
})

describe('isEventPhotoFileId', () => {
  it('accepts a photo of this event, whatever the environment', () => {
    expect(isEventPhotoFileId(FILE_ID, EVENT)).toBe(true)
    expect(isEventPhotoFileId(`cloud://local.local-bucket/events/${EVENT}/8-x.jpg`, EVENT)).toBe(true)
  })

  it.each([
    ['another event’s photo', FILE_ID.replace(EVENT, OTHER)],
    ['a path that climbs out', `cloud://env.b/events/${EVENT}/../${OTHER}/0-abc.jpg`],
    ['a climbing environment', `cloud://../events/${EVENT}/0-abc.jpg`],
    ['another extension', FILE_ID.replace('.jpg', '.png')],
    ['a double extension', FILE_ID.replace('.jpg', '.jpg.html')],
    ['a nested folder', `cloud://env.b/events/${EVENT}/sub/0-abc.jpg`],
    ['a file outside events/', `cloud://env.b/exports/${EVENT}/0-abc.jpg`],
    ['an index past the limit', `cloud://env.b/events/${EVENT}/${MAX_PHOTOS_PER_EVENT}-abc.jpg`],
    ['a padded index', `cloud://env.b/events/${EVENT}/01-abc.jpg`],
    ['no random part', `cloud://env.b/events/${EVENT}/0-.jpg`],
    ['an http URL', `https://env.b/events/${EVENT}/0-abc.jpg`],
    ['no environment', `cloud:///events/${EVENT}/0-abc.jpg`],
    ['trailing text', `${FILE_ID}\n`],
  ])('refuses %s', (_case, fileID) => {
    expect(isEventPhotoFileId(fileID, EVENT)).toBe(false)
  })

  it('refuses what is not a string, and an event id that is not one', () => {
    expect(isEventPhotoFileId(undefined, EVENT)).toBe(false)
    expect(isEventPhotoFileId({ fileID: FILE_ID }, EVENT)).toBe(false)
    expect(isEventPhotoFileId(FILE_ID, '')).toBe(false)
    expect(isEventPhotoFileId(`cloud://env.b/events/.*/0-abc.jpg`, '.*')).toBe(false)
  })
})

describe('dataUrlBytes', () => {
  it('counts the bytes a base64 data URL holds', () => {
    expect(dataUrlBytes('data:image/jpeg;base64,')).toBe(0)
    expect(dataUrlBytes('data:image/jpeg;base64,/9j/')).toBe(3)
    expect(dataUrlBytes('data:image/jpeg;base64,/9j/4A==')).toBe(4)
    expect(dataUrlBytes('data:image/jpeg;base64,/9j/4AA=')).toBe(5)
  })

  it('agrees with decoding, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const dataUrl = `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`
        expect(dataUrlBytes(dataUrl)).toBe(bytes.length)
      }),
    )
  })

  it('refuses what is not a base64 data URL', () => {
    expect(() => dataUrlBytes('data:text/plain,hello')).toThrow(RangeError)
    expect(() => dataUrlBytes('data:image/jpeg;base64,abc')).toThrow(RangeError)
    expect(() => dataUrlBytes('https://example.com/a.jpg')).toThrow(RangeError)
  })
})

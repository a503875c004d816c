/**
 * @jest-environment jsdom
 */
/**
 * The residents' pages rendered as a person sees them, with the cloud answering when the test says:
 * the list (skeleton first, its sections, filters, pages, errors) and one activity (its reminder).
 */
import { act, fireEvent, render } from '@testing-library/react'
import { createElement, type ComponentType, type ReactElement } from 'react'
import type { PublicDetail, PublicFilters, PublicItem } from '../../src/core/contract'
import { ERRORS, type Envelope } from '../../src/core/errors'

// The first render alone, with no effect run. The Node build: under jsdom, react-dom/server resolves
// to the browser build, which needs TextEncoder; @types/react-dom does not type server.node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderToStaticMarkup } = require('react-dom/server.node') as {
  renderToStaticMarkup: (element: ReactElement) => string
}

// ---- Taro, as the pages see it --------------------------------------------------------------------

const mockTaro = {
  bottom: undefined as (() => void) | undefined,
  pullDown: undefined as (() => void) | undefined,
  params: {} as Record<string, string>,
  navigateTo: jest.fn(),
  switchTab: jest.fn(),
  reLaunch: jest.fn(),
  navigateBack: jest.fn(),
  previewImage: jest.fn(),
  stopPullDownRefresh: jest.fn(),
}
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    navigateTo: (o: unknown) => mockTaro.navigateTo(o),
    switchTab: (o: unknown) => mockTaro.switchTab(o),
    reLaunch: (o: unknown) => mockTaro.reLaunch(o),
    navigateBack: () => mockTaro.navigateBack(),
    previewImage: (o: unknown) => mockTaro.previewImage(o),
    stopPullDownRefresh: () => mockTaro.stopPullDownRefresh(),
    getCurrentPages: () => [{ route: 'public/list/index' }, { route: 'public/detail/index' }],
  },
  useReachBottom: (fn: () => void) => {
    mockTaro.bottom = fn
  },
  usePullDownRefresh: (fn: () => void) => {
    mockTaro.pullDown = fn
  },
  useShareAppMessage: () => undefined,
  useRouter: () => ({ params: mockTaro.params }),
}))

// Taro's components as plain DOM: a Picker shows its options, each tapped to choose it.
jest.mock('@tarojs/components', () => {
  const { createElement: h } = jest.requireActual<typeof import('react')>('react')
  type Props = { className?: string; onClick?: () => void; disabled?: boolean; children?: unknown }
  const tag =
    (name: string) =>
    ({ className, onClick, disabled, children }: Props) =>
      h(name, { className, onClick: disabled ? undefined : onClick, disabled }, children as never)
  return {
    View: tag('div'),
    Text: tag('span'),
    Button: tag('button'),
    Image: ({ className, src, onClick }: Props & { src: string }) => h('img', { className, src, onClick }),
    Picker: ({
      range,
      onChange,
      children,
    }: {
      range: string[]
      onChange: (e: { detail: { value: number } }) => void
      children: unknown
    }) =>
      h(
        'div',
        { className: 'picker' },
        children as never,
        range.map((label, i) =>
          h(
            'span',
            { key: label, className: 'picker-option', onClick: () => onChange({ detail: { value: i } }) },
            label,
          ),
        ),
      ),
  }
})

// ---- the cloud, answering when told ---------------------------------------------------------------

interface Call {
  readonly name: string
  readonly action: string
  readonly request: Record<string, unknown>
  readonly answer: (envelope: Envelope<unknown>) => Promise<void>
}
const mockCalls: Call[] = []
jest.mock('../../src/services/cloud', () => ({
  callCloud: (name: string, action: string, request: Record<string, unknown>) =>
    new Promise((resolve) => {
      mockCalls.push({
        name,
        action,
        request,
        answer: (envelope) =>
          act(async () => {
            resolve(envelope)
            await Promise.resolve()
          }),
      })
    }),
}))

const mockSubscribe = jest.fn<Promise<string>, [string]>()
jest.mock('../../src/services/subscribe', () => ({ askToSubscribe: (id: string) => mockSubscribe(id) }))

/** The calls of one action not yet answered, oldest first. */
const pending = (action: string) => mockCalls.filter((c) => c.action === action)
const lastCall = (action: string): Call => {
  const calls = pending(action)
  if (calls.length === 0) throw new Error(`no ${action} call`)
  return calls[calls.length - 1]!
}

// ---- loading the pages ----------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ListPage = (require('../../src/public/list/index') as { default: ComponentType }).default
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DetailPage = (require('../../src/public/detail/index') as { default: ComponentType }).default

// ---- activities -----------------------------------------------------------------------------------

const item = (id: string, upcoming: boolean, extra: Partial<PublicItem> = {}): PublicItem => ({
  id,
  type: 'lecture',
  typeLabel: '法律讲座',
  title: `讲座${id}`,
  date: upcoming ? '2099-11-28' : '2020-11-28',
  startTime: '09:30',
  endTime: '11:00',
  place: '明园社区党群服务中心',
  speaker: '',
  where: '明园社区',
  upcoming,
  ...extra,
})

const FILTERS: PublicFilters = {
  types: [
    { type: 'lecture', label: '法律讲座' },
    { type: 'consultation', label: '法律咨询' },
  ],
  communities: [
    { id: 'c-mingyuan', name: '明园社区', streetName: '春城街道' },
    { id: 'c-xinhe', name: '新河社区', streetName: '春城街道' },
  ],
}

const ok = <T>(data: T): Envelope<T> => ({ ok: true, data })
const page = (items: PublicItem[], next?: string) => ok({ items, ...(next ? { next } : {}) })

/** What the list shows, top to bottom: section headings as «…», cards by their title. */
const shown = (container: HTMLElement): string[] =>
  Array.from(container.querySelectorAll('.pub-section, .pub-activity-card:not(.pub-skeleton-card)')).map(
    (el) =>
      el.classList.contains('pub-section')
        ? `«${el.textContent}»`
        : (el.querySelector('.pub-activity-title')?.textContent ?? ''),
  )
const skeletons = (container: HTMLElement) => container.querySelectorAll('.pub-skeleton-card').length
const byText = (container: HTMLElement, selector: string, text: string): HTMLElement => {
  const el = Array.from(container.querySelectorAll<HTMLElement>(selector)).find((e) => e.textContent === text)
  if (!el) throw new Error(`no ${selector} reading ${text}`)
  return el
}

beforeEach(() => {
  mockCalls.length = 0
  jest.clearAllMocks()
})

// The filters are kept for the session (module state): the first test reads them, later ones find them kept.
describe('the residents’ list', () => {
  it('shows grey cards at once, asks for the list and the filters together, and never waits for the filters', async () => {
    // The very first render, before any effect has run (let alone a call): the skeleton is there.
    expect(renderToStaticMarkup(createElement(ListPage))).toContain('pub-skeleton-card')
    expect(mockCalls).toHaveLength(0)

    const { container } = render(createElement(ListPage))
    // Before any answer: still the skeleton, and both calls already on their way.
    expect(skeletons(container)).toBeGreaterThan(0)
    expect(mockCalls.map((c) => `${c.name}.${c.action}`).sort()).toEqual([
      'publications.filters',
      'publications.list',
    ])
    expect(lastCall('list').request).toEqual({})

    await lastCall('list').answer(page([item('a', true), item('b', false)]))
    expect(skeletons(container)).toBe(0)
    expect(shown(container)).toEqual(['«即将举行»', '讲座a', '«往期回顾»', '讲座b'])
    expect(container.querySelector('.pub-filters')).toBeNull() // the filters have not answered yet

    await lastCall('filters').answer(ok(FILTERS))
    expect(Array.from(container.querySelectorAll('.pub-type-chip'), (c) => c.textContent)).toEqual([
      '全部',
      '法律讲座',
      '法律咨询',
    ])
  })

  it('keeps the filters for the session: another visit shows them without asking again', () => {
    const { container } = render(createElement(ListPage))
    expect(pending('filters')).toHaveLength(0)
    expect(container.querySelectorAll('.pub-type-chip')).toHaveLength(3)
  })

  it('reads the next page on reaching the bottom, with one heading per section across pages', async () => {
    const { container } = render(createElement(ListPage))
    await lastCall('list').answer(page([item('a', true), item('b', true)], 'cursor-1'))
    expect(shown(container)).toEqual(['«即将举行»', '讲座a', '讲座b'])

    act(() => mockTaro.bottom?.())
    expect(lastCall('list').request).toEqual({ cursor: 'cursor-1' })
    expect(container.querySelector('.pub-foot')?.textContent).toBe('加载中…')
    act(() => mockTaro.bottom?.()) // a page on its way: not asked twice
    expect(pending('list')).toHaveLength(2)

    await lastCall('list').answer(page([item('c', true), item('d', false), item('e', false)]))
    expect(shown(container)).toEqual([
      '«即将举行»',
      '讲座a',
      '讲座b',
      '讲座c',
      '«往期回顾»',
      '讲座d',
      '讲座e',
    ])
    expect(container.querySelector('.pub-foot')?.textContent).toBe('没有更多了')
    act(() => mockTaro.bottom?.())
    expect(pending('list')).toHaveLength(2)
  })

  it('writes each card: type, title, day and time, place, speaker, community; a placeholder without a cover', async () => {
    const { container } = render(createElement(ListPage))
    await lastCall('list').answer(
      page([
        item('a', true, { thumb: 'https://tmp/thumb-a.jpg', speaker: '王律师' }),
        item('b', true, { type: 'consultation', typeLabel: '法律咨询', speaker: '李律师', endTime: '' }),
      ]),
    )
    const [a, b] = Array.from(container.querySelectorAll<HTMLElement>('.pub-activity-card'))
    expect(a!.querySelector('img')?.getAttribute('src')).toBe('https://tmp/thumb-a.jpg')
    expect(a!.textContent).toContain('法律讲座')
    expect(a!.textContent).toContain('2099年11月28日 周六 09:30–11:00')
    expect(a!.textContent).toContain('主讲人：王律师')
    expect(a!.textContent).toContain('明园社区党群服务中心')
    expect(a!.querySelector('.pub-activity-where')?.textContent).toBe('明园社区')
    expect(b!.querySelector('img')).toBeNull()
    expect(b!.querySelector('.pub-activity-thumb-none')?.textContent).toBe('咨询')
    expect(b!.textContent).toContain('法律顾问：李律师')
    expect(b!.textContent).toContain('09:30 开始')

    fireEvent.click(b!)
    expect(mockTaro.navigateTo).toHaveBeenCalledWith({ url: '/public/detail/index?id=b' })
  })

  it('starts again from the first page, with the skeleton, when a filter changes', async () => {
    const { container } = render(createElement(ListPage))
    await lastCall('list').answer(page([]))
    expect(container.querySelector('.pub-empty')?.textContent).toBe('暂无活动')

    fireEvent.click(byText(container, '.pub-type-chip', '法律咨询'))
    expect(lastCall('list').request).toEqual({ type: 'consultation' })
    expect(skeletons(container)).toBeGreaterThan(0)
    await lastCall('list').answer(page([]))
    expect(container.querySelector('.pub-empty')?.textContent).toBe('该条件下暂无活动')

    // Another filter while that page is on its way: only the newest request's answer is shown.
    fireEvent.click(byText(container, '.pub-type-chip', '全部'))
    const older = lastCall('list')
    fireEvent.click(byText(container, '.picker-option', '新河社区'))
    expect(lastCall('list').request).toEqual({ communityId: 'c-xinhe' })
    await lastCall('list').answer(page([item('x', false)]))
    await older.answer(page([item('old', true)]))
    expect(shown(container)).toEqual(['«往期回顾»', '讲座x'])
  })

  it('says why the list could not be read, and reads it again on 重试', async () => {
    const { container } = render(createElement(ListPage))
    const message = ERRORS['NETWORK.UNAVAILABLE']
    await lastCall('list').answer({ ok: false, error: { code: 'NETWORK.UNAVAILABLE', message } })
    expect(skeletons(container)).toBe(0)
    expect(container.querySelector('.pub-error-text')?.textContent).toBe(message)

    fireEvent.click(byText(container, '.pub-retry-button', '重试'))
    expect(skeletons(container)).toBeGreaterThan(0)
    await lastCall('list').answer(page([item('a', true)]))
    expect(container.querySelector('.pub-error')).toBeNull()
    expect(shown(container)).toEqual(['«即将举行»', '讲座a'])
  })

  it('refreshes on pull-down, and offers staff their way in', async () => {
    const { container } = render(createElement(ListPage))
    await lastCall('list').answer(page([item('a', true)]))
    act(() => mockTaro.pullDown?.())
    expect(pending('list')).toHaveLength(2)
    expect(shown(container)).toEqual(['«即将举行»', '讲座a']) // kept while the new page is on its way
    await lastCall('list').answer(page([item('n', true), item('a', true)]))
    expect(shown(container)).toEqual(['«即将举行»', '讲座n', '讲座a'])
    expect(mockTaro.stopPullDownRefresh).toHaveBeenCalled()

    fireEvent.click(byText(container, '.pub-staff-entry', '工作人员入口 ›'))
    expect(mockTaro.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' })
  })
})

// ---- one activity ---------------------------------------------------------------------------------

const detail = (extra: Partial<PublicDetail> = {}): PublicDetail => ({
  ...item('p1', true, { speaker: '王律师' }),
  summary: '第一行\n第二行',
  streetName: '春城街道',
  cover: 'https://tmp/cover.jpg',
  photos: ['https://tmp/1.jpg', 'https://tmp/2.jpg'],
  reminded: false,
  remindable: true,
  ...extra,
})

describe('one activity', () => {
  beforeEach(() => {
    mockTaro.params = { id: 'p1' }
  })

  it('shows grey blocks first, then the activity with its summary’s line breaks and its photos', async () => {
    expect(renderToStaticMarkup(createElement(DetailPage))).toContain('pub-skeleton-block')
    const { container } = render(createElement(DetailPage))
    expect(container.querySelectorAll('.pub-skeleton-block').length).toBeGreaterThan(0)
    expect(lastCall('detail').request).toEqual({ id: 'p1' })

    await lastCall('detail').answer(ok({ item: detail() }))
    expect(container.querySelector('.pub-skeleton-block')).toBeNull()
    expect(container.querySelector('.pub-detail-title')?.textContent).toBe('讲座p1')
    expect(container.querySelector('.pub-detail-summary')?.textContent).toBe('第一行\n第二行')
    expect(container.textContent).toContain('春城街道 明园社区')
    const photos = container.querySelectorAll('.pub-detail-photo')
    expect(photos).toHaveLength(2)
    fireEvent.click(photos[1]!)
    expect(mockTaro.previewImage).toHaveBeenCalledWith({
      current: 'https://tmp/2.jpg',
      urls: ['https://tmp/cover.jpg', 'https://tmp/1.jpg', 'https://tmp/2.jpg'],
    })
    expect(byText(container, 'button', '分享给好友')).toBeTruthy()
  })

  it('asks for the one-time message, then for the reminder, and says it is subscribed', async () => {
    mockSubscribe.mockResolvedValue('accept')
    const { container } = render(createElement(DetailPage))
    await lastCall('detail').answer(ok({ item: detail() }))
    await act(async () => {
      fireEvent.click(byText(container, 'button', '活动前提醒我'))
      await Promise.resolve()
    })
    expect(mockSubscribe).toHaveBeenCalledWith('local-activity-reminder')
    expect(lastCall('remind').request).toEqual({ id: 'p1' })
    await lastCall('remind').answer(ok({ reminded: true }))
    expect(container.querySelector('.pub-detail-notice-ok')?.textContent).toBe(
      '已订阅提醒，活动开始前将通过微信通知您',
    )
    const done = byText(container, 'button', '已订阅提醒')
    expect(done.hasAttribute('disabled')).toBe(true)
  })

  it('does not ask for a reminder the person declined, and says how to allow it', async () => {
    mockSubscribe.mockResolvedValue('decline')
    const { container } = render(createElement(DetailPage))
    await lastCall('detail').answer(ok({ item: detail() }))
    await act(async () => {
      fireEvent.click(byText(container, 'button', '活动前提醒我'))
      await Promise.resolve()
    })
    expect(pending('remind')).toHaveLength(0)
    expect(container.querySelector('.pub-detail-notice-error')?.textContent).toBe(ERRORS['REMINDER.DECLINED'])
    expect(byText(container, 'button', '活动前提醒我')).toBeTruthy()
  })

  it('offers no reminder for a past activity, and shows one already asked for as done', async () => {
    const past = render(createElement(DetailPage))
    await lastCall('detail').answer(ok({ item: detail({ upcoming: false, remindable: false }) }))
    expect(past.container.textContent).not.toContain('提醒')
    expect(past.container.textContent).toContain('已结束')

    const reminded = render(createElement(DetailPage))
    await lastCall('detail').answer(ok({ item: detail({ reminded: true, remindable: true }) }))
    expect(byText(reminded.container, 'button', '已订阅提醒').hasAttribute('disabled')).toBe(true)
  })

  it('says so when the activity is not (or no longer) published, with a way back to the list', async () => {
    const { container } = render(createElement(DetailPage))
    const message = ERRORS['PUBLICATION.NOT_PUBLISHED']
    await lastCall('detail').answer({ ok: false, error: { code: 'PUBLICATION.NOT_PUBLISHED', message } })
    expect(container.querySelector('.pub-error-text')?.textContent).toBe(message)
    expect(Array.from(container.querySelectorAll('.pub-retry-button'), (b) => b.textContent)).toEqual([
      '查看其他活动',
    ])
    fireEvent.click(byText(container, '.pub-retry-button', '查看其他活动'))
    expect(mockTaro.navigateBack).toHaveBeenCalled()
  })

  it('offers 重试 when the activity could not be read for another reason', async () => {
    const { container } = render(createElement(DetailPage))
    const message = ERRORS['NETWORK.UNAVAILABLE']
    await lastCall('detail').answer({ ok: false, error: { code: 'NETWORK.UNAVAILABLE', message } })
    expect(container.querySelector('.pub-error-text')?.textContent).toBe(message)
    fireEvent.click(byText(container, '.pub-retry-button', '重试'))
    expect(pending('detail')).toHaveLength(2)
    await lastCall('detail').answer(ok({ item: detail() }))
    expect(container.querySelector('.pub-detail-title')?.textContent).toBe('讲座p1')
  })
})

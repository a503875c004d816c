/**
 * One activity as a resident opens it (public/detail/index?id=…, from the list or a shared card): its
 * cover, when and where, who leads it, the summary as staff wrote it, the photos chosen for the public;
 * 分享给好友; and for an activity still to come, 活动前提醒我: WeChat's one-time subscription first
 * (it must be asked inside the tap), then `publications.remind`, after which the reminder is sent
 * before the activity starts. Grey blocks hold the page until the activity arrives.
 */
import { Button, Image, Text, View } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { chinaToday } from '../../core/china-time'
import type { PublicDetail } from '../../core/contract'
import { ERRORS, type ErrorBody } from '../../core/errors'
import { REMINDER } from '../../core/publication'
import { callCloud } from '../../services/cloud'
import { askToSubscribe } from '../../services/subscribe'
import { activityTimeText, speakerLabel } from '../format'
import '../public.css'
import './index.css'

const LIST_PATH = '/public/list/index'

const REMINDED_TEXT = '已订阅提醒，活动开始前将通过微信通知您'

/** Back to the list when the resident came from it; else (opened from a shared card) to a new list. */
function toList(): void {
  const pages = Taro.getCurrentPages()
  const below = pages[pages.length - 2]
  if (below?.route?.includes('public/list')) void Taro.navigateBack()
  else void Taro.reLaunch({ url: LIST_PATH })
}

function DetailSkeleton() {
  return (
    <View className="pub-detail-skeleton">
      <View className="pub-detail-cover pub-skeleton-block" />
      <View className="pub-card">
        <View className="pub-skeleton-block pub-skeleton-tag" />
        <View className="pub-skeleton-block pub-skeleton-line pub-skeleton-heading" />
        <View className="pub-skeleton-block pub-skeleton-line" />
        <View className="pub-skeleton-block pub-skeleton-line" />
        <View className="pub-skeleton-block pub-skeleton-line pub-skeleton-short" />
      </View>
      <View className="pub-card">
        <View className="pub-skeleton-block pub-skeleton-line" />
        <View className="pub-skeleton-block pub-skeleton-line" />
        <View className="pub-skeleton-block pub-skeleton-line pub-skeleton-short" />
      </View>
    </View>
  )
}

function InfoRow({ label, children }: { label: string; children: string }) {
  return (
    <View className="pub-info-row">
      <Text className="pub-info-label">{label}</Text>
      <Text className="pub-info-value">{children}</Text>
    </View>
  )
}

type Notice = { readonly kind: 'ok' | 'error'; readonly text: string }

export default function ActivityPage() {
  const id = useRouter().params.id ?? ''
  const [item, setItem] = useState<PublicDetail | undefined>()
  /** Why it could not be shown: gone (not found, not published) or a failure worth another try. */
  const [failure, setFailure] = useState<ErrorBody | undefined>()
  const load = useCallback(async () => {
    setFailure(undefined)
    const result = await callCloud('publications', 'detail', { id })
    if (result.ok) setItem(result.data.item)
    else setFailure(result.error)
  }, [id])
  useEffect(() => {
    void load()
  }, [load])
  const [asking, setAsking] = useState(false)
  const [notice, setNotice] = useState<Notice | undefined>()

  useShareAppMessage(() => ({
    title: item?.title ?? '法律服务活动',
    path: `/public/detail/index?id=${id}`,
    ...(item?.cover ? { imageUrl: item.cover } : {}),
  }))

  /** Runs from the tap itself: WeChat shows its prompt only during one. */
  async function remind(): Promise<void> {
    if (!item || asking) return
    setNotice(undefined)
    setAsking(true)
    const answer = await askToSubscribe(REMINDER.templateId)
    if (answer !== 'accept') {
      setAsking(false)
      setNotice({ kind: 'error', text: answer === 'decline' ? ERRORS['REMINDER.DECLINED'] : ERRORS.INTERNAL })
      return
    }
    const result = await callCloud('publications', 'remind', { id: item.id })
    setAsking(false)
    if (result.ok) {
      setItem((current) => current && { ...current, reminded: true })
      setNotice({ kind: 'ok', text: REMINDED_TEXT })
    } else {
      // Started meanwhile (REMINDER.CLOSED): the button goes; any other refusal leaves it to try again.
      if (result.error.code === 'REMINDER.CLOSED')
        setItem((current) => current && { ...current, remindable: false })
      setNotice({ kind: 'error', text: result.error.message })
    }
  }

  if (!item) {
    return (
      <View className="page pub-page pub-detail">
        {failure ? (
          <View className="pub-error pub-detail-missing">
            <View className="pub-error-text">{failure.message}</View>
            {failure.code.startsWith('PUBLICATION.') ? null : (
              <View className="pub-retry-button" onClick={() => void load()}>
                重试
              </View>
            )}
            <View className="pub-retry-button pub-to-list" onClick={toList}>
              查看其他活动
            </View>
          </View>
        ) : (
          <DetailSkeleton />
        )}
      </View>
    )
  }

  const images = [...(item.cover ? [item.cover] : []), ...item.photos]
  const preview = (url: string) => () => void Taro.previewImage({ current: url, urls: images })

  return (
    <View className="page pub-page pub-detail">
      {item.cover ? (
        <Image
          className="pub-detail-cover"
          src={item.cover}
          mode="aspectFill"
          onClick={preview(item.cover)}
        />
      ) : null}

      <View className="pub-card pub-detail-head">
        <View className="pub-detail-tags">
          <Text className={`status-pill pub-activity-tag pub-type-${item.type}`}>{item.typeLabel}</Text>
          {item.upcoming ? null : (
            <Text className="status-pill pub-activity-tag pub-detail-ended">已结束</Text>
          )}
        </View>
        <View className="pub-detail-title">{item.title}</View>
        <InfoRow label="时间">{activityTimeText(item, chinaToday())}</InfoRow>
        <InfoRow label="地点">{item.place}</InfoRow>
        {item.speaker ? <InfoRow label={speakerLabel(item.type)}>{item.speaker}</InfoRow> : null}
        <InfoRow label="举办">
          {item.where === item.streetName || !item.streetName
            ? item.where
            : `${item.streetName} ${item.where}`}
        </InfoRow>

        {item.upcoming && item.reminded ? (
          <Button className="pub-remind-button pub-remind-done" disabled>
            已订阅提醒
          </Button>
        ) : item.upcoming && item.remindable ? (
          <Button
            className="pub-remind-button"
            loading={asking}
            disabled={asking}
            onClick={() => void remind()}
          >
            活动前提醒我
          </Button>
        ) : null}
        {notice ? (
          <View className={`pub-detail-notice pub-detail-notice-${notice.kind}`}>{notice.text}</View>
        ) : null}
      </View>

      {item.summary ? (
        <View className="pub-card">
          <View className="pub-card-heading">活动简介</View>
          <Text className="pub-detail-summary" userSelect>
            {item.summary}
          </Text>
        </View>
      ) : null}

      {item.photos.length > 0 ? (
        <View className="pub-card">
          <View className="pub-card-heading">活动照片</View>
          <View className="pub-detail-photos">
            {item.photos.map((url) => (
              <Image
                key={url}
                className="pub-detail-photo"
                src={url}
                mode="aspectFill"
                lazyLoad
                onClick={preview(url)}
              />
            ))}
          </View>
        </View>
      ) : null}

      <View className="pub-detail-actions">
        <Button className="pub-share-button" openType="share">
          分享给好友
        </Button>
        <View className="pub-more-activities" onClick={toList}>
          查看更多法律服务活动 ›
        </View>
      </View>
    </View>
  )
}

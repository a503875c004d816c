/**
 * 年度统计: the street's figures for a year, computed by the stats function from the stored events
 * (法律讲座 N场, 参与 N人次, 资料 N份).
 */
import { Picker, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { chinaToday, yearOf } from '../../core/china-time'
import type { YearTotals } from '../../core/contract'
import { EARLIEST_YEAR, LECTURE } from '../../core/event-types'
import { Cell, CellGroup } from '../../components/nutui'
import { callCloud } from '../../services/cloud'
import './index.css'

const thisYear = yearOf(chinaToday())
const YEARS = Array.from({ length: thisYear - EARLIEST_YEAR + 1 }, (_x, i) => thisYear - i)

function Figure({ value, unit, label }: { value: number; unit: string; label: string }) {
  return (
    <View className="figure">
      <View className="figure-value">
        <Text className="figure-number">{value}</Text>
        <Text className="figure-unit">{unit}</Text>
      </View>
      <View className="figure-label">{label}</View>
    </View>
  )
}

export default function StatsPage() {
  const [year, setYear] = useState(thisYear)
  const [totals, setTotals] = useState<YearTotals | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [participantsDef, materialsDef] = LECTURE.measures

  useEffect(() => {
    let current = true
    setTotals(undefined)
    void callCloud('stats', 'yearTotals', { year }).then((result) => {
      if (!current) return
      if (result.ok) {
        setTotals(result.data)
        setError(undefined)
      } else {
        setError(result.error.message)
      }
    })
    return () => {
      current = false
    }
  }, [year])

  return (
    <View className="page stats-page">
      <CellGroup>
        <Picker
          mode="selector"
          range={YEARS.map((y) => `${y}年`)}
          value={YEARS.indexOf(year)}
          onChange={(e) => setYear(YEARS[Number(e.detail.value)]!)}
        >
          <Cell title="统计年度" extra={`${year}年`} clickable />
        </Picker>
      </CellGroup>
      {error ? <View className="field-error">{error}</View> : null}
      {totals ? (
        <View className="figures-card">
          <View className="figures-title">
            {totals.streetName} · {totals.year}年 · {LECTURE.label}
          </View>
          <View className="figures">
            <Figure value={totals.lecture.count} unit={LECTURE.unit} label={LECTURE.label} />
            <Figure value={totals.lecture.participants} unit={participantsDef!.unit} label="参与" />
            <Figure value={totals.lecture.materials} unit={materialsDef!.unit} label="资料" />
          </View>
        </View>
      ) : error ? null : (
        <View className="hint">统计中…</View>
      )}
      <View className="hint">按举办日期（北京时间）计入年度；作废的记录不计入。</View>
    </View>
  )
}

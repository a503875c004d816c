/**
 * H5 build with the local cloud only: choose which demo person the browser acts as, in place of
 * WeChat's login, or a new person nobody has registered yet (to accept an invitation).
 */
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import {
  actAs,
  actAsNewPerson,
  currentPersonaName,
  listPersonas,
  NEW_PERSON_NAME,
  type Persona,
} from '../services/dev-login'
import { Button, Cell, CellGroup } from './nutui'

export default function PersonaSwitcher({ onSwitched }: { onSwitched: () => void }) {
  const [personas, setPersonas] = useState<Persona[]>([])
  const [current, setCurrent] = useState(currentPersonaName())

  useEffect(() => {
    listPersonas().then(setPersonas, () => setPersonas([]))
  }, [])

  async function choose(persona: Persona) {
    await actAs(persona)
    setCurrent(persona.name)
    onSwitched()
  }

  async function chooseNew() {
    await actAsNewPerson()
    setCurrent(NEW_PERSON_NAME)
    onSwitched()
  }

  if (personas.length === 0) return null
  return (
    <View className="persona-switcher">
      <View className="section-title">切换身份（本地演示）</View>
      <CellGroup>
        {personas.map((p) => (
          <Cell
            key={p.openid}
            title={`${p.name} · ${p.roleLabel}`}
            description={p.nodeName}
            extra={
              current === p.name ? (
                <View className="persona-current">当前</View>
              ) : (
                <Button
                  size="small"
                  type="primary"
                  fill="outline"
                  onClick={() => choose(p)}
                  className={`persona-${p.openid}`}
                >
                  使用
                </Button>
              )
            }
          />
        ))}
        <Cell
          title={NEW_PERSON_NAME}
          description="每次都是一个新的微信用户"
          extra={
            <Button size="small" type="primary" fill="outline" onClick={chooseNew} className="persona-new">
              {current === NEW_PERSON_NAME ? '换一个' : '使用'}
            </Button>
          }
        />
      </CellGroup>
    </View>
  )
}

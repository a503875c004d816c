/**
 * 导入历史台账 (street staff and admins, `ledger.import`): the ledgers a street kept in Excel before the
 * product, into events of one type. The clerk picks the type (the help lists the headers it is read by),
 * picks an .xlsx or .csv file (weapp: from a chat; H5: a file input), which is uploaded under `imports/`
 * and checked at once by a dry run (ledgers.importLedger with `dryRun`): how many rows, every row's
 * error with its row and column, the columns not read. 导入 is offered only when no row has an error; it
 * shows how many records were created and how many were imported before (importing the same rows again
 * creates nothing). The records belong to the clerk's street, logged by the clerk.
 */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useMemo, useRef, useState } from 'react'
import type { ImportResult } from '../../core/contract'
import type { Envelope } from '../../core/errors'
import type { EventTypeDefinition } from '../../core/event-types'
import { PageError } from '../../components/field'
import { Button } from '../../components/nutui'
import { useCatalogue } from '../../components/use-catalogue'
import { callCloud } from '../../services/cloud'
import { chooseLedgerFile, uploadLedgerFile, type LedgerFile } from '../../services/ledger-file'
import {
  errorPlace,
  expectedHeaders,
  fileSize,
  LEDGER_CONTENT_TYPES,
  LEDGER_MAX_BYTES,
  ledgerCloudPath,
  ledgerExtension,
} from './ledger-upload'
import './index.css'

type Busy = 'upload' | 'check' | 'import' | undefined

const BUSY_LABELS: Record<NonNullable<Busy>, string> = {
  upload: '正在上传…',
  check: '正在检查…',
  import: '正在导入…',
}

/** Brings the chosen file and what was found in it into view (the types and the help fill a phone's screen). */
const showResult = () =>
  setTimeout(() => void Taro.pageScrollTo({ selector: '.import-file', duration: 200 }).catch(() => {}), 50)

/** A refusal in the server's words; a missing header is named. */
function refusal(result: Envelope<ImportResult>): string | undefined {
  if (result.ok) return undefined
  const missing = result.error.details?.missing
  return Array.isArray(missing) && missing.length > 0
    ? `${result.error.message}：缺少“${missing.join('”“')}”`
    : result.error.message
}

/** Why an upload failed, in words the clerk can act on. */
function uploadFailure(e: unknown): string {
  const status = (e as { status?: number } | undefined)?.status
  if (status === 413) return `文件超过${LEDGER_MAX_BYTES / 1024 / 1024} MB，请分成几个文件导入`
  if (status === 415) return '只能上传 Excel（.xlsx）或 CSV 文件'
  return '文件上传失败，请检查网络后重新选择文件'
}

function HeaderHelp({ def }: { def: EventTypeDefinition }) {
  const headers = expectedHeaders(def)
  return (
    <View className="card import-help">
      <View className="card-title">{def.label}台账的表头</View>
      <View className="import-headers">
        {headers.map((h) => (
          <Text key={h.name} className={`import-header${h.required ? ' import-header-required' : ''}`}>
            {h.required ? `${h.name}*` : h.name}
          </Text>
        ))}
      </View>
      <View className="small muted">
        带*的列必须有，列的顺序不限；其他列（如序号、备注）不会读取。日期可写作2024-03-05或2024年3月5日。
      </View>
      <View className="small import-privacy">
        当事人信息（姓名、电话、证件号码）从不导入
        {def.lifecycle ? '；案件导入后为初始状态，请在小程序中继续办理' : ''}。
      </View>
    </View>
  )
}

function CheckResult({ result, imported }: { result: ImportResult; imported: boolean }) {
  const { rows, errors, alreadyImported, ignoredColumns = [] } = result
  return (
    <View className="card import-check">
      <View className="card-title">检查结果</View>
      <View className="card-line import-rows">
        共{rows}行{alreadyImported > 0 ? `，其中${alreadyImported}行此前已导入` : ''}
      </View>
      {errors.length > 0 ? (
        <>
          <View className="import-errors-title">
            {errors.length}处需要修改，请在表格中改正后重新选择文件：
          </View>
          <View className="import-errors">
            {errors.map((e, i) => (
              <View key={i} className={`import-error import-error-row-${e.row}`}>
                <Text className="import-error-place">{errorPlace(e)}</Text>
                <Text className="import-error-message">{e.message}</Text>
              </View>
            ))}
          </View>
        </>
      ) : (
        <View className="card-line import-ok">
          {rows === 0
            ? '表格中没有可导入的行'
            : imported
              ? '没有发现错误'
              : alreadyImported === rows
                ? '没有发现错误；这些行都已导入过，再次导入不会重复记录'
                : '没有发现错误，可以导入'}
        </View>
      )}
      {ignoredColumns.length > 0 ? (
        <View className="card-line import-ignored">未读取的列：{ignoredColumns.join('、')}</View>
      ) : null}
    </View>
  )
}

export default function ImportPage() {
  const { types } = useCatalogue()
  const offered = useMemo(() => types.filter((t) => !t.retired), [types])
  const [typeKey, setTypeKey] = useState<string>()
  const def = offered.find((t) => t.type === typeKey)
  const [file, setFile] = useState<LedgerFile>()
  const [fileID, setFileID] = useState<string>()
  const [busy, setBusy] = useState<Busy>()
  const [error, setError] = useState<string>()
  const [check, setCheck] = useState<ImportResult>()
  const [done, setDone] = useState<ImportResult>()
  // Only the latest step counts: a type or a file chosen meanwhile makes an earlier answer stale.
  const latest = useRef(0)

  async function dryRun(type: string, id: string, step: number): Promise<void> {
    setBusy('check')
    const result = await callCloud('ledgers', 'importLedger', { fileID: id, type, dryRun: true })
    if (step !== latest.current) return
    setBusy(undefined)
    if (result.ok) setCheck(result.data)
    else setError(refusal(result))
    showResult()
  }

  function chooseType(t: EventTypeDefinition) {
    if (busy === 'import' || busy === 'upload' || t.type === typeKey) return
    const step = ++latest.current
    setTypeKey(t.type)
    setCheck(undefined)
    setDone(undefined)
    setError(undefined)
    setBusy(undefined)
    if (fileID) void dryRun(t.type, fileID, step)
  }

  async function chooseFile() {
    if (!def || busy === 'import') return
    let chosen: LedgerFile | undefined
    try {
      chosen = await chooseLedgerFile()
    } catch (e) {
      console.warn('import: choosing a file failed', e)
      setError('无法读取所选文件，请重新选择')
      return
    }
    if (!chosen) return
    const step = ++latest.current
    setFile(chosen)
    setFileID(undefined)
    setCheck(undefined)
    setDone(undefined)
    setError(undefined)
    const extension = ledgerExtension(chosen.name)
    if (!extension) {
      setBusy(undefined)
      setError('只能导入 Excel（.xlsx）或 CSV 文件；.xls 文件请先在 Excel 中另存为 .xlsx')
      return
    }
    if (chosen.size > LEDGER_MAX_BYTES) {
      setBusy(undefined)
      setError(uploadFailure({ status: 413 }))
      return
    }
    setBusy('upload')
    let id: string
    try {
      id = await uploadLedgerFile(chosen, ledgerCloudPath(extension), LEDGER_CONTENT_TYPES[extension])
    } catch (e) {
      console.warn('import: upload failed', e)
      if (step !== latest.current) return
      setBusy(undefined)
      setError(uploadFailure(e))
      return
    }
    if (step !== latest.current) return
    setFileID(id)
    await dryRun(def.type, id, step)
  }

  async function runImport() {
    if (!def || !fileID || !check || check.errors.length > 0 || busy) return
    const step = ++latest.current
    setBusy('import')
    setError(undefined)
    const result = await callCloud('ledgers', 'importLedger', { fileID, type: def.type, dryRun: false })
    if (step !== latest.current) return
    setBusy(undefined)
    if (!result.ok) setError(refusal(result))
    else if (result.data.errors.length > 0) setCheck(result.data)
    else setDone(result.data)
  }

  const canImport = !!check && check.errors.length === 0 && check.rows > 0 && !busy && !done
  const newRows = check ? check.rows - check.alreadyImported : 0

  return (
    <View className="page import-page">
      <View className="section-title">记录类型</View>
      <View className="import-type-grid">
        {offered.map((t) => (
          <View
            key={t.type}
            className={`import-type-tile import-type-${t.type}${t.type === typeKey ? ' import-type-tile-on' : ''}`}
            onClick={() => chooseType(t)}
          >
            <Text className="import-type-label">{t.label}</Text>
          </View>
        ))}
      </View>

      {def ? (
        <>
          <HeaderHelp def={def} />
          <View className="actions">
            <Button
              type={file ? 'default' : 'primary'}
              block
              disabled={busy === 'import' || busy === 'upload'}
              onClick={() => void chooseFile()}
              className="choose-ledger-button"
            >
              {file ? '重新选择文件' : '选择台账文件'}
            </Button>
          </View>
          <View className="hint">
            Excel（.xlsx）或 CSV 文件，不超过5 MB、1000行。导入的记录属于您所在的街道，记录人为您本人。
          </View>
        </>
      ) : (
        <View className="hint">请先选择要导入的记录类型。</View>
      )}

      {file ? (
        <View className="card import-file">
          <View className="import-file-name">{file.name}</View>
          <View className="small muted">
            {fileSize(file.size)}
            {busy ? ` · ${BUSY_LABELS[busy]}` : ''}
          </View>
        </View>
      ) : null}

      <PageError message={error} />
      {check ? <CheckResult result={check} imported={!!done} /> : null}

      {done ? (
        <View className="notice notice-ok import-done">
          导入完成：新增{done.created}条记录
          {done.alreadyImported > 0 ? `，${done.alreadyImported}条此前已导入，未重复记录` : ''}
        </View>
      ) : check && def ? (
        <View className="actions">
          <Button
            type="primary"
            block
            loading={busy === 'import'}
            disabled={!canImport}
            onClick={() => void runImport()}
            className="run-import-button"
          >
            {newRows > 0 && check?.errors.length === 0 ? `导入${newRows}行` : '导入'}
          </Button>
        </View>
      ) : null}
    </View>
  )
}

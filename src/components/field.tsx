/**
 * A labelled row of a form with its error under it. NutUI's Cell shows its children instead of its
 * title, so the label is ours; errors come from the core's validation or from the server's
 * `error.details.fields`, keyed by the field's name.
 */
import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { Button, Cell } from './nutui'

export function FieldError({ message }: { message?: string }) {
  return message ? <View className="field-error">{message}</View> : null
}

export function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <>
      <Cell className="form-field" align="center">
        <View className="form-field-label">{label}</View>
        <View className="form-field-input">{children}</View>
      </Cell>
      <FieldError message={error} />
    </>
  )
}

/** A refusal or failure of a whole page or action, in the server's Chinese words. */
export function PageError({ message }: { message?: string }) {
  return message ? <View className="page-error">{message}</View> : null
}

/**
 * The primary action of a form: busy while the call is under way, so a second tap cannot send it
 * again (the client-generated ids make a resend harmless anyway).
 */
export function SubmitButton({
  busy,
  onClick,
  className,
  children,
}: {
  busy: boolean
  onClick: () => void
  className: string
  children: ReactNode
}) {
  return (
    <Button type="primary" block loading={busy} disabled={busy} onClick={onClick} className={className}>
      {children}
    </Button>
  )
}

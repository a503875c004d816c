/** H5: a browser has no scanner here; the invitation code is typed. */
export const canScan = false

export async function scanCode(): Promise<string | undefined> {
  return undefined
}

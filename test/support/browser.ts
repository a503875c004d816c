/**
 * Debian's Chromium driven by playwright-core, as on this machine (no browser download): a fresh
 * profile, no background networking, a phone-sized viewport.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const RESULTS_DIR = path.join(__dirname, '../../test-results')

export async function launchBrowser(): Promise<Browser> {
  // playwright gives every launch a fresh, empty profile (it refuses --user-data-dir here).
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  })
  return context.newPage()
}

/** Saves a screenshot under test-results/ (kept for people to look at; also taken on failure). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  const file = path.join(RESULTS_DIR, `${name}.png`)
  await page.waitForTimeout(400) // let the page-enter animation finish
  await page.screenshot({ path: file })
  return file
}

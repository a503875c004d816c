/**
 * After `taro build --type weapp`: the AppID comes from the environment (TARO_APP_ID), the
 * `touristappid` placeholder otherwise. Taro already writes it into dist/weapp/project.config.json;
 * for the repository root (which WeChat DevTools opens, with the functions beside the app) it goes
 * into project.private.config.json, which DevTools lets override project.config.json and git ignores.
 */
import fs from 'node:fs'
import path from 'node:path'

const file = path.join(__dirname, '..', 'project.private.config.json')
const appid = process.env.TARO_APP_ID
if (appid) {
  const current = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {}
  fs.writeFileSync(file, `${JSON.stringify({ ...current, appid }, null, 2)}\n`)
  console.log(`appid ${appid} written to project.private.config.json`)
} else {
  console.log(
    'TARO_APP_ID not set: the project keeps the touristappid placeholder (no cloud development without a real AppID)',
  )
}

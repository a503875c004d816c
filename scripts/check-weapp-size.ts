/**
 * Checks the weapp build against WeChat's package limits, with margin: the main package must stay
 * under 1 MB and the residents' `public` subpackage under 150 KB (what a slow phone downloads before
 * a resident sees anything); the platform's hard limit is 2 MB per package, 30 MB in all. Prints every
 * package's size. Run after `npm run build:weapp`; exits 1 when a limit is passed.
 */
import { weappPackageSizes } from './weapp-sizes'

const BUDGETS: Readonly<Record<string, number>> = { main: 1024 * 1024, public: 150 * 1024 }
const PACKAGE_LIMIT = 2 * 1024 * 1024

let failed = false
for (const [name, size] of weappPackageSizes()) {
  const limit = BUDGETS[name] ?? PACKAGE_LIMIT
  const ok = size <= limit
  failed ||= !ok
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(8)} ${(size / 1024).toFixed(1)} KB (limit ${(limit / 1024).toFixed(0)} KB)`,
  )
}
process.exit(failed ? 1 : 0)

// Writes README.md's "Size" figures from size-limit's own measurement of the built package, so the
// README never says a number nobody measured. Run `npm run size:docs` (it builds first).
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const root = new URL('..', import.meta.url)
const START = '<!-- size:start -->'
const END = '<!-- size:end -->'

execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'ignore' })
// In .size-limit.cjs's order.
const [hook, core, json, testing, tabs, dependency] = JSON.parse(
  execFileSync('npx', ['size-limit', '--json'], { cwd: root, encoding: 'utf8' }),
)
const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`
/** The sizes this package aims at, requests included: the hook at or under 6.0 kB, the core at or under 4.5 kB. */
const GOALS = { hook: 6000, core: 4500, tabs: 1500 }
const versus = (size, goal) => (size > goal ? `missed by ${kB(size - goal)}` : 'met')

const section = `${START}
<!-- Written by \`npm run size:docs\` from \`size-limit --json\`: edit scripts/size-report.mjs, not this. -->

| import | min+gzip | budget (\`npm run size\` fails above it) |
| --- | --- | --- |
| \`import { useGlock } from 'react-glock'\`, use-sync-external-store included | ${kB(hook.size)} | ${kB(hook.sizeLimit)} |
| \`import { connect } from 'react-glock/core'\` | ${kB(core.size)} | ${kB(core.sizeLimit)} |
| \`import { json } from 'react-glock/core'\` on its own (nothing for apps that do not import it) | ${kB(json.size)} | ${kB(json.sizeLimit)} |
| \`import { createMockServer, matchers, resetGlock } from 'react-glock/testing'\`, the testing kit (tests only; the hook's figure above does not change with it) | ${kB(testing.size)} | ${kB(testing.sizeLimit)} |
| \`import { connectAcrossTabs } from 'react-glock/tabs'\` on its own, react-glock/core left out (nothing for apps that do not import it) | ${kB(tabs.size)} | ${kB(tabs.sizeLimit)} |
| use-sync-external-store/with-selector alone, measured the same way | ${kB(dependency.size)} | — |

The package aims at ${kB(GOALS.hook)} for the hook and ${kB(GOALS.core)} for the core, with requests: the hook's aim is ${versus(hook.size, GOALS.hook)}, the core's ${versus(core.size, GOALS.core)}; \`react-glock/tabs\` aims at ${kB(GOALS.tabs)}, ${versus(tabs.size, GOALS.tabs)}; \`npm run size:parts\` shows what each part of the core weighs. Of the ${kB(hook.size)}, ${kB(dependency.size)} is use-sync-external-store with the CommonJS interop esbuild wraps around it (the package ships CommonJS only); the rest is the core — ${kB(core.size)} on its own, with the run-to-completion state machine, the reconnect policy, heartbeat, queue, network and sleep awareness and batching — and the hook's registry and definitions. \`defineSocket\` itself adds nothing to an app that does not import it. Long error messages and option checks are development-only and cost nothing in production.
${END}`

const readme = readFileSync(new URL('README.md', root), 'utf8')
const start = readme.indexOf(START)
const end = readme.indexOf(END)
if (start < 0 || end < 0) throw new Error(`README.md has no ${START} … ${END} section`)
writeFileSync(new URL('README.md', root), readme.slice(0, start) + section + readme.slice(end + END.length))
console.log(`README.md: hook ${kB(hook.size)}, core ${kB(core.size)}, use-sync-external-store ${kB(dependency.size)}`)

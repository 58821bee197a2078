import type { Reporter, TestModule } from 'vitest/node'

/** Ends the run with a plain `N passed, N failed` line, the form CI logs are read for. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0
    let failed = 0
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
      }
    }
    console.log(`\n${passed} passed, ${failed} failed`)
  }
}

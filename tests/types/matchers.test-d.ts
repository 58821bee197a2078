// The matchers' declarations, for both runners: Vitest's expect (react-glock/testing/vitest) and Jest's, from
// @jest/globals (react-glock/testing/jest augments the `expect` module it uses).
import { expect as jestExpect } from '@jest/globals'
import { expect as vitestExpect, test } from 'vitest'
import type {} from 'react-glock/testing/jest'
import type {} from 'react-glock/testing/vitest'
import { createMockServer } from 'react-glock/testing'

test('toHaveReceived and toHaveReceivedTimes are declared for Vitest and for Jest', () => {
  const server = createMockServer()
  vitestExpect(server).toHaveReceived({ type: 'say' })
  vitestExpect(server).not.toHaveReceivedTimes(2)
  jestExpect(server).toHaveReceived('text')
  jestExpect(server.clients[0]).toHaveReceivedTimes(1)
  // @ts-expect-error a count is a number
  vitestExpect(server).toHaveReceivedTimes('2')
  // @ts-expect-error a count is a number
  jestExpect(server).toHaveReceivedTimes('2')
  // @ts-expect-error no such matcher
  jestExpect(server).toHaveReceivedNothing()
})

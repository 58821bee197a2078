// The kit's tests use the runner's globals (describe, test, expect, …), as apps with Vitest's `globals: true` or
// with Jest do: Vitest's declarations of them, which Jest's match for everything these tests call. The matchers'
// types come in as an app's setup file brings them.
/// <reference types="vitest/globals" />
import type {} from 'react-glock/testing/vitest'

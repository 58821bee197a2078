import { configure } from '@testing-library/dom'

// findBy… and waitFor wait for a real socket to a real server: 1 s (the default) is too short when the machine is
// busy (CI runs Chromium, Next.js and Storybook beside it). A longer limit only matters when a test would fail anyway.
configure({ asyncUtilTimeout: 5_000 })

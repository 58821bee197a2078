import type { NextConfig } from 'next'

const config: NextConfig = {
  reactStrictMode: true,
  // The repo root has its own lockfile: pin the workspace root here so Next does not guess.
  turbopack: { root: import.meta.dirname },
}

export default config

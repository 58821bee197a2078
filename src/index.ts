'use client'
export { useGlock, type GlockOptions, type GlockResult } from './useGlock'
export * from 'react-glock/core'

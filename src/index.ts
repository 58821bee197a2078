'use client'
export { useGlock, type GlockOptions, type GlockResult, type UseSocketOptions } from './useGlock'
export * from 'react-glock/core'

import { fileURLToPath } from 'node:url'
import type { StorybookConfig } from '@storybook/react-vite'
import { mergeConfig } from 'vite'

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  framework: {
    name: '@storybook/react-vite',
    // StrictMode mounts, unmounts and mounts again in development: the stories show one socket survives it.
    options: { strictMode: true },
  },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // No onboarding checklist: neither the sidebar widget nor the "Onboarding guide" page in the settings menu.
  // Both show only in `storybook dev`; e2e/storybook/storybook.test.mjs checks that a dev server has neither.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  async viteFinal(vite) {
    return mergeConfig(vite, {
      resolve: {
        // The stories import the package by name, as users do; these point the names at the source.
        alias: [
          { find: /^react-glock\/core$/, replacement: src('core/index.ts') },
          { find: /^react-glock\/tabs$/, replacement: src('tabs/index.ts') },
          { find: /^react-glock$/, replacement: src('index.ts') },
        ],
      },
      build: {
        rolldownOptions: {
          onwarn(warning: { code?: string }, warn: (warning: { code?: string }) => void) {
            // 'use client' marks the package's React entry for server-component bundlers; a client-only bundle may drop it.
            if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
            warn(warning)
          },
        },
      },
    })
  },
}

export default config

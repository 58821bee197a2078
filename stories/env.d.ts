// What Storybook's Vite builder puts on import.meta.env for the stories (variables prefixed STORYBOOK_).
interface ImportMetaEnv {
  /** The demo server's address for the "demo server" backend, e.g. ws://127.0.0.1:9000. */
  readonly STORYBOOK_GLOCK_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}

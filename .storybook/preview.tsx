import type { Preview } from '@storybook/react-vite'
import { BackendProvider, type BackendKind } from '../stories/backend/Backend'

const preview: Preview = {
  globalTypes: {
    backend: {
      description: 'Which WebSocket server the stories talk to',
      toolbar: {
        title: 'Backend',
        icon: 'transfer',
        dynamicTitle: true,
        items: [
          { value: 'mock', title: 'In-browser mock', right: 'no server needed' },
          { value: 'real', title: 'Demo server', right: 'npm start' },
        ],
      },
    },
  },
  initialGlobals: { backend: 'mock' },
  decorators: [
    (Story, context) => {
      const kind: BackendKind = context.globals.backend === 'real' ? 'real' : 'mock'
      // A new key remounts the story, so its sockets and local state start over on the other backend.
      return (
        <BackendProvider key={kind} kind={kind}>
          <Story />
        </BackendProvider>
      )
    },
  ],
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    options: {
      storySort: {
        order: [
          'Demos',
          [
            'Echo',
            'Counter',
            'Chat',
            'Live ticker',
            'Reconnect playground',
            'Binary',
            'Server close',
            'Requests',
            'Across tabs',
          ],
        ],
      },
    },
  },
}

export default preview

import type { WebSocketConstructor } from 'react-glock/core'

/** A WebSocket double driven by hand, synchronously: `open()`, `receive()`, `serverClose()`. */
export class FakeSocket {
  static made: FakeSocket[] = []
  readyState = 0
  protocol = ''
  extensions = ''
  binaryType = 'blob'
  bufferedAmount = 0
  sent: unknown[] = []
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeSocket.made.push(this)
  }

  send(data: unknown) {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open')
    this.sent.push(data)
  }

  close(code = 1000, reason = '') {
    if (this.readyState >= 2) return
    this.readyState = 2
    this.closeRequest = { code, reason }
  }

  closeRequest: { code: number; reason: string } | null = null

  open() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  receive(data: unknown) {
    this.onmessage?.({ data })
  }

  serverClose(code = 1000, reason = '', wasClean = true) {
    this.readyState = 3
    this.onclose?.({ code, reason, wasClean })
  }

  static get last(): FakeSocket {
    return FakeSocket.made[FakeSocket.made.length - 1]!
  }

  static reset() {
    FakeSocket.made = []
  }
}

export const FakeWebSocket = FakeSocket as unknown as WebSocketConstructor

// Types for demo/protocol.mjs, which the stories import from TypeScript.

export declare const DEFAULT_PORT: number
export declare const DEFAULT_GREETING_INTERVAL: number
export declare const DEFAULT_TICK_INTERVAL: number
export declare const SYMBOLS: readonly string[]
export declare const MAX_SLOW_DELAY: number

export type Room = 'echo' | 'chat' | 'ticker' | 'tabs'
export declare function roomOf(path: string): Room
/** Why a server cannot close with this code and reason, or null when it can. */
export declare function closeCodeProblem(code: unknown, reason: unknown): string | null

/** One connection as the transport sees it. */
export interface Peer {
  path: string
  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void
  close(code: number, reason: string): void
  /** Ends the connection without a close frame (the client sees 1006). */
  terminate(): void
}

export interface Session {
  receive(data: string | ArrayBuffer | ArrayBufferView | Blob): void
  leave(): void
}

export interface HubStatus {
  clients: number
  rooms: Record<Room, number>
  refusing: boolean
  refusingFor: number
}

export interface Hub {
  join(peer: Peer): Session
  accepts(): boolean
  drop(): number
  refuse(ms: number): number
  restart(ms: number): number
  status(): HubStatus
  dispose(): void
}

export interface HubOptions {
  greetingInterval?: number
  tickInterval?: number
  random?: () => number
  now?: () => number
}

export declare function createHub(options?: HubOptions): Hub

// Messages the hub sends, as parsed JSON.
export interface Greeting {
  type: 'greeting'
  text: string
  n: number
  at: number
}
export interface Quote {
  price: number
  change: number
  updates: number
}
export interface Tick extends Quote {
  type: 'tick'
  symbol: string
  at: number
}
export interface Prices {
  type: 'prices'
  prices: Record<string, Quote>
  at: number
}
export interface ChatMessage {
  type: 'chat'
  id: number
  from: string
  text: string
  at: number
}
export interface History {
  type: 'history'
  messages: ChatMessage[]
}
export interface Presence {
  type: 'presence'
  clients: number
}
export interface ServerError {
  type: 'error'
  message: string
}
/** A request the hub answers with an RpcReply ("never" excepted). */
export type RpcRequest =
  | { type: 'rpc'; id: number; method: 'add'; params: number[] }
  | { type: 'rpc'; id: number; method: 'slow'; params: { delay: number; value?: unknown } }
  | { type: 'rpc'; id: number; method: 'never'; params?: unknown }
export interface RpcError {
  code: 'invalid_params' | 'unknown_method'
  message: string
}
export type RpcReply =
  { type: 'rpc-reply'; id: number | null; result: unknown } | { type: 'rpc-reply'; id: number | null; error: RpcError }
export type ServerMessage = Greeting | Tick | Prices | ChatMessage | History | Presence | ServerError | RpcReply

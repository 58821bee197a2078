// The parts of React Native's packages that README.md's React Native example uses, with the shapes their own
// type declarations give them, so that example is type-checked without installing React Native here.

declare module 'react-native' {
  export type AppStateStatus = 'active' | 'background' | 'inactive' | 'unknown' | 'extension'
  export const AppState: {
    currentState: AppStateStatus
    addEventListener(type: 'change', listener: (state: AppStateStatus) => void): { remove(): void }
  }
}

declare module '@react-native-community/netinfo' {
  export interface NetInfoState {
    isConnected: boolean | null
    isInternetReachable: boolean | null
  }
  const NetInfo: {
    addEventListener(listener: (state: NetInfoState) => void): () => void
    fetch(): Promise<NetInfoState>
  }
  export default NetInfo
}

import { connect } from 'react-glock/core'

/** One connection per key across the tabs of an origin (work in progress: connects as `connect` for now). */
export const connectAcrossTabs: typeof connect = connect

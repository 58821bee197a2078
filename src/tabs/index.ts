export { connectAcrossTabs } from './connectAcrossTabs'

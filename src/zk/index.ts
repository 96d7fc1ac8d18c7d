export type {
  CreateMode, DriverOptions, DriverSessionEvent, DriverWatcher, DriverWatchEvent, NativeLogLevel,
  RawAcl, RawStat, WatchEventType, ZkDriver,
} from './driver.js';
export { NativeZkDriver } from './native-driver.js';
export { ReturnCode, errorFromReturnCode } from './return-codes.js';

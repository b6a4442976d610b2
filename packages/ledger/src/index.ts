export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadOptions,
  RecordedEvent,
} from './port.js';
export {
  isStreamNotFoundError,
  isWrongExpectedRevisionError,
  orgStreamName,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from './port.js';

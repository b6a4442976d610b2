export {
  applyPrediction,
  countsOfModel,
  createLedgerModel,
  type LedgerModel,
  type ModelArchive,
  type ModelCounts,
  type ModelDevice,
  type Prediction,
  predict,
} from './reference-model.js';
export {
  type LedgerModelOptions,
  type LedgerModelSetup,
  type LedgerReal,
  ledgerModelCommands,
  ledgerModelProperty,
  runLedgerModel,
} from './run-ledger-model.js';

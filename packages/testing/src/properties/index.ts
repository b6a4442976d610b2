export { canonicalJson } from './canonical-json.js';
export { type ChainVerdict, exportChainLines, GENESIS_CHAIN, verifyChainLines } from './export-chain.js';
export {
  asKnownAtReproductionProperty,
  domainInvoices,
  type ExportChainOptions,
  exportVerifyDetectsChangeProperty,
  type FoldSplitOptions,
  foldSplitAssociativityProperty,
  type InstallmentsSumOptions,
  type InvoicesFn,
  installmentsSumProperty,
  invoiceDeterminismProperty,
  type LogPropertyOptions,
  overageNeverAboveTermPriceProperty,
} from './properties.js';

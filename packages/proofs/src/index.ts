// The public API of @tally/proofs: RFC 9162 Merkle trees and proofs over a sealed export's
// events, signed checkpoints (C2SP signed notes, Ed25519), and one-invoice proof bundles, for
// tally's commands and for an auditor's own program. See docs/proofs.md.

export type { BundleHeader, VerifiedBundle, VerifyBundleOptions } from './bundle.js';
export {
  BUNDLE_FORMAT,
  bundleHeaderLine,
  parseBundleHeader,
  verifyBundle,
  verifyBundleFile,
} from './bundle.js';
export type { Checkpoint, NoteSignature, ParsedCheckpoint } from './checkpoint.js';
export {
  checkpointText,
  orgIdOfOrigin,
  originOf,
  originProblem,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint.js';
export type { ConsistencyProofFile } from './consistency-file.js';
export { CONSISTENCY_FORMAT, consistencyProofText, parseConsistencyProof } from './consistency-file.js';
export { OrgEventLog } from './event-log.js';
export type { ExportLineVisitor } from './export-bytes.js';
export {
  ExportBytesError,
  ExportLineSplitter,
  forEachExportLine,
  forEachExportLineOf,
} from './export-bytes.js';
export type { ExportScan, IssuedInvoiceLine, ScanOptions } from './export-scan.js';
export { scanExport } from './export-scan.js';
export type { Hash } from './hash.js';
export { EMPTY_TREE_HEAD, HASH_BYTES, isHash, leafHash, nodeHash } from './hash.js';
export type { KeyPairPem } from './keys.js';
export { generateSigningKeyPair, keyId, rawPublicKey, readPrivateKey, readPublicKey } from './keys.js';
export type { LeafHashes } from './leaf-hashes.js';
export { LeafHashList, leafHashList } from './leaf-hashes.js';
export { manifestDifferenceText, manifestNote, verifierManifest } from './manifest-note.js';
export {
  consistencyProof,
  inclusionProof,
  splitPoint,
  subtreeHash,
  verifyConsistency,
  verifyInclusion,
} from './proofs.js';
export type { InvoiceChoice, ProvingNames, ProvingVerdict, ScannedExport } from './proving.js';
export {
  bundleHeaderFor,
  checkConsistency,
  checkpointOfExport,
  checkpointsInOrder,
  chooseIssuedInvoice,
  consistencyProofBetween,
  holdToCheckpoint,
} from './proving.js';
export { type IssuedContext, reproduceIssuedInvoice } from './replay.js';
export type { SealedEventLine, SealedLine, SealedLineCheck } from './seal.js';
export {
  CHAIN_PATTERN,
  checkSealedLine,
  GENESIS_CHAIN,
  nextChain,
  sealCanonical,
  sealedLineOf,
} from './seal.js';
export { sealEvent } from './seal-event.js';
export { SEAL_THREAD_MIN_BYTES } from './seal-thread.js';
export type { SealedBytesWriter } from './sealing-thread.js';
export { SealingThread } from './sealing-thread.js';
export { TreeBuilder, treeHead } from './tree.js';
export type { Verdict } from './verdict.js';
export type { SignedHead, VerifiedExport, VerifyExportOptions } from './verify-export.js';
export { verifyExport } from './verify-export.js';
export { lineProblem } from './where.js';

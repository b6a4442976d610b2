// RFC 8785 canonical JSON, the text the export chain hashes: @tally/domain owns it, so the kit's
// chain and the CLI's seal are one rule, not two copies.
export { canonicalJson } from '@tally/domain';

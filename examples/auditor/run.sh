#!/usr/bin/env bash
# An auditor's session over examples/auditor/history.jsonl: one invoice, the year's invoices,
# the counts behind a tally (explained), a sealed export, its verification, signed checkpoints
# of an early and the full export, the consistency proof between them, a one-invoice proof bundle
# checked from the bundle alone, and the HTML report.
# Usage: examples/auditor/run.sh [OUTPUT_DIRECTORY]   (default: a new temporary directory)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
history=examples/auditor/history.jsonl
known=2026-12-31T00:00:00Z
tally() { pnpm --silent tally "$@"; }

echo "== invoice 2026-06-15, as known before and after the backdated correction"
tally invoice --events "$history" --org chemistry --date 2026-06-15 --as-known-at 2026-05-19T00:00:00Z --format text
tally invoice --events "$history" --org chemistry --date 2026-06-15 --as-known-at 2026-05-21T00:00:00Z --format text

echo "== the year's invoices"
tally invoices --events "$history" --org chemistry --from 2026-01-01 --to 2026-12-31 --as-known-at "$known" --format text
tally invoices --events "$history" --org chemistry --from 2026-01-01 --to 2026-12-31 --as-known-at "$known" \
  > "$out/invoices.jsonl"
echo "wrote $out/invoices.jsonl ($(wc -l < "$out/invoices.jsonl") invoices)"

echo "== counts at the August tally, explained"
tally counts --events "$history" --org chemistry --at 2026-08-15T07:00:00Z --explain > "$out/counts-2026-08-15.json"
tally counts --events "$history" --org chemistry --at 2026-08-15T07:00:00Z

echo "== sealed export, then verify"
tally export --events "$history" --org chemistry --out "$out/chemistry.sealed.jsonl"
tally verify "$out/chemistry.sealed.jsonl"

echo "== signed checkpoints: June (the first 30 events), then December"
rm -f "$out/auditor.key" "$out/auditor.pub"
tally keygen --out "$out/auditor"
head -n 30 "$history" > "$out/june.jsonl"
tally export "$out/june.jsonl" --org chemistry --out "$out/june.sealed.jsonl"
tally checkpoint "$out/june.sealed.jsonl" --key "$out/auditor.key" --out "$out/june.checkpoint"
tally checkpoint "$out/chemistry.sealed.jsonl" --key "$out/auditor.key" --out "$out/chemistry.checkpoint"
tally verify "$out/chemistry.sealed.jsonl" --checkpoint "$out/chemistry.checkpoint" \
  --checkpoint "$out/june.checkpoint" --public-key "$out/auditor.pub"

echo "== the December log only extends the June one"
tally prove-consistency "$out/chemistry.sealed.jsonl" --old "$out/june.checkpoint" \
  --new "$out/chemistry.checkpoint" --out "$out/june-to-december.proof"
tally verify --checkpoint "$out/june.checkpoint" --checkpoint "$out/chemistry.checkpoint" \
  --proof "$out/june-to-december.proof" --public-key "$out/auditor.pub"

echo "== one invoice, proven from its bundle alone"
tally prove "$out/chemistry.sealed.jsonl" --date 2026-09-15 --checkpoint "$out/chemistry.checkpoint" \
  --out "$out/september.bundle"
tally verify-bundle "$out/september.bundle" --public-key "$out/auditor.pub"

echo "== a truncated export is refused by the checkpoint"
head -n 50 "$out/chemistry.sealed.jsonl" > "$out/truncated.jsonl"
if tally verify "$out/truncated.jsonl" --checkpoint "$out/chemistry.checkpoint" --public-key "$out/auditor.pub"; then
  echo "the truncated export verified" >&2
  exit 1
fi

echo "== HTML report"
set +e
report_error="$(tally report --events "$history" --org chemistry --from 2026-01-01 --to 2026-12-31 \
  --as-known-at "$known" --out "$out/report.html" 2>&1 >/dev/null)"
report_status=$?
set -e
if [[ $report_status -eq 0 ]]; then
  echo "wrote $out/report.html"
elif [[ "$report_error" == *"not available"* ]]; then
  echo "skipped: $report_error"
else
  echo "$report_error" >&2
  exit "$report_status"
fi

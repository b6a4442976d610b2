// The page's only stylesheet, inlined: the report must open offline, from a file, anywhere.
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: #111827;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { margin: 0; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
header .kicker { margin: 0 0 4px; color: #6b7280; font-size: 12px; text-transform: uppercase; letter-spacing: 0.08em; }
header .plan { margin: 4px 0 0; font-size: 16px; color: #374151; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 16px 0 0; }
dl.facts dt { color: #6b7280; }
dl.facts dd { margin: 0; }
ul.details { margin: 10px 0 0; padding-left: 18px; color: #374151; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0; padding: 0; list-style: none; }
.figures li { flex: 1 1 150px; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 14px; }
.figures .value { display: block; font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.figures .label { color: #6b7280; font-size: 12px; }
section { margin-top: 24px; }
h2 { font-size: 17px; margin: 0 0 10px; }
figure { margin: 0; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #4b5563; font-size: 13px; padding: 6px 8px 2px; }
svg text { font-family: inherit; fill: #374151; }
svg .tick { font-size: 11px; fill: #4b5563; }
svg .axis-title { font-size: 12px; fill: #6b7280; }
svg .legend-label { font-size: 12px; fill: #1f2937; }
svg .tally-value { font-size: 11px; font-weight: 650; fill: #111827; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
table.invoices { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #e5e7eb; font-size: 13px; }
table.invoices th, table.invoices td { padding: 6px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #f0f1f3; }
table.invoices thead th { white-space: nowrap; background: #f3f4f6; color: #374151; font-weight: 600; border-bottom: 1px solid #e5e7eb; }
table.invoices tbody.invoice { border-top: 2px solid #e5e7eb; }
table.invoices th.date { font-weight: 600; white-space: nowrap; }
table.invoices .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.invoices .period, table.invoices .instant { white-space: nowrap; color: #4b5563; font-variant-numeric: tabular-nums; }
table.invoices tr.invoice-total td { font-weight: 600; background: #fafafa; }
table.invoices tr.empty-invoice td { background: #fff; font-weight: 400; }
table.invoices tr.empty-invoice td.num { color: #6b7280; }
table.invoices tfoot th, table.invoices tfoot td { font-size: 14px; font-weight: 700; background: #f3f4f6; border-top: 2px solid #d1d5db; }
.kind { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; background: #e5e7eb; }
.kind-overage { background: #fde68a; }
.kind-term { background: #dbeafe; }
.kind-minimum { background: #fee2e2; }
.no-lines, .none, .empty { color: #6b7280; font-style: italic; }
footer { margin-top: 28px; color: #6b7280; font-size: 12px; }
@media print { body { background: #fff; } figure, .figures li, table.invoices { border-color: #ccc; } }
`;

// The dashboard page: self-contained (its style and script inline, nothing fetched but its own
// server's /events), a table of orgs whose rows the server-sent events replace as they change,
// each org's report one click away.
const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2433; }
h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
#status { color: #5b6472; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid #e3e6eb; text-align: right; white-space: nowrap; }
th:first-child, td:first-child, td.text { text-align: left; }
thead th { background: #f4f6f9; position: sticky; top: 0; }
td.problem { color: #a40e26; white-space: normal; text-align: left; }
td.note { color: #5b6472; white-space: normal; text-align: left; }
`;

const SCRIPT = `
const body = document.getElementById('rows');
const status = document.getElementById('status');
const rows = new Map();
const text = (value) => (value === null || value === undefined ? '' : String(value));
function cell(tr, value, className) {
  const td = document.createElement('td');
  td.textContent = text(value);
  if (className) td.className = className;
  tr.appendChild(td);
}
function render(row) {
  const tr = document.createElement('tr');
  tr.dataset.org = row.orgId;
  const first = document.createElement('td');
  const link = document.createElement('a');
  link.href = 'report?org=' + encodeURIComponent(row.orgId);
  link.textContent = row.orgId;
  first.appendChild(link);
  tr.appendChild(first);
  cell(tr, row.name, 'text');
  cell(tr, row.model, 'text');
  cell(tr, row.activeDevices);
  cell(tr, row.billableDevices);
  cell(tr, row.licensesInUse);
  cell(tr, row.nextBillingDate, 'text');
  cell(tr, row.nextTallyAt, 'text');
  cell(tr, row.billableAtNextTally);
  cell(tr, row.licensesAtNextTally);
  cell(tr, row.allocation);
  cell(tr, row.allocationLeft);
  cell(tr, row.nextInvoiceTotal);
  cell(tr, row.events);
  cell(tr, row.problem || row.note, row.problem ? 'problem' : 'note');
  return tr;
}
function put(row) {
  const next = render(row);
  const previous = rows.get(row.orgId);
  rows.set(row.orgId, next);
  if (previous) { previous.replaceWith(next); return; }
  const after = [...rows.keys()].sort().find((id) => id > row.orgId && rows.get(id).isConnected);
  body.insertBefore(next, after === undefined ? null : rows.get(after));
}
const source = new EventSource('events');
source.addEventListener('rows', (message) => {
  const update = JSON.parse(message.data);
  for (const row of update.rows) put(row);
  status.textContent = (update.caughtUp ? 'live' : 'catching up') + ': ' + update.events + ' events, checkpoint ' + update.checkpoint;
});
source.onerror = () => { status.textContent = 'reconnecting...'; };
`;

export function dashboardPage(title: string): string {
  const heads = [
    'org',
    'name',
    'model',
    'active devices',
    'billable devices',
    'licenses in use',
    'next billing date',
    'next tally',
    'billable at tally',
    'licenses at tally',
    'allocation',
    'allocation left',
    'next invoice',
    'events',
    'note',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p id="status">connecting...</p>
<table>
<thead><tr>${heads.map((head) => `<th>${head}</th>`).join('')}</tr></thead>
<tbody id="rows"></tbody>
</table>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

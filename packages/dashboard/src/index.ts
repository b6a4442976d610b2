// The public API of @tally/dashboard: the live dashboard `tally serve` runs, for a billing team
// to embed in its own service. `startDashboard` serves a page whose rows follow a live
// projection (docs/live.md); `rowOf` and `rowsOf` give the rows it shows.
export { type DashboardRow, rowOf, rowsOf } from './rows.js';
export { type Dashboard, type DashboardOptions, startDashboard } from './server.js';

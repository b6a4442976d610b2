// The dashboard's HTTP server (node:http, no framework): the page at /, the live rows as
// server-sent events at /events (every row once on connect, then the rows a snapshot changed,
// at most one message per `pushMs`), the rows as JSON at /orgs.json, and an org's report at
// /report?org=ID. Anything else is a 4xx with a one-line message. It binds 127.0.0.1 unless
// told otherwise.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Instant } from '@tally/domain';
import { type EventStore, type LiveProjection, type LiveSnapshot, loadOrgEventsOrNone } from '@tally/ledger';
import { buildReport } from '@tally/report';
import { dashboardPage } from './page.js';
import { type DashboardRow, rowOf, rowsOf } from './rows.js';

export interface DashboardOptions {
  readonly store: EventStore;
  readonly projection: LiveProjection;
  /** `asKnownAt` of the reports; the projection's clock. */
  readonly clock: () => Instant;
  readonly port?: number;
  /** Default 127.0.0.1: a dashboard of billing figures is not for the network unless asked. */
  readonly host?: string;
  readonly title?: string;
  /** Changes are gathered this long before they are sent; default 100 ms. */
  readonly pushMs?: number;
}

export interface Dashboard {
  /** `http://HOST:PORT/` */
  readonly url: string;
  close(): Promise<void>;
}

const ORG_ID = /^[\w.:@-]{1,200}$/;

function reply(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
const refuse = (response: ServerResponse, status: number, message: string) =>
  reply(response, status, 'text/plain; charset=utf-8', `${message}\n`);

const update = (snapshot: LiveSnapshot, rows: readonly DashboardRow[]) =>
  JSON.stringify({
    caughtUp: snapshot.caughtUp,
    events: snapshot.events,
    checkpoint: snapshot.checkpoint === undefined ? null : snapshot.checkpoint.toString(),
    rows,
  });

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { store, projection, clock } = options;
  const pushMs = options.pushMs ?? 100;
  const page = dashboardPage(options.title ?? 'Tally: live billing figures');
  const clients = new Set<ServerResponse>();

  // Snapshots are immutable and share unchanged orgs: an org whose figures object is not the
  // one last sent has changed.
  let sent = projection.current();
  let timer: NodeJS.Timeout | undefined;
  const push = () => {
    timer = undefined;
    const next = projection.current();
    const changed = Object.values(next.orgs).filter((org) => sent.orgs[org.orgId] !== org);
    sent = next;
    const message = `event: rows\ndata: ${update(next, changed.map(rowOf))}\n\n`;
    for (const client of clients) client.write(message);
  };
  const unsubscribe = projection.onChange(() => {
    timer ??= setTimeout(push, pushMs);
  });

  const serveEvents = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const snapshot = projection.current();
    response.write(`retry: 1000\nevent: rows\ndata: ${update(snapshot, rowsOf(snapshot))}\n\n`);
    clients.add(response);
    request.on('close', () => clients.delete(response));
  };

  const serveReport = async (url: URL, response: ServerResponse) => {
    const orgId = url.searchParams.get('org');
    if (orgId === null || !ORG_ID.test(orgId)) {
      refuse(response, 400, 'report: give the organization as ?org=ID (letters, digits and . : @ _ -)');
      return;
    }
    const org = projection.current().orgs[orgId];
    if (org === undefined) {
      refuse(response, 404, `report: no organization "${orgId}" in the store`);
      return;
    }
    const asKnownAt = clock();
    // By default from the first of January of last year (UTC) to the next billing date.
    const today = asKnownAt.slice(0, 10);
    const from = url.searchParams.get('from') ?? `${Number(today.slice(0, 4)) - 1}-01-01`;
    const to = url.searchParams.get('to') ?? org.nextBillingDate ?? today;
    const built = await buildReport(loadOrgEventsOrNone(store, orgId), { orgId, from, to, asKnownAt });
    if (built._tag === 'Left') {
      refuse(response, 400, `report of ${orgId} from ${from} to ${to}: ${built.left.message}`);
      return;
    }
    reply(response, 200, 'text/html; charset=utf-8', built.right);
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      refuse(response, 405, `${request.method} is not served here: the dashboard only reads`);
      return;
    }
    switch (url.pathname) {
      case '/':
        reply(response, 200, 'text/html; charset=utf-8', page);
        return;
      case '/events':
        serveEvents(request, response);
        return;
      case '/orgs.json':
        reply(response, 200, 'application/json', `${JSON.stringify(rowsOf(projection.current()))}\n`);
        return;
      case '/report':
        serveReport(url, response).catch((error: unknown) => {
          if (!response.headersSent) refuse(response, 500, `report failed: ${String(error)}`);
          else response.end();
        });
        return;
      default:
        refuse(
          response,
          404,
          `${url.pathname} is not here: the dashboard is at /, the report at /report?org=ID`,
        );
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/`,
    close: async () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

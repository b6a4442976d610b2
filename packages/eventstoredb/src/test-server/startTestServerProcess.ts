// The test server in a child process: a real node runs on cores of its own, so what a client
// measures against it must not share the client's event loop (docs/performance.md, "Live (cases
// 13 and 14, 2026-12-02)"). Tests that need the server's hooks (dropSubscriptions, calls) use
// startTestServer in-process.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TestServerProcessOptions {
  /** As TestServerOptions.batchAppend; default true. */
  readonly batchAppend?: boolean;
  /** Node flags for the child (`--cpu-prof`, say). */
  readonly execArgv?: readonly string[];
  /** How long the child may take to listen before it is killed and the start fails; default 30 s. */
  readonly startTimeoutMs?: number;
}

export interface TestServerProcess {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  /** The child's process id. */
  readonly pid: number;
  /** Rejects when the child exits without stop() having been called (a crash); never settles
   * otherwise. Race work against it, so that a client waiting on a dead server is not hung on. */
  readonly crashed: Promise<never>;
  /** Stops the server and waits for the process to exit; rejects as `crashed` if it had crashed.
   * Dispose every client first. */
  stop(): Promise<void>;
}

/** What the child printed last on its standard error, kept for the failure's message. */
const STDERR_KEPT = 4_000;

/** The entry next to this module: serve.js from the build, serve.ts from the sources (tests run
 * those through tsx, which the child then needs too). */
const entry = (): { readonly file: string; readonly loader: readonly string[] } => {
  const typescript = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(typescript ? './serve.ts' : './serve.js', import.meta.url));
  return { file, loader: typescript ? ['--import', 'tsx'] : [] };
};

const describeExit = (code: number | null, signal: NodeJS.Signals | null): string =>
  signal !== null ? `signal ${signal}` : `code ${code}`;

export const startTestServerProcess = async (
  options: TestServerProcessOptions = {},
): Promise<TestServerProcess> => {
  const { file, loader } = entry();
  const args = [...loader, ...(options.execArgv ?? []), file];
  if (options.batchAppend === false) args.push('--no-batch-append');
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  const failure = (what: string) =>
    new Error(
      `the test server process (pid ${child.pid}) ${what}${stderr === '' ? '' : `: ${stderr.trim()}`}`,
    );

  let stopping = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // `close`, not `exit`: by then the child's last words on stderr have been read.
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  // A spawn that failed ends in the start's rejection below; writing to a dead child's stdin
  // fails with EPIPE, which its exit already reports.
  child.on('error', () => {});
  child.stdin?.on('error', () => {});

  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  let timer: NodeJS.Timeout | undefined;
  try {
    const connectionString = await new Promise<string>((resolve, reject) => {
      child.once('error', (error) => reject(failure(`did not start: ${error.message}`)));
      void exit.then(({ code, signal }) =>
        reject(failure(`exited before listening (${describeExit(code, signal)})`)),
      );
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(failure(`did not listen within ${options.startTimeoutMs ?? 30_000} ms`));
      }, options.startTimeoutMs ?? 30_000);
      lines.once('line', (line) => {
        let value: unknown;
        try {
          value = Reflect.get(Object(JSON.parse(line)), 'connectionString');
        } catch {
          value = undefined;
        }
        if (typeof value === 'string') resolve(value);
        else reject(failure(`printed ${JSON.stringify(line)}, not its connection string`));
      });
    });
    lines.close();
    child.stdout?.resume();
    // After stop() the exit is expected: `crashed` then never settles.
    const crashed = exit.then(
      ({ code, signal }): Promise<never> =>
        stopping
          ? new Promise<never>(() => {})
          : Promise.reject(failure(`exited on its own (${describeExit(code, signal)})`)),
    );
    // Seen here, so a crash nobody races against is not an unhandled rejection.
    crashed.catch(() => {});
    let stopped: Promise<void> | undefined;
    return {
      connectionString,
      pid: child.pid as number,
      crashed,
      stop: () => {
        stopped ??= (async () => {
          if (child.exitCode !== null || child.signalCode !== null) await crashed;
          stopping = true;
          child.stdin?.end();
          const { code, signal } = await exit;
          if (code !== 0) throw failure(`failed to stop (${describeExit(code, signal)})`);
        })();
        return stopped;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
};

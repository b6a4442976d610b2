// The test server as a process of its own, as a real node is: `node serve.js [--no-batch-append]`
// prints one JSON line, `{"connectionString": "esdb://..."}`, once it listens, and stops when its
// standard input closes (the parent went away) or on SIGTERM. startTestServerProcess spawns it.
import { startTestServer } from './startTestServer.js';

const server = await startTestServer({ batchAppend: !process.argv.includes('--no-batch-append') });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  // No process.exit: a --cpu-prof run writes its profile only at a normal exit, once the loop drains.
  process.stdin.destroy();
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ connectionString: server.connectionString })}\n`);

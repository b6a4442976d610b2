// The in-process EventStoreDB test server of @tally/eventstoredb, left running, for trying
// `tally import` and `tally ... --esdb` without a real EventStoreDB or KurrentDB node:
//
//   npx tsx examples/eventstoredb/test-server.ts          # listens on 127.0.0.1:2113
//   npx tsx examples/eventstoredb/test-server.ts 0        # any free port
//
// It prints its connection string (esdb://127.0.0.1:PORT?tls=false) and serves until it is
// stopped (Ctrl-C or SIGTERM). Its streams live in memory: they are gone when it stops.
import { startTestServer } from '@tally/eventstoredb/test-server';

const argument = process.argv[2] ?? '2113';
const port = Number(argument);
if (!/^[0-9]+$/.test(argument) || port > 65_535) {
  console.error(`usage: test-server.ts [PORT]: "${argument}" is not a port`);
  process.exit(2);
}

const server = await startTestServer({ batchAppend: true, port });
console.log(server.connectionString);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

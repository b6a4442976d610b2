import { startTestServer } from './src/test-server/index.js';
const server = await startTestServer({ batchAppend: true });
console.log(server.connectionString);
setTimeout(() => server.stop(), 40_000);

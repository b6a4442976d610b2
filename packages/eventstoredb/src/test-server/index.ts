export type { TestServer, TestServerOptions } from './startTestServer.js';
export { startTestServer } from './startTestServer.js';
export type { TestServerProcess, TestServerProcessOptions } from './startTestServerProcess.js';
export { startTestServerProcess } from './startTestServerProcess.js';
export type { CallCounts } from './streamsService.js';

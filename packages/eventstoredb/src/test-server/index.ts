export type { TestServer, TestServerOptions } from './startTestServer.js';
export { startTestServer } from './startTestServer.js';
export type { CallCounts } from './streamsService.js';

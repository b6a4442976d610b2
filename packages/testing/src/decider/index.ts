export { type ExpectedEvent, given, type Then, type When } from './given.js';

// Each recipe family adds one line here: export * from './<family>/index.js';
export {};
export * from './discovery/index.js';
export * from './locks/index.js';
export * from './cache/index.js';
export * from './config/index.js';
export * from './barriers/index.js';
export * from './leader/index.js';

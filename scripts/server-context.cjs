// Preloaded (`--require`) by the processes that run Herald's server code outside Next.js: the unit
// test runner, the worker and the scripts. The database client, auth and dispatch import
// "server-only" so that a client bundle that reaches them fails the build; that package throws
// unless resolved under React's server condition, which Next.js applies and plain Node does not.
// Marking it as already loaded says "this process is a server" without changing how React or any
// other package resolves.
const resolved = require.resolve("server-only");
require.cache[resolved] = { id: resolved, filename: resolved, loaded: true, exports: {} };

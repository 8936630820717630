// Loaded with --require into a service process: sodium-native cannot be loaded, as on a machine
// where the optional dependency was left out or has no binary (the error node gives then).
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'sodium-native') {
    const error = new Error("Cannot find module 'sodium-native'");
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return load.call(this, request, ...rest);
};

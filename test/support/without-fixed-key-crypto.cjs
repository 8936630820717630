// Loaded with --require into a service process: the crypto addon cannot be loaded, as on a machine
// where npm install found no C compiler (the error node gives then).
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (String(request).endsWith('fixed_key_crypto.node')) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return load.call(this, request, ...rest);
};

// Jest's node environment with a context whose global is an ordinary V8 global object (vm.constants.DONT_CONTEXTIFY,
// Node >= 22.8): the default context intercepts every global lookup (Math, Float32Array, ...) in C++, which makes the
// numeric code of src/ 10-30x slower under jest than under node (measured: a Math.exp loop 18.4 s against 1.4 s on
// Node 24; the tiny twin's generation 52.8 s against 3.3 s). Older Nodes get jest's default environment unchanged.
"use strict";
const vm = require("node:vm");
const { TestEnvironment } = require("jest-environment-node");

class FastNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    const dontContextify = vm.constants && vm.constants.DONT_CONTEXTIFY;
    if (!dontContextify) {
      super(config, context);
      return;
    }
    const createContext = vm.createContext;
    // jest passes a proxy of an empty global (to delete leaked globals at teardown); the ordinary global is
    // discarded with the context after the test file anyway
    vm.createContext = () => createContext(dontContextify);
    try {
      super(config, context);
    } finally {
      vm.createContext = createContext;
    }
  }
}

module.exports = FastNodeEnvironment;

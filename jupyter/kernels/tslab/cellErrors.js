// Preloaded into the tslab kernel by tslab-kernel.sh (node -r). tslab 1.0.22 answers a failing cell with a bare
// execute_reply {status: "error"} and prints the error to stderr, so Jupyter reports "<Error>: " with no name,
// message or stack (nbconvert --execute), and the notebook gets no error output. This module keeps the error the
// cell raised (or the TypeScript diagnostics that stopped it) and adds it to Jupyter's protocol as the messaging
// spec describes: an iopub "error" message {ename, evalue, traceback} and the same fields in the execute_reply.
// It wraps two methods of tslab/dist/jupyter; if tslab changes them it says so and the kernel runs unpatched.
"use strict";
const path = require("path");
const util = require("util");
const { createRequire } = require("module");

const root = path.resolve(__dirname, "..", "..", "..");
require(path.join(root, "scripts", "checkNodeVersion.js"));

/** What the current cell printed through console.error: its last Error and any compiler diagnostics. */
let current = { error: null, diagnostics: [] };

const realConsoleError = console.error.bind(console);
// tslab's kernel hands console.error to its executor when it starts, so replace it before tslab loads.
console.error = (...args) => {
  for (const a of args) if (a instanceof Error || (a && typeof a === "object" && typeof a.stack === "string" && typeof a.message === "string")) current.error = a;
  if (typeof args[0] === "string" && args[0] === "%s%d:%d - %s") current.diagnostics.push(util.format(...args));
  realConsoleError(...args);
};

/** The Jupyter error fields for what the cell left in `current`. */
function errorContent(state) {
  if (state.error) {
    const e = state.error;
    const ename = (e && e.name) || "Error";
    const evalue = e && e.message !== undefined ? String(e.message) : String(e);
    let traceback = typeof e.stack === "string" && e.stack ? e.stack.split("\n") : [`${ename}: ${evalue}`];
    // Node puts the failing source line and a caret ("evalmachine.<anonymous>:3 …  ^") before the name in the
    // stack of code run by vm: keep it, after the name, message and frames.
    const head = traceback.findIndex((l) => l.startsWith(`${ename}:`) || l === ename);
    if (head > 0) traceback = [...traceback.slice(head), "", ...traceback.slice(0, head).filter((l, i, a) => l !== "" || i < a.length - 1)];
    return { ename, evalue, traceback };
  }
  if (state.diagnostics.length) {
    return { ename: "CompileError", evalue: state.diagnostics.join("\n"), traceback: ["CompileError: the cell did not compile", ...state.diagnostics] };
  }
  return { ename: "Error", evalue: "the cell failed without an Error object (see its stderr output)", traceback: [] };
}

function patch() {
  const req = createRequire(path.join(root, "package.json"));
  let jupyter;
  try {
    jupyter = req("tslab/dist/jupyter");
  } catch (e) {
    realConsoleError(`sm-downscale kernel: cannot load tslab/dist/jupyter (${e.message}); cell errors will reach Jupyter without their message`);
    return;
  }
  const Handler = jupyter.JupyterHandlerImpl;
  const Server = jupyter.ZmqServer;
  if (!Handler || !Server || typeof Handler.prototype.handleExecute !== "function" || typeof Server.prototype.handleExecute !== "function") {
    realConsoleError("sm-downscale kernel: this tslab has no JupyterHandlerImpl/ZmqServer.handleExecute; cell errors will reach Jupyter without their message");
    return;
  }
  const PUBLISH = Symbol("publishError");
  const serverExecute = Server.prototype.handleExecute;
  Server.prototype.handleExecute = function handleExecute(sock, msg) {
    const server = this;
    if (msg && msg.content && typeof msg.createReply === "function") {
      Object.defineProperty(msg.content, PUBLISH, {
        enumerable: false,
        value: (content) => {
          const out = msg.createReply();
          out.header.msg_type = "error";
          out.content = content;
          out.signAndSend(server.connInfo.key, server.iopub);
        },
      });
    }
    return serverExecute.call(this, sock, msg);
  };
  const handlerExecute = Handler.prototype.handleExecute;
  Handler.prototype.handleExecute = async function handleExecute(req, writeStream, writeDisplayData) {
    current = { error: null, diagnostics: [] };
    const reply = await handlerExecute.call(this, req, writeStream, writeDisplayData);
    if (reply && reply.status === "error") {
      const content = errorContent(current);
      if (req && typeof req[PUBLISH] === "function") req[PUBLISH](content);
      return { ...reply, ...content };
    }
    return reply;
  };
}

patch();

module.exports = { errorContent };

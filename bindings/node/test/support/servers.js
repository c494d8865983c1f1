'use strict';

// Purpose-built License API servers, in the test's own process: the binding's calls run on
// worker threads, so the event loop that serves these stays free while a call waits.

const http = require('node:http');
const https = require('node:https');

// `tls`: {key, cert} (PEM) to serve HTTPS.
function listen(handler, tls) {
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`,
        stop() {
          for (const s of sockets) s.destroy();
          server.close();
        },
      }),
    );
  });
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Answers every request with `status`, `headers` and the JSON `body`. */
function answering(status, headers, body) {
  return listen(async (req, res) => {
    await readBody(req);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  });
}

/** Accepts connections and requests, and never answers. */
function stalling() {
  return listen(() => {});
}

/**
 * Forwards every request to `target` (the emulator) after `delayMs` (Infinity: never), and
 * records each one as {method, url, headers, body} in `requests`. `delayMs` may be changed.
 * With `tls` ({key, cert}) it serves HTTPS.
 */
async function forwarding(target, delayMs = 0, tls = undefined) {
  const requests = [];
  const state = { delayMs };
  const server = await listen(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method, url: req.url, headers: req.headers, body: body.toString('utf8') });
    if (state.delayMs === Infinity) {
      return;
    }
    await new Promise((r) => setTimeout(r, state.delayMs));
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }, tls);
  return Object.assign(state, server, { requests });
}

module.exports = { answering, stalling, forwarding };

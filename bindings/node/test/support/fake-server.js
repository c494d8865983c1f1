'use strict';

// A misbehaving License API for the server error group, run as a child process (the client's
// calls are synchronous and would block a server in the test's own thread). Prints
// "ports <failing> <rate-limited>" once both listen; exits when stdin closes.

const http = require('node:http');

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => handler(res));
    });
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

Promise.all([
  listen((res) => {
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end('{"status":500,"code":"internal_error","message":"the server broke"}');
  }),
  listen((res) => {
    res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
    res.end('{"status":429,"code":"throttled","message":"slow down"}');
  }),
]).then(([failing, limited]) => {
  process.stdout.write(`ports ${failing} ${limited}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));

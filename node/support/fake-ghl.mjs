// A tiny GHL stand-in for the Node.js tests, run as a child process: the
// preview2 shim's outgoing HTTP is synchronous and blocks the test's own
// event loop, so a server in the same process would never answer.
//
// It prints its port on the first line of stdout, answers a few GHL
// endpoints, and has two control routes: POST /_notes adds a note,
// GET /_requests lists what it received.
import { createServer } from 'node:http';

const notes = [{ id: 'n1', body: 'first note', dateAdded: '2024-05-01T10:00:00.000Z' }];
const requests = [];

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const reply = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/_requests') return reply(200, requests);
    if (url.pathname === '/_notes') {
      notes.unshift(JSON.parse(body));
      return reply(201, { ok: true });
    }
    requests.push({ method: req.method, path: req.url, headers: req.headers, body });
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      return reply(401, { statusCode: 401, message: 'Invalid JWT' });
    }
    if (req.method === 'GET' && url.pathname === '/contacts/c1') {
      return reply(200, { contact: { id: 'c1', firstName: 'Ada', email: 'ada@example.com' } });
    }
    if (req.method === 'GET' && url.pathname === '/contacts/c1/notes') {
      return reply(200, { notes });
    }
    return reply(404, { statusCode: 404, message: `Cannot ${req.method} ${url.pathname}` });
  });
});

server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port);
});

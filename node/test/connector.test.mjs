// The connector component in Node.js: transpiled by jco, run on the
// preview2 shim, calling a local GHL stand-in over real HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const out = join(here, '..', 'out');

let connector;
let server;
let base;

before(async () => {
  const wasm = process.env.GHL_COMPONENT_WASM
    ?? join(root, 'target', 'guest', 'wasm32-wasip2', 'component', 'ghl_connector.wasm');
  const jco = join(here, '..', 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js');
  execFileSync(process.execPath, [jco, 'transpile', wasm, '-o', out, '--name', 'ghl_connector'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  ({ connector } = await import(pathToFileURL(join(out, 'ghl_connector.js')).href));

  server = spawn(process.execPath, [join(here, '..', 'support', 'fake-ghl.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [port] = await once(createInterface({ input: server.stdout }), 'line');
  base = `http://127.0.0.1:${port.trim()}`;
});

after(() => server?.kill());

const conn = () => ({
  accessToken: 'pit-node-test-0123456789',
  locationId: 've9EPM428h8vShlRW1KT',
  companyId: undefined,
  baseUrl: base,
  oauth: undefined,
});

const noOptions = { maxEvents: undefined, samples: undefined, maxPages: undefined };

test('lists every operation with its schema', () => {
  const ops = connector.operations();
  assert.equal(ops.length, 183);
  const get = ops.find((op) => op.key === 'contacts.get');
  assert.equal(get.kind, 'trigger');
  assert.equal(get.triggerMode, 'changes');
  assert.equal(get.method, 'GET');
  assert.equal(get.path, '/contacts/{contactId}');
  assert.deepEqual(JSON.parse(get.inputSchema).required, ['contactId']);
  assert.equal(ops.filter((op) => op.kind === 'webhook').length, 58);
});

test('runs an action against a local server', async () => {
  const result = connector.runAction(conn(), 'contacts.get', JSON.stringify({ contactId: 'c1' }));
  assert.deepEqual(JSON.parse(result.output), { id: 'c1', firstName: 'Ada', email: 'ada@example.com' });
  assert.equal(result.refreshed, undefined);
  const seen = await (await fetch(`${base}/_requests`)).json();
  const request = seen.at(-1);
  assert.equal(request.method, 'GET');
  assert.equal(request.path, '/contacts/c1');
  assert.equal(request.headers.authorization, 'Bearer pit-node-test-0123456789');
  assert.equal(request.headers.version, '2021-07-28');
});

test('errors are thrown with their typed payload and no token', () => {
  assert.throws(
    () => connector.runAction(conn(), 'contacts.get', '{}'),
    (e) => {
      assert.equal(e.payload.error.tag, 'invalid-input');
      assert.equal(e.payload.error.val.field, 'contactId');
      return true;
    },
  );
  assert.throws(
    () => connector.runAction(conn(), 'contacts.get', JSON.stringify({ contactId: 'missing' })),
    (e) => {
      assert.equal(e.payload.error.tag, 'not-found');
      assert.equal(e.payload.error.val.status, 404);
      assert.ok(!JSON.stringify(e.payload).includes('pit-node-test'));
      return true;
    },
  );
});

test('polls a trigger: a baseline, then only the new note', async () => {
  const input = JSON.stringify({ contactId: 'c1' });
  const first = connector.pollTrigger(conn(), 'contacts.list_notes', input, undefined, noOptions);
  assert.equal(first.events.length, 0);
  const again = connector.pollTrigger(conn(), 'contacts.list_notes', input, first.state, noOptions);
  assert.equal(again.events.length, 0);
  await fetch(`${base}/_notes`, {
    method: 'POST',
    body: JSON.stringify({ id: 'n2', body: 'second note', dateAdded: '2024-05-02T10:00:00.000Z' }),
  });
  const third = connector.pollTrigger(conn(), 'contacts.list_notes', input, again.state, noOptions);
  assert.equal(third.events.length, 1);
  assert.equal(third.events[0].id, 'n2');
  assert.equal(third.events[0].timestampMs, 1714644000000n);
  assert.equal(JSON.parse(third.events[0].data).body, 'second note');
  assert.equal(third.more, false);
});

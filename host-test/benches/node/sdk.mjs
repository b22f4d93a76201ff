// The official GoHighLevel Node SDK (@gohighlevel/api-client, pinned in
// package.json) making the benchmark's two calls against its mock server.
// Run by host-test/benches/compare.rs, which passes one JSON argument:
//   { mode: "cold" | "run", baseUrl, token, version, calls, warmup,
//     concurrency, read: { contactId, expect }, write: { body, expect } }
// and reads one JSON line back. `cold` makes one call and reports how long
// loading the SDK and getting the first result took; `run` measures
// latency and throughput. Every answer is checked against `expect`.
import { performance } from 'node:perf_hooks';

const spec = JSON.parse(process.argv[2]);

const loadStart = performance.now();
const sdk = await import('@gohighlevel/api-client');
const HighLevel = sdk.HighLevel ?? sdk.default.HighLevel;
const loaded = performance.now();

// The SDK's documented way to point it elsewhere: set before construction.
HighLevel.BASE_URL = spec.baseUrl;
const ghl = new HighLevel({
  privateIntegrationToken: spec.token,
  apiVersion: spec.version,
  logLevel: 'error',
});

const calls = {
  read: () => ghl.contacts.getContact({ contactId: spec.read.contactId }),
  write: () => ghl.contacts.createContact(spec.write.body),
};

async function checked(name) {
  const data = await calls[name]();
  const got = JSON.stringify(data);
  const want = JSON.stringify(spec[name].expect);
  if (got !== want) {
    throw new Error(`${name}: unexpected answer ${got.slice(0, 200)}`);
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function measure(name) {
  for (let i = 0; i < spec.warmup; i++) await checked(name);
  const times = [];
  const start = performance.now();
  for (let i = 0; i < spec.calls; i++) {
    const t = performance.now();
    await checked(name);
    times.push((performance.now() - t) * 1000);
  }
  const sequential = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const perWorker = Math.max(1, Math.floor(spec.calls / spec.concurrency));
  const concurrentStart = performance.now();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      for (let i = 0; i < perWorker; i++) await checked(name);
    }),
  );
  const concurrent = (performance.now() - concurrentStart) / 1000;
  return {
    p50_us: percentile(times, 50),
    p99_us: percentile(times, 99),
    per_s_1: spec.calls / sequential,
    per_s_32: (perWorker * spec.concurrency) / concurrent,
  };
}

if (spec.mode === 'cold') {
  await checked('read');
  const first = performance.now();
  // performance.now() counts from the process's time origin (its start).
  console.log(JSON.stringify({
    load_ms: loaded - loadStart,
    // From the start of the SDK's import to the first result: what a
    // Node process that is already running pays.
    since_import_ms: first - loadStart,
    first_result_ms: first,
    rss_bytes: process.memoryUsage().rss,
  }));
} else {
  const read = await measure('read');
  const write = await measure('write');
  console.log(JSON.stringify({ read, write, node: process.version }));
}
// Keep-alive sockets would hold the process open.
process.exit(0);

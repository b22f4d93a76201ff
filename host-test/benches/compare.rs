//! `cargo bench`: the connector component beside a native Rust client and
//! the official Node SDK, against one loopback mock GHL server.
//!
//! It measures, for a read (get contact) and a write (create contact):
//! latency p50/p99 and throughput at concurrency 1 and 32 for each client;
//! instantiation with and without the pooling allocator; cold start from a
//! precompiled component to the first result (a fresh process) against the
//! Node SDK's; memory per live instance; and the component's size. Shared
//! machines make absolute times noise, so everything runs in one process
//! against one server and the table ends with ratios and the goals.
//!
//! Every answer is checked (the mock refuses a request that differs from
//! the fixture's; each client's result must equal the fixture's output), so
//! a client that skipped work could not look fast.
//!
//! Environment:
//! - `GHL_BENCH_CALLS` (default 2000): calls per latency run.
//! - `GHL_BENCH_NODE=0`: skip the Node SDK.
//! - `GHL_BENCH_ONLY=<text>`: only the clients whose name contains the
//!   text, printed as rows (`offline` also prints the per-call work without
//!   the network). For a profiler: `GHL_BENCH_ONLY=reused GHL_PERF_MAP=1
//!   perf record cargo bench` (the perf map names the component's
//!   functions when the component was built with its names).
//! - `GHL_BENCH_COMPONENT=<file.wasm>`: measure another build of the
//!   component (an `opt-level = "z"` build, say) against the same clients.

use std::io::BufRead;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use bytes::Bytes;
use ghl_host_test::{COMPONENT_WASM, Connection, Connector, Instance, Limits, Transport, Watch};
use http_body_util::{BodyExt, Full};
use serde_json::{Value, json};

/// Not a real token: the mock only checks that it arrives as sent.
const TOKEN: &str = "pit-bench-0000-not-a-token";
/// The sub-account every request is for (the create fixture takes its
/// `locationId` from the connection).
const LOCATION: &str = "ve9EPM428h8vShlRW1KT";
const CONCURRENCY: usize = 32;
/// Instances measured alive at once for memory per instance.
const LIVE_INSTANCES: usize = 64;
/// Fresh processes per cold-start measurement.
const COLD_RUNS: usize = 10;
/// The goals the README reports against.
const GOAL_SIZE_BYTES: u64 = 800_000;
const GOAL_INSTANTIATE_US: f64 = 25.0;
const GOAL_LATENCY_RATIO: f64 = 1.3;
const GOAL_THROUGHPUT_RATIO: f64 = 5.0;
const GOAL_COLD_RATIO: f64 = 100.0;

/// One measured call: the fixture's first case for an operation.
struct Workload {
    label: &'static str,
    key: &'static str,
    /// The component's input (the native client reads the same).
    input: String,
    method: String,
    path: String,
    version: String,
    /// The body GHL must receive, if any.
    body: Option<Value>,
    status: u16,
    response: Bytes,
    /// What the component (and the native client) must return.
    output: Value,
}

impl Workload {
    fn from_fixture(label: &'static str, key: &'static str, fixture: &str) -> Workload {
        let fixture: Value = serde_json::from_str(fixture).expect("fixture JSON");
        let case = &fixture["cases"][0];
        let request = &case["request"];
        Workload {
            label,
            key,
            input: case["input"].to_string(),
            method: request["method"].as_str().unwrap().to_string(),
            path: request["path"].as_str().unwrap().to_string(),
            version: request["version"].as_str().unwrap().to_string(),
            body: request.get("body").cloned(),
            status: case["response"]["status"].as_u64().unwrap() as u16,
            response: Bytes::from(case["response"]["body"].to_string()),
            output: case["output"].clone(),
        }
    }
}

/// What every in-process client shares.
struct Env {
    addr: SocketAddr,
    base_url: String,
    conn: Connection,
    transport: Transport,
    read: Workload,
    write: Workload,
    calls: usize,
    warmup: usize,
}

// ---------------------------------------------------------------- mock GHL

/// Requests the mock answered, and the ones it refused as different from
/// the fixtures (any refusal fails the run).
#[derive(Default)]
struct Served {
    answered: AtomicU64,
    refused: AtomicU64,
}

async fn mock_answer(
    env: &Env,
    served: &Served,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let workload = [&env.read, &env.write]
        .into_iter()
        .find(|w| w.method == parts.method.as_str() && w.path == parts.uri.path());
    let problem = match workload {
        None => Some(format!(
            "no such route {} {}",
            parts.method,
            parts.uri.path()
        )),
        Some(w) if header("authorization") != Some(&format!("Bearer {TOKEN}")) => {
            Some(format!("{}: wrong or missing bearer token", w.label))
        }
        Some(w) if header("version") != Some(w.version.as_str()) => {
            Some(format!("{}: Version must be {}", w.label, w.version))
        }
        Some(w) => match &w.body {
            Some(want) if serde_json::from_slice::<Value>(&body).ok().as_ref() != Some(want) => {
                Some(format!("{}: the body differs from the fixture's", w.label))
            }
            _ => None,
        },
    };
    let response = hyper::Response::builder().header("content-type", "application/json");
    match (problem, workload) {
        (None, Some(w)) => {
            served.answered.fetch_add(1, Ordering::Relaxed);
            Ok(response
                .status(w.status)
                .body(Full::new(w.response.clone()))?)
        }
        (problem, _) => {
            served.refused.fetch_add(1, Ordering::Relaxed);
            let text = json!({ "message": problem }).to_string();
            Ok(response.status(400).body(Full::new(Bytes::from(text)))?)
        }
    }
}

/// Starts the mock on its own thread and runtime, so the clients' thread
/// does nothing but call.
fn start_mock(listener: std::net::TcpListener, env: &'static Env, served: &'static Served) {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("mock runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("mock listener");
            ghl_host_test::serve_http(listener, move |request| async move {
                mock_answer(env, served, request).await
            })
            .await
        })
        .expect("mock server");
    });
}

// ------------------------------------------------------------ the clients

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

/// One client's per-worker state.
enum Worker {
    /// Native Rust (hyper, the HTTP stack under the component's host too)
    /// with a new connection per call, as wasmtime-wasi-http's default
    /// sender makes them: what connection reuse saves.
    Native,
    /// Native Rust keeping its connection open, as the component's host
    /// does (src/pool.rs): the like-for-like baseline.
    NativeKeepAlive(Option<Sender>),
    /// The component: a fresh instance per call (pooling allocator).
    Fresh(&'static Connector),
    /// The component: one instance reused for every call.
    Reused(Box<Instance<'static>>),
}

impl Worker {
    async fn call(&mut self, env: &Env, w: &Workload) -> Result<String> {
        match self {
            Worker::Native => native_call(env, w, &mut None).await,
            Worker::NativeKeepAlive(sender) => native_call(env, w, sender).await,
            Worker::Fresh(connector) => {
                let out = connector
                    .run_action(&env.transport, &env.conn, w.key, &w.input)
                    .await?
                    .map_err(|f| anyhow!("{}: {:?}", w.label, f.error))?;
                Ok(out.output)
            }
            Worker::Reused(instance) => {
                let out = instance
                    .run_action(&env.conn, w.key, &w.input)
                    .await?
                    .map_err(|f| anyhow!("{}: {:?}", w.label, f.error))?;
                Ok(out.output)
            }
        }
    }
}

const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What a careful hand-written client does for these two calls: check
/// the input, build the request, send it, check the status, parse the
/// answer and return the record.
async fn native_call(env: &Env, w: &Workload, keep: &mut Option<Sender>) -> Result<String> {
    let request = native_request(env, w)?;
    let reusable = match keep.take() {
        Some(mut sender) => sender.ready().await.is_ok().then_some(sender),
        None => None,
    };
    let mut sender = match reusable {
        Some(sender) => sender,
        None => {
            let stream = tokio::net::TcpStream::connect(env.addr).await?;
            stream.set_nodelay(true)?;
            let (sender, connection) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
            tokio::spawn(connection);
            sender
        }
    };
    let response = sender.send_request(request).await?;
    let status = response.status();
    let bytes = response.into_body().collect().await?.to_bytes();
    // Kept for the next call; the new-connection client drops it.
    *keep = Some(sender);
    native_answer(w, status, &bytes)
}

/// The request for `w`, from its input (validated).
fn native_request(env: &Env, w: &Workload) -> Result<hyper::Request<Full<Bytes>>> {
    let input: Value = serde_json::from_str(&w.input).context("input is not JSON")?;
    let (path, body) = match w.key {
        "contacts.get" => {
            let id = input["contactId"].as_str().unwrap_or_default();
            ensure!(
                !id.is_empty() && id != "." && id != "..",
                "contactId: required"
            );
            let id = percent_encoding::utf8_percent_encode(id, SEGMENT);
            (format!("/contacts/{id}"), None)
        }
        "contacts.create" => {
            let Value::Object(mut fields) = input else {
                bail!("the input must be an object");
            };
            fields
                .entry("locationId")
                .or_insert_with(|| LOCATION.into());
            ("/contacts/".to_string(), Some(serde_json::to_vec(&fields)?))
        }
        other => bail!("no native client for {other}"),
    };
    let mut request = hyper::Request::builder()
        .method(w.method.as_str())
        .uri(format!("{}{path}", env.base_url))
        .header("host", env.addr.to_string())
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("version", &w.version)
        .header("accept", "application/json");
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    Ok(request.body(Full::new(Bytes::from(body.unwrap_or_default())))?)
}

/// The record in an answer, as the component's output.
fn native_answer(w: &Workload, status: http::StatusCode, bytes: &[u8]) -> Result<String> {
    ensure!(status.is_success(), "{}: HTTP {status}", w.label);
    let mut answer: Value = serde_json::from_slice(bytes).context("the answer is not JSON")?;
    let record = answer
        .get_mut("contact")
        .filter(|c| c.is_object())
        .map(Value::take)
        .ok_or_else(|| anyhow!("{}: no contact in the answer", w.label))?;
    Ok(record.to_string())
}

/// Per-call work without the network, p50 in µs: the native client's
/// request building and answer parsing, and the component's whole call
/// with the answer given in process (instantiation, validation, the
/// wasi:http plumbing, parsing), reused and fresh.
async fn offline(env: &Env, w: &Workload, pooled: &Connector) -> Result<[f64; 3]> {
    let status = http::StatusCode::from_u16(w.status)?;
    let mut native = Vec::with_capacity(env.calls);
    for _ in 0..env.calls {
        let t = Instant::now();
        let request = native_request(env, w)?;
        let out = native_answer(w, status, &w.response)?;
        native.push(t.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box((request, out));
    }
    let mock = ghl_host_test::Mock::new();
    let transport = Transport::Mock(mock.clone());
    let reply = || ghl_host_test::Reply::bytes(w.status, w.response.to_vec());
    let mut kept = pooled.instantiate(&transport).await?;
    let mut reused = Vec::with_capacity(env.calls);
    let mut fresh = Vec::with_capacity(env.calls);
    for _ in 0..env.calls {
        mock.reply(reply());
        let t = Instant::now();
        let out = kept.run_action(&env.conn, w.key, &w.input).await?;
        reused.push(t.elapsed().as_secs_f64() * 1e6);
        out.map_err(|f| anyhow!("{:?}", f.error))?;
        mock.reply(reply());
        let t = Instant::now();
        let out = pooled
            .run_action(&transport, &env.conn, w.key, &w.input)
            .await?;
        fresh.push(t.elapsed().as_secs_f64() * 1e6);
        out.map_err(|f| anyhow!("{:?}", f.error))?;
    }
    let mut result = [native, reused, fresh].map(|mut times| {
        times.sort_by(f64::total_cmp);
        percentile(&times, 50)
    });
    result
        .iter_mut()
        .for_each(|t| *t = (*t * 10.0).round() / 10.0);
    Ok(result)
}

// ------------------------------------------------------------ measuring

/// Latency and throughput of one client for one workload.
#[derive(Clone, Copy, Default)]
struct Measured {
    p50_us: f64,
    p99_us: f64,
    per_s_1: f64,
    per_s_32: f64,
}

fn percentile(sorted: &[f64], p: usize) -> f64 {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

/// Checks a client's first answer against the fixture; later answers
/// must equal that one.
fn check_first(w: &Workload, output: &str) -> Result<()> {
    let got: Value = serde_json::from_str(output).context("output is not JSON")?;
    ensure!(
        got == w.output,
        "{}: the output differs from the fixture's: {output}",
        w.label
    );
    Ok(())
}

/// Every client on one workload. Latency: the clients take turns call by
/// call, so a slow moment of the shared machine hits them all alike.
/// Throughput at concurrency 32: three rounds in turn, the median kept.
async fn measure(
    env: &'static Env,
    w: &'static Workload,
    clients: &[(&'static str, Make)],
) -> Result<Vec<Measured>> {
    let mut workers = Vec::with_capacity(clients.len());
    let mut expected = Vec::with_capacity(clients.len());
    for (_, make) in clients {
        let mut worker = make().await;
        let first = worker.call(env, w).await?;
        check_first(w, &first)?;
        for _ in 0..env.warmup {
            ensure!(
                worker.call(env, w).await? == first,
                "{}: answers differ",
                w.label
            );
        }
        workers.push(worker);
        expected.push(Arc::new(first));
    }
    let mut times = vec![Vec::with_capacity(env.calls); clients.len()];
    for _ in 0..env.calls {
        for (i, worker) in workers.iter_mut().enumerate() {
            let t = Instant::now();
            let out = worker.call(env, w).await?;
            times[i].push(t.elapsed().as_secs_f64() * 1e6);
            ensure!(out == *expected[i], "{}: answers differ", w.label);
        }
    }
    drop(workers);

    let mut rounds = vec![Vec::new(); clients.len()];
    let per_worker = (env.calls / CONCURRENCY).max(1);
    for _ in 0..3 {
        for (i, (_, make)) in clients.iter().enumerate() {
            let mut workers = Vec::with_capacity(CONCURRENCY);
            for _ in 0..CONCURRENCY {
                workers.push(make().await);
            }
            let started = Instant::now();
            let mut tasks = tokio::task::JoinSet::new();
            for mut worker in workers {
                let expected = expected[i].clone();
                tasks.spawn(async move {
                    for _ in 0..per_worker {
                        let out = worker.call(env, w).await?;
                        ensure!(out == *expected, "{}: answers differ", w.label);
                    }
                    Ok::<_, anyhow::Error>(())
                });
            }
            while let Some(done) = tasks.join_next().await {
                done??;
            }
            rounds[i].push((per_worker * CONCURRENCY) as f64 / started.elapsed().as_secs_f64());
        }
    }
    Ok(times
        .into_iter()
        .zip(rounds)
        .map(|(mut times, mut rounds)| {
            let mean = times.iter().sum::<f64>() / times.len() as f64;
            times.sort_by(f64::total_cmp);
            rounds.sort_by(f64::total_cmp);
            Measured {
                p50_us: percentile(&times, 50),
                p99_us: percentile(&times, 99),
                per_s_1: 1e6 / mean,
                per_s_32: rounds[1],
            }
        })
        .collect())
}

/// Makes one client's per-worker state.
type Make = Box<dyn Fn() -> std::pin::Pin<Box<dyn Future<Output = Worker> + Send>>>;

/// Median and p99 of instantiating (store and instance) `n` times.
async fn instantiate_times(
    connector: &Connector,
    transport: &Transport,
    n: usize,
) -> Result<(f64, f64)> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let instance = connector.instantiate(transport).await?;
        times.push(t.elapsed().as_secs_f64() * 1e6);
        drop(instance);
    }
    times.sort_by(f64::total_cmp);
    Ok((percentile(&times, 50), percentile(&times, 99)))
}

/// Proportional set size of this process (shared pages divided among
/// their users), in bytes.
fn pss_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup").ok()?;
    let line = text.lines().find(|l| l.starts_with("Pss:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// This process's peak resident set, in bytes.
fn peak_rss_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Memory each live instance adds once it has made a call.
async fn memory_per_instance(connector: &Connector, env: &Env) -> Result<Option<f64>> {
    let before = pss_bytes();
    let mut live = Vec::with_capacity(LIVE_INSTANCES);
    for _ in 0..LIVE_INSTANCES {
        let mut instance = connector.instantiate(&env.transport).await?;
        instance
            .run_action(&env.conn, env.read.key, &env.read.input)
            .await?
            .map_err(|f| anyhow!("{:?}", f.error))?;
        live.push(instance);
    }
    let after = pss_bytes();
    drop(live);
    Ok(before
        .zip(after)
        .map(|(b, a)| a.saturating_sub(b) as f64 / LIVE_INSTANCES as f64))
}

/// Spawns `command` `COLD_RUNS` times and times each from spawn to its
/// first line of output (the first result); returns the median in ms and
/// the last line parsed.
fn cold_starts(mut command: impl FnMut() -> Command) -> Result<(f64, Value)> {
    let mut times = Vec::new();
    let mut last = Value::Null;
    for _ in 0..COLD_RUNS {
        let started = Instant::now();
        let mut child = command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("start the cold-start process")?;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line)?;
        times.push(started.elapsed().as_secs_f64() * 1e3);
        let status = child.wait_with_output()?;
        ensure!(
            status.status.success() && !line.is_empty(),
            "cold start failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        last = serde_json::from_str(&line).context("cold-start output")?;
    }
    times.sort_by(f64::total_cmp);
    Ok((percentile(&times, 50), last))
}

/// The child side of a cold start: load the precompiled component, make
/// one call, print the result's timing, exit.
fn cold_start_child(path: &str, base_url: &str) -> Result<()> {
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // SAFETY: the parent wrote this file with `Connector::precompile`.
    let connector = unsafe { Connector::from_precompiled_file(path.as_ref(), Limits::default()) }?;
    let loaded = started.elapsed();
    let origin = ghl_host_test::origin_of_base(base_url)?;
    let transport = Transport::network(origin, Duration::from_secs(30), Watch::new(false));
    let read = Workload::from_fixture("get contact", "contacts.get", GET_FIXTURE);
    let out = rt
        .block_on(connector.run_action(&transport, &connection(base_url), read.key, &read.input))?
        .map_err(|f| anyhow!("{:?}", f.error))?;
    check_first(&read, &out.output)?;
    println!(
        "{}",
        json!({
            "load_ms": loaded.as_secs_f64() * 1e3,
            "first_result_ms": started.elapsed().as_secs_f64() * 1e3,
            "rss_bytes": peak_rss_bytes(),
        })
    );
    Ok(())
}

const GET_FIXTURE: &str = include_str!("../../tests/fixtures/contacts.get.json");
const CREATE_FIXTURE: &str = include_str!("../../tests/fixtures/contacts.create.json");

fn connection(base_url: &str) -> Connection {
    Connection {
        access_token: TOKEN.into(),
        location_id: Some(LOCATION.into()),
        company_id: None,
        base_url: Some(base_url.into()),
        oauth: None,
        policy: None,
    }
}

// ---------------------------------------------------------------- Node SDK

/// Where the pinned SDK lives; installed from its lock file on first use.
fn node_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/node")
}

/// Why the Node SDK cannot run here, if it cannot.
fn node_unavailable() -> Option<String> {
    if std::env::var("GHL_BENCH_NODE").as_deref() == Ok("0") {
        return Some("GHL_BENCH_NODE=0".into());
    }
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Some(format!("`{tool}` is not installed"));
        }
    }
    let dir = node_dir();
    if !dir.join("node_modules/@gohighlevel/api-client").exists() {
        eprintln!("installing the pinned Node SDK in {} ...", dir.display());
        let installed = Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            return Some("`npm install` of @gohighlevel/api-client failed".into());
        }
    }
    None
}

fn node_spec(env: &Env, mode: &str) -> String {
    let sdk_answer = |w: &Workload| serde_json::from_slice::<Value>(&w.response).unwrap();
    json!({
        "mode": mode,
        "baseUrl": env.base_url,
        "token": TOKEN,
        "version": env.read.version,
        "calls": env.calls,
        "warmup": env.warmup,
        "concurrency": CONCURRENCY,
        "read": {
            "contactId": serde_json::from_str::<Value>(&env.read.input).unwrap()["contactId"],
            "expect": sdk_answer(&env.read),
        },
        "write": { "body": env.write.body, "expect": sdk_answer(&env.write) },
    })
    .to_string()
}

fn node_command(env: &Env, mode: &str) -> Command {
    let mut command = Command::new("node");
    command
        .arg("sdk.mjs")
        .arg(node_spec(env, mode))
        .current_dir(node_dir());
    command
}

fn node_measured(value: &Value) -> Measured {
    let f = |name: &str| value[name].as_f64().unwrap_or(f64::NAN);
    Measured {
        p50_us: f("p50_us"),
        p99_us: f("p99_us"),
        per_s_1: f("per_s_1"),
        per_s_32: f("per_s_32"),
    }
}

// ------------------------------------------------------------------ report

struct Report {
    size: u64,
    instantiate_pooled: (f64, f64),
    instantiate_on_demand: (f64, f64),
    /// Each client's [read, write], in the table's order.
    rows: Vec<(&'static str, [Measured; 2])>,
    memory_per_instance: Option<f64>,
    /// [native, reused, fresh] p50 µs without the network, read and write.
    offline: [[f64; 3]; 2],
    cold_component: (f64, Value),
    cold_node: Option<(f64, Value)>,
    node_skipped: Option<String>,
    node_version: Option<String>,
}

impl Report {
    fn row(&self, name: &str) -> Option<[Measured; 2]> {
        self.rows.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
    }
}

const NATIVE: &str = "native Rust, new connection per call";
const NATIVE_KEEP: &str = "native Rust, keep-alive connection";
const FRESH: &str = "component, fresh instance per call (pooling)";
const REUSED: &str = "component, one reused instance";
const NODE: &str = "Node SDK @gohighlevel/api-client 3.1.0";

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

fn print_report(r: &Report) {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "GHL connector benchmarks, {} · {cpu}, {cores} cores · node {}",
        ghl_host_test::sandbox::rfc3339(ghl_host_test::sandbox::now_ms()),
        r.node_version.as_deref().unwrap_or("not run")
    );
    println!(
        "mock GHL on loopback (own thread); in-process clients on one thread; fixtures contacts.get and contacts.create"
    );
    println!();
    println!(
        "{:<46} {:>29}   {:>29}",
        "", "get contact (read)", "create contact (write)"
    );
    println!(
        "{:<46} {:>6} {:>6} {:>7} {:>7}   {:>6} {:>6} {:>7} {:>7}",
        "client", "p50µs", "p99µs", "c1 /s", "c32 /s", "p50µs", "p99µs", "c1 /s", "c32 /s"
    );
    for (name, [read, write]) in &r.rows {
        println!(
            "{name:<46} {:>6.0} {:>6.0} {:>7.0} {:>7.0}   {:>6.0} {:>6.0} {:>7.0} {:>7.0}",
            read.p50_us,
            read.p99_us,
            read.per_s_1,
            read.per_s_32,
            write.p50_us,
            write.p99_us,
            write.per_s_1,
            write.per_s_32
        );
    }
    if let Some(why) = &r.node_skipped {
        println!("{NODE:<46} skipped: {why}");
    }
    println!();
    for (w, [native, reused, fresh]) in ["read", "write"].iter().zip(r.offline) {
        println!(
            "per-call work without the network ({w}), p50: native {native} µs, component reused {reused} µs, fresh {fresh} µs"
        );
    }
    println!(
        "instantiate (store + instance), pooling:   median {:.1} µs, p99 {:.1} µs",
        r.instantiate_pooled.0, r.instantiate_pooled.1
    );
    println!(
        "instantiate (store + instance), on demand: median {:.1} µs, p99 {:.1} µs",
        r.instantiate_on_demand.0, r.instantiate_on_demand.1
    );
    let mb = |b: &Value| {
        b.as_f64()
            .map_or("?".into(), |b| format!("{:.1}", b / 1048576.0))
    };
    let ms = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let (component_ms, child) = &r.cold_component;
    println!(
        "cold start, process start to first result (median of {COLD_RUNS}): component (precompiled) {component_ms:.1} ms"
    );
    println!(
        "    inside the process: loaded {:.1} ms, first result {:.1} ms; peak RSS {} MiB",
        ms(&child["load_ms"]),
        ms(&child["first_result_ms"]),
        mb(&child["rss_bytes"]),
    );
    if let Some((node_ms, node)) = &r.cold_node {
        println!("  Node SDK {node_ms:.1} ms");
        println!(
            "    inside the process: SDK loaded in {:.1} ms, first result {:.1} ms after the import began ({:.1} ms after the process began); RSS {} MiB",
            ms(&node["load_ms"]),
            ms(&node["since_import_ms"]),
            ms(&node["first_result_ms"]),
            mb(&node["rss_bytes"]),
        );
    }
    match r.memory_per_instance {
        Some(bytes) => println!(
            "memory per live instance (after one call, {LIVE_INSTANCES} alive, PSS): {:.0} KiB",
            bytes / 1024.0
        ),
        None => println!("memory per live instance: /proc/self/smaps_rollup unavailable"),
    }
    println!("component size (optimised, stripped): {} bytes", r.size);

    println!();
    println!("goals");
    println!(
        "  size ≤ {GOAL_SIZE_BYTES} bytes: {} ({:.2}×) {}",
        r.size,
        r.size as f64 / GOAL_SIZE_BYTES as f64,
        verdict(r.size <= GOAL_SIZE_BYTES)
    );
    println!(
        "  instantiate ≤ {GOAL_INSTANTIATE_US} µs median (pooling): {:.1} µs {}",
        r.instantiate_pooled.0,
        verdict(r.instantiate_pooled.0 <= GOAL_INSTANTIATE_US)
    );
    // The component's host keeps connections open, so the like-for-like
    // native client is the keep-alive one.
    if let Some(native) = r.row(NATIVE_KEEP) {
        for (name, short) in [(REUSED, "reused instance"), (FRESH, "fresh instance")] {
            let Some(row) = r.row(name) else {
                continue;
            };
            let ratios: Vec<f64> = (0..2).map(|i| row[i].p50_us / native[i].p50_us).collect();
            println!(
                "  p50 latency ≤ {GOAL_LATENCY_RATIO}× native keep-alive ({short}): read {:.2}×, write {:.2}× {}",
                ratios[0],
                ratios[1],
                verdict(ratios.iter().all(|r| *r <= GOAL_LATENCY_RATIO))
            );
        }
    }
    if let Some(node) = r.row(NODE) {
        for (name, short) in [(REUSED, "reused instance"), (FRESH, "fresh instance")] {
            let Some(row) = r.row(name) else {
                continue;
            };
            let ratios: Vec<f64> = (0..2)
                .flat_map(|i| {
                    [
                        row[i].per_s_1 / node[i].per_s_1,
                        row[i].per_s_32 / node[i].per_s_32,
                    ]
                })
                .collect();
            println!(
                "  throughput ≥ {GOAL_THROUGHPUT_RATIO}× Node SDK ({short}): read c1 {:.1}×, c32 {:.1}×; write c1 {:.1}×, c32 {:.1}× {}",
                ratios[0],
                ratios[1],
                ratios[2],
                ratios[3],
                verdict(ratios.iter().all(|r| *r >= GOAL_THROUGHPUT_RATIO))
            );
        }
    }
    if let Some((node_ms, node)) = &r.cold_node {
        let ratio = node_ms / component_ms;
        println!(
            "  cold start ≥ {GOAL_COLD_RATIO}× faster than the Node SDK (process start to first result): {ratio:.0}× {}",
            verdict(ratio >= GOAL_COLD_RATIO)
        );
        let inside = ms(&node["since_import_ms"]) / ms(&child["first_result_ms"]);
        println!(
            "    inside a running process (SDK import + first call vs load + first call): {inside:.0}×"
        );
    }
}

// -------------------------------------------------------------------- main

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--cold-start") {
        return cold_start_child(&args[at + 1], &args[at + 2]);
    }
    let calls: usize = std::env::var("GHL_BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
        .max(CONCURRENCY);

    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let env: &'static Env = Box::leak(Box::new(Env {
        addr,
        conn: connection(&base_url),
        transport: Transport::network(base_url.clone(), Duration::from_secs(30), Watch::new(false)),
        base_url,
        read: Workload::from_fixture("get contact", "contacts.get", GET_FIXTURE),
        write: Workload::from_fixture("create contact", "contacts.create", CREATE_FIXTURE),
        calls,
        warmup: (calls / 10).max(20),
    }));
    let served: &'static Served = Box::leak(Box::default());
    start_mock(listener, env, served);

    // The component, compiled once, in both allocation strategies.
    let pooled_limits = Limits {
        pooled_instances: Some((CONCURRENCY * 2) as u32),
        ..Limits::default()
    };
    eprintln!("compiling the component ...");
    let wasm: &'static [u8] = match std::env::var_os("GHL_BENCH_COMPONENT") {
        Some(path) => Box::leak(std::fs::read(path)?.into_boxed_slice()),
        None => COMPONENT_WASM,
    };
    let pooled: &'static Connector =
        Box::leak(Box::new(Connector::with_limits(wasm, pooled_limits)?));
    let on_demand: &'static Connector = Box::leak(Box::new(Connector::from_bytes(wasm)?));

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut report = rt.block_on(async {
        let mut rows = Vec::new();
        let clients: Vec<(&'static str, Make)> = vec![
            (NATIVE, Box::new(|| Box::pin(async { Worker::Native }))),
            (
                NATIVE_KEEP,
                Box::new(|| Box::pin(async { Worker::NativeKeepAlive(None) })),
            ),
            (FRESH, Box::new(move || Box::pin(async move { Worker::Fresh(pooled) }))),
            (
                REUSED,
                Box::new(move || {
                    Box::pin(async move {
                        Worker::Reused(Box::new(
                            pooled
                                .instantiate(&env.transport)
                                .await
                                .expect("instantiate"),
                        ))
                    })
                }),
            ),
        ];
        let only = std::env::var("GHL_BENCH_ONLY").ok();
        let clients: Vec<_> = clients
            .into_iter()
            .filter(|(name, _)| only.as_deref().is_none_or(|o| name.contains(o)))
            .collect();
        if !clients.is_empty() {
            eprintln!("measuring: {} clients, calls in turn ...", clients.len());
            let read = measure(env, &env.read, &clients).await?;
            let write = measure(env, &env.write, &clients).await?;
            for (i, (name, _)) in clients.iter().enumerate() {
                rows.push((*name, [read[i], write[i]]));
            }
        }
        if only.as_deref() == Some("offline") {
            for w in [&env.read, &env.write] {
                let [native, reused, fresh] = offline(env, w, pooled).await?;
                println!("{} without the network, p50: native {native} µs, reused {reused} µs, fresh {fresh} µs", w.label);
            }
        }
        if only.is_some() {
            for (name, [read, write]) in &rows {
                println!("{name}: read p50 {:.0} µs, {:.0}/s; write p50 {:.0} µs, {:.0}/s",
                    read.p50_us, read.per_s_1, write.p50_us, write.per_s_1);
            }
            std::process::exit(0);
        }
        eprintln!("measuring: per-call work without the network ...");
        let offline = [
            offline(env, &env.read, pooled).await?,
            offline(env, &env.write, pooled).await?,
        ];
        eprintln!("measuring: instantiation, memory ...");
        let instantiate_pooled = instantiate_times(pooled, &env.transport, calls).await?;
        let instantiate_on_demand = instantiate_times(on_demand, &env.transport, calls).await?;
        let memory_per_instance = memory_per_instance(on_demand, env).await?;
        Ok::<_, anyhow::Error>(Report {
            size: wasm.len() as u64,
            instantiate_pooled,
            instantiate_on_demand,
            rows,
            memory_per_instance,
            offline,
            cold_component: (0.0, Value::Null),
            cold_node: None,
            node_skipped: None,
            node_version: None,
        })
    })?;

    eprintln!("measuring: cold starts ...");
    let cwasm = std::env::temp_dir().join(format!("ghl-bench-{}.cwasm", std::process::id()));
    std::fs::write(&cwasm, Connector::precompile(wasm, &Limits::default())?)?;
    let exe = std::env::current_exe()?;
    report.cold_component = cold_starts(|| {
        let mut command = Command::new(&exe);
        command.arg("--cold-start").arg(&cwasm).arg(&env.base_url);
        command
    })?;
    let _ = std::fs::remove_file(&cwasm);

    match node_unavailable() {
        Some(why) => report.node_skipped = Some(why),
        None => {
            eprintln!("measuring: Node SDK ...");
            report.cold_node = Some(cold_starts(|| node_command(env, "cold"))?);
            let out = node_command(env, "run").output()?;
            ensure!(
                out.status.success(),
                "the Node SDK run failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let result: Value = serde_json::from_slice(&out.stdout).context("Node SDK output")?;
            report.rows.push((
                NODE,
                [
                    node_measured(&result["read"]),
                    node_measured(&result["write"]),
                ],
            ));
            report.node_version = result["node"].as_str().map(str::to_string);
        }
    }

    let refused = served.refused.load(Ordering::Relaxed);
    ensure!(
        refused == 0,
        "the mock refused {refused} requests as different from the fixtures"
    );
    print_report(&report);
    let Transport::Network { pool, .. } = &env.transport else {
        unreachable!("the component's clients use the network");
    };
    println!(
        "\n{} requests answered, none refused; the component's host opened {} connections",
        served.answered.load(Ordering::Relaxed),
        pool.opened()
    );
    Ok(())
}

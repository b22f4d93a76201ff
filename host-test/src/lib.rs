//! A wasmtime host for the GoHighLevel connector component.
//!
//! It loads the component once, instantiates it per call, and routes every
//! outgoing WASI-HTTP request through a [`Transport`]: a [`Mock`] that
//! records requests and answers from a script (tests, no network), or the
//! real network restricted to one host (the `ghl` runner).

use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiBody, WasiHttpCtx, WasiHttpCtxView, WasiHttpHooks, WasiHttpView};

pub mod pool;
pub mod sandbox;

mod bindings {
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "ghl-connector",
        exports: { default: async },
    });
}

pub use bindings::exports::ghl::connector::connector::{
    ActionOutput, ApiFailure, AuthorizeOptions, CallPolicy, Choice, Connection, ConnectorError,
    Event, Failure, FieldProblem, ForbiddenFailure, OauthApp, OauthRefresh, OauthTokens, Operation,
    OperationKind, OptionList, OptionSource, PollOptions, PollResult, RateLimitFailure,
    SignatureScheme, StaleDelivery, TokenKind, TooLargeFailure, TriggerMode, UserType,
    WebhookError, WebhookEvent, WebhookKeys,
};

/// The component bytes, built by `build.rs` from the workspace root crate.
pub const COMPONENT_WASM: &[u8] = include_bytes!(env!("GHL_COMPONENT_WASM"));

/// Instantiates the component for one call through `transport` and calls
/// one export; a trap becomes the outer error.
macro_rules! call {
    ($self:ident, $transport:expr, $method:ident $(, $arg:expr)*) => {{
        let (mut store, instance) = $self.instance($transport).await?;
        instance
            .ghl_connector_connector()
            .$method(&mut store $(, $arg)*)
            .await
            .map_err(|e| $self.stopped(e))
    }};
}

/// What the host allows one call: wall time inside the component and
/// linear memory. A call past either is stopped with a clear error; the
/// next call gets a fresh instance.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// From instantiation to the end of the call, requests included
    /// (epoch interruption, checked while the component runs).
    pub call_deadline: Duration,
    /// The most linear memory an instance may grow to.
    pub memory_bytes: usize,
    /// Instances the pooling allocator keeps slots for (memory reserved up
    /// front, reused from call to call); `None` allocates each instance on
    /// demand. A pool makes instantiation several times faster; a call
    /// beyond the pool's size fails instead of waiting.
    pub pooled_instances: Option<u32>,
}

impl Default for Limits {
    /// Five minutes (a poll may walk 20 pages at 30 s each at worst) and
    /// 256 MiB (the largest response is 8 MiB of JSON).
    fn default() -> Limits {
        Limits {
            call_deadline: Duration::from_secs(300),
            memory_bytes: 256 * 1024 * 1024,
            pooled_instances: None,
        }
    }
}

/// How often the epoch advances: the granularity of `call_deadline`.
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Poll options with every field left to the component's default.
pub const DEFAULT_POLL_OPTIONS: PollOptions = PollOptions {
    max_events: None,
    samples: None,
    max_pages: None,
};

/// The default GHL API origin.
pub const DEFAULT_BASE_URL: &str = "https://services.leadconnectorhq.com";

/// One request the component sent.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Scheme and authority, e.g. `https://services.leadconnectorhq.com`.
    pub origin: String,
    /// The path as sent (still percent-encoded), without the query.
    pub path: String,
    /// The raw query string (without `?`), if any.
    pub query: Option<String>,
    /// Header names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Query pairs, percent-decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query.as_deref().map(query_pairs).unwrap_or_default()
    }

    /// The body parsed as JSON (`None` when empty).
    pub fn json_body(&self) -> Option<serde_json::Value> {
        if self.body.is_empty() {
            None
        } else {
            serde_json::from_slice(&self.body).ok()
        }
    }
}

/// Strict RFC 3986 percent-decoding (no `+` to space).
/// Serves HTTP/1.1 on `listener` forever, one task per connection, each
/// request answered by `handler` (the sandbox, `ghl serve`).
pub async fn serve_http<F, Fut, B>(listener: tokio::net::TcpListener, handler: F) -> Result<()>
where
    F: Fn(hyper::Request<hyper::body::Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<hyper::Response<B>>> + Send + 'static,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    loop {
        let (stream, _) = listener.accept().await?;
        // Answers go out whole, at once (no Nagle wait behind an ACK).
        let _ = stream.set_nodelay(true);
        let handler = handler.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(handler);
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

/// The decoded `name=value` pairs of a query string, in order.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

pub fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A scripted answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Hold the answer back this long (to exercise timeouts).
    pub delay: Option<Duration>,
    /// Drop the connection instead of answering.
    pub reset: bool,
    /// Send the body in four pieces with this gap between them (a gap at
    /// or past the request's between-bytes timeout ends in that timeout).
    pub chunk_gap: Option<Duration>,
}

impl Reply {
    /// These bytes as the body, with no headers (add them with `header`).
    pub fn bytes(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
            delay: None,
            reset: false,
            chunk_gap: None,
        }
    }
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::bytes(status, body.to_string().into_bytes())
            .header("content-type", "application/json")
    }
    /// The body trickles in: four pieces, `gap` apart.
    pub fn slow(mut self, gap: Duration) -> Reply {
        self.chunk_gap = Some(gap);
        self
    }

    /// The connection drops before any answer.
    pub fn reset() -> Reply {
        Reply {
            reset: true,
            ..Reply::bytes(0, Vec::new())
        }
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// Records every request and answers with the next scripted reply. With
/// nothing scripted it refuses the request (the component sees
/// `HttpRequestDenied`), so an unexpected request fails loudly.
#[derive(Default)]
pub struct Mock {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
}

impl Mock {
    pub fn new() -> Arc<Mock> {
        Arc::new(Mock::default())
    }
    pub fn reply(&self, reply: Reply) {
        self.replies.lock().unwrap().push_back(reply);
    }
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

/// Where the component's requests go.
#[derive(Clone)]
pub enum Transport {
    /// Nothing leaves the process: a script answers.
    Mock(Arc<Mock>),
    /// Nothing leaves the process: the offline GHL look-alike answers.
    Sandbox(Arc<sandbox::Sandbox>),
    /// The real network, only to this origin (`https://host[:port]`);
    /// anything else is denied and written down in `watch`.
    Network {
        allowed_origin: String,
        timeout: Duration,
        watch: Arc<Watch>,
        /// Connections kept open between requests (and calls).
        pool: Arc<pool::ConnectionPool>,
    },
}

impl Transport {
    /// The real network to `allowed_origin` only, with a new connection
    /// pool.
    pub fn network(allowed_origin: String, timeout: Duration, watch: Arc<Watch>) -> Transport {
        Transport::Network {
            allowed_origin,
            timeout,
            watch,
            pool: pool::ConnectionPool::new(),
        }
    }
}

/// What a host wants to see of the component's outgoing requests.
#[derive(Default)]
pub struct Watch {
    /// Print each request's method and path on stderr (progress).
    pub progress: bool,
    denied: Mutex<Vec<String>>,
    sent: Mutex<u64>,
}

impl Watch {
    pub fn new(progress: bool) -> Arc<Watch> {
        Arc::new(Watch {
            progress,
            ..Watch::default()
        })
    }
    /// The origins the component tried to reach and was refused.
    pub fn denied(&self) -> Vec<String> {
        self.denied.lock().unwrap().clone()
    }
    /// How many requests went out.
    pub fn sent(&self) -> u64 {
        *self.sent.lock().unwrap()
    }
    fn note(&self, method: &http::Method, uri: &http::Uri) {
        let n = {
            let mut sent = self.sent.lock().unwrap();
            *sent += 1;
            *sent
        };
        if self.progress {
            eprintln!("  [{n}] {method} {}", uri.path());
        }
    }
}

struct Hooks {
    transport: Transport,
}

type SendFuture = Box<
    dyn Future<
            Output = Result<
                (
                    http::Response<WasiBody>,
                    Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>,
                ),
                wasmtime_wasi_http::Error,
            >,
        > + Send,
>;

fn origin_of(uri: &http::Uri) -> String {
    format!(
        "{}://{}",
        uri.scheme_str().unwrap_or("https"),
        uri.authority().map(|a| a.as_str()).unwrap_or("")
    )
}

impl WasiHttpHooks for Hooks {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<wasmtime_wasi_http::RequestOptions>,
        _fut: Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>,
    ) -> SendFuture {
        let transport = self.transport.clone();
        Box::new(async move {
            match transport {
                Transport::Mock(mock) => {
                    answer_locally(request, options, move |recorded| {
                        mock.requests.lock().unwrap().push(recorded.clone());
                        mock.replies.lock().unwrap().pop_front()
                    })
                    .await
                }
                Transport::Sandbox(sandbox) => {
                    answer_locally(request, options, move |recorded| {
                        Some(sandbox_reply(&sandbox, recorded))
                    })
                    .await
                }
                Transport::Network {
                    allowed_origin,
                    timeout,
                    watch,
                    pool,
                } => {
                    let origin = origin_of(request.uri());
                    if origin != allowed_origin {
                        watch.denied.lock().unwrap().push(origin);
                        return Err(wasmtime_wasi_http::Error::HttpRequestDenied);
                    }
                    watch.note(request.method(), request.uri());
                    let options = options.unwrap_or_default();
                    let timeouts = pool::Timeouts {
                        connect: options.connect_timeout.unwrap_or(Duration::from_secs(10)),
                        first_byte: options.first_byte_timeout.unwrap_or(timeout),
                        between_bytes: options.between_bytes_timeout.unwrap_or(timeout),
                    };
                    let response = pool.send(request, timeouts).await?;
                    Ok((response, Box::new(async { Ok(()) }) as IoFuture))
                }
            }
        })
    }
}

type IoFuture = Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>;

/// Records a request and answers it in process (a script or the sandbox).
async fn answer_locally(
    request: http::Request<WasiBody>,
    options: Option<wasmtime_wasi_http::RequestOptions>,
    answer: impl FnOnce(&Recorded) -> Option<Reply>,
) -> Result<(http::Response<WasiBody>, IoFuture), wasmtime_wasi_http::Error> {
    let (parts, body) = request.into_parts();
    // waki writes the body after handing over the request: collect it
    // here, inside the future.
    let body = body.collect().await?.to_bytes().to_vec();
    let recorded = Recorded {
        method: parts.method.to_string(),
        origin: origin_of(&parts.uri),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body,
    };
    let Some(reply) = answer(&recorded) else {
        return Err(wasmtime_wasi_http::Error::HttpRequestDenied);
    };
    if reply.reset {
        return Err(wasmtime_wasi_http::Error::ConnectionTerminated);
    }
    if let Some(delay) = reply.delay {
        let first_byte = options
            .and_then(|o| o.first_byte_timeout)
            .unwrap_or(Duration::from_secs(30));
        if delay >= first_byte {
            return Err(wasmtime_wasi_http::Error::ConnectionReadTimeout);
        }
        tokio::time::sleep(delay).await;
    }
    let mut response = http::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(name, value);
    }
    let body = match reply.chunk_gap {
        None => Full::new(Bytes::from(reply.body))
            .map_err(|never| match never {})
            .boxed_unsync(),
        Some(gap) => {
            let between = options
                .and_then(|o| o.between_bytes_timeout)
                .unwrap_or(Duration::from_secs(30));
            let size = reply.body.len().div_ceil(4).max(1);
            SlowBody {
                chunks: reply
                    .body
                    .chunks(size)
                    .map(Bytes::copy_from_slice)
                    .collect(),
                gap,
                times_out: gap >= between,
                sleep: None,
                fail_next: false,
            }
            .boxed_unsync()
        }
    };
    let response = response
        .body(body)
        .map_err(|_| wasmtime_wasi_http::Error::HttpProtocolError)?;
    Ok((response, Box::new(async { Ok(()) }) as IoFuture))
}

/// A response body that arrives in pieces, `gap` apart; when the gap
/// reaches the between-bytes timeout, the read after the first piece
/// fails with that timeout, as the host's network stack would.
struct SlowBody {
    chunks: VecDeque<Bytes>,
    gap: Duration,
    times_out: bool,
    sleep: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
    fail_next: bool,
}

impl hyper::body::Body for SlowBody {
    type Data = Bytes;
    type Error = wasmtime_wasi_http::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        use std::task::Poll;
        let this = &mut *self;
        if this.fail_next {
            return Poll::Ready(Some(Err(wasmtime_wasi_http::Error::ConnectionReadTimeout)));
        }
        if let Some(sleep) = this.sleep.as_mut() {
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.sleep = None;
        }
        let Some(chunk) = this.chunks.pop_front() else {
            return Poll::Ready(None);
        };
        if !this.chunks.is_empty() {
            if this.times_out {
                this.fail_next = true;
            } else {
                this.sleep = Some(Box::pin(tokio::time::sleep(this.gap)));
            }
        }
        Poll::Ready(Some(Ok(hyper::body::Frame::data(chunk))))
    }
}

/// The sandbox's answer to a recorded request.
fn sandbox_reply(sandbox: &sandbox::Sandbox, recorded: &Recorded) -> Reply {
    let answer = sandbox.handle(&sandbox::SandboxRequest {
        method: recorded.method.clone(),
        path: recorded.path.clone(),
        query: recorded.query_pairs(),
        headers: recorded.headers.clone(),
        body: recorded.body.clone(),
    });
    let mut reply = Reply::bytes(answer.status, answer.body);
    for (name, value) in answer.headers {
        reply = reply.header(&name, &value);
    }
    reply
}

struct HostState {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    hooks: Hooks,
    limits: wasmtime::StoreLimits,
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for HostState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}

/// The loaded component: compile once, instantiate per call.
pub struct Connector {
    engine: Engine,
    limits: Limits,
    pre: bindings::GhlConnectorPre<HostState>,
    /// The same component as a `wasi:http` service.
    proxy: wasmtime_wasi_http::p2::bindings::ProxyPre<HostState>,
}

impl Connector {
    /// Compiles the embedded component.
    pub fn load() -> Result<Connector> {
        Connector::from_bytes(COMPONENT_WASM)
    }

    pub fn from_bytes(wasm: &[u8]) -> Result<Connector> {
        Connector::with_limits(wasm, Limits::default())
    }

    /// Compiles a component to run under these limits.
    pub fn with_limits(wasm: &[u8], limits: Limits) -> Result<Connector> {
        let engine = engine(&limits)?;
        let component = Component::new(&engine, wasm).map_err(|e| anyhow!("{e}"))?;
        Connector::assemble(engine, &component, limits)
    }

    /// Compiles a component ahead of time for [`Connector::from_precompiled`]
    /// (same wasmtime version and limits; the bytes are native code).
    pub fn precompile(wasm: &[u8], limits: &Limits) -> Result<Vec<u8>> {
        engine(limits)?
            .precompile_component(wasm)
            .map_err(|e| anyhow!("{e}"))
    }

    /// Loads a component that [`Connector::precompile`] compiled: no
    /// compilation at start, only a check that this wasmtime made it.
    ///
    /// # Safety
    /// The bytes are executed as native code: they must come from
    /// [`Connector::precompile`] (for example a file this host wrote), never
    /// from an untrusted source.
    pub unsafe fn from_precompiled(bytes: &[u8], limits: Limits) -> Result<Connector> {
        let engine = engine(&limits)?;
        // SAFETY: the caller guarantees the bytes came from `precompile`.
        let component =
            unsafe { Component::deserialize(&engine, bytes) }.map_err(|e| anyhow!("{e}"))?;
        Connector::assemble(engine, &component, limits)
    }

    /// [`Connector::from_precompiled`] from a file, mapped rather than read
    /// (the fastest start: pages of native code load as they run).
    ///
    /// # Safety
    /// As for [`Connector::from_precompiled`]: the file must have been
    /// written from [`Connector::precompile`]'s bytes by a trusted host.
    pub unsafe fn from_precompiled_file(path: &Path, limits: Limits) -> Result<Connector> {
        let engine = engine(&limits)?;
        // SAFETY: the caller guarantees the file came from `precompile`.
        let component =
            unsafe { Component::deserialize_file(&engine, path) }.map_err(|e| anyhow!("{e}"))?;
        Connector::assemble(engine, &component, limits)
    }

    /// The embedded component, compiled once per build of this host and
    /// kept in `dir`: later starts load the native code instead of
    /// compiling it (milliseconds instead of a quarter to a whole second).
    /// A cache that cannot be read or written only costs the compile.
    pub fn load_cached(dir: &Path) -> Result<Connector> {
        let limits = Limits::default();
        let engine = engine(&limits)?;
        let mut key = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(COMPONENT_WASM, &mut key);
        std::hash::Hash::hash(&engine.precompile_compatibility_hash(), &mut key);
        let path = dir.join(format!(
            "ghl-connector-{:016x}.cwasm",
            std::hash::Hasher::finish(&key)
        ));
        if path.exists() {
            // SAFETY: only this function writes files of this name, from
            // `Component::serialize` of the embedded component; a file that
            // does not match this wasmtime is refused by the check and
            // recompiled below.
            if let Ok(component) = unsafe { Component::deserialize_file(&engine, &path) } {
                return Connector::assemble(engine, &component, limits);
            }
        }
        let component = Component::new(&engine, COMPONENT_WASM).map_err(|e| anyhow!("{e}"))?;
        if let Ok(bytes) = component.serialize() {
            // Written whole, then renamed: a concurrent start never maps a
            // half-written file.
            let partial = path.with_extension(format!("{}.tmp", std::process::id()));
            let written = std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(&partial, bytes))
                .and_then(|()| std::fs::rename(&partial, &path));
            if written.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
        }
        Connector::assemble(engine, &component, limits)
    }

    /// Links a compiled component and pre-instantiates it: after this, an
    /// instance costs only its allocation and initialisation.
    fn assemble(engine: Engine, component: &Component, limits: Limits) -> Result<Connector> {
        // Advance the epoch while the engine lives.
        let weak = engine.weak();
        std::thread::spawn(move || {
            while let Some(engine) = weak.upgrade() {
                engine.increment_epoch();
                drop(engine);
                std::thread::sleep(EPOCH_TICK);
            }
        });
        let mut linker = Linker::<HostState>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(|e| anyhow!("{e}"))?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)
            .map_err(|e| anyhow!("{e}"))?;
        let instance_pre = linker
            .instantiate_pre(component)
            .map_err(|e| anyhow!("{e}"))?;
        let pre =
            bindings::GhlConnectorPre::new(instance_pre.clone()).map_err(|e| anyhow!("{e}"))?;
        let proxy = wasmtime_wasi_http::p2::bindings::ProxyPre::new(instance_pre)
            .map_err(|e| anyhow!("{e}"))?;
        Ok(Connector {
            engine,
            limits,
            pre,
            proxy,
        })
    }

    /// The error for a call the host stopped or the component trapped in.
    fn stopped(&self, e: wasmtime::Error) -> anyhow::Error {
        let text = format!("{e:?}");
        if e.downcast_ref::<wasmtime::Trap>() == Some(&wasmtime::Trap::Interrupt) {
            anyhow!(
                "the call ran past its deadline of {:?} and was stopped",
                self.limits.call_deadline
            )
        } else if text.contains("memory") && text.contains("grow") {
            anyhow!(
                "the component went over its memory limit of {} MiB and was stopped",
                self.limits.memory_bytes / (1024 * 1024)
            )
        } else {
            anyhow!("component trapped: {e}")
        }
    }

    /// Runs the `func()` export `name` of another component under this
    /// host's limits and linker (the tests use a deliberately misbehaving
    /// one to show the limits hold).
    pub async fn run_foreign(&self, wasm: &[u8], name: &str) -> Result<()> {
        let component = Component::new(&self.engine, wasm).map_err(|e| anyhow!("{e}"))?;
        let mut linker = Linker::<HostState>::new(&self.engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(|e| anyhow!("{e}"))?;
        let mut store = self.store(&Transport::Mock(Mock::new()), &[]);
        let instance = linker
            .instantiate_async(&mut store, &component)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        let func = instance
            .get_typed_func::<(), ()>(&mut store, name)
            .map_err(|e| anyhow!("{e}"))?;
        func.call_async(&mut store, ())
            .await
            .map_err(|e| self.stopped(e))
    }

    fn store(&self, transport: &Transport, env: &[(String, String)]) -> Store<HostState> {
        let mut wasi = WasiCtx::builder();
        for (name, value) in env {
            wasi.env(name, value);
        }
        let state = HostState {
            wasi: wasi.build(),
            http: WasiHttpCtx::new(),
            table: ResourceTable::new(),
            hooks: Hooks {
                transport: transport.clone(),
            },
            limits: wasmtime::StoreLimitsBuilder::new()
                .memory_size(self.limits.memory_bytes)
                .trap_on_grow_failure(true)
                .build(),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.limits);
        self.arm_deadline(&mut store);
        store.epoch_deadline_trap();
        store
    }

    /// Gives the store's next call the whole `call_deadline`.
    fn arm_deadline(&self, store: &mut Store<HostState>) {
        let ticks = self.limits.call_deadline.as_millis() / EPOCH_TICK.as_millis();
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX).max(1));
    }

    /// Serves one HTTP request with the component's `wasi:http` handler.
    /// `env` is the environment the component sees (`GHL_BASE_URL`, webhook
    /// keys); its outgoing requests go through `transport`.
    pub async fn handle_http<B>(
        &self,
        request: hyper::Request<B>,
        transport: &Transport,
        env: &[(String, String)],
    ) -> Result<hyper::Response<wasmtime_wasi_http::p2::body::HyperOutgoingBody>>
    where
        B: hyper::body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<wasmtime_wasi_http::Error>,
    {
        use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
        let mut store = self.store(transport, env);
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let req = store
            .data_mut()
            .http()
            .new_incoming_request(Scheme::Http, request)
            .map_err(|e| anyhow!("{e}"))?;
        let out = store
            .data_mut()
            .http()
            .new_response_outparam(sender)
            .map_err(|e| anyhow!("{e}"))?;
        let proxy = self.proxy.clone();
        let task = tokio::task::spawn(async move {
            let proxy = proxy.instantiate_async(&mut store).await?;
            proxy
                .wasi_http_incoming_handler()
                .call_handle(store, req, out)
                .await
        });
        match receiver.await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(code)) => Err(anyhow!("the component answered with error {code:?}")),
            Err(_) => match task.await {
                Ok(Ok(())) => Err(anyhow!("the component never set a response")),
                Ok(Err(e)) => Err(self.stopped(e)),
                Err(e) => Err(anyhow!("{e}")),
            },
        }
    }

    async fn instance(
        &self,
        transport: &Transport,
    ) -> Result<(Store<HostState>, bindings::GhlConnector)> {
        let mut store = self.store(transport, &[]);
        let instance = self
            .pre
            .instantiate_async(&mut store)
            .await
            .map_err(|e| anyhow!("{e}"))
            .context("instantiate the component")?;
        Ok((store, instance))
    }

    /// An instance kept for many calls through `transport`: it saves the
    /// instantiation per call, but its linear memory lives on between them.
    /// After a call fails with an outer `Err` (a trap, a limit), drop it.
    pub async fn instantiate(&self, transport: &Transport) -> Result<Instance<'_>> {
        let (store, bindings) = self.instance(transport).await?;
        Ok(Instance {
            connector: self,
            store,
            bindings,
        })
    }

    /// The catalog. Makes no request.
    pub async fn operations(&self) -> Result<Vec<Operation>> {
        // No request: a mock with no replies denies any.
        call!(self, &Transport::Mock(Mock::new()), call_operations)
    }

    /// Runs an operation once. The outer `Err` is a host failure or a trap
    /// (a bug); the inner one is the component's typed error.
    pub async fn run_action(
        &self,
        transport: &Transport,
        conn: &Connection,
        key: &str,
        input: &str,
    ) -> Result<Result<ActionOutput, Failure>> {
        call!(self, transport, call_run_action, conn, key, input)
    }

    /// Polls a trigger.
    pub async fn poll_trigger(
        &self,
        transport: &Transport,
        conn: &Connection,
        key: &str,
        input: &str,
        state: Option<&str>,
        options: PollOptions,
    ) -> Result<Result<PollResult, Failure>> {
        call!(
            self,
            transport,
            call_poll_trigger,
            conn,
            key,
            input,
            state,
            options
        )
    }

    /// Verifies a webhook delivery. Makes no request.
    pub async fn verify_webhook(
        &self,
        body: &[u8],
        headers: &[(String, String)],
        keys: &WebhookKeys,
    ) -> Result<Result<WebhookEvent, WebhookError>> {
        // No request: a mock with no replies denies any.
        call!(
            self,
            &Transport::Mock(Mock::new()),
            call_verify_webhook,
            body,
            headers,
            keys
        )
    }

    /// The choices of a dropdown field, given the form filled so far.
    pub async fn list_options(
        &self,
        transport: &Transport,
        conn: &Connection,
        key: &str,
        field: &str,
        input: &str,
    ) -> Result<Result<OptionList, Failure>> {
        call!(self, transport, call_list_options, conn, key, field, input)
    }

    /// The OAuth authorization page URL. Makes no request.
    pub async fn authorize_url(
        &self,
        client_id: &str,
        redirect_uri: &str,
        keys: &[String],
        options: &AuthorizeOptions,
    ) -> Result<Result<String, ConnectorError>> {
        // No request: a mock with no replies denies any.
        call!(
            self,
            &Transport::Mock(Mock::new()),
            call_authorize_url,
            client_id,
            redirect_uri,
            keys,
            options
        )
    }

    /// Exchanges an authorization code for tokens.
    pub async fn exchange_code(
        &self,
        transport: &Transport,
        app: &OauthApp,
        code: &str,
        redirect_uri: Option<&str>,
        user_type: UserType,
        base_url: Option<&str>,
    ) -> Result<Result<OauthTokens, ConnectorError>> {
        call!(
            self,
            transport,
            call_exchange_code,
            app,
            code,
            redirect_uri,
            user_type,
            base_url
        )
    }

    /// Refreshes tokens with a refresh token.
    pub async fn refresh_tokens(
        &self,
        transport: &Transport,
        app: &OauthApp,
        refresh_token: &str,
        user_type: UserType,
        base_url: Option<&str>,
    ) -> Result<Result<OauthTokens, ConnectorError>> {
        call!(
            self,
            transport,
            call_refresh_tokens,
            app,
            refresh_token,
            user_type,
            base_url
        )
    }

    /// A location token from an agency token.
    pub async fn location_token(
        &self,
        transport: &Transport,
        conn: &Connection,
        company_id: &str,
        location_id: &str,
    ) -> Result<Result<OauthTokens, ConnectorError>> {
        call!(
            self,
            transport,
            call_location_token,
            conn,
            company_id,
            location_id
        )
    }
}

/// One live instance of the component, reused call after call
/// (see [`Connector::instantiate`]).
pub struct Instance<'a> {
    connector: &'a Connector,
    store: Store<HostState>,
    bindings: bindings::GhlConnector,
}

impl Instance<'_> {
    /// [`Connector::run_action`] on this instance.
    pub async fn run_action(
        &mut self,
        conn: &Connection,
        key: &str,
        input: &str,
    ) -> Result<Result<ActionOutput, Failure>> {
        self.connector.arm_deadline(&mut self.store);
        self.bindings
            .ghl_connector_connector()
            .call_run_action(&mut self.store, conn, key, input)
            .await
            .map_err(|e| self.connector.stopped(e))
    }
}

/// The engine every connector runs on: epoch interruption for deadlines,
/// and the pooling allocator when the limits ask for one.
fn engine(limits: &Limits) -> Result<Engine> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    if std::env::var_os("GHL_PERF_MAP").is_some() {
        // Names the component's functions for `perf` (/tmp/perf-<pid>.map).
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    if let Some(slots) = limits.pooled_instances {
        let mut pool = wasmtime::PoolingAllocationConfig::default();
        pool.total_component_instances(slots)
            .max_memory_size(limits.memory_bytes)
            .total_memories(slots * POOL_PER_INSTANCE)
            .total_tables(slots * POOL_PER_INSTANCE)
            .total_core_instances(slots * POOL_PER_INSTANCE)
            .max_core_instances_per_component(POOL_PER_INSTANCE)
            .max_memories_per_component(POOL_PER_INSTANCE)
            .max_tables_per_component(POOL_PER_INSTANCE);
        // Reset a slot's memory by rewriting only the pages a call
        // touched (Linux 6.7+ PAGEMAP_SCAN; elsewhere a no-op) and keep
        // them mapped: the next instance takes no page faults and the
        // drop no `madvise`. Measured by `cargo bench`: a fresh instance
        // per call costs about half as much as with the default reset.
        pool.linear_memory_keep_resident(KEEP_RESIDENT)
            .table_keep_resident(KEEP_RESIDENT)
            .pagemap_scan(wasmtime::Enabled::Auto);
        config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));
    }
    Engine::new(&config).map_err(|e| anyhow!("{e}"))
}

/// At most this much of a pooled slot's linear memory (and table) stays
/// resident between instances; a call touches far less (see the memory per
/// live instance in `cargo bench`).
const KEEP_RESIDENT: usize = 4 * 1024 * 1024;

/// Pool slots per component instance for core instances, memories and
/// tables (the component has a few core modules: the guest and its shims).
const POOL_PER_INSTANCE: u32 = 8;

/// JSON view of OAuth tokens, for test assertions (a host stores them; it
/// never prints them).
pub fn tokens_json(t: &OauthTokens) -> serde_json::Value {
    serde_json::json!({
        "access_token": t.access_token,
        "refresh_token": t.refresh_token,
        "expires_at_ms": t.expires_at_ms,
        "scope": t.scope,
        "user_type": t.user_type.map(|u| match u {
            UserType::Location => "Location",
            UserType::Company => "Company",
        }),
        "location_id": t.location_id,
        "company_id": t.company_id,
        "user_id": t.user_id,
    })
}

/// JSON view of dropdown choices, as `ghl options` prints them.
pub fn choices_json(choices: &[Choice]) -> serde_json::Value {
    choices
        .iter()
        .map(|c| serde_json::json!({"value": c.value, "label": c.label, "detail": c.detail}))
        .collect()
}

/// The name of a trigger mode, as the WIT spells it.
pub fn trigger_mode_name(mode: TriggerMode) -> &'static str {
    match mode {
        TriggerMode::NewItems => "new-items",
        TriggerMode::NewOrUpdated => "new-or-updated",
        TriggerMode::Changes => "changes",
    }
}

/// JSON view of a poll result (event data parsed), as `ghl poll` prints it.
pub fn poll_json(result: &PollResult) -> serde_json::Value {
    serde_json::json!({
        "events": result.events.iter().map(|e: &Event| serde_json::json!({
            "id": e.id,
            "timestamp_ms": e.timestamp_ms,
            "data": serde_json::from_str::<serde_json::Value>(&e.data).unwrap_or(serde_json::Value::Null),
        })).collect::<Vec<_>>(),
        "more": result.more,
    })
}

/// JSON view of a verified webhook delivery, as `ghl webhook verify`
/// prints it.
pub fn webhook_event_json(event: &WebhookEvent) -> serde_json::Value {
    serde_json::json!({
        "trigger": event.trigger,
        "event_type": event.event_type,
        "webhook_id": event.webhook_id,
        "timestamp_ms": event.timestamp_ms,
        "location_id": event.location_id,
        "scheme": match event.scheme {
            SignatureScheme::Ed25519 => "ed25519",
            SignatureScheme::RsaSha256 => "rsa-sha256",
        },
        "data": serde_json::from_str::<serde_json::Value>(&event.data).unwrap_or(serde_json::Value::Null),
    })
}

/// JSON view of a refused webhook delivery.
pub fn webhook_error_json(err: &WebhookError) -> serde_json::Value {
    use serde_json::json;
    match err {
        WebhookError::Unsigned(m) => json!({"kind": "unsigned", "message": m}),
        WebhookError::BadSignature(m) => json!({"kind": "bad-signature", "message": m}),
        WebhookError::Stale(s) => json!({
            "kind": "stale",
            "webhook_id": s.webhook_id,
            "timestamp_ms": s.timestamp_ms,
            "age_ms": s.age_ms,
        }),
        WebhookError::Malformed(m) => json!({"kind": "malformed", "message": m}),
        WebhookError::InvalidKey(m) => json!({"kind": "invalid-key", "message": m}),
    }
}

/// JSON view of an error, for the CLI and for test assertions.
pub fn error_json(err: &ConnectorError) -> serde_json::Value {
    use serde_json::json;
    let failure =
        |f: &ApiFailure| json!({"status": f.status, "message": f.message, "trace_id": f.trace_id});
    match err {
        ConnectorError::UnknownOperation(m) => json!({"kind": "unknown-operation", "message": m}),
        ConnectorError::InvalidInput(p) => {
            json!({"kind": "invalid-input", "field": p.field, "message": p.message})
        }
        ConnectorError::Unauthenticated(f) => {
            json!({"kind": "unauthenticated", "failure": failure(f)})
        }
        ConnectorError::ReconnectRequired(f) => {
            json!({"kind": "reconnect-required", "failure": failure(f)})
        }
        ConnectorError::Forbidden(f) => json!({
            "kind": "forbidden",
            "failure": failure(&f.failure),
            "required_scopes": f.required_scopes,
        }),
        ConnectorError::NotFound(f) => json!({"kind": "not-found", "failure": failure(f)}),
        ConnectorError::Rejected(f) => json!({"kind": "rejected", "failure": failure(f)}),
        ConnectorError::RateLimited(f) => json!({
            "kind": "rate-limited",
            "failure": failure(&f.failure),
            "retry_after_ms": f.retry_after_ms,
        }),
        ConnectorError::Unavailable(f) => json!({"kind": "unavailable", "failure": failure(f)}),
        ConnectorError::Timeout(m) => json!({"kind": "timeout", "message": m}),
        ConnectorError::MalformedResponse(m) => json!({"kind": "malformed-response", "message": m}),
        ConnectorError::Transport(m) => json!({"kind": "transport", "message": m}),
        ConnectorError::TooLarge(f) => {
            json!({"kind": "too-large", "limit_bytes": f.limit_bytes, "message": f.message})
        }
    }
}

/// JSON view of a catalog entry (schemas parsed), as `ghl ops --json` prints it.
pub fn operation_json(op: &Operation) -> serde_json::Value {
    let parse = |s: &str| serde_json::from_str(s).unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "key": op.key,
        "kind": match op.kind {
            OperationKind::Trigger => "trigger",
            OperationKind::Action => "action",
            OperationKind::Webhook => "webhook",
        },
        "category": op.category,
        "label": op.label,
        "help": op.help,
        "method": op.method,
        "path": op.path,
        "api_version": op.api_version,
        "scopes": op.scopes,
        "token": match op.token {
            TokenKind::Location => "location",
            TokenKind::Agency => "agency",
            TokenKind::Any => "any",
        },
        "input_schema": parse(&op.input_schema),
        "example_input": parse(&op.example_input),
        "output_sample": parse(&op.output_sample),
        "dropdowns": op.dropdowns.iter().map(|d: &OptionSource| serde_json::json!({
            "field": d.field,
            "source": d.source,
            "depends_on": d.depends_on,
        })).collect::<Vec<_>>(),
        "trigger_mode": op.trigger_mode.map(trigger_mode_name),
    })
}

/// The origin (`scheme://host[:port]`) of a base URL, for the network allowlist.
pub fn origin_of_base(base_url: &str) -> Result<String> {
    let uri: http::Uri = base_url.parse().context("base URL")?;
    Ok(origin_of(&uri))
}

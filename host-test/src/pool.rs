//! Outgoing HTTP/1.1 connections kept open between requests, calls and
//! instances.
//!
//! wasmtime-wasi-http's default sender opens a TCP connection (and a TLS
//! session, with a freshly built root store) for every request and closes
//! it after. A connector that polls GHL or runs many actions pays that
//! handshake on each call. This pool keeps idle connections per origin and
//! hands them to the next request, whichever instance sends it. Timeouts
//! apply as the default sender applies its request options.
//!
//! A connection goes back to the pool only after its response body was read
//! to the end and the server did not ask to close it; one idle longer than
//! [`IDLE_TIMEOUT`] is dropped. A request that a reused connection could not
//! even start sending (the server had closed it) moves to a new connection;
//! one that was sent is never sent again here (the component decides what
//! it may retry).

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::client::conn::http1::SendRequest;
use wasmtime_wasi_http::{Error, WasiBody};

/// Idle connections older than this are closed rather than reused (well
/// under the usual 60 s keep-alive of load balancers, so the server rarely
/// closes one we are about to use).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// At most this many idle connections are kept per origin.
const MAX_IDLE_PER_ORIGIN: usize = 64;

/// A request's time limits, resolved by the caller (the request's options,
/// else the host's defaults).
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// TCP connect and TLS handshake, each.
    pub connect: Duration,
    /// From sending the request to the response's head.
    pub first_byte: Duration,
    /// Between two pieces of the response body.
    pub between_bytes: Duration,
}

type Sender = SendRequest<WasiBody>;

struct Idle {
    origin: String,
    sender: Sender,
    since: Instant,
}

/// Open connections by origin (`scheme://host:port`).
#[derive(Default)]
pub struct ConnectionPool {
    idle: Mutex<Vec<Idle>>,
    opened: AtomicU64,
}

impl ConnectionPool {
    pub fn new() -> Arc<ConnectionPool> {
        Arc::new(ConnectionPool::default())
    }

    /// How many connections this pool has opened (reuse shows as fewer
    /// connections than requests).
    pub fn opened(&self) -> u64 {
        self.opened.load(Ordering::Relaxed)
    }

    /// Sends `request` on an idle connection to its origin, or a new one.
    pub async fn send(
        self: &Arc<Self>,
        mut request: http::Request<WasiBody>,
        timeouts: Timeouts,
    ) -> Result<http::Response<WasiBody>, Error> {
        let uri = request.uri();
        let tls = uri.scheme() == Some(&http::uri::Scheme::HTTPS);
        let authority = uri.authority().ok_or(Error::HttpRequestUriInvalid)?;
        let host_port = match authority.port_u16() {
            Some(_) => authority.to_string(),
            None => format!("{authority}:{}", if tls { 443 } else { 80 }),
        };
        let origin = format!("{}://{host_port}", if tls { "https" } else { "http" });
        // On the wire: the path and query only (no proxy form).
        *request.uri_mut() = http::Uri::builder()
            .path_and_query(uri.path_and_query().map_or("/", |p| p.as_str()))
            .build()
            .map_err(|_| Error::HttpRequestUriInvalid)?;

        loop {
            let (mut sender, reused) = match self.checkout(&origin).await {
                Some(sender) => (sender, true),
                None => {
                    let sender = connect(&host_port, tls, timeouts.connect).await?;
                    self.opened.fetch_add(1, Ordering::Relaxed);
                    (sender, false)
                }
            };
            let sent = tokio::time::timeout(timeouts.first_byte, sender.try_send_request(request))
                .await
                .map_err(|_| Error::ConnectionReadTimeout)?;
            match sent {
                Ok(response) => {
                    let keep = !closes(response.headers());
                    return Ok(response.map(|incoming| {
                        PooledBody {
                            incoming,
                            // Tokio refuses a zero period.
                            timeout: interval(timeouts.between_bytes.max(Duration::new(0, 1))),
                            back: keep.then(|| (self.clone(), origin, sender)),
                        }
                        .boxed_unsync()
                    }));
                }
                Err(mut failed) => match failed.take_message() {
                    // Never started on a connection the server had closed:
                    // safe to send on a new one.
                    Some(unsent) if reused => request = unsent,
                    _ => return Err(hyper_error(failed.into_error())),
                },
            }
        }
    }

    /// An idle, ready connection to `origin`, if one is left.
    async fn checkout(&self, origin: &str) -> Option<Sender> {
        loop {
            let idle = {
                let mut all = self.idle.lock().unwrap();
                all.retain(|c| c.since.elapsed() < IDLE_TIMEOUT && !c.sender.is_closed());
                let at = all.iter().rposition(|c| c.origin == origin)?;
                all.swap_remove(at)
            };
            let mut sender = idle.sender;
            // Returned after its body ended, so ready at once unless closed.
            if sender.ready().await.is_ok() {
                return Some(sender);
            }
        }
    }

    fn checkin(&self, origin: String, sender: Sender) {
        if sender.is_closed() {
            return;
        }
        let mut all = self.idle.lock().unwrap();
        if all.iter().filter(|c| c.origin == origin).count() < MAX_IDLE_PER_ORIGIN {
            all.push(Idle {
                origin,
                sender,
                since: Instant::now(),
            });
        }
    }
}

/// A failed exchange as wasi:http reports it.
fn hyper_error(e: hyper::Error) -> Error {
    if e.is_timeout() {
        Error::HttpResponseTimeout
    } else {
        Error::from(e)
    }
}

/// Whether the response ends its connection.
fn closes(headers: &http::HeaderMap) -> bool {
    headers
        .get_all(http::header::CONNECTION)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.eq_ignore_ascii_case("close")))
}

fn interval(period: Duration) -> tokio::time::Interval {
    let mut timer = tokio::time::interval(period);
    timer.reset();
    timer
}

/// The one TLS configuration (webpki roots), built on first use.
fn tls_connector() -> tokio_rustls::TlsConnector {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.into(),
        };
        Arc::new(
            rustls::ClientConfig::builder()
                .with_root_certificates(roots)
                .with_no_client_auth(),
        )
    });
    tokio_rustls::TlsConnector::from(config.clone())
}

/// Opens a connection (TCP, then TLS for https) and starts its I/O task.
async fn connect(host_port: &str, tls: bool, timeout: Duration) -> Result<Sender, Error> {
    let stream = tokio::time::timeout(timeout, tokio::net::TcpStream::connect(host_port))
        .await
        .map_err(|_| Error::ConnectionTimeout)?
        .map_err(Error::Connect)?;
    let _ = stream.set_nodelay(true);
    if !tls {
        return handshake(stream, timeout).await;
    }
    let host = match host_port.parse::<std::net::SocketAddr>() {
        Ok(addr) => rustls::pki_types::ServerName::from(addr.ip()),
        Err(_) => {
            let name = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
            rustls::pki_types::ServerName::try_from(name.to_string())
                .map_err(|_| Error::HttpRequestUriInvalid)?
        }
    };
    let stream = tokio::time::timeout(timeout, tls_connector().connect(host, stream))
        .await
        .map_err(|_| Error::ConnectionTimeout)?
        .map_err(Error::Tls)?;
    handshake(stream, timeout).await
}

async fn handshake<S>(stream: S, timeout: Duration) -> Result<Sender, Error>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin + 'static,
{
    let (sender, connection) = tokio::time::timeout(
        timeout,
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)),
    )
    .await
    .map_err(|_| Error::ConnectionTimeout)??;
    // The connection's I/O runs on its own, so it outlives this request.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// A response body with the between-bytes timeout; at its end the
/// connection goes back to the pool.
struct PooledBody {
    incoming: hyper::body::Incoming,
    timeout: tokio::time::Interval,
    back: Option<(Arc<ConnectionPool>, String, Sender)>,
}

impl hyper::body::Body for PooledBody {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Bytes>, Error>>> {
        match Pin::new(&mut self.incoming).poll_frame(cx) {
            Poll::Ready(None) => {
                if let Some((pool, origin, sender)) = self.back.take() {
                    pool.checkin(origin, sender);
                }
                Poll::Ready(None)
            }
            Poll::Ready(Some(Err(e))) => {
                self.back = None;
                Poll::Ready(Some(Err(hyper_error(e))))
            }
            Poll::Ready(Some(Ok(frame))) => {
                self.timeout.reset();
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => {
                ready!(self.timeout.poll_tick(cx));
                self.back = None;
                Poll::Ready(Some(Err(Error::ConnectionReadTimeout)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.incoming.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.incoming.size_hint()
    }
}

impl Drop for PooledBody {
    /// A reader may stop at the declared length without asking for the
    /// end: the connection is still reusable when nothing is left unread.
    fn drop(&mut self) {
        if let Some((pool, origin, sender)) = self.back.take()
            && hyper::body::Body::is_end_stream(&self.incoming)
        {
            pool.checkin(origin, sender);
        }
    }
}

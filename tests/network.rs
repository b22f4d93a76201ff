//! The host's real-network transport (what `ghl` and embedders use), against
//! a raw HTTP/1.1 server on loopback that the tests script byte by byte: one
//! connection serves call after call, whichever instance makes it; a
//! connection the server closed is replaced without losing the call; and
//! the call's timeouts hold on a reused connection.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{conn, connector, runtime};
use ghl_host_test::{CallPolicy, Connection, Transport, Watch, error_json};
use serde_json::json;

/// What the server does with its n-th request (counted from 0).
#[derive(Clone, Copy, Default)]
struct Step {
    /// Wait this long before the first byte of the answer.
    delay: Duration,
    /// Send the headers and half the body, then stall.
    stall: bool,
    /// Close the connection after answering, without saying so.
    close_silently: bool,
    /// Close it after answering with `Connection: close`.
    close_announced: bool,
}

struct Upstream {
    base: String,
    connections: Arc<AtomicUsize>,
    paths: Arc<Mutex<Vec<String>>>,
}

/// A server on a free port; each connection on its own thread.
fn upstream(script: fn(usize) -> Step) -> Upstream {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let paths = Arc::new(Mutex::new(Vec::new()));
    let requests = Arc::new(AtomicUsize::new(0));
    let (c, p) = (connections.clone(), paths.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            c.fetch_add(1, Ordering::SeqCst);
            let (p, requests) = (p.clone(), requests.clone());
            std::thread::spawn(move || serve(stream, script, &p, &requests));
        }
    });
    Upstream {
        base,
        connections,
        paths,
    }
}

fn serve(
    stream: TcpStream,
    script: fn(usize) -> Step,
    paths: &Mutex<Vec<String>>,
    requests: &AtomicUsize,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        // The request line and headers (the tests only send GETs).
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
        }
        let n = requests.fetch_add(1, Ordering::SeqCst);
        paths.lock().unwrap().push(path.clone());
        let step = script(n);
        std::thread::sleep(step.delay);
        let id = path.rsplit('/').next().unwrap_or("");
        let body = json!({ "contact": { "id": id } }).to_string();
        let close = if step.close_announced {
            "connection: close\r\n"
        } else {
            ""
        };
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{close}\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        if step.stall {
            let _ = stream.write_all(&body.as_bytes()[..body.len() / 2]);
            std::thread::sleep(Duration::from_secs(3));
            return;
        }
        let _ = stream.write_all(body.as_bytes());
        if step.close_silently || step.close_announced {
            let _ = stream.shutdown(std::net::Shutdown::Both);
            // Drain so the close is a FIN, not a reset.
            let _ = reader.read(&mut [0; 64]);
            return;
        }
    }
}

fn connection(base: &str, deadline_ms: Option<u32>) -> Connection {
    Connection {
        base_url: Some(base.to_string()),
        policy: Some(CallPolicy {
            deadline_ms,
            max_retries: Some(0),
        }),
        ..conn()
    }
}

fn get(transport: &Transport, conn: &Connection, id: &str) -> Result<String, serde_json::Value> {
    let input = json!({ "contactId": id }).to_string();
    runtime()
        .block_on(connector().run_action(transport, conn, "contacts.get", &input))
        .expect("no trap")
        .map(|out| out.output)
        .map_err(|f| error_json(&f.error))
}

fn network(base: &str) -> Transport {
    Transport::network(base.to_string(), Duration::from_secs(30), Watch::new(false))
}

fn opened(transport: &Transport) -> u64 {
    match transport {
        Transport::Network { pool, .. } => pool.opened(),
        _ => unreachable!(),
    }
}

#[test]
fn one_connection_serves_call_after_call_across_instances() {
    let up = upstream(|_| Step::default());
    let transport = network(&up.base);
    let conn = connection(&up.base, None);
    for id in ["c1", "c2", "c3", "c4", "c5"] {
        // Each call runs in a fresh instance; the connection outlives them.
        assert_eq!(
            get(&transport, &conn, id).unwrap(),
            json!({ "id": id }).to_string()
        );
    }
    assert_eq!(up.connections.load(Ordering::SeqCst), 1);
    assert_eq!(opened(&transport), 1);
    assert_eq!(
        *up.paths.lock().unwrap(),
        [
            "/contacts/c1",
            "/contacts/c2",
            "/contacts/c3",
            "/contacts/c4",
            "/contacts/c5"
        ]
    );

    // A reused instance shares the same pool.
    runtime().block_on(async {
        let mut kept = connector().instantiate(&transport).await.unwrap();
        for id in ["c6", "c7"] {
            let input = json!({ "contactId": id }).to_string();
            let out = kept
                .run_action(&conn, "contacts.get", &input)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(out.output, json!({ "id": id }).to_string());
        }
    });
    assert_eq!(up.connections.load(Ordering::SeqCst), 1);
}

#[test]
fn a_connection_the_server_closed_is_replaced_without_losing_the_call() {
    // Announced: the connection is never put back.
    let up = upstream(|_| Step {
        close_announced: true,
        ..Step::default()
    });
    let transport = network(&up.base);
    let conn = connection(&up.base, None);
    for id in ["a1", "a2", "a3"] {
        assert_eq!(
            get(&transport, &conn, id).unwrap(),
            json!({ "id": id }).to_string()
        );
    }
    assert_eq!(up.connections.load(Ordering::SeqCst), 3);

    // Silent: the pool notices the close and opens a new one.
    let up = upstream(|_| Step {
        close_silently: true,
        ..Step::default()
    });
    let transport = network(&up.base);
    let conn = connection(&up.base, None);
    for id in ["s1", "s2", "s3"] {
        assert_eq!(
            get(&transport, &conn, id).unwrap(),
            json!({ "id": id }).to_string()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(up.connections.load(Ordering::SeqCst), 3);
    assert_eq!(up.paths.lock().unwrap().len(), 3, "each call sent once");
}

#[test]
fn the_call_deadline_holds_on_a_reused_connection() {
    // Request 0 is answered; 1 waits 2 s before answering; 2 stalls in the
    // middle of its body; 3 is answered.
    let up = upstream(|n| match n {
        1 => Step {
            delay: Duration::from_secs(2),
            ..Step::default()
        },
        2 => Step {
            stall: true,
            ..Step::default()
        },
        _ => Step::default(),
    });
    let transport = network(&up.base);
    let conn = connection(&up.base, Some(400));
    assert!(get(&transport, &conn, "t0").is_ok());
    assert_eq!(opened(&transport), 1);

    // On the pooled connection: no first byte within the deadline.
    let started = Instant::now();
    let err = get(&transport, &conn, "t1").unwrap_err();
    assert_eq!(err["kind"], "timeout", "{err}");
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_eq!(
        opened(&transport),
        1,
        "the timed-out call reused the connection"
    );

    // The timed-out connection is not reused: a new one, whose body stops.
    let started = Instant::now();
    let err = get(&transport, &conn, "t2").unwrap_err();
    assert_eq!(err["kind"], "timeout", "{err}");
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_eq!(opened(&transport), 2);

    // And the next call works on a fresh connection.
    assert_eq!(
        get(&transport, &conn, "t3").unwrap(),
        json!({ "id": "t3" }).to_string()
    );
    assert_eq!(opened(&transport), 3);
    assert_eq!(up.connections.load(Ordering::SeqCst), 3);
}

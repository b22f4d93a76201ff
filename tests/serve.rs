//! The component as a wasi:http service: `ghl serve` runs its own
//! `wasi:http/incoming-handler` the way `wasmtime serve` does, and the
//! tests call it over loopback HTTP like any client would.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Stdio};

use base64::Engine as _;
use ed25519_dalek::pkcs8::EncodePublicKey;
use serde_json::{Value, json};

mod common;

/// A `ghl serve` process on a free loopback port; killed on drop.
struct Service {
    child: Child,
    addr: String,
}

impl Service {
    fn start(extra: &[&str]) -> Service {
        let mut child = common::ghl_command()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ghl serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line.trim().trim_start_matches("http://").to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{line}");
        Service { child, addr }
    }

    /// One HTTP/1.1 exchange: status, headers (lower-case), JSON body.
    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, Vec<(String, String)>, Value) {
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, rest) = text.split_once("\r\n\r\n").expect("a complete response");
        let mut lines = head.lines();
        let status: u16 = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let chunked = headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
        let body = if chunked {
            dechunk(rest)
        } else {
            rest.to_string()
        };
        let json = serde_json::from_str(&body).unwrap_or_else(|_| panic!("JSON body: {body:?}"));
        (status, headers, json)
    }

    fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> (u16, Vec<(String, String)>, Value) {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![
            ("Content-Type", "application/json"),
            ("X-GHL-Location-Id", "sbxLocation000000001"),
        ];
        if let Some(auth) = &auth {
            headers.push(("Authorization", auth));
        }
        self.send("POST", path, &headers, body.to_string().as_bytes())
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

#[test]
fn the_catalog_is_served() {
    let service = Service::start(&["--sandbox"]);
    let (status, _, ops) = service.send("GET", "/operations", &[], b"");
    assert_eq!(status, 200);
    assert_eq!(ops.as_array().unwrap().len(), 183);
    let (status, _, op) = service.send("GET", "/operations/contacts.get", &[], b"");
    assert_eq!(status, 200);
    assert_eq!(op["path"], "/contacts/{contactId}");
    assert_eq!(op["inputSchema"]["required"], json!(["contactId"]));
    let (status, _, err) = service.send("GET", "/operations/contacts.nope", &[], b"");
    assert_eq!(status, 404);
    assert_eq!(err["error"]["kind"], "unknown-operation");
    let (status, _, _) = service.send("GET", "/nowhere", &[], b"");
    assert_eq!(status, 404);
    let (status, _, _) = service.send("DELETE", "/operations", &[], b"");
    assert_eq!(status, 405);
}

#[test]
fn actions_and_polls_run_with_the_callers_token() {
    let service = Service::start(&["--sandbox"]);
    // Poll first: the baseline state comes back to the caller.
    let (status, _, first) = service.post(
        "/triggers/contacts.search/poll",
        Some("caller-token"),
        json!({}),
    );
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["events"], json!([]));
    let state = first["state"].as_str().unwrap().to_string();

    let (status, _, created) = service.post(
        "/actions/contacts.create",
        Some("caller-token"),
        json!({"firstName": "Katherine", "email": "kj@example.com"}),
    );
    assert_eq!(status, 200, "{created}");
    let id = created["output"]["id"].as_str().unwrap().to_string();

    let (status, _, second) = service.post(
        "/triggers/contacts.search/poll",
        Some("caller-token"),
        json!({"state": state, "options": {"maxEvents": 10}}),
    );
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["events"].as_array().unwrap().len(), 1);
    assert_eq!(second["events"][0]["id"], id.as_str());
    assert_eq!(second["events"][0]["data"]["firstName"], "Katherine");
    assert_eq!(second["more"], false);

    let (status, _, choices) = service.post(
        "/operations/opportunities.create/options/pipelineId",
        Some("caller-token"),
        json!({}),
    );
    assert_eq!(status, 200);
    assert_eq!(choices["choices"][0]["label"], "Sales");
}

#[test]
fn errors_carry_the_status_a_client_expects() {
    // The service retries with its default policy (2 retries): three of
    // each make the failure reach the client.
    let service = Service::start(&["--sandbox", "--inject", "429,429,429,503,503,503"]);
    // No token: 401 before anything else (nothing reaches the sandbox, so
    // the injected failures are still queued).
    let (status, _, err) = service.post("/actions/contacts.get", None, json!({"contactId": "x"}));
    assert_eq!(status, 401);
    assert_eq!(err["error"]["kind"], "unauthenticated");
    // Invalid input: 400, naming the field, nothing sent.
    let (status, _, err) = service.post("/actions/contacts.get", Some("t"), json!({}));
    assert_eq!(
        (status, err["error"]["field"].as_str()),
        (400, Some("contactId"))
    );
    // GHL rate limits: 429 with Retry-After.
    let (status, headers, err) = service.post(
        "/actions/contacts.get",
        Some("t"),
        json!({"contactId": "x"}),
    );
    assert_eq!(status, 429, "{err}");
    assert!(
        headers.contains(&("retry-after".to_string(), "1".to_string())),
        "{headers:?}"
    );
    assert_eq!(err["error"]["retryAfterMs"], 1000);
    // GHL failing: 502.
    let (status, _, err) = service.post(
        "/actions/contacts.get",
        Some("t"),
        json!({"contactId": "x"}),
    );
    assert_eq!(
        (status, err["error"]["kind"].as_str()),
        (502, Some("unavailable"))
    );
    // GHL's own 404, and an unknown operation.
    let (status, _, err) = service.post(
        "/actions/contacts.get",
        Some("t"),
        json!({"contactId": "x"}),
    );
    assert_eq!(
        (status, err["error"]["kind"].as_str()),
        (404, Some("not-found"))
    );
    let (status, _, err) = service.post("/actions/contacts.nope", Some("t"), json!({}));
    assert_eq!(
        (status, err["error"]["kind"].as_str()),
        (404, Some("unknown-operation"))
    );
    // A token never comes back.
    let (_, _, err) = service.post(
        "/actions/contacts.get",
        Some("secret-token-123456"),
        json!({"contactId": "y"}),
    );
    assert!(!err.to_string().contains("secret-token-123456"));
}

#[test]
fn webhooks_are_verified_with_the_configured_key() {
    let key = ed25519_dalek::SigningKey::from_bytes(&[5; 32]);
    let dir = std::env::temp_dir().join(format!("ghl-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pem = dir.join("ed25519.pem");
    std::fs::write(
        &pem,
        key.verifying_key()
            .to_public_key_pem(Default::default())
            .unwrap(),
    )
    .unwrap();
    let service = Service::start(&["--sandbox", "--ed25519-key", pem.to_str().unwrap()]);
    let now = ghl_host_test::sandbox::now_ms();
    let body = json!({"type": "OpportunityStageUpdate", "id": "o1", "timestamp": now, "webhookId": "wh-9"}).to_string();
    let sig = {
        use ed25519_dalek::Signer;
        base64::engine::general_purpose::STANDARD.encode(key.sign(body.as_bytes()).to_bytes())
    };
    let (status, _, answer) = service.send(
        "POST",
        "/webhooks",
        &[("x-ghl-signature", &sig)],
        body.as_bytes(),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["event"]["trigger"],
        "webhooks.opportunity_stage_update"
    );
    assert_eq!(answer["event"]["webhookId"], "wh-9");
    let tampered = body.replace("o1", "o2");
    let (status, _, answer) = service.send(
        "POST",
        "/webhooks",
        &[("x-ghl-signature", &sig)],
        tampered.as_bytes(),
    );
    assert_eq!(
        (status, answer["error"]["kind"].as_str()),
        (401, Some("bad-signature"))
    );
    let (status, _, _) = service.send("POST", "/webhooks", &[], body.as_bytes());
    assert_eq!(status, 401);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn outgoing_requests_reach_only_the_base_url() {
    // Against a base URL where nothing listens: the service tries that
    // origin (and only it) and reports GHL unreachable as 502.
    let service = Service::start(&["--base-url", "http://127.0.0.1:9"]);
    let (status, _, err) = service.post(
        "/actions/contacts.get",
        Some("t"),
        json!({"contactId": "x"}),
    );
    assert_eq!(status, 502, "{err}");
    assert_eq!(err["error"]["kind"], "transport");
}

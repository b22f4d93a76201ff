//! The `ghl` runner end to end: its own process, the real network code path
//! (default WASI-HTTP sender), against a loopback server started here.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::thread;

use serde_json::{Value, json};

mod common;

const TOKEN: &str = "pit-cli-test-0123456789";

/// One request as the loopback server saw it.
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Serves the given (status, body) replies, one per connection, on
/// 127.0.0.1; returns the base URL and a receiver of what was requested.
fn serve(replies: Vec<(u16, Value)>) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for (status, body) in replies {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (n, v) = line.split_once(':').unwrap();
                headers.push((n.trim().to_string(), v.trim().to_string()));
            }
            let len = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.parse::<usize>().unwrap())
                .unwrap_or(0);
            let mut body_bytes = vec![0; len];
            reader.read_exact(&mut body_bytes).unwrap();
            let payload = body.to_string();
            let reply = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
                payload.len()
            );
            let mut stream = reader.into_inner();
            stream.write_all(reply.as_bytes()).unwrap();
            let _ = tx.send(Seen {
                request_line: request_line.trim_end().to_string(),
                headers,
                body: body_bytes,
            });
        }
    });
    (base, rx)
}

fn ghl(args: &[&str], token: Option<&str>) -> Output {
    let mut cmd = common::ghl_command();
    cmd.args(args)
        .env_remove("GHL_TOKEN")
        .env_remove("GHL_BASE_URL")
        .env("GHL_LOCATION_ID", "loc-cli");
    if let Some(token) = token {
        cmd.env("GHL_TOKEN", token);
    }
    cmd.output().expect("run ghl")
}

/// The JSON a successful run printed (stderr shown when it failed).
fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn ops_json_lists_the_catalog() {
    let out = ghl(&["ops", "--json"], None);
    let ops: Vec<Value> = stdout_json(&out).as_array().expect("a JSON array").clone();
    for (category, count) in common::SEED_CATEGORIES.iter().chain(&[("Advanced", 1)]) {
        let listed = ops
            .iter()
            .filter(|o| o["category"] == *category && o["kind"] != "webhook")
            .count();
        assert_eq!(listed, *count, "{category}");
    }
    for op in &ops {
        for field in [
            "key",
            "kind",
            "category",
            "label",
            "method",
            "path",
            "input_schema",
            "example_input",
            "dropdowns",
            "token",
        ] {
            assert!(!op[field].is_null(), "{} lacks {field}", op["key"]);
        }
        assert!(["trigger", "action", "webhook"].contains(&op["kind"].as_str().unwrap()));
    }
    let webhooks = ops.iter().filter(|o| o["kind"] == "webhook").count();
    assert_eq!(
        webhooks, 58,
        "one instant trigger per GHL webhook event page"
    );
    assert_eq!(
        ops.len() - webhooks,
        125,
        "124 seed operations and the raw request"
    );
    let get = ops.iter().find(|o| o["key"] == "contacts.get").unwrap();
    assert_eq!(get["method"], "GET");
    assert_eq!(get["path"], "/contacts/{contactId}");
    assert_eq!(get["input_schema"]["required"], json!(["contactId"]));
}

#[test]
fn call_sends_the_request_to_the_base_url_and_prints_the_output() {
    let (base, seen) = serve(vec![(
        201,
        json!({"contact": {"id": "new1", "firstName": "Ada"}}),
    )]);
    let out = ghl(
        &[
            "call",
            "contacts.create",
            "--input",
            r#"{"firstName":"Ada"}"#,
            "--base-url",
            &base,
        ],
        Some(TOKEN),
    );
    let output: Value = stdout_json(&out);
    assert_eq!(output, json!({"id": "new1", "firstName": "Ada"}));
    let req = seen.recv().unwrap();
    assert_eq!(req.request_line, "POST /contacts/ HTTP/1.1");
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(req.header("version"), Some("2021-07-28"));
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body, json!({"locationId": "loc-cli", "firstName": "Ada"}));
}

#[test]
fn options_prints_the_choices_of_a_dropdown() {
    let (base, seen) = serve(vec![(
        200,
        json!({"pipelines": [{"id": "p1", "name": "Sales", "stages": [
            {"id": "s1", "name": "New"}, {"id": "s2", "name": "Won"}
        ]}]}),
    )]);
    let out = ghl(
        &[
            "options",
            "opportunities.create",
            "pipelineStageId",
            "--input",
            r#"{"pipelineId":"p1"}"#,
            "--base-url",
            &base,
        ],
        Some(TOKEN),
    );
    let choices: Value = stdout_json(&out);
    assert_eq!(
        choices,
        json!([
            {"value": "s1", "label": "New", "detail": null},
            {"value": "s2", "label": "Won", "detail": null}
        ])
    );
    let req = seen.recv().unwrap();
    assert_eq!(
        req.request_line,
        "GET /opportunities/pipelines?locationId=loc-cli HTTP/1.1"
    );

    // A missing depends-on field: exit 3 (invalid input), nothing served.
    let out = ghl(
        &[
            "options",
            "opportunities.create",
            "pipelineStageId",
            "--base-url",
            &base,
            "--json",
        ],
        Some(TOKEN),
    );
    assert_eq!(out.status.code(), Some(3));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["field"], "pipelineId");
}

#[test]
fn errors_are_readable_or_json_with_an_exit_code_per_kind_and_no_token() {
    let not_found = json!({"statusCode": 404, "message": "Contact not found", "traceId": "t-1"});
    let (base, _seen) = serve(vec![(404, not_found.clone()), (404, not_found)]);
    let args = [
        "call",
        "contacts.get",
        "--input",
        r#"{"contactId":"missing"}"#,
        "--base-url",
        &base,
    ];
    let out = ghl(&args, Some(TOKEN));
    assert_eq!(out.status.code(), Some(6), "not found");
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        text.trim(),
        "error: not found: GHL answered 404: Contact not found (trace t-1)"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--json", "--progress"]);
    let out = ghl(&json_args, Some(TOKEN));
    assert_eq!(out.status.code(), Some(6));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let err: Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    assert_eq!(err["error"]["kind"], "not-found");
    assert_eq!(err["error"]["failure"]["message"], "Contact not found");
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(TOKEN));
    }
    // `--progress` shows each request on stderr, before the error line.
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("  [1] GET /contacts/missing\n"));

    // Invalid input: 3, and nothing is sent (the server has no reply left).
    let out = ghl(
        &["call", "contacts.get", "--input", "{}", "--base-url", &base],
        Some(TOKEN),
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid input: contactId is required"));
}

#[test]
fn exit_codes_follow_the_error_kind_against_the_sandbox() {
    let get = [
        "call",
        "contacts.get",
        "--sandbox",
        "--retries",
        "0",
        "--input",
        r#"{"contactId":"nope"}"#,
    ];
    let cases: [(&[&str], u8, &str); 5] = [
        (
            &["--inject", "429"],
            8,
            "rate limited: GHL answered 429: sandbox: injected failure — retry in 1000 ms",
        ),
        (&["--inject", "503"], 9, "GHL unavailable: GHL answered 503"),
        (&[], 6, "not found: GHL answered 404: Contact not found"),
        (
            &["--input", r#"{"contactId": 5}"#],
            3,
            "invalid input: contactId",
        ),
        (
            &["--token", " "],
            3,
            "invalid input: connection.access-token",
        ),
    ];
    for (extra, code, message) in cases {
        let mut args = get.to_vec();
        args.extend_from_slice(extra);
        let out = ghl(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(i32::from(code)),
            "{extra:?}: {stderr}"
        );
        assert!(stderr.contains(message), "{extra:?}: {stderr}");
    }
    let out = ghl(&["call", "contacts.nope", "--sandbox"], None);
    assert_eq!(out.status.code(), Some(6));
    let out = ghl(&["frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = ghl(&["poll", "contacts.search", "--sandbox"], None);
    assert_eq!(out.status.code(), Some(2), "poll needs --state");
}

#[test]
fn call_without_a_token_is_a_usage_error() {
    let out = ghl(
        &[
            "call",
            "contacts.get",
            "--input",
            r#"{"contactId":"c"}"#,
            "--json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["kind"], "usage");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("GHL_TOKEN")
    );
}

#[test]
fn poll_keeps_its_state_in_the_file_and_prints_only_what_is_new() {
    let task = |id: &str| json!({"id": id, "title": format!("task {id}"), "completed": false});
    let page = json!({"tasks": [task("t1"), task("t2")]});
    let added = json!({"tasks": [task("t3"), task("t1"), task("t2")]});
    let (base, seen) = serve(vec![
        (200, page.clone()),
        (200, page.clone()),
        (200, added),
        (200, page),
    ]);
    let dir = std::env::temp_dir().join(format!("ghl-cli-poll-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let _ = std::fs::remove_file(&state);
    let state_arg = state.to_str().unwrap();
    let args = [
        "poll",
        "contacts.list_tasks",
        "--input",
        r#"{"contactId":"c1"}"#,
        "--state",
        state_arg,
        "--base-url",
        &base,
    ];
    let events = |out: &Output| -> Vec<Value> {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout_json(out).as_array().expect("a JSON array").clone()
    };

    // The first poll records the baseline: an empty list.
    assert!(events(&ghl(&args, Some(TOKEN))).is_empty());
    assert_eq!(
        seen.recv().unwrap().request_line,
        "GET /contacts/c1/tasks HTTP/1.1"
    );
    let stored = std::fs::read_to_string(&state).unwrap();
    assert!(!stored.contains(TOKEN), "no token in the state");

    // Unchanged server: an empty list again.
    assert!(events(&ghl(&args, Some(TOKEN))).is_empty());

    // One task added: exactly that one.
    let new = events(&ghl(&args, Some(TOKEN)));
    assert_eq!(new.len(), 1, "{new:?}");
    // Tasks are new-or-updated items: id plus a content fingerprint.
    assert!(new[0]["id"].as_str().unwrap().starts_with("t3@"), "{new:?}");
    assert_eq!(new[0]["data"], task("t3"));

    // A fresh state with --samples shows the newest items once.
    let fresh = dir.join("fresh.json");
    let mut sample_args = args.to_vec();
    let fresh_arg = fresh.to_str().unwrap();
    sample_args[5] = fresh_arg;
    sample_args.extend(["--samples", "1"]);
    let sampled = events(&ghl(&sample_args, Some(TOKEN)));
    assert_eq!(sampled.len(), 1);
    assert_eq!(sampled[0]["data"], task("t1"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn requests_to_another_origin_are_refused_and_reported() {
    // The host lets the component reach one origin only. Here it allows
    // another port than the base URL's, so the component's own request is
    // refused by the host, reported, and nothing reaches the server.
    let (base, seen) = serve(vec![(200, json!({"contact": {"id": "c"}}))]);
    let out = ghl(
        &[
            "call",
            "contacts.get",
            "--input",
            r#"{"contactId":"c"}"#,
            "--base-url",
            &base,
            "--allow-origin",
            "http://127.0.0.1:9",
        ],
        Some(TOKEN),
    );
    assert_eq!(out.status.code(), Some(9));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "blocked: the component tried to reach {base}; only http://127.0.0.1:9 is allowed"
        )),
        "{stderr}"
    );
    assert!(seen.try_recv().is_err(), "nothing reached the server");
}

#[test]
fn ops_lists_a_table_filtered_by_category_and_kind() {
    let out = ghl(&["ops", "--category", "contacts", "--kind", "action"], None);
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    let mut lines = table.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("KEY") && header.contains("KIND") && header.contains("ENDPOINT"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 18, "the 18 contact actions");
    assert!(rows.iter().all(|r| r.contains(" action ")));
    let create = rows
        .iter()
        .find(|r| r.starts_with("contacts.create "))
        .unwrap();
    assert!(
        create.contains("Create Contact") && create.ends_with("POST /contacts/"),
        "{create}"
    );

    let out = ghl(&["ops", "--kind", "webhook", "--json"], None);
    let hooks = stdout_json(&out);
    assert_eq!(hooks.as_array().unwrap().len(), 58);
    let out = ghl(&["ops", "--kind", "nonsense"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn describe_shows_fields_required_first_with_choices_and_samples() {
    let out = ghl(&["describe", "opportunities.create"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("opportunities.create — Create Opportunity (action, Opportunities)"),
        "{text}"
    );
    assert!(text.contains("POST /opportunities/  ·  Version 2021-07-28  ·  token: location  ·  scopes: opportunities.write"));
    let fields: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  * ") || l.starts_with("    "))
        .collect();
    let first_optional = fields.iter().position(|l| l.starts_with("    ")).unwrap();
    assert!(
        fields[..first_optional]
            .iter()
            .all(|l| l.starts_with("  * ")),
        "required first"
    );
    let stage = fields
        .iter()
        .find(|l| l.contains("pipelineStageId"))
        .unwrap();
    assert!(
        stage.contains(
            "choices: `ghl options opportunities.create pipelineStageId` (pipeline-stages)"
        ),
        "{stage}"
    );
    assert!(text.contains("Example input:") && text.contains("Output sample:"));

    let out = ghl(&["describe", "contacts.list_notes", "--json"], None);
    let json = stdout_json(&out);
    assert_eq!(json["trigger_mode"], "new-items");
    let out = ghl(&["describe", "contacts.nope"], None);
    assert_eq!(out.status.code(), Some(6));
}

#[test]
fn the_tour_runs_the_whole_product_offline() {
    let out = ghl(&["tour"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "183 operations: 55 polling triggers, 70 actions, 58 instant (webhook) triggers",
        "first poll: a baseline, 0 events",
        "created Ada Lovelace <ada@example.com>",
        "tags now: [\"vip\",\"newsletter\"]",
        "task \"Call Ada about the engine\"",
        "new contact: Ada Lovelace",
        "and the next poll: 0 events",
        "genuine delivery: ContactTagUpdate -> trigger webhooks.contact_tag_update",
        "one byte changed: refused (bad-signature)",
        "none to the internet",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

/// A `ghl sandbox` process on a free loopback port; killed on drop.
struct SandboxProcess {
    child: std::process::Child,
    base: String,
}

impl SandboxProcess {
    fn start() -> SandboxProcess {
        let mut child = common::ghl_command()
            .args(["sandbox", "--listen", "127.0.0.1:0"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start ghl sandbox");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line.trim().to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        SandboxProcess { child, base }
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.1 exchange, for what the component would never send.
fn raw_http(base: &str, request: &str) -> String {
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn the_sandbox_server_is_stateful_and_strict_like_ghl() {
    let sandbox = SandboxProcess::start();
    let base = sandbox.base.as_str();
    let call = |key: &str, input: Value| {
        let out = ghl(
            &[
                "call",
                key,
                "--base-url",
                base,
                "--input",
                &input.to_string(),
            ],
            Some("any-token-works"),
        );
        stdout_json(&out)
    };
    let contact = call(
        "contacts.create",
        json!({"firstName": "Grace", "email": "grace@example.com"}),
    );
    let id = contact["id"].as_str().unwrap().to_string();
    call(
        "contacts.add_tags",
        json!({"contactId": id, "tags": ["navy"]}),
    );
    let task = call(
        "contacts.create_task",
        json!({"contactId": id, "title": "Debug", "dueDate": "2030-01-01T10:00:00Z", "completed": false}),
    );
    call(
        "contacts.complete_task",
        json!({"contactId": id, "taskId": task["id"], "completed": true}),
    );
    let fetched = call("contacts.get", json!({"contactId": id}));
    assert_eq!(fetched["tags"], json!(["navy"]));
    let tasks = call("contacts.list_tasks", json!({"contactId": id}));
    assert_eq!(tasks["tasks"][0]["completed"], true);
    let pipelines = call("opportunities.list_pipelines", json!({}));
    let pipeline = pipelines["pipelines"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let opp = call(
        "opportunities.create",
        json!({"pipelineId": pipeline, "name": "Deal", "contactId": id, "status": "open"}),
    );
    let found = call("opportunities.search", json!({"contactId": id}));
    assert_eq!(found["opportunities"][0]["id"], opp["id"]);

    // Polling over HTTP: baseline, a new contact, then nothing.
    let dir = std::env::temp_dir().join(format!("ghl-sbx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let poll = || {
        let out = ghl(
            &[
                "poll",
                "contacts.search",
                "--base-url",
                base,
                "--state",
                state.to_str().unwrap(),
            ],
            Some("any-token-works"),
        );
        stdout_json(&out).as_array().unwrap().clone()
    };
    assert!(poll().is_empty(), "baseline");
    call("contacts.create", json!({"firstName": "Alan"}));
    let new = poll();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["data"]["firstName"], "Alan");
    assert!(poll().is_empty());
    std::fs::remove_dir_all(&dir).unwrap();

    // Like GHL: no token is a 401, no Version a 400.
    let no_token = raw_http(
        base,
        "GET /contacts/x HTTP/1.1\r\nHost: s\r\nVersion: 2021-07-28\r\nConnection: close\r\n\r\n",
    );
    assert!(no_token.starts_with("HTTP/1.1 401"), "{no_token}");
    let no_version = raw_http(
        base,
        "GET /contacts/x HTTP/1.1\r\nHost: s\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n",
    );
    assert!(
        no_version.starts_with("HTTP/1.1 400") && no_version.contains("version header"),
        "{no_version}"
    );
}

#[test]
fn an_oauth_connection_file_is_rewritten_when_tokens_rotate() {
    let sandbox = SandboxProcess::start();
    let dir = std::env::temp_dir().join(format!("ghl-conn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("connection.json");
    std::fs::write(
        &file,
        json!({
            "access_token": "expired-access-token",
            "refresh_token": "old-refresh-token",
            "client_id": "client-1",
            "client_secret": "secret-1",
            "expires_at_ms": 0,
            "user_type": "Location",
            "location_id": "sbxLocation000000001",
            "base_url": sandbox.base
        })
        .to_string(),
    )
    .unwrap();
    let out = ghl(
        &[
            "call",
            "opportunities.list_pipelines",
            "--connection",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert!(stdout_json(&out)["pipelines"].is_array());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the OAuth tokens were refreshed and saved"),
        "{stderr}"
    );
    assert!(!stderr.contains("sandbox-refresh"), "no token on stderr");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(
        saved["access_token"]
            .as_str()
            .unwrap()
            .starts_with("sandbox-access-")
    );
    assert!(
        saved["refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("sandbox-refresh-")
    );
    assert!(saved["expires_at_ms"].as_i64().unwrap() > 0);
    assert_eq!(saved["client_secret"], "secret-1", "the rest is kept");
    assert!(!dir.join("connection.json.tmp").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every API operation's example input gets an answer the component
/// understands from the in-process sandbox (records it keeps answer 404
/// for ids it never made, and 422 for a pipeline it does not have).
#[test]
fn the_sandbox_answers_every_operation() {
    use ghl_host_test::sandbox::{SANDBOX_LOCATION, Sandbox};
    use ghl_host_test::{Connection, Transport, error_json};
    let connector = common::connector();
    let ops = common::runtime().block_on(connector.operations()).unwrap();
    let sandbox = std::sync::Arc::new(Sandbox::new(&ops));
    let transport = Transport::Sandbox(sandbox.clone());
    let conn = Connection {
        location_id: Some(SANDBOX_LOCATION.into()),
        company_id: Some("sbxCompany0000000001".into()),
        ..common::conn()
    };
    let mut answered = 0;
    for op in common::catalog() {
        let key = op["key"].as_str().unwrap();
        if key == "api.request" {
            continue;
        }
        let result = common::runtime()
            .block_on(connector.run_action(
                &transport,
                &conn,
                key,
                &op["example_input"].to_string(),
            ))
            .unwrap();
        match result {
            Ok(_) => answered += 1,
            Err(failure) => {
                let err = error_json(&failure.error);
                let expected = err["kind"] == "not-found"
                    || (err["kind"] == "rejected" && err["failure"]["status"] == 422);
                assert!(expected, "{key}: {err}");
            }
        }
    }
    // 97 answer; the rest refer to records the sandbox never made.
    assert!(answered >= 90, "most operations answer: {answered}");
    assert!(sandbox.canned_keys().len() >= 120);
}

#[test]
fn the_compiled_component_is_cached_and_a_bad_cache_is_replaced() {
    let dir = format!(
        "{}/ghl-cache-test-{}",
        env!("CARGO_TARGET_TMPDIR"),
        std::process::id()
    );
    let _ = std::fs::remove_dir_all(&dir);
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_ghl"))
            .args(["ops", "--json"])
            .env("GHL_CACHE_DIR", &dir)
            .output()
            .expect("run ghl");
        assert_eq!(stdout_json(&out).as_array().unwrap().len(), 183);
    };
    let cached = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    };

    run();
    let files = cached();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].extension().is_some_and(|e| e == "cwasm"));
    let size = std::fs::metadata(&files[0]).unwrap().len();
    assert!(size > 100_000, "{size}");

    // The next run loads it; a damaged file is refused and rewritten.
    run();
    std::fs::write(&files[0], b"not native code").unwrap();
    run();
    assert_eq!(cached(), files, "no second file, no leftover");
    assert_eq!(std::fs::metadata(&files[0]).unwrap().len(), size);
    let _ = std::fs::remove_dir_all(&dir);
}

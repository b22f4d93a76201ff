//! An offline GoHighLevel API look-alike, for demos and end-to-end tests.
//!
//! - Stateful: contacts (with tags, tasks and notes), opportunities (with
//!   seeded pipelines) and appointments live in memory.
//! - Every other operation of the catalog answers with its canned response
//!   (the one its fixture shows, shaped like the spec's example).
//! - Like GHL: a request without a Bearer token gets 401, one without a
//!   known `Version` header gets 400.
//! - Failures on demand: `inject` queues statuses (429 with `Retry-After`,
//!   5xx) for the next requests.
//!
//! It answers in process (`Transport::Sandbox`) or over loopback HTTP
//! (`serve`).

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use serde_json::{Map, Value, json};

use crate::{Operation, OperationKind, percent_decode};

/// The fixtures' first successful responses, by operation key (built by
/// build.rs from tests/fixtures).
const CANNED: &str = include_str!(concat!(env!("OUT_DIR"), "/sandbox_canned.json"));

/// The location the sandbox pretends to be.
pub const SANDBOX_LOCATION: &str = "sbxLocation000000001";
/// Any non-empty token works; this one is the default of `--sandbox`.
pub const SANDBOX_TOKEN: &str = "sandbox-token";

const VERSIONS: &[&str] = &["2021-04-15", "2021-07-28"];

/// One request, as the sandbox sees it.
pub struct SandboxRequest {
    pub method: String,
    /// Still percent-encoded.
    pub path: String,
    /// Decoded pairs.
    pub query: Vec<(String, String)>,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Its answer.
pub struct SandboxResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

fn json_response(status: u16, body: Value) -> SandboxResponse {
    SandboxResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
    }
}

fn error(status: u16, message: &str) -> SandboxResponse {
    json_response(status, json!({"statusCode": status, "message": message}))
}

/// A canned answer for one endpoint of the catalog.
struct Canned {
    key: String,
    method: String,
    template: Vec<String>,
    response: Value,
}

#[derive(Default)]
struct State {
    next_id: u64,
    /// In creation order.
    contacts: Vec<Value>,
    tasks: BTreeMap<String, Vec<Value>>,
    notes: BTreeMap<String, Vec<Value>>,
    opportunities: Vec<Value>,
    pipelines: Vec<Value>,
    appointments: Vec<Value>,
    inject: VecDeque<u16>,
    requests: u64,
}

impl State {
    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{:0>17}", self.next_id)
    }
}

/// The sandbox: thread-safe, cheap to share behind an `Arc`.
pub struct Sandbox {
    state: Mutex<State>,
    canned: Vec<Canned>,
}

/// Now, epoch milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Epoch milliseconds as RFC 3339 UTC with milliseconds.
pub fn rfc3339(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

fn segments(path: &str) -> Vec<String> {
    path.trim_matches('/')
        .split('/')
        .map(percent_decode)
        .collect()
}

fn matches(template: &[String], path: &[String]) -> bool {
    template.len() == path.len()
        && template
            .iter()
            .zip(path)
            .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
}

/// Copies the given fields of `from` into `to`.
fn merge(to: &mut Value, from: &Value) {
    if let (Value::Object(to), Value::Object(from)) = (to, from) {
        for (k, v) in from {
            to.insert(k.clone(), v.clone());
        }
    }
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Epoch ms from a dateAdded-style string (the sandbox only writes its own).
fn added_ms(value: &Value, key: &str) -> i64 {
    value.get(key).and_then(Value::as_i64).unwrap_or_default()
}

impl Sandbox {
    /// A sandbox for this catalog (from `Connector::operations`).
    pub fn new(operations: &[Operation]) -> Sandbox {
        let canned_by_key: Map<String, Value> = serde_json::from_str(CANNED).unwrap_or_default();
        let mut canned: Vec<Canned> = operations
            .iter()
            .filter(|op| op.kind != OperationKind::Webhook && !op.path.contains("{path}"))
            .filter_map(|op| {
                Some(Canned {
                    key: op.key.clone(),
                    method: op.method.clone(),
                    template: segments(&op.path),
                    response: canned_by_key.get(&op.key)?.clone(),
                })
            })
            .collect();
        // Literal segments win over parameters (`/contacts/search` over
        // `/contacts/{contactId}`).
        canned.sort_by_key(|c| c.template.iter().filter(|s| s.starts_with('{')).count());
        let state = State {
            pipelines: vec![json!({
                "id": "sbxPipelineSales0001",
                "name": "Sales",
                "locationId": SANDBOX_LOCATION,
                "stages": [
                    {"id": "sbxStageNewLead00001", "name": "New lead", "position": 0},
                    {"id": "sbxStageQualified001", "name": "Qualified", "position": 1},
                    {"id": "sbxStageWon000000001", "name": "Won", "position": 2}
                ],
                "showInFunnel": true,
                "showInPieChart": true
            })],
            ..State::default()
        };
        Sandbox {
            state: Mutex::new(state),
            canned,
        }
    }

    /// The next requests answer with these statuses instead (429 with
    /// `Retry-After: 1`, or a 5xx), one each, before anything else.
    pub fn inject(&self, statuses: &[u16]) {
        self.state.lock().unwrap().inject.extend(statuses);
    }

    /// How many requests it has answered.
    pub fn requests(&self) -> u64 {
        self.state.lock().unwrap().requests
    }

    /// Answers one request.
    pub fn handle(&self, req: &SandboxRequest) -> SandboxResponse {
        let mut state = self.state.lock().unwrap();
        state.requests += 1;
        if let Some(status) = state.inject.pop_front() {
            let mut response = error(status, "sandbox: injected failure");
            if status == 429 {
                response.headers.push(("retry-after".into(), "1".into()));
                response
                    .headers
                    .push(("x-ratelimit-remaining".into(), "0".into()));
            }
            return response;
        }
        let path = segments(&req.path);
        let header = |name: &str| {
            req.headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        if req.method == "POST" && path == ["oauth", "token"] {
            return token(&mut state);
        }
        let bearer = header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| !t.trim().is_empty());
        if !bearer {
            return json_response(
                401,
                json!({"statusCode": 401, "message": "Invalid JWT", "error": "Unauthorized"}),
            );
        }
        match header("version") {
            None => return error(400, "version header was not found"),
            Some(v) if !VERSIONS.contains(&v) => return error(400, "version header is invalid"),
            Some(_) => {}
        }
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let query = |name: &str| {
            req.query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        if let Some(response) = stateful(&mut state, &req.method, &p, &body, &query) {
            return response;
        }
        drop(state);
        match self
            .canned
            .iter()
            .find(|c| c.method == req.method && matches(&c.template, &path))
        {
            Some(canned) => canned_response(&canned.response),
            None => error(404, &format!("Cannot {} {}", req.method, req.path)),
        }
    }

    /// The keys answered from canned responses (not kept in state).
    pub fn canned_keys(&self) -> Vec<String> {
        self.canned.iter().map(|c| c.key.clone()).collect()
    }
}

fn canned_response(response: &Value) -> SandboxResponse {
    use base64::Engine as _;
    let status = response["status"].as_u64().unwrap_or(200) as u16;
    let mut headers: Vec<(String, String)> = response["headers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| Some((h[0].as_str()?.to_lowercase(), h[1].as_str()?.to_string())))
        .collect();
    let body = if let Some(b64) = response["body_base64"].as_str() {
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap_or_default()
    } else if let Some(text) = response["body_text"].as_str() {
        text.as_bytes().to_vec()
    } else {
        headers.push(("content-type".into(), "application/json".into()));
        response["body"].to_string().into_bytes()
    };
    SandboxResponse {
        status,
        headers,
        body,
    }
}

fn token(state: &mut State) -> SandboxResponse {
    let n = state.id("");
    json_response(
        200,
        json!({
            "access_token": format!("sandbox-access-{n}"),
            "token_type": "Bearer",
            "expires_in": 86399,
            "refresh_token": format!("sandbox-refresh-{n}"),
            "scope": "contacts.readonly contacts.write",
            "userType": "Location",
            "locationId": SANDBOX_LOCATION,
            "companyId": "sbxCompany0000000001",
            "userId": "sbxUser000000000001"
        }),
    )
}

/// `{key: value}`.
fn obj(key: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key.to_string(), value);
    Value::Object(map)
}

fn not_found(what: &str) -> SandboxResponse {
    error(404, &format!("{what} not found"))
}

/// A contact as GHL lists it in searches: with its `searchAfter` cursor.
fn listed(contact: &Value) -> Value {
    let mut c = contact.clone();
    c["searchAfter"] = json!([added_ms(contact, "sbxAddedMs"), text(contact, "id")]);
    public(&c)
}

/// Without the sandbox's own bookkeeping fields.
fn public(value: &Value) -> Value {
    let mut v = value.clone();
    if let Value::Object(map) = &mut v {
        map.remove("sbxAddedMs");
    }
    v
}

/// Drops the items up to and including the one with this id (a cursor).
fn skip_through(items: &mut Vec<&Value>, id: Option<String>) {
    if let Some(id) = id
        && let Some(i) = items.iter().position(|v| text(v, "id") == id)
    {
        items.drain(..=i);
    }
}

type Query<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The stateful endpoints; `None` for the rest.
fn stateful(
    state: &mut State,
    method: &str,
    path: &[&str],
    body: &Value,
    query: Query,
) -> Option<SandboxResponse> {
    let now = now_ms();
    let stamp = rfc3339(now);
    Some(match (method, path) {
        // Contacts.
        ("POST", ["contacts"]) => {
            let mut contact = body.clone();
            if !contact.is_object() {
                return Some(error(422, "body must be a JSON object"));
            }
            let id = state.id("sbxContact");
            contact["id"] = json!(id);
            contact["dateAdded"] = json!(stamp);
            contact["dateUpdated"] = json!(stamp);
            contact["sbxAddedMs"] = json!(now);
            if contact.get("tags").is_none() {
                contact["tags"] = json!([]);
            }
            state.contacts.push(contact.clone());
            json_response(201, json!({"contact": public(&contact)}))
        }
        ("GET", ["contacts"]) => {
            let mut all: Vec<&Value> = state.contacts.iter().rev().collect();
            skip_through(&mut all, query("startAfterId"));
            let limit: usize = query("limit").and_then(|l| l.parse().ok()).unwrap_or(20);
            let page: Vec<Value> = all.iter().take(limit).map(|c| public(c)).collect();
            let last = page.last().cloned().unwrap_or(Value::Null);
            json_response(
                200,
                json!({"contacts": page, "count": state.contacts.len(), "meta": {
                    "total": state.contacts.len(),
                    "startAfterId": last.get("id"),
                    "startAfter": state.contacts.iter().find(|c| c.get("id") == last.get("id")).map(|c| added_ms(c, "sbxAddedMs")),
                }}),
            )
        }
        ("POST", ["contacts", "search"]) => {
            let needle = body["query"].as_str().unwrap_or("").to_lowercase();
            let mut all: Vec<&Value> = state
                .contacts
                .iter()
                .rev()
                .filter(|c| needle.is_empty() || c.to_string().to_lowercase().contains(&needle))
                .collect();
            let total = all.len();
            let after = body["searchAfter"].get(1).and_then(Value::as_str);
            skip_through(&mut all, after.map(str::to_string));
            let limit = body["pageLimit"].as_u64().unwrap_or(20) as usize;
            let page: Vec<Value> = all.iter().take(limit).map(|c| listed(c)).collect();
            json_response(200, json!({"contacts": page, "total": total}))
        }
        ("GET", ["contacts", "search", "duplicate"]) => {
            let email = query("email").unwrap_or_default().to_lowercase();
            let found = state
                .contacts
                .iter()
                .find(|c| !email.is_empty() && text(c, "email").to_lowercase() == email)
                .map(public);
            json_response(200, json!({"contact": found}))
        }
        (m, ["contacts", id]) if !["search", "bulk", "upsert"].contains(id) => {
            let Some(i) = state.contacts.iter().position(|c| text(c, "id") == *id) else {
                return Some(not_found("Contact"));
            };
            match m {
                "GET" => json_response(200, json!({"contact": public(&state.contacts[i])})),
                "PUT" => {
                    merge(&mut state.contacts[i], body);
                    state.contacts[i]["dateUpdated"] = json!(stamp);
                    json_response(
                        200,
                        json!({"succeded": true, "contact": public(&state.contacts[i])}),
                    )
                }
                "DELETE" => {
                    state.contacts.remove(i);
                    json_response(200, json!({"succeded": true}))
                }
                _ => return None,
            }
        }
        (m @ ("POST" | "DELETE"), ["contacts", id, "tags"]) => {
            let Some(contact) = state.contacts.iter_mut().find(|c| text(c, "id") == *id) else {
                return Some(not_found("Contact"));
            };
            let given: Vec<Value> = body["tags"].as_array().cloned().unwrap_or_default();
            let mut tags: Vec<Value> = contact["tags"].as_array().cloned().unwrap_or_default();
            if m == "POST" {
                for t in given {
                    if !tags.contains(&t) {
                        tags.push(t);
                    }
                }
            } else {
                tags.retain(|t| !given.contains(t));
            }
            contact["tags"] = json!(tags);
            contact["dateUpdated"] = json!(stamp);
            json_response(if m == "POST" { 201 } else { 200 }, json!({"tags": tags}))
        }
        (_, ["contacts", id, kind @ ("tasks" | "notes"), rest @ ..]) => {
            if !state.contacts.iter().any(|c| text(c, "id") == *id) {
                return Some(not_found("Contact"));
            }
            let one = if *kind == "tasks" { "task" } else { "note" };
            let prefix = if *kind == "tasks" {
                "sbxTask"
            } else {
                "sbxNote"
            };
            let new_id = state.id(prefix);
            let list = if *kind == "tasks" {
                state.tasks.entry(id.to_string()).or_default()
            } else {
                state.notes.entry(id.to_string()).or_default()
            };
            match (method, rest) {
                ("GET", []) => json_response(200, obj(kind, json!(list.clone()))),
                ("POST", []) => {
                    let mut item = body.clone();
                    item["id"] = json!(new_id);
                    item["contactId"] = json!(id);
                    item["dateAdded"] = json!(stamp);
                    if one == "task" && item.get("completed").is_none() {
                        item["completed"] = json!(false);
                    }
                    list.push(item.clone());
                    json_response(201, obj(one, item))
                }
                (m, [item_id, tail @ ..]) => {
                    let Some(i) = list.iter().position(|t| text(t, "id") == *item_id) else {
                        return Some(not_found(if one == "task" { "Task" } else { "Note" }));
                    };
                    match (m, tail) {
                        ("GET", []) => json_response(200, obj(one, list[i].clone())),
                        ("PUT", []) | ("PUT", ["completed"]) => {
                            merge(&mut list[i], body);
                            json_response(200, obj(one, list[i].clone()))
                        }
                        ("DELETE", []) => {
                            list.remove(i);
                            json_response(200, json!({"succeded": true}))
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        ("GET", ["contacts", id, "appointments"]) => {
            let events: Vec<Value> = state
                .appointments
                .iter()
                .filter(|a| text(a, "contactId") == *id)
                .cloned()
                .collect();
            json_response(200, json!({"events": events}))
        }
        // Opportunities and pipelines.
        ("GET", ["opportunities", "pipelines"]) => {
            json_response(200, json!({"pipelines": state.pipelines}))
        }
        ("POST", ["opportunities"]) => {
            let pipeline = text(body, "pipelineId");
            if !state.pipelines.iter().any(|p| text(p, "id") == pipeline) {
                return Some(json_response(
                    422,
                    json!({"statusCode": 422, "message": ["pipelineId is invalid"], "error": "Unprocessable Entity"}),
                ));
            }
            let mut opp = body.clone();
            opp["id"] = json!(state.id("sbxOpportunity"));
            opp["createdAt"] = json!(stamp);
            opp["updatedAt"] = json!(stamp);
            if opp.get("status").is_none() {
                opp["status"] = json!("open");
            }
            state.opportunities.push(opp.clone());
            json_response(201, json!({"opportunity": opp}))
        }
        ("GET", ["opportunities", "search"]) => {
            let filters = [
                ("pipeline_id", "pipelineId"),
                ("pipeline_stage_id", "pipelineStageId"),
                ("contact_id", "contactId"),
                ("status", "status"),
                ("assigned_to", "assignedTo"),
            ];
            let needle = query("q").unwrap_or_default().to_lowercase();
            let mut all: Vec<&Value> = state
                .opportunities
                .iter()
                .rev()
                .filter(|o| {
                    filters.iter().all(|(q, field)| {
                        query(q).is_none_or(|v| v == "all" || text(o, field) == v)
                    }) && (needle.is_empty() || o.to_string().to_lowercase().contains(&needle))
                })
                .collect();
            let total = all.len();
            skip_through(&mut all, query("startAfterId"));
            let limit: usize = query("limit").and_then(|l| l.parse().ok()).unwrap_or(20);
            let page: Vec<Value> = all.iter().take(limit).map(|o| (*o).clone()).collect();
            let last = page.last().map(|o| text(o, "id"));
            json_response(
                200,
                json!({"opportunities": page, "meta": {"total": total, "startAfterId": last, "startAfter": last.as_ref().map(|_| now)}}),
            )
        }
        (m, ["opportunities", id, rest @ ..]) if *id != "upsert" => {
            let Some(i) = state
                .opportunities
                .iter()
                .position(|o| text(o, "id") == *id)
            else {
                return Some(not_found("Opportunity"));
            };
            match (m, rest) {
                ("GET", []) => json_response(200, json!({"opportunity": state.opportunities[i]})),
                ("PUT", []) => {
                    merge(&mut state.opportunities[i], body);
                    state.opportunities[i]["updatedAt"] = json!(stamp);
                    json_response(200, json!({"opportunity": state.opportunities[i]}))
                }
                ("PUT", ["status"]) => {
                    state.opportunities[i]["status"] = body["status"].clone();
                    state.opportunities[i]["updatedAt"] = json!(stamp);
                    json_response(200, json!({"succeded": true}))
                }
                ("DELETE", []) => {
                    state.opportunities.remove(i);
                    json_response(200, json!({"succeded": true}))
                }
                _ => return None,
            }
        }
        // Appointments.
        ("POST", ["calendars", "events", "appointments"]) => {
            let mut appt = body.clone();
            appt["id"] = json!(state.id("sbxAppointment"));
            appt["dateAdded"] = json!(stamp);
            appt["dateUpdated"] = json!(stamp);
            if appt.get("appointmentStatus").is_none() {
                appt["appointmentStatus"] = json!("confirmed");
            }
            state.appointments.push(appt.clone());
            json_response(201, appt)
        }
        (m, ["calendars", "events", "appointments", id]) => {
            let Some(i) = state.appointments.iter().position(|a| text(a, "id") == *id) else {
                return Some(not_found("Appointment"));
            };
            match m {
                "GET" => json_response(200, json!({"event": state.appointments[i]})),
                "PUT" => {
                    merge(&mut state.appointments[i], body);
                    state.appointments[i]["dateUpdated"] = json!(stamp);
                    json_response(200, state.appointments[i].clone())
                }
                _ => return None,
            }
        }
        ("DELETE", ["calendars", "events", id]) => {
            let before = state.appointments.len();
            state.appointments.retain(|a| text(a, "id") != *id);
            if state.appointments.len() == before {
                return Some(not_found("Event"));
            }
            json_response(200, json!({"succeeded": true}))
        }
        ("GET", ["calendars", "events"]) => {
            let window = |name: &str| query(name).and_then(|v| v.parse::<i64>().ok());
            let (start, end) = (
                window("startTime").unwrap_or(i64::MIN),
                window("endTime").unwrap_or(i64::MAX),
            );
            let calendar = query("calendarId");
            let events: Vec<Value> = state
                .appointments
                .iter()
                .filter(|a| {
                    calendar
                        .as_ref()
                        .is_none_or(|c| text(a, "calendarId") == *c)
                })
                .filter(|a| {
                    let at = crate::sandbox::time_ms(&a["startTime"]);
                    at.is_none_or(|t| t >= start && t <= end)
                })
                .cloned()
                .collect();
            json_response(200, json!({"events": events}))
        }
        _ => return None,
    })
}

/// Epoch ms of a JSON time: a number, or RFC 3339 (`YYYY-MM-DDTHH:MM:SS`
/// with `Z`; offsets are not needed for the sandbox's own data).
fn time_ms(value: &Value) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    let s = value.as_str()?;
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some(((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000)
}

/// Serves the sandbox over HTTP/1.1 on `listener` until the process ends.
pub async fn serve(
    sandbox: std::sync::Arc<Sandbox>,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    use http_body_util::{BodyExt, Full};
    crate::serve_http(
        listener,
        move |req: hyper::Request<hyper::body::Incoming>| {
            let sandbox = sandbox.clone();
            async move {
                let (parts, body) = req.into_parts();
                let body = body.collect().await?.to_bytes().to_vec();
                let answer = sandbox.handle(&SandboxRequest {
                    method: parts.method.to_string(),
                    path: parts.uri.path().to_string(),
                    query: parts
                        .uri
                        .query()
                        .map(crate::query_pairs)
                        .unwrap_or_default(),
                    headers: parts
                        .headers
                        .iter()
                        .map(|(n, v)| {
                            (n.as_str().to_string(), v.to_str().unwrap_or("").to_string())
                        })
                        .collect(),
                    body,
                });
                let mut response = hyper::Response::builder().status(answer.status);
                for (name, value) in answer.headers {
                    response = response.header(name, value);
                }
                Ok(response.body(Full::new(bytes::Bytes::from(answer.body)))?)
            }
        },
    )
    .await
}

//! Triggers deliver every new (or changed) item once and never twice,
//! through the state each poll hands back.
//!
//! `harness` runs every trigger from its fixture (tests/fixtures/<key>.json):
//! the fixture's `poll` section says how the trigger polls (mode, where the
//! items are, their id and version properties, how pages are walked), and
//! the harness builds changing responses from the fixture's own response
//! and checks each poll's events and requests. The tests after it cover
//! the caps, the state's bounds and its errors.

mod common;

use std::collections::BTreeSet;

use ghl_host_test::{Connection, PollOptions, PollResult, Recorded, Reply, error_json};
use serde_json::{Value, json};

use common::{DEFAULT_POLL, catalog, poll, poll_opts};

/// A poll that must succeed.
fn poll_ok(
    key: &str,
    input: &Value,
    state: Option<&str>,
    options: PollOptions,
    replies: Vec<Reply>,
) -> (PollResult, Vec<Recorded>) {
    poll_ok_on(&common::conn(), key, input, state, options, replies)
}

fn poll_ok_on(
    conn: &Connection,
    key: &str,
    input: &Value,
    state: Option<&str>,
    options: PollOptions,
    replies: Vec<Reply>,
) -> (PollResult, Vec<Recorded>) {
    let (result, requests) = common::poll_with(conn, key, input, state, options, replies);
    let result = result.unwrap_or_else(|e| panic!("{key}: {}", error_json(&e)));
    (result, requests)
}

fn ids(result: &PollResult) -> Vec<String> {
    result.events.iter().map(|e| e.id.clone()).collect()
}

fn data(result: &PollResult) -> Vec<Value> {
    result
        .events
        .iter()
        .map(|e| serde_json::from_str(&e.data).expect("event data is JSON"))
        .collect()
}

fn samples(n: u32) -> PollOptions {
    PollOptions {
        samples: Some(n),
        ..DEFAULT_POLL
    }
}

fn max_events(n: u32) -> PollOptions {
    PollOptions {
        max_events: Some(n),
        ..DEFAULT_POLL
    }
}

/// The value at a `/`-separated path ("" is the value itself).
fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
    if path.is_empty() {
        return value;
    }
    path.split('/').fold(value, |v, seg| &v[seg])
}

fn at_mut<'a>(value: &'a mut Value, path: &str) -> &'a mut Value {
    if path.is_empty() {
        return value;
    }
    path.split('/').fold(value, |v, seg| &mut v[seg])
}

/// A value as it reads in a query string.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

mod harness {
    use super::*;

    /// What a fixture's `poll` section says.
    struct Spec {
        key: String,
        mode: String,
        items: String,
        id: Option<String>,
        version: Option<String>,
        paging: Value,
        adds: Value,
        newest_first: bool,
    }

    /// The fixture case a trigger is polled with: its first successful one.
    struct Base {
        conn: Connection,
        input: Value,
        request: Value,
        response: Value,
    }

    impl Base {
        /// A poll with the case's connection and input.
        fn poll(
            &self,
            key: &str,
            state: Option<&str>,
            options: PollOptions,
            replies: Vec<Reply>,
        ) -> (PollResult, Vec<Recorded>) {
            poll_ok_on(&self.conn, key, &self.input, state, options, replies)
        }
    }

    pub fn run_file(key: &str, text: &str) {
        let fixture: Value = serde_json::from_str(text).expect("fixture is JSON");
        let poll = &fixture["poll"];
        let spec = Spec {
            key: key.to_string(),
            mode: poll["mode"].as_str().expect("poll.mode").to_string(),
            items: poll["items"].as_str().expect("poll.items").to_string(),
            id: poll["id"].as_str().map(str::to_string),
            version: poll["version"].as_str().map(str::to_string),
            paging: poll["paging"].clone(),
            adds: poll["adds"].clone(),
            newest_first: poll["newest_first"] == true,
        };
        let op = catalog()
            .into_iter()
            .find(|op| op["key"] == key)
            .expect("in the catalog");
        assert_eq!(op["kind"], "trigger", "{key}: a trigger");
        assert_eq!(
            op["trigger_mode"],
            spec.mode.as_str(),
            "{key}: trigger mode"
        );
        let case = fixture["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                !c["request"].is_null()
                    && c.get("error").is_none()
                    && c["response"]["status"].as_u64().unwrap_or(200) < 300
            })
            .expect("a successful case to poll with");
        let base = Base {
            conn: common::case_conn(case),
            input: case["input"].clone(),
            request: case["request"].clone(),
            response: case["response"].clone(),
        };
        if spec.mode == "changes" {
            changes(&spec, &base);
        } else {
            list(&spec, &base);
            if spec.paging.is_object() {
                paging(&spec, &base);
            }
        }
    }

    /// The first request of a poll: the fixture's, plus what a poll adds
    /// (a page size the input left out, a newest-first sort).
    fn check_first_request(spec: &Spec, base: &Base, req: &Recorded) {
        let key = &spec.key;
        let want = &base.request;
        assert_eq!(
            req.method,
            want["method"].as_str().unwrap(),
            "{key}: method"
        );
        assert_eq!(req.path, want["path"].as_str().unwrap(), "{key}: path");
        common::assert_common_headers(
            req,
            want["version"].as_str().unwrap(),
            want["accept"].as_str().unwrap_or("application/json"),
        );
        let mut query: Vec<(String, String)> =
            serde_json::from_value(want["query"].clone()).unwrap();
        let mut body = want.get("body").cloned();
        if let Some(limit) = spec.paging["limit"].as_str() {
            let size = spec.paging["size"].clone();
            if spec.paging["in"] == "query" {
                if !query.iter().any(|(k, _)| k == limit) {
                    query.push((limit.to_string(), text(&size)));
                }
            } else {
                let body = body.get_or_insert_with(|| json!({}));
                if body.get(limit).is_none() {
                    body[limit] = size;
                }
            }
        }
        for pair in spec.adds["query"].as_array().into_iter().flatten() {
            query.push((text(&pair[0]), text(&pair[1])));
        }
        if let Some(adds) = spec.adds["body"].as_object() {
            let body = body.get_or_insert_with(|| json!({}));
            for (k, v) in adds {
                body[k] = v.clone();
            }
        }
        let sorted = |mut pairs: Vec<(String, String)>| {
            pairs.sort();
            pairs
        };
        assert_eq!(sorted(req.query_pairs()), sorted(query), "{key}: query");
        let got = req.json_body();
        match (&got, &body) {
            (Some(got), Some(want)) => {
                // Paging counts may be strings or numbers; compare as text.
                let norm = |v: &Value| -> Value {
                    v.as_object()
                        .map(|m| m.iter().map(|(k, v)| (k.clone(), json!(text(v)))).collect())
                        .unwrap_or(v.clone())
                };
                assert_eq!(norm(got), norm(want), "{key}: body");
            }
            (None, None) => {}
            _ => panic!("{key}: body {got:?}, expected {body:?}"),
        }
    }

    /// The items of a list response.
    fn items_of(spec: &Spec, body: &Value) -> Vec<Value> {
        at(body, &spec.items)
            .as_array()
            .unwrap_or_else(|| panic!("{}: no list at `{}`", spec.key, spec.items))
            .clone()
    }

    fn with_items(spec: &Spec, body: &Value, items: Vec<Value>) -> Value {
        let mut body = body.clone();
        *at_mut(&mut body, &spec.items) = Value::Array(items);
        body
    }

    /// Another item like the template, named `n`.
    fn make(spec: &Spec, template: &Value, n: &str) -> Value {
        let mut item = template.clone();
        match &spec.id {
            Some(id) => {
                assert!(
                    template.get(id).is_some(),
                    "{}: the fixture's items have no `{id}`",
                    spec.key
                );
                item[id] = json!(n);
            }
            None => item["name"] = json!(n),
        }
        item
    }

    /// The item after an update: a new update time, or new content.
    fn edit(spec: &Spec, item: &Value) -> Value {
        let mut item = item.clone();
        match &spec.version {
            Some(field) => {
                let old = item
                    .get(field)
                    .unwrap_or_else(|| panic!("{}: items have no `{field}`", spec.key))
                    .clone();
                item[field] = match old {
                    Value::Number(n) => json!(n.as_i64().unwrap() + 60_000),
                    _ => json!("2031-01-02T03:04:05.678Z"),
                };
            }
            None => item["editedByTest"] = json!(true),
        }
        item
    }

    /// The event id an item must get.
    fn assert_event_id(spec: &Spec, event_id: &str, item: &Value) {
        let key = &spec.key;
        let Some(id_field) = &spec.id else {
            assert!(event_id.starts_with('#'), "{key}: id-less item: {event_id}");
            return;
        };
        let id = text(&item[id_field]);
        match (&spec.mode[..], &spec.version) {
            ("new-items", _) => assert_eq!(event_id, id, "{key}: event id"),
            (_, Some(v)) => assert_eq!(event_id, format!("{id}@{}", text(&item[v])), "{key}"),
            (_, None) => assert!(
                event_id.starts_with(&format!("{id}@")) && event_id.len() > id.len() + 8,
                "{key}: {event_id} is the id and a fingerprint"
            ),
        }
    }

    fn reply(body: &Value) -> Reply {
        Reply::json(200, body)
    }

    /// A list trigger over four polls: baseline, one new item, one more and
    /// an edit and a deletion, then a reordering.
    fn list(spec: &Spec, base: &Base) {
        let key = &spec.key;
        let body = &base.response["body"];
        let template = items_of(spec, body)
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("{key}: the fixture lists at least one item"));
        let [i1, i2, i3, i4] =
            ["poll-1", "poll-2", "poll-3", "poll-4"].map(|n| make(spec, &template, n));
        let page = |items: &[&Value]| {
            reply(&with_items(
                spec,
                body,
                items.iter().map(|v| (*v).clone()).collect(),
            ))
        };

        // Baseline: nothing fires, whatever is listed.
        let (first, requests) = base.poll(key, None, DEFAULT_POLL, vec![page(&[&i1, &i2])]);
        assert!(
            first.events.is_empty(),
            "{key}: the first poll is a baseline: {:?}",
            ids(&first)
        );
        assert!(!first.more);
        assert_eq!(requests.len(), 1, "{key}: one short page, one request");
        check_first_request(spec, base, &requests[0]);

        // Samples: the first poll may show items, still as the baseline.
        let (sampled, _) = base.poll(key, None, samples(1), vec![page(&[&i1, &i2])]);
        assert_eq!(sampled.events.len(), 1, "{key}: one sample");
        assert!(
            data(&sampled)[0] == i1 || data(&sampled)[0] == i2,
            "{key}: a listed item"
        );

        // One new item: exactly that one.
        let (second, requests) = base.poll(
            key,
            Some(&first.state),
            DEFAULT_POLL,
            vec![page(&[&i3, &i1, &i2])],
        );
        assert_eq!(requests.len(), 1);
        assert_eq!(
            data(&second),
            std::slice::from_ref(&i3),
            "{key}: only the new item"
        );
        assert_event_id(spec, &second.events[0].id, &i3);

        // Another new item, an edit of an old one, a deletion.
        let edited = edit(spec, &i1);
        let (third, _) = base.poll(
            key,
            Some(&second.state),
            DEFAULT_POLL,
            vec![page(&[&i4, &edited, &i3])],
        );
        let got: BTreeSet<String> = data(&third).iter().map(Value::to_string).collect();
        let mut want: BTreeSet<String> = BTreeSet::from([i4.to_string()]);
        if spec.mode == "new-or-updated" {
            want.insert(edited.to_string());
        }
        assert_eq!(
            got, want,
            "{key}: {} mode after an add, an edit and a delete",
            spec.mode
        );
        for (event, item) in third.events.iter().zip(data(&third)) {
            assert_event_id(spec, &event.id, &item);
        }

        // The same items reordered: nothing.
        let (fourth, _) = base.poll(
            key,
            Some(&third.state),
            DEFAULT_POLL,
            vec![page(&[&i3, &edited, &i4])],
        );
        assert!(
            fourth.events.is_empty(),
            "{key}: reordering fires nothing: {:?}",
            ids(&fourth)
        );
    }

    /// A single-object trigger: fires on each change, including a change
    /// back, and never for the same version twice in a row.
    fn changes(spec: &Spec, base: &Base) {
        let key = &spec.key;
        let response = &base.response;
        let binary = response.get("body").is_none();
        let (original, edited, item_of): (Reply, Reply, Box<dyn Fn(bool) -> Value>) = if binary {
            use base64::Engine as _;
            let bytes = match response["body_base64"].as_str() {
                Some(b64) => base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap(),
                None => response["body_text"].as_str().unwrap().as_bytes().to_vec(),
            };
            let mut changed = bytes.clone();
            changed.extend_from_slice(b" (edited)");
            let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
            let (a, b) = (b64(&bytes), b64(&changed));
            let with = |bytes: Vec<u8>| {
                let mut r = Reply::bytes(200, bytes);
                for pair in response["headers"].as_array().into_iter().flatten() {
                    r = r.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
                }
                r
            };
            (
                with(bytes),
                with(changed),
                Box::new(move |edited| json!(if edited { b.clone() } else { a.clone() })),
            )
        } else {
            let body = response["body"].clone();
            let item = at(&body, &spec.items).clone();
            assert!(item.is_object(), "{key}: an object at `{}`", spec.items);
            let changed_item = edit(spec, &item);
            let mut changed = body.clone();
            *at_mut(&mut changed, &spec.items) = changed_item.clone();
            (
                reply(&body),
                reply(&changed),
                Box::new(move |edited| {
                    if edited {
                        changed_item.clone()
                    } else {
                        item.clone()
                    }
                }),
            )
        };
        // Files compare by their bytes; records as they are.
        let seen = |result: &PollResult| -> Vec<Value> {
            data(result)
                .into_iter()
                .map(|d| if binary { d["data"].clone() } else { d })
                .collect()
        };
        let again = |r: &Reply| r.clone();

        let (first, requests) = base.poll(key, None, DEFAULT_POLL, vec![again(&original)]);
        assert!(first.events.is_empty(), "{key}: baseline");
        assert_eq!(requests.len(), 1);
        check_first_request(spec, base, &requests[0]);

        let (sampled, _) = base.poll(key, None, samples(3), vec![again(&original)]);
        assert_eq!(
            seen(&sampled),
            [item_of(false)],
            "{key}: the object as a sample"
        );

        let (same, _) = base.poll(
            key,
            Some(&first.state),
            DEFAULT_POLL,
            vec![again(&original)],
        );
        assert!(same.events.is_empty(), "{key}: unchanged");

        let (changed, _) = base.poll(key, Some(&same.state), DEFAULT_POLL, vec![again(&edited)]);
        assert_eq!(seen(&changed), [item_of(true)], "{key}: the change");
        if !binary {
            assert_event_id(spec, &changed.events[0].id, &item_of(true));
        }

        let (back, _) = base.poll(
            key,
            Some(&changed.state),
            DEFAULT_POLL,
            vec![again(&original)],
        );
        assert_eq!(
            seen(&back),
            [item_of(false)],
            "{key}: a change back is a change"
        );

        let (still, _) = base.poll(key, Some(&back.state), DEFAULT_POLL, vec![original]);
        assert!(still.events.is_empty(), "{key}: unchanged again");
    }

    /// The request value of a paging parameter, as text.
    fn param(spec: &Spec, req: &Recorded, name: &str) -> Option<String> {
        if spec.paging["in"] == "query" {
            let values: Vec<String> = req
                .query_pairs()
                .into_iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v)
                .collect();
            (!values.is_empty()).then(|| values.join(","))
        } else {
            req.json_body()?.get(name).map(text)
        }
    }

    /// A full page, then a short one: the walk follows the endpoint's own
    /// paging, and stops where it should.
    fn paging(spec: &Spec, base: &Base) {
        let key = &spec.key;
        let p = &spec.paging;
        let limit = p["limit"].as_str().unwrap();
        let body = &base.response["body"];
        let mut template = items_of(spec, body)[0].clone();
        // An item cursor: every item carries it, so moving items between
        // pages does not change them.
        for c in p["cursor"].as_array().into_iter().flatten() {
            if c["from"] == "item" {
                *at_mut(&mut template, c["path"].as_str().unwrap()) = c["value"].clone();
            }
        }
        let first_request_value = |name: &str| -> Option<String> {
            let want = &base.request;
            if p["in"] == "query" {
                want["query"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|q| q[0] == name)
                    .map(|q| text(&q[1]))
            } else {
                want["body"].get(name).map(text)
            }
        };
        let size: usize = first_request_value(limit)
            .unwrap_or_else(|| text(&p["size"]))
            .parse()
            .unwrap();
        let names: Vec<String> = (0..=size).map(|n| format!("page-{n}")).collect();
        let all: Vec<Value> = names.iter().map(|n| make(spec, &template, n)).collect();
        let more = p["more"].as_str();
        // A full page with the cursor to the next one.
        let full = |items: &[Value]| {
            let mut page = with_items(spec, body, Vec::new());
            for c in p["cursor"].as_array().into_iter().flatten() {
                if c["from"] == "body" {
                    *at_mut(&mut page, c["path"].as_str().unwrap()) = c["value"].clone();
                }
            }
            if let Some(more) = more {
                *at_mut(&mut page, more) = json!(true);
            }
            *at_mut(&mut page, &spec.items) = Value::Array(items.to_vec());
            reply(&page)
        };
        let short = |items: &[Value]| {
            let mut page = with_items(spec, body, items.to_vec());
            if let Some(more) = more {
                *at_mut(&mut page, more) = json!(false);
            }
            reply(&page)
        };

        let (first, requests) = base.poll(
            key,
            None,
            DEFAULT_POLL,
            vec![full(&all[..size]), short(&all[size..])],
        );
        assert!(first.events.is_empty(), "{key}: baseline over two pages");
        assert_eq!(requests.len(), 2, "{key}: a full page asks for the next");
        check_first_request(spec, base, &requests[0]);
        let (one, two) = (&requests[0], &requests[1]);
        assert_eq!(
            param(spec, two, limit),
            Some(size.to_string()),
            "{key}: page size"
        );
        let mut paging_params: Vec<String> = vec![limit.to_string()];
        if p["style"] == "offset" {
            let offset = p["offset"].as_str().unwrap();
            let from: usize = first_request_value(offset).map_or(0, |v| v.parse().unwrap());
            assert_eq!(
                param(spec, two, offset),
                Some((from + size).to_string()),
                "{key}: the next offset"
            );
            paging_params.push(offset.to_string());
        } else {
            for c in p["cursor"].as_array().unwrap() {
                let name = c["param"].as_str().unwrap();
                let want = match &c["value"] {
                    Value::Array(parts) if p["in"] == "query" => {
                        parts.iter().map(text).collect::<Vec<_>>().join(",")
                    }
                    Value::Array(_) => c["value"].to_string(),
                    other => text(other),
                };
                let got = if p["in"] == "body" {
                    two.json_body().and_then(|b| {
                        b.get(name).map(|v| match v {
                            Value::Array(_) => v.to_string(),
                            other => text(other),
                        })
                    })
                } else {
                    param(spec, two, name)
                };
                assert_eq!(got, Some(want), "{key}: cursor {name}");
                paging_params.push(name.to_string());
            }
            for cleared in p["clear"].as_array().into_iter().flatten() {
                let cleared = cleared.as_str().unwrap();
                assert_eq!(param(spec, two, cleared), None, "{key}: {cleared} dropped");
                paging_params.push(cleared.to_string());
            }
        }
        // Everything but the paging parameters stays the same.
        let rest = |req: &Recorded| -> Vec<(String, String)> {
            let mut q: Vec<_> = req
                .query_pairs()
                .into_iter()
                .filter(|(k, _)| !paging_params.contains(k))
                .collect();
            q.sort();
            q
        };
        assert_eq!(rest(one), rest(two), "{key}: same query otherwise");
        assert_eq!((&one.method, &one.path), (&two.method, &two.path));

        // A new item on top pushes one down: both pages are read again and
        // only the new item fires.
        let new = make(spec, &template, "page-new");
        let mut shifted: Vec<Value> = vec![new.clone()];
        shifted.extend(all.iter().cloned());
        let (second, requests) = base.poll(
            key,
            Some(&first.state),
            DEFAULT_POLL,
            vec![full(&shifted[..size]), short(&shifted[size..])],
        );
        assert_eq!(requests.len(), 2, "{key}: the second page is read");
        assert_eq!(data(&second), [new], "{key}: only the new item");

        // Nothing new: a list sorted newest first stops after one page.
        let replies = if spec.newest_first {
            vec![full(&shifted[..size])]
        } else {
            vec![full(&shifted[..size]), short(&shifted[size..])]
        };
        let (third, requests) = base.poll(key, Some(&second.state), DEFAULT_POLL, replies);
        assert!(third.events.is_empty(), "{key}: nothing new");
        let pages = if spec.newest_first { 1 } else { 2 };
        assert_eq!(
            requests.len(),
            pages,
            "{key}: pages read when nothing is new"
        );
    }
}

include!(concat!(env!("OUT_DIR"), "/trigger_tests.rs"));

#[test]
fn every_trigger_has_a_polling_fixture() {
    let triggers: BTreeSet<String> = catalog()
        .iter()
        .filter(|op| op["kind"] == "trigger")
        .map(|op| op["key"].as_str().unwrap().to_string())
        .collect();
    let covered: BTreeSet<String> = TRIGGER_KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(triggers, covered);
    assert_eq!(triggers.len(), 55, "the seed's 55 triggers");
    for op in catalog() {
        assert_eq!(
            op["trigger_mode"].is_null(),
            op["kind"] == "action",
            "{}: actions have no trigger mode",
            op["key"]
        );
    }
}

/// One poll, one scripted JSON page, default options.
fn poll_page(key: &str, input: &Value, state: Option<&str>, body: Value) -> PollResult {
    poll_ok(
        key,
        input,
        state,
        DEFAULT_POLL,
        vec![Reply::json(200, &body)],
    )
    .0
}

fn notes(ids: &[String]) -> Value {
    json!({"notes": ids.iter().map(|id| json!({"id": id, "body": format!("note {id}")})).collect::<Vec<_>>()})
}

fn names(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i:05}")).collect()
}

/// A business contact added at minute `n` (later is newer).
fn contact(n: usize) -> Value {
    json!({
        "id": format!("c{n:04}"),
        "email": format!("c{n}@example.com"),
        "dateAdded": format!("2024-05-01T{:02}:{:02}:00.000Z", n / 60, n % 60),
    })
}

/// The contacts of a business listed newest first, `limit` per page,
/// answered for every `skip` a walk asks for.
fn business_pages(all: &[Value], limit: usize) -> Vec<Reply> {
    let mut newest_first = all.to_vec();
    newest_first.reverse();
    let mut replies: Vec<Reply> = newest_first
        .chunks(limit)
        .map(|chunk| Reply::json(200, &json!({"contacts": chunk, "count": all.len()})))
        .collect();
    if all.len().is_multiple_of(limit) {
        replies.push(Reply::json(
            200,
            &json!({"contacts": [], "count": all.len()}),
        ));
    }
    replies
}

#[test]
fn more_new_items_than_the_cap_come_over_the_next_polls_across_pages() {
    let key = "contacts.list_by_business";
    let input = json!({"businessId": "b1", "limit": 50});
    let mut all: Vec<Value> = (0..10).map(contact).collect();
    let (baseline, requests) = poll_ok(key, &input, None, DEFAULT_POLL, business_pages(&all, 50));
    assert!(baseline.events.is_empty());
    assert_eq!(requests.len(), 1);

    // 130 new contacts: three pages of 50, the last with the 10 old ones.
    all.extend((10..140).map(contact));
    let mut delivered: Vec<String> = Vec::new();
    let (first, requests) = poll_ok(
        key,
        &input,
        Some(&baseline.state),
        DEFAULT_POLL,
        business_pages(&all, 50),
    );
    assert_eq!(requests.len(), 3, "three pages walked");
    let skips: Vec<String> = requests
        .iter()
        .map(|r| {
            r.query_pairs()
                .into_iter()
                .find(|(k, _)| k == "skip")
                .map_or("-".into(), |(_, v)| v)
        })
        .collect();
    assert_eq!(skips, ["-", "50", "100"]);
    assert_eq!(first.events.len(), 100, "capped at 100");
    assert!(first.more, "more are waiting");
    // The oldest new ones first, each poll's events newest first.
    assert_eq!(first.events.first().unwrap().id, "c0109");
    assert_eq!(first.events.last().unwrap().id, "c0010");
    let stamps: Vec<i64> = first
        .events
        .iter()
        .map(|e| e.timestamp_ms.unwrap())
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] > w[1]), "newest first");
    delivered.extend(ids(&first));

    let (second, _) = poll_ok(
        key,
        &input,
        Some(&first.state),
        DEFAULT_POLL,
        business_pages(&all, 50),
    );
    assert_eq!(second.events.len(), 30);
    assert!(!second.more);
    assert_eq!(second.events.first().unwrap().id, "c0139");
    delivered.extend(ids(&second));

    let (third, _) = poll_ok(
        key,
        &input,
        Some(&second.state),
        DEFAULT_POLL,
        business_pages(&all, 50),
    );
    assert!(third.events.is_empty());

    let want: Vec<String> = (10..140).map(|n| format!("c{n:04}")).collect();
    let mut got = delivered.clone();
    got.sort();
    assert_eq!(got, want, "every new contact exactly once");
}

#[test]
fn a_smaller_cap_on_a_newest_first_list_stops_early_and_loses_nothing() {
    let key = "conversations.list_messages";
    let input = json!({"conversationId": "conv1", "limit": 3});
    // Messages newest first, three per page, `lastMessageId` to go on.
    let pages = |ids: &[&str]| -> Vec<Reply> {
        ids.chunks(3)
            .enumerate()
            .map(|(i, chunk)| {
                let last = (i + 1) * 3 >= ids.len();
                Reply::json(200, &json!({"messages": {
                    "lastMessageId": chunk.last().unwrap(),
                    "nextPage": !last,
                    "messages": chunk.iter().map(|id| json!({"id": id, "body": id})).collect::<Vec<_>>(),
                }}))
            })
            .collect()
    };
    let (baseline, requests) = poll_ok(
        key,
        &input,
        None,
        DEFAULT_POLL,
        pages(&["m4", "m3", "m2", "m1"]),
    );
    assert!(baseline.events.is_empty());
    assert_eq!(requests.len(), 2);
    assert!(
        requests[1]
            .query_pairs()
            .contains(&("lastMessageId".into(), "m2".into()))
    );

    let now = ["m9", "m8", "m7", "m6", "m5", "m4", "m3", "m2", "m1"];
    let (first, requests) = poll_ok(
        key,
        &input,
        Some(&baseline.state),
        max_events(2),
        pages(&now),
    );
    assert_eq!(
        requests.len(),
        3,
        "stops at the first page with nothing new"
    );
    assert_eq!(
        ids(&first),
        ["m6", "m5"],
        "the oldest two new ones, newest first"
    );
    assert!(first.more);
    let (second, _) = poll_ok(key, &input, Some(&first.state), max_events(2), pages(&now));
    assert_eq!(ids(&second), ["m8", "m7"]);
    let (third, requests) = poll_ok(key, &input, Some(&second.state), max_events(2), pages(&now));
    assert_eq!(ids(&third), ["m9"]);
    assert!(!third.more);
    assert_eq!(requests.len(), 2);
    let (fourth, requests) = poll_ok(key, &input, Some(&third.state), max_events(2), pages(&now));
    assert!(fourth.events.is_empty());
    assert_eq!(
        requests.len(),
        1,
        "nothing new on the first page: one request"
    );
}

#[test]
fn the_walk_stops_at_max_pages() {
    let key = "contacts.list_by_business";
    let input = json!({"businessId": "b1", "limit": 10});
    let all: Vec<Value> = (0..100).map(contact).collect();
    let options = PollOptions {
        max_pages: Some(3),
        ..DEFAULT_POLL
    };
    let (result, requests) = poll_ok(key, &input, None, options, business_pages(&all, 10));
    assert!(result.events.is_empty());
    assert_eq!(requests.len(), 3);
}

#[test]
fn a_failing_page_fails_the_poll_and_the_host_keeps_its_state() {
    let key = "contacts.list_by_business";
    let input = json!({"businessId": "b1", "limit": 2});
    let (baseline, _) = poll_ok(
        key,
        &input,
        None,
        DEFAULT_POLL,
        business_pages(&[contact(1)], 2),
    );
    let mut replies = business_pages(&[contact(3), contact(2)], 2);
    replies.truncate(1);
    replies.push(Reply::json(503, &json!({"message": "down"})));
    let (result, requests) = poll(key, &input, Some(&baseline.state), replies);
    assert_eq!(requests.len(), 2);
    assert_eq!(error_json(&result.unwrap_err())["kind"], "unavailable");
    // The same state later: the items come then.
    let (later, _) = poll_ok(
        key,
        &input,
        Some(&baseline.state),
        DEFAULT_POLL,
        business_pages(&[contact(1), contact(2), contact(3)], 2),
    );
    assert_eq!(ids(&later), ["c0003", "c0002"]);
}

#[test]
fn events_carry_timestamps_and_come_newest_first() {
    let key = "contacts.list_notes";
    let input = json!({"contactId": "c1"});
    let note = |id: &str, added: Value| json!({"id": id, "body": "b", "dateAdded": added});
    let baseline = poll_page(key, &input, None, json!({"notes": []}));
    let result = poll_page(
        key,
        &input,
        Some(&baseline.state),
        json!({"notes": [
            note("older", json!("2024-05-01T10:00:00.000Z")),
            note("newer", json!("2024-05-01T12:30:00+02:00")),
            note("newest", json!(1714564800000_i64)),
        ]}),
    );
    assert_eq!(ids(&result), ["newest", "newer", "older"]);
    let stamps: Vec<Option<i64>> = result.events.iter().map(|e| e.timestamp_ms).collect();
    // 2024-05-01T11:00Z, 2024-05-01T10:30Z, 2024-05-01T10:00Z.
    assert_eq!(
        stamps,
        [
            Some(1714561200000 + 3_600_000),
            Some(1714559400000),
            Some(1714557600000)
        ]
    );

    // Without a time, GHL's order stands and the timestamp is none.
    let plain = poll_page(
        key,
        &input,
        Some(&result.state),
        json!({"notes": [{"id": "x2"}, {"id": "x1", "dateAdded": "2024-05-01T10:00:00Z"}]}),
    );
    assert_eq!(ids(&plain), ["x2", "x1"]);
    assert_eq!(plain.events[0].timestamp_ms, None);
}

#[test]
fn duplicates_within_one_poll_are_delivered_once() {
    let key = "contacts.list_notes";
    let input = json!({"contactId": "c1"});
    let baseline = poll_page(key, &input, None, notes(&[]));
    let twice = ["n1", "n1", "n2"].map(String::from);
    let result = poll_page(key, &input, Some(&baseline.state), notes(&twice));
    assert_eq!(ids(&result), ["n1", "n2"]);
}

#[test]
fn an_empty_state_is_a_first_poll() {
    let result = poll_page(
        "contacts.list_notes",
        &json!({"contactId": "c1"}),
        Some("  "),
        notes(&["n1".into()]),
    );
    assert!(result.events.is_empty(), "a baseline, not a replay");
}

#[test]
fn unreadable_states_are_refused_before_any_request() {
    let key = "contacts.list_notes";
    let input = json!({"contactId": "c1"});
    let good = poll_page(key, &input, None, notes(&["n1".into()])).state;
    let other = poll_page("contacts.list_tasks", &input, None, json!({"tasks": []})).state;
    let cases: Vec<(String, &str)> = vec![
        ("not json".into(), "is not a state returned by poll-trigger"),
        ("[]".into(), "is not a state returned by poll-trigger"),
        (
            r#"{"v":2,"op":"contacts.list_notes"}"#.into(),
            "is not a state",
        ),
        (
            r#"{"v":2,"op":"contacts.list_notes","seen":"***"}"#.into(),
            "is not a state",
        ),
        (
            r#"{"v":2,"op":"contacts.list_notes","seen":"AAAA"}"#.into(),
            "is not a state",
        ),
        (good.replace("\"v\":2", "\"v\":\"2\""), "is not a state"),
        // What version 0.2 of the connector wrote.
        (
            r#"{"v":1,"seen":["n1"]}"#.into(),
            "older version of the connector (state version 1",
        ),
        (
            good.replace("\"v\":2", "\"v\":3"),
            "newer version of the connector (state version 3",
        ),
        (
            other,
            "belongs to trigger contacts.list_tasks, not contacts.list_notes",
        ),
        (
            format!("{{\"pad\":\"{}\"}}", "x".repeat(70_000)),
            "is not a state",
        ),
    ];
    for (state, why) in cases {
        let (result, requests) = poll(key, &input, Some(&state), vec![]);
        let err = error_json(&result.expect_err("refused"));
        let short: String = state.chars().take(60).collect();
        assert_eq!(err["kind"], "invalid-input", "{short}");
        assert_eq!(err["field"], "state", "{short}");
        let message = err["message"].as_str().unwrap();
        assert!(message.contains(why), "{short}: {message}");
        assert!(
            message.contains("poll without a state to start over"),
            "{message}"
        );
        assert!(requests.is_empty(), "{short}: nothing sent");
    }
}

#[test]
fn poll_options_out_of_range_are_refused_before_any_request() {
    let cases = [
        (
            PollOptions {
                max_events: Some(0),
                ..DEFAULT_POLL
            },
            "options.max-events",
        ),
        (
            PollOptions {
                max_events: Some(501),
                ..DEFAULT_POLL
            },
            "options.max-events",
        ),
        (
            PollOptions {
                samples: Some(101),
                ..DEFAULT_POLL
            },
            "options.samples",
        ),
        (
            PollOptions {
                max_pages: Some(0),
                ..DEFAULT_POLL
            },
            "options.max-pages",
        ),
        (
            PollOptions {
                max_pages: Some(21),
                ..DEFAULT_POLL
            },
            "options.max-pages",
        ),
    ];
    for (options, field) in cases {
        let (result, requests) = poll_opts(
            "contacts.list_notes",
            &json!({"contactId": "c1"}),
            None,
            options,
            vec![],
        );
        let err = error_json(&result.unwrap_err());
        assert_eq!(err["field"], field);
        assert!(requests.is_empty());
    }
}

/// Thousands of ids over many polls: a sliding window of 2,000 notes with
/// 500 new ones per poll. The state stays within 64 KiB, every new note
/// fires once, and none of the notes still listed fires again.
#[test]
fn the_state_stays_within_64_kib_and_exact_over_thousands_of_ids() {
    let key = "contacts.list_notes";
    let input = json!({"contactId": "c1"});
    let window = |round: usize| {
        names(
            "a-fairly-long-note-identifier-",
            round * 500..round * 500 + 2000,
        )
    };
    let (mut state, _) = poll_ok(
        key,
        &input,
        None,
        DEFAULT_POLL,
        vec![Reply::json(200, &notes(&window(0)))],
    );
    let mut delivered: BTreeSet<String> = BTreeSet::new();
    for round in 1..=24 {
        let (result, _) = poll_ok(
            key,
            &input,
            Some(&state.state),
            max_events(500),
            vec![Reply::json(200, &notes(&window(round)))],
        );
        assert!(
            result.state.len() <= 64 * 1024,
            "round {round}: {} bytes",
            result.state.len()
        );
        let new: BTreeSet<String> = names(
            "a-fairly-long-note-identifier-",
            round * 500 + 1500..round * 500 + 2000,
        )
        .into_iter()
        .collect();
        let got: BTreeSet<String> = ids(&result).into_iter().collect();
        assert_eq!(got, new, "round {round}: exactly the 500 new notes");
        assert!(delivered.is_disjoint(&got), "round {round}: none twice");
        delivered.extend(got);
        state = result;
    }
    assert_eq!(delivered.len(), 24 * 500);
    // A poll listing 2,000 of the oldest still-remembered notes and the
    // newest: nothing fires.
    let (again, _) = poll_ok(
        key,
        &input,
        Some(&state.state),
        DEFAULT_POLL,
        vec![Reply::json(200, &notes(&window(24)))],
    );
    assert!(again.events.is_empty());
}

#[test]
fn the_state_is_bounded_even_when_one_page_lists_more_than_it_remembers() {
    let key = "contacts.list_notes";
    let input = json!({"contactId": "c1"});
    let many = names("n", 0..9000);
    let (result, _) = poll_ok(
        key,
        &input,
        None,
        DEFAULT_POLL,
        vec![Reply::json(200, &notes(&many))],
    );
    assert!(
        result.state.len() <= 64 * 1024,
        "{} bytes",
        result.state.len()
    );
}

#[test]
fn poll_defaults_sort_newest_first_unless_the_input_sorts() {
    let key = "conversations.search";
    let body = json!({"conversations": [], "total": 0});
    let (_, requests) = poll_ok(
        key,
        &json!({}),
        None,
        DEFAULT_POLL,
        vec![Reply::json(200, &body)],
    );
    let query = requests[0].query_pairs();
    assert!(query.contains(&("sort".into(), "desc".into())), "{query:?}");
    assert!(query.contains(&("sortBy".into(), "last_message_date".into())));
    assert!(query.contains(&("limit".into(), "20".into())));
    let (_, requests) = poll_ok(
        key,
        &json!({"sort": "asc", "limit": 5}),
        None,
        DEFAULT_POLL,
        vec![Reply::json(200, &body)],
    );
    let query = requests[0].query_pairs();
    assert!(
        query.contains(&("sort".into(), "asc".into())),
        "the input wins: {query:?}"
    );
    assert!(query.contains(&("limit".into(), "5".into())));

    // run-action sends only what the input gives.
    let (_, requests) = common::run(key, &json!({}), vec![Reply::json(200, &body)]);
    let names: Vec<String> = requests[0]
        .query_pairs()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(names, ["locationId"]);
}

#[test]
fn a_routed_request_is_polled_as_one_page() {
    // Search Opportunities with searchAfter goes to POST /opportunities/search.
    let key = "opportunities.search";
    let input = json!({"searchAfter": ["1700000000000", "o0"]});
    let page: Vec<Value> = (0..100)
        .map(|i| json!({"id": format!("o{i}"), "updatedAt": "2024-05-01T10:00:00Z"}))
        .collect();
    let (result, requests) = poll_ok(
        key,
        &input,
        None,
        DEFAULT_POLL,
        vec![Reply::json(
            200,
            &json!({"opportunities": page, "total": 500}),
        )],
    );
    assert!(result.events.is_empty());
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "POST");
}

#[test]
fn free_slots_fire_when_availability_changes_not_per_trace_id() {
    let key = "calendars.get_free_slots";
    let input = json!({
        "calendarId": "ocQHyuzHvysMo5N5VsXc",
        "startDate": 1_714_521_600_000_i64,
        "endDate": 1_714_608_000_000_i64
    });
    let slots =
        |trace: &str, times: &[&str]| json!({"2024-05-01": {"slots": times}, "traceId": trace});
    let first = poll_page(
        key,
        &input,
        None,
        slots("t1", &["2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z"]),
    );
    let second = poll_page(
        key,
        &input,
        Some(&first.state),
        slots("t2", &["2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z"]),
    );
    assert!(
        second.events.is_empty(),
        "same slots, new traceId: no event"
    );
    let third = poll_page(
        key,
        &input,
        Some(&second.state),
        slots("t3", &["2024-05-01T11:00:00Z"]),
    );
    assert_eq!(third.events.len(), 1, "a slot was taken");
}

#[test]
fn a_lookup_fires_when_it_starts_finding_something() {
    let key = "contacts.get_duplicate";
    let input = json!({"email": "a@b.co"});
    let none = poll_page(key, &input, None, json!({"contact": null}));
    assert!(none.events.is_empty());
    let still = poll_page(key, &input, Some(&none.state), json!({"contact": null}));
    assert!(still.events.is_empty());
    let found = json!({"id": "c1", "email": "a@b.co", "dateUpdated": "2024-05-01T10:00:00Z"});
    let now = poll_page(key, &input, Some(&still.state), json!({"contact": found}));
    assert_eq!(data(&now), [found]);
    assert_eq!(ids(&now), ["c1@2024-05-01T10:00:00Z"]);
    assert_eq!(now.events[0].timestamp_ms, Some(1714557600000));
}

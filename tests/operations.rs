//! Every operation, run in the real component: one generated test per
//! fixture file (tests/fixtures/<key>.json), each request checked against the
//! fixture and against the official spec's facts (tests/spec/), plus checks
//! on the catalog itself.

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use ghl_host_test::{Reply, error_json};
use serde_json::{Value, json};

use common::{SEED_CATEGORIES, assert_common_headers, catalog, run, run_with};

const SPEC: &str = include_str!("spec/ghl-endpoints.json");

fn spec() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(SPEC).expect("spec facts parse"))
}

fn catalog_entry(key: &str) -> Value {
    catalog()
        .into_iter()
        .find(|op| op["key"] == key)
        .unwrap_or_else(|| panic!("{key} is not in the catalog"))
}

/// Operations beyond the seed catalog: the raw API request.
const BEYOND_SEED: &[&str] = &["api.request"];

/// The seed catalog entry an operation implements (same category and
/// label); `None` for the operations beyond the seed.
fn seed_entry(op: &Value) -> Option<&'static Value> {
    let found = spec()["seed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["category"] == op["category"] && s["label"] == op["label"]);
    if found.is_none() {
        assert!(
            BEYOND_SEED.contains(&op["key"].as_str().unwrap()),
            "{}: no seed entry for {} / {}",
            op["key"],
            op["category"],
            op["label"]
        );
    }
    found
}

/// Does a concrete path (percent-encoded) fit a `{param}` template?
fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with('{') && t.ends_with('}') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

/// Checks one recorded request against the official spec facts of the
/// seed endpoint it belongs to; returns that endpoint's path template.
fn assert_matches_spec(op: &Value, req: &ghl_host_test::Recorded) -> String {
    let seed = seed_entry(op);
    // A seed operation must hit one of its seed endpoints; the raw request
    // may hit any endpoint of the specs, and is held to that one's facts.
    let endpoint = spec()["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            seed.is_none_or(|seed| {
                seed["endpoints"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s[0] == e["method"] && s[1] == e["path"])
            })
        })
        .filter(|e| e["method"] == req.method.as_str())
        // Prefer literal segments over parameters (`/campaigns/removeAll`).
        .filter(|e| path_matches(e["path"].as_str().unwrap(), &req.path))
        .min_by_key(|e| e["path"].as_str().unwrap().matches('{').count())
        .unwrap_or_else(|| {
            panic!(
                "{}: {} {} matches none of the endpoints {}",
                op["key"],
                req.method,
                req.path,
                seed.map_or(json!("of the specs"), |s| s["endpoints"].clone())
            )
        });
    let key = &op["key"];
    if seed.is_some() {
        assert_eq!(
            op["token"], endpoint["token"],
            "{key}: token kind per the spec's security schemes"
        );
    }
    if let Some(version) = endpoint["version"].as_str() {
        assert_eq!(
            req.header("version"),
            Some(version),
            "{key}: Version per spec"
        );
    }
    let sent: BTreeSet<String> = req.query_pairs().into_iter().map(|(k, _)| k).collect();
    let allowed: BTreeSet<String> = endpoint["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        sent.is_subset(&allowed),
        "{key}: query {sent:?} not all in the spec's {allowed:?}"
    );
    for q in endpoint["query"].as_array().unwrap() {
        if q["required"] == true {
            let name = q["name"].as_str().unwrap();
            assert!(
                sent.contains(name),
                "{key}: required query parameter {name} missing"
            );
        }
    }
    if let Some(body) = req.json_body() {
        let spec_body = &endpoint["body"];
        assert!(
            !spec_body.is_null(),
            "{key}: the spec defines no JSON body for this endpoint"
        );
        let props: BTreeSet<&str> = spec_body["properties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        // An array body (e.g. calendar notifications) has no top-level
        // properties to check; its items are the caller's objects.
        let Some(object) = body.as_object() else {
            assert!(body.is_array(), "{key}: the body is an object or an array");
            return endpoint["path"].as_str().unwrap().to_string();
        };
        let sent: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        // An empty DTO in the spec (e.g. POST /contacts/search) documents nothing to check.
        if !props.is_empty() {
            assert!(
                sent.is_subset(&props),
                "{key}: body {sent:?} not all in the spec's {props:?}"
            );
        }
        for r in spec_body["required"].as_array().unwrap() {
            let r = r.as_str().unwrap();
            assert!(
                sent.contains(r),
                "{key}: required body property {r} missing"
            );
        }
    }
    endpoint["path"].as_str().unwrap().to_string()
}

mod fixtures {
    use super::*;

    /// Runs every case of one fixture file.
    pub fn run_file(key: &str, text: &str) {
        let fixture: Value = serde_json::from_str(text).expect("fixture is JSON");
        assert_eq!(fixture["key"], key, "fixture file name and key agree");
        let op = catalog_entry(key);
        let cases = fixture["cases"].as_array().expect("cases");
        assert!(!cases.is_empty(), "{key}: at least one case");
        for case in cases {
            run_case(&op, case);
        }
    }

    fn run_case(op: &Value, case: &Value) {
        let name = format!(
            "{} / {}",
            op["key"].as_str().unwrap(),
            case["name"].as_str().unwrap_or("?")
        );
        let conn = common::case_conn(case);
        let reply = common::scripted_reply(&case["response"]);
        let (result, requests) = run_with(
            &conn,
            op["key"].as_str().unwrap(),
            &case["input"],
            vec![reply],
        );

        let want = &case["request"];
        // Input the component must refuse: an error and nothing sent.
        if want.is_null() {
            assert!(requests.is_empty(), "{name}: nothing may be sent");
            let want_err = case
                .get("error")
                .expect("a case without a request has an error");
            check_error(&name, result, want_err);
            return;
        }
        assert_eq!(requests.len(), 1, "{name}: exactly one request");
        let req = &requests[0];
        assert_eq!(
            req.method,
            want["method"].as_str().unwrap(),
            "{name}: method"
        );
        assert_eq!(
            req.origin, "https://services.leadconnectorhq.com",
            "{name}: origin"
        );
        assert_eq!(req.path, want["path"].as_str().unwrap(), "{name}: path");
        let want_query: Vec<(String, String)> =
            serde_json::from_value(want["query"].clone()).expect("query pairs");
        assert_eq!(req.query_pairs(), want_query, "{name}: query");
        assert_common_headers(
            req,
            want["version"].as_str().unwrap(),
            want["accept"].as_str().unwrap_or("application/json"),
        );
        match want.get("body") {
            Some(body) => assert_eq!(req.json_body().as_ref(), Some(body), "{name}: body"),
            None => assert!(
                req.body.is_empty(),
                "{name}: no body expected, got {:?}",
                String::from_utf8_lossy(&req.body)
            ),
        }
        let template = assert_matches_spec(op, req);
        // Single-endpoint operations use exactly the catalog's endpoint;
        // lookups with several seed endpoints may use any of them.
        if seed_entry(op).is_some_and(|s| s["endpoints"].as_array().unwrap().len() == 1) {
            assert_eq!(op["path"], template.as_str(), "{name}: catalog path");
            assert_eq!(op["method"], req.method.as_str(), "{name}: catalog method");
        }

        match case.get("error") {
            Some(want_err) => check_error(&name, result, want_err),
            None => {
                let output = result.unwrap_or_else(|e| panic!("{name}: {}", error_json(&e)));
                assert_eq!(output, case["output"], "{name}: output");
            }
        }
    }

    /// The error matches every key the fixture gives (a subset of `error_json`).
    fn check_error(name: &str, result: Result<Value, ghl_host_test::ConnectorError>, want: &Value) {
        let err = result.expect_err(&format!("{name}: expected an error"));
        let got = error_json(&err);
        for (k, v) in want.as_object().expect("error is an object") {
            assert_eq!(&got[k], v, "{name}: error.{k} in {got}");
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/fixture_tests.rs"));

#[test]
fn every_operation_has_a_fixture_and_every_fixture_an_operation() {
    let keys: BTreeSet<String> = catalog()
        .iter()
        .map(|op| op["key"].as_str().unwrap().to_string())
        .collect();
    let fixtures: BTreeSet<String> = FIXTURE_KEYS.iter().map(|k| k.to_string()).collect();
    let without: Vec<_> = keys.difference(&fixtures).collect();
    let orphans: Vec<_> = fixtures.difference(&keys).collect();
    assert!(
        without.is_empty(),
        "operations without a fixture: {without:?}"
    );
    assert!(
        orphans.is_empty(),
        "fixtures without an operation: {orphans:?}"
    );
}

#[test]
fn catalog_has_every_seed_operation() {
    let ops = catalog();
    for (category, count) in SEED_CATEGORIES {
        let built: Vec<&Value> = ops
            .iter()
            .filter(|op| op["category"] == *category)
            .collect();
        let seed: Vec<&Value> = spec()["seed"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["category"] == *category)
            .collect();
        assert_eq!(seed.len(), *count, "{category}: seed size");
        assert_eq!(built.len(), *count, "{category}: operations built");
        for s in seed {
            let op = built
                .iter()
                .find(|op| op["label"] == s["label"])
                .unwrap_or_else(|| panic!("{category}: seed operation {} is missing", s["label"]));
            assert_eq!(op["kind"], s["kind"], "{}: kind", op["key"]);
            let main = json!([op["method"], op["path"]]);
            assert!(
                s["endpoints"].as_array().unwrap().contains(&main),
                "{}: {main} is not a seed endpoint of {}",
                op["key"],
                s["label"]
            );
        }
    }
    let built: usize = SEED_CATEGORIES.iter().map(|(_, n)| n).sum();
    assert_eq!(built, 124, "the whole seed catalog");
    assert_eq!(
        spec()["seed"].as_array().unwrap().len(),
        built,
        "every seed category is listed"
    );
    let beyond: Vec<&str> = ops
        .iter()
        .map(|op| op["key"].as_str().unwrap())
        .filter(|k| BEYOND_SEED.contains(k))
        .collect();
    assert_eq!(beyond, BEYOND_SEED, "the raw request is listed");
    assert_eq!(ops.len(), built + BEYOND_SEED.len(), "nothing else");
}

#[test]
fn catalog_entries_are_complete_and_consistent() {
    let ops = catalog();
    let mut keys = BTreeSet::new();
    for op in &ops {
        let key = op["key"].as_str().unwrap();
        assert!(keys.insert(key.to_string()), "duplicate key {key}");
        let (category, verb) = key.split_once('.').expect("key is category.verb");
        assert!(
            [category, verb]
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_')),
            "{key}: key format"
        );
        for field in ["label", "help", "method", "path", "api_version"] {
            assert!(
                !op[field].as_str().unwrap_or("").is_empty(),
                "{key}: {field}"
            );
        }
        // Every seed operation names its scopes; the raw request's depend
        // on the endpoint it calls.
        assert_eq!(
            op["scopes"].as_array().unwrap().is_empty(),
            BEYOND_SEED.contains(&key),
            "{key}: scopes"
        );
        assert!(
            op["output_sample"].is_object(),
            "{key}: output sample is a JSON object"
        );
        let schema = &op["input_schema"];
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["additionalProperties"], false);
        for (name, prop) in schema["properties"].as_object().unwrap() {
            assert!(
                prop["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{key}.{name}: description"
            );
            assert!(
                ["path", "query", "body", "request"].contains(&prop["x-ghl-in"].as_str().unwrap()),
                "{key}.{name}: x-ghl-in"
            );
        }
        // Every path parameter of the template is a required input field
        // (or one filled from the connection). The raw request's `{path}`
        // is the whole path, built by the engine.
        let path = op["path"].as_str().unwrap();
        if BEYOND_SEED.contains(&key) {
            continue;
        }
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let name = segment.trim_matches(|c| c == '{' || c == '}');
            assert_eq!(
                schema["properties"][name]["x-ghl-in"], "path",
                "{key}: {name} is a path field"
            );
            assert!(
                schema["required"]
                    .as_array()
                    .unwrap()
                    .contains(&json!(name))
                    || schema["properties"][name]["x-ghl-default"].is_string(),
                "{key}: path field {name} is required or filled from the connection"
            );
        }
    }
}

/// The published schemas are valid draft 2020-12 schemas, and each example
/// input passes its schema (checked with an independent validator).
#[test]
fn example_inputs_pass_their_published_schema() {
    for op in catalog() {
        let key = &op["key"];
        let schema = &op["input_schema"];
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(schema)
            .unwrap_or_else(|e| panic!("{key}: invalid schema: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&op["example_input"])
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{key}: example input fails its schema: {errors:?}"
        );
        // A field's default (sent when the input leaves it out) is a valid
        // value of that field.
        for (name, prop) in op["input_schema"]["properties"].as_object().unwrap() {
            if let Some(default) = prop.get("default") {
                let mut own = prop.clone();
                own.as_object_mut().unwrap().remove("default");
                let valid = jsonschema::draft202012::options()
                    .should_validate_formats(true)
                    .build(&own)
                    .unwrap()
                    .is_valid(default);
                assert!(valid, "{key}.{name}: default {default} fails its schema");
            }
        }
    }
}

/// The component accepts every example input (schema and engine agree) and
/// sends exactly one request for it.
#[test]
fn example_inputs_are_accepted_by_the_component() {
    for op in catalog() {
        let key = op["key"].as_str().unwrap();
        let sample = op["output_sample"].clone();
        let (result, requests) = run(key, &op["example_input"], vec![Reply::json(200, &sample)]);
        if let Err(err) = &result {
            let err = error_json(err);
            assert_ne!(
                err["kind"], "invalid-input",
                "{key}: example input refused: {err}"
            );
        }
        assert_eq!(
            requests.len(),
            1,
            "{key}: one request for the example input"
        );
    }
}

//! Property-based inputs for every operation: random and adversarial JSON
//! (wrong types, huge strings, deep nesting, unicode, path-like ids, nulls)
//! never trap the component, every refusal is a typed `invalid-input` with
//! nothing sent, and whatever is sent stays inside the operation's own
//! endpoint (ids never leave their path segment, the origin never changes).
//!
//! CI runs `GHL_FUZZ_CASES` cases per operation (default 8, about 1,000 in
//! all). The long run: `GHL_FUZZ_CASES=820 cargo test --test fuzz`
//! (over 100,000 inputs).

mod common;

use ghl_host_test::{Reply, error_json};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value, json};

use common::{catalog, run};

/// Strings that break naive code: path tricks, escapes, unicode, control
/// characters, long runs.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("../../../etc/passwd".to_string()),
        Just("..".to_string()),
        Just("%2e%2e/%2F".to_string()),
        Just("a/b?c=d#e".to_string()),
        Just("https://evil.example/x".to_string()),
        Just("//evil.example".to_string()),
        Just("\\\\server\\share".to_string()),
        Just("\u{0000}\u{001f}\u{007f}".to_string()),
        Just("é😀\u{202e}漢字".to_string()),
        Just(" ".to_string()),
        Just(String::new()),
        "[a-zA-Z0-9._~-]{1,24}",
        ".{0,40}",
        (1usize..70_000).prop_map(|n| "x".repeat(n)),
    ]
}

/// Any JSON value, nested a few levels, with the nasty strings above.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        nasty_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A value nested deeper than any parser should need to go.
fn deep(depth: usize) -> Value {
    (0..depth).fold(json!(1), |v, _| json!([v]))
}

/// An input for an operation: its example with fields replaced by nasty
/// strings (valid enough to reach the request builder: ids full of `/`,
/// `..` and unicode), or objects of its own and unknown field names with
/// any values (the validation), or any JSON at all.
fn input_for(fields: Vec<String>, example: Value) -> impl Strategy<Value = Value> {
    let names = if fields.is_empty() {
        vec!["x".to_string()]
    } else {
        fields
    };
    let mutated = (
        prop::collection::vec((prop::sample::select(names.clone()), nasty_string()), 1..3),
        Just(example),
    )
        .prop_map(|(changes, mut example)| {
            for (name, value) in changes {
                example[name] = Value::String(value);
            }
            example
        });
    let entry = (
        prop_oneof![
            9 => prop::sample::select(names),
            1 => "[a-zA-Z]{1,10}".prop_map(String::from),
        ],
        prop_oneof![
            20 => any_json(),
            1 => Just(deep(200)),
        ],
    );
    prop_oneof![
        15 => mutated,
        15 => prop::collection::vec(entry, 0..8).prop_map(|pairs| {
            Value::Object(pairs.into_iter().collect::<Map<String, Value>>())
        }),
        1 => any_json(),
    ]
}

/// Does a sent path fit the operation's templates (its own or a route's)?
/// Each `{param}` must be exactly one non-empty segment.
fn fits(templates: &[String], path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    templates.iter().any(|template| {
        let parts: Vec<&str> = template.split('/').collect();
        parts.len() == segments.len()
            && parts.iter().zip(&segments).all(|(t, s)| {
                if t.starts_with('{') {
                    !s.is_empty() && *s != "." && *s != ".." && !s.contains('/')
                } else {
                    t == s
                }
            })
    })
}

#[test]
fn random_and_adversarial_inputs_never_trap_or_escape() {
    let cases: u32 = std::env::var("GHL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let spec: Value = serde_json::from_str(include_str!("spec/ghl-endpoints.json")).unwrap();
    let total = std::cell::Cell::new(0u64);
    let refused = std::cell::Cell::new(0u64);
    for op in catalog() {
        let key = op["key"].as_str().unwrap().to_string();
        let fields: Vec<String> = op["input_schema"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        // The endpoints this operation may call: its seed endpoints (routes
        // included) or, for the raw request, any endpoint of the specs.
        let seed = spec["seed"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["category"] == op["category"] && s["label"] == op["label"]);
        let templates: Vec<String> = match seed {
            Some(seed) => seed["endpoints"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e[1].as_str().unwrap().to_string())
                .collect(),
            None => Vec::new(),
        };
        let sample = op["output_sample"].clone();
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&input_for(fields, op["example_input"].clone()), |input| {
                total.set(total.get() + 1);
                let (result, requests) = run(&key, &input, vec![Reply::json(200, &sample)]);
                match &result {
                    Err(err) if error_json(err)["kind"] == "invalid-input" => {
                        refused.set(refused.get() + 1);
                        prop_assert!(requests.is_empty(), "{key}: refused but sent {input}");
                    }
                    _ => {}
                }
                for req in &requests {
                    prop_assert_eq!(&req.origin, "https://services.leadconnectorhq.com");
                    if !templates.is_empty() {
                        prop_assert!(
                            fits(&templates, &req.path),
                            "{}: {} escapes {:?} for {}",
                            key,
                            req.path,
                            templates,
                            input
                        );
                    } else {
                        // The raw request: a clean absolute path.
                        prop_assert!(req.path.starts_with('/') && !req.path.starts_with("//"));
                        prop_assert!(!req.path.split('/').any(|s| s == ".." || s == "."));
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{key}: {e}"));
    }
    let (total, refused) = (total.get(), refused.get());
    eprintln!("fuzz: {total} inputs, {refused} refused as invalid-input, 0 traps");
    assert!(total >= u64::from(cases) * 120);
}

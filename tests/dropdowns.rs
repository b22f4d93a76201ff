//! Dropdown sources: the catalog says which fields have choices, and
//! `list-options` fetches them from GHL with the connection and the form
//! filled so far. Every source is exercised here against scripted replies.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use ghl_host_test::{Reply, error_json};
use serde_json::{Value, json};

use common::{LOCATION, TOKEN, assert_common_headers, catalog, conn, options_with};

fn options(
    key: &str,
    field: &str,
    form: Value,
    reply: Reply,
) -> (Result<Value, Value>, Vec<ghl_host_test::Recorded>) {
    let (result, requests) = options_with(&conn(), key, field, &form, vec![reply]);
    (result.map_err(|e| error_json(&e)), requests)
}

/// Asserts the one request a dropdown made: a GET with these query pairs.
fn assert_get(
    requests: &[ghl_host_test::Recorded],
    path: &str,
    query: &[(&str, &str)],
    version: &str,
) {
    assert_eq!(requests.len(), 1, "exactly one request");
    let req = &requests[0];
    assert_eq!(req.method, "GET");
    assert_eq!(req.origin, "https://services.leadconnectorhq.com");
    assert_eq!(req.path, path);
    let want: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(req.query_pairs(), want);
    assert_common_headers(req, version, "application/json");
    assert!(req.body.is_empty());
}

fn pipelines_body() -> Value {
    json!({
        "pipelines": [
            {"id": "aWdyBRPDEtBP3hyDoy0I", "name": "Sales", "stages": [
                {"id": "7915dedc-8f18-44d5-8bc3-77c04e994a10", "name": "New lead", "position": 0},
                {"id": "339d4fd4-e33f-4c09-8e71-9fd6fd8b8e53", "name": "Won", "position": 1}
            ]},
            {"id": "VDm7RPYC2GLUvdpKmBfC", "name": "Renewals", "stages": [
                {"id": "e93ba92e-1fd5-4b0a-9b6e-0b1f1f4c4b3a", "name": "Due"}
            ]}
        ]
    })
}

#[test]
fn pipelines_list_every_pipeline_of_the_location() {
    let (result, requests) = options(
        "opportunities.create",
        "pipelineId",
        json!({}),
        Reply::json(200, &pipelines_body()),
    );
    assert_get(
        &requests,
        "/opportunities/pipelines",
        &[("locationId", LOCATION)],
        "2021-07-28",
    );
    assert_eq!(
        result.unwrap(),
        json!([
            {"value": "aWdyBRPDEtBP3hyDoy0I", "label": "Sales", "detail": null},
            {"value": "VDm7RPYC2GLUvdpKmBfC", "label": "Renewals", "detail": null}
        ])
    );
}

#[test]
fn pipeline_stages_are_those_of_the_chosen_pipeline() {
    let (result, requests) = options(
        "opportunities.create",
        "pipelineStageId",
        json!({"pipelineId": "aWdyBRPDEtBP3hyDoy0I", "name": "half-filled form"}),
        Reply::json(200, &pipelines_body()),
    );
    assert_get(
        &requests,
        "/opportunities/pipelines",
        &[("locationId", LOCATION)],
        "2021-07-28",
    );
    assert_eq!(
        result.unwrap(),
        json!([
            {"value": "7915dedc-8f18-44d5-8bc3-77c04e994a10", "label": "New lead", "detail": null},
            {"value": "339d4fd4-e33f-4c09-8e71-9fd6fd8b8e53", "label": "Won", "detail": null}
        ])
    );
}

#[test]
fn pipeline_stages_need_a_pipeline_first_and_send_nothing_without_one() {
    for form in [
        json!({}),
        json!({"pipelineId": ""}),
        json!({"pipelineId": null}),
    ] {
        let (result, requests) = options(
            "opportunities.update",
            "pipelineStageId",
            form.clone(),
            Reply::json(200, &pipelines_body()),
        );
        let err = result.unwrap_err();
        assert_eq!(err["kind"], "invalid-input", "{form}");
        assert_eq!(err["field"], "pipelineId", "{form}");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("choose pipelineId first")
        );
        assert!(requests.is_empty(), "{form}: nothing sent");
    }
}

#[test]
fn pipeline_stages_of_an_unknown_pipeline_say_so() {
    let (result, requests) = options(
        "opportunities.create",
        "pipelineStageId",
        json!({"pipelineId": "gone"}),
        Reply::json(200, &pipelines_body()),
    );
    assert_eq!(requests.len(), 1);
    let err = result.unwrap_err();
    assert_eq!(err["kind"], "invalid-input");
    assert_eq!(err["field"], "pipelineId");
}

#[test]
fn calendars_list_the_location_calendars() {
    let (result, requests) = options(
        "calendars.create_appointment",
        "calendarId",
        json!({}),
        Reply::json(
            200,
            &json!({"calendars": [
                {"id": "BqTwX8QFwXzpegMve9EQ", "name": "Discovery call", "groupId": "x"},
                {"id": "ocQHyuzHvysMo5N5VsXc", "name": ""}
            ]}),
        ),
    );
    assert_get(
        &requests,
        "/calendars/",
        &[("locationId", LOCATION)],
        "2021-04-15",
    );
    // A calendar without a name shows its id.
    assert_eq!(
        result.unwrap(),
        json!([
            {"value": "BqTwX8QFwXzpegMve9EQ", "label": "Discovery call", "detail": null},
            {"value": "ocQHyuzHvysMo5N5VsXc", "label": "ocQHyuzHvysMo5N5VsXc", "detail": null}
        ])
    );
}

#[test]
fn calendar_groups_list_the_location_groups() {
    let (result, requests) = options(
        "calendars.list",
        "groupId",
        json!({}),
        Reply::json(
            200,
            &json!({"groups": [
                {"id": "ocQHyuzHvysMo5N5VsXc", "name": "Sales team", "slug": "sales", "isActive": true}
            ]}),
        ),
    );
    assert_get(
        &requests,
        "/calendars/groups",
        &[("locationId", LOCATION)],
        "2021-04-15",
    );
    assert_eq!(
        result.unwrap(),
        json!([{"value": "ocQHyuzHvysMo5N5VsXc", "label": "Sales team", "detail": null}])
    );
}

#[test]
fn users_are_labelled_by_name_with_their_email() {
    let (result, requests) = options(
        "opportunities.create",
        "assignedTo",
        json!({}),
        Reply::json(
            200,
            &json!({"users": [
                {"id": "0IHuJvc2ofPAAA8GzTRi", "name": "John Deo", "firstName": "John", "lastName": "Deo", "email": "john@deo.com"},
                {"id": "hxHGVRb1YJUscrCB8eXK", "firstName": "Ana", "lastName": "Ruiz", "email": "ana@example.com"},
                {"id": "TUcmRxWrjqzJS8EjkxNK", "email": "ops@example.com"},
                {"name": "no id: skipped"}
            ]}),
        ),
    );
    assert_get(
        &requests,
        "/users/",
        &[("locationId", LOCATION)],
        "2021-07-28",
    );
    assert_eq!(
        result.unwrap(),
        json!([
            {"value": "0IHuJvc2ofPAAA8GzTRi", "label": "John Deo", "detail": "john@deo.com"},
            {"value": "hxHGVRb1YJUscrCB8eXK", "label": "Ana Ruiz", "detail": "ana@example.com"},
            {"value": "TUcmRxWrjqzJS8EjkxNK", "label": "ops@example.com", "detail": null}
        ])
    );
}

#[test]
fn workflows_are_labelled_with_their_status() {
    let (result, requests) = options(
        "workflows.add_contact",
        "workflowId",
        json!({"contactId": "ocQHyuzHvysMo5N5VsXc"}),
        Reply::json(
            200,
            &json!({"workflows": [
                {"id": "78559bb3-b920-461e-b010-7b2a2816d2a9", "name": "First Workflow", "status": "published"},
                {"id": "0fd4f6ac-3a7c-4b8e-9d55-6a1f0e4c2b11", "name": "Nurture", "status": "draft"}
            ]}),
        ),
    );
    assert_get(
        &requests,
        "/workflows/",
        &[("locationId", LOCATION)],
        "2021-07-28",
    );
    assert_eq!(
        result.unwrap(),
        json!([
            {"value": "78559bb3-b920-461e-b010-7b2a2816d2a9", "label": "First Workflow", "detail": "published"},
            {"value": "0fd4f6ac-3a7c-4b8e-9d55-6a1f0e4c2b11", "label": "Nurture", "detail": "draft"}
        ])
    );
}

#[test]
fn a_location_in_the_form_wins_over_the_connection() {
    let (result, requests) = options(
        "calendars.create_appointment",
        "calendarId",
        json!({"locationId": "otherLocation123"}),
        Reply::json(200, &json!({"calendars": []})),
    );
    assert_get(
        &requests,
        "/calendars/",
        &[("locationId", "otherLocation123")],
        "2021-04-15",
    );
    assert_eq!(result.unwrap(), json!([]));
}

#[test]
fn without_any_location_the_error_says_where_to_set_it() {
    let mut c = conn();
    c.location_id = None;
    let (result, requests) = options_with(
        &c,
        "opportunities.create",
        "pipelineId",
        &json!({}),
        vec![Reply::json(200, &pipelines_body())],
    );
    let err = error_json(&result.unwrap_err());
    assert_eq!(err["kind"], "invalid-input");
    assert_eq!(err["field"], "locationId");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("connection.location-id")
    );
    assert!(requests.is_empty());
}

#[test]
fn a_field_without_choices_or_an_unknown_key_is_refused_without_a_request() {
    let (result, requests) = options(
        "opportunities.create",
        "name",
        json!({}),
        Reply::json(200, &json!({})),
    );
    let err = result.unwrap_err();
    assert_eq!(err["kind"], "invalid-input");
    assert_eq!(err["field"], "name");
    assert!(
        err["message"].as_str().unwrap().contains("pipelineId"),
        "{err}"
    );
    assert!(requests.is_empty());

    let (result, requests) = options(
        "opportunities.create",
        "nope",
        json!({}),
        Reply::json(200, &json!({})),
    );
    assert_eq!(result.unwrap_err()["field"], "nope");
    assert!(requests.is_empty());

    let (result, requests) = options(
        "nope.nope",
        "pipelineId",
        json!({}),
        Reply::json(200, &json!({})),
    );
    assert_eq!(result.unwrap_err()["kind"], "unknown-operation");
    assert!(requests.is_empty());

    let (result, requests) = options(
        "opportunities.create",
        "pipelineId",
        json!([1]),
        Reply::json(200, &json!({})),
    );
    assert_eq!(result.unwrap_err()["kind"], "invalid-input");
    assert!(requests.is_empty());
}

#[test]
fn ghl_errors_come_back_typed_and_without_the_token() {
    let (result, _) = options(
        "opportunities.create",
        "pipelineId",
        json!({}),
        Reply::json(401, &json!({"message": format!("bad token {TOKEN}")})),
    );
    let err = result.unwrap_err();
    assert_eq!(err["kind"], "unauthenticated");
    assert!(!err.to_string().contains(TOKEN), "{err}");

    let (result, _) = options(
        "opportunities.create",
        "pipelineId",
        json!({}),
        Reply::json(200, &json!({"unexpected": true})),
    );
    assert_eq!(result.unwrap_err()["kind"], "malformed-response");
}

/// Which source each kind of id field must use, wherever it appears.
const EXPECTED_SOURCES: &[(&str, &str)] = &[
    ("pipelineId", "pipelines"),
    ("pipelineStageId", "pipeline-stages"),
    ("calendarId", "calendars"),
    ("assignedTo", "users"),
    ("assignedUserId", "users"),
    ("userId", "users"),
    ("groupId", "calendar-groups"),
    ("workflowId", "workflows"),
];

#[test]
fn the_catalog_declares_dropdowns_consistently() {
    let ops = catalog();
    let keys: BTreeSet<&str> = ops.iter().map(|op| op["key"].as_str().unwrap()).collect();
    let mut sources_seen: BTreeMap<String, usize> = BTreeMap::new();
    for op in &ops {
        let key = op["key"].as_str().unwrap();
        let props = op["input_schema"]["properties"].as_object().unwrap();
        let dropdowns = op["dropdowns"].as_array().unwrap();
        // The typed list and the schema keyword say the same thing.
        let from_schema: Vec<Value> = props
            .iter()
            .filter_map(|(name, p)| {
                let o = p.get("x-ghl-options")?;
                Some(json!({"field": name, "source": o["source"], "depends_on": o["dependsOn"]}))
            })
            .collect();
        assert_eq!(&from_schema, dropdowns, "{key}: dropdowns vs x-ghl-options");
        for d in dropdowns {
            let field = d["field"].as_str().unwrap();
            *sources_seen
                .entry(d["source"].as_str().unwrap().to_string())
                .or_default() += 1;
            for dep in d["depends_on"].as_array().unwrap() {
                assert!(
                    props.contains_key(dep.as_str().unwrap()),
                    "{key}.{field} depends on {dep}, which the form lacks"
                );
            }
        }
        for (field, source) in EXPECTED_SOURCES {
            if props.contains_key(*field) {
                assert_eq!(
                    props[*field]["x-ghl-options"]["source"], *source,
                    "{key}.{field} should be a {source} dropdown"
                );
            }
        }
    }
    // Every source is used, and the operations they read exist and are triggers.
    for (source, reader) in [
        ("pipelines", "opportunities.list_pipelines"),
        ("pipeline-stages", "opportunities.list_pipelines"),
        ("calendars", "calendars.list"),
        ("calendar-groups", "calendars.list_groups"),
        ("users", "users.list_by_location"),
        ("workflows", "workflows.list"),
    ] {
        assert!(
            sources_seen.get(source).copied().unwrap_or(0) > 0,
            "{source} is never used"
        );
        assert!(
            keys.contains(reader),
            "{source} reads {reader}, which is missing"
        );
    }
    assert_eq!(
        sources_seen.len(),
        6,
        "unexpected sources: {sources_seen:?}"
    );
}

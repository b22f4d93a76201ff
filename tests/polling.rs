//! Triggers deliver each item once: the state a poll returns remembers
//! what was delivered.

mod common;

use ghl_host_test::{PollResult, Reply, error_json};
use serde_json::{Value, json};

use common::poll;

fn notes(ids: &[&str]) -> Value {
    json!({"notes": ids.iter().map(|id| json!({"id": id, "body": format!("note {id}")})).collect::<Vec<_>>()})
}

fn poll_ok(key: &str, input: &Value, state: Option<&str>, body: Value) -> PollResult {
    let (result, requests) = poll(key, input, state, vec![Reply::json(200, &body)]);
    assert_eq!(requests.len(), 1);
    result.unwrap_or_else(|e| panic!("{}", error_json(&e)))
}

fn ids(result: &PollResult) -> Vec<String> {
    result.events.iter().map(|e| e.id.clone()).collect()
}

#[test]
fn list_trigger_delivers_each_item_once() {
    let input = json!({"contactId": "c1"});
    let first = poll_ok("contacts.list_notes", &input, None, notes(&["n1", "n2"]));
    assert_eq!(ids(&first), ["n1", "n2"]);
    let data: Value = serde_json::from_str(&first.events[0].data).unwrap();
    assert_eq!(data, json!({"id": "n1", "body": "note n1"}));

    let second = poll_ok(
        "contacts.list_notes",
        &input,
        Some(&first.state),
        notes(&["n2", "n1"]),
    );
    assert!(second.events.is_empty(), "nothing new: {:?}", ids(&second));

    let third = poll_ok(
        "contacts.list_notes",
        &input,
        Some(&second.state),
        notes(&["n3", "n2", "n1"]),
    );
    assert_eq!(ids(&third), ["n3"]);

    // The request is the trigger's own.
    let (_, requests) = poll(
        "contacts.list_notes",
        &input,
        Some(&third.state),
        vec![Reply::json(200, &notes(&[]))],
    );
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/contacts/c1/notes");
}

#[test]
fn duplicates_within_one_page_are_delivered_once() {
    let result = poll_ok(
        "contacts.list_notes",
        &json!({"contactId": "c1"}),
        None,
        notes(&["n1", "n1", "n2"]),
    );
    assert_eq!(ids(&result), ["n1", "n2"]);
}

#[test]
fn record_trigger_fires_again_when_the_record_changes() {
    let input = json!({"contactId": "c1"});
    let v1 = json!({"contact": {"id": "c1", "firstName": "A", "dateUpdated": "2024-01-01T00:00:00.000Z"}});
    let v2 = json!({"contact": {"id": "c1", "firstName": "B", "dateUpdated": "2024-02-01T00:00:00.000Z"}});
    let first = poll_ok("contacts.get", &input, None, v1.clone());
    assert_eq!(ids(&first), ["c1@2024-01-01T00:00:00.000Z"]);
    let same = poll_ok("contacts.get", &input, Some(&first.state), v1);
    assert!(same.events.is_empty());
    let changed = poll_ok("contacts.get", &input, Some(&same.state), v2);
    assert_eq!(ids(&changed), ["c1@2024-02-01T00:00:00.000Z"]);
}

#[test]
fn record_without_update_time_fires_on_content_change() {
    let input = json!({"contactId": "c1", "taskId": "t1"});
    let open = json!({"task": {"id": "t1", "title": "Call", "completed": false}});
    let reordered = json!({"task": {"completed": false, "title": "Call", "id": "t1"}});
    let done = json!({"task": {"id": "t1", "title": "Call", "completed": true}});
    let first = poll_ok("contacts.get_task", &input, None, open);
    assert_eq!(first.events.len(), 1);
    assert!(first.events[0].id.starts_with("t1@"));
    let same = poll_ok("contacts.get_task", &input, Some(&first.state), reordered);
    assert!(same.events.is_empty(), "key order does not make a change");
    let changed = poll_ok("contacts.get_task", &input, Some(&same.state), done);
    assert_eq!(changed.events.len(), 1);
    assert_ne!(changed.events[0].id, first.events[0].id);
}

#[test]
fn an_empty_lookup_yields_no_event() {
    let result = poll_ok(
        "contacts.get_duplicate",
        &json!({"email": "a@b.co"}),
        None,
        json!({"contact": null}),
    );
    assert!(result.events.is_empty());
}

#[test]
fn at_most_100_events_per_poll_and_the_rest_next_time() {
    let many: Vec<String> = (0..150).map(|i| format!("n{i:03}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let input = json!({"contactId": "c1"});
    let first = poll_ok("contacts.list_notes", &input, None, notes(&refs));
    assert_eq!(first.events.len(), 100);
    let second = poll_ok(
        "contacts.list_notes",
        &input,
        Some(&first.state),
        notes(&refs),
    );
    assert_eq!(second.events.len(), 50);
    assert_eq!(second.events[0].id, "n100");
    let third = poll_ok(
        "contacts.list_notes",
        &input,
        Some(&second.state),
        notes(&refs),
    );
    assert!(third.events.is_empty());
}

#[test]
fn state_stays_under_64_kib() {
    let input = json!({"contactId": "c1"});
    let mut state: Option<String> = None;
    for round in 0..40 {
        let ids: Vec<String> = (0..100)
            .map(|i| format!("{round:03}-note-id-{i:04}-xxxxxxxxxx"))
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let result = poll_ok(
            "contacts.list_notes",
            &input,
            state.as_deref(),
            notes(&refs),
        );
        assert_eq!(result.events.len(), 100);
        assert!(
            result.state.len() < 64 * 1024,
            "round {round}: {} bytes",
            result.state.len()
        );
        state = Some(result.state);
    }
}

#[test]
fn a_foreign_state_is_refused_before_any_request() {
    for bad in ["not json", "{\"v\":99,\"seen\":[]}", "{\"v\":1}", "[]"] {
        let (result, requests) = poll(
            "contacts.list_notes",
            &json!({"contactId": "c1"}),
            Some(bad),
            vec![],
        );
        let err = error_json(&result.unwrap_err());
        assert_eq!(err["kind"], "invalid-input", "{bad}");
        assert_eq!(err["field"], "state");
        assert!(requests.is_empty());
    }
}

#[test]
fn errors_leave_the_state_to_the_host() {
    let (result, _) = poll(
        "contacts.list_notes",
        &json!({"contactId": "c1"}),
        None,
        vec![Reply::json(503, &json!({"message": "down"}))],
    );
    assert_eq!(error_json(&result.unwrap_err())["kind"], "unavailable");
}

#[test]
fn a_bare_array_response_polls_one_event_per_element() {
    let input = json!({"calendarId": "BqTwX8QFwXzpegMve9EQ"});
    let reminder = json!({"_id": "n1", "channel": "email", "notificationType": "reminder"});
    let booked = json!({"_id": "n2", "channel": "sms", "notificationType": "booked"});
    let first = poll_ok(
        "calendars.list_notifications",
        &input,
        None,
        json!([reminder, booked]),
    );
    assert_eq!(first.events.len(), 2);
    let data: Value = serde_json::from_str(&first.events[0].data).unwrap();
    assert_eq!(data, reminder);

    // Same items: nothing new. A changed one (no update time here, so its
    // content decides) fires again.
    let second = poll_ok(
        "calendars.list_notifications",
        &input,
        Some(&first.state),
        json!([reminder, booked]),
    );
    assert!(second.events.is_empty());
    let changed =
        json!({"_id": "n2", "channel": "sms", "notificationType": "booked", "isActive": false});
    let third = poll_ok(
        "calendars.list_notifications",
        &input,
        Some(&second.state),
        json!([reminder, changed]),
    );
    assert_eq!(third.events.len(), 1);
    let data: Value = serde_json::from_str(&third.events[0].data).unwrap();
    assert_eq!(data, changed);
}

#[test]
fn free_slots_fire_when_availability_changes_not_per_trace_id() {
    let input = json!({
        "calendarId": "ocQHyuzHvysMo5N5VsXc",
        "startDate": 1_714_521_600_000_i64,
        "endDate": 1_714_608_000_000_i64
    });
    let slots =
        |trace: &str, times: &[&str]| json!({"2024-05-01": {"slots": times}, "traceId": trace});
    let first = poll_ok(
        "calendars.get_free_slots",
        &input,
        None,
        slots("t1", &["2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z"]),
    );
    assert_eq!(first.events.len(), 1);
    let second = poll_ok(
        "calendars.get_free_slots",
        &input,
        Some(&first.state),
        slots("t2", &["2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z"]),
    );
    assert!(
        second.events.is_empty(),
        "same slots, new traceId: no event"
    );
    let third = poll_ok(
        "calendars.get_free_slots",
        &input,
        Some(&second.state),
        slots("t3", &["2024-05-01T11:00:00Z"]),
    );
    assert_eq!(third.events.len(), 1, "a slot was taken");
}

#[test]
fn a_route_polls_the_list_of_the_endpoint_it_called() {
    // List Custom Fields by object key answers under `fields`, not under
    // the main endpoint's `customFields`.
    let input = json!({"objectKey": "custom_objects.pets"});
    let body = json!({"fields": [
        {"id": "f1", "name": "Breed", "objectKey": "custom_objects.pets"},
        {"id": "f2", "name": "Age", "objectKey": "custom_objects.pets"}
    ]});
    let first = poll_ok("locations.list_custom_fields", &input, None, body.clone());
    assert_eq!(first.events.len(), 2);
    let second = poll_ok(
        "locations.list_custom_fields",
        &input,
        Some(&first.state),
        body,
    );
    assert!(second.events.is_empty());
}

#[test]
fn a_nested_list_polls_one_event_per_message() {
    let input = json!({"conversationId": "tDtDnQdgm2LXpyiqYvZ6"});
    let page = |ids: &[&str]| {
        json!({"messages": {
            "lastMessageId": ids.last().copied().unwrap_or(""),
            "nextPage": false,
            "messages": ids.iter().map(|id| json!({"id": id, "body": format!("msg {id}")})).collect::<Vec<_>>()
        }, "traceId": "t"})
    };
    let first = poll_ok(
        "conversations.list_messages",
        &input,
        None,
        page(&["m2", "m1"]),
    );
    assert_eq!(ids(&first), ["m2", "m1"]);
    let second = poll_ok(
        "conversations.list_messages",
        &input,
        Some(&first.state),
        page(&["m3", "m2", "m1"]),
    );
    assert_eq!(ids(&second), ["m3"]);
}

//! Webhook deliveries: signatures checked over the raw bytes with keys made
//! here (Ed25519 and RSA-SHA256), stale deliveries refused, and every GHL
//! event type named by its instant trigger in the catalog.

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use base64::Engine as _;
use ed25519_dalek::pkcs8::EncodePublicKey;
use ghl_host_test::sandbox::now_ms;
use ghl_host_test::{
    WebhookError, WebhookEvent, WebhookKeys, webhook_error_json, webhook_event_json,
};
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::LineEnding;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{Value, json};

use common::{connector, runtime, webhook_catalog};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// An RFC 3339 UTC time `offset_ms` from now.
fn rfc3339(offset_ms: i64) -> String {
    ghl_host_test::sandbox::rfc3339(now_ms() + offset_ms)
}

/// The Ed25519 key pair of these tests (from a fixed seed).
fn ed_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[7; 32])
}

fn ed_pem(key: &ed25519_dalek::SigningKey) -> String {
    key.verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap()
}

fn ed_sign(key: &ed25519_dalek::SigningKey, body: &[u8]) -> String {
    use ed25519_dalek::Signer as _;
    b64(&key.sign(body).to_bytes())
}

/// An RSA key pair made once per run (2048 bits), and another one.
fn rsa_keys() -> &'static (rsa::RsaPrivateKey, rsa::RsaPrivateKey) {
    static KEYS: OnceLock<(rsa::RsaPrivateKey, rsa::RsaPrivateKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(2024);
        (
            rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap(),
            rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap(),
        )
    })
}

fn rsa_pem(key: &rsa::RsaPrivateKey) -> String {
    rsa::pkcs8::EncodePublicKey::to_public_key_pem(&key.to_public_key(), LineEnding::LF).unwrap()
}

fn rsa_sign(key: &rsa::RsaPrivateKey, body: &[u8]) -> String {
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key.clone());
    b64(&signer.sign(body).to_vec())
}

/// A contact-created delivery sent now.
fn delivery() -> Vec<u8> {
    json!({
        "type": "ContactCreate",
        "locationId": "ve9EPM428h8vShlRW1KT",
        "id": "nmFmQEsNgz6AVpgLVUJ0",
        "email": "john@deo.com",
        "timestamp": rfc3339(0),
        "webhookId": "wh-0001"
    })
    .to_string()
    .into_bytes()
}

fn keys(ed25519: Option<String>, rsa: Option<String>) -> WebhookKeys {
    WebhookKeys { ed25519, rsa }
}

fn verify(
    body: &[u8],
    headers: &[(&str, &str)],
    keys: &WebhookKeys,
) -> Result<WebhookEvent, WebhookError> {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    runtime()
        .block_on(connector().verify_webhook(body, &headers, keys))
        .expect("the component must not trap")
}

fn refused(result: Result<WebhookEvent, WebhookError>) -> Value {
    webhook_error_json(&result.expect_err("refused"))
}

#[test]
fn a_genuine_ed25519_delivery_is_parsed_and_named() {
    let body = delivery();
    let sig = ed_sign(&ed_key(), &body);
    let event = verify(
        &body,
        &[("X-GHL-Signature", &sig)],
        &keys(Some(ed_pem(&ed_key())), None),
    )
    .unwrap();
    let json = webhook_event_json(&event);
    assert_eq!(json["trigger"], "webhooks.contact_create");
    assert_eq!(json["event_type"], "ContactCreate");
    assert_eq!(json["webhook_id"], "wh-0001");
    assert_eq!(json["location_id"], "ve9EPM428h8vShlRW1KT");
    assert_eq!(json["scheme"], "ed25519");
    assert_eq!(
        json["data"],
        serde_json::from_slice::<Value>(&body).unwrap()
    );
    let age = now_ms() - event.timestamp_ms.unwrap();
    assert!((0..60_000).contains(&age), "timestamp read: {age} ms old");
}

#[test]
fn ed25519_keys_are_read_as_pem_spki_or_raw_bytes() {
    let body = delivery();
    let sig = ed_sign(&ed_key(), &body);
    let public = ed_key().verifying_key();
    let spki = b64(public.to_public_key_der().unwrap().as_bytes());
    let raw = b64(public.as_bytes());
    for key in [ed_pem(&ed_key()), spki, raw] {
        let event = verify(
            &body,
            &[("x-ghl-signature", &sig)],
            &keys(Some(key.clone()), None),
        );
        assert!(
            event.is_ok(),
            "{key}: {:?}",
            event.err().map(|e| webhook_error_json(&e))
        );
    }
}

#[test]
fn a_genuine_rsa_delivery_is_parsed_with_spki_or_pkcs1_keys() {
    let (key, _) = rsa_keys();
    let body = delivery();
    let sig = rsa_sign(key, &body);
    let pkcs1 = key.to_public_key().to_pkcs1_pem(LineEnding::LF).unwrap();
    for pem in [rsa_pem(key), pkcs1] {
        let event = verify(&body, &[("x-wh-signature", &sig)], &keys(None, Some(pem))).unwrap();
        assert_eq!(webhook_event_json(&event)["scheme"], "rsa-sha256");
        assert_eq!(event.trigger.as_deref(), Some("webhooks.contact_create"));
    }
}

#[test]
fn one_changed_byte_breaks_either_signature() {
    let (rsa_key, _) = rsa_keys();
    let body = delivery();
    let mut tampered = body.clone();
    let at = tampered.iter().position(|b| *b == b'j').unwrap();
    tampered[at] = b'J';
    let ed = verify(
        &tampered,
        &[("x-ghl-signature", &ed_sign(&ed_key(), &body))],
        &keys(Some(ed_pem(&ed_key())), None),
    );
    assert_eq!(refused(ed)["kind"], "bad-signature");
    let rs = verify(
        &tampered,
        &[("x-wh-signature", &rsa_sign(rsa_key, &body))],
        &keys(None, Some(rsa_pem(rsa_key))),
    );
    assert_eq!(refused(rs)["kind"], "bad-signature");
    // Whitespace added around the JSON is a change too: the bytes are signed.
    let mut padded = body.clone();
    padded.push(b'\n');
    let ed = verify(
        &padded,
        &[("x-ghl-signature", &ed_sign(&ed_key(), &body))],
        &keys(Some(ed_pem(&ed_key())), None),
    );
    assert_eq!(refused(ed)["kind"], "bad-signature");
}

#[test]
fn a_signature_from_another_key_is_refused() {
    let (rsa_key, other_rsa) = rsa_keys();
    let body = delivery();
    let other_ed = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let ed = verify(
        &body,
        &[("x-ghl-signature", &ed_sign(&other_ed, &body))],
        &keys(Some(ed_pem(&ed_key())), None),
    );
    assert_eq!(refused(ed)["kind"], "bad-signature");
    let rs = verify(
        &body,
        &[("x-wh-signature", &rsa_sign(other_rsa, &body))],
        &keys(None, Some(rsa_pem(rsa_key))),
    );
    assert_eq!(refused(rs)["kind"], "bad-signature");
    // Without a host key the built-in GHL keys are used: they read, and
    // they do not verify what these tests signed.
    let ed = verify(
        &body,
        &[("x-ghl-signature", &ed_sign(&ed_key(), &body))],
        &keys(None, None),
    );
    assert_eq!(refused(ed)["kind"], "bad-signature");
    let rs = verify(
        &body,
        &[("x-wh-signature", &rsa_sign(rsa_key, &body))],
        &keys(None, None),
    );
    assert_eq!(refused(rs)["kind"], "bad-signature");
}

#[test]
fn the_ed25519_header_takes_precedence_without_fallback() {
    let (rsa_key, _) = rsa_keys();
    let body = delivery();
    let both = keys(Some(ed_pem(&ed_key())), Some(rsa_pem(rsa_key)));
    let good_ed = ed_sign(&ed_key(), &body);
    let good_rsa = rsa_sign(rsa_key, &body);
    let event = verify(
        &body,
        &[
            ("x-wh-signature", "bm9wZQ=="),
            ("x-ghl-signature", &good_ed),
        ],
        &both,
    )
    .unwrap();
    assert_eq!(webhook_event_json(&event)["scheme"], "ed25519");
    let bad_ed = b64(&[0; 64]);
    let result = verify(
        &body,
        &[("x-ghl-signature", &bad_ed), ("x-wh-signature", &good_rsa)],
        &both,
    );
    assert_eq!(
        refused(result)["kind"],
        "bad-signature",
        "a bad Ed25519 signature is not rescued by RSA"
    );
}

#[test]
fn a_missing_or_unreadable_signature_is_refused() {
    let body = delivery();
    let k = keys(Some(ed_pem(&ed_key())), None);
    assert_eq!(refused(verify(&body, &[], &k))["kind"], "unsigned");
    assert_eq!(
        refused(verify(&body, &[("x-ghl-signature", "  ")], &k))["kind"],
        "unsigned"
    );
    assert_eq!(
        refused(verify(&body, &[("content-type", "application/json")], &k))["kind"],
        "unsigned"
    );
    assert_eq!(
        refused(verify(&body, &[("x-ghl-signature", "%%%")], &k))["kind"],
        "bad-signature"
    );
    assert_eq!(
        refused(verify(&body, &[("x-ghl-signature", "AAAA")], &k))["kind"],
        "bad-signature"
    );
}

#[test]
fn stale_and_future_deliveries_are_refused_with_their_webhook_id() {
    let key = ed_key();
    let k = keys(Some(ed_pem(&key)), None);
    let at = |offset_ms: i64| {
        json!({"type": "NoteCreate", "id": "n1", "timestamp": rfc3339(offset_ms), "webhookId": "wh-old"})
            .to_string()
            .into_bytes()
    };
    for offset in [-6 * 60_000, 6 * 60_000] {
        let body = at(offset);
        let err = refused(verify(
            &body,
            &[("x-ghl-signature", &ed_sign(&key, &body))],
            &k,
        ));
        assert_eq!(err["kind"], "stale", "{offset}");
        assert_eq!(err["webhook_id"], "wh-old");
        let age = err["age_ms"].as_i64().unwrap();
        assert!(
            (age + offset).abs() < 60_000,
            "age {age} for offset {offset}"
        );
    }
    // Four minutes old is within the window.
    let body = at(-4 * 60_000);
    assert!(verify(&body, &[("x-ghl-signature", &ed_sign(&key, &body))], &k).is_ok());
    // Epoch milliseconds are read too.
    let body = json!({"type": "NoteCreate", "timestamp": now_ms() - 10 * 60_000})
        .to_string()
        .into_bytes();
    assert_eq!(
        refused(verify(
            &body,
            &[("x-ghl-signature", &ed_sign(&key, &body))],
            &k
        ))["kind"],
        "stale"
    );
    // No timestamp: accepted, and the host is told there was none.
    let body = json!({"type": "NoteCreate", "webhookId": "wh-2"})
        .to_string()
        .into_bytes();
    let event = verify(&body, &[("x-ghl-signature", &ed_sign(&key, &body))], &k).unwrap();
    assert_eq!(event.timestamp_ms, None);
    assert_eq!(event.webhook_id.as_deref(), Some("wh-2"));
}

#[test]
fn signed_bodies_that_are_not_json_objects_and_unreadable_keys_are_refused() {
    let key = ed_key();
    let k = keys(Some(ed_pem(&key)), None);
    for body in [&b"not json"[..], b"[1,2]"] {
        let err = refused(verify(
            body,
            &[("x-ghl-signature", &ed_sign(&key, body))],
            &k,
        ));
        assert_eq!(err["kind"], "malformed");
    }
    let body = delivery();
    let sig = ed_sign(&key, &body);
    for bad in [
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
        "not a key",
        "AAAA",
    ] {
        let err = refused(verify(
            &body,
            &[("x-ghl-signature", &sig)],
            &keys(Some(bad.into()), None),
        ));
        assert_eq!(err["kind"], "invalid-key", "{bad}");
    }
    let err = refused(verify(
        &body,
        &[("x-wh-signature", "AAAA")],
        &keys(None, Some("nope".into())),
    ));
    assert_eq!(err["kind"], "invalid-key");
}

#[test]
fn every_event_type_is_named_by_its_instant_trigger() {
    let webhooks = webhook_catalog();
    assert_eq!(webhooks.len(), 58, "one per GHL webhook event page");
    let key = ed_key();
    let k = keys(Some(ed_pem(&key)), None);
    let mut keys_seen = BTreeSet::new();
    for op in &webhooks {
        let name = op["key"].as_str().unwrap();
        assert!(name.starts_with("webhooks."), "{name}");
        assert!(keys_seen.insert(name.to_string()), "{name} listed once");
        assert_eq!(op["method"], "");
        assert_eq!(op["path"], "");
        assert!(op["trigger_mode"].is_null());
        assert_eq!(op["example_input"], json!({}));
        assert_eq!(op["input_schema"]["properties"], json!({}));
        assert!(op["help"].as_str().unwrap().contains("verify-webhook"));
        // Its sample, delivered now, is named by this trigger.
        let mut payload = op["output_sample"].clone();
        assert!(payload["type"].is_string(), "{name}: the sample has a type");
        payload["timestamp"] = json!(rfc3339(0));
        payload["webhookId"] = json!(format!("wh-{name}"));
        let body = payload.to_string().into_bytes();
        let event = verify(&body, &[("x-ghl-signature", &ed_sign(&key, &body))], &k)
            .unwrap_or_else(|e| panic!("{name}: {}", webhook_error_json(&e)));
        assert_eq!(event.trigger.as_deref(), Some(name), "{name}");
        assert_eq!(event.event_type, payload["type"].as_str().unwrap());
    }
    // The event types the pages name, each mapped (a sample of them).
    for (event_type, key_name) in [
        ("ContactTagUpdate", "webhooks.contact_tag_update"),
        (
            "OpportunityStageUpdate",
            "webhooks.opportunity_stage_update",
        ),
        ("AppointmentUpdate", "webhooks.appointment_update"),
        ("TaskComplete", "webhooks.task_complete"),
        ("InboundMessage", "webhooks.inbound_message"),
        ("ConversationUnreadUpdate", "webhooks.conversation_unread"),
        ("INSTALL", "webhooks.app_install"),
        ("SMS", "webhooks.provider_outbound_message"),
    ] {
        let body = json!({"type": event_type, "timestamp": rfc3339(0)})
            .to_string()
            .into_bytes();
        let event = verify(&body, &[("x-ghl-signature", &ed_sign(&key, &body))], &k).unwrap();
        assert_eq!(event.trigger.as_deref(), Some(key_name), "{event_type}");
    }
    // A type this version does not list: genuine, and unnamed.
    let body = json!({"type": "SomethingNew", "timestamp": rfc3339(0)})
        .to_string()
        .into_bytes();
    let event = verify(&body, &[("x-ghl-signature", &ed_sign(&key, &body))], &k).unwrap();
    assert_eq!(event.trigger, None);
    assert_eq!(event.event_type, "SomethingNew");
}

#[test]
fn webhook_triggers_cannot_be_run_or_polled() {
    let (result, requests) = common::run("webhooks.contact_create", &json!({}), vec![]);
    let err = ghl_host_test::error_json(&result.unwrap_err());
    assert_eq!(err["kind"], "unknown-operation");
    assert!(err["message"].as_str().unwrap().contains("verify-webhook"));
    assert!(requests.is_empty());
    let (result, _) = common::poll("webhooks.contact_create", &json!({}), None, vec![]);
    assert_eq!(
        ghl_host_test::error_json(&result.unwrap_err())["kind"],
        "unknown-operation"
    );
}

/// `ghl webhook verify` accepts a delivery signed with the key it is given
/// and refuses the same body with one byte changed.
#[test]
fn the_cli_verifies_a_delivery_and_refuses_a_changed_byte() {
    let dir = std::env::temp_dir().join(format!("ghl-webhook-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body = delivery();
    let (rsa_key, _) = rsa_keys();
    let cases = [
        (
            "x-ghl-signature",
            ed_sign(&ed_key(), &body),
            ed_pem(&ed_key()),
            "ed25519",
        ),
        (
            "x-wh-signature",
            rsa_sign(rsa_key, &body),
            rsa_pem(rsa_key),
            "rsa-sha256",
        ),
    ];
    for (header, sig, pem, scheme) in cases {
        let key_file = dir.join(format!("{scheme}.pem"));
        std::fs::write(&key_file, pem).unwrap();
        let body_file = dir.join("body.json");
        let run = |bytes: &[u8]| {
            std::fs::write(&body_file, bytes).unwrap();
            common::ghl_command()
                .args(["webhook", "verify", "--body"])
                .arg(&body_file)
                .args([
                    "--header",
                    &format!("{header}: {sig}"),
                    "--header",
                    "content-type: application/json",
                ])
                .arg("--public-key")
                .arg(&key_file)
                .env_remove("GHL_TOKEN")
                .output()
                .unwrap()
        };
        let out = run(&body);
        assert!(
            out.status.success(),
            "{scheme}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(printed["trigger"], "webhooks.contact_create");
        assert_eq!(printed["scheme"], scheme);
        assert_eq!(printed["webhook_id"], "wh-0001");

        let mut changed = body.clone();
        let at = changed.iter().position(|b| *b == b'@').unwrap();
        changed[at] = b'#';
        let out = run(&changed);
        assert_eq!(out.status.code(), Some(11), "{scheme}: refused");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: webhook refused: bad signature:"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

//! Webhook deliveries as instant triggers: verify the signature over the
//! raw body, refuse stale deliveries, and name the catalog trigger of the
//! event type.
//!
//! The catalog of webhook events is data (`webhooks.json`, generated from
//! GHL's event pages by `tools/extract_webhooks.py`).

use std::sync::OnceLock;

use base64::Engine as _;
use serde_json::Value;

use crate::values::{now_ms, text, time_ms};
use crate::wit::{SignatureScheme, WebhookError, WebhookEvent, WebhookKeys};

/// Deliveries older (or further in the future) than this are refused.
pub const MAX_AGE_MS: i64 = 5 * 60 * 1000;

/// GHL's published RSA key for `x-wh-signature` (the official webhook
/// authentication page).
const GHL_RSA_PEM: &str = "-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----";

/// The Ed25519 key for `x-ghl-signature` (SPKI, base64). GHL's SDK reads it
/// from configuration; this value is the one integrations use, not found
/// in an official file: hosts should pass the key from their app settings.
const GHL_ED25519_SPKI: &str = "MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=";

/// One webhook event of the catalog.
pub struct Webhook {
    pub key: String,
    /// GHL's name for the event (its documentation page).
    pub event: String,
    /// The payload `type` values that mean this event.
    pub types: Vec<String>,
    pub label: String,
    pub category: String,
    pub scopes: Vec<String>,
    pub sample: Value,
}

/// The webhook events, in key order.
pub fn all() -> &'static [Webhook] {
    static ALL: OnceLock<Vec<Webhook>> = OnceLock::new();
    ALL.get_or_init(|| {
        // Checked by the tests; an empty catalog rather than a trap if not.
        // Read through `Value` (already in the component for everything
        // else) rather than a derived deserializer: 6 KB less code.
        serde_json::from_str::<Value>(include_str!("webhooks.json"))
            .ok()
            .and_then(|all| all.as_array()?.iter().map(webhook).collect())
            .unwrap_or_default()
    })
}

fn webhook(entry: &Value) -> Option<Webhook> {
    let string = |key: &str| entry.get(key)?.as_str().map(str::to_string);
    let strings = |key: &str| {
        entry
            .get(key)?
            .as_array()?
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
    };
    Some(Webhook {
        key: string("key")?,
        event: string("event")?,
        types: strings("types")?,
        label: string("label")?,
        category: string("category")?,
        scopes: strings("scopes")?,
        sample: entry.get("sample")?.clone(),
    })
}

pub fn find(key: &str) -> Option<&'static Webhook> {
    all().iter().find(|w| w.key == key)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn decode_signature(text: &str) -> Result<Vec<u8>, WebhookError> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| WebhookError::BadSignature("the signature header is not base64".into()))
}

fn pem_body(pem: &str) -> Option<Vec<u8>> {
    let inner: String = pem
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD.decode(inner).ok()
}

fn ed25519_key(text: &str) -> Result<ed25519_dalek::VerifyingKey, WebhookError> {
    use ed25519_dalek::pkcs8::DecodePublicKey;
    let bad = || {
        WebhookError::InvalidKey(
            "the Ed25519 key is not a PEM public key, base64 SPKI or 32 raw bytes in base64".into(),
        )
    };
    let der = if text.contains("-----BEGIN") {
        pem_body(text).ok_or_else(bad)?
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| bad())?
    };
    if let Ok(raw) = <[u8; 32]>::try_from(der.as_slice()) {
        return ed25519_dalek::VerifyingKey::from_bytes(&raw).map_err(|_| bad());
    }
    ed25519_dalek::VerifyingKey::from_public_key_der(&der).map_err(|_| bad())
}

fn rsa_key(text: &str) -> Result<rsa::RsaPublicKey, WebhookError> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::pkcs8::DecodePublicKey;
    let bad = || WebhookError::InvalidKey("the RSA key is not a PEM public key".into());
    let der = pem_body(text).ok_or_else(bad)?;
    rsa::RsaPublicKey::from_public_key_der(&der)
        .or_else(|_| rsa::RsaPublicKey::from_pkcs1_der(&der))
        .map_err(|_| bad())
}

/// Checks the signature headers over the raw body; `x-ghl-signature`
/// (Ed25519) takes precedence over the legacy `x-wh-signature` (RSA).
fn verify_signature(
    body: &[u8],
    headers: &[(String, String)],
    keys: &WebhookKeys,
) -> Result<SignatureScheme, WebhookError> {
    if let Some(sig) = header(headers, "x-ghl-signature") {
        let key = ed25519_key(keys.ed25519.as_deref().unwrap_or(GHL_ED25519_SPKI))?;
        let sig = ed25519_dalek::Signature::from_slice(&decode_signature(sig)?).map_err(|_| {
            WebhookError::BadSignature("not an Ed25519 signature (64 bytes)".into())
        })?;
        return key
            .verify_strict(body, &sig)
            .map(|_| SignatureScheme::Ed25519)
            .map_err(|_| {
                WebhookError::BadSignature(
                    "x-ghl-signature does not match the body and the Ed25519 key".into(),
                )
            });
    }
    if let Some(sig) = header(headers, "x-wh-signature") {
        use rsa::signature::Verifier;
        let key = rsa_key(keys.rsa.as_deref().unwrap_or(GHL_RSA_PEM))?;
        let verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key);
        let sig = rsa::pkcs1v15::Signature::try_from(decode_signature(sig)?.as_slice())
            .map_err(|_| WebhookError::BadSignature("not an RSA signature".into()))?;
        return verifier
            .verify(body, &sig)
            .map(|_| SignatureScheme::RsaSha256)
            .map_err(|_| {
                WebhookError::BadSignature(
                    "x-wh-signature does not match the body and the RSA key".into(),
                )
            });
    }
    Err(WebhookError::Unsigned(
        "neither x-ghl-signature nor x-wh-signature is present".into(),
    ))
}

/// Verifies and parses one delivery (see `verify-webhook` in the WIT).
pub fn verify(
    body: &[u8],
    headers: &[(String, String)],
    keys: &WebhookKeys,
) -> Result<WebhookEvent, WebhookError> {
    let scheme = verify_signature(body, headers, keys)?;
    let payload: Value = serde_json::from_slice(body)
        .map_err(|e| WebhookError::Malformed(format!("the body is not JSON: {e}")))?;
    if !payload.is_object() {
        return Err(WebhookError::Malformed(
            "the body is not a JSON object".into(),
        ));
    }
    let webhook_id = text(payload.get("webhookId"));
    let timestamp_ms = payload.get("timestamp").and_then(time_ms);
    if let Some(at) = timestamp_ms {
        let age = now_ms() - at;
        if age.abs() > MAX_AGE_MS {
            return Err(WebhookError::Stale(crate::wit::StaleDelivery {
                webhook_id,
                timestamp_ms: at,
                age_ms: age,
            }));
        }
    }
    let event_type = text(payload.get("type")).unwrap_or_default();
    let trigger = all()
        .iter()
        .find(|w| w.types.contains(&event_type))
        .map(|w| w.key.clone());
    Ok(WebhookEvent {
        trigger,
        event_type,
        webhook_id,
        timestamp_ms,
        location_id: text(payload.get("locationId")),
        scheme,
        data: payload.to_string(),
    })
}

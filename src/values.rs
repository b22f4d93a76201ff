//! Reading JSON values the way GHL writes them: ids and labels as text,
//! times as RFC 3339 or epoch numbers, and the clock to compare them with.

use serde_json::Value;

use crate::validate::rfc3339_to_epoch_ms;

/// A non-empty string or a number as text (ids, update times, labels).
pub fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// RFC 3339 text, or an epoch number (milliseconds, or seconds when too
/// small to be milliseconds after 1973), possibly as a string.
pub fn time_ms(value: &Value) -> Option<i64> {
    let number = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            // Digits only: an integer parse (no float parser in the
            // component for this).
            s.parse::<u64>().ok()? as f64
        }
        Value::String(s) => return rfc3339_to_epoch_ms(s),
        _ => return None,
    };
    if !(0.0..1e15).contains(&number) {
        return None;
    }
    Some(if number < 1e11 {
        number * 1000.0
    } else {
        number
    } as i64)
}

/// Now, in epoch milliseconds (`wasi:clocks/wall-clock`).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

//! Trigger polling: events with stable ids, and a state that remembers what
//! was delivered so a poll never hands out the same item twice.

use serde_json::{Value, json};

use crate::catalog::{EventId, Op};
use crate::validate::problem;
use crate::wit::{ConnectorError, Event};

/// At most this many events per poll; the rest come on the next poll.
pub const MAX_EVENTS: usize = 100;
/// The serialized state stays under this size (hosts cap stored state at 64 KiB).
const MAX_STATE_BYTES: usize = 60 * 1024;
const STATE_VERSION: u64 = 1;

/// Ids already delivered, oldest first.
pub struct State {
    seen: Vec<String>,
}

impl State {
    pub fn parse(raw: Option<&str>) -> Result<State, ConnectorError> {
        let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(State { seen: Vec::new() });
        };
        let bad = || {
            problem(
                "state",
                "is not a state returned by poll-trigger; pass none to start over",
            )
        };
        let value: Value = serde_json::from_str(raw).map_err(|_| bad())?;
        if value.get("v").and_then(Value::as_u64) != Some(STATE_VERSION) {
            return Err(bad());
        }
        let seen = value
            .get("seen")
            .and_then(Value::as_array)
            .ok_or_else(bad)?
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(bad))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(State { seen })
    }

    pub fn to_json(&self) -> String {
        json!({"v": STATE_VERSION, "seen": self.seen}).to_string()
    }

    /// Picks the items not seen before, records them, and trims the oldest
    /// ids so the state stays small.
    pub fn take_new(&mut self, op: &Op, items: Vec<Value>) -> Vec<Event> {
        let mut events: Vec<Event> = Vec::new();
        for item in items {
            if events.len() == MAX_EVENTS {
                break;
            }
            let id = event_id(op.event_id, &item);
            if self.seen.contains(&id) || events.iter().any(|e| e.id == id) {
                continue;
            }
            events.push(Event {
                id,
                data: item.to_string(),
            });
        }
        self.seen.extend(events.iter().map(|e| e.id.clone()));
        let mut size: usize = self.seen.iter().map(|id| id.len() + 3).sum::<usize>() + 32;
        let mut drop = 0;
        while size > MAX_STATE_BYTES && drop < self.seen.len() {
            size -= self.seen[drop].len() + 3;
            drop += 1;
        }
        self.seen.drain(..drop);
        events
    }
}

/// A non-empty string or a number as text (ids, update times, labels).
pub fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The event id of an item (see `EventId`); items without an id are named
/// by a digest of their content.
pub fn event_id(rule: EventId, item: &Value) -> String {
    let (id_key, version) = match rule {
        EventId::Id(key) => (key, None),
        EventId::IdAnd(key, version) => (key, text(item.get(version))),
        EventId::IdAndContent(key) => (key, Some(content_digest(item))),
    };
    match (text(item.get(id_key)), version) {
        (Some(id), Some(version)) => format!("{id}@{version}"),
        (Some(id), None) => id,
        (None, _) => format!("#{}", content_digest(item)),
    }
}

/// The digest of an item without GHL's per-response `traceId`, which would
/// make an unchanged item (e.g. a free-slots map) look new on every poll.
fn content_digest(item: &Value) -> String {
    match item {
        Value::Object(map) if map.contains_key("traceId") => {
            let mut map = map.clone();
            map.remove("traceId");
            digest(&Value::Object(map))
        }
        other => digest(other),
    }
}

/// FNV-1a 64 over a canonical serialization (object keys sorted), in hex.
pub fn digest(value: &Value) -> String {
    fn feed(hash: &mut u64, bytes: &[u8]) {
        for b in bytes {
            *hash ^= u64::from(*b);
            *hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn walk(hash: &mut u64, value: &Value) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                feed(hash, b"{");
                for k in keys {
                    feed(hash, Value::String(k.clone()).to_string().as_bytes());
                    feed(hash, b":");
                    walk(hash, &map[k]);
                    feed(hash, b",");
                }
                feed(hash, b"}");
            }
            Value::Array(items) => {
                feed(hash, b"[");
                for item in items {
                    walk(hash, item);
                    feed(hash, b",");
                }
                feed(hash, b"]");
            }
            other => feed(hash, other.to_string().as_bytes()),
        }
    }
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    walk(&mut hash, value);
    format!("{hash:016x}")
}

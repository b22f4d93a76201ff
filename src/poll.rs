//! Trigger polling, exactly once: walk the trigger's list page by page,
//! name each item (its event id), and deliver the ones the state has not
//! seen. The state is a bounded set of hashed event ids that the host
//! stores between polls.

use std::collections::HashSet;

use base64::Engine as _;
use serde_json::{Map, Value, json};

use crate::catalog::{Cursor, Mode, Op, Paging, Ty, Version};
use crate::engine;
use crate::validate::problem;
use crate::values::{text, time_ms};
use crate::wit::{Connection, ConnectorError, Event, PollOptions, PollResult};

/// The state a poll returns never exceeds this many bytes.
pub const MAX_STATE_BYTES: usize = 64 * 1024;
/// Hashed ids the state keeps: 8 bytes each, base64 in JSON, well under
/// `MAX_STATE_BYTES` (6,000 × 8 × 4/3 = 64,000 characters plus a header).
const MAX_KEYS: usize = 6_000;
const STATE_VERSION: u64 = 2;
const _: () = assert!(MAX_KEYS * 8 / 3 * 4 + 4 + 200 < MAX_STATE_BYTES);

/// The checked `poll-options`.
struct Limits {
    max_events: usize,
    samples: usize,
    max_pages: usize,
}

impl Limits {
    fn check(options: &PollOptions) -> Result<Limits, ConnectorError> {
        let pick = |value: Option<u32>, name: &str, default: u32, min: u32, max: u32| {
            let value = value.unwrap_or(default);
            if (min..=max).contains(&value) {
                Ok(value as usize)
            } else {
                Err(problem(
                    &format!("options.{name}"),
                    format!("must be from {min} to {max} (default {default})"),
                ))
            }
        };
        Ok(Limits {
            max_events: pick(options.max_events, "max-events", 100, 1, 500)?,
            samples: pick(options.samples, "samples", 0, 0, 100)?,
            max_pages: pick(options.max_pages, "max-pages", 10, 1, 20)?,
        })
    }
}

/// What the host stored: the hashed event ids already delivered (or
/// recorded as the baseline), most recently seen first.
struct State {
    seen: Vec<u64>,
}

fn bad_state(why: &str) -> ConnectorError {
    problem(
        "state",
        format!(
            "{why}; poll without a state to start over (that records a new baseline and delivers nothing old)"
        ),
    )
}

impl State {
    /// `None` for the first poll (no state, or an empty one).
    fn parse(op: &Op, raw: Option<&str>) -> Result<Option<State>, ConnectorError> {
        let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let not_ours = || bad_state("is not a state returned by poll-trigger");
        if raw.len() > MAX_STATE_BYTES {
            return Err(not_ours());
        }
        let value: Value = serde_json::from_str(raw).map_err(|_| not_ours())?;
        match value.get("v").and_then(Value::as_u64) {
            Some(STATE_VERSION) => {}
            Some(old) if old < STATE_VERSION => {
                return Err(bad_state(&format!(
                    "was written by an older version of the connector (state version {old}; this one reads version {STATE_VERSION})"
                )));
            }
            Some(newer) => {
                return Err(bad_state(&format!(
                    "was written by a newer version of the connector (state version {newer}; this one reads version {STATE_VERSION})"
                )));
            }
            None => return Err(not_ours()),
        }
        match value.get("op").and_then(Value::as_str) {
            Some(key) if key == op.key => {}
            Some(other) => {
                return Err(bad_state(&format!(
                    "belongs to trigger {other}, not {}",
                    op.key
                )));
            }
            None => return Err(not_ours()),
        }
        let bytes = value
            .get("seen")
            .and_then(Value::as_str)
            .and_then(|text| base64::engine::general_purpose::STANDARD.decode(text).ok())
            .filter(|bytes| bytes.len() % 8 == 0 && bytes.len() <= MAX_KEYS * 8)
            .ok_or_else(not_ours)?;
        let seen = bytes
            .chunks_exact(8)
            .map(|chunk| {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                u64::from_be_bytes(word)
            })
            .collect();
        Ok(Some(State { seen }))
    }

    fn to_json(&self, op: &Op) -> String {
        let bytes: Vec<u8> = self
            .seen
            .iter()
            .take(MAX_KEYS)
            .flat_map(|h| h.to_be_bytes())
            .collect();
        json!({
            "v": STATE_VERSION,
            "op": op.key,
            "seen": base64::engine::general_purpose::STANDARD.encode(bytes),
        })
        .to_string()
    }
}

/// An item the walk found that the state has not seen.
struct Fresh {
    key: u64,
    event: Event,
}

/// Polls `op` (a trigger): see `poll-trigger` in the WIT.
pub fn poll(
    op: &Op,
    conn: &Connection,
    raw_input: &str,
    state: Option<&str>,
    options: &PollOptions,
) -> Result<PollResult, ConnectorError> {
    let limits = Limits::check(options)?;
    let previous = State::parse(op, state)?;
    let mut input = engine::checked_input(op, conn, raw_input)?;
    for (field, literal) in op.poll.defaults {
        if !input.contains_key(*field) {
            input.insert(field.to_string(), crate::schema::literal(literal));
        }
    }
    if let Some((limit, size)) = page_size(op.poll.paging)
        && !input.contains_key(limit)
    {
        input.insert(limit.to_string(), typed(op, limit, Value::from(size)));
    }

    let seen: HashSet<u64> = previous
        .as_ref()
        .map(|s| s.seen.iter().copied().collect())
        .unwrap_or_default();
    // Keys of everything listed this time, in walk order.
    let mut live: Vec<u64> = Vec::new();
    let mut live_set: HashSet<u64> = HashSet::new();
    let mut fresh: Vec<Fresh> = Vec::new();
    for _ in 0..limits.max_pages {
        let page = engine::send(op, conn, &input)?;
        let items = engine::items(page.output, &page.value);
        let mut new_on_page = 0;
        for item in &items {
            let id = event_id(op, item);
            let key = hash(&id);
            if !live_set.insert(key) {
                continue;
            }
            live.push(key);
            if !seen.contains(&key) {
                new_on_page += 1;
                fresh.push(Fresh {
                    key,
                    event: Event {
                        id,
                        timestamp_ms: timestamp(op, item),
                        data: item.to_string(),
                    },
                });
            }
        }
        let nothing_new = previous.is_some() && new_on_page == 0;
        if page.routed || (op.poll.newest_first && nothing_new) || live.len() >= MAX_KEYS {
            break;
        }
        match next_input(op, &input, &page.value, &items) {
            Some(next) => input = next,
            None => break,
        }
    }

    newest_first(&mut fresh);
    let (events, held_back) = match previous {
        // The first poll records everything as the baseline; samples are
        // the newest items, shown once.
        None => {
            fresh.truncate(limits.samples);
            (fresh, HashSet::new())
        }
        // The oldest new items go first: in a list sorted newest first,
        // the newer ones stay within the pages walked next time.
        Some(_) => {
            let extra = fresh.len().saturating_sub(limits.max_events);
            let held: HashSet<u64> = fresh.drain(..extra).map(|f| f.key).collect();
            (fresh, held)
        }
    };

    let mut keep: Vec<u64> = live
        .into_iter()
        .filter(|key| !held_back.contains(key))
        .collect();
    if op.poll.mode != Mode::Changes {
        // Items not listed this time (deleted, or further down than the
        // pages walked) are remembered while there is room.
        let kept: HashSet<u64> = keep.iter().copied().collect();
        if let Some(previous) = previous {
            keep.extend(previous.seen.into_iter().filter(|k| !kept.contains(k)));
        }
    }
    keep.truncate(MAX_KEYS);
    let state = State { seen: keep };
    Ok(PollResult {
        more: !held_back.is_empty(),
        events: events.into_iter().map(|f| f.event).collect(),
        state: state.to_json(op),
        // Filled by the caller, which owns the call's OAuth session.
        refreshed: None,
    })
}

/// Sorts newest first by timestamp when every item has one; otherwise
/// keeps GHL's order.
fn newest_first(fresh: &mut [Fresh]) {
    if fresh.iter().all(|f| f.event.timestamp_ms.is_some()) {
        fresh.sort_by_key(|f| std::cmp::Reverse(f.event.timestamp_ms));
    }
}

/// The page-size field and the size a poll asks for when the input gives
/// none.
fn page_size(paging: Paging) -> Option<(&'static str, u32)> {
    match paging {
        Paging::Single => None,
        Paging::Offset { limit, size, .. } | Paging::Cursor { limit, size, .. } => {
            Some((limit, size))
        }
    }
}

/// A number as the field's type wants it (GHL types some counts as
/// strings), and a cursor the way the field sends it.
fn typed(op: &Op, field: &str, value: Value) -> Value {
    match (op.field(field).map(|f| f.ty), value) {
        (Some(Ty::Str), Value::Number(n)) => Value::String(n.to_string()),
        (Some(Ty::Int), Value::String(s)) => s
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(s)),
        (_, value) => value,
    }
}

fn count(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The input for the next page, or `None` when this page was the last.
fn next_input(
    op: &Op,
    input: &Map<String, Value>,
    body: &Value,
    items: &[Value],
) -> Option<Map<String, Value>> {
    let (limit, more) = match op.poll.paging {
        Paging::Single => return None,
        Paging::Offset { limit, more, .. } | Paging::Cursor { limit, more, .. } => (limit, more),
    };
    let received = items.len() as u64;
    let asked = count(input.get(limit)).unwrap_or(u64::MAX);
    if received == 0 || received < asked {
        return None;
    }
    if let Some(path) = more
        && engine::at_path(body, path).and_then(Value::as_bool) != Some(true)
    {
        return None;
    }
    let mut next = input.clone();
    match op.poll.paging {
        Paging::Single => return None,
        Paging::Offset { offset, .. } => {
            let from = count(input.get(offset)).unwrap_or(0);
            next.insert(
                offset.to_string(),
                typed(op, offset, Value::from(from + received)),
            );
        }
        Paging::Cursor {
            next: cursors,
            clear,
            ..
        } => {
            let mut moved = false;
            for (field, cursor) in cursors {
                let value = match cursor {
                    Cursor::LastItem(candidates) => candidates
                        .iter()
                        .find_map(|c| items.last()?.get(*c).filter(|v| !v.is_null())),
                    Cursor::Body(path) => engine::at_path(body, path).filter(|v| !v.is_null()),
                }?;
                let value = typed(op, field, value.clone());
                moved |= input.get(*field) != Some(&value);
                next.insert(field.to_string(), value);
            }
            if !moved {
                return None;
            }
            for field in clear {
                next.remove(*field);
            }
        }
    }
    Some(next)
}

/// The event id of an item: its id, plus `@version` for the modes that
/// fire on changes. Items without an id are named by a content digest.
fn event_id(op: &Op, item: &Value) -> String {
    let version = match op.poll.version {
        Version::None => None,
        Version::Field(name) => Some(text(item.get(name)).unwrap_or_else(|| content_digest(item))),
        Version::Content => Some(content_digest(item)),
    };
    match (text(item.get(op.poll.id)), version) {
        (Some(id), Some(version)) => format!("{id}@{version}"),
        (Some(id), None) => id,
        (None, _) => format!("#{}", content_digest(item)),
    }
}

const CREATED: &[&str] = &["dateAdded", "createdAt", "dateCreated", "addedAt"];
const UPDATED: &[&str] = &["dateUpdated", "updatedAt", "lastMessageDate", "lastUpdated"];

/// When the item was created (`New`) or last changed (other modes), in
/// epoch milliseconds: the version property, else the first present of
/// the usual creation or update properties.
fn timestamp(op: &Op, item: &Value) -> Option<i64> {
    let at = |name: &str| time_ms(item.get(name)?);
    if op.poll.mode == Mode::New {
        return CREATED.iter().find_map(|n| at(n));
    }
    let version = match op.poll.version {
        Version::Field(name) => at(name),
        _ => None,
    };
    version.or_else(|| UPDATED.iter().chain(CREATED).find_map(|n| at(n)))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Feeds bytes to an FNV-1a 64 state.
fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

/// FNV-1a 64 with a final avalanche (MurmurHash3's fmix64), so ids that
/// differ in one character land far apart.
fn hash(text: &str) -> u64 {
    let mut h = FNV_OFFSET;
    fnv1a(&mut h, text.as_bytes());
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
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
fn digest(value: &Value) -> String {
    use fnv1a as feed;
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
    let mut hash = FNV_OFFSET;
    walk(&mut hash, value);
    format!("{hash:016x}")
}

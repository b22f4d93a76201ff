//! Input checks, run before any request: exactly what `schema.rs`
//! publishes, plus connection defaults.

use serde_json::{Map, Value};

use crate::catalog::{ConnDefault, Field, Format, Loc, Op, TimeRange, Ty};
use crate::wit::{Connection, ConnectorError, FieldProblem};

pub fn problem(field: &str, message: impl Into<String>) -> ConnectorError {
    ConnectorError::InvalidInput(FieldProblem {
        field: field.to_string(),
        message: message.into(),
    })
}

/// Parses and checks the input of `op`. Returns the fields given (nulls
/// dropped) with connection defaults filled in.
pub fn input(op: &Op, raw: &str, conn: &Connection) -> Result<Map<String, Value>, ConnectorError> {
    let mut input = parse_object(raw)?;

    if let Some(unknown) = input.keys().find(|k| op.field(k).is_none()) {
        let known: Vec<&str> = op.fields.iter().map(|f| f.name).collect();
        return Err(problem(
            unknown,
            format!(
                "is not a field of {}; its fields are: {}",
                op.key,
                known.join(", ")
            ),
        ));
    }

    for field in op.fields {
        match input.get_mut(field.name) {
            Some(value) => {
                check(field, value)?;
                // `20.0` is a valid integer: send it as `20`; a time goes
                // out as epoch milliseconds whatever form it came in.
                match field.ty {
                    Ty::Int => {
                        if let Some(n) = as_integer(value) {
                            *value = Value::from(n);
                        }
                    }
                    Ty::EpochMs => *value = Value::from(epoch_ms(field, value)?),
                    _ => {}
                }
            }
            None if field.required => {
                return Err(problem(field.name, format!("is required: {}", field.help)));
            }
            None => {}
        }
    }

    if !op.require_any.is_empty() && !op.require_any.iter().any(|f| gives(&input, f)) {
        return Err(problem(
            op.require_any[0],
            format!("give at least one of: {}", op.require_any.join(", ")),
        ));
    }

    if let Some(range) = op.time_range {
        check_time_range(range, &input)?;
    }

    for field in op.fields {
        if let Some(literal) = field.default
            && !input.contains_key(field.name)
        {
            input.insert(field.name.to_string(), crate::schema::literal(literal));
        }
        if let Some(from) = field.default_from
            && !input.contains_key(field.name)
        {
            let value = match from {
                ConnDefault::LocationId => conn.location_id.as_deref(),
                ConnDefault::CompanyId => conn.company_id.as_deref(),
            };
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                input.insert(field.name.to_string(), Value::String(value.to_string()));
            }
        }
    }
    Ok(input)
}

/// The input JSON as an object (empty text counts as `{}`), nulls dropped:
/// hosts often send null for an empty optional field.
pub fn parse_object(raw: &str) -> Result<Map<String, Value>, ConnectorError> {
    let raw = if raw.trim().is_empty() { "{}" } else { raw };
    let value: Value = serde_json::from_str(raw)
        .map_err(|e| problem("", format!("the input is not valid JSON: {e}")))?;
    let Value::Object(mut input) = value else {
        return Err(problem("", "the input must be a JSON object"));
    };
    input.retain(|_, v| !v.is_null());
    Ok(input)
}

/// Whether the input gives `name`: present and not a flag set to false (a
/// false flag neither chooses a route nor satisfies `require_any`).
pub fn gives(input: &Map<String, Value>, name: &str) -> bool {
    input.get(name).is_some_and(|v| *v != Value::Bool(false))
}

/// A field the chosen request needs: present, or an error that says where
/// it can come from.
pub fn require_for_request(
    field: &Field,
    input: &Map<String, Value>,
) -> Result<(), ConnectorError> {
    if input.contains_key(field.name) {
        return Ok(());
    }
    let message = match field.default_from {
        Some(ConnDefault::CompanyId) => format!(
            "is required: this endpoint works at agency level and needs the agency (company) id; give {} in the input or set {} on the connection",
            field.name,
            ConnDefault::CompanyId.as_str()
        ),
        Some(from) => format!(
            "is required: give it in the input or set {} on the connection",
            from.as_str()
        ),
        None => format!("is required: {}", field.help),
    };
    Err(problem(field.name, message))
}

fn type_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Str => "a string",
        Ty::Int => "an integer",
        Ty::Num => "a number",
        Ty::Bool => "true or false",
        Ty::StrList => "an array of strings",
        Ty::Obj => "a JSON object",
        Ty::ObjList => "an array of JSON objects",
        Ty::Any => "any JSON value",
        Ty::EpochMs => "epoch milliseconds (an integer) or an RFC 3339 date-time string",
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An integral JSON number (`20` or `20.0`, as JSON Schema's `integer`).
fn as_integer(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    })
}

fn check(field: &Field, value: &Value) -> Result<(), ConnectorError> {
    let name = field.name;
    let wrong = || {
        problem(
            name,
            format!("must be {}, not {}", type_name(field.ty), describe(value)),
        )
    };
    match field.ty {
        Ty::Str => {
            let text = value.as_str().ok_or_else(wrong)?;
            check_string(field, text)?;
        }
        Ty::Int => {
            let n = as_integer(value).ok_or_else(wrong)?;
            check_range(field, n as f64)?;
        }
        Ty::Num => {
            let n = value.as_f64().ok_or_else(wrong)?;
            check_range(field, n)?;
        }
        Ty::Bool => {
            value.as_bool().ok_or_else(wrong)?;
        }
        Ty::StrList | Ty::ObjList => {
            let items = value.as_array().ok_or_else(wrong)?;
            let (fits, what): (fn(&Value) -> bool, _) = if field.ty == Ty::StrList {
                (Value::is_string, "must be a string")
            } else {
                (Value::is_object, "must be a JSON object")
            };
            if let Some(i) = items.iter().position(|v| !fits(v)) {
                return Err(problem(&format!("{name}[{i}]"), what));
            }
        }
        Ty::Obj => {
            value.as_object().ok_or_else(wrong)?;
        }
        Ty::Any => {}
        Ty::EpochMs => {
            epoch_ms(field, value)?;
        }
    }
    Ok(())
}

/// 2000-01-01 and 2100-01-01 in epoch milliseconds: GHL's times fall
/// between, and the bounds catch seconds given for milliseconds.
const EPOCH_MS_MIN: i64 = 946_684_800_000;
const EPOCH_MS_MAX: i64 = 4_102_444_800_000;

/// A time field as epoch milliseconds.
fn epoch_ms(field: &Field, value: &Value) -> Result<i64, ConnectorError> {
    let name = field.name;
    let ms = match value {
        Value::String(text) => {
            if let Some(ms) = rfc3339_to_epoch_ms(text) {
                ms
            } else {
                return Err(problem(
                    name,
                    "must be epoch milliseconds or an RFC 3339 date-time such as 2024-05-01T10:00:00Z",
                ));
            }
        }
        other => as_integer(other).ok_or_else(|| {
            problem(
                name,
                format!(
                    "must be {}, not {}",
                    type_name(Ty::EpochMs),
                    describe(other)
                ),
            )
        })?,
    };
    if (EPOCH_MS_MIN / 1000..EPOCH_MS_MAX / 1000).contains(&ms) {
        return Err(problem(
            name,
            format!("{ms} looks like epoch seconds: give milliseconds ({ms}000)"),
        ));
    }
    if !(EPOCH_MS_MIN..EPOCH_MS_MAX).contains(&ms) {
        return Err(problem(
            name,
            "must be a time between the years 2000 and 2100, in epoch milliseconds",
        ));
    }
    Ok(ms)
}

fn check_time_range(range: &TimeRange, input: &Map<String, Value>) -> Result<(), ConnectorError> {
    let (Some(start), Some(end)) = (
        input.get(range.start).and_then(Value::as_i64),
        input.get(range.end).and_then(Value::as_i64),
    ) else {
        return Ok(());
    };
    if end <= start {
        return Err(problem(
            range.end,
            format!(
                "must be after {} (the range is empty or reversed)",
                range.start
            ),
        ));
    }
    if let Some(days) = range.max_days {
        let limit = i64::from(days) * 86_400_000;
        if end - start > limit {
            // Tenths of a day in integers: float formatting would add
            // ~10 KB of code to the component for this one message.
            let tenths = (end - start + 8_639_999) / 8_640_000; // rounded up
            return Err(problem(
                range.end,
                format!(
                    "is {}.{} days after {}; GHL allows at most {days} days per request: split the range",
                    tenths / 10,
                    tenths % 10,
                    range.start
                ),
            ));
        }
    }
    Ok(())
}

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An RFC 3339 date-time as epoch milliseconds (fractions beyond
/// milliseconds are dropped).
pub fn rfc3339_to_epoch_ms(text: &str) -> Option<i64> {
    if !is_date_time(text) {
        return None;
    }
    // `is_date_time` checked the shape, so these slices are ASCII digits.
    let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let rest = &text[19..];
    let (fraction, offset) = match rest.strip_prefix('.') {
        Some(after) => {
            let end = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        }
        None => ("", rest),
    };
    let millis = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(3)
        .collect::<String>()
        .parse::<i64>()
        .ok()?;
    let offset_minutes = match offset.as_bytes().first() {
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let minutes = offset.get(1..3)?.parse::<i64>().ok()? * 60
                + offset.get(4..6)?.parse::<i64>().ok()?;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

fn check_range(field: &Field, n: f64) -> Result<(), ConnectorError> {
    if let Some(min) = field.min.filter(|m| n < *m as f64) {
        return Err(problem(field.name, format!("must be at least {min}")));
    }
    if let Some(max) = field.max.filter(|m| n > *m as f64) {
        return Err(problem(field.name, format!("must be at most {max}")));
    }
    Ok(())
}

fn check_string(field: &Field, text: &str) -> Result<(), ConnectorError> {
    let name = field.name;
    if field.loc == Loc::Path {
        if text.is_empty() {
            return Err(problem(name, "must not be empty"));
        }
        if text == "." || text == ".." {
            return Err(problem(name, "must be an id, not a relative path segment"));
        }
    }
    if !field.choices.is_empty() && !field.choices.contains(&text) {
        return Err(problem(
            name,
            format!("must be one of: {}", field.choices.join(", ")),
        ));
    }
    let ok = match field.format {
        None => true,
        Some(Format::Email) => is_email(text),
        Some(Format::DateTime) => is_date_time(text),
        Some(Format::Uri) => {
            (text.starts_with("https://") || text.starts_with("http://"))
                && !text.chars().any(char::is_whitespace)
        }
    };
    if !ok {
        let expected = match field.format {
            Some(Format::Email) => "an email address such as jane@example.com",
            Some(Format::DateTime) => "an RFC 3339 date-time such as 2024-05-01T10:00:00Z",
            _ => "an absolute http(s) URL",
        };
        return Err(problem(name, format!("must be {expected}")));
    }
    Ok(())
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    // ASCII first: the slicing below must never split a UTF-8 character.
    if !text.is_ascii() || b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (
        digits(&text[0..4]),
        digits(&text[5..7]),
        digits(&text[8..10]),
    ) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_time(text: &str) -> bool {
    // HH:MM:SS, optional fraction.
    let (clock, fraction) = match text.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (text, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let [h, m, s] = parts.as_slice() else {
        return false;
    };
    let in_range = |t: &str, max: u32| t.len() == 2 && digits(t).is_some_and(|v| v <= max);
    in_range(h, 23)
        && in_range(m, 59)
        && in_range(s, 60)
        && fraction.is_none_or(|f| digits(f).is_some())
}

fn is_date_time(text: &str) -> bool {
    if !text.is_ascii() {
        return false;
    }
    let Some((date, rest)) = text.split_once(['T', 't']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let (time, offset_ok) = if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        (time, true)
    } else if rest.len() > 6 {
        let (time, offset) = rest.split_at(rest.len() - 6);
        let o = offset.as_bytes();
        let ok = (o[0] == b'+' || o[0] == b'-')
            && o[3] == b':'
            && digits(&offset[1..3]).is_some_and(|h| h <= 23)
            && digits(&offset[4..6]).is_some_and(|m| m <= 59);
        (time, ok)
    } else {
        return false;
    };
    offset_ok && is_time(time)
}

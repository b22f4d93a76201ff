//! Dropdown choices: run a field's source operation with the connection and
//! the fields it depends on, then turn the listed items into choices.

use serde_json::{Map, Value};

use crate::catalog::{Op, Source, Step};
use crate::validate::{self, problem};
use crate::wit::{Choice, Connection, ConnectorError};
use crate::{engine, ops};

/// The source of `field` in `op`, or an invalid-input error naming it.
fn source_of(op: &Op, field: &str) -> Result<&'static Source, ConnectorError> {
    let Some(f) = op.field(field) else {
        return Err(problem(field, format!("is not a field of {}", op.key)));
    };
    f.options.ok_or_else(|| {
        let with: Vec<&str> = op
            .fields
            .iter()
            .filter(|f| f.options.is_some())
            .map(|f| f.name)
            .collect();
        let hint = if with.is_empty() {
            format!("{} has no dropdown fields", op.key)
        } else {
            format!("the dropdown fields of {} are: {}", op.key, with.join(", "))
        };
        problem(field, format!("has no list of choices; {hint}"))
    })
}

/// A depends-on field's value from the form: a non-empty string.
fn form_value<'a>(
    form: &'a Map<String, Value>,
    name: &str,
    source: &Source,
) -> Result<&'a str, ConnectorError> {
    match form.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) | Some(Value::Null) | None => Err(problem(
            name,
            format!("choose {name} first: the {} depend on it", source.name),
        )),
        Some(_) => Err(problem(name, "must be a string")),
    }
}

/// The text of a choice's property, when it is a non-blank scalar.
fn text(item: &Value, key: &str) -> Option<String> {
    crate::values::text(item.get(key))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn choice(source: &Source, item: &Value) -> Option<Choice> {
    let value = text(item, source.value)?;
    let label = source
        .label
        .iter()
        .find_map(|candidate| {
            let parts: Vec<String> = candidate
                .split(' ')
                .filter_map(|key| text(item, key))
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
        .unwrap_or_else(|| value.clone());
    let detail = source
        .detail
        .and_then(|key| text(item, key))
        .filter(|d| *d != label);
    Some(Choice {
        value,
        label,
        detail,
    })
}

/// The choices for `field` of `op`, given the form filled so far.
pub fn list(
    op: &Op,
    field: &str,
    conn: &Connection,
    raw_form: &str,
) -> Result<Vec<Choice>, ConnectorError> {
    let source = source_of(op, field)?;
    let form = validate::parse_object(raw_form)?;
    let lister = ops::find(source.op).ok_or_else(|| {
        ConnectorError::UnknownOperation(format!(
            "the {} source needs {}, which this build lacks",
            source.name, source.op
        ))
    })?;

    // Every field the choices depend on must be filled before asking GHL.
    for field in source.depends_on() {
        form_value(&form, field, source)?;
    }
    // The lister's input: the form's locationId when it names one (else
    // the connection's applies).
    let mut input = Map::new();
    if let (Some(Value::String(loc)), Some(_)) =
        (form.get("locationId"), lister.field("locationId"))
        && !loc.trim().is_empty()
    {
        input.insert("locationId".into(), Value::String(loc.clone()));
    }
    let (output, _) = engine::run(lister, conn, &Value::Object(input).to_string())?;

    let mut here = &output;
    for step in source.path {
        here = match step {
            Step::Key(key) => here.get(key).ok_or_else(|| missing(source, key))?,
            Step::Where { key, field } => {
                let want = form_value(&form, field, source)?;
                here.as_array()
                    .and_then(|items| {
                        items
                            .iter()
                            .find(|item| text(item, key).as_deref() == Some(want))
                    })
                    .ok_or_else(|| {
                        problem(
                            field,
                            format!("{want} is not among the choices GHL lists for {field}"),
                        )
                    })?
            }
        };
    }
    let items = here.as_array().ok_or_else(|| missing(source, "list"))?;
    Ok(items
        .iter()
        .filter_map(|item| choice(source, item))
        .collect())
}

fn missing(source: &Source, key: &str) -> ConnectorError {
    ConnectorError::MalformedResponse(format!("the {} response has no `{key}` list", source.name))
}

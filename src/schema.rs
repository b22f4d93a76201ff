//! JSON Schema (2020-12) and example input, generated from an operation's
//! fields so the schema a host renders and the checks the engine runs can
//! never disagree.

use serde_json::{Map, Value, json};

use crate::catalog::{Field, Op, Ty};

fn type_schema(ty: Ty) -> Value {
    match ty {
        Ty::Str => json!({"type": "string"}),
        Ty::Int => json!({"type": "integer"}),
        Ty::Num => json!({"type": "number"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::StrList => json!({"type": "array", "items": {"type": "string"}}),
        Ty::Obj => json!({"type": "object"}),
        Ty::ObjList => json!({"type": "array", "items": {"type": "object"}}),
        Ty::Any => json!({}),
        Ty::EpochMs => json!({
            "anyOf": [
                {"type": "integer", "minimum": 946_684_800_000_i64, "maximum": 4_102_444_800_000_i64},
                {"type": "string", "format": "date-time"}
            ],
            "x-ghl-format": "epoch-ms"
        }),
    }
}

/// Parses a JSON literal from a table. Tables are checked by the host tests
/// (every example must parse); a bad literal degrades to a string here
/// rather than trapping.
pub fn literal(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

fn field_schema(field: &Field) -> Value {
    let mut schema = type_schema(field.ty);
    let Value::Object(map) = &mut schema else {
        return schema;
    };
    map.insert("description".into(), field.help.into());
    if field.loc == crate::catalog::Loc::Path {
        map.insert("minLength".into(), 1.into());
    }
    if !field.choices.is_empty() {
        map.insert("enum".into(), field.choices.into());
    }
    if let Some(format) = field.format {
        map.insert("format".into(), format.as_str().into());
    }
    if let Some(min) = field.min {
        map.insert("minimum".into(), min.into());
    }
    if let Some(max) = field.max {
        map.insert("maximum".into(), max.into());
    }
    if let Some(default) = field.default {
        map.insert("default".into(), literal(default));
    }
    if let Some(example) = field.example {
        map.insert("examples".into(), Value::Array(vec![literal(example)]));
    }
    map.insert("x-ghl-in".into(), field.loc.as_str().into());
    if let Some(from) = field.default_from {
        map.insert("x-ghl-default".into(), from.as_str().into());
    }
    if let Some(source) = field.options {
        map.insert(
            "x-ghl-options".into(),
            json!({"source": source.name, "dependsOn": source.depends_on()}),
        );
    }
    schema
}

/// The input schema of an operation.
pub fn input_schema(op: &Op) -> Value {
    let properties: Map<String, Value> = op
        .fields
        .iter()
        .map(|f| (f.name.to_string(), field_schema(f)))
        .collect();
    let required: Vec<&str> = op
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": op.label,
        "description": op.help,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    if !op.require_any.is_empty() {
        let any: Vec<Value> = op
            .require_any
            .iter()
            .map(|name| json!({"required": [name]}))
            .collect();
        schema["anyOf"] = Value::Array(any);
    }
    schema
}

/// An input that passes the schema: every field that has an example.
pub fn example_input(op: &Op) -> Value {
    let map: Map<String, Value> = op
        .fields
        .iter()
        .filter_map(|f| f.example.map(|ex| (f.name.to_string(), literal(ex))))
        .collect();
    Value::Object(map)
}

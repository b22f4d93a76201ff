//! The raw API request: the escape hatch for any GHL v2 endpoint the
//! catalog does not cover. `raw.rs` (crate root) builds the request.

use crate::catalog::{Field as F, Kind, Op, Output, Token, Ty, V2021_07_28};

pub const OPS: &[Op] = &[Op {
    key: "api.request",
    kind: Kind::Action,
    category: "Advanced",
    label: "API Request",
    help: "Call any GHL API v2 endpoint with the connection's token: method, path relative to the base URL, query, JSON body and Version (by default the one the path's family wants: 2021-04-15 for calendars, conversations and a few others, else 2021-07-28). A path with a scheme, a host, '..' segments, a leading '//' or a '?' is refused before sending. Output: GHL's JSON response ({} when empty), or a non-JSON body as {contentType, fileName, size, encoding: \"base64\", data}. The scopes and token kind depend on the endpoint.",
    method: crate::catalog::Method::Get,
    path: "{path}",
    version: V2021_07_28,
    scopes: &[],
    token: Token::Any,
    fields: &[
        F::request("method", Ty::Str, "HTTP method.")
            .one_of(&["GET", "POST", "PUT", "PATCH", "DELETE"])
            .req()
            .ex("\"GET\""),
        F::request(
            "path",
            Ty::Str,
            "Path relative to the base URL, starting with '/', e.g. /contacts/ocQHyuzHvysMo5N5VsXc. Characters outside RFC 3986 path characters are percent-encoded; existing %XX escapes are kept.",
        )
        .req()
        .ex("\"/contacts/ocQHyuzHvysMo5N5VsXc\""),
        F::request(
            "query",
            Ty::Obj,
            "Query parameters: {\"name\": value}; a value is a string, number or boolean, or an array of them (the name repeats).",
        )
        .ex(r#"{"locationId": "ve9EPM428h8vShlRW1KT"}"#),
        F::request(
            "body",
            Ty::Any,
            "JSON body (not for GET), sent as given.",
        ),
        F::request(
            "version",
            Ty::Str,
            "The Version header; by default the one the path's endpoint family wants.",
        )
        .one_of(&["2021-07-28", "2021-04-15"]),
    ],
    output: Output::Auto,
    sample: r#"{"contact":{"id":"ocQHyuzHvysMo5N5VsXc","firstName":"Rosan","lastName":"Deo"}}"#,
    ..Op::BASE
}];

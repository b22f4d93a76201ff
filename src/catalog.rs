//! The shape of one operation. Every operation is a `const Op` in a table
//! under `ops/`; the engine reads these and nothing else.

/// Trigger (a read a host polls) or action (a write, or a one-off lookup).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Trigger,
    Action,
}

/// HTTP methods GHL v2 uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Where a field's value goes in the request.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Loc {
    /// Replaces `{wire}` in the path template, percent-encoded as one segment.
    Path,
    /// A query parameter (arrays repeat the name).
    Query,
    /// A top-level property of the JSON body.
    Body,
    /// The whole JSON body (for endpoints whose body is an array).
    WholeBody,
    /// Read by the engine to build the request itself (the raw API
    /// request's method, path, query, body and version).
    Request,
}

impl Loc {
    pub const fn as_str(self) -> &'static str {
        match self {
            Loc::Path => "path",
            Loc::Query => "query",
            Loc::Body | Loc::WholeBody => "body",
            Loc::Request => "request",
        }
    }
}

/// The JSON type of an input field.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ty {
    Str,
    Int,
    Num,
    Bool,
    /// An array of strings.
    StrList,
    /// A JSON object, passed through as given.
    Obj,
    /// An array of JSON objects, passed through as given.
    ObjList,
    /// Any JSON value, passed through as given.
    Any,
    /// A point in time, sent as epoch milliseconds. The input may give
    /// epoch milliseconds (an integer) or an RFC 3339 date-time string.
    EpochMs,
}

/// A value the engine fills from the connection when the input omits it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ConnDefault {
    LocationId,
    CompanyId,
}

impl ConnDefault {
    pub const fn as_str(self) -> &'static str {
        match self {
            ConnDefault::LocationId => "connection.location-id",
            ConnDefault::CompanyId => "connection.company-id",
        }
    }
}

/// String formats the engine checks (JSON Schema `format`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Email,
    /// RFC 3339 date-time, e.g. `2024-05-01T10:00:00Z`.
    DateTime,
    /// An absolute http(s) URL.
    Uri,
}

impl Format {
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::DateTime => "date-time",
            Format::Uri => "uri",
        }
    }
}

/// One input field.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Name in the input JSON.
    pub name: &'static str,
    /// Name on the wire when it differs (e.g. `phone` sent as `number`).
    pub wire: Option<&'static str>,
    pub loc: Loc,
    pub ty: Ty,
    pub required: bool,
    pub help: &'static str,
    pub choices: &'static [&'static str],
    pub format: Option<Format>,
    /// Inclusive bounds for `Int`/`Num` (32-bit: every bound GHL documents
    /// fits, and the 503 fields' table is a sixth smaller than with i64).
    pub min: Option<i32>,
    pub max: Option<i32>,
    /// A JSON literal used in the example input and the schema's `examples`.
    pub example: Option<&'static str>,
    pub default_from: Option<ConnDefault>,
    /// Where a form builder gets this field's choices (a dropdown).
    pub options: Option<&'static Source>,
    /// A JSON literal sent when the input leaves the field out (GHL requires
    /// some paging parameters; the user need not type them).
    pub default: Option<&'static str>,
}

impl Field {
    const fn new(name: &'static str, loc: Loc, ty: Ty, help: &'static str) -> Field {
        Field {
            name,
            wire: None,
            loc,
            ty,
            required: false,
            help,
            choices: &[],
            format: None,
            min: None,
            max: None,
            example: None,
            default_from: None,
            options: None,
            default: None,
        }
    }
    /// A required path parameter (always a non-empty string).
    pub const fn path(name: &'static str, help: &'static str) -> Field {
        Field::new(name, Loc::Path, Ty::Str, help).req()
    }
    pub const fn query(name: &'static str, ty: Ty, help: &'static str) -> Field {
        Field::new(name, Loc::Query, ty, help)
    }
    pub const fn body(name: &'static str, ty: Ty, help: &'static str) -> Field {
        Field::new(name, Loc::Body, ty, help)
    }
    /// A field the engine builds the request from (the raw API request).
    pub const fn request(name: &'static str, ty: Ty, help: &'static str) -> Field {
        Field::new(name, Loc::Request, ty, help)
    }
    /// A field whose value is the entire JSON body (an array body).
    pub const fn whole_body(name: &'static str, ty: Ty, help: &'static str) -> Field {
        Field::new(name, Loc::WholeBody, ty, help)
    }
    /// `locationId` in the given place, filled from the connection.
    pub const fn location_id(loc: Loc) -> Field {
        Field::new(
            "locationId",
            loc,
            Ty::Str,
            "Sub-account (location) id. Defaults to the connection's location id.",
        )
        .defaults_to(ConnDefault::LocationId)
        .ex("\"ve9EPM428h8vShlRW1KT\"")
    }
    /// `companyId` in the given place, filled from the connection. These
    /// endpoints work on the agency, not one sub-account.
    pub const fn company_id(loc: Loc) -> Field {
        Field::new(
            "companyId",
            loc,
            Ty::Str,
            "Agency (company) id. Defaults to the connection's company id; this endpoint works at agency level.",
        )
        .defaults_to(ConnDefault::CompanyId)
        .ex("\"UAXssdawIWAWD\"")
    }
    pub const fn req(mut self) -> Field {
        self.required = true;
        self
    }
    /// Not required (a path field only an alternate route uses).
    pub const fn optional(mut self) -> Field {
        self.required = false;
        self
    }
    pub const fn wire(mut self, wire: &'static str) -> Field {
        self.wire = Some(wire);
        self
    }
    pub const fn one_of(mut self, choices: &'static [&'static str]) -> Field {
        self.choices = choices;
        self
    }
    pub const fn format(mut self, format: Format) -> Field {
        self.format = Some(format);
        self
    }
    /// Inclusive bounds; a `max` beyond 32 bits (`i64::MAX`) means none.
    pub const fn range(mut self, min: i32, max: i64) -> Field {
        self.min = Some(min);
        self.max = if max > i32::MAX as i64 {
            None
        } else {
            Some(max as i32)
        };
        self
    }
    pub const fn ex(mut self, example: &'static str) -> Field {
        self.example = Some(example);
        self
    }
    pub const fn defaults_to(mut self, from: ConnDefault) -> Field {
        self.default_from = Some(from);
        self
    }
    /// Sent as this JSON literal when the input leaves the field out.
    pub const fn default(mut self, literal: &'static str) -> Field {
        self.default = Some(literal);
        self
    }
    /// Choices come from `source` (see `Source`).
    pub const fn options(mut self, source: &'static Source) -> Field {
        self.options = Some(source);
        self
    }
    /// The name used on the wire.
    pub fn wire_name(&self) -> &'static str {
        self.wire.unwrap_or(self.name)
    }
    /// Required once connection defaults are applied: the schema leaves it
    /// optional, the engine insists on it.
    pub fn wire_required(&self) -> bool {
        self.required || self.default_from.is_some()
    }
}

/// What the engine returns from a 2xx response.
#[derive(Clone, Copy, Debug)]
pub enum Output {
    /// The body as it is (e.g. `{"succeded": true}`).
    Whole,
    /// One record under this key, unwrapped: `{"contact": {..}}` gives `{..}`.
    Record(&'static str),
    /// A list under this key (a `/`-separated path when nested, e.g.
    /// `messages/messages`). `run-action` returns the whole body (with its
    /// paging fields); a poll emits one event per element.
    List(&'static str),
    /// One record under this key when the body has it, else the body itself
    /// (the spec documents the bare record, the live API wraps it).
    MaybeWrapped(&'static str),
    /// A file (a call recording, a transcript download): not JSON. Returned
    /// as `{contentType, fileName, size, encoding: "base64", data}`, up to
    /// `engine::MAX_BINARY_BYTES`; the request accepts any content type.
    Binary,
    /// JSON when the body is JSON (`{}` when empty), else a file as for
    /// `Binary` (the raw API request, which can reach any endpoint).
    Auto,
    /// The body is a bare JSON array: `run-action` returns it wrapped as
    /// `{key: [...]}` (outputs are always objects); a poll emits one event
    /// per element.
    Array(&'static str),
    /// A lookup: the value at this path (`contacts/0` indexes an array) as
    /// `{"found": bool, <name>: value-or-null}`; a 404 also means not found.
    Found {
        path: &'static str,
        name: &'static str,
    },
}

/// What makes a trigger fire (the WIT `trigger-mode`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Each item of a list once, keyed by its id.
    New,
    /// Each new item and each new version of an item.
    NewOrUpdated,
    /// A single object that fires when it differs from the last poll.
    Changes,
}

/// What tells two versions of the same item apart.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Version {
    /// Nothing: the id alone names the item (`Mode::New`).
    None,
    /// A property that changes on every update (`dateUpdated`).
    Field(&'static str),
    /// A fingerprint of the whole item (without GHL's `traceId`), for
    /// items without an update time.
    Content,
}

/// Where the next page's cursor comes from.
#[derive(Clone, Copy, Debug)]
pub enum Cursor {
    /// The last item of the page: its first present property of these.
    LastItem(&'static [&'static str]),
    /// The response body at this `/`-separated path (`meta/startAfterId`).
    Body(&'static str),
}

/// How a trigger's list is walked page by page (per endpoint style).
#[derive(Clone, Copy, Debug)]
pub enum Paging {
    /// One request lists everything the input selects (or its time window).
    Single,
    /// The `offset` field advances by the items received; `limit` is the
    /// page size (`size` when the input gives none). A short page, or
    /// `more` (a boolean path in the body) being false, ends the walk.
    Offset {
        offset: &'static str,
        limit: &'static str,
        size: u32,
        more: Option<&'static str>,
    },
    /// Each `(field, cursor)` is set from the page just read. A short page,
    /// a missing or repeated cursor, or `more` (a boolean path in the body)
    /// being false ends the walk. `clear` fields are dropped from the next
    /// request (a page number the cursor replaces).
    Cursor {
        limit: &'static str,
        size: u32,
        next: &'static [(&'static str, Cursor)],
        more: Option<&'static str>,
        clear: &'static [&'static str],
    },
}

impl Paging {
    /// GHL's `meta.startAfterId` + `meta.startAfter` cursor (contacts,
    /// opportunities); `clear` as for `Cursor`.
    pub const fn meta_start_after(
        limit: &'static str,
        size: u32,
        clear: &'static [&'static str],
    ) -> Paging {
        Paging::Cursor {
            limit,
            size,
            next: &[
                ("startAfterId", Cursor::Body("meta/startAfterId")),
                ("startAfter", Cursor::Body("meta/startAfter")),
            ],
            more: None,
            clear,
        }
    }
    /// Offset paging (`skip`/`limit`, `offset`/`limit`).
    pub const fn offset(offset: &'static str, limit: &'static str, size: u32) -> Paging {
        Paging::Offset {
            offset,
            limit,
            size,
            more: None,
        }
    }
}

/// How a trigger is polled: its mode, how items are named, how pages are
/// walked.
#[derive(Clone, Copy, Debug)]
pub struct Poll {
    pub mode: Mode,
    /// The item's id property.
    pub id: &'static str,
    pub version: Version,
    pub paging: Paging,
    /// The list (as polled) is sorted newest first in the mode's sense, so
    /// the walk stops at the first page with nothing new.
    pub newest_first: bool,
    /// `(field, JSON literal)` a poll sends when the input leaves the field
    /// out (a sort that puts new items first).
    pub defaults: &'static [(&'static str, &'static str)],
}

impl Poll {
    const fn of(mode: Mode, id: &'static str, version: Version) -> Poll {
        Poll {
            mode,
            id,
            version,
            paging: Paging::Single,
            newest_first: false,
            defaults: &[],
        }
    }
    /// New items of a list, keyed by `id`.
    pub const fn new_items(id: &'static str) -> Poll {
        Poll::of(Mode::New, id, Version::None)
    }
    /// New or updated items of a list, versioned by the `updated` property.
    pub const fn updates(id: &'static str, updated: &'static str) -> Poll {
        Poll::of(Mode::NewOrUpdated, id, Version::Field(updated))
    }
    /// New or changed items of a list without an update time.
    pub const fn content_updates(id: &'static str) -> Poll {
        Poll::of(Mode::NewOrUpdated, id, Version::Content)
    }
    /// A single object versioned by the `updated` property.
    pub const fn changes(id: &'static str, updated: &'static str) -> Poll {
        Poll::of(Mode::Changes, id, Version::Field(updated))
    }
    /// A single object without an update time (or a file).
    pub const fn content_changes(id: &'static str) -> Poll {
        Poll::of(Mode::Changes, id, Version::Content)
    }
    pub const fn paged(mut self, paging: Paging) -> Poll {
        self.paging = paging;
        self
    }
    pub const fn newest_first(mut self) -> Poll {
        self.newest_first = true;
        self
    }
    pub const fn defaults(mut self, defaults: &'static [(&'static str, &'static str)]) -> Poll {
        self.defaults = defaults;
        self
    }
}

/// Another request the operation makes instead of its main one when one of
/// the `when` fields is in the input (e.g. Find Contact by id or by email).
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub when: &'static [&'static str],
    pub method: Method,
    pub path: &'static str,
    /// `(input field, where, wire name)` for the fields this route sends.
    pub params: &'static [(&'static str, Loc, &'static str)],
    /// JSON merged into this route's body for keys the input leaves out.
    pub fixed_body: Option<&'static str>,
    /// Refuse input fields this route does not send (a filter the other
    /// endpoint would honour must not be dropped silently). Otherwise they
    /// are ignored, as when one lookup key takes precedence over another.
    pub exclusive: bool,
    pub output: Output,
}

/// The kind of token an endpoint accepts (the spec's security schemes).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Token {
    /// A sub-account (location) token: Location PIT or OAuth `user_type` Location.
    Location,
    /// An agency (company) token: Agency PIT or OAuth `user_type` Company.
    Agency,
    /// Either kind.
    Any,
}

/// Two time fields that bound a range: the end must come after the start,
/// and (when GHL caps it) the range must not exceed `max_days`.
#[derive(Clone, Copy, Debug)]
pub struct TimeRange {
    pub start: &'static str,
    pub end: &'static str,
    pub max_days: Option<u32>,
}

/// One step from an options op's output to its list of choices.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// The property with this name.
    Key(&'static str),
    /// In an array, the element whose `key` equals the input field `field`
    /// (e.g. the pipeline whose `id` is the chosen `pipelineId`).
    Where {
        key: &'static str,
        field: &'static str,
    },
}

/// Where a dropdown's choices come from: another (read) operation of the
/// catalog, run with the connection and some of the fields filled so far.
#[derive(Clone, Copy, Debug)]
pub struct Source {
    /// Stable name shown to hosts, e.g. `pipelines`.
    pub name: &'static str,
    /// Key of the operation that lists the choices.
    pub op: &'static str,
    /// From the output to the array of choices.
    pub path: &'static [Step],
    /// Property of a choice that is the value.
    pub value: &'static str,
    /// Candidate labels, first non-empty wins; a candidate with spaces
    /// joins those properties (`"firstName lastName"`).
    pub label: &'static [&'static str],
    /// Property shown next to the label, e.g. a user's email.
    pub detail: Option<&'static str>,
}

impl Source {
    /// The form fields the choices depend on (those a `Where` step reads).
    pub fn depends_on(&self) -> Vec<&'static str> {
        let mut fields: Vec<&'static str> = Vec::new();
        for step in self.path {
            if let Step::Where { field, .. } = step
                && !fields.contains(field)
            {
                fields.push(field);
            }
        }
        fields
    }
}

/// One operation: everything the catalog shows and the engine needs.
#[derive(Clone, Copy, Debug)]
pub struct Op {
    pub key: &'static str,
    pub kind: Kind,
    pub category: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub version: &'static str,
    pub scopes: &'static [&'static str],
    /// The token kind the endpoint accepts.
    pub token: Token,
    pub fields: &'static [Field],
    /// At least one of these fields must be given (schema `anyOf`).
    pub require_any: &'static [&'static str],
    /// JSON merged into the body as constants (e.g. a page size of 1).
    pub fixed_body: Option<&'static str>,
    /// Send `{}` even when no body field is given (GHL wants a JSON body).
    pub empty_body: bool,
    pub routes: &'static [Route],
    /// A start/end pair of time fields the engine checks before sending.
    pub time_range: Option<&'static TimeRange>,
    pub output: Output,
    /// How a trigger is polled (ignored for actions).
    pub poll: &'static Poll,
    /// JSON example of the `run-action` output.
    pub sample: &'static str,
}

impl Op {
    /// Defaults for the optional parts of an entry (`..Op::BASE`).
    pub const BASE: Op = Op {
        key: "",
        kind: Kind::Action,
        category: "",
        label: "",
        help: "",
        method: Method::Get,
        path: "",
        version: "",
        scopes: &[],
        token: Token::Location,
        fields: &[],
        require_any: &[],
        fixed_body: None,
        empty_body: false,
        routes: &[],
        time_range: None,
        output: Output::Whole,
        poll: &Poll::new_items("id"),
        sample: "{}",
    };

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The raw API request: its fields describe the request itself
    /// (`Loc::Request`), which `raw.rs` builds.
    pub fn is_raw(&self) -> bool {
        self.fields.iter().any(|f| f.loc == Loc::Request)
    }
}

/// `Version` header values, per endpoint family (from the official specs).
pub const V2021_07_28: &str = "2021-07-28";
pub const V2021_04_15: &str = "2021-04-15";

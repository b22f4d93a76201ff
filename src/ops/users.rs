//! Users: the 7 operations of the seed catalog's Users category, as
//! `users.json` of the official GHL API v2 specs defines them.

use super::sources;
use crate::catalog::{
    Field as F, Format, Kind, Loc, Method, Op, Output, Paging, Poll, Token, Ty, V2021_07_28,
};

const CAT: &str = "Users";
const READ: &[&str] = &["users.readonly"];
const WRITE: &[&str] = &["users.write"];

const USER_ID: F = F::path("userId", "The user's id.")
    .options(&sources::USERS)
    .ex("\"0IHuJvc2ofPAAA8GzTRi\"");

const TYPES: &[&str] = &["agency", "account"];
const ROLES: &[&str] = &["admin", "user"];
const LANGUAGES: &[&str] = &[
    "en_US", "es", "fr_CA", "fr_FR", "nl", "de", "pt_PT", "pt_BR", "it", "sv", "da", "fi", "no",
];

/// The user properties shared by create and update, after the ones that
/// differ (identity, companyId, required-ness).
macro_rules! user_fields {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
            F::body("phone", Ty::Str, "Phone number, ideally E.164 (+18832327657).").ex("\"+18832327657\""),
            F::body("permissions", Ty::Obj, "Feature permissions, e.g. {\"contactsEnabled\": true, \"campaignsEnabled\": true, \"workflowsReadOnly\": false, \"assignedDataOnly\": false}; flags left out take GHL's defaults."),
            F::body("scopes", Ty::StrList, "Scopes the user is allowed, e.g. [\"contacts.write\", \"campaigns.readonly\"]; only the scopes listed are enabled, and [] disables them all."),
            F::body("scopesAssignedToOnly", Ty::StrList, "Scopes the user has only for records assigned to them, e.g. [\"contacts.write\"]; [] disables them all."),
            F::body("profilePhoto", Ty::Str, "URL of the profile photo.").format(Format::Uri),
            F::body("twilioPhone", Ty::Obj, "Inbound Twilio number per location, E.164, keyed by location id: {\"C2QujeCh8ZnC7al2InWR\": \"+18832327657\"}. Replaces the whole stored map; {} clears it; \"\" for one location clears that one."),
            F::body("platformLanguage", Ty::Str, "Language of the GHL app for this user.").one_of(LANGUAGES),
        ]
    };
}

const USER_SAMPLE: &str = r##"{"id":"0IHuJvc2ofPAAA8GzTRi","name":"John Deo","firstName":"John","lastName":"Deo","email":"john@deo.com","phone":"+18832327657","extension":"","permissions":{"campaignsEnabled":true,"contactsEnabled":true,"workflowsEnabled":true,"opportunitiesEnabled":true,"assignedDataOnly":false},"scopes":"contacts.write","roles":{"type":"account","role":"user","locationIds":["ve9EPM428h8vShlRW1KT"],"restrictSubAccount":false},"platformLanguage":"en_US"}"##;
const USER_LIST_SAMPLE: &str = r##"{"users":[{"id":"0IHuJvc2ofPAAA8GzTRi","name":"John Deo","firstName":"John","lastName":"Deo","email":"john@deo.com","phone":"+18832327657","extension":"","roles":{"type":"account","role":"user","locationIds":["ve9EPM428h8vShlRW1KT"],"restrictSubAccount":false},"deleted":false}],"count":1}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "users.search",
        kind: Kind::Trigger,
        category: CAT,
        label: "Search Users",
        help: "Search the agency's users by name, email or phone, with filters. Works at agency level: needs the agency (company) id, from the input or the connection, and a token of that agency (an agency token, or a sub-account token of that agency). Output: {users, count}. As a trigger it fires for every new or changed user.",
        method: Method::Get,
        path: "/users/search",
        version: V2021_07_28,
        scopes: READ,
        token: Token::Any,
        fields: &[
            F::company_id(Loc::Query),
            F::query("query", Ty::Str, "Free text matched against the user's full name, email and phone.").ex("\"John\""),
            F::query("skip", Ty::Int, "Users to skip, for paging (default 0).").range(0, i64::MAX),
            F::query("limit", Ty::Int, "Users per page (default 25).").range(1, i64::MAX).ex("25"),
            F::query("locationId", Ty::Str, "Only users with access to this sub-account (location)."),
            F::query("type", Ty::Str, "Only users of this type: agency or account (sub-account user).").one_of(TYPES),
            F::query("role", Ty::Str, "Only users with this role: admin or user.").one_of(ROLES),
            F::query("ids", Ty::Str, "Only these users: comma-separated user ids, e.g. 5DP4iH6HLkQsiKESj6rh,5DP4iH6HLkQsiKESj34h."),
            F::query("sort", Ty::Str, "Field to sort by, e.g. dateAdded (default: first and last name)."),
            F::query("sortDirection", Ty::Str, "Sort direction: asc or desc.").one_of(&["asc", "desc"]),
            F::query("enabled2waySync", Ty::Bool, "Only users with (true) or without (false) two-way calendar sync enabled."),
        ],
        output: Output::List("users"),
        poll: &Poll::content_updates("id").paged(Paging::offset("skip", "limit", 25)),
        sample: USER_LIST_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "users.filter_by_email",
        kind: Kind::Trigger,
        category: CAT,
        label: "Filter Users by Email",
        help: "Find the agency's users with the given email addresses. Works at agency level: needs the agency (company) id, from the input or the connection, and an agency-level token. Output: {users, count}; by default each user has only id and email (see projection). As a trigger it fires for every new or changed user.",
        method: Method::Post,
        path: "/users/search/filter-by-email",
        version: V2021_07_28,
        scopes: READ,
        token: Token::Agency,
        fields: &[
            F::company_id(Loc::Body),
            F::body("emails", Ty::Str, "Email addresses to look for, comma-separated: user1@example.com,user2@example.com.").req().ex("\"john@deo.com,jane@deo.com\""),
            F::body("deleted", Ty::Bool, "true to find deleted users instead (default false)."),
            F::body("skip", Ty::Str, "Users to skip, for paging, as a string of digits (default \"0\")."),
            F::body("limit", Ty::Str, "Users per page, as a string of digits (default \"25\").").ex("\"25\""),
            F::body("projection", Ty::Str, "Properties to return: all, or comma-separated property names (default: id and email only).").ex("\"all\""),
        ],
        output: Output::List("users"),
        poll: &Poll::content_updates("id").paged(Paging::offset("skip", "limit", 25)),
        sample: USER_LIST_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "users.get",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get User",
        help: "Retrieve one user by id: name, contact details, roles, permissions. Output: the user. As a trigger it fires when the user changes.",
        method: Method::Get,
        path: "/users/{userId}",
        version: V2021_07_28,
        scopes: READ,
        token: Token::Any,
        fields: &[USER_ID],
        poll: &Poll::content_changes("id"),
        sample: USER_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "users.list_by_location",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Users by Location",
        help: "List the users (team members) of a sub-account. GHL marks this endpoint deprecated in favour of Search Users, which needs an agency id. Output: {users}. As a trigger it fires for every new or changed user.",
        method: Method::Get,
        path: "/users/",
        version: V2021_07_28,
        scopes: READ,
        fields: &[F::location_id(Loc::Query)],
        output: Output::List("users"),
        poll: &Poll::content_updates("id"),
        sample: r##"{"users":[{"id":"0IHuJvc2ofPAAA8GzTRi","name":"John Deo","firstName":"John","lastName":"Deo","email":"john@deo.com","phone":"+18832327657","roles":{"type":"account","role":"user","locationIds":["ve9EPM428h8vShlRW1KT"]}},{"id":"hxHGVRb1YJUscrCB8eXK","name":"Jane Roe","firstName":"Jane","lastName":"Roe","email":"jane@roe.com","roles":{"type":"account","role":"admin","locationIds":["ve9EPM428h8vShlRW1KT"]}}]}"##,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "users.create",
        category: CAT,
        label: "Create User",
        help: "Add a new user to the agency, with access to the sub-accounts given. Works at agency level: needs the agency (company) id, from the input or the connection, and a token of that agency. Output: the created user.",
        method: Method::Post,
        path: "/users/",
        version: V2021_07_28,
        scopes: WRITE,
        token: Token::Any,
        fields: user_fields!(
            F::company_id(Loc::Body),
            F::body("firstName", Ty::Str, "First name.").req().ex("\"John\""),
            F::body("lastName", Ty::Str, "Last name.").req().ex("\"Deo\""),
            F::body("email", Ty::Str, "Email address; the user signs in with it.").req().format(Format::Email).ex("\"john@deo.com\""),
            F::body("password", Ty::Str, "Initial password.").req().ex("\"example-not-a-real-password\""),
            F::body("type", Ty::Str, "agency for an agency user, account for a sub-account user.").req().one_of(TYPES).ex("\"account\""),
            F::body("role", Ty::Str, "admin or user.").req().one_of(ROLES).ex("\"user\""),
            F::body("locationIds", Ty::StrList, "Ids of the sub-accounts (locations) the user can access.").req().ex("[\"ve9EPM428h8vShlRW1KT\"]"),
        ),
        sample: USER_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "users.update",
        category: CAT,
        label: "Update User",
        help: "Modify a user; only the fields given change (scopes, permissions and twilioPhone replace what is stored). With an agency-level token, give companyId. Output: the updated user.",
        method: Method::Put,
        path: "/users/{userId}",
        version: V2021_07_28,
        scopes: WRITE,
        token: Token::Any,
        fields: user_fields!(
            USER_ID,
            F::body("firstName", Ty::Str, "First name.").ex("\"John\""),
            F::body("lastName", Ty::Str, "Last name.").ex("\"Doe\""),
            F::body("email", Ty::Str, "Deprecated: GHL no longer accepts email changes.").format(Format::Email),
            F::body("password", Ty::Str, "New password."),
            F::body("type", Ty::Str, "agency for an agency user, account for a sub-account user.").one_of(TYPES),
            F::body("role", Ty::Str, "admin or user.").one_of(ROLES),
            F::body("companyId", Ty::Str, "Agency (company) id; needed when the token is an agency-level token."),
            F::body("locationIds", Ty::StrList, "Ids of the sub-accounts (locations) the user can access; replaces the current list."),
        ),
        sample: USER_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "users.delete",
        category: CAT,
        label: "Delete User",
        help: "Remove a user. GHL queues the deletion; it takes effect within a few minutes. Output: {succeded, message}.",
        method: Method::Delete,
        path: "/users/{userId}",
        version: V2021_07_28,
        scopes: WRITE,
        token: Token::Any,
        fields: &[USER_ID],
        sample: r##"{"succeded":true,"message":"Queued deleting user with e-mail john@deo.com and name John Deo. Will take effect in a few minutes."}"##,
        ..Op::BASE
    },
];

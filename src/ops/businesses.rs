//! Businesses: the 5 operations of the seed catalog's Businesses category,
//! as `businesses.json` of the official GHL API v2 specs defines them.
//! A business is a company record of a sub-account that contacts can be
//! linked to.

use crate::catalog::{
    Field as F, Format, Kind, Loc, Method, Op, Output, Paging, Poll, Ty, V2021_07_28,
};

const CAT: &str = "Businesses";
const READ: &[&str] = &["businesses.readonly"];
const WRITE: &[&str] = &["businesses.write"];

const BUSINESS_ID: F =
    F::path("businessId", "The business's id.").ex("\"63771dcac1116f0e21de8e12\"");

/// The business properties shared by create and update, after the ones that
/// differ (identity, locationId, required-ness of name).
macro_rules! business_fields {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
            F::body("phone", Ty::Str, "Phone number, ideally E.164 (+18832327657).").ex("\"+18832327657\""),
            F::body("email", Ty::Str, "Email address of the business.").format(Format::Email).ex("\"info@microsoft.com\""),
            F::body("website", Ty::Str, "Website, e.g. www.microsoft.com.").ex("\"www.microsoft.com\""),
            F::body("address", Ty::Str, "Street address.").ex("\"1 Microsoft Way\""),
            F::body("city", Ty::Str, "City.").ex("\"Redmond\""),
            F::body("state", Ty::Str, "State or region.").ex("\"Washington\""),
            F::body("postalCode", Ty::Str, "Postal code.").ex("\"98052\""),
            F::body("country", Ty::Str, "Country, e.g. us.").ex("\"us\""),
            F::body("description", Ty::Str, "Free-text description of the business.").ex("\"Software company\""),
        ]
    };
}

const UPDATABLE: &[&str] = &[
    "name",
    "phone",
    "email",
    "website",
    "address",
    "city",
    "state",
    "postalCode",
    "country",
    "description",
];

const BUSINESS_SAMPLE: &str = r##"{"id":"63771dcac1116f0e21de8e12","name":"Microsoft","phone":"+18832327657","email":"info@microsoft.com","website":"www.microsoft.com","address":"1 Microsoft Way","city":"Redmond","state":"Washington","postalCode":"98052","country":"us","description":"Software company","locationId":"ve9EPM428h8vShlRW1KT","createdAt":"2024-02-14T09:30:12.512Z","updatedAt":"2024-03-01T16:05:44.107Z"}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "businesses.get",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Business",
        help: "Retrieve one business by id. Output: the business. As a trigger it fires when the business changes (updatedAt).",
        method: Method::Get,
        path: "/businesses/{businessId}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[BUSINESS_ID],
        output: Output::Record("business"),
        poll: &Poll::changes("id", "updatedAt"),
        sample: BUSINESS_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "businesses.list",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Businesses by Location",
        help: "List the businesses of a sub-account (location), a page at a time. Output: {businesses}. As a trigger it fires for every new or changed business (updatedAt).",
        method: Method::Get,
        path: "/businesses/",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::location_id(Loc::Query),
            F::query("limit", Ty::Int, "Businesses per page (default 100).")
                .range(1, i64::MAX)
                .ex("100"),
            F::query(
                "skip",
                Ty::Int,
                "Businesses to skip, for paging (default 0).",
            )
            .range(0, i64::MAX),
        ],
        output: Output::List("businesses"),
        poll: &Poll::updates("id", "updatedAt").paged(Paging::offset("skip", "limit", 100)),
        sample: r##"{"businesses":[{"id":"63771dcac1116f0e21de8e12","name":"Microsoft","phone":"+18832327657","email":"info@microsoft.com","website":"www.microsoft.com","city":"Redmond","country":"us","locationId":"ve9EPM428h8vShlRW1KT","createdAt":"2024-02-14T09:30:12.512Z","updatedAt":"2024-03-01T16:05:44.107Z"}]}"##,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "businesses.create",
        category: CAT,
        label: "Create Business",
        help: "Add a business to a sub-account (location). Output: {success, buiseness} with the new business (GHL spells the key buiseness).",
        method: Method::Post,
        path: "/businesses/",
        version: V2021_07_28,
        scopes: WRITE,
        fields: business_fields!(
            F::body("name", Ty::Str, "Name of the business.")
                .req()
                .ex("\"Microsoft\""),
            F::location_id(Loc::Body),
        ),
        sample: r##"{"success":true,"buiseness":{"id":"63771dcac1116f0e21de8e12","name":"Microsoft","phone":"+18832327657","email":"info@microsoft.com","website":"www.microsoft.com","address":"1 Microsoft Way","city":"Redmond","state":"Washington","postalCode":"98052","country":"us","description":"Software company","locationId":"ve9EPM428h8vShlRW1KT","createdAt":"2024-02-14T09:30:12.512Z","updatedAt":"2024-02-14T09:30:12.512Z"}}"##,
        ..Op::BASE
    },
    Op {
        key: "businesses.update",
        category: CAT,
        label: "Update Business",
        help: "Modify a business; only the fields given change (give at least one). Output: {success, buiseness} with the updated business (GHL spells the key buiseness).",
        method: Method::Put,
        path: "/businesses/{businessId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: business_fields!(
            BUSINESS_ID,
            F::body("name", Ty::Str, "Name of the business.").ex("\"Microsoft\""),
        ),
        require_any: UPDATABLE,
        sample: r##"{"success":true,"buiseness":{"id":"63771dcac1116f0e21de8e12","name":"Microsoft","phone":"+18832327657","email":"info@microsoft.com","website":"www.microsoft.com","city":"Redmond","country":"us","locationId":"ve9EPM428h8vShlRW1KT","createdAt":"2024-02-14T09:30:12.512Z","updatedAt":"2024-03-01T16:05:44.107Z"}}"##,
        ..Op::BASE
    },
    Op {
        key: "businesses.delete",
        category: CAT,
        label: "Delete Business",
        help: "Remove a business permanently. Output: {success}.",
        method: Method::Delete,
        path: "/businesses/{businessId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[BUSINESS_ID],
        sample: r##"{"success":true}"##,
        ..Op::BASE
    },
];

//! Locations, custom fields and the agency: 5 operations of the seed
//! catalog's Other Operations category, as `locations.json`,
//! `custom-fields.json` and `companies.json` of the official GHL API v2
//! specs define them.

use crate::catalog::{
    Field as F, Format, Kind, Loc, Method, Op, Output, Paging, Poll, Route, Token, Ty, V2021_07_28,
};

const CAT: &str = "Other Operations";
const LOCATIONS_READ: &[&str] = &["locations.readonly"];

/// The country codes GHL accepts for a new sub-account (the spec's enum).
const COUNTRIES: &[&str] = &[
    "AF", "AX", "AL", "DZ", "AS", "AD", "AO", "AI", "AQ", "AG", "AR", "AM", "AW", "AU", "AT", "AZ",
    "BS", "BH", "BD", "BB", "BY", "BE", "BZ", "BJ", "BM", "BT", "BO", "BA", "BW", "BV", "BR", "IO",
    "BN", "BG", "BF", "BI", "KH", "CM", "CA", "CV", "KY", "CF", "TD", "CL", "CN", "CX", "CC", "CO",
    "KM", "CG", "CD", "CK", "CR", "CI", "HR", "CU", "CY", "CZ", "DK", "DJ", "DM", "DO", "EC", "EG",
    "SV", "GQ", "ER", "EE", "ET", "FK", "FO", "FJ", "FI", "FR", "GF", "PF", "TF", "GA", "GM", "GE",
    "DE", "GH", "GI", "GR", "GL", "GD", "GP", "GU", "GT", "GG", "GN", "GW", "GY", "HT", "HM", "VA",
    "HN", "HK", "HU", "IS", "IN", "ID", "IR", "IQ", "IE", "IM", "IL", "IT", "JM", "JP", "JE", "JO",
    "KZ", "KE", "KI", "KP", "KR", "XK", "KW", "KG", "LA", "LV", "LB", "LS", "LR", "LY", "LI", "LT",
    "LU", "MO", "MK", "MG", "MW", "MY", "MV", "ML", "MT", "MH", "MQ", "MR", "MU", "YT", "MX", "FM",
    "MD", "MC", "MN", "ME", "MS", "MA", "MZ", "MM", "NA", "NR", "NP", "NL", "AN", "NC", "NZ", "NI",
    "NE", "NG", "NU", "NF", "MP", "NO", "OM", "PK", "PW", "PS", "PA", "PG", "PY", "PE", "PH", "PN",
    "PL", "PT", "PR", "QA", "RE", "RO", "RU", "RW", "SH", "KN", "LC", "MF", "PM", "VC", "WS", "SM",
    "ST", "SA", "SN", "RS", "SC", "SL", "SG", "SX", "SK", "SI", "SB", "SO", "ZA", "GS", "ES", "LK",
    "SD", "SR", "SJ", "SZ", "SE", "CH", "SY", "TW", "TJ", "TZ", "TH", "TL", "TG", "TK", "TO", "TT",
    "TN", "TR", "TM", "TC", "TV", "UG", "GB", "UA", "AE", "US", "UM", "UY", "UZ", "VU", "VE", "VN",
    "VG", "VI", "WF", "EH", "YE", "ZM", "ZW",
];

/// `objectKey` goes into the path of the custom-fields route, so it gets
/// the path checks; it is optional because the main request has no such
/// segment.
const OBJECT_KEY: F = F::path(
    "objectKey",
    "List the fields of this object instead, e.g. custom_objects.pet (custom objects need the custom_objects. prefix; GHL supports custom objects and the company/business object here). Switches to the object-key endpoint, which answers {fields, folders} and takes no model.",
)
.optional()
.ex("\"custom_objects.pet\"");

const LOCATION_SAMPLE: &str = r##"{"id":"ve9EPM428h8vShlRW1KT","companyId":"5DP4iH6HLkQsiKESj6rh","name":"Mark Shoes","domain":"test.msgsndr.com","address":"4th fleet street","city":"New York","state":"Illinois","country":"US","postalCode":"567654","website":"https://yourwebsite.com","timezone":"US/Central","firstName":"John","lastName":"Doe","email":"john.doe@mail.com","phone":"+1410039940","business":{"name":"Mark Shoes","address":"4th fleet street","city":"New York","state":"Illinois","country":"US","postalCode":"567654","website":"https://yourwebsite.com","timezone":"US/Central"},"social":{"facebookUrl":"https://www.facebook.com/markshoes"},"settings":{"allowDuplicateContact":false,"allowDuplicateOpportunity":false,"allowFacebookNameMerge":false,"disableContactTimezone":false}}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "locations.search",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Locations",
        help: "List or search sub-accounts (locations). Works with an agency or a sub-account token; with an agency token give companyId, the agency whose sub-accounts to list. Output: {locations}. As a trigger it fires for every new or changed location.",
        method: Method::Get,
        path: "/locations/search",
        version: V2021_07_28,
        scopes: LOCATIONS_READ,
        token: Token::Any,
        fields: &[
            F::query("companyId", Ty::Str, "Agency (company) id whose sub-accounts to search; needed with an agency token. Not taken from the connection.").ex("\"5DP4iH6HLkQsiKESj6rh\""),
            F::query("skip", Ty::Int, "Locations to skip, for paging (default 0).").range(0, i64::MAX),
            F::query("limit", Ty::Int, "Locations per page (default 10).").range(1, i64::MAX).ex("10"),
            F::query("order", Ty::Str, "Sort order: asc or desc (default asc).").one_of(&["asc", "desc"]),
            F::query("email", Ty::Str, "Only the location with this email address.").format(Format::Email),
        ],
        output: Output::List("locations"),
        poll: &Poll::content_updates("id").paged(Paging::offset("skip", "limit", 10)),
        sample: r##"{"locations":[{"id":"ve9EPM428h8vShlRW1KT","name":"Mark Shoes","phone":"+1410039940","email":"john.doe@mail.com","address":"4th fleet street","city":"New York","state":"Illinois","country":"US","postalCode":"567654","website":"https://yourwebsite.com","timezone":"US/Central","settings":{"allowDuplicateContact":false,"allowDuplicateOpportunity":false,"allowFacebookNameMerge":false,"disableContactTimezone":false},"social":{"facebookUrl":"https://www.facebook.com/markshoes"}}]}"##,
        ..Op::BASE
    },
    Op {
        key: "locations.list_custom_fields",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Custom Fields",
        help: "List the custom field definitions of the location: contact and opportunity fields (id, name, fieldKey, dataType, options). Output: {customFields}. Giving objectKey lists the fields of a custom object or of businesses instead, and answers {fields, folders}. As a trigger it fires for every new or changed field.",
        method: Method::Get,
        path: "/locations/{locationId}/customFields",
        version: V2021_07_28,
        scopes: &["locations/customFields.readonly"],
        fields: &[
            F::location_id(Loc::Path),
            F::query("model", Ty::Str, "Only the fields of contacts, of opportunities, or all (default: all).").one_of(&["contact", "opportunity", "all"]),
            OBJECT_KEY,
        ],
        routes: &[Route {
            when: &["objectKey"],
            method: Method::Get,
            path: "/custom-fields/object-key/{objectKey}",
            params: &[
                ("objectKey", Loc::Path, "objectKey"),
                ("locationId", Loc::Query, "locationId"),
            ],
            fixed_body: None,
            exclusive: true,
            output: Output::List("fields"),
        }],
        output: Output::List("customFields"),
        poll: &Poll::content_updates("id"),
        sample: r##"{"customFields":[{"id":"3sv6UEo51C9Bmpo1cKTq","name":"Pincode","fieldKey":"contact.pincode","placeholder":"Pin code","dataType":"TEXT","position":0,"model":"contact","locationId":"ve9EPM428h8vShlRW1KT"},{"id":"MgobCB14YMVKuE4Ka8p1","name":"Lead Source","fieldKey":"opportunity.lead_source","dataType":"SINGLE_OPTIONS","position":1,"picklistOptions":["Referral","Website"],"model":"opportunity","locationId":"ve9EPM428h8vShlRW1KT"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "locations.get_company",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Company",
        help: "Retrieve the agency (company): name, contact details, domains, plan, status, location count. Needs an agency-level token (agency Private Integration Token or OAuth with user_type Company). Output: the company. As a trigger it fires when the company changes.",
        method: Method::Get,
        path: "/companies/{companyId}",
        version: V2021_07_28,
        scopes: &["companies.readonly"],
        token: Token::Agency,
        fields: &[F::company_id(Loc::Path)],
        output: Output::Record("company"),
        poll: &Poll::content_changes("id"),
        sample: r##"{"id":"UAXssdawIWAWD","name":"Tesla inc","email":"john@deo.com","phone":"+1202-555-0107","website":"https://www.tesla.com","domain":"https://app.myawesomedomain.com","spareDomain":"link.msgsndr.com","address":"3500 Deer Creek Road","city":"Palo Alto","state":"CA","postalCode":"94304","country":"US","timezone":"US/Central","plan":1,"customerType":"agency","isReselling":true,"status":"active","locationCount":10}"##,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "locations.get",
        category: CAT,
        label: "Find Location by ID",
        help: "Retrieve a sub-account (location) by id: name, address, contact details, business info, social links, settings. Works with a sub-account or an agency token. Output: the location.",
        method: Method::Get,
        path: "/locations/{locationId}",
        version: V2021_07_28,
        scopes: LOCATIONS_READ,
        token: Token::Any,
        fields: &[F::location_id(Loc::Path)],
        output: Output::Record("location"),
        sample: LOCATION_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "locations.create",
        category: CAT,
        label: "Create Location",
        help: "Create a sub-account (location) in the agency, optionally loaded with a snapshot. Needs an agency-level token (agency Private Integration Token or OAuth with user_type Company); GHL offers it on the Agency Pro plan only. Output: the created location.",
        method: Method::Post,
        path: "/locations/",
        version: V2021_07_28,
        scopes: &["locations.write"],
        token: Token::Agency,
        fields: &[
            F::body("name", Ty::Str, "Name of the sub-account (usually the business's name).").req().ex("\"Mark Shoes\""),
            F::company_id(Loc::Body),
            F::body("phone", Ty::Str, "The business's phone number with country code, e.g. +1410039940.").ex("\"+1410039940\""),
            F::body("address", Ty::Str, "Street address of the business.").ex("\"4th fleet street\""),
            F::body("city", Ty::Str, "City.").ex("\"New York\""),
            F::body("state", Ty::Str, "State or region.").ex("\"Illinois\""),
            F::body("country", Ty::Str, "Country as a 2-letter ISO 3166-1 code, e.g. US.").one_of(COUNTRIES).ex("\"US\""),
            F::body("postalCode", Ty::Str, "Postal code.").ex("\"567654\""),
            F::body("website", Ty::Str, "The business's website URL.").ex("\"https://yourwebsite.com\""),
            F::body("timezone", Ty::Str, "Time zone, e.g. US/Central or America/Chicago.").ex("\"US/Central\""),
            F::body("prospectInfo", Ty::Obj, "The prospect the sub-account is for: {\"firstName\": \"John\", \"lastName\": \"Doe\", \"email\": \"john.doe@mail.com\"} (all three required)."),
            F::body("settings", Ty::Obj, "Default settings, e.g. {\"allowDuplicateContact\": false, \"allowDuplicateOpportunity\": false, \"allowFacebookNameMerge\": false, \"disableContactTimezone\": false}."),
            F::body("social", Ty::Obj, "Social links: {\"facebookUrl\", \"googlePlus\", \"linkedIn\", \"foursquare\", \"twitter\", \"yelp\", \"instagram\", \"youtube\", \"pinterest\", \"blogRss\", \"googlePlacesId\"}, each a URL (googlePlacesId an id)."),
            F::body("twilio", Ty::Obj, "Twilio credentials for the sub-account: {\"sid\": \"AC...\", \"authToken\": \"...\"} (both required)."),
            F::body("mailgun", Ty::Obj, "Mailgun credentials for the sub-account: {\"apiKey\": \"key-...\", \"domain\": \"replies.yourdomain.com\"} (both required)."),
            F::body("snapshotId", Ty::Str, "Id of a snapshot to load into the new sub-account (see List Snapshots).").ex("\"1eM2UgkfaECOYyUdCo9Pa\""),
        ],
        sample: r##"{"id":"ve9EPM428h8vShlRW1KT","companyId":"UAXssdawIWAWD","name":"Mark Shoes","phone":"+1410039940","email":"john.doe@mail.com","address":"4th fleet street","city":"New York","state":"Illinois","domain":"test.msgsndr.com","country":"US","postalCode":"567654","website":"https://yourwebsite.com","timezone":"US/Central","settings":{"allowDuplicateContact":false,"allowDuplicateOpportunity":false,"allowFacebookNameMerge":false,"disableContactTimezone":false},"social":{"facebookUrl":"https://www.facebook.com/markshoes"}}"##,
        ..Op::BASE
    },
];

//! Workflows & Campaigns: the 8 operations of the seed catalog's Workflows &
//! Campaigns category, as `workflows.json`, `snapshots.json`,
//! `campaigns.json` and `contacts.json` of the official GHL API v2 specs
//! define them.

use super::sources;
use crate::catalog::{
    Field as F, Format, Kind, Loc, Method, Op, Output, Poll, Route, Token, Ty, V2021_07_28,
};

const CAT: &str = "Workflows & Campaigns";
const CONTACTS_WRITE: &[&str] = &["contacts.write"];

const CONTACT_ID: F = F::path("contactId", "The contact's id.").ex("\"ocQHyuzHvysMo5N5VsXc\"");
const WORKFLOW_ID: F = F::path(
    "workflowId",
    "The workflow's id (see List Workflows), e.g. 78559bb3-b920-461e-b010-7b2a2816d2a9.",
)
.ex("\"78559bb3-b920-461e-b010-7b2a2816d2a9\"")
.options(&sources::WORKFLOWS);

const SUCCEEDED_SAMPLE: &str = r##"{"succeded":true}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "workflows.list",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Workflows",
        help: "List the location's workflows (id, name, status draft or published, version). Output: {workflows}. As a trigger it fires for every new or changed workflow (updatedAt).",
        method: Method::Get,
        path: "/workflows/",
        version: V2021_07_28,
        scopes: &["workflows.readonly"],
        fields: &[F::location_id(Loc::Query)],
        output: Output::List("workflows"),
        poll: &Poll::updates("id", "updatedAt"),
        sample: r##"{"workflows":[{"id":"78559bb3-b920-461e-b010-7b2a2816d2a9","name":"First Workflow","status":"published","version":2,"createdAt":"2021-05-26T11:33:49.000Z","updatedAt":"2021-05-26T11:33:49.000Z","locationId":"ve9EPM428h8vShlRW1KT"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "workflows.list_snapshots",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Snapshots",
        help: "List the agency's snapshots, its own and imported ones (id, name, type own or imported). Needs an agency-level token (agency Private Integration Token or OAuth with user_type Company) and the agency id. Output: {snapshots}. As a trigger it fires for every new or changed snapshot.",
        method: Method::Get,
        path: "/snapshots/",
        version: V2021_07_28,
        scopes: &["snapshots.readonly"],
        token: Token::Agency,
        fields: &[F::company_id(Loc::Query)],
        output: Output::List("snapshots"),
        poll: &Poll::content_updates("id"),
        sample: r##"{"snapshots":[{"id":"1eM2UgkfaECOYyUdCo9Pa","name":"Martial Arts Snapshot","type":"own"},{"id":"7xK3pQw9LmN2bVc4RtYz","name":"Dental Clinic Starter","type":"imported"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "workflows.list_campaigns",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Campaigns",
        help: "List the location's campaigns (id, name, status), optionally only those with one status. Output: {campaigns}. As a trigger it fires for every new or changed campaign.",
        method: Method::Get,
        path: "/campaigns/",
        version: V2021_07_28,
        scopes: &["campaigns.readonly"],
        fields: &[
            F::location_id(Loc::Query),
            F::query("status", Ty::Str, "Only campaigns with this status, e.g. draft or published.").ex("\"published\""),
        ],
        output: Output::List("campaigns"),
        poll: &Poll::content_updates("id"),
        sample: r##"{"campaigns":[{"id":"mIVALPYuTD7YjUHnFEx4","name":"Welcome drip","status":"published","locationId":"ve9EPM428h8vShlRW1KT"}]}"##,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "workflows.add_contact",
        category: CAT,
        label: "Add Contact to Workflow",
        help: "Enroll a contact in a workflow. Output: {succeded}.",
        method: Method::Post,
        path: "/contacts/{contactId}/workflow/{workflowId}",
        version: V2021_07_28,
        scopes: CONTACTS_WRITE,
        fields: &[
            CONTACT_ID,
            WORKFLOW_ID,
            F::body("eventStartTime", Ty::Str, "Event start time for workflows whose steps wait relative to an event (e.g. an appointment), RFC 3339 with offset: 2021-06-23T03:30:00+01:00.").format(Format::DateTime).ex("\"2021-06-23T03:30:00+01:00\""),
        ],
        empty_body: true,
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "workflows.remove_contact",
        category: CAT,
        label: "Remove from Workflow",
        help: "Take a contact out of a workflow it is enrolled in. Output: {succeded}.",
        method: Method::Delete,
        path: "/contacts/{contactId}/workflow/{workflowId}",
        version: V2021_07_28,
        scopes: CONTACTS_WRITE,
        fields: &[
            CONTACT_ID,
            WORKFLOW_ID,
            F::body("eventStartTime", Ty::Str, "Event start time the contact was enrolled with, RFC 3339 with offset: 2021-06-23T03:30:00+01:00 (usually left out).").format(Format::DateTime),
        ],
        empty_body: true,
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "workflows.add_contact_followers",
        category: CAT,
        label: "Add Contact Followers",
        help: "Make users followers of a contact (they get its notifications); current followers stay. Output: {followers, followersAdded}: all followers and the ones added now.",
        method: Method::Post,
        path: "/contacts/{contactId}/followers",
        version: V2021_07_28,
        scopes: CONTACTS_WRITE,
        fields: &[
            CONTACT_ID,
            F::body("followers", Ty::StrList, "Ids of the users to add as followers.").req().ex("[\"sx6wyHhbFdRXh302Lunr\",\"hxHGVRb1YJUscrCB8eXK\"]"),
        ],
        sample: r##"{"followers":["sx6wyHhbFdRXh302Lunr","hxHGVRb1YJUscrCB8eXK","TUcmRxWrjqzJS8EjkxNK"],"followersAdded":["sx6wyHhbFdRXh302Lunr","hxHGVRb1YJUscrCB8eXK"]}"##,
        ..Op::BASE
    },
    Op {
        key: "workflows.remove_contact_followers",
        category: CAT,
        label: "Remove Contact Followers",
        help: "Stop users following a contact. Output: {followers, followersRemoved}: the remaining followers and the ones removed.",
        method: Method::Delete,
        path: "/contacts/{contactId}/followers",
        version: V2021_07_28,
        scopes: CONTACTS_WRITE,
        fields: &[
            CONTACT_ID,
            F::body("followers", Ty::StrList, "Ids of the users to remove as followers.").req().ex("[\"sx6wyHhbFdRXh302Lunr\"]"),
        ],
        sample: r##"{"followers":["TUcmRxWrjqzJS8EjkxNK"],"followersRemoved":["sx6wyHhbFdRXh302Lunr"]}"##,
        ..Op::BASE
    },
    Op {
        key: "workflows.bulk_business_update",
        category: CAT,
        label: "Bulk Business Update",
        help: "Link many contacts to a business (give businessId), or unlink them from their business (give removeFromBusiness: true; GHL is sent businessId null). When businessId is given, removeFromBusiness is ignored. Output: {success, ids}, ids being the contacts updated.",
        method: Method::Post,
        path: "/contacts/bulk/business",
        version: V2021_07_28,
        scopes: CONTACTS_WRITE,
        fields: &[
            F::location_id(Loc::Body),
            F::body("ids", Ty::StrList, "Ids of the contacts to update.").req().ex("[\"IDqvFHGColiyK6jiatuz\",\"pOC0uJ97VYOKH2m3fkMD\"]"),
            F::body("businessId", Ty::Str, "Id of the business to link the contacts to.").ex("\"63b7ec34ea409a9a8bd2a4ff\""),
            F::body("removeFromBusiness", Ty::Bool, "true: unlink the contacts from their business instead (false counts as not given)."),
        ],
        require_any: &["businessId", "removeFromBusiness"],
        routes: &[
            Route {
                when: &["businessId"],
                method: Method::Post,
                path: "/contacts/bulk/business",
                params: &[
                    ("locationId", Loc::Body, "locationId"),
                    ("ids", Loc::Body, "ids"),
                    ("businessId", Loc::Body, "businessId"),
                ],
                fixed_body: None,
                exclusive: false,
                output: Output::Whole,
            },
            Route {
                when: &["removeFromBusiness"],
                method: Method::Post,
                path: "/contacts/bulk/business",
                params: &[
                    ("locationId", Loc::Body, "locationId"),
                    ("ids", Loc::Body, "ids"),
                ],
                fixed_body: Some(r##"{"businessId":null}"##),
                exclusive: false,
                output: Output::Whole,
            },
        ],
        sample: r##"{"success":true,"ids":["IDqvFHGColiyK6jiatuz","pOC0uJ97VYOKH2m3fkMD"]}"##,
        ..Op::BASE
    },
];

//! Opportunities: the 10 operations of the seed catalog's Opportunities
//! category, as `opportunities.json` of the official GHL API v2 specs
//! defines them.

use super::sources;
use crate::catalog::{
    Field as F, Kind, Loc, Method, Op, Output, Paging, Poll, Route, Ty, V2021_07_28,
};

const CAT: &str = "Opportunities";
const READ: &[&str] = &["opportunities.readonly"];
const WRITE: &[&str] = &["opportunities.write"];

const OPPORTUNITY_ID: F = F::path("id", "The opportunity's id.").ex("\"yWQobCRIhRguQtD2llvk\"");

/// Statuses an opportunity can be given (the spec's enum also lists `all`,
/// which only makes sense as a search filter).
const STATUSES: &[&str] = &["open", "won", "lost", "abandoned"];
const STATUS_HELP: &str = "Status: open, won, lost or abandoned.";

const PIPELINE_ID_HELP: &str = "Id of the pipeline the opportunity belongs to.";
const STAGE_ID_HELP: &str =
    "Id of the pipeline stage the opportunity is in (a stage of the chosen pipeline).";
const ASSIGNED_TO_HELP: &str = "Id of the user the opportunity is assigned to.";
const MONETARY_VALUE_HELP: &str =
    "Value of the deal, in the location's currency (e.g. 220 or 1499.99).";
const CUSTOM_FIELDS_HELP: &str = "Custom field values: [{\"id\": \"...\", \"field_value\": ...}] (or \"key\" instead of \"id\"); the value may be a string, an array of strings or an object.";

const OPPORTUNITY_SAMPLE: &str = r##"{"id":"yWQobCRIhRguQtD2llvk","name":"First Opps","monetaryValue":220,"pipelineId":"VDm7RPYC2GLUvdpKmBfC","pipelineStageId":"e93ba61a-53b3-45e7-985a-c7732dbcdb69","assignedTo":"082goXVW3lIExEQPOnd3","status":"open","source":"","lastStatusChangeAt":"2021-08-03T04:55:17.355Z","lastStageChangeAt":"2021-08-03T04:55:17.355Z","createdAt":"2021-08-03T04:55:17.355Z","updatedAt":"2021-08-03T04:55:17.355Z","contactId":"mTkSCb1UBjb5tk4OvB69","locationId":"ve9EPM428h8vShlRW1KT","contact":{"id":"mTkSCb1UBjb5tk4OvB69","name":"John Deo","companyName":"Tesla Inc","email":"john@deo.com","phone":"+1202-555-0107","tags":["vip"]},"customFields":[{"id":"MgobCB14YMVKuE4Ka8p1","fieldValue":"referral"}],"followers":[]}"##;
const SUCCEEDED_SAMPLE: &str = r##"{"succeded":true}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "opportunities.search",
        kind: Kind::Trigger,
        category: CAT,
        label: "Search Opportunities",
        help: "Find opportunities by pipeline, stage, status, contact, owner, dates or free text. Output: {opportunities, meta} (meta has the paging cursor: startAfter, startAfterId, nextPage). Giving searchAfter or additionalDetails switches to the advanced search (POST), which takes only locationId, query, limit, page, searchAfter and additionalDetails (other filters are refused rather than dropped) and answers {opportunities, total}. As a trigger it fires for every new or changed opportunity (updatedAt).",
        method: Method::Get,
        path: "/opportunities/search",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::location_id(Loc::Query).wire("location_id"),
            F::query("query", Ty::Str, "Free text matched against the opportunity and its contact (name, email, phone...).").wire("q").ex("\"john@deo.com\""),
            F::query("pipelineId", Ty::Str, "Only opportunities of this pipeline.").wire("pipeline_id").options(&sources::PIPELINES).ex("\"VDm7RPYC2GLUvdpKmBfC\""),
            F::query("pipelineStageId", Ty::Str, "Only opportunities in this stage (a stage of the chosen pipeline).").wire("pipeline_stage_id").options(&sources::PIPELINE_STAGES),
            F::query("contactId", Ty::Str, "Only opportunities of this contact.").wire("contact_id"),
            F::query("status", Ty::Str, "Only opportunities with this status: open, won, lost, abandoned, or all.").one_of(&["open", "won", "lost", "abandoned", "all"]).ex("\"open\""),
            F::query("assignedTo", Ty::Str, "Only opportunities assigned to this user.").wire("assigned_to").options(&sources::USERS),
            F::query("campaignId", Ty::Str, "Only opportunities attributed to this campaign."),
            F::query("id", Ty::Str, "Only the opportunity with this id."),
            F::query("order", Ty::Str, "Sort order, e.g. added_asc or added_desc."),
            F::query("date", Ty::Str, "Created on or after this date, as mm-dd-yyyy (e.g. 01-31-2024)."),
            F::query("endDate", Ty::Str, "Created on or before this date, as mm-dd-yyyy (e.g. 02-29-2024)."),
            F::query("country", Ty::Str, "Only opportunities whose contact is in this country (ISO 3166-1 alpha-2, e.g. US)."),
            F::query("startAfter", Ty::Int, "Paging cursor: meta.startAfter (epoch milliseconds) of the previous page.").range(0, i64::MAX),
            F::query("startAfterId", Ty::Str, "Paging cursor: meta.startAfterId of the previous page."),
            F::query("page", Ty::Int, "Page number, from 1 (default 1).").range(1, i64::MAX),
            F::query("limit", Ty::Int, "Opportunities per page, up to 100 (default 20).").range(1, 100).ex("20"),
            F::query("getTasks", Ty::Bool, "Include the contact's tasks in each opportunity."),
            F::query("getNotes", Ty::Bool, "Include the contact's notes in each opportunity."),
            F::query("getCalendarEvents", Ty::Bool, "Include the contact's calendar events in each opportunity."),
            F::body("searchAfter", Ty::StrList, "Advanced search cursor: the sort values of the last opportunity of the previous page, e.g. [\"1704448800000\", \"yWQobCRIhRguQtD2llvk\"]. Switches to the advanced search."),
            F::body("additionalDetails", Ty::Obj, "Advanced search: extra data per opportunity, {\"notes\": bool, \"tasks\": bool, \"calendarEvents\": bool, \"unReadConversations\": bool} (missing flags count as false). Switches to the advanced search."),
        ],
        routes: &[Route {
            when: &["searchAfter", "additionalDetails"],
            method: Method::Post,
            path: "/opportunities/search",
            params: &[
                ("locationId", Loc::Body, "locationId"),
                ("query", Loc::Body, "query"),
                ("limit", Loc::Body, "limit"),
                ("page", Loc::Body, "page"),
                ("searchAfter", Loc::Body, "searchAfter"),
                ("additionalDetails", Loc::Body, "additionalDetails"),
            ],
            exclusive: true,
            fixed_body: Some(
                r##"{"query":"","limit":20,"page":1,"searchAfter":[],"additionalDetails":{"notes":false,"tasks":false,"calendarEvents":false,"unReadConversations":false}}"##,
            ),
            output: Output::List("opportunities"),
        }],
        output: Output::List("opportunities"),
        poll: &Poll::updates("id", "updatedAt").paged(Paging::meta_start_after("limit", 100, &["page"])),
        sample: r##"{"opportunities":[{"id":"yWQobCRIhRguQtD2llvk","name":"First Opps","monetaryValue":220,"pipelineId":"VDm7RPYC2GLUvdpKmBfC","pipelineStageId":"e93ba61a-53b3-45e7-985a-c7732dbcdb69","assignedTo":"082goXVW3lIExEQPOnd3","status":"open","source":"","createdAt":"2021-08-03T04:55:17.355Z","updatedAt":"2021-08-03T04:55:17.355Z","contactId":"mTkSCb1UBjb5tk4OvB69","locationId":"ve9EPM428h8vShlRW1KT","contact":{"id":"mTkSCb1UBjb5tk4OvB69","name":"John Deo","email":"john@deo.com","phone":"+1202-555-0107","tags":["vip"]}}],"meta":{"total":1,"startAfterId":"yWQobCRIhRguQtD2llvk","startAfter":1627966517355,"currentPage":1,"nextPage":null,"prevPage":null}}"##,
        ..Op::BASE
    },
    Op {
        key: "opportunities.get",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Opportunity",
        help: "Retrieve one opportunity by id, with its contact. Output: the opportunity. As a trigger it fires when the opportunity changes (updatedAt).",
        method: Method::Get,
        path: "/opportunities/{id}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[OPPORTUNITY_ID],
        output: Output::Record("opportunity"),
        poll: &Poll::changes("id", "updatedAt"),
        sample: OPPORTUNITY_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "opportunities.list_pipelines",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Pipelines",
        help: "List the location's opportunity pipelines with their stages (id, name, position). Output: {pipelines}. As a trigger it fires for every new or changed pipeline.",
        method: Method::Get,
        path: "/opportunities/pipelines",
        version: V2021_07_28,
        scopes: READ,
        fields: &[F::location_id(Loc::Query)],
        output: Output::List("pipelines"),
        poll: &Poll::content_updates("id"),
        sample: r##"{"pipelines":[{"id":"VDm7RPYC2GLUvdpKmBfC","name":"Sales Pipeline","stages":[{"id":"e93ba61a-53b3-45e7-985a-c7732dbcdb69","name":"New Lead","position":0},{"id":"7915dedc-8f18-44d5-8bc3-77c04e994a10","name":"Proposal Sent","position":1},{"id":"4c5b4c4e-2b0d-4a8e-9e4c-0d5d6e1f2a3b","name":"Closed","position":2}],"showInFunnel":true,"showInPieChart":true,"locationId":"ve9EPM428h8vShlRW1KT"}]}"##,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "opportunities.create",
        category: CAT,
        label: "Create Opportunity",
        help: "Add a new opportunity for a contact in a pipeline. Output: the created opportunity.",
        method: Method::Post,
        path: "/opportunities/",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            F::body("pipelineId", Ty::Str, PIPELINE_ID_HELP).req().options(&sources::PIPELINES).ex("\"VDm7RPYC2GLUvdpKmBfC\""),
            F::location_id(Loc::Body),
            F::body("name", Ty::Str, "The opportunity's name.").req().ex("\"First Opps\""),
            F::body("pipelineStageId", Ty::Str, STAGE_ID_HELP).options(&sources::PIPELINE_STAGES).ex("\"7915dedc-8f18-44d5-8bc3-77c04e994a10\""),
            F::body("status", Ty::Str, STATUS_HELP).req().one_of(STATUSES).ex("\"open\""),
            F::body("contactId", Ty::Str, "Id of the contact the opportunity is for.").req().ex("\"mTkSCb1UBjb5tk4OvB69\""),
            F::body("monetaryValue", Ty::Num, MONETARY_VALUE_HELP).ex("220"),
            F::body("assignedTo", Ty::Str, ASSIGNED_TO_HELP).options(&sources::USERS).ex("\"082goXVW3lIExEQPOnd3\""),
            F::body("customFields", Ty::ObjList, CUSTOM_FIELDS_HELP),
        ],
        output: Output::Record("opportunity"),
        sample: OPPORTUNITY_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "opportunities.update",
        category: CAT,
        label: "Update Opportunity",
        help: "Modify an existing opportunity; only the fields given change. Output: the updated opportunity.",
        method: Method::Put,
        path: "/opportunities/{id}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            OPPORTUNITY_ID,
            F::body("pipelineId", Ty::Str, PIPELINE_ID_HELP).options(&sources::PIPELINES),
            F::body("name", Ty::Str, "The opportunity's name.").ex("\"First Opps (renewal)\""),
            F::body("pipelineStageId", Ty::Str, STAGE_ID_HELP).options(&sources::PIPELINE_STAGES),
            F::body("status", Ty::Str, STATUS_HELP).one_of(STATUSES),
            F::body("monetaryValue", Ty::Num, MONETARY_VALUE_HELP).ex("250"),
            F::body("assignedTo", Ty::Str, ASSIGNED_TO_HELP).options(&sources::USERS),
            F::body("customFields", Ty::ObjList, CUSTOM_FIELDS_HELP),
        ],
        output: Output::Record("opportunity"),
        sample: OPPORTUNITY_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "opportunities.delete",
        category: CAT,
        label: "Delete Opportunity",
        help: "Remove an opportunity permanently. Output: {succeded}.",
        method: Method::Delete,
        path: "/opportunities/{id}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[OPPORTUNITY_ID],
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "opportunities.update_status",
        category: CAT,
        label: "Update Opportunity Status",
        help: "Set an opportunity's status (open, won, lost or abandoned), with an optional lost reason. Output: {succeded}.",
        method: Method::Put,
        path: "/opportunities/{id}/status",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            OPPORTUNITY_ID,
            F::body("status", Ty::Str, STATUS_HELP).req().one_of(STATUSES).ex("\"won\""),
            F::body("lostReasonId", Ty::Str, "With status lost: id of the lost reason."),
        ],
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "opportunities.upsert",
        category: CAT,
        label: "Upsert Opportunity",
        help: "Update the opportunity with the given id, or create one when no id matches. Followers: by default none are added or removed (followers [], followersActionType add, isRemoveAllFollowers false are sent). Output: {opportunity, new}.",
        method: Method::Post,
        path: "/opportunities/upsert",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            F::body("id", Ty::Str, "Id of the opportunity to update; leave out to create one."),
            F::body("pipelineId", Ty::Str, PIPELINE_ID_HELP).req().options(&sources::PIPELINES).ex("\"VDm7RPYC2GLUvdpKmBfC\""),
            F::location_id(Loc::Body),
            F::body("name", Ty::Str, "The opportunity's name.").ex("\"First Opps\""),
            F::body("status", Ty::Str, STATUS_HELP).one_of(STATUSES).ex("\"open\""),
            F::body("pipelineStageId", Ty::Str, STAGE_ID_HELP).options(&sources::PIPELINE_STAGES),
            F::body("monetaryValue", Ty::Num, MONETARY_VALUE_HELP).ex("220"),
            F::body("assignedTo", Ty::Str, ASSIGNED_TO_HELP).options(&sources::USERS),
            F::body("lostReasonId", Ty::Str, "With status lost: id of the lost reason."),
            F::body("followers", Ty::StrList, "User ids to add or remove as followers (see followersActionType); default [].").options(&sources::USERS),
            F::body("followersActionType", Ty::Str, "add to add the followers given, remove to remove them (default add).").one_of(&["add", "remove"]),
            F::body("isRemoveAllFollowers", Ty::Bool, "true to remove every follower (default false)."),
        ],
        fixed_body: Some(r##"{"followers":[],"followersActionType":"add","isRemoveAllFollowers":false}"##),
        sample: r##"{"new":true,"opportunity":{"id":"yWQobCRIhRguQtD2llvk","name":"First Opps","monetaryValue":220,"pipelineId":"VDm7RPYC2GLUvdpKmBfC","pipelineStageId":"e93ba61a-53b3-45e7-985a-c7732dbcdb69","status":"open","locationId":"ve9EPM428h8vShlRW1KT","createdAt":"2021-08-03T04:55:17.355Z","updatedAt":"2021-08-03T04:55:17.355Z"}}"##,
        ..Op::BASE
    },
    Op {
        key: "opportunities.add_followers",
        category: CAT,
        label: "Add Followers",
        help: "Add users as followers of an opportunity, keeping the current ones. Output: {followers, followersAdded}.",
        method: Method::Post,
        path: "/opportunities/{id}/followers",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            OPPORTUNITY_ID,
            F::body("followers", Ty::StrList, "Ids of the users to add as followers.").req().options(&sources::USERS).ex("[\"sx6wyHhbFdRXh302Lunr\",\"Mx6wyHhbFdRXh302Luer\"]"),
        ],
        sample: r##"{"followers":["sx6wyHhbFdRXh302Lunr","Mx6wyHhbFdRXh302Luer"],"followersAdded":["Mx6wyHhbFdRXh302Luer"]}"##,
        ..Op::BASE
    },
    Op {
        key: "opportunities.remove_followers",
        category: CAT,
        label: "Remove Followers",
        help: "Remove users from an opportunity's followers (or all of them with isRemoveAllFollowers). Output: {followers, followersRemoved}.",
        method: Method::Delete,
        path: "/opportunities/{id}/followers",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            OPPORTUNITY_ID,
            F::body("followers", Ty::StrList, "Ids of the users to remove as followers (may be [] with isRemoveAllFollowers).").req().options(&sources::USERS).ex("[\"Mx6wyHhbFdRXh302Luer\"]"),
            F::query("isRemoveAllFollowers", Ty::Bool, "true to remove every follower, whatever followers lists."),
        ],
        sample: r##"{"followers":["sx6wyHhbFdRXh302Lunr"],"followersRemoved":["Mx6wyHhbFdRXh302Luer"]}"##,
        ..Op::BASE
    },
];

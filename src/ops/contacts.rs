//! Contacts: the 28 operations of the seed catalog's Contacts category, as
//! `contacts.json` of the official GHL API v2 specs defines them.

use super::sources;
use crate::catalog::{
    Cursor, Field as F, Format, Kind, Loc, Method, Op, Output, Paging, Poll, Route, Ty, V2021_07_28,
};

const CAT: &str = "Contacts";
const READ: &[&str] = &["contacts.readonly"];
const WRITE: &[&str] = &["contacts.write"];

const CONTACT_ID: F = F::path("contactId", "The contact's id.").ex("\"ocQHyuzHvysMo5N5VsXc\"");
const TASK_ID: F = F::path("taskId", "The task's id.").ex("\"ocQHyuzHvysMo5N5VsXc\"");
const NOTE_ID: F = F::path("id", "The note's id.").ex("\"ocQHyuzHvysMo5N5VsXc\"");
const NOTE_TITLE: F = F::body("title", Ty::Str, "Note title.");
const NOTE_COLOR: F = F::body("color", Ty::Str, "Highlight color, e.g. #FFAA00.");
const NOTE_PINNED: F = F::body("pinned", Ty::Bool, "Pin the note to the top.");
const CAMPAIGN_ID: F = F::path("campaignId", "The campaign's id.").ex("\"Y2I9XM7aO1hncuSOlc9L\"");

/// The contact properties shared by create, update and upsert, plus extras.
macro_rules! contact_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            F::body("firstName", Ty::Str, "First name.").ex("\"Rosan\""),
            F::body("lastName", Ty::Str, "Last name.").ex("\"Deo\""),
            F::body("name", Ty::Str, "Full name, when first and last name are not split."),
            F::body("email", Ty::Str, "Email address.").format(Format::Email).ex("\"rosan@deos.com\""),
            F::body("phone", Ty::Str, "Phone number, ideally E.164 (+18888888888)."),
            F::body("address1", Ty::Str, "Street address."),
            F::body("city", Ty::Str, "City."),
            F::body("state", Ty::Str, "State or region."),
            F::body("postalCode", Ty::Str, "Postal code."),
            F::body("country", Ty::Str, "Country as an ISO 3166-1 alpha-2 code, e.g. US."),
            F::body("website", Ty::Str, "Website URL."),
            F::body("timezone", Ty::Str, "IANA time zone, e.g. America/Chihuahua."),
            F::body("dnd", Ty::Bool, "Do-not-disturb on all channels."),
            F::body("dndSettings", Ty::Obj, "Per-channel do-not-disturb: {\"SMS\": {\"status\": \"active\"}, ...} for Call, Email, SMS, WhatsApp, GMB, FB."),
            F::body("inboundDndSettings", Ty::Obj, "Inbound do-not-disturb: {\"all\": {\"status\": \"active\"}}."),
            F::body("tags", Ty::StrList, "Tags. On update this replaces all current tags; use Add Tags / Remove Tags to change some."),
            F::body("customFields", Ty::ObjList, "Custom field values: [{\"id\": \"...\", \"field_value\": ...}] (or \"key\" instead of \"id\")."),
            F::body("source", Ty::Str, "Where the contact came from, e.g. public api."),
            F::body("dateOfBirth", Ty::Str, "Birth date, e.g. 1990-09-25 (YYYY-MM-DD, MM/DD/YYYY and similar)."),
            F::body("assignedTo", Ty::Str, "Id of the user the contact is assigned to.").options(&sources::USERS),
        ]
    };
}

const CONTACT_SAMPLE: &str = r##"{"id":"seD4PfOuKoVMLkEZqohJ","locationId":"ve9EPM428h8vShlRW1KT","firstName":"Rosan","lastName":"Deo","name":"Rosan Deo","email":"rosan@deos.com","phone":"+18888888888","companyName":"DGS VolMAX","tags":["vip"],"source":"public api","dateAdded":"2021-08-31T09:59:41.937Z","dateUpdated":"2021-08-31T09:59:41.937Z","customFields":[{"id":"MgobCB14YMVKuE4Ka8p1","value":"name"}]}"##;
const CONTACT_LIST_SAMPLE: &str = r##"{"contacts":[{"id":"ocQHyuzHvysMo5N5VsXc","locationId":"C2QujeCh8ZnC7al2InWR","email":"johndeo@gmail.com","timezone":"Asia/Calcutta","country":"DE","source":"xyz form","dateAdded":"2020-10-29T09:31:30.255Z","tags":["vip"],"businessId":"641c094001436dbc2081e642"}],"count":1}"##;
const TASK_SAMPLE: &str = r##"{"id":"lJpzYrWdpkC2hX6t2yue","title":"Call back","body":"Ask about the renewal","assignedTo":"hxHGVRb1YJUscrCB8eXK","dueDate":"2021-07-08T02:30:00.000Z","completed":false,"contactId":"ocQHyuzHvysMo5N5VsXc"}"##;
const NOTE_SAMPLE: &str = r##"{"id":"HGPcayliwcdoUFzvbTok","body":"lorem ipsum","userId":"TUcmRxWrjqzJS8EjkxNK","dateAdded":"2021-07-08T12:02:11.285Z","contactId":"ocQHyuzHvysMo5N5VsXc","title":"Follow-up summary","color":"#FFAA00","pinned":false}"##;
const SUCCEEDED_SAMPLE: &str = r##"{"succeded":true}"##;

const TASK_FIELDS_HELP_DUE: &str = "Due date and time, RFC 3339 (2020-10-25T11:00:00Z).";

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "contacts.get",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Contact",
        help: "Retrieve a specific contact by id. Output: the contact. As a trigger it fires when the contact changes (dateUpdated).",
        method: Method::Get,
        path: "/contacts/{contactId}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[CONTACT_ID],
        output: Output::Record("contact"),
        poll: &Poll::changes("id", "dateUpdated"),
        sample: CONTACT_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.search",
        kind: Kind::Trigger,
        category: CAT,
        label: "Search Contacts",
        help: "Advanced search with filters, sort and free text. Output: {contacts, total}. As a trigger it fires once per contact found.",
        method: Method::Post,
        path: "/contacts/search",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::location_id(Loc::Body),
            F::body("query", Ty::Str, "Free-text search over name, email, phone and more.").ex("\"john\""),
            F::body("pageLimit", Ty::Int, "Results per page (1-500).").range(1, 500).ex("20"),
            F::body("page", Ty::Int, "Page number, from 1 (page-based paging; at most 10,000 results).").range(1, 10_000),
            F::body("searchAfter", Ty::Any, "Cursor: the searchAfter value of the last contact of the previous page."),
            F::body("filters", Ty::ObjList, "Filters, e.g. [{\"field\": \"tags\", \"operator\": \"contains\", \"value\": \"vip\"}]; groups with {\"group\": \"AND\"|\"OR\", \"filters\": [...]}."),
            F::body("sort", Ty::ObjList, "Sort, e.g. [{\"field\": \"dateAdded\", \"direction\": \"desc\"}]."),
        ],
        output: Output::List("contacts"),
        poll: &Poll::new_items("id")
            .paged(Paging::Cursor {
                limit: "pageLimit",
                size: 100,
                next: &[("searchAfter", Cursor::LastItem(&["searchAfter"]))],
                more: None,
                clear: &["page"],
            })
            .defaults(&[("sort", r#"[{"field":"dateAdded","direction":"desc"}]"#)])
            .newest_first(),
        sample: r##"{"contacts":[{"id":"ocQHyuzHvysMo5N5VsXc","locationId":"ve9EPM428h8vShlRW1KT","firstNameLowerCase":"john","email":"john@deo.com","tags":["vip"],"dateAdded":"2024-01-05T10:00:00.000Z","searchAfter":[1704448800000,"ocQHyuzHvysMo5N5VsXc"]}],"total":1}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.list_by_business",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Contacts by Business",
        help: "Retrieve contacts linked to a business. Output: {contacts, count}. As a trigger it fires once per contact.",
        method: Method::Get,
        path: "/contacts/business/{businessId}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::path("businessId", "The business's id.").ex("\"641c094001436dbc2081e642\""),
            F::location_id(Loc::Query),
            F::query("limit", Ty::Int, "Contacts per page (default 25).").range(1, 100).ex("25"),
            F::query("skip", Ty::Int, "Contacts to skip, for paging (default 0).").range(0, i64::MAX),
            F::query("query", Ty::Str, "Filter by name or other text."),
        ],
        output: Output::List("contacts"),
        poll: &Poll::new_items("id").paged(Paging::offset("skip", "limit", 100)),
        sample: CONTACT_LIST_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.get_duplicate",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Duplicate Contact",
        help: "Check whether a contact with this email or phone number already exists, following the location's duplicate settings. Output: the contact, or null. As a trigger it fires when a duplicate appears or changes (dateUpdated).",
        method: Method::Get,
        path: "/contacts/search/duplicate",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::location_id(Loc::Query),
            F::query("number", Ty::Str, "Phone number to look for, e.g. +1423164516.").ex("\"+1423164516\""),
            F::query("email", Ty::Str, "Email address to look for.").format(Format::Email),
        ],
        require_any: &["number", "email"],
        output: Output::Record("contact"),
        poll: &Poll::changes("id", "dateUpdated"),
        sample: CONTACT_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.list_appointments",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Contact Appointments",
        help: "List all appointments of a contact. Output: {events}. As a trigger it fires once per new appointment, and again when one is updated (dateUpdated).",
        method: Method::Get,
        path: "/contacts/{contactId}/appointments",
        version: V2021_07_28,
        scopes: READ,
        fields: &[CONTACT_ID],
        output: Output::List("events"),
        poll: &Poll::updates("id", "dateUpdated"),
        sample: r##"{"events":[{"id":"YS3jaqqeehkR2Is80miy","calendarId":"YlWd2wuCAZQzh2cH1fVZ","status":"booked","title":"Intro call","appointmentStatus":"booked","assignedUserId":"YlWd2wuCAZQzh2cH1fVZ","notes":"test","startTime":"2021-07-16 11:00:00","endTime":"2021-07-16 11:30:00","locationId":"YlWd2wuCAZQzh2cH1fVZ","contactId":"ocQHyuzHvysMo5N5VsXc","dateAdded":"2021-07-16 11:00:00","dateUpdated":"2021-07-16 11:30:00"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.list_tasks",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Contact Tasks",
        help: "Retrieve all tasks of a contact. Output: {tasks}. As a trigger it fires once per new task, and again when one changes (e.g. completed).",
        method: Method::Get,
        path: "/contacts/{contactId}/tasks",
        version: V2021_07_28,
        scopes: READ,
        fields: &[CONTACT_ID],
        output: Output::List("tasks"),
        poll: &Poll::content_updates("id"),
        sample: r##"{"tasks":[{"id":"lJpzYrWdpkC2hX6t2yue","title":"Call back","body":"Ask about the renewal","assignedTo":"hxHGVRb1YJUscrCB8eXK","dueDate":"2021-07-08T02:30:00.000Z","completed":false,"contactId":"ocQHyuzHvysMo5N5VsXc"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.get_task",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Contact Task by ID",
        help: "Get one task of a contact. Output: the task. As a trigger it fires when the task changes.",
        method: Method::Get,
        path: "/contacts/{contactId}/tasks/{taskId}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[CONTACT_ID, TASK_ID],
        output: Output::Record("task"),
        poll: &Poll::content_changes("id"),
        sample: TASK_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.list_notes",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Contact Notes",
        help: "List all notes of a contact. Output: {notes}. As a trigger it fires once per note.",
        method: Method::Get,
        path: "/contacts/{contactId}/notes",
        version: V2021_07_28,
        scopes: READ,
        fields: &[CONTACT_ID],
        output: Output::List("notes"),
        poll: &Poll::new_items("id"),
        sample: r##"{"notes":[{"id":"HGPcayliwcdoUFzvbTok","body":"lorem ipsum","userId":"TUcmRxWrjqzJS8EjkxNK","dateAdded":"2021-07-08T12:02:11.285Z","contactId":"ocQHyuzHvysMo5N5VsXc","title":"Follow-up summary","color":"#FFAA00","pinned":false}]}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.get_note",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Contact Note by ID",
        help: "Retrieve one note of a contact. Output: the note. As a trigger it fires when the note changes.",
        method: Method::Get,
        path: "/contacts/{contactId}/notes/{id}",
        version: V2021_07_28,
        scopes: READ,
        fields: &[CONTACT_ID, NOTE_ID],
        output: Output::Record("note"),
        poll: &Poll::content_changes("id"),
        sample: NOTE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.list",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Contacts (Deprecated)",
        help: "Legacy contact listing (GHL marks it deprecated; prefer Search Contacts). Output: {contacts, count}. As a trigger it fires once per contact.",
        method: Method::Get,
        path: "/contacts/",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::location_id(Loc::Query),
            F::query("query", Ty::Str, "Filter by name, email or phone.").ex("\"John\""),
            F::query("limit", Ty::Int, "Contacts per page, up to 100 (default 20).").range(1, 100).ex("20"),
            F::query("startAfterId", Ty::Str, "Paging cursor: the id of the last contact of the previous page."),
            F::query("startAfter", Ty::Int, "Paging cursor: the epoch-millisecond sort value of the last contact of the previous page.").range(0, i64::MAX),
        ],
        output: Output::List("contacts"),
        poll: &Poll::new_items("id").paged(Paging::meta_start_after("limit", 100, &[])),
        sample: CONTACT_LIST_SAMPLE,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "contacts.create",
        category: CAT,
        label: "Create Contact",
        help: "Add a new contact. Output: the created contact.",
        method: Method::Post,
        path: "/contacts/",
        version: V2021_07_28,
        scopes: WRITE,
        fields: contact_fields!(
            F::location_id(Loc::Body),
            F::body("gender", Ty::Str, "Gender, e.g. male."),
            F::body("companyName", Ty::Str, "Company the contact works for."),
        ),
        output: Output::Record("contact"),
        sample: CONTACT_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.update",
        category: CAT,
        label: "Update Contact",
        help: "Modify an existing contact; only the fields given change. Output: the updated contact.",
        method: Method::Put,
        path: "/contacts/{contactId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: contact_fields!(CONTACT_ID),
        output: Output::Record("contact"),
        sample: CONTACT_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.find",
        category: CAT,
        label: "Find Contact",
        help: "Find one contact by id, by email or phone (duplicate check), or by free text (first search hit). Output: {found, contact}; contact is null when nothing matches.",
        method: Method::Post,
        path: "/contacts/search",
        version: V2021_07_28,
        scopes: READ,
        fields: &[
            F::body("contactId", Ty::Str, "Look up by contact id (tried first)."),
            F::body("email", Ty::Str, "Look up by email address.").format(Format::Email).ex("\"rosan@deos.com\""),
            F::body("phone", Ty::Str, "Look up by phone number, e.g. +1423164516."),
            F::body("query", Ty::Str, "Free text; the first search hit is returned."),
            F::location_id(Loc::Body),
        ],
        require_any: &["contactId", "email", "phone", "query"],
        fixed_body: Some(r##"{"pageLimit":1}"##),
        routes: &[
            Route {
                when: &["contactId"],
                method: Method::Get,
                path: "/contacts/{contactId}",
                params: &[("contactId", Loc::Path, "contactId")],
                fixed_body: None,
                exclusive: false,
                output: Output::Found { path: "contact", name: "contact" },
            },
            Route {
                when: &["email", "phone"],
                method: Method::Get,
                path: "/contacts/search/duplicate",
                params: &[
                    ("locationId", Loc::Query, "locationId"),
                    ("phone", Loc::Query, "number"),
                    ("email", Loc::Query, "email"),
                ],
                fixed_body: None,
                exclusive: false,
                output: Output::Found { path: "contact", name: "contact" },
            },
        ],
        output: Output::Found { path: "contacts/0", name: "contact" },
        sample: r##"{"found":true,"contact":{"id":"seD4PfOuKoVMLkEZqohJ","locationId":"ve9EPM428h8vShlRW1KT","firstName":"Rosan","lastName":"Deo","email":"rosan@deos.com","phone":"+18888888888","tags":["vip"]}}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.delete",
        category: CAT,
        label: "Delete Contact",
        help: "Remove a contact permanently. Output: {succeded}.",
        method: Method::Delete,
        path: "/contacts/{contactId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[CONTACT_ID],
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.upsert",
        category: CAT,
        label: "Upsert Contact",
        help: "Create a contact, or update the one that matches by email or phone under the location's duplicate settings. Output: {new, contact}.",
        method: Method::Post,
        path: "/contacts/upsert",
        version: V2021_07_28,
        scopes: WRITE,
        fields: contact_fields!(
            F::location_id(Loc::Body),
            F::body("gender", Ty::Str, "Gender, e.g. male."),
            F::body("companyName", Ty::Str, "Company the contact works for."),
            F::body("createNewIfDuplicateAllowed", Ty::Bool, "When the location allows duplicates: true always creates a new contact, false updates the match."),
        ),
        sample: r##"{"new":true,"contact":{"id":"seD4PfOuKoVMLkEZqohJ","locationId":"ve9EPM428h8vShlRW1KT","firstName":"Rosan","lastName":"Deo","email":"rosan@deos.com","dateAdded":"2021-08-31T09:59:41.937Z"}}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.add_tags",
        category: CAT,
        label: "Add Tags to Contact",
        help: "Add tags to a contact, keeping the ones it has. Output: {tags}, the tags added.",
        method: Method::Post,
        path: "/contacts/{contactId}/tags",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            CONTACT_ID,
            F::body("tags", Ty::StrList, "Tags to add.").req().ex("[\"vip\",\"newsletter\"]"),
        ],
        sample: r##"{"tags":["vip","newsletter"]}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.remove_tags",
        category: CAT,
        label: "Remove Tags from Contact",
        help: "Remove specific tags from a contact. Output: {tags}.",
        method: Method::Delete,
        path: "/contacts/{contactId}/tags",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            CONTACT_ID,
            F::body("tags", Ty::StrList, "Tags to remove.").req().ex("[\"newsletter\"]"),
        ],
        sample: r##"{"tags":["vip"]}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.bulk_update_tags",
        category: CAT,
        label: "Bulk Update Contact Tags",
        help: "Add or remove tags on many contacts at once. Output: {succeded, errorCount, responses} with one result per contact.",
        method: Method::Post,
        path: "/contacts/bulk/tags/update/{type}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            F::path("type", "add to add the tags, remove to remove them.").one_of(&["add", "remove"]).ex("\"add\""),
            F::body("contacts", Ty::StrList, "Ids of the contacts to update.").req().ex("[\"qFSqySFkVvNzOSqgGqFi\",\"3ualbhnV7j3n3a9r2moD\"]"),
            F::body("tags", Ty::StrList, "Tags to add or remove.").req().ex("[\"tag-1\",\"tag-2\"]"),
            F::location_id(Loc::Body),
            F::body("removeAllTags", Ty::Bool, "With type remove: remove every tag from the contacts."),
        ],
        sample: r##"{"succeded":true,"errorCount":0,"responses":[{"contactId":"qFSqySFkVvNzOSqgGqFi","message":"Tags updated","type":"success","oldTags":["tag-1"],"tagsAdded":["tag-2"],"tagsRemoved":[]}]}"##,
        ..Op::BASE
    },
    Op {
        key: "contacts.create_task",
        category: CAT,
        label: "Create Contact Task",
        help: "Add a new task for a contact. Output: the task.",
        method: Method::Post,
        path: "/contacts/{contactId}/tasks",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            CONTACT_ID,
            F::body("title", Ty::Str, "Task title.").req().ex("\"Call back\""),
            F::body("body", Ty::Str, "Task description."),
            F::body("dueDate", Ty::Str, TASK_FIELDS_HELP_DUE).format(Format::DateTime).req().ex("\"2020-10-25T11:00:00Z\""),
            F::body("completed", Ty::Bool, "Whether the task is already done.").req().ex("false"),
            F::body("assignedTo", Ty::Str, "Id of the user the task is assigned to.").options(&sources::USERS),
        ],
        output: Output::Record("task"),
        sample: TASK_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.update_task",
        category: CAT,
        label: "Update Contact Task",
        help: "Modify an existing task; only the fields given change. Output: the task.",
        method: Method::Put,
        path: "/contacts/{contactId}/tasks/{taskId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            CONTACT_ID,
            TASK_ID,
            F::body("title", Ty::Str, "Task title.").ex("\"Call back tomorrow\""),
            F::body("body", Ty::Str, "Task description."),
            F::body("dueDate", Ty::Str, TASK_FIELDS_HELP_DUE).format(Format::DateTime),
            F::body("completed", Ty::Bool, "Whether the task is done."),
            F::body("assignedTo", Ty::Str, "Id of the user the task is assigned to.").options(&sources::USERS),
        ],
        output: Output::Record("task"),
        sample: TASK_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.complete_task",
        category: CAT,
        label: "Complete Contact Task",
        help: "Mark a task complete (or reopen it with completed false). Output: the task.",
        method: Method::Put,
        path: "/contacts/{contactId}/tasks/{taskId}/completed",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            CONTACT_ID,
            TASK_ID,
            F::body("completed", Ty::Bool, "true to complete the task, false to reopen it.").req().ex("true"),
        ],
        output: Output::Record("task"),
        sample: TASK_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.delete_task",
        category: CAT,
        label: "Delete Contact Task",
        help: "Remove a task permanently. Output: {succeded}.",
        method: Method::Delete,
        path: "/contacts/{contactId}/tasks/{taskId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[CONTACT_ID, TASK_ID],
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.create_note",
        category: CAT,
        label: "Create Contact Note",
        help: "Add a note to a contact. Output: the note.",
        method: Method::Post,
        path: "/contacts/{contactId}/notes",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            CONTACT_ID,
            F::body("body", Ty::Str, "The note's text.").req().ex("\"Asked for a quote\""),
            NOTE_TITLE,
            F::body("userId", Ty::Str, "Id of the user writing the note.").options(&sources::USERS),
            NOTE_COLOR,
            NOTE_PINNED,
        ],
        output: Output::Record("note"),
        sample: NOTE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.update_note",
        category: CAT,
        label: "Update Contact Note",
        help: "Edit an existing note; only the fields given change. Output: the note.",
        method: Method::Put,
        path: "/contacts/{contactId}/notes/{id}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[
            CONTACT_ID,
            NOTE_ID,
            F::body("body", Ty::Str, "The note's text.").ex("\"Quote sent\""),
            NOTE_TITLE,
            F::body("userId", Ty::Str, "Id of the user editing the note.").options(&sources::USERS),
            NOTE_COLOR,
            NOTE_PINNED,
        ],
        output: Output::Record("note"),
        sample: NOTE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.delete_note",
        category: CAT,
        label: "Delete Contact Note",
        help: "Remove a note from a contact. Output: {succeded}.",
        method: Method::Delete,
        path: "/contacts/{contactId}/notes/{id}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[CONTACT_ID, NOTE_ID],
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.add_to_campaign",
        category: CAT,
        label: "Add Contact to Campaign",
        help: "Enroll a contact in a campaign. Output: {succeded}.",
        method: Method::Post,
        path: "/contacts/{contactId}/campaigns/{campaignId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[CONTACT_ID, CAMPAIGN_ID],
        empty_body: true,
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.remove_from_campaign",
        category: CAT,
        label: "Remove from Campaign",
        help: "Remove a contact from one campaign. Output: {succeded}.",
        method: Method::Delete,
        path: "/contacts/{contactId}/campaigns/{campaignId}",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[CONTACT_ID, CAMPAIGN_ID],
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "contacts.remove_from_all_campaigns",
        category: CAT,
        label: "Remove from All Campaigns",
        help: "Unenroll a contact from every campaign. Output: {succeded}.",
        method: Method::Delete,
        path: "/contacts/{contactId}/campaigns/removeAll",
        version: V2021_07_28,
        scopes: WRITE,
        fields: &[CONTACT_ID],
        sample: SUCCEEDED_SAMPLE,
        ..Op::BASE
    },
];

//! Calendars & Appointments, second part: the 14 operations of the seed
//! catalog on appointment notes, calendar notifications and calendar
//! resources (rooms and equipment), as `calendars.json` of the official GHL
//! API v2 specs defines them.
//!
//! Three of these endpoints answer with a bare JSON array (List Calendar
//! Notifications, List Calendar Resources, Create Calendar Notification);
//! their output is that array as it is.

use super::sources;
use crate::catalog::{Field as F, Kind, Loc, Method, Op, Output, Paging, Poll, Ty, V2021_04_15};

const CAT: &str = "Calendars & Appointments";
const EVENTS_READ: &[&str] = &["calendars/events.readonly"];
const EVENTS_WRITE: &[&str] = &["calendars/events.write"];
const RESOURCES_READ: &[&str] = &["calendars/resources.readonly"];
const RESOURCES_WRITE: &[&str] = &["calendars/resources.write"];

const APPOINTMENT_ID: F = F::path("appointmentId", "The appointment's (calendar event's) id.")
    .ex("\"YS3jaqqeehkR2Is80miy\"");
const NOTE_ID: F = F::path("noteId", "The appointment note's id.").ex("\"HGPcayliwcdoUFzvbTok\"");
const CALENDAR_ID: F = F::path("calendarId", "The calendar's id.")
    .options(&sources::CALENDARS)
    .ex("\"BqTwX8QFwXzpegMve9EQ\"");
const NOTIFICATION_ID: F = F::path("notificationId", "The notification's id (its _id).")
    .ex("\"65f1c0d2a7b3e40012a9c8e1\"");
const RESOURCE_TYPE: F = F::path("resourceType", "Kind of resource: rooms or equipments.")
    .one_of(&["equipments", "rooms"])
    .ex("\"rooms\"");
const RESOURCE_ID: F = F::path("id", "The resource's id.").ex("\"66a1b2c3d4e5f60718293a4b\"");

const NOTE_USER_ID_HELP: &str = "Id of the user writing the note.";
const RECEIVER_TYPES: &[&str] = &[
    "contact",
    "guest",
    "assignedUser",
    "emails",
    "phoneNumbers",
    "business",
];
const CHANNELS: &[&str] = &["email", "inApp", "sms", "whatsapp"];
const NOTIFICATION_TYPES: &[&str] = &[
    "booked",
    "confirmation",
    "cancellation",
    "reminder",
    "followup",
    "reschedule",
];
const SCHEDULE_HELP_BEFORE: &str = "For reminders: when to send, before the appointment, as [{\"timeOffset\": 24, \"unit\": \"hours\"}] (unit as GHL names it, e.g. hours).";
const SCHEDULE_HELP_AFTER: &str = "For follow-ups: when to send, after the appointment, as [{\"timeOffset\": 1, \"unit\": \"hours\"}] (unit as GHL names it, e.g. hours).";

const NOTE_SAMPLE: &str = r##"{"id":"HGPcayliwcdoUFzvbTok","body":"Client prefers a morning slot next time","userId":"GCs5KuzPqTls7vWclkEV","dateAdded":"2024-05-02T09:15:11.285Z","contactId":"ocQHyuzHvysMo5N5VsXc","createdBy":{"id":"GCs5KuzPqTls7vWclkEV","name":"John Doe"}}"##;
const NOTIFICATION_SAMPLE: &str = r##"{"_id":"65f1c0d2a7b3e40012a9c8e1","receiverType":"contact","channel":"email","notificationType":"reminder","isActive":true,"templateId":"0as9d8as0d","subject":"Your appointment is tomorrow","body":"See you tomorrow at {{appointment.start_time}}.","beforeTime":[{"timeOffset":24,"unit":"hours"}],"afterTime":[],"additionalEmailIds":["frontdesk@example.com"],"additionalPhoneNumbers":[],"selectedUsers":[],"deleted":false}"##;
const RESOURCE_SAMPLE: &str = r##"{"locationId":"ve9EPM428h8vShlRW1KT","name":"yoga room","resourceType":"rooms","isActive":true,"description":"Large studio with mats and mirrors","quantity":1,"outOfService":0,"capacity":85,"calendarIds":["Jsj0xnlDDjw0SuvX1J13","oCM5feFC86FAAbcO7lJK"]}"##;
const NOTIFICATION_MESSAGE_SAMPLE: &str = r##"{"message":"Notification updated successfully"}"##;
const SUCCESS_SAMPLE: &str = r##"{"success":true}"##;

/// The notification settings Update Notification can change (all optional).
const NOTIFICATION_UPDATE_FIELDS: &[F] = &[
    CALENDAR_ID,
    NOTIFICATION_ID,
    F::body("receiverType", Ty::Str, "Who receives it: contact, guest, assignedUser, emails (the additional email addresses), phoneNumbers (the additional numbers) or business.")
        .one_of(RECEIVER_TYPES),
    F::body("channel", Ty::Str, "How it is sent: email, inApp, sms or whatsapp.").one_of(CHANNELS),
    F::body("notificationType", Ty::Str, "When it is sent: booked, confirmation, cancellation, reminder, followup or reschedule.")
        .one_of(NOTIFICATION_TYPES),
    F::body("isActive", Ty::Bool, "Whether the notification is sent.").ex("false"),
    F::body("deleted", Ty::Bool, "true marks the notification deleted (soft delete)."),
    F::body("templateId", Ty::Str, "Id of the email template to send."),
    F::body("subject", Ty::Str, "Email subject; not used for in-app notifications."),
    F::body("body", Ty::Str, "Message text (HTML for email); not used for in-app notifications."),
    F::body("beforeTime", Ty::ObjList, SCHEDULE_HELP_BEFORE),
    F::body("afterTime", Ty::ObjList, SCHEDULE_HELP_AFTER),
    F::body("additionalEmailIds", Ty::StrList, "Extra email addresses that receive it (receiverType emails)."),
    F::body("additionalPhoneNumbers", Ty::StrList, "Extra phone numbers that receive it, E.164 (receiverType phoneNumbers)."),
    F::body("selectedUsers", Ty::StrList, "For in-app and business email notifications: user ids, or the keyword sub_account_admin."),
    F::body("fromAddress", Ty::Str, "Sender email address (email)."),
    F::body("fromName", Ty::Str, "Sender name (email and SMS)."),
    F::body("fromNumber", Ty::Str, "Sender phone number (SMS)."),
];

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "calendars.list_appointment_notes",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Appointment Notes",
        help: "List the notes of an appointment, a page at a time (limit up to 20, offset to page on). Output: {notes, hasMore}. As a trigger it fires once per note, and again when a note changes.",
        method: Method::Get,
        path: "/calendars/appointments/{appointmentId}/notes",
        version: V2021_04_15,
        scopes: EVENTS_READ,
        fields: &[
            APPOINTMENT_ID,
            F::query("limit", Ty::Int, "Notes per page, 1 to 20 (default 20).").default("20").range(1, 20).ex("20"),
            F::query("offset", Ty::Int, "Notes to skip, for paging (default 0, the first page).").default("0").range(0, i64::MAX).ex("0"),
        ],
        output: Output::List("notes"),
        poll: &Poll::content_updates("id").paged(Paging::Offset {
            offset: "offset",
            limit: "limit",
            size: 20,
            more: Some("hasMore"),
        }),
        sample: r##"{"notes":[{"id":"HGPcayliwcdoUFzvbTok","body":"Client prefers a morning slot next time","userId":"GCs5KuzPqTls7vWclkEV","dateAdded":"2024-05-02T09:15:11.285Z","contactId":"ocQHyuzHvysMo5N5VsXc","createdBy":{"id":"GCs5KuzPqTls7vWclkEV","name":"John Doe"}}],"hasMore":false}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.list_notifications",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Calendar Notifications",
        help: "List the notification settings (confirmations, reminders, follow-ups...) of a calendar. Output: {notifications: [...]}, GHL's array wrapped. As a trigger it fires once per new notification, and again when one changes.",
        method: Method::Get,
        path: "/calendars/{calendarId}/notifications",
        version: V2021_04_15,
        scopes: EVENTS_READ,
        fields: &[
            CALENDAR_ID,
            F::query("isActive", Ty::Bool, "true for active notifications only, false for inactive ones only.").ex("true"),
            F::query("deleted", Ty::Bool, "true for (soft) deleted notifications only."),
            F::query("limit", Ty::Int, "Notifications per page (default 100).").range(1, i64::MAX),
            F::query("skip", Ty::Int, "Notifications to skip, for paging (default 0).").range(0, i64::MAX),
        ],
        output: Output::Array("notifications"),
        poll: &Poll::content_updates("_id").paged(Paging::offset("skip", "limit", 100)),
        sample: r##"{"notifications":[{"_id":"65f1c0d2a7b3e40012a9c8e1","receiverType":"contact","channel":"email","notificationType":"reminder","isActive":true,"templateId":"0as9d8as0d","subject":"Your appointment is tomorrow","body":"See you tomorrow at {{appointment.start_time}}.","beforeTime":[{"timeOffset":24,"unit":"hours"}],"deleted":false},{"_id":"65f1c0d2a7b3e40012a9c8e2","receiverType":"assignedUser","channel":"inApp","notificationType":"booked","isActive":true,"deleted":false}]}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.get_notification",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Calendar Notification",
        help: "Retrieve one notification setting of a calendar. Output: the notification. As a trigger it fires when the notification changes.",
        method: Method::Get,
        path: "/calendars/{calendarId}/notifications/{notificationId}",
        version: V2021_04_15,
        scopes: EVENTS_READ,
        fields: &[CALENDAR_ID, NOTIFICATION_ID],
        output: Output::Whole,
        poll: &Poll::content_changes("_id"),
        sample: NOTIFICATION_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.list_resources",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Calendar Resources",
        help: "List the location's rooms or equipment, a page at a time. Output: {resources: [...]}, GHL's array wrapped. As a trigger it fires once per new resource, and again when one changes.",
        method: Method::Get,
        path: "/calendars/resources/{resourceType}",
        version: V2021_04_15,
        scopes: RESOURCES_READ,
        fields: &[
            RESOURCE_TYPE,
            F::location_id(Loc::Query),
            F::query("limit", Ty::Int, "Resources per page (default 100).").default("100").range(1, i64::MAX).ex("100"),
            F::query("skip", Ty::Int, "Resources to skip, for paging (default 0, the first page).").default("0").range(0, i64::MAX).ex("0"),
        ],
        output: Output::Array("resources"),
        poll: &Poll::content_updates("_id").paged(Paging::offset("skip", "limit", 100)),
        sample: r##"{"resources":[{"locationId":"ve9EPM428h8vShlRW1KT","name":"yoga room","resourceType":"rooms","isActive":true,"description":"Large studio with mats and mirrors","quantity":1,"outOfService":0,"capacity":85,"calendarIds":["Jsj0xnlDDjw0SuvX1J13","oCM5feFC86FAAbcO7lJK"]}]}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.get_resource",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Calendar Resource",
        help: "Retrieve one room or piece of equipment. Output: the resource. As a trigger it fires when the resource changes.",
        method: Method::Get,
        path: "/calendars/resources/{resourceType}/{id}",
        version: V2021_04_15,
        scopes: RESOURCES_READ,
        fields: &[RESOURCE_TYPE, RESOURCE_ID],
        output: Output::Whole,
        poll: &Poll::content_changes("_id"),
        sample: RESOURCE_SAMPLE,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "calendars.create_appointment_note",
        category: CAT,
        label: "Create Appointment Note",
        help: "Add a note to an appointment. Output: the note.",
        method: Method::Post,
        path: "/calendars/appointments/{appointmentId}/notes",
        version: V2021_04_15,
        scopes: EVENTS_WRITE,
        fields: &[
            APPOINTMENT_ID,
            F::body("body", Ty::Str, "The note's text, at most 5,000 characters.").req().ex("\"Client prefers a morning slot next time\""),
            F::body("userId", Ty::Str, NOTE_USER_ID_HELP).options(&sources::USERS).ex("\"GCs5KuzPqTls7vWclkEV\""),
        ],
        output: Output::Record("note"),
        sample: NOTE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.update_appointment_note",
        category: CAT,
        label: "Update Appointment Note",
        help: "Replace the text of an appointment note. Output: the note.",
        method: Method::Put,
        path: "/calendars/appointments/{appointmentId}/notes/{noteId}",
        version: V2021_04_15,
        scopes: EVENTS_WRITE,
        fields: &[
            APPOINTMENT_ID,
            NOTE_ID,
            F::body("body", Ty::Str, "The note's new text, at most 5,000 characters.").req().ex("\"Moved to a morning slot\""),
            F::body("userId", Ty::Str, "Id of the user editing the note.").options(&sources::USERS),
        ],
        output: Output::Record("note"),
        sample: NOTE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.delete_appointment_note",
        category: CAT,
        label: "Delete Appointment Note",
        help: "Remove a note from an appointment. Output: {success}.",
        method: Method::Delete,
        path: "/calendars/appointments/{appointmentId}/notes/{noteId}",
        version: V2021_04_15,
        scopes: EVENTS_WRITE,
        fields: &[APPOINTMENT_ID, NOTE_ID],
        sample: SUCCESS_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.create_notification",
        category: CAT,
        label: "Create Calendar Notification",
        help: "Add one or more notification settings (confirmations, reminders, follow-ups...) to a calendar. Output: {notifications: [...]}, the created notifications (GHL's array wrapped).",
        method: Method::Post,
        path: "/calendars/{calendarId}/notifications",
        version: V2021_04_15,
        scopes: EVENTS_WRITE,
        fields: &[
            CALENDAR_ID,
            F::whole_body(
                "notifications",
                Ty::ObjList,
                "The notifications to create, sent as the request body. Each one: receiverType (contact, guest, assignedUser, emails, phoneNumbers or business), channel (email, inApp, sms or whatsapp) and notificationType (booked, confirmation, cancellation, reminder, followup or reschedule) are required; optional isActive (default true), templateId, subject, body, beforeTime / afterTime ([{\"timeOffset\": 24, \"unit\": \"hours\"}], for reminders / follow-ups), additionalEmailIds, additionalPhoneNumbers, selectedUsers (user ids or sub_account_admin), fromAddress, fromName, fromNumber.",
            )
            .req()
            .ex(r##"[{"receiverType":"contact","channel":"email","notificationType":"reminder","isActive":true,"subject":"Your appointment is tomorrow","body":"See you tomorrow at {{appointment.start_time}}.","beforeTime":[{"timeOffset":24,"unit":"hours"}]}]"##),
        ],
        output: Output::Array("notifications"),
        sample: r##"{"notifications":[{"_id":"65f1c0d2a7b3e40012a9c8e1","receiverType":"contact","channel":"email","notificationType":"reminder","isActive":true,"subject":"Your appointment is tomorrow","body":"See you tomorrow at {{appointment.start_time}}.","beforeTime":[{"timeOffset":24,"unit":"hours"}],"deleted":false}]}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.update_notification",
        category: CAT,
        label: "Update Notification",
        help: "Change a notification setting of a calendar; only the fields given change. Output: {message}.",
        method: Method::Put,
        path: "/calendars/{calendarId}/notifications/{notificationId}",
        version: V2021_04_15,
        scopes: EVENTS_WRITE,
        fields: NOTIFICATION_UPDATE_FIELDS,
        sample: NOTIFICATION_MESSAGE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.delete_notification",
        category: CAT,
        label: "Delete Notification",
        help: "Remove a notification setting from a calendar. Output: {message}.",
        method: Method::Delete,
        path: "/calendars/{calendarId}/notifications/{notificationId}",
        version: V2021_04_15,
        scopes: EVENTS_WRITE,
        fields: &[CALENDAR_ID, NOTIFICATION_ID],
        sample: r##"{"message":"Notification deleted successfully"}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.create_resource",
        category: CAT,
        label: "Create Calendar Resource",
        help: "Add a room or a piece of equipment and map it to service calendars. Output: the resource.",
        method: Method::Post,
        path: "/calendars/resources/{resourceType}",
        version: V2021_04_15,
        scopes: RESOURCES_WRITE,
        fields: &[
            RESOURCE_TYPE,
            F::location_id(Loc::Body),
            F::body("name", Ty::Str, "Name of the room or equipment.").req().ex("\"yoga room\""),
            F::body("description", Ty::Str, "Description.").req().ex("\"Large studio with mats and mirrors\""),
            F::body("quantity", Ty::Int, "How many units exist (equipment; 1 for a room).").req().range(0, i64::MAX).ex("1"),
            F::body("outOfService", Ty::Int, "How many units are out of service (equipment; 0 for a room).").req().range(0, i64::MAX).ex("0"),
            F::body("capacity", Ty::Int, "How many people the room holds (0 for equipment).").req().range(0, i64::MAX).ex("85"),
            F::body("calendarIds", Ty::StrList, "Ids of the service calendars that use it, at most 100. Equipment can be mapped to one service calendar only, a room to several.")
                .req()
                .ex("[\"Jsj0xnlDDjw0SuvX1J13\",\"oCM5feFC86FAAbcO7lJK\"]"),
        ],
        sample: RESOURCE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.update_resource",
        category: CAT,
        label: "Update Calendar Resource",
        help: "Change a room or a piece of equipment; only the fields given change. Output: the resource.",
        method: Method::Put,
        path: "/calendars/resources/{resourceType}/{id}",
        version: V2021_04_15,
        scopes: RESOURCES_WRITE,
        fields: &[
            RESOURCE_TYPE,
            RESOURCE_ID,
            F::location_id(Loc::Body),
            F::body("name", Ty::Str, "Name of the room or equipment.").ex("\"yoga room\""),
            F::body("description", Ty::Str, "Description."),
            F::body("quantity", Ty::Int, "How many units exist (equipment).").range(0, i64::MAX),
            F::body("outOfService", Ty::Int, "How many units are out of service (equipment).").range(0, i64::MAX),
            F::body("capacity", Ty::Int, "How many people the room holds (rooms).").range(0, i64::MAX).ex("60"),
            F::body("calendarIds", Ty::StrList, "Ids of the service calendars that use it, at most 100; replaces the current mapping. Equipment can be mapped to one service calendar only, a room to several."),
            F::body("isActive", Ty::Bool, "Whether the resource can be booked."),
        ],
        sample: r##"{"locationId":"ve9EPM428h8vShlRW1KT","name":"yoga room","resourceType":"rooms","isActive":true,"description":"Large studio with mats and mirrors","quantity":1,"outOfService":0,"capacity":60}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.delete_resource",
        category: CAT,
        label: "Delete Calendar Resource",
        help: "Remove a room or a piece of equipment. Output: {success}.",
        method: Method::Delete,
        path: "/calendars/resources/{resourceType}/{id}",
        version: V2021_04_15,
        scopes: RESOURCES_WRITE,
        fields: &[RESOURCE_TYPE, RESOURCE_ID],
        sample: SUCCESS_SAMPLE,
        ..Op::BASE
    },
];

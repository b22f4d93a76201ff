//! Calendars & Appointments: the first 20 operations of the seed catalog's
//! Calendars & Appointments category (groups, calendars, free slots, events,
//! appointments and blocked slots), as `calendars.json` of the official GHL
//! API v2 specs defines them. Notes, notifications and resources are in
//! `calendar_extras.rs`.

use super::sources;
use crate::catalog::{
    Field as F, Format, Kind, Loc, Method, Op, Output, Poll, TimeRange, Ty, V2021_04_15,
};

const CAT: &str = "Calendars & Appointments";
const CAL_READ: &[&str] = &["calendars.readonly"];
const CAL_WRITE: &[&str] = &["calendars.write"];
const GROUP_READ: &[&str] = &["calendars/groups.readonly"];
const GROUP_WRITE: &[&str] = &["calendars/groups.write"];
const EVENT_READ: &[&str] = &["calendars/events.readonly"];
const EVENT_WRITE: &[&str] = &["calendars/events.write"];

const CALENDAR_ID: F = F::path("calendarId", "The calendar's id.")
    .options(&sources::CALENDARS)
    .ex("\"BqTwX8QFwXzpegMve9EQ\"");
const GROUP_ID: F = F::path("groupId", "The calendar group's id.")
    .options(&sources::CALENDAR_GROUPS)
    .ex("\"ocQHyuzHvysMo5N5VsXc\"");
const EVENT_ID: F = F::path(
    "eventId",
    "The event's id, or a recurring instance's id (masterId_startMs_duration, e.g. ocQHyuzHvysMo5N5VsXc_1729821600000_1800). Give the master event id to change the whole series.",
)
.ex("\"ocQHyuzHvysMo5N5VsXc\"");

/// The time window and owner filters shared by List Calendar Events and
/// List Blocked Slots.
const WINDOW_FIELDS: &[F] = &[
    F::location_id(Loc::Query),
    F::query("userId", Ty::Str, "Only events owned by this user. Give userId, calendarId or groupId (at least one).")
        .options(&sources::USERS)
        .ex("\"CVokAlI8fgw4WYWoCtQz\""),
    F::query("calendarId", Ty::Str, "Only events of this calendar. Give userId, calendarId or groupId (at least one).")
        .options(&sources::CALENDARS)
        .ex("\"BqTwX8QFwXzpegMve9EQ\""),
    F::query("groupId", Ty::Str, "Only events of the calendars in this group. Give userId, calendarId or groupId (at least one).")
        .options(&sources::CALENDAR_GROUPS),
    F::query("startTime", Ty::EpochMs, "Start of the window: epoch milliseconds or an RFC 3339 date-time (sent as milliseconds).")
        .req()
        .ex("1680373800000"),
    F::query("endTime", Ty::EpochMs, "End of the window, after startTime: epoch milliseconds or an RFC 3339 date-time (sent as milliseconds).")
        .req()
        .ex("1680978599999"),
];
const WINDOW_OWNERS: &[&str] = &["calendarId", "userId", "groupId"];
const WINDOW: Option<&TimeRange> = Some(&TimeRange {
    start: "startTime",
    end: "endTime",
    max_days: None,
});

const APPOINTMENT_STATUSES: &[&str] = &[
    "new",
    "confirmed",
    "cancelled",
    "showed",
    "noshow",
    "invalid",
];
const MEETING_LOCATION_TYPES: &[&str] = &[
    "custom", "zoom", "gmeet", "phone", "address", "ms_teams", "google",
];
const TIME_UNITS: &[&str] = &["mins", "hours"];

/// The appointment properties shared by create and update, plus extras.
macro_rules! appointment_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            F::body("endTime", Ty::Str, "End, RFC 3339 with offset, e.g. 2021-06-23T04:30:00+05:30.")
                .format(Format::DateTime)
                .ex("\"2021-06-23T04:30:00+05:30\""),
            F::body("title", Ty::Str, "Appointment title.").ex("\"Test Event\""),
            F::body("appointmentStatus", Ty::Str, "Status: new, confirmed, cancelled, showed, noshow or invalid.")
                .one_of(APPOINTMENT_STATUSES)
                .ex("\"confirmed\""),
            F::body("assignedUserId", Ty::Str, "Id of the user who owns the appointment (the primary owner).")
                .options(&sources::USERS)
                .ex("\"0007BWpSzSwfiuSl0tR2\""),
            F::body("description", Ty::Str, "Appointment description.").ex("\"Booking a call to discuss the project\""),
            F::body("address", Ty::Str, "Where the meeting takes place (an address, phone number or meeting link); giving it makes meetingLocationType default to custom.")
                .ex("\"https://meet.google.com/yqp-gogr-wve\""),
            F::body("meetingLocationType", Ty::Str, "Kind of meeting location: custom, zoom, gmeet, phone, address, ms_teams or google.")
                .one_of(MEETING_LOCATION_TYPES),
            F::body("meetingLocationId", Ty::Str, "Id of one of the calendar's meeting locations (from the calendar's locationConfigurations or teamMembers[].locationConfigurations), e.g. custom_0; default \"default\"."),
            F::body("overrideLocationConfig", Ty::Bool, "true when only meetingLocationType is given (override the calendar's location setting), false when only meetingLocationId is given."),
            F::body("ignoreDateRange", Ty::Bool, "true to skip the minimum scheduling notice and the bookable date range."),
            F::body("ignoreFreeSlotValidation", Ty::Bool, "true to book even when the slot is not free (also skips the date range checks)."),
            F::body("toNotify", Ty::Bool, "false to skip the automations that would otherwise run for this change."),
            F::body("rrule", Ty::Str, "Recurrence as an iCalendar (RFC 5545) RRULE without DTSTART, e.g. RRULE:FREQ=DAILY;INTERVAL=1;COUNT=5; instances start at startTime. Applied only with ignoreFreeSlotValidation true."),
        ]
    };
}

/// The calendar settings shared by create and update, plus extras.
macro_rules! calendar_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            F::body("description", Ty::Str, "Description shown on the booking page.").ex("\"A 30-minute introduction call\""),
            F::body("groupId", Ty::Str, "Id of the calendar group the calendar belongs to.")
                .options(&sources::CALENDAR_GROUPS)
                .ex("\"BqTwX8QFwXzpegMve9EQ\""),
            F::body("isActive", Ty::Bool, "true for an active calendar, false to keep it as a draft (new calendars default to active)."),
            F::body("slug", Ty::Str, "URL slug of the booking page.").ex("\"intro-call\""),
            F::body("widgetSlug", Ty::Str, "URL slug of the booking widget.").ex("\"intro-call\""),
            F::body("widgetType", Ty::Str, "Booking widget layout: default (the \"neo\" layout) or classic (the default).")
                .one_of(&["default", "classic"])
                .ex("\"classic\""),
            F::body("teamMembers", Ty::ObjList, "Team members: [{\"userId\": \"...\", \"priority\": 0|0.5|1, \"isPrimary\": true, \"locationConfigurations\": [...]}]. Required for round robin, collective, class and service calendars; a personal calendar has exactly one; collective calendars need exactly one primary member.")
                .ex(r#"[{"userId":"ocQHyuzHvysMo5N5VsXc","priority":0.5,"isPrimary":true}]"#),
            F::body("eventType", Ty::Str, "Round robin distribution: optimize for availability or for equal distribution.")
                .one_of(&["RoundRobin_OptimizeForAvailability", "RoundRobin_OptimizeForEqualDistribution"]),
            F::body("eventTitle", Ty::Str, "Title given to booked events; merge fields allowed (default {{contact.name}}).")
                .ex("\"{{contact.name}} - Intro call\""),
            F::body("eventColor", Ty::Str, "Event color as a hex code (default #039be5).").ex("\"#039be5\""),
            F::body("locationConfigurations", Ty::ObjList, "Meeting locations: [{\"kind\": \"custom\"|\"zoom_conference\"|\"google_conference\"|\"inbound_call\"|\"outbound_call\"|\"physical\"|\"booker\"|\"ms_teams_conference\", \"location\": address, phone or URL}]. Conference kinds are not available on event calendars and take no location.")
                .ex(r#"[{"kind":"custom","location":"https://meet.google.com/yqp-gogr-wve"}]"#),
            F::body("slotDuration", Ty::Num, "Meeting length, in slotDurationUnit (default 30).").ex("30"),
            F::body("slotDurationUnit", Ty::Str, "Unit of slotDuration: mins or hours.").one_of(TIME_UNITS).ex("\"mins\""),
            F::body("slotInterval", Ty::Num, "Time between the start of one bookable slot and the next, in slotIntervalUnit (default 30).").ex("30"),
            F::body("slotIntervalUnit", Ty::Str, "Unit of slotInterval: mins or hours.").one_of(TIME_UNITS).ex("\"mins\""),
            F::body("slotBuffer", Ty::Num, "Buffer kept free after each appointment, to wrap up."),
            F::body("preBuffer", Ty::Num, "Buffer kept free before each appointment, to get ready."),
            F::body("preBufferUnit", Ty::Str, "Unit of preBuffer: mins or hours.").one_of(TIME_UNITS),
            F::body("appoinmentPerSlot", Ty::Int, "Most bookings per slot and user (seats per slot on class booking calendars); default 1. GHL spells the name this way.").range(1, i64::MAX),
            F::body("appoinmentPerDay", Ty::Int, "Most appointments that can be booked per day. GHL spells the name this way.").range(0, i64::MAX),
            F::body("allowBookingAfter", Ty::Num, "Minimum scheduling notice, in allowBookingAfterUnit."),
            F::body("allowBookingAfterUnit", Ty::Str, "Unit of allowBookingAfter: hours, days, weeks or months.")
                .one_of(&["hours", "days", "weeks", "months"]),
            F::body("allowBookingFor", Ty::Num, "How far ahead bookings are allowed, in allowBookingForUnit."),
            F::body("allowBookingForUnit", Ty::Str, "Unit of allowBookingFor: days, weeks or months.")
                .one_of(&["days", "weeks", "months"]),
            F::body("openHours", Ty::ObjList, "Standard weekly availability: [{\"daysOfTheWeek\": [0-6, ...], \"hours\": [{\"openHour\": 0-23, \"openMinute\": 0-59, \"closeHour\": 0-23, \"closeMinute\": 0-59}]}]. Use availabilities for specific dates.")
                .ex(r#"[{"daysOfTheWeek":[1,2,3,4,5],"hours":[{"openHour":9,"openMinute":0,"closeHour":17,"closeMinute":0}]}]"#),
            F::body("availabilityType", Ty::Int, "Which availability counts: 0 = open hours only, 1 = custom availabilities only; leave out to use both.").range(0, 1),
            F::body("enableRecurring", Ty::Bool, "Allow recurring appointments (the calendar must have a single team member)."),
            F::body("recurring", Ty::Obj, "Recurrence settings: {\"freq\": \"DAILY\"|\"WEEKLY\"|\"MONTHLY\", \"count\": up to 24, \"bookingOption\": \"skip\"|\"continue\"|\"book_next\" (when a recurring slot is taken), \"bookingOverlapDefaultStatus\": \"confirmed\"|\"new\"}."),
            F::body("formId", Ty::Str, "Id of the form shown on the booking page."),
            F::body("stickyContact", Ty::Bool, "Pre-fill the booking form for returning contacts."),
            F::body("isLivePaymentMode", Ty::Bool, "Take real payments (true) or test payments (false)."),
            F::body("autoConfirm", Ty::Bool, "Confirm new bookings automatically (new calendars default to true)."),
            F::body("shouldSendAlertEmailsToAssignedMember", Ty::Bool, "Email booking alerts to the assigned team member."),
            F::body("alertEmail", Ty::Str, "Address that receives booking alert emails."),
            F::body("googleInvitationEmails", Ty::Bool, "Let Google Calendar send its invitation emails (default false)."),
            F::body("allowReschedule", Ty::Bool, "Let contacts reschedule (new calendars default to true)."),
            F::body("allowCancellation", Ty::Bool, "Let contacts cancel (new calendars default to true)."),
            F::body("shouldAssignContactToTeamMember", Ty::Bool, "Make the booked team member the contact's owner."),
            F::body("shouldSkipAssigningContactForExisting", Ty::Bool, "With shouldAssignContactToTeamMember: keep the owner of contacts that already have one."),
            F::body("notes", Ty::Str, "Notes added to booked appointments."),
            F::body("pixelId", Ty::Str, "Facebook pixel id for the booking page."),
            F::body("formSubmitType", Ty::Str, "After booking: RedirectURL (go to formSubmitRedirectURL) or ThankYouMessage (show formSubmitThanksMessage, the default).")
                .one_of(&["RedirectURL", "ThankYouMessage"]),
            F::body("formSubmitRedirectURL", Ty::Str, "URL to open after booking, with formSubmitType RedirectURL.").format(Format::Uri),
            F::body("formSubmitThanksMessage", Ty::Str, "Message shown after booking, with formSubmitType ThankYouMessage."),
            F::body("guestType", Ty::Str, "Extra guests: count_only (just a number) or collect_detail (their details).")
                .one_of(&["count_only", "collect_detail"]),
            F::body("consentLabel", Ty::Str, "Text of the consent checkbox on the booking form."),
            F::body("calendarCoverImage", Ty::Str, "URL of the booking page's cover image.").format(Format::Uri),
            F::body("lookBusyConfig", Ty::Obj, "Look busy: {\"enabled\": true, \"LookBusyPercentage\": percent of free slots to hide}."),
            F::body("notifications", Ty::ObjList, "Deprecated by GHL (use the calendar notification operations). Email notifications: [{\"type\": \"email\", \"shouldSendToContact\": bool, \"shouldSendToGuest\": bool, \"shouldSendToUser\": bool, \"shouldSendToSelectedUsers\": bool, \"selectedUsers\": \"a@x.com,b@x.com\"}]."),
        ]
    };
}

/// The fields of a blocked slot, shared by create and update, plus extras.
macro_rules! block_slot_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            F::body("calendarId", Ty::Str, "The calendar the time is blocked on (GHL requires it).")
                .options(&sources::CALENDARS)
                .req()
                .ex("\"CVokAlI8fgw4WYWoCtQz\""),
            F::location_id(Loc::Body),
            F::body("title", Ty::Str, "Title of the blocked time.").ex("\"Lunch break\""),
            F::body("startTime", Ty::Str, "Start, RFC 3339 with offset, e.g. 2021-06-23T12:00:00+05:30.")
                .format(Format::DateTime)
                .ex("\"2021-06-23T12:00:00+05:30\""),
            F::body("endTime", Ty::Str, "End, RFC 3339 with offset, e.g. 2021-06-23T13:00:00+05:30.")
                .format(Format::DateTime)
                .ex("\"2021-06-23T13:00:00+05:30\""),
            F::body("assignedUserId", Ty::Str, "User whose time is blocked. GHL describes calendarId and assignedUserId as alternatives (set one, not both).")
                .options(&sources::USERS),
        ]
    };
}

const GROUP_SAMPLE: &str = r##"{"id":"ocQHyuzHvysMo5N5VsXc","locationId":"ve9EPM428h8vShlRW1KT","name":"Sales team","description":"Calendars of the sales team","slug":"sales-team","isActive":true}"##;
const CALENDAR_SAMPLE: &str = r##"{"id":"BqTwX8QFwXzpegMve9EQ","locationId":"ve9EPM428h8vShlRW1KT","groupId":"ocQHyuzHvysMo5N5VsXc","name":"Intro Call","description":"A 30-minute introduction call","slug":"intro-call","widgetSlug":"intro-call","calendarType":"round_robin","widgetType":"classic","eventType":"RoundRobin_OptimizeForAvailability","eventTitle":"{{contact.name}}","eventColor":"#039be5","teamMembers":[{"userId":"ocQHyuzHvysMo5N5VsXc","priority":0.5,"isPrimary":true,"locationConfigurations":[{"kind":"custom","location":"https://meet.google.com/yqp-gogr-wve"}]}],"slotDuration":30,"slotDurationUnit":"mins","slotInterval":30,"slotIntervalUnit":"mins","appoinmentPerSlot":1,"openHours":[{"daysOfTheWeek":[1,2,3,4,5],"hours":[{"openHour":9,"openMinute":0,"closeHour":17,"closeMinute":0}]}],"autoConfirm":true,"allowReschedule":true,"allowCancellation":true,"isActive":true}"##;
const EVENT_SAMPLE: &str = r##"{"id":"ocQHyuzHvysMo5N5VsXc","title":"Appointment with GHL Dev team","calendarId":"BqTwX8QFwXzpegMve9EQ","locationId":"ve9EPM428h8vShlRW1KT","contactId":"9NkT25Vor1v4aQatFsv2","groupId":"ocQHyuzHvysMo5N5VsXc","appointmentStatus":"confirmed","assignedUserId":"YlWd2wuCAZQzh2cH1fVZ","users":["YlWd2wuCAZQzh2cH1fVZ"],"address":"https://meet.google.com/yqp-gogr-wve","notes":"Some dummy note","isRecurring":false,"startTime":"2023-09-25T16:00:00+05:30","endTime":"2023-09-25T16:30:00+05:30","dateAdded":"2023-09-20T10:12:00+05:30","dateUpdated":"2023-09-21T09:00:00+05:30","createdBy":{"userId":"YlWd2wuCAZQzh2cH1fVZ","source":"booking_widget"}}"##;
const APPOINTMENT_SAMPLE: &str = r##"{"id":"0TkCdp9PfvLeWKYRRvIz","calendarId":"CVokAlI8fgw4WYWoCtQz","locationId":"ve9EPM428h8vShlRW1KT","contactId":"0007BWpSzSwfiuSl0tR2","startTime":"2021-06-23T03:30:00+05:30","endTime":"2021-06-23T04:30:00+05:30","title":"Test Event","meetingLocationType":"custom","appointmentStatus":"confirmed","assignedUserId":"0007BWpSzSwfiuSl0tR2","address":"https://meet.google.com/yqp-gogr-wve","isRecurring":false}"##;
const BLOCK_SLOT_SAMPLE: &str = r##"{"id":"0TkCdp9PfvLeWKYRRvIz","locationId":"ve9EPM428h8vShlRW1KT","title":"Lunch break","startTime":"2021-06-23T12:00:00+05:30","endTime":"2021-06-23T13:00:00+05:30","calendarId":"CVokAlI8fgw4WYWoCtQz"}"##;
const SUCCESS_SAMPLE: &str = r##"{"success":true}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "calendars.list_groups",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Calendar Groups",
        help: "Get all calendar groups of the location. Output: {groups}. As a trigger it fires once per group, and again when a group changes.",
        method: Method::Get,
        path: "/calendars/groups",
        version: V2021_04_15,
        scopes: GROUP_READ,
        fields: &[F::location_id(Loc::Query)],
        output: Output::List("groups"),
        poll: &Poll::content_updates("id"),
        sample: r##"{"groups":[{"id":"ocQHyuzHvysMo5N5VsXc","locationId":"ve9EPM428h8vShlRW1KT","name":"Sales team","description":"Calendars of the sales team","slug":"sales-team","isActive":true}]}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.list",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Calendars",
        help: "Retrieve all calendars of the location, or of one group. Output: {calendars}. As a trigger it fires once per calendar, and again when a calendar's settings change.",
        method: Method::Get,
        path: "/calendars/",
        version: V2021_04_15,
        scopes: CAL_READ,
        fields: &[
            F::location_id(Loc::Query),
            F::query("groupId", Ty::Str, "Only the calendars of this calendar group.")
                .options(&sources::CALENDAR_GROUPS)
                .ex("\"ocQHyuzHvysMo5N5VsXc\""),
            F::query("showDrafted", Ty::Bool, "Include draft (inactive) calendars (GHL's default: true).").ex("true"),
        ],
        output: Output::List("calendars"),
        poll: &Poll::content_updates("id"),
        sample: r##"{"calendars":[{"id":"BqTwX8QFwXzpegMve9EQ","locationId":"ve9EPM428h8vShlRW1KT","groupId":"ocQHyuzHvysMo5N5VsXc","name":"Intro Call","description":"A 30-minute introduction call","slug":"intro-call","calendarType":"round_robin","widgetType":"classic","teamMembers":[{"userId":"ocQHyuzHvysMo5N5VsXc","priority":0.5,"isPrimary":true}],"slotDuration":30,"slotDurationUnit":"mins","isActive":true}]}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.get",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Calendar by ID",
        help: "Get one calendar's details and settings. Output: the calendar. As a trigger it fires when the calendar's settings change.",
        method: Method::Get,
        path: "/calendars/{calendarId}",
        version: V2021_04_15,
        scopes: CAL_READ,
        fields: &[CALENDAR_ID],
        output: Output::Record("calendar"),
        poll: &Poll::content_changes("id"),
        sample: CALENDAR_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.get_free_slots",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Free Slots",
        help: "Check a calendar's availability: the bookable slots between two times (at most 31 days apart), optionally in a time zone and for given users. Output: an object keyed by date (YYYY-MM-DD), each {slots: [start times]}, plus GHL's traceId. As a trigger the whole map is one event, named by a digest of its content (traceId aside): it fires when the availability changes.",
        method: Method::Get,
        path: "/calendars/{calendarId}/free-slots",
        version: V2021_04_15,
        scopes: CAL_READ,
        fields: &[
            CALENDAR_ID,
            F::query("startDate", Ty::EpochMs, "Start of the range: epoch milliseconds or an RFC 3339 date-time (sent as milliseconds).")
                .req()
                .ex("1730073600000"),
            F::query("endDate", Ty::EpochMs, "End of the range, after startDate and at most 31 days later: epoch milliseconds or an RFC 3339 date-time (sent as milliseconds).")
                .req()
                .ex("1730678399999"),
            F::query("timezone", Ty::Str, "IANA time zone of the returned slots, e.g. America/Chihuahua.").ex("\"America/Chihuahua\""),
            F::query("userId", Ty::Str, "Only the slots of this user.")
                .options(&sources::USERS)
                .ex("\"082goXVW3lIExEQPOnd3\""),
            F::query("userIds", Ty::StrList, "Only the slots of these users.").options(&sources::USERS),
        ],
        time_range: Some(&TimeRange {
            start: "startDate",
            end: "endDate",
            max_days: Some(31),
        }),
        output: Output::Whole,
        // No id: the whole availability map is one item, named by a digest
        // of its content (which includes the per-response traceId).
        poll: &Poll::content_changes("id"),
        sample: r##"{"2024-10-28":{"slots":["2024-10-28T10:00:00-05:00","2024-10-28T11:00:00-05:00"]},"2024-10-29":{"slots":["2024-10-29T10:00:00-05:00","2024-10-29T14:30:00-05:00"]},"traceId":"8d4f2a9c-1b3e-4c6d-9e7f-0a1b2c3d4e5f"}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.list_events",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Calendar Events",
        help: "Get the events (appointments) between two times, for a user, a calendar or a calendar group. Output: {events}. As a trigger it fires once per event, and again when an event is updated (dateUpdated).",
        method: Method::Get,
        path: "/calendars/events",
        version: V2021_04_15,
        scopes: EVENT_READ,
        fields: WINDOW_FIELDS,
        require_any: WINDOW_OWNERS,
        time_range: WINDOW,
        output: Output::List("events"),
        poll: &Poll::updates("id", "dateUpdated"),
        sample: r##"{"events":[{"id":"ocQHyuzHvysMo5N5VsXc","title":"Appointment with GHL Dev team","calendarId":"BqTwX8QFwXzpegMve9EQ","locationId":"ve9EPM428h8vShlRW1KT","contactId":"9NkT25Vor1v4aQatFsv2","groupId":"ocQHyuzHvysMo5N5VsXc","appointmentStatus":"confirmed","assignedUserId":"YlWd2wuCAZQzh2cH1fVZ","users":["YlWd2wuCAZQzh2cH1fVZ"],"isRecurring":false,"startTime":"2023-04-03T16:00:00+05:30","endTime":"2023-04-03T16:30:00+05:30","dateAdded":"2023-04-01T10:12:00+05:30","dateUpdated":"2023-04-01T10:12:00+05:30"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.list_blocked_slots",
        kind: Kind::Trigger,
        category: CAT,
        label: "List Blocked Slots",
        help: "Get the blocked (unavailable) time slots between two times, for a user, a calendar or a calendar group. Output: {events}. As a trigger it fires once per blocked slot, and again when one is updated (dateUpdated).",
        method: Method::Get,
        path: "/calendars/blocked-slots",
        version: V2021_04_15,
        scopes: EVENT_READ,
        fields: WINDOW_FIELDS,
        require_any: WINDOW_OWNERS,
        time_range: WINDOW,
        output: Output::List("events"),
        poll: &Poll::updates("id", "dateUpdated"),
        sample: r##"{"events":[{"id":"0TkCdp9PfvLeWKYRRvIz","title":"Lunch break","calendarId":"BqTwX8QFwXzpegMve9EQ","locationId":"ve9EPM428h8vShlRW1KT","assignedUserId":"CVokAlI8fgw4WYWoCtQz","startTime":"2023-04-03T13:00:00+05:30","endTime":"2023-04-03T14:00:00+05:30","dateAdded":"2023-04-01T10:12:00+05:30","dateUpdated":"2023-04-01T10:12:00+05:30"}]}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.get_appointment",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Appointment",
        help: "Retrieve one appointment (or one instance of a recurring appointment). Output: the event. As a trigger it fires when the appointment is updated (dateUpdated).",
        method: Method::Get,
        path: "/calendars/events/appointments/{eventId}",
        version: V2021_04_15,
        scopes: EVENT_READ,
        fields: &[EVENT_ID],
        output: Output::Record("event"),
        poll: &Poll::changes("id", "dateUpdated"),
        sample: EVENT_SAMPLE,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "calendars.create_group",
        category: CAT,
        label: "Create Calendar Group",
        help: "Set up a new calendar group. Output: the group.",
        method: Method::Post,
        path: "/calendars/groups",
        version: V2021_04_15,
        scopes: GROUP_WRITE,
        fields: &[
            F::location_id(Loc::Body),
            F::body("name", Ty::Str, "Group name.").req().ex("\"Sales team\""),
            F::body("description", Ty::Str, "Group description.").req().ex("\"Calendars of the sales team\""),
            F::body("slug", Ty::Str, "URL slug of the group's booking page (check it with Validate Group Slug).").req().ex("\"sales-team\""),
            F::body("isActive", Ty::Bool, "Whether the group is active.").ex("true"),
        ],
        output: Output::Record("group"),
        sample: GROUP_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.update_group",
        category: CAT,
        label: "Update Calendar Group",
        help: "Change a calendar group's name, description and slug (GHL needs all three). Output: the group.",
        method: Method::Put,
        path: "/calendars/groups/{groupId}",
        version: V2021_04_15,
        scopes: GROUP_WRITE,
        fields: &[
            GROUP_ID,
            F::body("name", Ty::Str, "Group name.").req().ex("\"Sales team EU\""),
            F::body("description", Ty::Str, "Group description.").req().ex("\"Calendars of the EU sales team\""),
            F::body("slug", Ty::Str, "URL slug of the group's booking page.").req().ex("\"sales-team-eu\""),
        ],
        output: Output::Record("group"),
        sample: GROUP_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.update_group_status",
        category: CAT,
        label: "Update Group Status",
        help: "Enable or disable a calendar group. Output: {success}.",
        method: Method::Put,
        path: "/calendars/groups/{groupId}/status",
        version: V2021_04_15,
        scopes: GROUP_WRITE,
        fields: &[
            GROUP_ID,
            F::body("isActive", Ty::Bool, "true to enable the group, false to disable it.").req().ex("false"),
        ],
        sample: SUCCESS_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.delete_group",
        category: CAT,
        label: "Delete Calendar Group",
        help: "Remove a calendar group. Output: {success}.",
        method: Method::Delete,
        path: "/calendars/groups/{groupId}",
        version: V2021_04_15,
        scopes: GROUP_WRITE,
        fields: &[GROUP_ID],
        sample: SUCCESS_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.validate_group_slug",
        category: CAT,
        label: "Validate Group Slug",
        help: "Check whether a calendar group slug is still free in the location. Output: {available}.",
        method: Method::Post,
        path: "/calendars/groups/validate-slug",
        version: V2021_04_15,
        scopes: GROUP_WRITE,
        fields: &[
            F::location_id(Loc::Body),
            F::body("slug", Ty::Str, "The slug to check.").req().ex("\"sales-team\""),
        ],
        sample: r##"{"available":true}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.create",
        category: CAT,
        label: "Create Calendar",
        help: "Add a new calendar to the location. Output: the calendar.",
        method: Method::Post,
        path: "/calendars/",
        version: V2021_04_15,
        scopes: CAL_WRITE,
        fields: calendar_fields!(
            F::location_id(Loc::Body),
            F::body("name", Ty::Str, "Calendar name.").req().ex("\"Intro Call\""),
            F::body("calendarType", Ty::Str, "Kind of calendar: round_robin, event, class_booking, collective, service_booking or personal.")
                .one_of(&["round_robin", "event", "class_booking", "collective", "service_booking", "personal"])
                .ex("\"round_robin\""),
            F::body("slotBufferUnit", Ty::Str, "Unit of slotBuffer: mins or hours.").one_of(TIME_UNITS),
            F::body("availabilities", Ty::ObjList, "Custom availability for specific dates: [{\"date\": \"2023-09-24T00:00:00.000Z\" (the local date, always at T00:00:00.000Z), \"hours\": [{\"openHour\", \"openMinute\", \"closeHour\", \"closeMinute\"}], \"deleted\": false}]. Use openHours for the weekly schedule."),
        ),
        output: Output::Record("calendar"),
        sample: CALENDAR_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.update",
        category: CAT,
        label: "Update Calendar",
        help: "Change a calendar's settings; only the fields given change. Output: the calendar.",
        method: Method::Put,
        path: "/calendars/{calendarId}",
        version: V2021_04_15,
        scopes: CAL_WRITE,
        fields: calendar_fields!(
            CALENDAR_ID,
            F::body("name", Ty::Str, "Calendar name.").ex("\"Intro Call (30 min)\""),
            F::body("availabilities", Ty::ObjList, "Custom availability for specific dates: [{\"id\": \"...\" (to change or delete an existing one), \"date\": \"2023-09-24T00:00:00.000Z\" (the local date, always at T00:00:00.000Z), \"hours\": [{\"openHour\", \"openMinute\", \"closeHour\", \"closeMinute\"}], \"deleted\": true to remove it}]. Use openHours for the weekly schedule."),
        ),
        output: Output::Record("calendar"),
        sample: CALENDAR_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.delete",
        category: CAT,
        label: "Delete Calendar",
        help: "Remove a calendar permanently. Output: {success}.",
        method: Method::Delete,
        path: "/calendars/{calendarId}",
        version: V2021_04_15,
        scopes: CAL_WRITE,
        fields: &[CALENDAR_ID],
        sample: SUCCESS_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.create_appointment",
        category: CAT,
        label: "Create Appointment",
        help: "Book a new appointment for a contact on a calendar. Output: the appointment.",
        method: Method::Post,
        path: "/calendars/events/appointments",
        version: V2021_04_15,
        scopes: EVENT_WRITE,
        fields: appointment_fields!(
            F::body("calendarId", Ty::Str, "The calendar to book on.")
                .options(&sources::CALENDARS)
                .req()
                .ex("\"CVokAlI8fgw4WYWoCtQz\""),
            F::location_id(Loc::Body),
            F::body("contactId", Ty::Str, "The contact the appointment is for.").req().ex("\"0007BWpSzSwfiuSl0tR2\""),
            F::body("startTime", Ty::Str, "Start, RFC 3339 with offset, e.g. 2021-06-23T03:30:00+05:30.")
                .format(Format::DateTime)
                .req()
                .ex("\"2021-06-23T03:30:00+05:30\""),
        ),
        sample: APPOINTMENT_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.update_appointment",
        category: CAT,
        label: "Update Appointment",
        help: "Change an appointment (reschedule, reassign, change its status...); only the fields given change. Output: the appointment.",
        method: Method::Put,
        path: "/calendars/events/appointments/{eventId}",
        version: V2021_04_15,
        scopes: EVENT_WRITE,
        fields: appointment_fields!(
            EVENT_ID,
            F::body("calendarId", Ty::Str, "Move the appointment to this calendar.")
                .options(&sources::CALENDARS),
            F::body("startTime", Ty::Str, "New start, RFC 3339 with offset, e.g. 2021-06-23T03:30:00+05:30.")
                .format(Format::DateTime)
                .ex("\"2021-06-23T03:30:00+05:30\""),
        ),
        sample: APPOINTMENT_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.delete_event",
        category: CAT,
        label: "Delete Event",
        help: "Cancel and remove an event (an appointment or a blocked slot). Output: {succeeded}.",
        method: Method::Delete,
        path: "/calendars/events/{eventId}",
        version: V2021_04_15,
        scopes: EVENT_WRITE,
        fields: &[EVENT_ID],
        empty_body: true,
        sample: r##"{"succeeded":true}"##,
        ..Op::BASE
    },
    Op {
        key: "calendars.create_block_slot",
        category: CAT,
        label: "Create Block Slot",
        help: "Block time on a calendar so it cannot be booked. Output: the blocked slot.",
        method: Method::Post,
        path: "/calendars/events/block-slots",
        version: V2021_04_15,
        scopes: EVENT_WRITE,
        fields: block_slot_fields!(),
        sample: BLOCK_SLOT_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "calendars.update_block_slot",
        category: CAT,
        label: "Update Block Slot",
        help: "Change a blocked time slot (its time or title). Output: the blocked slot.",
        method: Method::Put,
        path: "/calendars/events/block-slots/{eventId}",
        version: V2021_04_15,
        scopes: EVENT_WRITE,
        fields: block_slot_fields!(EVENT_ID),
        sample: BLOCK_SLOT_SAMPLE,
        ..Op::BASE
    },
];

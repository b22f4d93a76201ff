//! Conversations & Messages: the 10 operations of the seed catalog's
//! Conversations & Messages category, as `conversations.json` of the
//! official GHL API v2 specs defines them (Version 2021-04-15 throughout).
//!
//! Where live responses are known to differ from the spec's schemas, the
//! table follows the live shape: a conversation's messages come nested as
//! `{messages: {lastMessageId, nextPage, messages: [..]}}`, a message as
//! `{message: {..}}` and an email as `{emailMessage: {..}}`.

use super::sources;
use crate::catalog::{
    Cursor, Field as F, Kind, Loc, Method, Op, Output, Paging, Poll, TimeRange, Ty, V2021_04_15,
};

const CAT: &str = "Conversations & Messages";
const READ: &[&str] = &["conversations.readonly"];
const MESSAGE_READ: &[&str] = &["conversations/message.readonly"];
const MESSAGE_WRITE: &[&str] = &["conversations/message.write"];
const LIVECHAT_WRITE: &[&str] = &["conversations/livechat.write"];

const CONVERSATION_ID: F =
    F::path("conversationId", "The conversation's id.").ex("\"tDtDnQdgm2LXpyiqYvZ6\"");
const MESSAGE_ID: F = F::path(
    "messageId",
    "The message's id (a call message for recordings and transcriptions).",
)
.ex("\"t22c6DQcTDf3MjRhwf77\"");

/// Message types a conversation's last message can have (search filter).
const LAST_MESSAGE_TYPES: &[&str] = &[
    "TYPE_CALL",
    "TYPE_SMS",
    "TYPE_RCS",
    "TYPE_EMAIL",
    "TYPE_SMS_REVIEW_REQUEST",
    "TYPE_WEBCHAT",
    "TYPE_SMS_NO_SHOW_REQUEST",
    "TYPE_CAMPAIGN_SMS",
    "TYPE_CAMPAIGN_CALL",
    "TYPE_CAMPAIGN_EMAIL",
    "TYPE_CAMPAIGN_VOICEMAIL",
    "TYPE_FACEBOOK",
    "TYPE_CAMPAIGN_FACEBOOK",
    "TYPE_CAMPAIGN_MANUAL_CALL",
    "TYPE_CAMPAIGN_MANUAL_SMS",
    "TYPE_GMB",
    "TYPE_CAMPAIGN_GMB",
    "TYPE_REVIEW",
    "TYPE_INSTAGRAM",
    "TYPE_WHATSAPP",
    "TYPE_CUSTOM_SMS",
    "TYPE_CUSTOM_EMAIL",
    "TYPE_CUSTOM_PROVIDER_SMS",
    "TYPE_CUSTOM_PROVIDER_EMAIL",
    "TYPE_IVR_CALL",
    "TYPE_ACTIVITY_CONTACT",
    "TYPE_ACTIVITY_INVOICE",
    "TYPE_ACTIVITY_PAYMENT",
    "TYPE_ACTIVITY_OPPORTUNITY",
    "TYPE_LIVE_CHAT",
    "TYPE_LIVE_CHAT_INFO_MESSAGE",
    "TYPE_ACTIVITY_APPOINTMENT",
    "TYPE_FACEBOOK_COMMENT",
    "TYPE_INSTAGRAM_COMMENT",
    "TYPE_CUSTOM_CALL",
    "TYPE_INTERNAL_COMMENT",
    "TYPE_ACTIVITY_EMPLOYEE_ACTION_LOG",
    "TYPE_TIKTOK",
    "TYPE_TIKTOK_COMMENT",
    "TYPE_ACTIVITY_WHATSAPP",
    "TYPE_FORM_SUBMISSION",
    "TYPE_SMS_REACTION",
];

const MESSAGE_SAMPLE: &str = r##"{"id":"t22c6DQcTDf3MjRhwf77","type":2,"messageType":"TYPE_SMS","locationId":"ve9EPM428h8vShlRW1KT","contactId":"9VEmS0si86GW6gXWU89b","conversationId":"tDtDnQdgm2LXpyiqYvZ6","dateAdded":"2024-03-27T18:13:49.000Z","body":"Can we move the call to 3pm?","direction":"inbound","status":"delivered","contentType":"text/plain","attachments":[],"source":"app","conversationProviderId":"cI08i1Bls3iTB9bKgF01"}"##;
const FILE_SAMPLE: &str = r##"{"contentType":"audio/x-wav","fileName":"audio.wav","size":44,"encoding":"base64","data":"UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA="}"##;

pub const OPS: &[Op] = &[
    // ---- triggers -------------------------------------------------------
    Op {
        key: "conversations.search",
        kind: Kind::Trigger,
        category: CAT,
        label: "Search Conversations",
        help: "Find a sub-account's conversations by contact, assignee, status, last message and more, sorted and paged. Output: {conversations, total}. As a trigger it fires for every conversation found, again whenever it gets a new last message (lastMessageDate).",
        method: Method::Get,
        path: "/conversations/search",
        version: V2021_04_15,
        scopes: READ,
        fields: &[
            F::location_id(Loc::Query),
            F::query("contactId", Ty::Str, "Only the conversations of this contact.").ex("\"9VEmS0si86GW6gXWU89b\""),
            F::query("assignedTo", Ty::Str, "Only conversations assigned to these users: user ids separated by commas; \"unassigned\" for conversations assigned to nobody.")
                .options(&sources::USERS)
                .ex("\"0IHuJvc2ofPAAA8GzTRi\""),
            F::query("followers", Ty::Str, "Only conversations followed by these users: user ids separated by commas.").options(&sources::USERS),
            F::query("mentions", Ty::Str, "Only conversations mentioning these users: user ids separated by commas.").options(&sources::USERS),
            F::query("query", Ty::Str, "Free-text search, e.g. a name, email or phone number.").ex("\"John\""),
            F::query("sort", Ty::Str, "Sort direction: asc or desc.").one_of(&["asc", "desc"]).ex("\"desc\""),
            F::query("startAfterDate", Ty::Any, "Paging cursor: the sort value of the last conversation of the previous page (with the default sort, its lastMessageDate in epoch milliseconds); a number, or an array of numbers.").ex("1711563229000"),
            F::query("id", Ty::Str, "Only the conversation with this id."),
            F::query("limit", Ty::Int, "Conversations per page (default 20).").range(1, i64::MAX).ex("20"),
            F::query("lastMessageType", Ty::Str, "Only conversations whose last message has this type, e.g. TYPE_SMS.").one_of(LAST_MESSAGE_TYPES),
            F::query("lastMessageAction", Ty::Str, "Only conversations whose last outbound message was sent this way: automated or manual.").one_of(&["automated", "manual"]),
            F::query("lastMessageDirection", Ty::Str, "Only conversations whose last message went this way: inbound or outbound.").one_of(&["inbound", "outbound"]),
            F::query("status", Ty::Str, "Which conversations: all, read, unread, starred or recents.")
                .one_of(&["all", "read", "unread", "starred", "recents"])
                .ex("\"unread\""),
            F::query("sortBy", Ty::Str, "What to sort by: last_manual_message_date, last_message_date, score_profile (needs sortScoreProfile), overdue_at or due_at.")
                .one_of(&["last_manual_message_date", "last_message_date", "score_profile", "overdue_at", "due_at"])
                .ex("\"last_message_date\""),
            F::query("sortScoreProfile", Ty::Str, "With sortBy score_profile: the id of the score profile to sort by."),
            F::query("scoreProfile", Ty::Str, "Only conversations scored by this score profile (id); bound the score with scoreProfileMin and scoreProfileMax."),
            F::query("scoreProfileMin", Ty::Num, "With scoreProfile: the lowest score to include."),
            F::query("scoreProfileMax", Ty::Num, "With scoreProfile: the highest score to include."),
            F::query("startDate", Ty::EpochMs, "Only conversations created (dateAdded) at or after this time: epoch milliseconds or an RFC 3339 date-time.").ex("1640995200000"),
            F::query("endDate", Ty::EpochMs, "Only conversations created (dateAdded) up to this time: epoch milliseconds or an RFC 3339 date-time; after startDate.").ex("1672531199000"),
        ],
        time_range: Some(&TimeRange { start: "startDate", end: "endDate", max_days: None }),
        output: Output::List("conversations"),
        poll: &Poll::updates("id", "lastMessageDate")
            .paged(Paging::Cursor {
                limit: "limit",
                size: 20,
                next: &[("startAfterDate", Cursor::LastItem(&["sort", "lastMessageDate"]))],
                more: None,
                clear: &[],
            })
            .defaults(&[("sort", r#""desc""#), ("sortBy", r#""last_message_date""#)])
            .newest_first(),
        sample: r##"{"conversations":[{"id":"tDtDnQdgm2LXpyiqYvZ6","contactId":"9VEmS0si86GW6gXWU89b","locationId":"ve9EPM428h8vShlRW1KT","lastMessageBody":"Can we move the call to 3pm?","lastMessageType":"TYPE_SMS","lastMessageDate":1711563229000,"type":"TYPE_PHONE","unreadCount":1,"fullName":"John Deo","contactName":"John Deo","email":"john@deo.com","phone":"+15550001234","assignedTo":"0IHuJvc2ofPAAA8GzTRi"}],"total":1}"##,
        ..Op::BASE
    },
    Op {
        key: "conversations.get",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Conversation",
        help: "Retrieve one conversation by id: its contact, channel type, unread count, assignee and flags. Output: the conversation. As a trigger it fires whenever anything in it changes (the record has no update time).",
        method: Method::Get,
        path: "/conversations/{conversationId}",
        version: V2021_04_15,
        scopes: READ,
        fields: &[CONVERSATION_ID],
        poll: &Poll::content_changes("id"),
        sample: r##"{"id":"tDtDnQdgm2LXpyiqYvZ6","contactId":"9VEmS0si86GW6gXWU89b","locationId":"ve9EPM428h8vShlRW1KT","deleted":false,"inbox":true,"type":1,"unreadCount":1,"assignedTo":"0IHuJvc2ofPAAA8GzTRi","starred":false}"##,
        ..Op::BASE
    },
    Op {
        key: "conversations.get_email",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Email by ID",
        help: "Retrieve one email with its subject, full body, sender, recipients and delivery status (Get Messages by Conversation leaves email bodies out). Output: the email. As a trigger it fires when the email changes (e.g. its status).",
        method: Method::Get,
        path: "/conversations/messages/email/{id}",
        version: V2021_04_15,
        scopes: MESSAGE_READ,
        fields: &[F::path("id", "The email message's id: the emailMessageId returned when the email was sent, or one of an email message's meta.email.messageIds.")
            .ex("\"rnGyqh2F6uBrIkfhFo9A\"")],
        output: Output::MaybeWrapped("emailMessage"),
        poll: &Poll::content_changes("id"),
        sample: r##"{"id":"rnGyqh2F6uBrIkfhFo9A","threadId":"t22c6DQcTDf3MjRhwf77","locationId":"ve9EPM428h8vShlRW1KT","contactId":"9VEmS0si86GW6gXWU89b","conversationId":"tDtDnQdgm2LXpyiqYvZ6","dateAdded":"2024-03-27T18:13:49.000Z","subject":"Your order is confirmed","body":"<p>Hi John, your order #1042 is confirmed.</p>","direction":"outbound","status":"delivered","contentType":"text/html","attachments":[],"provider":"Leadconnector Gmail","from":"Acme Sales <sales@acme.com>","to":["john@deo.com"],"cc":[],"bcc":[],"source":"app"}"##,
        ..Op::BASE
    },
    Op {
        key: "conversations.get_message",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Message by ID",
        help: "Retrieve one message of any channel (SMS, call, email, chat...) by id: type, direction, status, body and attachments. Output: the message. As a trigger it fires when the message changes (e.g. its status).",
        method: Method::Get,
        path: "/conversations/messages/{id}",
        version: V2021_04_15,
        scopes: MESSAGE_READ,
        fields: &[F::path("id", "The message's id.").ex("\"t22c6DQcTDf3MjRhwf77\"")],
        output: Output::MaybeWrapped("message"),
        poll: &Poll::content_changes("id"),
        sample: MESSAGE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "conversations.list_messages",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Messages by Conversation",
        help: "List a conversation's messages, newest first, a page at a time (email bodies are left out: use Get Email by ID). Output: {messages: {lastMessageId, nextPage, messages}} as GHL nests it; when nextPage is true, pass lastMessageId back to get the next page. As a trigger it fires once per message.",
        method: Method::Get,
        path: "/conversations/{conversationId}/messages",
        version: V2021_04_15,
        scopes: MESSAGE_READ,
        fields: &[
            CONVERSATION_ID,
            F::query("lastMessageId", Ty::Str, "Paging cursor: the lastMessageId of the previous page."),
            F::query("limit", Ty::Int, "Messages per page (default 20).").range(1, i64::MAX).ex("20"),
            F::query("type", Ty::Str, "Only messages of these types, separated by commas, e.g. TYPE_SMS,TYPE_CALL. Types: TYPE_CALL, TYPE_SMS, TYPE_RCS, TYPE_EMAIL, TYPE_FACEBOOK, TYPE_GMB, TYPE_INSTAGRAM, TYPE_WHATSAPP, TYPE_ACTIVITY_APPOINTMENT, TYPE_ACTIVITY_CONTACT, TYPE_ACTIVITY_INVOICE, TYPE_ACTIVITY_PAYMENT, TYPE_ACTIVITY_OPPORTUNITY, TYPE_LIVE_CHAT, TYPE_INTERNAL_COMMENTS, TYPE_ACTIVITY_EMPLOYEE_ACTION_LOG, TYPE_TIKTOK, TYPE_ACTIVITY_WHATSAPP, TYPE_FORM_SUBMISSION.")
                .ex("\"TYPE_SMS,TYPE_CALL\""),
        ],
        output: Output::List("messages/messages"),
        poll: &Poll::new_items("id")
            .paged(Paging::Cursor {
                limit: "limit",
                size: 20,
                next: &[("lastMessageId", Cursor::Body("messages/lastMessageId"))],
                more: Some("messages/nextPage"),
                clear: &[],
            })
            .newest_first(),
        sample: r##"{"messages":{"lastMessageId":"p1mRSHeLDhAms5q0LMr4","nextPage":false,"messages":[{"id":"t22c6DQcTDf3MjRhwf77","type":2,"messageType":"TYPE_SMS","locationId":"ve9EPM428h8vShlRW1KT","contactId":"9VEmS0si86GW6gXWU89b","conversationId":"tDtDnQdgm2LXpyiqYvZ6","dateAdded":"2024-03-27T18:13:49.000Z","body":"Can we move the call to 3pm?","direction":"inbound","status":"delivered","contentType":"text/plain","source":"app"},{"id":"p1mRSHeLDhAms5q0LMr4","type":1,"messageType":"TYPE_CALL","locationId":"ve9EPM428h8vShlRW1KT","contactId":"9VEmS0si86GW6gXWU89b","conversationId":"tDtDnQdgm2LXpyiqYvZ6","dateAdded":"2024-03-27T17:02:10.000Z","direction":"outbound","status":"completed","contentType":"text/plain","meta":{"callDuration":120,"callStatus":"completed"},"userId":"0IHuJvc2ofPAAA8GzTRi"}]}}"##,
        ..Op::BASE
    },
    Op {
        key: "conversations.get_recording",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Message Recording",
        help: "Download the recording of a call or voicemail message (a WAV file, up to 5 MiB). Output: {contentType, fileName, size, encoding, data} with the file in base64. As a trigger it fires when the recording changes.",
        method: Method::Get,
        path: "/conversations/messages/{messageId}/locations/{locationId}/recording",
        version: V2021_04_15,
        scopes: MESSAGE_READ,
        fields: &[MESSAGE_ID, F::location_id(Loc::Path)],
        output: Output::Binary,
        poll: &Poll::content_changes("id"),
        sample: FILE_SAMPLE,
        ..Op::BASE
    },
    Op {
        key: "conversations.get_transcription",
        kind: Kind::Trigger,
        category: CAT,
        label: "Get Message Transcription",
        help: "Get the transcription of a call message's recording as data: sentences with channel, index, start and end time (milliseconds), text and confidence (0-1). Output: the transcription as GHL returns it. As a trigger it fires when the transcription changes.",
        method: Method::Get,
        path: "/conversations/locations/{locationId}/messages/{messageId}/transcription",
        version: V2021_04_15,
        scopes: MESSAGE_READ,
        fields: &[F::location_id(Loc::Path), MESSAGE_ID],
        poll: &Poll::content_changes("id"),
        sample: r##"{"mediaChannel":1,"sentenceIndex":1,"startTime":340,"endTime":4120,"transcript":"This call may be recorded for quality assurance purposes.","confidence":0.93}"##,
        ..Op::BASE
    },
    Op {
        key: "conversations.download_transcription",
        kind: Kind::Trigger,
        category: CAT,
        label: "Download Transcription",
        help: "Download the transcription of a call message's recording as a text file (up to 5 MiB). Output: {contentType, fileName, size, encoding, data} with the file in base64. As a trigger it fires when the transcription changes.",
        method: Method::Get,
        path: "/conversations/locations/{locationId}/messages/{messageId}/transcription/download",
        version: V2021_04_15,
        scopes: MESSAGE_READ,
        fields: &[F::location_id(Loc::Path), MESSAGE_ID],
        output: Output::Binary,
        poll: &Poll::content_changes("id"),
        sample: r##"{"contentType":"text/plain","fileName":"transcription.txt","size":95,"encoding":"base64","data":"QWdlbnQ6IFRoYW5rcyBmb3IgY2FsbGluZyBBY21lLCBob3cgY2FuIEkgaGVscD8KQ2FsbGVyOiBJJ2QgbGlrZSB0byBib29rIGEgZGVtbyBmb3IgbmV4dCB3ZWVrLgo="}"##,
        ..Op::BASE
    },
    // ---- actions --------------------------------------------------------
    Op {
        key: "conversations.update_message_status",
        category: CAT,
        label: "Update Message Status",
        help: "Report the delivery status of a message sent through your custom conversation provider (delivered, failed, pending or read). Output: {conversationId, messageId, status}.",
        method: Method::Put,
        path: "/conversations/messages/{messageId}/status",
        version: V2021_04_15,
        scopes: MESSAGE_WRITE,
        fields: &[
            F::path("messageId", "The message's id.").ex("\"t22c6DQcTDf3MjRhwf77\""),
            F::body("status", Ty::Str, "New status of the message.")
                .req()
                .one_of(&["delivered", "failed", "pending", "read"])
                .ex("\"delivered\""),
            F::body("error", Ty::Obj, "With status failed: the provider's error, {\"code\": \"1\", \"type\": \"saas\", \"message\": \"There was an error from the provider\"} (all three required)."),
            F::body("emailMessageId", Ty::Str, "For an email: the email message id whose status changes."),
            F::body("recipients", Ty::StrList, "For an email: the additional recipients (email addresses) this status applies to."),
        ],
        sample: r##"{"conversationId":"tDtDnQdgm2LXpyiqYvZ6","messageId":"t22c6DQcTDf3MjRhwf77","status":"delivered"}"##,
        ..Op::BASE
    },
    Op {
        key: "conversations.agent_typing",
        category: CAT,
        label: "Agent Typing Indicator",
        help: "Show (or hide) the typing indicator to a live-chat visitor while an agent or AI bot writes a reply. Output: {success}.",
        method: Method::Post,
        path: "/conversations/providers/live-chat/typing",
        version: V2021_04_15,
        scopes: LIVECHAT_WRITE,
        fields: &[
            F::location_id(Loc::Body),
            F::body("isTyping", Ty::Str, "\"true\" while typing, \"false\" to hide the indicator.")
                .req()
                .one_of(&["true", "false"])
                .ex("\"true\""),
            F::body("visitorId", Ty::Str, "The live-chat visitor's id.").req().ex("\"kP8hIOOvWy8rwXTKWXRa\""),
            F::body("conversationId", Ty::Str, "The live-chat conversation's id.").req().ex("\"tDtDnQdgm2LXpyiqYvZ6\""),
        ],
        sample: r##"{"success":true}"##,
        ..Op::BASE
    },
];

#!/usr/bin/env python3
"""Regenerates src/webhooks.json, the catalog of webhook (instant) triggers,
from GHL's official webhook event pages (docs/webhook-events/*.md).

Development only: the build and the tests read the generated file, never
the docs. Usage: tools/extract_webhooks.py ../shared/ghl-api/docs/webhook-events
"""
import json
import re
import sys
from pathlib import Path

# Payload `type` per event page when it is not the page name.
TYPES = {
    "AppInstall": ["INSTALL"],
    "AppUninstall": ["UNINSTALL"],
    "PlanChange": ["PLAN_CHANGE"],
    "ConversationUnreadWebhook": ["ConversationUnreadUpdate"],
    # ProviderOutboundMessage carries the channel in `type`.
    "ProviderOutboundMessage": ["SMS", "Email"],
}

# Category and scope by event family (Scopes.md lists some; the rest follow
# the API scope of the same records).
FAMILIES = [
    ("Contact", "Contacts", "contacts.readonly"),
    ("Note", "Contacts", "contacts.readonly"),
    ("Task", "Contacts", "contacts.readonly"),
    ("Appointment", "Calendars & Appointments", "calendars/events.readonly"),
    ("Opportunity", "Opportunities", "opportunities.readonly"),
    ("InboundMessage", "Conversations & Messages", "conversations/message.readonly"),
    ("OutboundMessage", "Conversations & Messages", "conversations/message.readonly"),
    ("ProviderOutboundMessage", "Conversations & Messages", "conversations/message.write"),
    ("ConversationUnread", "Conversations & Messages", "conversations.readonly"),
    ("LCEmailStats", "Conversations & Messages", None),
    ("CampaignStatus", "Workflows & Campaigns", "campaigns.readonly"),
    ("Location", "Locations", "locations.readonly"),
    ("User", "Users", "users.readonly"),
    ("Association", "Associations", "associations.readonly"),
    ("Relation", "Associations", "associations/relation.readonly"),
    ("Record", "Custom Objects", "objects/record.readonly"),
    ("ObjectSchema", "Custom Objects", "objects/schema.readonly"),
    ("Invoice", "Invoices", "invoices.readonly"),
    ("Product", "Products", "products.readonly"),
    ("Price", "Products", "products/prices.readonly"),
    ("Order", "Payments", "payments/orders.readonly"),
    ("App", "Marketplace App", None),
    ("PlanChange", "Marketplace App", None),
]

VERBS = [
    ("Create", "Created"), ("Update", "Updated"), ("Delete", "Deleted"),
    ("Complete", "Completed"), ("Paid", "Paid"), ("PartiallyPaid", "Partially Paid"),
    ("Sent", "Sent"), ("Void", "Voided"), ("Install", "Installed"),
    ("Uninstall", "Uninstalled"),
]


def snake(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def words(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)


def label(name):
    for verb, past in sorted(VERBS, key=lambda v: -len(v[0])):
        if name.endswith(verb) and name != verb:
            return f"{words(name[: -len(verb)])} {past}".replace("Dnd", "DND")
    return words(name.replace("Webhook", "")).replace("Dnd", "DND")


def example(text):
    blocks = re.findall(r"```(json[^\n{\[]*)\n?(.*?)```", text, re.S)
    for info, body in blocks:
        if "schema" in info:
            continue
        try:
            return json.loads(body)
        except json.JSONDecodeError:
            continue
    raise SystemExit("no example")


def overview(text):
    m = re.search(r"^#+ .*?\n+(?:## Overview\n+)?([^#`\n][^\n]+)", text, re.M)
    return m.group(1).strip() if m else ""


def main(folder):
    entries = []
    for path in sorted(Path(folder).glob("*.md")):
        name = path.stem
        text = path.read_text()
        sample = example(text)
        types = TYPES.get(name, [name])
        # The pages' examples sometimes give another event's type (all
        # Appointment pages say AppointmentCreate) or none.
        if isinstance(sample, dict) and sample.get("type") not in types:
            sample = {"type": types[0], **{k: v for k, v in sample.items() if k != "type"}}
        family = next(f for f in FAMILIES if name.startswith(f[0]))
        entries.append({
            "key": "webhooks." + snake(name.replace("Webhook", "")),
            "event": name,
            "types": types,
            "label": label(name),
            "category": family[1],
            "scopes": [family[2]] if family[2] else [],
            "sample": sample,
        })
    out = Path(__file__).resolve().parent.parent / "src" / "webhooks.json"
    # One event per line: diffs stay readable, and the component (which
    # embeds this file) carries no indentation.
    lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries]
    out.write_text("[\n" + ",\n".join(lines) + "\n]\n")
    print(f"{len(entries)} events -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/ghl-api/docs/webhook-events")

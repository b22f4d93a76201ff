//! `ghl tour`: the whole product in one command, against an in-process
//! sandbox. Each step says what it does, calls the component as any host
//! would, and prints what a person wants to read.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine as _;
use ghl_host_test::sandbox::{SANDBOX_LOCATION, SANDBOX_TOKEN, Sandbox, now_ms, rfc3339};
use ghl_host_test::{
    Connection, Connector, DEFAULT_POLL_OPTIONS, Operation, OperationKind, PollResult, Transport,
    WebhookKeys, error_json,
};
use serde_json::{Value, json};

fn step(n: u32, title: &str) {
    println!("\n{n}. {title}");
}

struct Tour<'a> {
    connector: &'a Connector,
    transport: Transport,
    conn: Connection,
}

impl Tour<'_> {
    async fn call(&self, key: &str, input: Value) -> Result<Value> {
        let out = self
            .connector
            .run_action(&self.transport, &self.conn, key, &input.to_string())
            .await?
            .map_err(|f| anyhow!("{key}: {}", error_json(&f.error)))?;
        Ok(serde_json::from_str(&out.output)?)
    }

    async fn poll(&self, key: &str, state: Option<&str>) -> Result<PollResult> {
        self.connector
            .poll_trigger(
                &self.transport,
                &self.conn,
                key,
                "{}",
                state,
                DEFAULT_POLL_OPTIONS,
            )
            .await?
            .map_err(|f| anyhow!("{key}: {}", error_json(&f.error)))
    }
}

pub async fn run(connector: &Connector, ops: &[Operation]) -> Result<ExitCode> {
    println!("A tour of the GoHighLevel connector, against an offline GHL look-alike.");
    println!("Every step below is a call into the WebAssembly component.");

    step(1, "The catalog: what a host can show its users");
    let count = |kind: OperationKind| ops.iter().filter(|op| op.kind == kind).count();
    println!(
        "   {} operations: {} polling triggers, {} actions, {} instant (webhook) triggers",
        ops.len(),
        count(OperationKind::Trigger),
        count(OperationKind::Action),
        count(OperationKind::Webhook)
    );
    let mut categories: Vec<&str> = ops.iter().map(|op| op.category.as_str()).collect();
    categories.dedup();
    categories.sort();
    categories.dedup();
    println!("   categories: {}", categories.join(", "));
    println!("   (`ghl ops` lists them; `ghl describe contacts.create` shows one)");

    let sandbox = Arc::new(Sandbox::new(ops));
    let tour = Tour {
        connector,
        transport: Transport::Sandbox(sandbox.clone()),
        conn: Connection {
            access_token: SANDBOX_TOKEN.into(),
            location_id: Some(SANDBOX_LOCATION.into()),
            company_id: None,
            base_url: None,
            oauth: None,
            policy: None,
        },
    };

    step(2, "Watch for new contacts (trigger `contacts.search`)");
    let baseline = tour.poll("contacts.search", None).await?;
    println!(
        "   first poll: a baseline, {} events (existing contacts are not news)",
        baseline.events.len()
    );

    step(3, "Create a contact (action `contacts.create`)");
    let contact = tour
        .call(
            "contacts.create",
            json!({"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "phone": "+14155550100"}),
        )
        .await?;
    let id = contact["id"]
        .as_str()
        .context("the contact has an id")?
        .to_string();
    println!(
        "   created {} {} <{}>, id {id}",
        contact["firstName"].as_str().unwrap_or(""),
        contact["lastName"].as_str().unwrap_or(""),
        contact["email"].as_str().unwrap_or("")
    );

    step(4, "Tag it (action `contacts.add_tags`)");
    let tags = tour
        .call(
            "contacts.add_tags",
            json!({"contactId": id, "tags": ["vip", "newsletter"]}),
        )
        .await?;
    println!("   tags now: {}", tags["tags"]);

    step(5, "Add a task (action `contacts.create_task`)");
    let due = rfc3339(now_ms() + 86_400_000);
    let task = tour
        .call(
            "contacts.create_task",
            json!({"contactId": id, "title": "Call Ada about the engine", "dueDate": due, "completed": false}),
        )
        .await?;
    println!(
        "   task \"{}\" due {}",
        task["title"].as_str().unwrap_or(""),
        task["dueDate"].as_str().unwrap_or("")
    );

    step(6, "Poll again: the new contact arrives, once");
    let second = tour.poll("contacts.search", Some(&baseline.state)).await?;
    for event in &second.events {
        let data: Value = serde_json::from_str(&event.data)?;
        println!(
            "   new contact: {} {} (event id {})",
            data["firstName"].as_str().unwrap_or(""),
            data["lastName"].as_str().unwrap_or(""),
            event.id
        );
    }
    if second.events.len() != 1 {
        bail!("expected one new contact, got {}", second.events.len());
    }
    let third = tour.poll("contacts.search", Some(&second.state)).await?;
    println!(
        "   and the next poll: {} events (nothing is delivered twice)",
        third.events.len()
    );
    if !third.events.is_empty() {
        bail!("the third poll repeated an event");
    }

    step(7, "Verify a signed webhook (instant trigger)");
    // A demo key pair made here; a real host passes GHL's public key.
    let seed: [u8; 32] = std::array::from_fn(|i| (now_ms() >> (i % 8)) as u8 ^ i as u8);
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let pem = {
        use ed25519_dalek::pkcs8::{EncodePublicKey, spki::der::pem::LineEnding};
        key.verifying_key().to_public_key_pem(LineEnding::LF)?
    };
    let body = json!({
        "type": "ContactTagUpdate", "locationId": SANDBOX_LOCATION, "id": id,
        "tags": ["vip", "newsletter"], "timestamp": rfc3339(now_ms()), "webhookId": "tour-0001"
    })
    .to_string()
    .into_bytes();
    let sign = |bytes: &[u8]| {
        use ed25519_dalek::Signer;
        base64::engine::general_purpose::STANDARD.encode(key.sign(bytes).to_bytes())
    };
    let headers = vec![("x-ghl-signature".to_string(), sign(&body))];
    let keys = WebhookKeys {
        ed25519: Some(pem),
        rsa: None,
    };
    let event = connector
        .verify_webhook(&body, &headers, &keys)
        .await?
        .map_err(|e| anyhow!("{}", ghl_host_test::webhook_error_json(&e)))?;
    println!(
        "   genuine delivery: {} -> trigger {} (webhookId {})",
        event.event_type,
        event.trigger.as_deref().unwrap_or("?"),
        event.webhook_id.as_deref().unwrap_or("?")
    );
    let mut tampered = body.clone();
    if let Some(at) = tampered.iter().position(|b| *b == b'v') {
        tampered[at] = b'V';
    }
    match connector.verify_webhook(&tampered, &headers, &keys).await? {
        Ok(_) => bail!("a tampered delivery was accepted"),
        Err(e) => println!(
            "   the same body with one byte changed: refused ({})",
            ghl_host_test::webhook_error_json(&e)["kind"]
                .as_str()
                .unwrap_or("?")
        ),
    }

    println!(
        "\nDone: {} requests to the sandbox, none to the internet.",
        sandbox.requests()
    );
    println!(
        "Next: `ghl describe KEY`, `ghl call KEY --sandbox --input ...`, or set GHL_TOKEN and drop --sandbox."
    );
    Ok(ExitCode::SUCCESS)
}

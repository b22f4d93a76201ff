//! OAuth 2.0: the component refreshes an expiring or refused access token
//! once, retries once, and hands the rotated tokens back in the call's
//! result; the token endpoints get exact form bodies; the authorize URL
//! asks for the scopes of the chosen operations.

mod common;

use ghl_host_test::sandbox::now_ms;
use ghl_host_test::{
    AuthorizeOptions, Connection, Failure, OauthApp, OauthRefresh, OauthTokens, PollResult,
    Recorded, Reply, UserType, error_json, tokens_json,
};
use serde_json::{Value, json};

use common::{DEFAULT_POLL, LOCATION, TOKEN, connector, runtime, scripted};

const CLIENT_ID: &str = "6650b8f9d1b3a2c1e4f5a6b7-lx2k3j4h";
const CLIENT_SECRET: &str = "secret-5b1f0c9e-2d4a-4c8e-9f3b";
const OLD_REFRESH: &str = "refresh-old-7f3e2d1c0b9a8f7e";
const NEW_ACCESS: &str = "access-new-0a1b2c3d4e5f6a7b";
const NEW_REFRESH: &str = "refresh-new-8e7d6c5b4a3f2e1d";

fn app() -> OauthApp {
    OauthApp {
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
    }
}

/// An OAuth connection whose access token expires at `expires_at_ms`.
fn oauth_conn(expires_at_ms: Option<i64>) -> Connection {
    Connection {
        oauth: Some(OauthRefresh {
            app: app(),
            refresh_token: OLD_REFRESH.into(),
            expires_at_ms,
            user_type: UserType::Location,
        }),
        ..common::conn()
    }
}

/// GHL's answer to a successful refresh: new tokens for a day.
fn token_reply() -> Reply {
    Reply::json(
        200,
        &json!({
            "access_token": NEW_ACCESS,
            "token_type": "Bearer",
            "expires_in": 86399,
            "refresh_token": NEW_REFRESH,
            "scope": "contacts.readonly contacts.write",
            "userType": "Location",
            "locationId": LOCATION,
            "companyId": "UAXssdawIWAWD",
            "userId": "user-1"
        }),
    )
}

fn contact_reply() -> Reply {
    Reply::json(200, &json!({"contact": {"id": "c1", "firstName": "Ada"}}))
}

fn unauthorized() -> Reply {
    Reply::json(
        401,
        &json!({"statusCode": 401, "message": "Invalid JWT", "error": "Unauthorized"}),
    )
}

/// A call's output and the tokens it refreshed, or its failure.
type Outcome = Result<(Value, Option<OauthTokens>), Failure>;

/// Gets contact c1 on `conn`: the outcome, and what was sent.
fn get_contact(conn: &Connection, replies: Vec<Reply>) -> (Outcome, Vec<Recorded>) {
    let (mock, transport) = scripted(replies);
    let result = runtime()
        .block_on(connector().run_action(&transport, conn, "contacts.get", r#"{"contactId":"c1"}"#))
        .expect("no trap");
    let result = result.map(|o| (serde_json::from_str(&o.output).unwrap(), o.refreshed));
    (result, mock.requests())
}

fn bearer(req: &Recorded) -> &str {
    req.header("authorization").unwrap_or("")
}

/// The refresh request, exactly: form-encoded, no bearer token, no Version.
fn assert_refresh_request(req: &Recorded) {
    assert_eq!(req.method, "POST");
    assert_eq!(req.origin, "https://services.leadconnectorhq.com");
    assert_eq!(req.path, "/oauth/token");
    assert_eq!(req.query, None);
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(req.header("accept"), Some("application/json"));
    assert_eq!(
        req.header("authorization"),
        None,
        "the token endpoint takes no bearer"
    );
    assert_eq!(
        req.header("version"),
        None,
        "the token endpoint declares no Version"
    );
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        format!(
            "client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&grant_type=refresh_token&refresh_token={OLD_REFRESH}&user_type=Location"
        )
    );
}

fn assert_rotated(tokens: &OauthTokens) {
    assert_eq!(tokens.access_token, NEW_ACCESS);
    assert_eq!(tokens.refresh_token.as_deref(), Some(NEW_REFRESH));
    let expires = tokens.expires_at_ms.expect("an expiry");
    let want = now_ms() + 86_399_000;
    assert!((expires - want).abs() < 60_000, "expires in about a day");
    let json = tokens_json(tokens);
    assert_eq!(json["user_type"], "Location");
    assert_eq!(json["location_id"], LOCATION);
    assert_eq!(json["company_id"], "UAXssdawIWAWD");
    assert_eq!(json["user_id"], "user-1");
}

#[test]
fn an_expiring_token_is_refreshed_before_the_call_and_handed_back() {
    let conn = oauth_conn(Some(now_ms() + 10_000));
    let (result, requests) = get_contact(&conn, vec![token_reply(), contact_reply()]);
    let (output, refreshed) = result.unwrap_or_else(|f| panic!("{}", error_json(&f.error)));
    assert_eq!(output["id"], "c1");
    assert_eq!(requests.len(), 2);
    assert_refresh_request(&requests[0]);
    assert_eq!(requests[1].path, "/contacts/c1");
    assert_eq!(bearer(&requests[1]), format!("Bearer {NEW_ACCESS}"));
    assert_rotated(&refreshed.expect("the rotated tokens come back"));
}

#[test]
fn a_token_valid_for_longer_is_used_as_it_is() {
    let conn = oauth_conn(Some(now_ms() + 3_600_000));
    let (result, requests) = get_contact(&conn, vec![contact_reply()]);
    let (_, refreshed) = result.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(bearer(&requests[0]), format!("Bearer {TOKEN}"));
    assert!(refreshed.is_none());
}

#[test]
fn a_401_refreshes_once_and_retries_once() {
    let conn = oauth_conn(None);
    let (result, requests) =
        get_contact(&conn, vec![unauthorized(), token_reply(), contact_reply()]);
    let (output, refreshed) = result.unwrap_or_else(|f| panic!("{}", error_json(&f.error)));
    assert_eq!(output["firstName"], "Ada");
    assert_eq!(requests.len(), 3);
    assert_eq!(bearer(&requests[0]), format!("Bearer {TOKEN}"));
    assert_refresh_request(&requests[1]);
    assert_eq!(requests[2].path, "/contacts/c1");
    assert_eq!(bearer(&requests[2]), format!("Bearer {NEW_ACCESS}"));
    assert_rotated(&refreshed.unwrap());
}

#[test]
fn a_failure_after_a_refresh_still_hands_back_the_rotated_tokens() {
    // Refreshed, retried, and GHL still says 401: no second refresh.
    let conn = oauth_conn(None);
    let (result, requests) =
        get_contact(&conn, vec![unauthorized(), token_reply(), unauthorized()]);
    let failure = result.expect_err("still unauthorized");
    assert_eq!(error_json(&failure.error)["kind"], "unauthenticated");
    assert_rotated(
        failure
            .refreshed
            .as_ref()
            .expect("the rotated tokens come back"),
    );
    assert_eq!(requests.len(), 3, "one refresh, one retry");

    // Refreshed before the call, which then fails for another reason.
    let conn = oauth_conn(Some(now_ms()));
    let (result, _) = get_contact(
        &conn,
        vec![
            token_reply(),
            Reply::json(404, &json!({"message": "Contact not found"})),
        ],
    );
    let failure = result.unwrap_err();
    assert_eq!(error_json(&failure.error)["kind"], "not-found");
    assert_rotated(failure.refreshed.as_ref().unwrap());
}

#[test]
fn a_refused_refresh_asks_for_a_reconnect() {
    let refused = || {
        Reply::json(
            400,
            &json!({"error": "invalid_grant", "error_description": "Invalid refresh token"}),
        )
    };
    // Expiring: the refresh is the only request.
    let (result, requests) = get_contact(&oauth_conn(Some(now_ms() - 1000)), vec![refused()]);
    let failure = result.unwrap_err();
    let err = error_json(&failure.error);
    assert_eq!(err["kind"], "reconnect-required");
    assert_eq!(err["failure"]["status"], 400);
    assert_eq!(err["failure"]["message"], "Invalid refresh token");
    assert!(failure.refreshed.is_none());
    assert_eq!(requests.len(), 1);
    assert_refresh_request(&requests[0]);

    // After a 401: the call, then the refused refresh, nothing more.
    let (result, requests) = get_contact(
        &oauth_conn(None),
        vec![unauthorized(), Reply::json(401, &json!({}))],
    );
    let err = error_json(&result.unwrap_err().error);
    assert_eq!(err["kind"], "reconnect-required");
    assert!(
        err["failure"]["message"]
            .as_str()
            .unwrap()
            .contains("reconnect")
    );
    assert_eq!(requests.len(), 2);
}

#[test]
fn private_tokens_are_never_refreshed() {
    let (result, requests) = get_contact(&common::conn(), vec![unauthorized()]);
    let failure = result.unwrap_err();
    assert_eq!(error_json(&failure.error)["kind"], "unauthenticated");
    assert!(failure.refreshed.is_none());
    assert_eq!(
        requests.len(),
        1,
        "no refresh for a Private Integration Token"
    );
}

#[test]
fn secrets_never_reach_an_error() {
    // A token endpoint that echoes what it was sent.
    let echo = Reply::json(
        400,
        &json!({"error_description": format!("bad {OLD_REFRESH} for {CLIENT_SECRET} ({TOKEN})")}),
    );
    let (result, _) = get_contact(&oauth_conn(Some(0)), vec![echo]);
    let text = error_json(&result.unwrap_err().error).to_string();
    for secret in [OLD_REFRESH, CLIENT_SECRET, TOKEN] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(text.contains("[redacted]"));
}

#[test]
fn a_poll_refreshes_once_across_pages_and_returns_the_tokens() {
    let conn = oauth_conn(None);
    let page = |ids: &[&str], more: bool| {
        Reply::json(
            200,
            &json!({"messages": {
                "lastMessageId": ids.last().unwrap(),
                "nextPage": more,
                "messages": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
            }}),
        )
    };
    let (mock, transport) = scripted(vec![
        unauthorized(),
        token_reply(),
        page(&["m2", "m1"], true),
        page(&["m0"], false),
    ]);
    let input = json!({"conversationId": "conv1", "limit": 2}).to_string();
    let result: PollResult = runtime()
        .block_on(connector().poll_trigger(
            &transport,
            &conn,
            "conversations.list_messages",
            &input,
            None,
            DEFAULT_POLL,
        ))
        .unwrap()
        .unwrap_or_else(|f| panic!("{}", error_json(&f.error)));
    assert_rotated(result.refreshed.as_ref().unwrap());
    let requests = mock.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(bearer(&requests[2]), format!("Bearer {NEW_ACCESS}"));
    assert_eq!(
        bearer(&requests[3]),
        format!("Bearer {NEW_ACCESS}"),
        "later pages use the new token"
    );
}

#[test]
fn list_options_hands_back_refreshed_tokens_too() {
    let conn = oauth_conn(Some(0));
    let (mock, transport) = scripted(vec![
        token_reply(),
        Reply::json(200, &json!({"pipelines": [{"id": "p1", "name": "Sales"}]})),
    ]);
    let list = runtime()
        .block_on(connector().list_options(
            &transport,
            &conn,
            "opportunities.create",
            "pipelineId",
            "{}",
        ))
        .unwrap()
        .unwrap_or_else(|f| panic!("{}", error_json(&f.error)));
    assert_eq!(list.choices[0].value, "p1");
    assert_rotated(list.refreshed.as_ref().unwrap());
    assert_eq!(mock.requests().len(), 2);
}

#[test]
fn exchanging_a_code_posts_the_exact_form() {
    let (mock, transport) = scripted(vec![token_reply()]);
    let tokens = runtime()
        .block_on(connector().exchange_code(
            &transport,
            &app(),
            "code 7676cjcbdc6t76cdcbkjcd09821jknnkj",
            Some("https://myapp.com/oauth/callback/gohighlevel?x=1"),
            UserType::Company,
            None,
        ))
        .unwrap()
        .unwrap_or_else(|e| panic!("{}", error_json(&e)));
    assert_rotated(&tokens);
    let req = &mock.requests()[0];
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/oauth/token")
    );
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(req.header("authorization"), None);
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        format!(
            "client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&grant_type=authorization_code&code=code+7676cjcbdc6t76cdcbkjcd09821jknnkj&user_type=Company&redirect_uri=https%3A%2F%2Fmyapp.com%2Foauth%2Fcallback%2Fgohighlevel%3Fx%3D1"
        )
    );

    // A refused code: start over, nothing else sent.
    let (mock, transport) = scripted(vec![Reply::json(400, &json!({"error": "invalid_grant"}))]);
    let err = runtime()
        .block_on(connector().exchange_code(
            &transport,
            &app(),
            "old",
            None,
            UserType::Location,
            None,
        ))
        .unwrap()
        .unwrap_err();
    assert_eq!(error_json(&err)["kind"], "reconnect-required");
    assert_eq!(mock.requests().len(), 1);
    assert!(
        !String::from_utf8(mock.requests()[0].body.clone())
            .unwrap()
            .contains("redirect_uri")
    );

    // Empty credentials never leave the component.
    let (mock, transport) = scripted(vec![]);
    let no_secret = OauthApp {
        client_secret: " ".into(),
        ..app()
    };
    let err = runtime()
        .block_on(connector().exchange_code(
            &transport,
            &no_secret,
            "c",
            None,
            UserType::Location,
            None,
        ))
        .unwrap()
        .unwrap_err();
    assert_eq!(error_json(&err)["field"], "app.client-secret");
    assert!(mock.requests().is_empty());
}

#[test]
fn an_explicit_refresh_posts_the_exact_form_and_rotates() {
    let (mock, transport) = scripted(vec![token_reply()]);
    let tokens = runtime()
        .block_on(connector().refresh_tokens(
            &transport,
            &app(),
            OLD_REFRESH,
            UserType::Location,
            None,
        ))
        .unwrap()
        .unwrap();
    assert_rotated(&tokens);
    assert_refresh_request(&mock.requests()[0]);
}

#[test]
fn a_location_token_is_minted_from_an_agency_token() {
    let (mock, transport) = scripted(vec![Reply::json(
        200,
        &json!({
            "access_token": "location-access-123456789",
            "token_type": "Bearer",
            "expires_in": 86399,
            "scope": "contacts.readonly",
            "locationId": "loc-1",
            "userId": "user-1"
        }),
    )]);
    let agency = Connection {
        location_id: None,
        ..common::conn()
    };
    let tokens = runtime()
        .block_on(connector().location_token(&transport, &agency, "comp-1", "loc-1"))
        .unwrap()
        .unwrap_or_else(|e| panic!("{}", error_json(&e)));
    assert_eq!(tokens.access_token, "location-access-123456789");
    assert_eq!(
        tokens.refresh_token, None,
        "location tokens have no refresh token"
    );
    assert_eq!(tokens.location_id.as_deref(), Some("loc-1"));
    let req = &mock.requests()[0];
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/oauth/locationToken")
    );
    assert_eq!(bearer(req), format!("Bearer {TOKEN}"));
    assert_eq!(req.header("version"), Some("2021-07-28"));
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        "companyId=comp-1&locationId=loc-1"
    );

    let (_, transport) = scripted(vec![Reply::json(
        403,
        &json!({"message": "The token does not have access"}),
    )]);
    let err = runtime()
        .block_on(connector().location_token(&transport, &agency, "comp-1", "loc-1"))
        .unwrap()
        .unwrap_err();
    let err = error_json(&err);
    assert_eq!(err["kind"], "forbidden");
    assert_eq!(err["required_scopes"], json!(["oauth.write"]));
}

fn authorize(keys: &[&str], options: AuthorizeOptions, redirect: &str) -> Result<String, Value> {
    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    runtime()
        .block_on(connector().authorize_url(CLIENT_ID, redirect, &keys, &options))
        .unwrap()
        .map_err(|e| error_json(&e))
}

fn plain() -> AuthorizeOptions {
    AuthorizeOptions {
        white_label: false,
        login_in_same_window: false,
        extra_scopes: Vec::new(),
        state: None,
    }
}

#[test]
fn the_authorize_url_asks_for_the_scopes_of_the_chosen_operations() {
    let url = authorize(
        &[
            "contacts.get",
            "contacts.create",
            "opportunities.search",
            "webhooks.contact_create",
            "contacts.list_notes",
        ],
        plain(),
        "https://myapp.com/oauth/callback/gohighlevel",
    )
    .unwrap();
    assert_eq!(
        url,
        format!(
            "https://marketplace.gohighlevel.com/v2/oauth/chooselocation?response_type=code&redirect_uri=https%3A%2F%2Fmyapp.com%2Foauth%2Fcallback%2Fgohighlevel&client_id={CLIENT_ID}&scope=contacts.readonly+contacts.write+opportunities.readonly"
        )
    );
    let url = authorize(
        &["users.search"],
        AuthorizeOptions {
            white_label: true,
            login_in_same_window: true,
            extra_scopes: vec!["oauth.write".into(), "users.readonly".into()],
            state: Some("csrf 1".into()),
        },
        "http://localhost:8080/cb",
    )
    .unwrap();
    assert!(
        url.starts_with("https://marketplace.leadconnectorhq.com/v2/oauth/chooselocation?"),
        "{url}"
    );
    assert!(
        url.contains("&scope=oauth.write+users.readonly&state=csrf+1&loginWindowOpenMode=self"),
        "{url}"
    );
}

#[test]
fn a_bad_authorize_request_is_refused() {
    let err = authorize(&["contacts.nope"], plain(), "https://a.example/cb").unwrap_err();
    assert_eq!(err["field"], "operation-keys");
    assert!(err["message"].as_str().unwrap().contains("contacts.nope"));
    assert_eq!(
        authorize(&[], plain(), "https://a.example/cb").unwrap_err()["field"],
        "operation-keys"
    );
    for redirect in [
        "http://myapp.com/cb",
        "myapp.com/cb",
        "https:///cb",
        "https://a.example/cb#x",
        "https://a b/cb",
    ] {
        let err = authorize(&["contacts.get"], plain(), redirect).unwrap_err();
        assert_eq!(err["field"], "redirect-uri", "{redirect}");
    }
    let mut bad_scope = plain();
    bad_scope.extra_scopes = vec!["two words".into()];
    assert_eq!(
        authorize(&["contacts.get"], bad_scope, "https://a.example/cb").unwrap_err()["field"],
        "options.extra-scopes"
    );
}

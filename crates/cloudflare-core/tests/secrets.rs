//! No secret from a token create or roll response ever shows in an error: not in `Display`, not
//! in `Debug` (plain or pretty), not anywhere in the `source` chain, whether the response is
//! truncated, reshaped, or a server error echoing the body. The raw bytes stay available through
//! the explicit `body()` accessor.

use std::error::Error as _;
use std::time::{Instant, SystemTime};

use cloudflare_core::call::{Call, Step};
use cloudflare_core::error::ErrorKind;
use cloudflare_core::{ClientOptions, Config, Credentials, Error, Operation, accounts, user};

const BARE: &str = "result is the bare secret";
const SECRET: &str = "TOPSECRET-8M7wS6hCpXVc-DoRWPZM";

fn response(status: u16, content_type: &str, body: String) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .header("cf-ray", "8c1f-SJC")
        .body(body.into_bytes())
        .unwrap()
}

/// Every broken answer to a create or roll this test knows, with the kind it must have.
fn broken_answers() -> Vec<(&'static str, http::Response<Vec<u8>>, ErrorKind)> {
    let json = "application/json";
    let token = format!(
        r#"{{"id":"ed17574386854bf78a67040be0a770b0","name":"t","status":"active","value":"{SECRET}"}}"#
    );
    let whole = format!(r#"{{"success":true,"errors":[],"messages":[],"result":{token}}}"#);
    vec![
        (
            "truncated",
            response(200, json, whole[..whole.len() - 8].to_owned()),
            ErrorKind::Decode,
        ),
        (
            BARE,
            response(
                200,
                json,
                format!(r#"{{"success":true,"result":"{SECRET}"}}"#),
            ),
            ErrorKind::Decode,
        ),
        (
            "result is a list holding the secret",
            response(
                200,
                json,
                format!(r#"{{"success":true,"result":["{SECRET}"]}}"#),
            ),
            ErrorKind::Decode,
        ),
        (
            "a field of the wrong type holds the secret",
            response(
                200,
                json,
                format!(
                    r#"{{"success":true,"result":{{"id":"{SECRET}","value":{{"v":"{SECRET}"}},"expires_on":"{SECRET}"}}}}"#
                ),
            ),
            ErrorKind::Decode,
        ),
        (
            "trailing bytes after the envelope",
            response(200, json, format!("{whole}{SECRET}")),
            ErrorKind::Decode,
        ),
        (
            "a 502 page echoing the upstream body",
            response(502, "text/html", format!("<html><pre>{whole}</pre></html>")),
            ErrorKind::Server,
        ),
        (
            "a 500 envelope whose message echoes the body",
            response(
                500,
                json,
                format!(
                    r#"{{"success":false,"errors":[{{"code":1000,"message":"upstream said {whole:?}","error_chain":[{{"code":1001,"message":"{SECRET}"}}]}}],"messages":["{SECRET}"],"result":{token}}}"#
                ),
            ),
            ErrorKind::Server,
        ),
        (
            "success false on a 200 echoing the body",
            response(
                200,
                json,
                format!(
                    r#"{{"success":false,"errors":[{{"code":1000,"message":"{SECRET}"}}],"messages":[],"result":{token}}}"#
                ),
            ),
            ErrorKind::InvalidRequest,
        ),
        (
            "a 200 that is not JSON at all",
            response(200, "text/plain", format!("value={SECRET}")),
            ErrorKind::Decode,
        ),
    ]
}

/// Every rendering of `err` a program might log.
fn renderings(err: &Error) -> Vec<String> {
    let mut out = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = err.source();
    while let Some(e) = source {
        out.push(e.to_string());
        out.push(format!("{e:?}"));
        source = e.source();
    }
    out
}

fn assert_no_secret<O: Operation>(what: &str, err: &Error, kind: ErrorKind) {
    for text in renderings(err) {
        assert!(
            !text.contains(SECRET) && !text.contains("TOPSECRET"),
            "{} / {what}: the secret shows in {text}",
            O::INFO.name
        );
    }
    assert_eq!(err.kind(), kind, "{} / {what}: {err}", O::INFO.name);
    // Still useful: the cf-ray, and the raw bytes on explicit request.
    assert_eq!(err.cf_ray(), Some("8c1f-SJC"), "{what}");
    assert!(
        String::from_utf8_lossy(err.body().unwrap_or_default()).contains("TOPSECRET"),
        "{what}: the raw body is not kept"
    );
}

fn check<O: Operation>() {
    assert!(
        O::SENSITIVE_RESPONSE,
        "{} is not marked sensitive",
        O::INFO.name
    );
    for (what, answer, kind) in broken_answers() {
        // The parser alone.
        let err = match O::parse_response(&answer) {
            Err(err) => err,
            // A roll's result is the bare secret: that one is right for it.
            Ok(_) if what == BARE && O::INFO.name.ends_with(".value.update") => continue,
            Ok(_) => panic!("{} / {what}: parsed", O::INFO.name),
        };
        assert_no_secret::<O>(what, &err, kind);
        if let Error::Decode(d) = &err {
            assert_eq!(d.operation, Some(O::INFO.name), "{what}");
        }
    }
}

/// The same through the call machine, as the clients see it (no retries: a roll is never re-sent).
fn check_through_call<O: Operation>(op: &O) {
    let options = ClientOptions::new(Config::new(Credentials::api_token("t")).unwrap())
        .retry(cloudflare_core::RetryPolicy::never());
    for (what, answer, kind) in broken_answers() {
        let now = Instant::now();
        let mut call = Call::new(op, &options, now).unwrap();
        assert!(matches!(call.poll(now), Step::Send(_)));
        call.on_response(answer, now, SystemTime::now());
        let Step::Done(Ok(response)) = call.poll(now) else {
            panic!("{what}: the call did not end with the response");
        };
        let err = match call.parse::<O, _>(&response) {
            Err(err) => err,
            Ok(_) if what == BARE => continue,
            Ok(_) => panic!("{what}: parsed"),
        };
        assert_no_secret::<O>(what, &err, kind);
    }
}

#[test]
fn token_creates_and_rolls_never_show_the_secret_in_errors() {
    check::<accounts::tokens::Create>();
    check::<accounts::tokens::value::Update>();
    check::<user::tokens::Create>();
    check::<user::tokens::value::Update>();
    check_through_call(&user::tokens::value::Update::new(
        "ed17574386854bf78a67040be0a770b0",
    ));
    check_through_call(&accounts::tokens::value::Update::new(
        "023e105f4ecef8ad9ca31a8372d0c353",
        "ed17574386854bf78a67040be0a770b0",
    ));
}

#[test]
fn a_refused_create_still_says_why() {
    // A 4xx made no token, so its messages are shown.
    let answer = response(
        400,
        "application/json",
        r#"{"success":false,"errors":[{"code":1001,"message":"Invalid permission group"}],"messages":[]}"#
            .to_owned(),
    );
    let err = user::tokens::value::Update::parse_response(&answer).unwrap_err();
    assert!(
        err.to_string().contains("Invalid permission group"),
        "{err}"
    );
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
}

#[test]
fn other_operations_show_a_bounded_text_snippet_in_debug_only() {
    let body = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"id":"u","email":{}}}}}"#,
        "1".repeat(5000)
    );
    let err = user::Get::parse_response(&response(200, "application/json", body)).unwrap_err();
    let display = err.to_string();
    assert!(!display.contains(r#""id":"u""#), "{display}");
    assert!(display.contains("`user.get`"), "{display}");
    let debug = format!("{err:?}");
    assert!(debug.contains(r#"{\"success\":true"#), "{debug}");
    assert!(!debug.contains("[123, 34"), "a byte array: {debug}");
    assert!(debug.len() < 1000, "{} bytes of Debug", debug.len());
}

//! Property tests of the sans-IO core: path and query encoding, request bodies, response parsers,
//! paginators and the retry policy, driven by arbitrary (and hostile) inputs.
//!
//! Failing cases are written to `tests/proptest-regressions/properties.txt` and committed, so
//! they are replayed first on every later run. `cargo test -p cloudflare-core --test properties`
//! runs it all in seconds.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Debug;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use cloudflare_core::accounts::members;
use cloudflare_core::accounts::roles::{Grants, Permissions};
use cloudflare_core::call::{Call, Failure, Step};
use cloudflare_core::encoding::render_path;
use cloudflare_core::error::RequestError;
use cloudflare_core::models::profile::Profile;
use cloudflare_core::models::subscription::{RatePlan, SubscriptionFrequency};
use cloudflare_core::models::token::{
    Condition, PermissionGroup, PermissionGroupMeta, Policy as TokenPolicy, RequestIp, Resource,
    TokenBody, TokenStatus,
};
use cloudflare_core::operation::AUTH_TOKEN;
use cloudflare_core::pagination::StopReason;
use cloudflare_core::pagination::{Page, parse_page};
use cloudflare_core::query::{Query, decode_query};
use cloudflare_core::response::{Response, parse};
use cloudflare_core::retry::{Decision, Outcome, RetryPolicy};
use cloudflare_core::{
    Config, Credentials, Error, ListOperation, Operation, OperationInfo, PageRequest, Pagination,
    Paginator, Patch, Timestamp, accounts, catalogue, organizations, user,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// `n` cases per property; failures are saved in `tests/proptest-regressions/properties.txt`
/// (relative to the package, where `cargo test` runs) and replayed first from then on.
fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    }
}

fn config() -> Config {
    Config::new(Credentials::api_token("token")).expect("a token config")
}

/// The path below the base URL (`/client/v4`), split into segments.
fn segments_below_base(uri: &http::Uri) -> Vec<&str> {
    let path = uri
        .path()
        .strip_prefix("/client/v4/")
        .unwrap_or_else(|| panic!("{uri} is not below the base URL"));
    path.split('/').collect()
}

fn decode_segment(segment: &str) -> String {
    percent_decode_str(segment)
        .decode_utf8()
        .unwrap_or_else(|e| panic!("segment {segment:?} is not UTF-8 once decoded: {e}"))
        .into_owned()
}

/// Characters that break naive path and query building.
const NASTY: &str = "[/.?#%&=+;: ~_\\-\\\\a-zA-Z0-9\u{0}\t\n\"'<>`{}|^\\[\\]éü\u{2028}😀]{0,12}";

/// Any string, biased towards the characters that break URLs, and the three refused values.
fn any_id() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        4 => NASTY,
        1 => Just(String::new()),
        1 => Just(".".to_owned()),
        1 => Just("..".to_owned()),
        1 => "\\.{1,4}",
        1 => "%[0-9a-fA-F]{2}",
    ]
}

fn is_refused(id: &str) -> bool {
    matches!(id, "" | "." | "..")
}

/// Arbitrary JSON numbers: integers of both signs and finite floats.
fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
    ]
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[a-z_]{1,8}", 1 => NASTY, 1 => any::<String>()]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        any::<String>().prop_map(Value::String),
        NASTY.prop_map(Value::String),
    ]
}

/// Arbitrary JSON, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(json_key(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map(json_key(), json_value(), 0..6)
        .prop_map(|m| m.into_iter().collect())
}

fn response(status: u16, json_content_type: bool, body: &[u8]) -> http::Response<&[u8]> {
    let mut builder = http::Response::builder()
        .status(status)
        .header("cf-ray", "ray-1");
    if json_content_type {
        builder = builder.header("content-type", "application/json");
    }
    builder.body(body).expect("a valid response")
}

fn owned_response(status: u16, body: Vec<u8>) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body)
        .expect("a valid response")
}

// ---------------------------------------------------------------------------------------------
// Test-only operations: a two-parameter path and a cursor listing
// ---------------------------------------------------------------------------------------------

/// A two-parameter path, independent of which member operations the core defines yet.
#[derive(Clone, Debug)]
struct MemberGet {
    account_id: String,
    member_id: String,
}

impl Operation for MemberGet {
    const INFO: OperationInfo = OperationInfo {
        name: "test.members.get",
        operation_id: "test-members-get",
        method: Method::GET,
        path: "/accounts/{account_id}/members/{member_id}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Value;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("account_id", &self.account_id),
            ("member_id", &self.member_id),
        ]
    }

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, Error> {
        parse(response)
    }
}

/// A cursor listing of numbers, sending its cursor as `?cursor=`.
#[derive(Clone, Debug, Default)]
struct CursorList {
    cursor: Option<String>,
}

impl Operation for CursorList {
    const INFO: OperationInfo = OperationInfo {
        name: "test.cursor.list",
        operation_id: "test-cursor-list",
        method: Method::GET,
        path: "/test/cursor",
        pagination: Pagination::Cursor,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Page<u32>;

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        if let Some(cursor) = &self.cursor {
            query.push("cursor", cursor);
        }
        Ok(())
    }

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, Error> {
        parse_page::<Self, u32, B>(response)
    }
}

impl ListOperation for CursorList {
    type Item = u32;

    fn set_page(&mut self, page: PageRequest) {
        if let PageRequest::Cursor(cursor) = page {
            self.cursor = Some(cursor);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Paths: any ID stays in its segment
// ---------------------------------------------------------------------------------------------

/// Checks a built request: refused IDs give `InvalidRequest`, anything else a parseable URI with
/// `expected.len()` segments below the base, each decoding back to exactly what was given.
/// `expected` holds `Some(id)` for parameter segments and `None` for literal ones.
fn check_path<O: Operation>(op: &O, expected: &[(Option<&str>, &str)]) {
    let refused = expected.iter().any(|(id, _)| id.is_some_and(is_refused));
    match op.to_request(&config()) {
        Err(Error::InvalidRequest(RequestError::InvalidPathParam { .. })) if refused => {}
        Err(e) => panic!("{expected:?}: unexpected error {e:?}"),
        Ok(_) if refused => panic!("{expected:?}: a refused ID was accepted"),
        Ok(request) => {
            let uri = request.uri();
            let reparsed: http::Uri = uri.to_string().parse().expect("the URI reparses");
            assert_eq!(&reparsed, uri);
            assert_eq!(uri.query(), None, "{uri}: the ID leaked into the query");
            assert!(!uri.to_string().contains('#'), "{uri}: a fragment appeared");
            assert_eq!(uri.host(), Some("api.cloudflare.com"));
            let segments = segments_below_base(uri);
            assert_eq!(segments.len(), expected.len(), "{uri}");
            for (segment, (id, literal)) in segments.iter().zip(expected) {
                match id {
                    Some(id) => assert_eq!(&decode_segment(segment), id, "{uri}"),
                    None => assert_eq!(segment, literal, "{uri}"),
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_account_id_stays_in_its_segment(id in any_id()) {
        let lit = |s| (None, s);
        check_path(&accounts::Get::new(id.clone()), &[lit("accounts"), (Some(&id), "")]);
        check_path(&accounts::Delete::new(id.clone()), &[lit("accounts"), (Some(&id), "")]);
        check_path(
            &accounts::Update::new(id.clone(), "n", accounts::AccountType::Standard),
            &[lit("accounts"), (Some(&id), "")],
        );
        check_path(
            &accounts::moves::Create::new(id.clone(), "org"),
            &[lit("accounts"), (Some(&id), ""), lit("move")],
        );
        check_path(
            &organizations::Get::new(id.clone()),
            &[lit("organizations"), (Some(&id), "")],
        );
    }

    /// Every path template of the catalogue, filled with arbitrary IDs.
    #[test]
    fn every_catalogue_path_keeps_ids_in_their_segments(ids in prop::collection::vec(any_id(), 3)) {
        for info in catalogue() {
            let template: &'static str = info.path;
            let names: Vec<&'static str> = template
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            let params: Vec<(&'static str, &str)> =
                names.iter().zip(ids.iter().cycle()).map(|(n, id)| (*n, id.as_str())).collect();
            let mut path = String::new();
            let result = render_path(&mut path, template, &params);
            if params.iter().any(|(_, id)| is_refused(id)) {
                prop_assert!(
                    matches!(result, Err(RequestError::InvalidPathParam { .. })),
                    "{}: {:?}", info.name, result
                );
                continue;
            }
            prop_assert!(result.is_ok(), "{}: {:?}", info.name, result);
            let uri: http::Uri = format!("https://h{path}").parse().unwrap();
            prop_assert_eq!(uri.path(), path.as_str());
            let got: Vec<&str> = path.split('/').collect();
            let want: Vec<&str> = template.split('/').collect();
            prop_assert_eq!(got.len(), want.len(), "{} -> {}", template, path);
            let mut values = params.iter().map(|(_, id)| *id);
            for (segment, literal) in got.iter().zip(&want) {
                if literal.starts_with('{') {
                    prop_assert_eq!(decode_segment(segment), values.next().unwrap());
                } else {
                    prop_assert_eq!(segment, literal);
                }
            }
        }
    }

    #[test]
    fn two_ids_stay_in_their_segments(account in any_id(), member in any_id()) {
        let expected = [(None, "accounts"), (Some(account.as_str()), ""), (None, "members"), (Some(member.as_str()), "")];
        check_path(&MemberGet { account_id: account.clone(), member_id: member.clone() }, &expected);
        check_path(&accounts::members::Get::new(account.clone(), member.clone()), &expected);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Queries: nested values round-trip through `Query::extend` and `decode_query`
// ---------------------------------------------------------------------------------------------

/// A flattened query value: text, or a number (compared by value, so `1.0` may be written `1`).
#[derive(Clone, Debug, PartialEq)]
enum Flat {
    Text(String),
    Number(f64),
}

/// The flattening rule, written independently of the encoder: dotted keys for objects,
/// repeated keys for arrays, null skipped, `true`/`false`, numbers by value.
fn flatten(key: &str, value: &Value, out: &mut Vec<(String, Flat)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((key.to_owned(), Flat::Text(b.to_string()))),
        // Integers must come back digit for digit.
        Value::Number(n) if n.is_f64() => {
            out.push((key.to_owned(), Flat::Number(n.as_f64().unwrap())))
        }
        Value::Number(n) => out.push((
            key.to_owned(),
            Flat::Text(serde_json::to_string(n).unwrap()),
        )),
        Value::String(s) => out.push((key.to_owned(), Flat::Text(s.clone()))),
        Value::Array(items) => items.iter().for_each(|item| flatten(key, item, out)),
        Value::Object(map) => {
            for (inner, value) in map {
                flatten(&format!("{key}.{inner}"), value, out);
            }
        }
    }
}

/// Whether `decoded` is `expected`, pair by pair and in order: where a number is expected, the
/// text must parse as exactly that number (`1.0` may be written `1`).
fn same_pairs(decoded: &[(String, String)], expected: &[(String, Flat)]) -> bool {
    decoded.len() == expected.len()
        && decoded.iter().zip(expected).all(|((k, v), (ek, ev))| {
            k == ek
                && match ev {
                    Flat::Text(text) => v == text,
                    Flat::Number(n) => v.parse::<f64>().is_ok_and(|parsed| parsed == *n),
                }
        })
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

/// Only RFC 3986 unreserved characters, `%XX` escapes, `&` and `=` may appear.
fn assert_query_charset(encoded: &str) {
    let bytes = encoded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            assert!(
                i + 2 < bytes.len()
                    && bytes[i + 1].is_ascii_hexdigit()
                    && bytes[i + 2].is_ascii_hexdigit(),
                "bad escape in {encoded:?}"
            );
            i += 3;
            continue;
        }
        assert!(
            b.is_ascii_alphanumeric() || b"-._~&=".contains(&b),
            "unescaped {:?} in {encoded:?}",
            b as char
        );
        i += 1;
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn nested_queries_round_trip(params in json_object()) {
        let mut query = Query::new();
        query.extend(&params).unwrap();
        let mut expected = Vec::new();
        for (key, value) in &params {
            flatten(key, value, &mut expected);
        }
        assert_query_charset(query.as_str());
        let decoded = decode_query(query.as_str()).expect("the query decodes as UTF-8");
        prop_assert!(same_pairs(&decoded, &expected), "{:?} != {:?}", decoded, expected);
        prop_assert_eq!(query.is_empty(), expected.is_empty());
        let uri: http::Uri = format!("https://h/p?{}", query.as_str()).parse().unwrap();
        prop_assert_eq!(uri.query().unwrap_or(""), query.as_str());
    }

    #[test]
    fn only_objects_and_null_are_queries(value in json_value()) {
        prop_assume!(value.get("").is_none());
        let mut query = Query::new();
        let result = query.extend(&value);
        match value {
            Value::Object(_) | Value::Null => prop_assert!(result.is_ok()),
            _ => prop_assert!(matches!(result, Err(RequestError::Serialize(_)))),
        }
    }

    #[test]
    fn list_filters_reach_the_uri(
        name in prop::option::of(any_id()),
        page in prop::option::of(any::<u32>()),
        per_page in prop::option::of(any::<u32>()),
        direction in prop::option::of(prop_oneof!["asc", "desc", NASTY]),
    ) {
        let op = accounts::List {
            name: name.clone(),
            page,
            per_page,
            direction: direction.as_deref().map(cloudflare_core::Direction::from),
        };
        let request = op.to_request(&config()).unwrap();
        let mut expected = Vec::new();
        if let Some(name) = name { expected.push(("name".to_owned(), name)); }
        if let Some(page) = page { expected.push(("page".to_owned(), page.to_string())); }
        if let Some(p) = per_page { expected.push(("per_page".to_owned(), p.to_string())); }
        if let Some(d) = direction { expected.push(("direction".to_owned(), d)); }
        let decoded = decode_query(request.uri().query().unwrap_or("")).unwrap();
        prop_assert_eq!(sorted(decoded), sorted(expected));
        prop_assert_eq!(segments_below_base(request.uri()), vec!["accounts"]);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Request bodies: what is sent is exactly the JSON built independently
// ---------------------------------------------------------------------------------------------

/// Builds `op`'s request and checks it carries exactly `expected` as a JSON body.
fn check_body<O: Operation>(op: &O, expected: &Value) -> Result<(), TestCaseError> {
    let request = op
        .to_request(&config())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(request.method(), &O::INFO.method);
    prop_assert_eq!(
        request
            .headers()
            .get("content-type")
            .map(HeaderValue::as_bytes),
        Some(&b"application/json"[..])
    );
    let sent: Value = serde_json::from_slice(request.body())
        .map_err(|e| TestCaseError::fail(format!("the body is not JSON: {e}")))?;
    prop_assert_eq!(&sent, expected);
    Ok(())
}

fn account_type() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("standard".to_owned()),
        Just("enterprise".to_owned()),
        any::<String>()
    ]
}

/// Inserts `key: value` when `value` is `Some`.
fn put<T: Into<Value>>(object: &mut Value, key: &str, value: Option<T>) {
    if let Some(value) = value {
        object[key] = value.into();
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn account_create_bodies(
        name in any::<String>(),
        kind in prop::option::of(account_type()),
        unit in prop::option::of(prop::option::of(any::<String>())),
    ) {
        let mut op = accounts::Create::new(name.clone());
        op.account_type = kind.as_deref().map(accounts::AccountType::from);
        op.unit = unit.clone().map(|id| accounts::Unit { id });
        let mut expected = json!({ "name": name });
        put(&mut expected, "type", kind);
        put(&mut expected, "unit", unit.map(|id| {
            let mut unit = json!({});
            put(&mut unit, "id", id);
            unit
        }));
        check_body(&op, &expected)?;
    }

    #[test]
    fn account_update_bodies(
        id in any_id().prop_filter("a usable ID", |id| !is_refused(id)),
        name in any::<String>(),
        kind in account_type(),
        settings in prop::option::of((
            prop::option::of(any::<String>()),
            prop::option::of(any::<bool>()),
        )),
    ) {
        let mut op = accounts::Update::new(id.clone(), name.clone(), accounts::AccountType::from(kind.as_str()));
        op.settings = settings.clone().map(|(email, twofactor)| accounts::AccountSettings {
            abuse_contact_email: email,
            enforce_twofactor: twofactor,
        });
        let mut expected = json!({ "id": id, "name": name, "type": kind });
        put(&mut expected, "settings", settings.map(|(email, twofactor)| {
            let mut settings = json!({});
            put(&mut settings, "abuse_contact_email", email);
            put(&mut settings, "enforce_twofactor", twofactor);
            settings
        }));
        check_body(&op, &expected)?;
    }

    #[test]
    fn move_bodies(
        ids in prop::collection::vec(any::<String>(), 0..5),
        account in any_id().prop_filter("a usable ID", |id| !is_refused(id)),
        destination in any::<String>(),
    ) {
        check_body(
            &accounts::moves::Batch::new(ids.clone(), destination.clone()),
            &json!({ "account_ids": ids, "destination_organization_id": destination }),
        )?;
        check_body(
            &accounts::moves::Create::new(account, destination.clone()),
            &json!({ "destination_organization_id": destination }),
        )?;
    }

    #[test]
    fn organization_bodies(
        id in any_id().prop_filter("a usable ID", |id| !is_refused(id)),
        name in any::<String>(),
        parent in prop::option::of(any::<String>()),
    ) {
        let mut expected = json!({ "name": name });
        put(&mut expected, "parent", parent.clone().map(|id| json!({ "id": id })));

        let mut create = organizations::Create::new(name.clone());
        create.parent = parent.clone().map(organizations::ParentRef::new);
        check_body(&create, &expected)?;

        let mut update = organizations::Update::new(id, name.clone());
        update.parent = parent.map(organizations::ParentRef::new);
        check_body(&update, &expected)?;
    }
}

// ---------------------------------------------------------------------------------------------
// 3b. Request bodies round-trip: every body reads back as exactly what was sent
// ---------------------------------------------------------------------------------------------

/// Every operation that sends a body (POST, PUT, PATCH), by catalogue name. Each has a
/// property below calling [`round_trips`], which refuses operations missing from this list;
/// `every_operation_with_a_body_is_round_tripped` compares the list with the catalogue.
const BODY_OPERATIONS: &[&str] = &[
    "accounts.create",
    "accounts.update",
    "accounts.move.batch",
    "accounts.move.create",
    "accounts.members.create",
    "accounts.members.update",
    "accounts.profile.update",
    "accounts.subscriptions.create",
    "accounts.subscriptions.update",
    "accounts.tokens.create",
    "accounts.tokens.update",
    "accounts.tokens.value.update",
    "organizations.create",
    "organizations.update",
    "organizations.members.create",
    "organizations.profile.update",
    "user.edit",
    "user.invites.edit",
    "user.subscriptions.update",
    "user.tokens.create",
    "user.tokens.update",
    "user.tokens.value.update",
];

#[test]
fn every_operation_with_a_body_is_round_tripped() {
    let listed: BTreeSet<&str> = BODY_OPERATIONS.iter().copied().collect();
    assert_eq!(
        listed.len(),
        BODY_OPERATIONS.len(),
        "a name is listed twice"
    );
    let with_body: BTreeSet<&str> = catalogue()
        .iter()
        .filter(|info| [Method::POST, Method::PUT, Method::PATCH].contains(&info.method))
        .map(|info| info.name)
        .collect();
    assert_eq!(listed, with_body);
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// Checks what `op` sends: a JSON object without the path parameters, which reads back into
/// the body type as `expected` (the operation without its path parameters, or its body field)
/// and writes again to the same bytes; the request carries exactly those bytes as
/// `application/json`. Returns the body, for checks of its shape.
fn round_trips<O, B>(op: &O, expected: &B) -> Result<Map<String, Value>, TestCaseError>
where
    O: Operation,
    B: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let name = O::INFO.name;
    prop_assert!(
        BODY_OPERATIONS.contains(&name),
        "{} is not in BODY_OPERATIONS",
        name
    );
    let bytes = op
        .body()
        .map_err(fail)?
        .ok_or_else(|| fail(format!("{name}: no body")))?;
    let json = match serde_json::from_slice(&bytes).map_err(fail)? {
        Value::Object(json) => json,
        other => return Err(fail(format!("{name}: the body is not an object: {other}"))),
    };
    for (param, _) in op.path_params() {
        prop_assert!(
            !json.contains_key(param),
            "{}: the path parameter {} is in the body",
            name,
            param
        );
    }
    let back: B = serde_json::from_slice(&bytes).map_err(|e| {
        fail(format!(
            "{name}: {e} in {}",
            String::from_utf8_lossy(&bytes)
        ))
    })?;
    prop_assert_eq!(&back, expected);
    let again = serde_json::to_vec(&back).map_err(fail)?;
    prop_assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&bytes)
    );

    let request = op.to_request(&config()).map_err(fail)?;
    prop_assert_eq!(request.method(), &O::INFO.method);
    prop_assert_eq!(
        request
            .headers()
            .get("content-type")
            .map(HeaderValue::as_bytes),
        Some(&b"application/json"[..])
    );
    prop_assert_eq!(request.body(), &bytes);
    Ok(json)
}

/// Text as users type it: any Unicode, and the characters JSON must escape.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        2 => NASTY,
        1 => "[\"'\\\\/\\x00-\\x1f\\x7f\u{2028}\u{2029}\u{fffd}😀a]{0,6}",
    ]
}

fn usable_id() -> impl Strategy<Value = String> {
    any_id().prop_filter("a usable ID", |id| !is_refused(id))
}

/// A value of a string enum: one of the `known` values, or almost surely an unknown one.
/// (`Unknown("allow")` is not generated: it writes `"allow"`, which reads as the known value.)
fn known_or_not<E>(known: &'static [&'static str]) -> impl Strategy<Value = E>
where
    E: for<'a> From<&'a str> + Clone + Debug,
{
    prop_oneof![
        prop::sample::select(known).prop_map(E::from),
        text().prop_map(|s| E::from(s.as_str())),
    ]
}

/// Any text, kept as is (RFC 3339 or not), or an instant written as RFC 3339.
///
/// Instants are limited to what RFC 3339 can write: years 0 to 9999, offsets in whole minutes.
/// Beyond that `Timestamp::from` falls back to Unix seconds as text, which reads back unparsed.
fn timestamp() -> impl Strategy<Value = Timestamp> {
    const YEAR_0: i128 = -62_167_219_200;
    const YEAR_10000: i128 = 253_402_300_800;
    const DAY: i128 = 86_400;
    prop_oneof![
        text().prop_map(Timestamp::parse),
        (
            (YEAR_0 + DAY) * 1_000_000_000..(YEAR_10000 - DAY) * 1_000_000_000,
            -1439i32..1440,
        )
            .prop_map(|(nanos, minutes)| {
                let offset = time::UtcOffset::from_whole_seconds(minutes * 60).unwrap();
                let instant = time::OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap();
                Timestamp::from(instant.to_offset(offset))
            }),
    ]
}

fn patch(value: impl Strategy<Value = String>) -> impl Strategy<Value = Patch<String>> {
    prop_oneof![
        Just(Patch::Keep),
        value.prop_map(Patch::Set),
        Just(Patch::Clear)
    ]
}

/// Small JSON values: a few levels of arrays and objects.
///
/// Numbers are those `serde_json` reads back exactly: without its `float_roundtrip` feature,
/// a few floats (such as `1.5224158424960181e-151`) read back one ULP off. They are written
/// exactly, so what is sent is right; only reading them back here would differ.
fn small_json() -> impl Strategy<Value = Value> {
    let exact_number = json_number().prop_filter("reads back exactly", |n| {
        serde_json::from_str::<Value>(&n.to_string()).is_ok_and(|back| back == *n)
    });
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        exact_number,
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map(json_key(), inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn profile() -> impl Strategy<Value = Profile> {
    (text(), text(), text(), text(), text()).prop_map(
        |(business_address, business_email, business_name, business_phone, external_metadata)| {
            Profile {
                business_address,
                business_email,
                business_name,
                business_phone,
                external_metadata,
            }
        },
    )
}

fn frequency() -> impl Strategy<Value = Option<SubscriptionFrequency>> {
    prop::option::of(known_or_not(&["weekly", "monthly", "quarterly", "yearly"]))
}

fn rate_plan() -> impl Strategy<Value = Option<RatePlan>> {
    let id = known_or_not(&["free", "pro", "business", "enterprise", "partners_pro"]);
    let plan = (
        prop::option::of(id),
        prop::option::of(text()),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(prop::collection::vec(text(), 0..3)),
    )
        .prop_map(
            |(id, currency, externally_managed, is_contract, public_name, scope, sets)| RatePlan {
                id,
                currency,
                externally_managed,
                is_contract,
                public_name,
                scope,
                sets,
            },
        );
    prop::option::of(plan)
}

/// The areas `Permissions` declares. An `other` entry under one of these names would be
/// written twice (or read back into the declared field), so `other` never uses them.
const PERMISSION_AREAS: [&str; 12] = [
    "analytics",
    "billing",
    "cache_purge",
    "dns",
    "dns_records",
    "lb",
    "logs",
    "organization",
    "ssl",
    "waf",
    "zone_settings",
    "zones",
];

fn grants() -> impl Strategy<Value = Grants> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(read, write)| Grants { read, write })
}

fn permissions() -> impl Strategy<Value = Permissions> {
    let other_area = prop_oneof!["[a-z_]{1,12}", text()].prop_filter("an undeclared area", |key| {
        !PERMISSION_AREAS.contains(&key.as_str())
    });
    (
        prop::array::uniform12(prop::option::of(grants())),
        prop::collection::btree_map(other_area, grants(), 0..3),
    )
        .prop_map(|(areas, other)| {
            let [
                analytics,
                billing,
                cache_purge,
                dns,
                dns_records,
                lb,
                logs,
                organization,
                ssl,
                waf,
                zone_settings,
                zones,
            ] = areas;
            Permissions {
                analytics,
                billing,
                cache_purge,
                dns,
                dns_records,
                lb,
                logs,
                organization,
                ssl,
                waf,
                zone_settings,
                zones,
                other,
            }
        })
}

fn policy_request() -> impl Strategy<Value = members::PolicyRequest> {
    (
        known_or_not(&["allow", "deny"]),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(text(), 0..3),
    )
        .prop_map(|(access, permission_groups, resource_groups)| {
            members::PolicyRequest::new(access, permission_groups, resource_groups)
        })
}

fn access() -> impl Strategy<Value = members::Access> {
    let role = (text(), prop::option::of(permissions()))
        .prop_map(|(id, permissions)| members::RoleRef { id, permissions });
    prop_oneof![
        prop::collection::vec(role, 0..3).prop_map(members::Access::Roles),
        prop::collection::vec(policy_request(), 0..3).prop_map(members::Access::Policies),
    ]
}

/// Checks that a member body grants access by roles or by policies, never both.
fn check_access(json: &Map<String, Value>, by_roles: bool) -> Result<(), TestCaseError> {
    prop_assert_eq!(json.contains_key("roles"), by_roles, "{:?}", json);
    prop_assert_eq!(json.contains_key("policies"), !by_roles, "{:?}", json);
    Ok(())
}

fn permission_group() -> impl Strategy<Value = PermissionGroup> {
    // `key` and `value` are declared fields: `other` never uses them (see PERMISSION_AREAS).
    let other_key =
        json_key().prop_filter("an undeclared attribute", |k| k != "key" && k != "value");
    let meta = (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::collection::btree_map(other_key, small_json(), 0..3),
    )
        .prop_map(|(key, value, other)| PermissionGroupMeta {
            key,
            value,
            other: other.into_iter().collect(),
        });
    (text(), prop::option::of(meta), prop::option::of(text()))
        .prop_map(|(id, meta, name)| PermissionGroup { id, meta, name })
}

/// A resource of a token policy in each of its shapes. `Other` never holds a string or an
/// object of strings: those read back as `Permission` and `Nested`.
fn resource() -> impl Strategy<Value = Resource> {
    let other = small_json().prop_filter("not a permission or a nested map", |v| match v {
        Value::String(_) => false,
        Value::Object(map) => !map.values().all(Value::is_string),
        _ => true,
    });
    prop_oneof![
        text().prop_map(Resource::Permission),
        prop::collection::btree_map(text(), text(), 0..3).prop_map(Resource::Nested),
        other.prop_map(Resource::Other),
    ]
}

fn token_policy() -> impl Strategy<Value = TokenPolicy> {
    (
        prop_oneof![Just(String::new()), text()],
        known_or_not(&["allow", "deny"]),
        prop::collection::vec(permission_group(), 0..3),
        prop::collection::btree_map(text(), resource(), 0..3),
    )
        .prop_map(|(id, effect, permission_groups, resources)| TokenPolicy {
            id,
            effect,
            permission_groups,
            resources,
        })
}

fn token_body() -> impl Strategy<Value = TokenBody> {
    let cidrs = || prop::option::of(prop::collection::vec(text(), 0..3));
    let condition = prop::option::of(
        (cidrs(), cidrs()).prop_map(|(allowed, not_in)| RequestIp { allowed, not_in }),
    )
    .prop_map(|request_ip| Condition { request_ip });
    (
        text(),
        prop::collection::vec(token_policy(), 0..3),
        prop::option::of(condition),
        prop::option::of(timestamp()),
        prop::option::of(timestamp()),
    )
        .prop_map(
            |(name, policies, condition, expires_on, not_before)| TokenBody {
                name,
                policies,
                condition,
                expires_on,
                not_before,
            },
        )
}

fn token_status() -> impl Strategy<Value = Option<TokenStatus>> {
    prop::option::of(known_or_not(&["active", "disabled", "expired"]))
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn account_bodies_round_trip(
        id in usable_id(),
        name in text(),
        kind in known_or_not::<accounts::AccountType>(&["standard", "enterprise"]),
        maybe_kind in prop::option::of(known_or_not(&["standard", "enterprise"])),
        unit in prop::option::of(prop::option::of(text())),
        settings in prop::option::of((prop::option::of(text()), prop::option::of(any::<bool>()))),
    ) {
        let create = accounts::Create {
            name: name.clone(),
            account_type: maybe_kind,
            unit: unit.map(|id| accounts::Unit { id }),
        };
        round_trips(&create, &create)?;

        let update = accounts::Update {
            settings: settings.map(|(abuse_contact_email, enforce_twofactor)| {
                accounts::AccountSettings { abuse_contact_email, enforce_twofactor }
            }),
            ..accounts::Update::new(id, name, kind)
        };
        round_trips(&update, &accounts::Update { account_id: String::new(), ..update.clone() })?;
    }

    #[test]
    fn move_bodies_round_trip(
        account in usable_id(),
        ids in prop::collection::vec(text(), 0..4),
        destination in text(),
    ) {
        let batch = accounts::moves::Batch::new(ids, destination.clone());
        round_trips(&batch, &batch)?;
        let create = accounts::moves::Create::new(account, destination);
        round_trips(&create, &accounts::moves::Create { account_id: String::new(), ..create.clone() })?;
    }

    #[test]
    fn account_member_bodies_round_trip(
        account in usable_id(),
        member in usable_id(),
        email in text(),
        create_access in access(),
        status in prop::option::of(known_or_not::<members::InvitationStatus>(&["accepted", "pending"])),
        update_access in access(),
    ) {
        // A new member's roles go as IDs (their permissions are never sent), an update's as
        // role objects.
        let mut expected = Map::new();
        expected.insert("email".into(), json!(email));
        match &create_access {
            members::Access::Roles(roles) => {
                let ids: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                expected.insert("roles".into(), json!(ids));
            }
            members::Access::Policies(policies) => {
                expected.insert("policies".into(), serde_json::to_value(policies).unwrap());
            }
        }
        if let Some(status) = &status {
            expected.insert("status".into(), json!(status.as_str()));
        }
        let by_roles = matches!(create_access, members::Access::Roles(_));
        let mut create = members::Create::new(account.clone(), email, create_access);
        create.status = status;
        let json = round_trips(&create, &Value::Object(expected))?;
        check_access(&json, by_roles)?;

        let by_roles = matches!(update_access, members::Access::Roles(_));
        let update = members::Update::new(account, member, update_access);
        let json = round_trips(
            &update,
            &members::Update { account_id: String::new(), member_id: String::new(), ..update.clone() },
        )?;
        check_access(&json, by_roles)?;
    }

    #[test]
    fn profile_bodies_round_trip(id in usable_id(), profile in profile()) {
        let account = accounts::profile::Update::new(id.clone(), profile.clone());
        round_trips(&account, &profile)?;
        let organization = organizations::profile::Update::new(id, profile.clone());
        round_trips(&organization, &profile)?;
    }

    #[test]
    fn subscription_bodies_round_trip(
        account in usable_id(),
        subscription in usable_id(),
        frequency in frequency(),
        rate_plan in rate_plan(),
    ) {
        let create = accounts::subscriptions::Create {
            frequency: frequency.clone(),
            rate_plan: rate_plan.clone(),
            ..accounts::subscriptions::Create::new(account.clone())
        };
        round_trips(
            &create,
            &accounts::subscriptions::Create { account_id: String::new(), ..create.clone() },
        )?;

        let update = accounts::subscriptions::Update {
            frequency: frequency.clone(),
            rate_plan: rate_plan.clone(),
            ..accounts::subscriptions::Update::new(account, subscription.clone())
        };
        round_trips(
            &update,
            &accounts::subscriptions::Update {
                account_id: String::new(),
                subscription_identifier: String::new(),
                ..update.clone()
            },
        )?;

        let user = user::subscriptions::Update {
            frequency,
            rate_plan,
            ..user::subscriptions::Update::new(subscription)
        };
        round_trips(&user, &user::subscriptions::Update { identifier: String::new(), ..user.clone() })?;
    }

    #[test]
    fn token_bodies_round_trip(
        account in usable_id(),
        token in usable_id(),
        body in token_body(),
        status in token_status(),
    ) {
        let create = accounts::tokens::Create::new(account.clone(), body.clone());
        round_trips(&create, &accounts::tokens::Create { owner: Default::default(), ..create.clone() })?;
        let update = accounts::tokens::Update {
            status: status.clone(),
            ..accounts::tokens::Update::new(account.clone(), token.clone(), body.clone())
        };
        round_trips(
            &update,
            &accounts::tokens::Update {
                owner: Default::default(),
                token_id: String::new(),
                ..update.clone()
            },
        )?;

        let create = user::tokens::Create::new(body.clone());
        round_trips(&create, &create)?;
        let update = user::tokens::Update { status, ..user::tokens::Update::new(token.clone(), body) };
        round_trips(&update, &user::tokens::Update { token_id: String::new(), ..update.clone() })?;

        // Rolling a secret sends an empty object.
        round_trips(&accounts::tokens::value::Update::new(account, token.clone()), &Map::new())?;
        round_trips(&user::tokens::value::Update::new(token), &Map::new())?;
    }

    #[test]
    fn organization_bodies_round_trip(
        id in usable_id(),
        name in text(),
        parent in prop::option::of(text()),
        profile in prop::option::of(profile()),
        email in text(),
        status in prop::option::of(known_or_not(&["active", "canceled"])),
    ) {
        let create = organizations::Create {
            name: name.clone(),
            parent: parent.clone().map(organizations::ParentRef::new),
            profile: profile.clone(),
        };
        round_trips(&create, &create)?;
        let update = organizations::Update {
            parent: parent.map(organizations::ParentRef::new),
            profile,
            ..organizations::Update::new(id.clone(), name)
        };
        round_trips(&update, &organizations::Update { organization_id: String::new(), ..update.clone() })?;

        let member = organizations::members::Create {
            member: organizations::members::NewMember {
                status,
                ..organizations::members::NewMember::new(email)
            },
            ..organizations::members::Create::new(id, "")
        };
        round_trips(
            &member,
            &organizations::members::Create { organization_id: String::new(), ..member.clone() },
        )?;
    }

    /// `Keep` is left out, `Clear` is `null`, `Set` is the value; each reads back the same.
    #[test]
    fn user_edit_bodies_round_trip(
        country in patch(text()),
        first_name in patch(text()),
        last_name in patch(text()),
        telephone in patch(text()),
        zipcode in patch(text()),
    ) {
        let edit = user::Edit { country, first_name, last_name, telephone, zipcode };
        let json = round_trips(&edit, &edit)?;
        for (key, field) in [
            ("country", &edit.country),
            ("first_name", &edit.first_name),
            ("last_name", &edit.last_name),
            ("telephone", &edit.telephone),
            ("zipcode", &edit.zipcode),
        ] {
            let sent = json.get(key);
            match field {
                Patch::Keep => prop_assert_eq!(sent, None, "{}", key),
                Patch::Clear => prop_assert_eq!(sent, Some(&Value::Null), "{}", key),
                Patch::Set(value) => {
                    let expected = Value::from(value.as_str());
                    prop_assert_eq!(sent, Some(&expected), "{}", key)
                }
            }
        }
    }

    #[test]
    fn invite_answers_round_trip(
        id in usable_id(),
        answer in known_or_not::<user::invites::InviteAnswer>(&["accepted", "rejected"]),
    ) {
        let edit = user::invites::Edit::new(id, answer);
        round_trips(&edit, &user::invites::Edit { invite_id: String::new(), ..edit.clone() })?;
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Parsers never panic, keep the server's bytes, and are forward compatible
// ---------------------------------------------------------------------------------------------

/// One example response from `spec/examples/`.
struct Example {
    name: &'static str,
    status: u16,
    /// `Null` for an empty body.
    body: Value,
}

fn spec_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec")
}

/// The example response of every operation in the catalogue.
fn examples() -> &'static [Example] {
    static EXAMPLES: OnceLock<Vec<Example>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        catalogue()
            .iter()
            .map(|info| {
                let path = spec_dir().join(format!("examples/{}.json", info.operation_id));
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let example: Value = serde_json::from_str(&text).unwrap();
                Example {
                    name: info.name,
                    status: example["status"].as_u64().unwrap() as u16,
                    body: example["body"].clone(),
                }
            })
            .collect()
    })
}

fn body_bytes(body: &Value) -> Vec<u8> {
    match body {
        Value::Null => Vec::new(),
        body => serde_json::to_vec(body).unwrap(),
    }
}

/// Parses `body` as the answer to `name` and checks the invariants every parser keeps:
/// no panic, no error of a non-response kind, never `Ok` for a non-2xx status or for
/// `success: false`, and every error keeps the status and the exact body.
fn check_parse(name: &str, status: u16, json_content_type: bool, body: &[u8]) -> Result<(), Error> {
    let response = response(status, json_content_type, body);
    let result = catalogue::parse_by_name(name, &response)
        .unwrap_or_else(|| panic!("{name} is in the catalogue"));
    let success_false = serde_json::from_slice::<Value>(body)
        .is_ok_and(|v| v.get("success") == Some(&Value::Bool(false)));
    match &result {
        Ok(()) => {
            assert!(
                (200..300).contains(&status),
                "{name}: Ok for status {status}"
            );
            assert!(!success_false, "{name}: Ok for success: false");
        }
        Err(error) => {
            let kept = match error {
                Error::Api(e) => e.body(),
                Error::Decode(e) => e.body(),
                Error::UnexpectedResponse(e) => e.body(),
                other => panic!("{name}: a parser returned {other:?}"),
            };
            assert_eq!(kept, body, "{name}: the body was not kept");
            assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()));
            assert_eq!(error.cf_ray(), Some("ray-1"));
            if success_false {
                assert!(matches!(error, Error::Api(_)), "{name}: {error:?}");
            }
        }
    }
    result
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => Just(200u16),
        1 => prop::sample::select(vec![201u16, 202, 204, 206, 299, 304, 400, 401, 403, 404, 409, 429, 500, 502, 503, 520]),
        2 => 100u16..600,
    ]
}

/// Arbitrary envelopes, to reach the typed `result` parsers.
fn envelope() -> impl Strategy<Value = Value> {
    (
        prop::option::of(prop_oneof![
            Just(json!(true)),
            Just(json!(false)),
            Just(json!(null)),
            Just(json!("false")),
        ]),
        prop::option::of(json_value()),
        prop::option::of(json_value()),
        prop::option::of(json_value()),
        prop::option::of(json_value()),
    )
        .prop_map(|(success, result, errors, messages, result_info)| {
            let mut body = json!({});
            put(&mut body, "success", success);
            put(&mut body, "result", result);
            put(&mut body, "errors", errors);
            put(&mut body, "messages", messages);
            put(&mut body, "result_info", result_info);
            body
        })
}

/// How to damage an example response.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace a node by a value of another JSON type.
    FlipType(Index),
    /// Remove one key of an object.
    DeleteKey(Index, Index),
    /// Add a key to an object.
    InsertKey(Index, String, Value),
    /// Replace a string by a number.
    StringToNumber(Index, i64),
    /// Replace a node by anything.
    Replace(Index, Value),
    /// Cut the serialized body.
    Truncate(Index),
    /// Answer with another status.
    Status(u16),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::FlipType),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(o, k)| Mutation::DeleteKey(o, k)),
        2 => (any::<Index>(), json_key(), json_value())
            .prop_map(|(o, k, v)| Mutation::InsertKey(o, k, v)),
        2 => (any::<Index>(), any::<i64>()).prop_map(|(s, n)| Mutation::StringToNumber(s, n)),
        1 => (any::<Index>(), json_value()).prop_map(|(s, v)| Mutation::Replace(s, v)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => status().prop_map(Mutation::Status),
    ]
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// JSON pointers to every node of `value` for which `keep` holds, in document order.
fn pointers(value: &Value, keep: &dyn Fn(&Value) -> bool) -> Vec<String> {
    fn walk(value: &Value, at: String, keep: &dyn Fn(&Value) -> bool, out: &mut Vec<String>) {
        if keep(value) {
            out.push(at.clone());
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    walk(child, format!("{at}/{}", escape_pointer(key)), keep, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{at}/{i}"), keep, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), keep, &mut out);
    out
}

/// The node of `value` chosen by `index` among those for which `keep` holds.
fn pick<'a>(
    value: &'a mut Value,
    index: &Index,
    keep: &dyn Fn(&Value) -> bool,
) -> Option<&'a mut Value> {
    let all = pointers(value, keep);
    if all.is_empty() {
        return None;
    }
    let at = all[index.index(all.len())].clone();
    value.pointer_mut(&at)
}

fn flip(value: &Value) -> Value {
    match value {
        Value::Null => json!(true),
        Value::Bool(b) => json!(b.to_string()),
        Value::Number(n) => json!(n.to_string()),
        Value::String(s) => json!(s.len()),
        Value::Array(items) => Value::Object(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.clone()))
                .collect(),
        ),
        Value::Object(map) => Value::Array(map.values().cloned().collect()),
    }
}

/// Applies `mutations` to an example: the status and body to send.
fn mutate(example: &Example, mutations: &[Mutation]) -> (u16, Vec<u8>) {
    let mut status = example.status;
    let mut body = example.body.clone();
    let any = |_: &Value| true;
    let object = |v: &Value| v.as_object().is_some_and(|m| !m.is_empty());
    let string = |v: &Value| v.is_string();
    for m in mutations {
        match m {
            Mutation::FlipType(i) => {
                if let Some(node) = pick(&mut body, i, &any) {
                    *node = flip(node);
                }
            }
            Mutation::DeleteKey(o, k) => {
                if let Some(Value::Object(map)) = pick(&mut body, o, &object) {
                    let key = map.keys().nth(k.index(map.len())).cloned().unwrap();
                    map.remove(&key);
                }
            }
            Mutation::InsertKey(o, key, value) => {
                if let Some(Value::Object(map)) = pick(&mut body, o, &|v| v.is_object()) {
                    map.insert(key.clone(), value.clone());
                }
            }
            Mutation::StringToNumber(s, n) => {
                if let Some(node) = pick(&mut body, s, &string) {
                    *node = json!(n);
                }
            }
            Mutation::Replace(s, value) => {
                if let Some(node) = pick(&mut body, s, &any) {
                    *node = value.clone();
                }
            }
            Mutation::Truncate(_) | Mutation::Status(_) => {}
        }
    }
    let mut bytes = body_bytes(&body);
    for m in mutations {
        match m {
            Mutation::Truncate(at) if !bytes.is_empty() => bytes.truncate(at.index(bytes.len())),
            Mutation::Status(s) => status = *s,
            _ => {}
        }
    }
    (status, bytes)
}

/// Every string value that the schema lists in an `enum`.
fn schema_enum_values() -> &'static HashSet<String> {
    static VALUES: OnceLock<HashSet<String>> = OnceLock::new();
    VALUES.get_or_init(|| {
        fn walk(value: &Value, out: &mut HashSet<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::Array(items)) = map.get("enum") {
                        out.extend(items.iter().filter_map(|v| v.as_str().map(str::to_owned)));
                    }
                    map.values().for_each(|v| walk(v, out));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let path = spec_dir().join("cloudflare-accounts-user-organizations.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut out = HashSet::new();
        walk(&schema, &mut out);
        out
    })
}

/// Adds an unknown key to every non-empty object, its value a copy of a sibling's (so a map
/// keyed by ID still gets a value of the right type; a struct must ignore it).
fn insert_unknown_keys(value: &mut Value, suffix: &str, choose: &mut dyn FnMut(usize) -> usize) {
    match value {
        Value::Object(map) => {
            for child in map.values_mut() {
                insert_unknown_keys(child, suffix, choose);
            }
            if map.is_empty() {
                return;
            }
            let mut key = format!("zz_unknown_{suffix}");
            while map.contains_key(&key) {
                key.push('_');
            }
            let sibling = map.values().nth(choose(map.len())).cloned().unwrap();
            map.insert(key, sibling);
        }
        Value::Array(items) => {
            for item in items {
                insert_unknown_keys(item, suffix, choose);
            }
        }
        _ => {}
    }
}

/// Replaces every string the schema knows as an enum value by `new`.
fn replace_enum_values(value: &mut Value, new: &str) -> usize {
    match value {
        Value::String(s) if schema_enum_values().contains(s.as_str()) => {
            *s = new.to_owned();
            1
        }
        Value::Object(map) => map.values_mut().map(|v| replace_enum_values(v, new)).sum(),
        Value::Array(items) => items.iter_mut().map(|v| replace_enum_values(v, new)).sum(),
        _ => 0,
    }
}

#[test]
fn every_example_parses_and_is_checked() {
    assert!(!examples().is_empty());
    for example in examples() {
        let body = body_bytes(&example.body);
        if let Err(e) = check_parse(example.name, example.status, true, &body) {
            panic!("{}: the unchanged example fails: {e}", example.name);
        }
    }
    // Some enum value of the schema appears in the examples, so the enum property bites.
    let hits: usize = examples()
        .iter()
        .map(|e| replace_enum_values(&mut e.body.clone(), "x"))
        .sum();
    assert!(hits > 0);
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn parsers_survive_arbitrary_bytes(
        status in status(),
        json_type in any::<bool>(),
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..256),
            NASTY.prop_map(String::into_bytes),
        ],
    ) {
        for info in catalogue() {
            let _ = check_parse(info.name, status, json_type, &body);
        }
    }

    #[test]
    fn parsers_survive_arbitrary_json(
        status in status(),
        body in prop_oneof![json_value(), envelope()],
    ) {
        let bytes = body_bytes(&body);
        for info in catalogue() {
            let _ = check_parse(info.name, status, true, &bytes);
        }
    }

    #[test]
    fn parsers_survive_damaged_examples(mutations in prop::collection::vec(mutation(), 1..5)) {
        for example in examples() {
            let (status, body) = mutate(example, &mutations);
            let _ = check_parse(example.name, status, true, &body);
        }
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// Forward compatibility: unknown keys at every level and unknown enum values still parse.
    #[test]
    fn examples_with_unknown_keys_and_enum_values_still_parse(
        suffix in "[a-z0-9_]{0,6}",
        choices in prop::collection::vec(any::<Index>(), 64),
        new_value in prop_oneof!["[a-z][a-z0-9_]{0,15}", any::<String>()],
    ) {
        for example in examples().iter().filter(|e| (200..300).contains(&e.status)) {
            let mut body = example.body.clone();
            let mut n = 0;
            insert_unknown_keys(&mut body, &suffix, &mut |len| {
                n += 1;
                choices[n % choices.len()].index(len)
            });
            let result = check_parse(example.name, example.status, true, &body_bytes(&body));
            prop_assert!(result.is_ok(), "{} with unknown keys: {:?}", example.name, result);

            let mut body = example.body.clone();
            if replace_enum_values(&mut body, &new_value) > 0 {
                let result = check_parse(example.name, example.status, true, &body_bytes(&body));
                prop_assert!(result.is_ok(), "{} with enum values {:?}: {:?}", example.name, new_value, result);
            }
        }
    }

    /// A new account type is kept as sent, in every operation that returns accounts.
    #[test]
    fn new_account_types_are_kept(new_type in any::<String>()) {
        let known = matches!(new_type.as_str(), "standard" | "enterprise");
        let check = |account: &accounts::Account| {
            assert_eq!(account.account_type.as_str(), new_type);
            if !known {
                assert_eq!(account.account_type, accounts::AccountType::Unknown(new_type.clone()));
            }
        };
        let with_type = |operation_id: &str| {
            let example = examples()
                .iter()
                .zip(catalogue())
                .find(|(_, info)| info.operation_id == operation_id)
                .map(|(e, _)| e)
                .unwrap();
            let mut body = example.body.clone();
            match &mut body["result"] {
                Value::Array(items) => items.iter_mut().for_each(|a| a["type"] = json!(new_type)),
                account => account["type"] = json!(new_type),
            }
            owned_response(example.status, body_bytes(&body))
        };
        check(&accounts::Get::parse_response(&with_type(accounts::Get::INFO.operation_id)).unwrap().result);
        check(&accounts::Create::parse_response(&with_type(accounts::Create::INFO.operation_id)).unwrap().result);
        check(&accounts::Update::parse_response(&with_type(accounts::Update::INFO.operation_id)).unwrap().result);
        let listed = accounts::List::parse_response(&with_type(accounts::List::INFO.operation_id)).unwrap().result;
        prop_assert!(!listed.is_empty());
        listed.iter().for_each(check);
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Paginators terminate, and fetch everything from an honest server
// ---------------------------------------------------------------------------------------------

const MAX_PAGES: u32 = 50;

/// What a paginator asked for and what it collected.
struct Run<T> {
    queries: Vec<Vec<(String, String)>>,
    items: Vec<T>,
    stop: Option<StopReason>,
}

/// Drives `pager` against `server` until it stops; fails past `limit` responses.
fn drive<O: ListOperation>(
    mut pager: Paginator<O>,
    limit: usize,
    mut server: impl FnMut(usize, &[(String, String)]) -> http::Response<Vec<u8>>,
) -> Run<O::Item> {
    let config = config();
    let mut run = Run {
        queries: Vec::new(),
        items: Vec::new(),
        stop: None,
    };
    while let Some(request) = pager.next_request(&config) {
        let request = match request {
            Ok(request) => request,
            // A listing longer than the cap ends with this error, after the pages it allows.
            Err(cloudflare_core::Error::Listing(cloudflare_core::ListingError::Truncated {
                ..
            })) => break,
            Err(e) => panic!("a listing request builds: {e}"),
        };
        let query = decode_query(request.uri().query().unwrap_or("")).unwrap();
        assert!(
            run.queries.len() < limit,
            "still going after {limit} responses"
        );
        let response = server(run.queries.len(), &query);
        run.queries.push(query);
        if let Ok(page) = pager.on_response(&response) {
            run.items.extend(page.result.items);
        }
    }
    run.stop = pager.stop_reason();
    assert!(run.stop.is_some(), "stopped without a reason");
    run
}

fn param<'a>(query: &'a [(String, String)], key: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn account_json(n: usize) -> Value {
    json!({ "id": format!("{n:032x}"), "name": format!("account {n}"), "type": "standard" })
}

/// Numbers as the API might send them in `result_info`, honest or not.
fn lying_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (0u64..6).prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => Just(json!(u64::MAX)),
        1 => Just(json!(u32::MAX)),
        1 => Just(json!(-1)),
        1 => Just(json!(2.5)),
        1 => (0u64..6).prop_map(|n| Value::String(n.to_string())),
        1 => Just(json!("many")),
        1 => Just(Value::Null),
        1 => Just(json!({})),
    ]
}

fn lying_result_info() -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(
        0.8,
        prop::collection::btree_map(
            prop::sample::select(vec![
                "page",
                "per_page",
                "count",
                "total_count",
                "total_pages",
            ]),
            lying_number(),
            0..5,
        )
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
    )
}

/// One response of a lying page-number server: status, body.
fn lying_page() -> impl Strategy<Value = (u16, Vec<u8>)> {
    let envelope = (0usize..4, 0usize..3, lying_result_info()).prop_map(|(len, offset, info)| {
        let result: Vec<Value> = (offset..offset + len).map(account_json).collect();
        let mut body = json!({ "success": true, "errors": [], "messages": [], "result": result });
        put(&mut body, "result_info", info);
        serde_json::to_vec(&body).unwrap()
    });
    (
        prop_oneof![12 => Just(200u16), 1 => status()],
        prop_oneof![12 => envelope, 1 => prop::collection::vec(any::<u8>(), 0..32)],
    )
}

/// How much `result_info` an honest page-number server sends.
#[derive(Clone, Copy, Debug)]
enum Honesty {
    Everything,
    TotalPagesOnly,
    TotalCount,
    PerPageOnly,
    PageOnly,
    NoResultInfo,
}

/// One response of a lying cursor server: status, result length, cursor field, cursor value.
fn lying_cursor_page() -> impl Strategy<Value = (u16, usize, &'static str, Option<String>)> {
    (
        prop_oneof![12 => Just(200u16), 1 => status()],
        0usize..3,
        prop::sample::select(vec!["cursor", "cursors", "next_page_token", "none"]),
        prop::option::of(prop_oneof![
            Just(String::new()),
            Just("a".to_owned()),
            Just("b".to_owned()),
            NASTY,
        ]),
    )
}

fn cursor_body(items: &[u32], field: &str, cursor: Option<&str>) -> Vec<u8> {
    let mut body = json!({ "success": true, "errors": [], "messages": [], "result": items });
    match field {
        "cursors" => body["result_info"] = json!({ "cursors": { "after": cursor } }),
        "none" => {}
        field => body["result_info"] = json!({ field: cursor }),
    }
    serde_json::to_vec(&body).unwrap()
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn page_number_listings_terminate(pages in prop::collection::vec(lying_page(), 1..8)) {
        let pager = Paginator::new(accounts::List::default()).with_max_pages(MAX_PAGES);
        let run = drive(pager, MAX_PAGES as usize, |i, _| {
            let (status, body) = &pages[i % pages.len()];
            owned_response(*status, body.clone())
        });
        // Never the same page twice: the page numbers asked for only go up.
        let asked: Vec<u64> = run
            .queries
            .iter()
            .map(|q| param(q, "page").map_or(1, |p| p.parse().unwrap()))
            .collect();
        prop_assert!(asked.windows(2).all(|w| w[0] < w[1]), "{:?}", asked);
    }

    #[test]
    fn page_number_listings_fetch_every_page(
        total in 0usize..60,
        per_page in 1usize..8,
        honesty in prop::sample::select(vec![
            Honesty::Everything,
            Honesty::TotalPagesOnly,
            Honesty::TotalCount,
            Honesty::PerPageOnly,
            Honesty::PageOnly,
            Honesty::NoResultInfo,
        ]),
    ) {
        let op = accounts::List { per_page: Some(per_page as u32), ..Default::default() };
        let pager = Paginator::new(op).with_max_pages(1000);
        let run = drive(pager, 1000, |_, query| {
            let page: usize = param(query, "page").map_or(1, |p| p.parse().unwrap());
            let per_page: usize = param(query, "per_page").unwrap().parse().unwrap();
            let start = ((page - 1) * per_page).min(total);
            let end = (start + per_page).min(total);
            let result: Vec<Value> = (start..end).map(account_json).collect();
            let pages = total.div_ceil(per_page);
            let info = match honesty {
                Honesty::Everything => Some(json!({
                    "page": page, "per_page": per_page, "count": end - start,
                    "total_count": total, "total_pages": pages,
                })),
                Honesty::TotalPagesOnly => Some(json!({ "page": page, "total_pages": pages })),
                Honesty::TotalCount => Some(json!({
                    "page": page, "per_page": per_page, "total_count": total,
                })),
                Honesty::PerPageOnly => Some(json!({ "page": page, "per_page": per_page })),
                Honesty::PageOnly => Some(json!({ "page": page })),
                Honesty::NoResultInfo => None,
            };
            let mut body = json!({ "success": true, "errors": [], "messages": [], "result": result });
            put(&mut body, "result_info", info);
            owned_response(200, serde_json::to_vec(&body).unwrap())
        });
        let ids: Vec<String> = run.items.iter().map(|a| a.id.clone()).collect();
        let expected_ids: Vec<String> =
            (0..total).map(|n| account_json(n)["id"].as_str().unwrap().to_owned()).collect();
        prop_assert_eq!(ids, expected_ids);

        let pages = total.div_ceil(per_page);
        let expected_requests = match honesty {
            _ if total == 0 => 1,
            Honesty::Everything | Honesty::TotalPagesOnly | Honesty::TotalCount => pages,
            Honesty::PerPageOnly if total % per_page != 0 => pages,
            // Only an empty page can tell where the listing ends.
            Honesty::PerPageOnly | Honesty::PageOnly | Honesty::NoResultInfo => pages + 1,
        };
        prop_assert_eq!(run.queries.len(), expected_requests, "stopped with {:?}", run.stop);
        prop_assert_ne!(run.stop, Some(StopReason::PageCap));
        prop_assert_ne!(run.stop, Some(StopReason::RepeatedPage));
    }

    #[test]
    fn cursor_listings_terminate(pages in prop::collection::vec(lying_cursor_page(), 1..8)) {
        let pager = Paginator::new(CursorList::default()).with_max_pages(MAX_PAGES);
        let run = drive(pager, MAX_PAGES as usize, |i, _| {
            let (status, len, field, cursor) = &pages[i % pages.len()];
            let items: Vec<u32> = (0..*len as u32).collect();
            owned_response(*status, cursor_body(&items, field, cursor.as_deref()))
        });
        // Never the same cursor twice, never an empty one.
        let sent: Vec<&str> = run.queries.iter().filter_map(|q| param(q, "cursor")).collect();
        prop_assert!(sent.iter().all(|c| !c.is_empty()), "{:?}", sent);
        prop_assert_eq!(sent.iter().collect::<BTreeSet<_>>().len(), sent.len(), "{:?}", sent);
        prop_assert_eq!(sent.len() + 1, run.queries.len(), "only the first request has no cursor");
    }

    #[test]
    fn cursor_listings_fetch_every_page(
        lens in prop::collection::vec(0usize..4, 1..12),
        prefix in any::<String>(),
        field in prop::sample::select(vec!["cursor", "cursors", "next_page_token"]),
        end in prop::sample::select(vec![None, Some(""), Some("null")]),
    ) {
        // Page `i` holds the items numbered from `offsets[i]`, and names page `i + 1` by cursor.
        let offsets: Vec<usize> = lens.iter().scan(0, |at, len| { *at += len; Some(*at - len) }).collect();
        let cursors: Vec<String> = (0..lens.len()).map(|i| format!("{prefix}{i}")).collect();
        let page_of: HashMap<&str, usize> =
            cursors.iter().enumerate().map(|(i, c)| (c.as_str(), i + 1)).collect();
        let pager = Paginator::new(CursorList::default()).with_max_pages(1000);
        let run = drive(pager, 1000, |_, query| {
            let page = param(query, "cursor").map_or(0, |c| page_of[c]);
            let items: Vec<u32> = (offsets[page]..offsets[page] + lens[page]).map(|n| n as u32).collect();
            let body = if page + 1 < lens.len() {
                cursor_body(&items, field, Some(&cursors[page]))
            } else {
                match end {
                    Some("null") => cursor_body(&items, field, None),
                    Some(empty) => cursor_body(&items, field, Some(empty)),
                    None => cursor_body(&items, "none", None),
                }
            };
            owned_response(200, body)
        });
        let total: usize = lens.iter().sum();
        prop_assert_eq!(run.items, (0..total as u32).collect::<Vec<_>>());
        prop_assert_eq!(run.queries.len(), lens.len());
        prop_assert_eq!(run.stop, Some(StopReason::NoCursor));
    }
}

// ---------------------------------------------------------------------------------------------
// 6. The retry policy
// ---------------------------------------------------------------------------------------------

fn policy() -> impl Strategy<Value = RetryPolicy> {
    (0u32..8, 0u64..20_000, 0u64..200_000, 0u64..600).prop_map(
        |(max_retries, initial, max, retry_after)| RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(initial),
            max_backoff: Duration::from_millis(max),
            max_retry_after: Duration::from_secs(retry_after),
        },
    )
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(vec![
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::POST,
        Method::PATCH,
        Method::OPTIONS,
    ])
}

fn jitter() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..1.0f64,
        1 => prop::sample::select(vec![0.0, 1.0, -1.0, 2.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
        1 => any::<f64>(),
    ]
}

/// Response headers that steer retries, valid or not.
fn retry_headers() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let should_retry =
        prop::sample::select(vec!["true", "false", "TRUE", "1", ""]).prop_map(str::to_owned);
    let retry_after = prop_oneof![
        (0u64..1000).prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0.0..1000.0f64).prop_map(|f| f.to_string()),
        Just("-1".to_owned()),
        Just("Sun, 06 Nov 1994 08:49:47 GMT".to_owned()),
        "[ -~]{0,12}",
    ];
    let retry_after_ms = prop_oneof![
        (0u64..100_000).prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        "[ -~]{0,12}",
    ];
    let date = prop_oneof![
        Just("Sun, 06 Nov 1994 08:49:37 GMT".to_owned()),
        Just("Sun, 06 Nov 2094 08:49:37 GMT".to_owned()),
        "[ -~]{0,12}",
    ];
    (
        prop::option::of(should_retry),
        prop::option::of(retry_after),
        prop::option::of(retry_after_ms),
        prop::option::of(date),
    )
        .prop_map(|(s, ra, ms, date)| {
            let mut out = Vec::new();
            let mut add = |name, value: Option<String>| {
                if let Some(value) = value {
                    out.push((name, value));
                }
            };
            add("x-should-retry", s);
            add("retry-after", ra);
            add("retry-after-ms", ms);
            add("date", date);
            out
        })
}

fn header_map(pairs: &[(&'static str, String)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        if let Ok(value) = HeaderValue::from_str(value.trim()) {
            headers.insert(*name, value);
        }
    }
    headers
}

/// What happened to one attempt, before the headers are borrowed.
#[derive(Clone, Debug)]
enum Happened {
    NotSent,
    MaybeSent,
    Answered(u16, Vec<(&'static str, String)>),
}

fn happened() -> impl Strategy<Value = Happened> {
    prop_oneof![
        1 => Just(Happened::NotSent),
        1 => Just(Happened::MaybeSent),
        4 => (status(), retry_headers()).prop_map(|(s, h)| Happened::Answered(s, h)),
    ]
}

/// `initial · 2ⁿ` capped at `max_backoff`, in integer nanoseconds.
fn computed_backoff(policy: &RetryPolicy, n: u32) -> u128 {
    let max = policy.max_backoff.as_nanos();
    let initial = policy.initial_backoff.as_nanos();
    1u128
        .checked_shl(n)
        .and_then(|factor| initial.checked_mul(factor))
        .map_or(max, |raw| raw.min(max))
}

fn longest_wait(policy: &RetryPolicy) -> Duration {
    policy.max_backoff.max(policy.max_retry_after)
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn decisions_respect_methods_and_bounds(
        policy in policy(),
        method in method(),
        happened in happened(),
        retries_done in 0u32..10,
        jitter in jitter(),
    ) {
        let headers = match &happened {
            Happened::Answered(_, h) => header_map(h),
            _ => HeaderMap::new(),
        };
        let outcome = match &happened {
            Happened::NotSent => Outcome::NotSent,
            Happened::MaybeSent => Outcome::MaybeSent,
            Happened::Answered(status, _) => Outcome::Response {
                status: StatusCode::from_u16(*status).unwrap(),
                headers: &headers,
            },
        };
        let idempotent = !(method == Method::POST || method == Method::PATCH);
        let decision = policy.decide(idempotent, outcome, retries_done, jitter, SystemTime::UNIX_EPOCH);
        if retries_done >= policy.max_retries {
            prop_assert_eq!(decision, Decision::Stop);
        }
        let unsafe_method = method == Method::POST || method == Method::PATCH;
        let told_to_retry = headers.get("x-should-retry").is_some_and(|v| v == "true");
        match &happened {
            Happened::MaybeSent if unsafe_method => prop_assert_eq!(decision, Decision::Stop),
            Happened::Answered(status, _) if unsafe_method && *status >= 500 && !told_to_retry => {
                prop_assert_eq!(decision, Decision::Stop)
            }
            _ => {}
        }
        if let Decision::RetryAfter(wait) = decision {
            prop_assert!(wait <= longest_wait(&policy), "{:?} > {:?}", wait, longest_wait(&policy));
        }
    }

    #[test]
    fn backoff_is_jittered_within_a_quarter(
        policy in policy(),
        method in method(),
        retries_done in 0u32..10,
        jitter in jitter(),
    ) {
        let policy = RetryPolicy { max_retries: policy.max_retries.max(retries_done + 1), ..policy };
        let idempotent = !(method == Method::POST || method == Method::PATCH);
        let Decision::RetryAfter(wait) = policy.decide(idempotent, Outcome::NotSent, retries_done, jitter, SystemTime::UNIX_EPOCH) else {
            return Err(TestCaseError::fail("an unsent request is always retried"));
        };
        let computed = computed_backoff(&policy, retries_done);
        let wait = wait.as_nanos();
        // `Duration::mul_f64` rounds through f64: allow one nanosecond either way.
        prop_assert!(wait <= computed + 1, "{} > {}", wait, computed);
        prop_assert!(4 * wait + 4 >= 3 * computed, "{} < 0.75 * {}", wait, computed);
        prop_assert_eq!(policy.backoff(retries_done, jitter).as_nanos(), wait);
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap(
        policy in policy(),
        method in method(),
        seconds in prop_oneof![0u64..700, any::<u64>()],
        status in prop::sample::select(vec![429u16, 408]),
        jitter in jitter(),
    ) {
        let policy = RetryPolicy { max_retries: policy.max_retries.max(1), ..policy };
        let headers = header_map(&[("retry-after", seconds.to_string())]);
        let outcome = Outcome::Response { status: StatusCode::from_u16(status).unwrap(), headers: &headers };
        let idempotent = !(method == Method::POST || method == Method::PATCH);
        let decision = policy.decide(idempotent, outcome, 0, jitter, SystemTime::UNIX_EPOCH);
        let asked = Duration::from_secs(seconds);
        if asked <= policy.max_retry_after {
            prop_assert_eq!(decision, Decision::RetryAfter(asked));
        } else {
            prop_assert_eq!(decision, Decision::Stop);
        }
    }

    #[test]
    fn calls_never_exceed_max_retries_nor_the_deadline(
        policy in policy(),
        idempotent in any::<bool>(),
        deadline_ms in prop::option::of(1u64..300_000),
        steps in prop::collection::vec((happened(), 0u64..5_000), 0..16),
    ) {
        let config = config();
        let mut options = cloudflare_core::ClientOptions::new(config.clone()).retry(policy.clone());
        if let Some(ms) = deadline_ms {
            options = options.deadline(Duration::from_millis(ms));
        }
        let t0 = std::time::Instant::now();
        let request = user::Get.to_request(&config).unwrap();
        let mut call: Call = Call::from_request(request, idempotent, &options, t0);
        let deadline = deadline_ms.map(|ms| t0 + Duration::from_millis(ms));
        let mut now = t0;
        let mut sent = 0u32;
        let mut steps = steps.into_iter();
        loop {
            match call.poll(now) {
                Step::Send(attempt) => {
                    sent += 1;
                    prop_assert_eq!(attempt.number, sent);
                    prop_assert!(attempt.ends_by <= now + options.attempt_timeout);
                    prop_assert!(deadline.is_none_or(|d| attempt.ends_by <= d && now < d));
                    let Some((happened, took_ms)) = steps.next() else { break };
                    now = (now + Duration::from_millis(took_ms)).min(attempt.ends_by);
                    match happened {
                        Happened::NotSent => call.on_failure(Failure::NotSent(cloudflare_core::Error::Timeout {
                            phase: cloudflare_core::error::TimeoutPhase::Connect,
                            elapsed: Duration::ZERO,
                        }), now),
                        Happened::MaybeSent => call.on_timeout(now),
                        Happened::Answered(status, headers) => {
                            let mut response = http::Response::new(Vec::new());
                            *response.status_mut() = StatusCode::from_u16(status).unwrap();
                            *response.headers_mut() = header_map(&headers);
                            call.on_response(response, now, SystemTime::UNIX_EPOCH);
                        }
                    }
                }
                Step::Wait(until) => {
                    prop_assert!(until > now);
                    prop_assert!(until.duration_since(now) <= longest_wait(&policy));
                    prop_assert!(deadline.is_none_or(|d| until < d), "a wait past the deadline");
                    now = until;
                }
                Step::Done(_) => break,
            }
        }
        prop_assert!(sent <= policy.max_retries + 1, "{} attempts > 1 + {}", sent, policy.max_retries);
    }
}

/// Found by widening `policy()` to extreme durations: `Duration::mul_f64` rounded through `f64`,
/// so a backoff near `Duration::MAX` panicked and a huge one could exceed `max_backoff`.
#[test]
fn extreme_backoffs_neither_panic_nor_exceed_the_cap() {
    for (initial, max) in [
        (Duration::MAX, Duration::MAX),
        (Duration::from_secs(1 << 34), Duration::MAX),
        (
            Duration::from_secs(u64::MAX / 2),
            Duration::from_secs(u64::MAX / 2),
        ),
    ] {
        let policy = RetryPolicy {
            max_retries: 40,
            initial_backoff: initial,
            max_backoff: max,
            max_retry_after: Duration::from_secs(60),
        };
        for retries_done in [0, 30] {
            for jitter in [0.0, 0.5, 1.0] {
                let wait = policy.backoff(retries_done, jitter);
                assert!(wait <= max, "{wait:?} > {max:?}");
            }
        }
    }
}

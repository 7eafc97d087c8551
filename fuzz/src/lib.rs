//! Fuzz targets of `cloudflare-core`, as plain functions.
//!
//! Each target takes arbitrary bytes, feeds them to the core and panics when an invariant breaks
//! (a panic inside the core counts too). `fuzz_targets/` wraps them for libFuzzer
//! (`cargo +nightly fuzz run --features libfuzzer <target>`); `tests/replay.rs` runs them over
//! `corpus/<target>/` on stable, so every seed and every saved finding stays a regression test.
//!
//! Input formats (all total: any bytes are a valid input):
//!
//! - [`envelope`]: `[status] [flags] body…`; flag bit 0 sends `content-type: application/json`,
//!   bit 1 takes the body's first line as the value of the rate-limit and retry headers.
//! - [`operation_parsers`]: `[operation] [status] body…`; the first byte picks an operation of
//!   the catalogue (modulo its length).
//! - [`path_and_query`]: `id 0x00 query…`; the ID goes into path segments, the query is JSON
//!   (an object is flattened) or `k=v&k=v` text.
//! - [`paginators`]: `[flags] response (0xFF response)…`, each response `[status] body…`;
//!   flag bit 0 picks a cursor listing over a page-number one, bits 1..=5 the page cap.

#![forbid(unsafe_code)]

use std::collections::HashSet;

use cloudflare_core::error::RequestError;
use cloudflare_core::operation::AUTH_TOKEN;
use cloudflare_core::pagination::{Page, parse_page};
use cloudflare_core::query::{Query, decode_query};
use cloudflare_core::response::{RateLimit, Response, parse, parse_parts};
use cloudflare_core::retry::{Decision, Outcome, RetryPolicy, retry_after};
use cloudflare_core::{
    Config, Credentials, Error, ListOperation, Operation, OperationInfo, PageRequest, Pagination,
    Paginator, accounts, catalogue,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde_json::Value;

/// A fuzz target: any bytes in, a panic when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target by name, as in `fuzz_targets/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("envelope", envelope),
    ("operation_parsers", operation_parsers),
    ("path_and_query", path_and_query),
    ("paginators", paginators),
];

/// Statuses worth most of the attention; other bytes spread over 100..=599.
const COMMON_STATUSES: [u16; 24] = [
    200, 201, 202, 204, 206, 299, 304, 400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 502, 503,
    504, 520, 522, 100, 301,
];

/// The status a byte stands for.
pub fn status_from(byte: u8) -> u16 {
    COMMON_STATUSES
        .get(usize::from(byte))
        .copied()
        .unwrap_or(100 + (u16::from(byte) * 2) % 500)
}

/// The byte that stands for `status`, when there is one (for writing seeds).
pub fn status_byte(status: u16) -> Option<u8> {
    (0..=u8::MAX).find(|b| status_from(*b) == status)
}

fn config() -> Config {
    Config::new(Credentials::api_token("fuzz")).expect("a token config")
}

fn response(status: u16, headers: &HeaderMap, body: &[u8]) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body.to_vec());
    *response.status_mut() = StatusCode::from_u16(status).expect("100..=599");
    *response.headers_mut() = headers.clone();
    response
}

/// The values of every top-level `success` key of a JSON object body, or `None` when the body
/// is not an object or repeats a top-level key (duplicates are ambiguous: `serde_json::Value`
/// keeps the last, the envelope parser refuses them).
fn success_values(body: &[u8]) -> Option<Vec<Value>> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

    struct Successes;
    impl<'de> Visitor<'de> for Successes {
        type Value = Option<Vec<Value>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut keys = HashSet::new();
            let mut out = Vec::new();
            let mut unique = true;
            while let Some(key) = map.next_key::<String>()? {
                if key == "success" {
                    out.push(map.next_value::<Value>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
                unique &= keys.insert(key);
            }
            Ok(unique.then_some(out))
        }
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    match de.deserialize_map(Successes) {
        Ok(values) if de.end().is_ok() => values,
        _ => None,
    }
}

/// The invariants of every parse: never `Ok` for a non-2xx status or `success: false`; errors
/// are of a response kind and keep the status, the `cf-ray` and the exact body.
fn check_parsed<T>(what: &str, result: &Result<T, Error>, status: u16, body: &[u8]) {
    // `success: false` in valid JSON (within serde_json's nesting limit, with no top-level key
    // repeated) is always an API error.
    let success_false = serde_json::from_slice::<Value>(body).is_ok()
        && success_values(body).is_some_and(|v| v == [Value::Bool(false)]);
    match result {
        Ok(_) => {
            assert!((200..300).contains(&status), "{what}: Ok for {status}");
            assert!(!success_false, "{what}: Ok for success: false");
        }
        Err(error) => {
            let kept = match error {
                Error::Api(e) => e.body(),
                Error::Decode(e) => e.body(),
                Error::UnexpectedResponse(e) => e.body(),
                other => panic!("{what}: a parser returned {other:?}"),
            };
            assert!(kept == body, "{what}: the error does not keep the body");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{what}");
            assert_eq!(error.cf_ray(), Some("ray"), "{what}");
            if success_false {
                assert!(matches!(error, Error::Api(_)), "{what}: {error}");
            }
            // Rendering an error never panics either.
            let _ = error.to_string();
        }
    }
}

/// The shared envelope parser under several result types, plus the header parsers.
pub fn envelope(data: &[u8]) {
    let [status, flags, body @ ..] = data else {
        return;
    };
    let status = status_from(*status);
    let mut headers = HeaderMap::new();
    headers.insert("cf-ray", HeaderValue::from_static("ray"));
    if flags & 1 != 0 {
        headers.insert("content-type", HeaderValue::from_static("application/json"));
    }
    let mut body = body;
    if flags & 2 != 0 {
        let (line, rest) = match body.iter().position(|b| *b == b'\n') {
            Some(at) => (&body[..at], &body[at + 1..]),
            None => (body, &[][..]),
        };
        body = rest;
        if let Ok(value) = HeaderValue::from_bytes(line) {
            for name in [
                "retry-after",
                "retry-after-ms",
                "ratelimit",
                "ratelimit-policy",
            ] {
                headers.insert(name, value.clone());
            }
        }
    }
    let status_code = StatusCode::from_u16(status).expect("100..=599");
    let parsed = parse_parts::<Value>(status_code, &headers, body);
    check_parsed("Value", &parsed, status, body);
    check_parsed(
        "()",
        &parse_parts::<()>(status_code, &headers, body),
        status,
        body,
    );
    check_parsed(
        "Vec<Value>",
        &parse_parts::<Vec<Value>>(status_code, &headers, body),
        status,
        body,
    );
    check_parsed(
        "Option<Value>",
        &parse_parts::<Option<Value>>(status_code, &headers, body),
        status,
        body,
    );
    if let Ok(parsed) = parsed {
        // What the response says besides the result is readable.
        let info = parsed.meta.result_info.unwrap_or_default();
        let _ = (info.page_count(), info.next_cursor());
    }

    let _ = RateLimit::from_headers(&headers);
    let _ = retry_after(&headers);
    let policy = RetryPolicy::default();
    let longest = policy.max_backoff.max(policy.max_retry_after);
    for idempotent in [true, false] {
        let outcome = Outcome::Response {
            status: status_code,
            headers: &headers,
        };
        let now = std::time::SystemTime::UNIX_EPOCH;
        if let Decision::RetryAfter(wait) = policy.decide(idempotent, outcome, 0, 0.5, now) {
            assert!(wait <= longest, "waits {wait:?}");
        }
    }
}

/// Every operation's parser, through the catalogue.
pub fn operation_parsers(data: &[u8]) {
    let [op, status, body @ ..] = data else {
        return;
    };
    let all = catalogue();
    if all.is_empty() {
        return;
    }
    let info = &all[usize::from(*op) % all.len()];
    let status = status_from(*status);
    let response = http::Response::builder()
        .status(status)
        .header("cf-ray", "ray")
        .header("content-type", "application/json")
        .body(body)
        .expect("a valid response");
    let result = cloudflare_core::catalogue::parse_by_name(info.name, &response)
        .expect("every catalogue name parses");
    check_parsed(info.name, &result, status, body);
}

/// A two-parameter path, so path rendering is fuzzed with more than one segment.
#[derive(Clone, Debug)]
struct Pair {
    first: String,
    second: String,
}

impl Operation for Pair {
    const INFO: OperationInfo = OperationInfo {
        name: "fuzz.pair",
        operation_id: "fuzz-pair",
        method: Method::GET,
        path: "/accounts/{first}/members/{second}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Value;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("first", &self.first), ("second", &self.second)]
    }

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, Error> {
        parse(response)
    }
}

/// Checks that each of `ids` (`None` for a literal segment) occupies exactly its own segment.
fn check_path<O: Operation>(op: &O, segments: &[Option<&str>]) {
    let refused = segments
        .iter()
        .flatten()
        .any(|id| matches!(*id, "" | "." | ".."));
    match op.to_request(&config()) {
        Err(Error::InvalidRequest(RequestError::InvalidPathParam { .. })) if refused => {}
        Err(e) => panic!("unexpected error {e:?} for {segments:?}"),
        Ok(_) if refused => panic!("refused ID accepted: {segments:?}"),
        Ok(request) => {
            let uri = request.uri();
            let reparsed: http::Uri = uri.to_string().parse().expect("the URI reparses");
            assert_eq!(&reparsed, uri);
            assert_eq!(uri.query(), None, "{uri}");
            let path = uri
                .path()
                .strip_prefix("/client/v4/")
                .expect("below the base URL");
            let got: Vec<&str> = path.split('/').collect();
            assert_eq!(got.len(), segments.len(), "{uri}");
            for (segment, id) in got.iter().zip(segments) {
                if let Some(id) = id {
                    let decoded = percent_encoding::percent_decode_str(segment)
                        .decode_utf8()
                        .expect("UTF-8");
                    assert_eq!(&decoded, id, "{uri}");
                }
            }
        }
    }
}

/// Flattens like the query encoder documents it: dotted keys, repeated keys, null skipped.
fn flatten(key: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|item| flatten(key, item, out)),
        Value::Object(map) => {
            for (inner, value) in map {
                flatten(&format!("{key}.{inner}"), value, out);
            }
        }
        leaf => out.push((key.to_owned(), leaf.clone())),
    }
}

/// Whether the decoded text is the JSON leaf: strings and booleans as text, numbers by value.
fn same_leaf(text: &str, leaf: &Value) -> bool {
    match leaf {
        Value::String(s) => text == s,
        Value::Bool(b) => text == b.to_string(),
        Value::Number(n) if n.is_f64() => text.parse::<f64>().ok() == n.as_f64(),
        Value::Number(n) => text == n.to_string(),
        _ => false,
    }
}

/// Path segments and query strings built from arbitrary text.
pub fn path_and_query(data: &[u8]) {
    let (id, query) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let id = String::from_utf8_lossy(id);
    check_path(&accounts::Get::new(id.as_ref()), &[None, Some(&id)]);
    let (first, second) = id.split_at(
        id.char_indices()
            .nth(id.chars().count() / 2)
            .map_or(0, |c| c.0),
    );
    check_path(
        &Pair {
            first: first.to_owned(),
            second: second.to_owned(),
        },
        &[None, Some(first), None, Some(second)],
    );

    let mut encoded = Query::new();
    let expected: Vec<(String, Value)> = match serde_json::from_slice::<Value>(query) {
        // A top-level "" key is refused by the encoder (it marks the top level): skip those.
        Ok(Value::Object(map)) if !map.contains_key("") => {
            encoded.extend(&map).expect("an object is a query");
            let mut out = Vec::new();
            for (key, value) in &map {
                flatten(key, value, &mut out);
            }
            out
        }
        Ok(Value::Object(_)) => return,
        Ok(other) => {
            let accepted = encoded.extend(&other).is_ok();
            assert_eq!(
                accepted,
                other.is_null(),
                "only objects and null are queries"
            );
            return;
        }
        Err(_) => {
            let text = String::from_utf8_lossy(query);
            let mut out = Vec::new();
            for pair in text.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                encoded.push(k, v);
                out.push((k.to_owned(), Value::String(v.to_owned())));
            }
            out
        }
    };
    let decoded = decode_query(encoded.as_str()).expect("the encoder writes UTF-8");
    assert_eq!(decoded.len(), expected.len(), "{decoded:?} vs {expected:?}");
    for ((k, v), (ek, ev)) in decoded.iter().zip(&expected) {
        assert!(k == ek && same_leaf(v, ev), "{k}={v} vs {ek}={ev}");
    }
    let uri: http::Uri = format!("https://h/p?{}", encoded.as_str())
        .parse()
        .expect("the query is URI-safe");
    assert_eq!(uri.query().unwrap_or(""), encoded.as_str());
}

/// A cursor listing that sends its cursor as `?cursor=`, independent of the core's own.
#[derive(Clone, Debug, Default)]
pub struct CursorList {
    cursor: Option<String>,
}

impl Operation for CursorList {
    const INFO: OperationInfo = OperationInfo {
        name: "fuzz.cursor",
        operation_id: "fuzz-cursor",
        method: Method::GET,
        path: "/fuzz/cursor",
        pagination: Pagination::Cursor,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Page<Value>;

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        if let Some(cursor) = &self.cursor {
            query.push("cursor", cursor);
        }
        Ok(())
    }

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, Error> {
        parse_page::<Self, Value, B>(response)
    }
}

impl ListOperation for CursorList {
    type Item = Value;

    fn set_page(&mut self, page: PageRequest) {
        if let PageRequest::Cursor(cursor) = page {
            self.cursor = Some(cursor);
        }
    }
}

/// Drives `pager` over `responses` (cycled) and returns the queries it sent; panics if it
/// sends more than `cap` requests.
fn drive<O: ListOperation>(
    mut pager: Paginator<O>,
    responses: &[&[u8]],
    cap: usize,
) -> Vec<Vec<(String, String)>> {
    let config = config();
    let mut headers = HeaderMap::new();
    headers.insert("cf-ray", HeaderValue::from_static("ray"));
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    let mut queries = Vec::new();
    while let Some(request) = pager.next_request(&config) {
        let request = match request {
            Ok(request) => request,
            // A listing longer than the cap ends with this error, after the pages it allows.
            Err(cloudflare_core::Error::Listing(cloudflare_core::ListingError::Truncated {
                ..
            })) => break,
            Err(e) => panic!("a listing request builds: {e}"),
        };
        assert!(queries.len() < cap, "more than {cap} requests");
        let query = decode_query(request.uri().query().unwrap_or("")).expect("UTF-8");
        let raw = responses[queries.len() % responses.len()];
        queries.push(query);
        let (status, body) = match raw {
            [status, body @ ..] => (status_from(*status), body),
            [] => (200, &[][..]),
        };
        let result = pager.on_response(&response(status, &headers, body));
        match &result {
            // A page that contradicts the listing (another page number than asked) is a
            // listing error, and only ever for a page the API answered with success.
            Err(Error::Listing(_)) => {
                assert!((200..300).contains(&status), "listing error for {status}")
            }
            _ => check_parsed("paginator", &result, status, body),
        }
    }
    assert!(pager.stop_reason().is_some(), "stopped without a reason");
    queries
}

/// Paginators over arbitrary, repeating response sequences: they stop within the cap, never
/// ask for a page twice, never send an empty or repeated cursor.
pub fn paginators(data: &[u8]) {
    let [flags, rest @ ..] = data else {
        return;
    };
    let cap = 1 + u32::from((flags >> 1) & 31);
    let responses: Vec<&[u8]> = rest.split(|b| *b == 0xFF).collect();
    if flags & 1 == 0 {
        let pager = Paginator::new(accounts::List::default()).with_max_pages(cap);
        let queries = drive(pager, &responses, cap as usize);
        let pages: Vec<u64> = queries
            .iter()
            .map(|q| {
                q.iter()
                    .find(|(k, _)| k == "page")
                    .map_or(1, |(_, v)| v.parse().expect("a page number"))
            })
            .collect();
        assert!(pages.windows(2).all(|w| w[0] < w[1]), "pages {pages:?}");
    } else {
        let pager = Paginator::new(CursorList::default()).with_max_pages(cap);
        let queries = drive(pager, &responses, cap as usize);
        let cursors: Vec<&str> = queries
            .iter()
            .filter_map(|q| {
                q.iter()
                    .find(|(k, _)| k == "cursor")
                    .map(|(_, v)| v.as_str())
            })
            .collect();
        assert!(cursors.iter().all(|c| !c.is_empty()), "{cursors:?}");
        let distinct: HashSet<&&str> = cursors.iter().collect();
        assert_eq!(
            distinct.len(),
            cursors.len(),
            "repeated cursor: {cursors:?}"
        );
    }
}

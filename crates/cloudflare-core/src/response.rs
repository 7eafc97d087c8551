//! Parsing responses: the `{success, errors, messages, result, result_info}` envelope,
//! response metadata and typed errors.

use std::time::Duration;

use http::{HeaderMap, StatusCode};
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{
    ApiError, ApiErrorItem, ApiMessage, DecodeError, Error, UnexpectedResponse, elide_quoted,
};
use crate::headers::{header_str, retry_after, should_retry};
use crate::operation::Operation;
use crate::types::lenient_u64;

/// A parsed result with everything else the response said.
#[derive(Clone, Debug)]
pub struct Response<T> {
    /// The typed `result`.
    pub result: T,
    /// Status, headers, `cf-ray`, `result_info`, `messages`, rate limits.
    pub meta: ResponseMeta,
}

/// What a successful response said besides its result.
///
/// Only what the body said is read eagerly (`result_info`, `messages`); the headers are kept
/// as received and read when asked ([`ResponseMeta::cf_ray`], [`ResponseMeta::rate_limit`]), so
/// a caller that never looks pays nothing for them.
#[derive(Clone, Debug, Default)]
pub struct ResponseMeta {
    /// HTTP status.
    pub status: StatusCode,
    /// Every response header.
    pub headers: HeaderMap,
    /// Pagination details, when the API sent them.
    pub result_info: Option<ResultInfo>,
    /// The envelope's `messages`.
    pub messages: Vec<ApiMessage>,
}

impl ResponseMeta {
    /// The metadata of a response with this status and these headers (copied; read on demand).
    pub fn from_parts(status: StatusCode, headers: &HeaderMap) -> Self {
        ResponseMeta {
            status,
            headers: headers.clone(),
            result_info: None,
            messages: Vec::new(),
        }
    }

    /// The `cf-ray` header: the ID Cloudflare support asks for.
    pub fn cf_ray(&self) -> Option<&str> {
        header_str(&self.headers, "cf-ray")
    }

    /// The `Ratelimit` / `Ratelimit-Policy` headers, parsed; `None` when neither was sent.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }
}

/// Pagination details from `result_info`. Numbers sent as strings are accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultInfo {
    /// The current page (page-number listings).
    #[serde(default, deserialize_with = "lenient_u64")]
    pub page: Option<u64>,
    /// Items per page.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub per_page: Option<u64>,
    /// Items on this page.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub count: Option<u64>,
    /// Items in the whole listing.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total_count: Option<u64>,
    /// Pages in the whole listing.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total_pages: Option<u64>,
    /// Cursor of the next page (audit logs v2, as the schema has it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Cursors object (audit logs v2, as the TypeScript and Go SDKs read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursors: Option<Cursors>,
    /// Token of the next page (organization listings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    /// Items in the whole listing (organization listings).
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total_size: Option<u64>,
}

impl ResultInfo {
    /// The cursor of the next page, from whichever field the API used. Empty strings count as none.
    pub fn next_cursor(&self) -> Option<&str> {
        self.cursors
            .as_ref()
            .and_then(|c| c.after.as_deref())
            .or(self.cursor.as_deref())
            .or(self.next_page_token.as_deref())
            .filter(|c| !c.is_empty())
    }

    /// The number of pages, from `total_pages` or else `total_count / per_page`.
    pub fn page_count(&self) -> Option<u64> {
        self.total_pages.or_else(|| {
            let per_page = self.per_page.filter(|p| *p > 0)?;
            Some(self.total_count?.div_ceil(per_page))
        })
    }
}

/// `result_info.cursors`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursors {
    /// The cursor of the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
}

/// The rate-limit state the API reports in `Ratelimit` and `Ratelimit-Policy`
/// (IETF draft syntax, e.g. `"default";r=50;t=30` and `"burst";q=100;w=60`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests remaining in the window (`r`).
    pub remaining: Option<u64>,
    /// Seconds until the window resets (`t`).
    pub reset: Option<Duration>,
    /// Requests allowed per window (`q` of the policy).
    pub limit: Option<u64>,
    /// Window length (`w` of the policy).
    pub window: Option<Duration>,
}

impl RateLimit {
    /// Parses the headers; `None` when neither is present.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let limit = header_str(headers, "ratelimit");
        let policy = header_str(headers, "ratelimit-policy");
        if limit.is_none() && policy.is_none() {
            return None;
        }
        let param = |value: Option<&str>, key: &str| -> Option<u64> {
            value?.split([';', ',']).find_map(|part| {
                let (k, v) = part.trim().split_once('=')?;
                (k.trim() == key).then(|| v.trim().parse().ok())?
            })
        };
        Some(RateLimit {
            remaining: param(limit, "r"),
            reset: param(limit, "t").map(Duration::from_secs),
            limit: param(policy, "q"),
            window: param(policy, "w").map(Duration::from_secs),
        })
    }
}

/// The success envelope, parsed in one pass with the typed result.
#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default, deserialize_with = "lenient_items")]
    errors: Vec<ApiErrorItem>,
    #[serde(default, deserialize_with = "lenient_items")]
    messages: Vec<ApiMessage>,
    #[serde(default = "Option::default")]
    result: Option<T>,
    #[serde(default)]
    result_info: Option<ResultInfo>,
}

/// The lenient envelope used for errors: any shape of `errors` is tolerated.
#[derive(Deserialize)]
struct ErrorEnvelope {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    errors: Option<serde_json::Value>,
    #[serde(default)]
    messages: Option<serde_json::Value>,
    #[serde(default)]
    result: IgnoredAny,
}

/// `errors` or `messages` in any shape: an array of objects or strings (anything else in it
/// becomes a message of its JSON text); not an array: none.
fn lenient_items<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ApiErrorItem>, D::Error> {
    serde_json::Value::deserialize(d).map(|value| items(Some(value)))
}

fn items(value: Option<serde_json::Value>) -> Vec<ApiErrorItem> {
    let message = |message: String| ApiErrorItem {
        code: 0,
        message,
        documentation_url: None,
        source: None,
        error_chain: Vec::new(),
    };
    match value {
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                serde_json::Value::String(text) => message(text),
                other => serde_json::from_value(other.clone())
                    .unwrap_or_else(|_| message(other.to_string())),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What the parser knows of the operation a response answers.
#[derive(Clone, Copy, Debug, Default)]
struct Context {
    operation: Option<&'static str>,
    sensitive: bool,
    nullable_result: bool,
}

/// Parses a response into the typed result of an operation, without knowing which operation
/// (errors then do not name it; prefer [`parse_for`]).
///
/// - 2xx with `success: true` (or no `success` key): the `result`, decoded as `T`.
/// - An absent result (an empty 2xx body such as a 204, or no or a `null` `result`) is a success
///   only when `T` can be absent: `()`, `Option<_>`, a unit struct. For anything else, a struct
///   or a listing's `Vec<_>` included, it is [`Error::Decode`]: an empty answer to `GET /user`
///   or to a listing is a wrong base URL or a broken proxy, not "nothing there".
/// - 2xx with `success: false`, or any non-2xx JSON envelope: [`Error::Api`].
/// - A body that is not JSON (HTML error page, truncated): [`Error::UnexpectedResponse`]
///   for non-2xx, [`Error::Decode`] for 2xx (or [`Error::UnexpectedResponse`] when it is
///   plainly not JSON).
/// - `errors` and `messages` are read as objects or strings on every path.
pub fn parse<T, B>(response: &http::Response<B>) -> Result<Response<T>, Error>
where
    T: DeserializeOwned,
    B: AsRef<[u8]>,
{
    parse_parts(
        response.status(),
        response.headers(),
        response.body().as_ref(),
    )
}

/// [`parse`] for the operation `O`: errors name it (e.g. `accounts.members.list`), and when its
/// responses carry a secret ([`Operation::SENSITIVE_RESPONSE`]) their `Debug` hides the body.
/// What [`Operation::parse_response`] does by default.
pub fn parse_for<O, B>(response: &http::Response<B>) -> Result<Response<O::Output>, Error>
where
    O: Operation + ?Sized,
    O::Output: DeserializeOwned,
    B: AsRef<[u8]>,
{
    parse_as::<O, O::Output, B>(response)
}

/// [`parse_for`] with a result type of the caller's choosing: the response of the operation `O`
/// (named in errors, its body hidden when [`Operation::SENSITIVE_RESPONSE`]) read as `T`, e.g.
/// a listing's page of items before it is wrapped.
pub fn parse_as<O, T, B>(response: &http::Response<B>) -> Result<Response<T>, Error>
where
    O: Operation + ?Sized,
    T: DeserializeOwned,
    B: AsRef<[u8]>,
{
    let context = Context {
        operation: Some(O::INFO.name),
        sensitive: O::SENSITIVE_RESPONSE,
        nullable_result: O::NULLABLE_RESULT,
    };
    parse_in(
        context,
        response.status(),
        response.headers(),
        response.body().as_ref(),
    )
}

/// [`parse`] on a response's parts.
pub fn parse_parts<T: DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response<T>, Error> {
    parse_in(Context::default(), status, headers, body)
}

fn parse_in<T: DeserializeOwned>(
    context: Context,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response<T>, Error> {
    let mut meta = ResponseMeta::from_parts(status, headers);
    let fail = |e: Error| e.for_operation_opt(context);

    if !status.is_success() {
        return Err(fail(error_response(&meta, headers, body)));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return match absent::<T>() {
            Some(result) => Ok(Response { result, meta }),
            None => Err(fail(decode_error(
                &meta,
                body,
                ".".into(),
                "the body is empty, but this operation returns a result".into(),
            ))),
        };
    }

    let envelope: Envelope<T> = match serde_json::from_slice(body) {
        Ok(envelope) => envelope,
        Err(first) => return Err(fail(classify_2xx_failure::<T>(&meta, headers, body, first))),
    };
    if envelope.success == Some(false) {
        return Err(fail(Error::Api(Box::new(ApiError {
            status,
            errors: envelope.errors,
            messages: envelope.messages,
            cf_ray: meta.cf_ray().map(str::to_owned),
            retry_after: retry_after(headers),
            should_retry: should_retry(headers),
            after_ambiguous_attempt: false,
            body: body.to_vec(),
            sensitive: false,
        }))));
    }
    // A `null` result the schema allows (`Operation::NULLABLE_RESULT`) is an empty list, but
    // only inside an envelope that says `success: true`.
    let declared_none = || {
        (context.nullable_result && envelope.success == Some(true))
            .then(|| serde_json::from_value(serde_json::Value::Array(Vec::new())).ok())
            .flatten()
    };
    let result = match envelope.result.or_else(absent::<T>).or_else(declared_none) {
        Some(result) => result,
        None => {
            return Err(fail(decode_error(
                &meta,
                body,
                "result".into(),
                "`result` is missing or null, but this operation returns a result".into(),
            )));
        }
    };
    meta.result_info = envelope.result_info;
    meta.messages = envelope.messages;
    Ok(Response { result, meta })
}

impl Error {
    fn for_operation_opt(self, context: Context) -> Self {
        match context.operation {
            Some(operation) => self.for_operation(operation, context.sensitive),
            None => self,
        }
    }
}

/// Parses a success whose body is either the usual envelope with a `result`, or the result
/// itself at the top level (a JSON object with neither `result` nor `success`): the latter is
/// wrapped into an envelope and parsed the usual way, so decode errors still name the field.
/// Errors (non-2xx, `success: false`, non-JSON bodies) go through the shared parser unchanged.
pub fn parse_bare_or_enveloped<T, B>(response: &http::Response<B>) -> Result<Response<T>, Error>
where
    T: DeserializeOwned,
    B: AsRef<[u8]>,
{
    let bare = match response.status().is_success() {
        true => match serde_json::from_slice::<serde_json::Value>(response.body().as_ref()) {
            // An envelope (even one with a null result) is parsed as one, never as a bare result.
            Ok(serde_json::Value::Object(map))
                if !map.contains_key("result") && !map.contains_key("success") =>
            {
                Some(map)
            }
            _ => None,
        },
        false => None,
    };
    if let Some(mut map) = bare {
        let messages = map
            .get("messages")
            .filter(|m| m.is_array())
            .cloned()
            .unwrap_or_else(|| serde_json::Value::Array(Vec::new()));
        map.remove("result");
        let envelope = serde_json::json!({
            "success": true,
            "errors": [],
            "messages": messages,
            "result": serde_json::Value::Object(map),
        });
        let body = serde_json::to_vec(&envelope).unwrap_or_default();
        // Errors must carry the bytes the server sent, not the wrapped copy.
        return parse_parts(response.status(), response.headers(), &body)
            .map_err(|e| e.with_body(response.body().as_ref()));
    }
    parse(response)
}

/// `T` for an absent result: `Some` only for types that can be absent (`()`, `Option<_>`, unit
/// structs), never for structs, maps, lists or scalars.
fn absent<T: DeserializeOwned>() -> Option<T> {
    T::deserialize(Absent).ok()
}

/// A deserializer of "nothing": it answers only `unit` and `option` requests.
struct Absent;

impl<'de> Deserializer<'de> for Absent {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("no result"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A 2xx body that did not parse: find out whether it is an error envelope,
/// non-JSON, or JSON of the wrong shape (and where).
fn classify_2xx_failure<T: DeserializeOwned>(
    meta: &ResponseMeta,
    headers: &HeaderMap,
    body: &[u8],
    first: serde_json::Error,
) -> Error {
    if let Ok(
        env @ ErrorEnvelope {
            success: Some(false),
            ..
        },
    ) = serde_json::from_slice::<ErrorEnvelope>(body)
    {
        return api_error(meta, headers, body, env);
    }
    if serde_json::from_slice::<IgnoredAny>(body).is_err() && !looks_like_json(headers, body) {
        return unexpected(meta, headers, body);
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, Envelope<T>>(de) {
        Err(e) => {
            let path = e.path().to_string();
            decode_error(meta, body, path, e.into_inner().to_string())
        }
        // Should not happen (the first pass failed), but never lose the first error.
        Ok(_) => decode_error(meta, body, ".".into(), first.to_string()),
    }
}

fn looks_like_json(headers: &HeaderMap, body: &[u8]) -> bool {
    let content_type_json = header_str(headers, "content-type").is_some_and(|c| c.contains("json"));
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    content_type_json && matches!(first, Some(b'{') | Some(b'['))
}

fn error_response(meta: &ResponseMeta, headers: &HeaderMap, body: &[u8]) -> Error {
    match serde_json::from_slice::<ErrorEnvelope>(body) {
        Ok(env) => api_error(meta, headers, body, env),
        Err(_) => unexpected(meta, headers, body),
    }
}

fn api_error(meta: &ResponseMeta, headers: &HeaderMap, body: &[u8], env: ErrorEnvelope) -> Error {
    let _ = env.result;
    Error::Api(Box::new(ApiError {
        status: meta.status,
        errors: items(env.errors),
        messages: items(env.messages),
        cf_ray: meta.cf_ray().map(str::to_owned),
        retry_after: retry_after(headers),
        should_retry: should_retry(headers),
        after_ambiguous_attempt: false,
        body: body.to_vec(),
        sensitive: false,
    }))
}

fn unexpected(meta: &ResponseMeta, headers: &HeaderMap, body: &[u8]) -> Error {
    Error::UnexpectedResponse(Box::new(UnexpectedResponse {
        status: meta.status,
        content_type: header_str(headers, "content-type").map(str::to_owned),
        cf_ray: meta.cf_ray().map(str::to_owned),
        retry_after: retry_after(headers),
        should_retry: should_retry(headers),
        body: body.to_vec(),
        sensitive: false,
    }))
}

fn decode_error(meta: &ResponseMeta, body: &[u8], path: String, message: String) -> Error {
    Error::Decode(Box::new(DecodeError {
        status: meta.status,
        operation: None,
        path,
        message: elide_quoted(&message),
        cf_ray: meta.cf_ray().map(str::to_owned),
        body: body.to_vec(),
        sensitive: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: String,
        n: u32,
    }

    fn resp(status: u16, body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(status)
            .header("cf-ray", "ray-1")
            .header("content-type", "application/json")
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn success_with_result_info_and_unknown_fields() {
        let r: Response<Vec<Item>> = parse(&resp(
            200,
            r#"{"success":true,"errors":[],"messages":[{"code":1,"message":"hi"}],"new":1,
               "result":[{"id":"a","n":1,"extra":true}],
               "result_info":{"page":1,"per_page":"20","count":"1","total_count":1}}"#,
        ))
        .unwrap();
        assert_eq!(
            r.result,
            vec![Item {
                id: "a".into(),
                n: 1
            }]
        );
        let info = r.meta.result_info.clone().unwrap();
        assert_eq!(info.per_page, Some(20));
        assert_eq!(info.page_count(), Some(1));
        assert_eq!(r.meta.cf_ray(), Some("ray-1"));
        assert_eq!(r.meta.messages[0].message, "hi");
    }

    #[test]
    fn success_false_on_2xx_is_an_error() {
        let err = parse::<Vec<Item>, _>(&resp(
            200,
            r#"{"success":false,"errors":[{"code":1003,"message":"nope","error_chain":[{"code":5,"message":"inner"}]}],"messages":[],"result":null}"#,
        ))
        .unwrap_err();
        let api = err.as_api().unwrap();
        assert_eq!(api.status, 200);
        assert_eq!(api.errors[0].code, 1003);
        assert_eq!(api.errors[0].error_chain[0].message, "inner");
        assert_eq!(api.cf_ray.as_deref(), Some("ray-1"));
    }

    #[test]
    fn error_envelopes_keep_everything() {
        let body = r#"{"success":false,"errors":[{"code":10000,"message":"Authentication error","documentation_url":"https://x","source":{"pointer":"/a"}}, "odd"],"messages":[],"result":null}"#;
        let err = parse::<(), _>(&resp(403, body)).unwrap_err();
        let api = err.as_api().unwrap();
        assert_eq!(api.status, 403);
        assert_eq!(api.errors.len(), 2);
        assert_eq!(
            api.errors[0].source.as_ref().unwrap().pointer.as_deref(),
            Some("/a")
        );
        assert_eq!(api.errors[1].message, "odd");
        assert_eq!(api.body(), body.as_bytes());
        // Codes above 65535 survive.
        let err = parse::<(), _>(&resp(
            400,
            r#"{"success":false,"errors":[{"code":1000000,"message":"big"}]}"#,
        ))
        .unwrap_err();
        assert_eq!(err.as_api().unwrap().errors[0].code, 1_000_000);
    }

    #[test]
    fn html_pages_are_unexpected_responses() {
        let err = parse::<Vec<Item>, _>(
            &http::Response::builder()
                .status(502)
                .header("content-type", "text/html")
                .body(b"<html>Bad gateway</html>".to_vec())
                .unwrap(),
        )
        .unwrap_err();
        assert!(matches!(&err, Error::UnexpectedResponse(u) if u.status == 502));
        // Display never quotes the body; Debug shows a bounded snippet, as text.
        assert!(!err.to_string().contains("Bad gateway"), "{err}");
        assert!(format!("{err:?}").contains(r#""<html>Bad gateway</html>" (24 bytes)"#));
        assert_eq!(err.body(), Some(&b"<html>Bad gateway</html>"[..]));
        let err = parse::<Vec<Item>, _>(&resp(200, "<html>")).unwrap_err();
        assert!(matches!(err, Error::UnexpectedResponse(_)));
    }

    #[test]
    fn decode_errors_name_the_path() {
        let err = parse::<Vec<Item>, _>(&resp(
            200,
            r#"{"success":true,"errors":[],"messages":[],"result":[{"id":"a","n":1},{"id":"b","n":"x"}]}"#,
        ))
        .unwrap_err();
        match err {
            Error::Decode(d) => {
                assert_eq!(d.path, "result[1].n");
                assert!(!d.body().is_empty());
            }
            other => panic!("{other:?}"),
        }
        // Truncated JSON.
        let err = parse::<Vec<Item>, _>(&resp(200, r#"{"success":true,"result":[{"id""#));
        assert!(matches!(err, Err(Error::Decode(_))));
    }

    #[test]
    fn empty_and_null() {
        let r: Response<()> = parse(&resp(204, "")).unwrap();
        assert_eq!(r.meta.status, 204);
        let r: Response<Option<Item>> = parse(&resp(
            200,
            r#"{"success":true,"errors":[],"messages":[],"result":null}"#,
        ))
        .unwrap();
        assert_eq!(r.result, None);
        let r: Response<Option<Item>> = parse(&resp(204, " ")).unwrap();
        assert_eq!(r.result, None);
        let r: Response<()> =
            parse(&resp(200, r#"{"success":true,"errors":[],"messages":[]}"#)).unwrap();
        assert_eq!(r.result, ());
        assert!(matches!(
            parse::<Item, _>(&resp(200, "")),
            Err(Error::Decode(_))
        ));
        assert!(matches!(
            parse::<(), _>(&resp(500, "")),
            Err(Error::UnexpectedResponse(_))
        ));
    }

    /// Regression: an absent result used to read as an empty list or a struct of defaults,
    /// so a wrong base URL looked like "you have no accounts".
    #[test]
    fn an_absent_result_is_a_decode_error_for_structs_and_lists() {
        #[derive(Debug, Default, Deserialize)]
        struct Lenient {
            #[serde(default)]
            _id: Option<String>,
        }
        for (status, body) in [
            (200, ""),
            (204, ""),
            (200, r#"{"success":true}"#),
            (
                200,
                r#"{"success":true,"errors":[],"messages":[],"result":null}"#,
            ),
        ] {
            let list = parse::<Vec<Item>, _>(&resp(status, body));
            assert!(
                matches!(list, Err(Error::Decode(_))),
                "{status} {body}: {list:?}"
            );
            let lenient = parse::<Lenient, _>(&resp(status, body));
            assert!(
                matches!(lenient, Err(Error::Decode(_))),
                "{status} {body}: {lenient:?}"
            );
            let map = parse::<serde_json::Map<String, serde_json::Value>, _>(&resp(status, body));
            assert!(map.is_err(), "{status} {body}");
            assert!(parse::<(), _>(&resp(status, body)).is_ok());
            assert!(
                parse::<Option<Item>, _>(&resp(status, body))
                    .unwrap()
                    .result
                    .is_none()
            );
        }
        // Through an operation, the error names it.
        let err = crate::accounts::members::List::parse_response(&resp(204, "")).unwrap_err();
        assert!(matches!(&err, Error::Decode(d) if d.operation == Some("accounts.members.list")));
        assert!(err.to_string().contains("`accounts.members.list`"), "{err}");
        assert_eq!(err.kind(), crate::error::ErrorKind::Decode);
        let err = crate::user::Get::parse_response(&resp(200, r#"{"success":true}"#)).unwrap_err();
        assert!(err.to_string().contains("`user.get`"), "{err}");
    }

    /// Regression: string messages failed the success path while the error path took them.
    #[test]
    fn messages_as_strings_or_objects_on_every_path() {
        let r: Response<Vec<Item>> = parse(&resp(
            200,
            r#"{"success":true,"errors":[],"messages":["plain",{"code":7,"message":"obj"}],"result":[]}"#,
        ))
        .unwrap();
        assert_eq!(r.meta.messages[0].message, "plain");
        assert_eq!(r.meta.messages[1].code, 7);
        let err = parse::<Vec<Item>, _>(&resp(
            200,
            r#"{"success":false,"errors":["nope"],"messages":["why"],"result":null}"#,
        ))
        .unwrap_err();
        let api = err.as_api().unwrap();
        assert_eq!(
            (
                api.errors[0].message.as_str(),
                api.messages[0].message.as_str()
            ),
            ("nope", "why")
        );
        let err = parse::<(), _>(&resp(
            400,
            r#"{"success":false,"errors":[{"code":1,"message":"x"}],"messages":["m"]}"#,
        ))
        .unwrap_err();
        assert_eq!(err.as_api().unwrap().messages[0].message, "m");
    }

    #[test]
    fn rate_limit_headers() {
        let mut h = HeaderMap::new();
        h.insert("ratelimit", "\"default\";r=50;t=30".parse().unwrap());
        h.insert("ratelimit-policy", "\"burst\";q=100;w=60".parse().unwrap());
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(rl.remaining, Some(50));
        assert_eq!(rl.reset, Some(Duration::from_secs(30)));
        assert_eq!(rl.limit, Some(100));
        assert_eq!(rl.window, Some(Duration::from_secs(60)));
        assert!(RateLimit::from_headers(&HeaderMap::new()).is_none());
    }
}

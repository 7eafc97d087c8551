//! Cloudflare-style errors and the codes the emulator uses.
//!
//! | status | code  | when |
//! |--------|-------|------|
//! | 400    | 1004  | invalid parameter or body field (missing required field, wrong type, bad enum value, out of range, bad state transition); the message names the field |
//! | 400    | 6003  | invalid request headers: several auth schemes at once, or a malformed `Authorization` header (with an `error_chain` entry) |
//! | 400    | 6007  | malformed JSON in the request body (also: empty or non-object body where an object is required) |
//! | 400    | 7003  | malformed object identifier in the path (not 32 ASCII alphanumerics) |
//! | 401    | 10000 | no credentials, or a scheme this operation does not accept ("Authentication error") |
//! | 401    | 9109  | unknown, rolled, deleted, disabled, expired or not-yet-valid API token ("Invalid access token") |
//! | 403    | 9109  | a token lacking the permission or the resource ("Unauthorized to access requested resource"), or used from an address its condition refuses ("Cannot use the access token from location: {ip}"); see `policy` |
//! | 403    | 10000 | wrong `X-Auth-Email`/`X-Auth-Key` pair or wrong `X-Auth-User-Service-Key` ("Authentication error") |
//! | 404    | 7000  | no route for that URI |
//! | 404    | 7003  | unknown (or inaccessible) object identifier |
//! | 405    | 7001  | method not allowed for that route (with an `Allow` header) |
//! | 409    | 1005  | the object already exists (e.g. member email already in the account) |
//! | 413    | 1013  | request body above 1 MiB |
//! | 429    | 10000 | injected rate limit (with `Retry-After`) |
//! | 503    | 10001 | injected outage |

use serde_json::{Value, json};

/// Validation error code (400).
pub(crate) const CODE_VALIDATION: u32 = 1004;
/// Conflict code (409).
pub(crate) const CODE_CONFLICT: u32 = 1005;
/// Body too large (413).
pub(crate) const CODE_TOO_LARGE: u32 = 1013;
/// Invalid request headers (400).
pub(crate) const CODE_INVALID_HEADERS: u32 = 6003;
/// Malformed JSON (400).
pub(crate) const CODE_MALFORMED_JSON: u32 = 6007;
/// No route (404).
pub(crate) const CODE_NO_ROUTE: u32 = 7000;
/// Method not allowed (405).
pub(crate) const CODE_METHOD_NOT_ALLOWED: u32 = 7001;
/// Could not route to object (400 malformed / 404 unknown).
pub(crate) const CODE_COULD_NOT_ROUTE: u32 = 7003;
/// Invalid access token (401).
pub(crate) const CODE_INVALID_TOKEN: u32 = 9109;
/// Authentication error (401/403); also used for injected 429s.
pub(crate) const CODE_AUTH: u32 = 10000;
/// Injected outage (503).
pub(crate) const CODE_UNAVAILABLE: u32 = 10001;

/// How a route shapes its error envelopes, following its 4XX schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorFlavor {
    /// `{success:false, errors, messages, result:null}` (iam, bill-subs,
    /// audit logs).
    Standard,
    /// No `result` key: for `organizations-api_V4ErrorResponse` (where
    /// `result` must be an object if present) and the `/user/audit_logs`
    /// error schema (where `result` must be an array if present).
    NoResult,
}

/// One API error, rendered as a Cloudflare error envelope.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    /// HTTP status.
    pub(crate) status: u16,
    /// Cloudflare error code.
    pub(crate) code: u32,
    /// Human readable message.
    pub(crate) message: String,
    /// Optional `error_chain` entries.
    pub(crate) chain: Vec<(u32, String)>,
    /// Extra response headers (e.g. `Allow`).
    pub(crate) headers: Vec<(String, String)>,
}

impl ApiError {
    /// Any status and code.
    pub(crate) fn new(status: u16, code: u32, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            chain: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// 400 / 1004 validation error.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, CODE_VALIDATION, message)
    }

    /// 400 / 1004 "field: required".
    pub(crate) fn missing_field(field: &str) -> Self {
        Self::bad_request(format!("{field}: required field is missing"))
    }

    /// 400 / 6007.
    pub(crate) fn malformed_json(detail: impl std::fmt::Display) -> Self {
        Self::new(
            400,
            CODE_MALFORMED_JSON,
            format!("Malformed JSON in request body: {detail}"),
        )
    }

    /// 400 / 7003 for a malformed identifier.
    pub(crate) fn malformed_id(path: &str) -> Self {
        Self::new(
            400,
            CODE_COULD_NOT_ROUTE,
            format!("Could not route to {path}, perhaps your object identifier is invalid?"),
        )
    }

    /// 404 / 7003 for an unknown identifier.
    pub(crate) fn not_found(path: &str) -> Self {
        Self::new(
            404,
            CODE_COULD_NOT_ROUTE,
            format!("Could not route to {path}, perhaps your object identifier is invalid?"),
        )
    }

    /// 404 / 7000.
    pub(crate) fn no_route() -> Self {
        Self::new(404, CODE_NO_ROUTE, "No route for that URI")
    }

    /// 405 / 7001 with an `Allow` header.
    pub(crate) fn method_not_allowed(allow: &[&str]) -> Self {
        let mut e = Self::new(
            405,
            CODE_METHOD_NOT_ALLOWED,
            "Method not allowed for this route",
        );
        e.headers.push(("allow".to_owned(), allow.join(", ")));
        e
    }

    /// 409 / 1005.
    pub(crate) fn conflict(message: impl Into<String>) -> Self {
        Self::new(409, CODE_CONFLICT, message)
    }

    /// Adds an `error_chain` entry.
    pub(crate) fn with_chain(mut self, code: u32, message: &str) -> Self {
        self.chain.push((code, message.to_owned()));
        self
    }

    /// The error envelope for this error.
    pub(crate) fn body(&self, flavor: ErrorFlavor) -> Value {
        let mut err = json!({"code": self.code, "message": self.message});
        if !self.chain.is_empty() {
            err["error_chain"] = Value::Array(
                self.chain
                    .iter()
                    .map(|(c, m)| json!({"code": c, "message": m}))
                    .collect(),
            );
        }
        let mut body = json!({
            "success": false,
            "errors": [err],
            "messages": [],
        });
        if flavor == ErrorFlavor::Standard {
            body["result"] = Value::Null;
        }
        body
    }
}

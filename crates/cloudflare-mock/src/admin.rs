//! Run-time control over HTTP, for tests written in other languages or running elsewhere:
//! served under `/__admin/` when [`crate::MockConfig::admin_endpoints`] is on (the binary turns
//! it on). Admin requests are not recorded, counted or faulted.
//!
//! | request | effect |
//! |---------|--------|
//! | `POST /__admin/faults` | adds a fault (body below); 201 |
//! | `DELETE /__admin/faults` | removes every fault and the latency; 204 |
//! | `POST /__admin/expectations` | `{"method", "template", "times" \| "at_least" \| "at_most": n}`; 201 |
//! | `GET /__admin/verify` | 200 `{"ok": true}`, or 409 `{"ok": false, "mismatches": [..]}` |
//! | `GET /__admin/requests` | 200 `{"requests": [..]}`: the recorded exchanges, secrets redacted |
//! | `DELETE /__admin/requests` | forgets them; 204 |
//! | `POST /__admin/reset` | world rebuilt, faults, expectations, exchanges and call counts cleared; 204 |
//!
//! A fault body: `{"method": "POST", "template": "/accounts/{account_id}/tokens", "nth": 2,
//! "times": 1, "fault": {...}}`; without `method` and `template` the fault goes to the "any
//! route" queue (`times` requests, default 1). `fault` is one of `{"type": "rate_limit",
//! "retry_after": 2}`, `{"type": "unavailable"}`, `{"type": "truncate"}`, `{"type": "drop"}`,
//! `{"type": "stall", "ms": 500}`, `{"type": "respond", "status": 418, "headers": {"x-a":
//! "b"}, "body": "text"}` (or `"json": {...}` instead of `"body"`). `"times": "always"` keeps
//! a route fault for every call. Bad JSON or an unknown route is a 400 with a message.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::expect::Expectations;
use crate::faults::{FaultKind, Faults, ScriptedResponse, route_index};

/// What the admin endpoints act on: a running server's shared parts.
pub(crate) trait Control {
    /// The server's faults (and call counts).
    fn faults(&self) -> &Faults;
    /// The server's expectations.
    fn expectations(&self) -> &Expectations;
    /// The recorded exchanges, redacted, oldest first.
    fn requests_redacted(&self) -> Vec<Value>;
    /// Forgets the recorded exchanges.
    fn clear_requests(&self);
    /// Back to a fresh start.
    fn reset(&self);
}

/// An admin answer: status and JSON body (`None` for 204).
pub(crate) type Reply = (u16, Option<Value>);

/// The prefix of the admin endpoints.
pub(crate) const PREFIX: &str = "/__admin/";

/// True for a path under [`PREFIX`].
pub(crate) fn is_admin_path(path: &str) -> bool {
    path.starts_with(PREFIX)
}

fn reply(status: u16, body: Value) -> Reply {
    (status, Some(body))
}

fn no_content() -> Reply {
    (204, None)
}

fn error(status: u16, message: impl Into<String>) -> Reply {
    reply(status, json!({"error": message.into()}))
}

/// Serves one admin request.
pub(crate) fn handle(shared: &dyn Control, method: &str, path: &str, body: &[u8]) -> Reply {
    let what = path.strip_prefix(PREFIX).unwrap_or("");
    match (method, what) {
        ("POST", "faults") => match parse_object(body).and_then(|m| add_fault(shared, &m)) {
            Ok(()) => reply(201, json!({"ok": true})),
            Err(e) => error(400, e),
        },
        ("DELETE", "faults") => {
            shared.faults().clear();
            no_content()
        }
        ("POST", "expectations") => {
            match parse_object(body).and_then(|m| add_expectation(shared, &m)) {
                Ok(()) => reply(201, json!({"ok": true})),
                Err(e) => error(400, e),
            }
        }
        ("GET", "verify") => match shared.expectations().check(shared.faults()) {
            Ok(()) => reply(200, json!({"ok": true})),
            Err(e) => reply(409, json!({"ok": false, "mismatches": e.mismatches})),
        },
        ("GET", "requests") => reply(200, json!({ "requests": shared.requests_redacted() })),
        ("DELETE", "requests") => {
            shared.clear_requests();
            no_content()
        }
        ("POST", "reset") => {
            shared.reset();
            no_content()
        }
        (_, "faults" | "expectations" | "verify" | "requests" | "reset") => {
            error(405, format!("{method} is not allowed on {path}"))
        }
        _ => error(
            404,
            format!("no admin endpoint {path} (see cloudflare-mock --help)"),
        ),
    }
}

fn parse_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("the body must be a JSON object".to_owned()),
        Err(e) => Err(format!("malformed JSON: {e}")),
    }
}

fn opt_u64(m: &Map<String, Value>, key: &str) -> Result<Option<u64>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("{key}: must be a whole number")),
    }
}

fn opt_str<'a>(m: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{key}: must be a string")),
    }
}

fn route_of(m: &Map<String, Value>) -> Result<Option<usize>, String> {
    match (opt_str(m, "method")?, opt_str(m, "template")?) {
        (None, None) => Ok(None),
        (Some(method), Some(template)) => route_index(method, template)
            .map(Some)
            .map_err(|e| e.to_string()),
        _ => Err("method and template go together".to_owned()),
    }
}

fn add_fault(shared: &dyn Control, m: &Map<String, Value>) -> Result<(), String> {
    let route = route_of(m)?;
    let nth = opt_u64(m, "nth")?;
    let times = match m.get("times") {
        Some(Value::String(s)) if s == "always" && route.is_some() => u64::MAX,
        _ => opt_u64(m, "times")?.unwrap_or(1),
    };
    if nth.is_some() && route.is_none() {
        return Err("nth needs a method and template".to_owned());
    }
    let fault = match m.get("fault") {
        Some(Value::Object(f)) => f,
        _ => return Err("fault: required object, e.g. {\"type\": \"rate_limit\"}".to_owned()),
    };
    let kind = match opt_str(fault, "type")? {
        Some("rate_limit") => FaultKind::RateLimit(opt_u64(fault, "retry_after")?.unwrap_or(1)),
        Some("unavailable") => FaultKind::Unavailable,
        Some("truncate") => FaultKind::Truncate,
        Some("drop") => FaultKind::Drop,
        Some("stall") => {
            FaultKind::Stall(Duration::from_millis(opt_u64(fault, "ms")?.unwrap_or(1000)))
        }
        Some("respond") => FaultKind::Script(scripted(fault)?),
        Some(other) => {
            return Err(format!(
                "fault.type: unknown {other:?} (rate_limit, unavailable, truncate, drop, stall, respond)"
            ));
        }
        None => return Err("fault.type: required".to_owned()),
    };
    shared.faults().add(route, nth, times, kind);
    Ok(())
}

fn scripted(f: &Map<String, Value>) -> Result<ScriptedResponse, String> {
    let status = opt_u64(f, "status")?.unwrap_or(200);
    let status = u16::try_from(status)
        .ok()
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| "fault.status: must be 100..=999".to_owned())?;
    let mut r = match (f.get("json"), opt_str(f, "body")?) {
        (Some(_), Some(_)) => return Err("fault: json or body, not both".to_owned()),
        (Some(v), None) => ScriptedResponse::json(status, v.clone()),
        (None, body) => ScriptedResponse::bytes(status, "text/plain", body.unwrap_or("")),
    };
    match f.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(h)) => {
            for (k, v) in h {
                let v = v
                    .as_str()
                    .ok_or_else(|| format!("fault.headers.{k}: must be a string"))?;
                if k.eq_ignore_ascii_case("content-type") {
                    r.headers
                        .retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
                }
                r = r.with_header(k, v);
            }
        }
        Some(_) => return Err("fault.headers: must be an object of strings".to_owned()),
    }
    Ok(r)
}

fn add_expectation(shared: &dyn Control, m: &Map<String, Value>) -> Result<(), String> {
    let (Some(method), Some(template)) = (opt_str(m, "method")?, opt_str(m, "template")?) else {
        return Err("method and template: required".to_owned());
    };
    let e = shared
        .expectations()
        .expect(shared.faults(), method, template)
        .map_err(|e| e.to_string())?;
    match (
        opt_u64(m, "times")?,
        opt_u64(m, "at_least")?,
        opt_u64(m, "at_most")?,
    ) {
        (Some(n), None, None) => e.times(n),
        (None, Some(n), None) => e.at_least(n),
        (None, None, Some(n)) => e.at_most(n),
        _ => return Err("one of times, at_least, at_most: required".to_owned()),
    }
    Ok(())
}

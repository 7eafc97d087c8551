//! Reading response headers: the one place both the parser and the retry policy read them.

use std::time::{Duration, SystemTime};

use http::HeaderMap;

/// A header's value as text, if present and visible ASCII.
pub(crate) fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// The wait the server asked for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP
/// date. A date is measured against the response's own `Date` header; without one, the wait is
/// unknown (`None`; see [`retry_after_at`] to measure it against a clock of your own).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, None)
}

/// [`retry_after`], measuring a `Retry-After` date against the response's `Date` header or,
/// without one, against `now` (the caller's wall clock; the core reads none). A date that cannot
/// be measured (no `Date`, no `now`) is `None`; a date in the past is no wait.
pub fn retry_after_at(headers: &HeaderMap, now: Option<SystemTime>) -> Option<Duration> {
    let ms = header_str(headers, "retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok());
    if let Some(ms) = ms.filter(|ms| ms.is_finite() && *ms >= 0.0) {
        return Some(Duration::from_secs_f64((ms / 1000.0).min(1e9)));
    }
    let value = header_str(headers, "retry-after")?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let now = header_str(headers, "date")
        .and_then(|d| httpdate::parse_http_date(d).ok())
        .or(now)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The `x-should-retry` header: `Some(true)` or `Some(false)` when it says `true` or `false`
/// (the server's own verdict, which overrides the status), else `None`.
pub fn should_retry(headers: &HeaderMap) -> Option<bool> {
    match header_str(headers, "x-should-retry")?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Formats an instant as an HTTP date (for servers and tests writing `Retry-After`).
pub fn http_date(t: SystemTime) -> String {
    httpdate::fmt_http_date(t)
}

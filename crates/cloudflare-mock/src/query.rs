//! Query-string and path-segment decoding.
//!
//! Query strings are parsed the way the official SDKs write them: `&`
//! separated `key=value` pairs, percent-decoded (`+` also means a space),
//! repeated keys collected as arrays (`action_type=create&action_type=view`)
//! and dotted keys (`actor.email`, `id.not`) kept as plain key names.

use crate::errors::ApiError;

/// Percent-decodes `s` into bytes (the `percent-encoding` crate). `plus_is_space` turns `+`
/// into a space first (query strings; an encoded `%2B` stays a `+`). Malformed escapes (`%G1`,
/// a lone `%`) are kept as they are, like most servers do.
pub(crate) fn percent_decode(s: &str, plus_is_space: bool) -> Vec<u8> {
    if plus_is_space && s.contains('+') {
        percent_encoding::percent_decode_str(&s.replace('+', " ")).collect()
    } else {
        percent_encoding::percent_decode_str(s).collect()
    }
}

/// A parsed query string: ordered `(key, value)` pairs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses a raw query string (without the `?`). Keys or values that are
    /// not valid UTF-8 after decoding are a 400 error.
    pub(crate) fn parse(raw: &str) -> Result<Query, ApiError> {
        let mut pairs = Vec::new();
        for part in raw.split('&') {
            if part.is_empty() {
                continue;
            }
            let (k, v) = match part.split_once('=') {
                Some((k, v)) => (k, v),
                None => (part, ""),
            };
            let key = String::from_utf8(percent_decode(k, true)).map_err(|_| {
                ApiError::bad_request("query string: a parameter name is not valid UTF-8")
            })?;
            let value = String::from_utf8(percent_decode(v, true))
                .map_err(|_| ApiError::bad_request(format!("{key}: value is not valid UTF-8")))?;
            pairs.push((key, value));
        }
        Ok(Query { pairs })
    }

    /// The last value given for `key`, if any.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value given for `key`, in order (an empty list if none).
    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// `key` as a non-negative whole number within `min..=max`, or `default`
    /// when absent. `"2"` and `"2.0"` are accepted; anything else is a 400
    /// naming the parameter.
    pub(crate) fn number(
        &self,
        key: &str,
        default: u64,
        min: u64,
        max: u64,
    ) -> Result<u64, ApiError> {
        let Some(raw) = self.get(key) else {
            return Ok(default);
        };
        let parsed = parse_whole_number(raw).ok_or_else(|| {
            ApiError::bad_request(format!("{key}: must be a whole number, got {raw:?}"))
        })?;
        if parsed < min || parsed > max {
            return Err(ApiError::bad_request(format!(
                "{key}: must be between {min} and {max}, got {parsed}"
            )));
        }
        Ok(parsed)
    }

    /// `key` as a boolean (`true`/`false`), or `default` when absent.
    pub(crate) fn boolean(&self, key: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some("true") | Some("1") => Ok(true),
            Some("false") | Some("0") => Ok(false),
            Some(other) => Err(ApiError::bad_request(format!(
                "{key}: must be true or false, got {other:?}"
            ))),
        }
    }

    /// `key` checked against an enumeration; `None` when absent.
    pub(crate) fn one_of(&self, key: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if allowed.contains(&v) => Ok(Some(v.to_owned())),
            Some(v) => Err(ApiError::bad_request(format!(
                "{key}: must be one of {}, got {v:?}",
                allowed.join(", ")
            ))),
        }
    }
}

/// Parses `"12"` or `"12.0"` (no sign, no exponent) as a whole number.
fn parse_whole_number(raw: &str) -> Option<u64> {
    let (int, frac) = match raw.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (raw, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b == b'0') {
            return None;
        }
    }
    int.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_arrays_dots_and_escapes() {
        let q = Query::parse("action_type=create&action_type=update&actor.email=a%40b.com&id.not=x+y&flag&=v&bad=%zz%")
            .map_err(|e| e.message)
            .unwrap_or_default();
        assert_eq!(q.all("action_type"), vec!["create", "update"]);
        assert_eq!(q.get("actor.email"), Some("a@b.com"));
        assert_eq!(q.get("id.not"), Some("x y"));
        assert_eq!(q.get("flag"), Some(""));
        assert_eq!(q.get("bad"), Some("%zz%"));
        assert!(Query::parse("k=%ff").is_err());
    }

    #[test]
    fn numbers() {
        let q = Query::parse("page=2&per_page=2.0&x=2.5&y=-1").unwrap_or_default();
        assert_eq!(q.number("page", 1, 1, 10).ok(), Some(2));
        assert_eq!(q.number("per_page", 1, 1, 10).ok(), Some(2));
        assert!(q.number("x", 1, 1, 10).is_err());
        assert!(q.number("y", 1, 1, 10).is_err());
        assert_eq!(q.number("absent", 7, 1, 10).ok(), Some(7));
        assert!(q.number("page", 1, 5, 10).is_err());
    }

    #[test]
    fn decoding_edge_cases() {
        assert_eq!(percent_decode("%41%4", false), b"A%4".to_vec());
        assert_eq!(percent_decode("a+b", false), b"a+b".to_vec());
        assert_eq!(percent_decode("%2F", false), b"/".to_vec());
        assert_eq!(percent_decode("%", true), b"%".to_vec());
        assert_eq!(percent_decode("a+b%2Bc", true), b"a b+c".to_vec());
        assert_eq!(
            percent_decode("%e2%82%ac%4", false),
            "\u{20ac}%4".as_bytes().to_vec()
        );
    }
}

//! Path and query encoding, as the official SDKs write them (RFC 3986).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::error::RequestError;

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped.
const ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` to `out` as one path segment: `/`, `?`, `#`, `%` and every other reserved or
/// non-ASCII character are percent-encoded, so the value can never leave its segment.
/// Empty, `.` and `..` values are refused because they would address another resource.
pub fn push_path_segment(
    out: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), RequestError> {
    let reason = match value {
        "" => Some("empty"),
        "." => Some("`.`"),
        ".." => Some("`..`"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(RequestError::InvalidPathParam { name, reason });
    }
    out.extend(utf8_percent_encode(value, ESCAPE));
    Ok(())
}

/// Fills a path template such as `/accounts/{account_id}/members/{member_id}` with `params`,
/// given in template order and keyed by name.
pub fn render_path(
    out: &mut String,
    template: &'static str,
    params: &[(&'static str, &str)],
) -> Result<(), RequestError> {
    let mut rest = template;
    let mut params = params.iter();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| RequestError::InvalidUri(format!("unclosed `{{` in {template}")))?;
        let name = &rest[open + 1..close];
        match params.next() {
            Some((given, value)) if *given == name => push_path_segment(out, given, value)?,
            _ => {
                return Err(RequestError::InvalidUri(format!(
                    "path parameter `{name}` of {template} was not supplied in order"
                )));
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// A query string under construction. Keys and values are escaped per RFC 3986
/// (spaces become `%20`); nested objects become dotted keys and arrays repeated keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    encoded: String,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one `key=value` pair.
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        self.encoded.extend(utf8_percent_encode(key, ESCAPE));
        self.encoded.push('=');
        self.encoded.extend(utf8_percent_encode(value, ESCAPE));
    }

    /// Appends every field of a serializable value (usually a parameters struct):
    /// `None`/null is skipped, nested objects become `outer.inner`, arrays become repeated keys,
    /// booleans `true`/`false`, numbers in their JSON form.
    pub fn extend<T: Serialize + ?Sized>(&mut self, params: &T) -> Result<(), RequestError> {
        params
            .serialize(crate::query_serializer::ValueSerializer {
                query: self,
                key: None,
            })
            .map_err(|e| RequestError::Serialize(e.to_string()))
    }

    /// The encoded query, without the leading `?`.
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }
}

/// Decodes a query string written by [`Query`] into `(key, value)` pairs, in order.
/// Used by tests, the emulator and tools; returns `None` on invalid UTF-8.
pub fn decode_query(query: &str) -> Option<Vec<(String, String)>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = percent_encoding::percent_decode_str(k).decode_utf8().ok()?;
            let v = percent_encoding::percent_decode_str(v).decode_utf8().ok()?;
            Some((k.into_owned(), v.into_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn segments_never_escape() {
        let mut s = String::new();
        push_path_segment(&mut s, "id", "a/b?c#d%e f..ü~-_.").unwrap();
        assert_eq!(s, "a%2Fb%3Fc%23d%25e%20f..%C3%BC~-_.");
        for bad in ["", ".", ".."] {
            assert!(push_path_segment(&mut String::new(), "id", bad).is_err());
        }
        // Dots inside a longer value are fine: the segment is not `..`.
        push_path_segment(&mut String::new(), "id", "...").unwrap();
    }

    #[test]
    fn renders_templates_in_order() {
        let mut s = String::new();
        render_path(
            &mut s,
            "/accounts/{account_id}/members/{member_id}",
            &[("account_id", "a b"), ("member_id", "m/1")],
        )
        .unwrap();
        assert_eq!(s, "/accounts/a%20b/members/m%2F1");
        assert!(render_path(&mut String::new(), "/x/{a}", &[("b", "1")]).is_err());
        assert!(render_path(&mut String::new(), "/x/{a}", &[]).is_err());
    }

    #[test]
    fn query_like_the_official_sdks() {
        let mut q = Query::new();
        q.extend(&json!({
            "action_type": ["create", "view"],
            "actor": {"email": "a b@example.com"},
            "id.not": ["x"],
            "page": 2,
            "hide": true,
            "skip": null,
        }))
        .unwrap();
        assert_eq!(
            q.as_str(),
            "action_type=create&action_type=view&actor.email=a%20b%40example.com&hide=true&id.not=x&page=2"
        );
        assert_eq!(
            decode_query(q.as_str()).unwrap()[2],
            ("actor.email".to_owned(), "a b@example.com".to_owned())
        );
        assert!(Query::new().extend(&json!([1])).is_err());
        assert!(Query::new().extend(&json!("x")).is_err());
        assert!(Query::new().extend(&json!(null)).is_ok());
        // An empty key is a key like any other.
        let mut q = Query::new();
        q.extend(&json!({"": {"b": 1}, "f": 0.0, "g": 1e300}))
            .unwrap();
        assert_eq!(q.as_str(), ".b=1&f=0.0&g=1e%2B300");
    }

    #[test]
    fn structs_keep_field_order_and_nest() {
        #[derive(Serialize)]
        struct Actor {
            email: Option<&'static str>,
            ip: Option<&'static str>,
        }
        #[derive(Serialize)]
        struct Params {
            zeta: u32,
            actor: Actor,
            #[serde(rename = "id.not")]
            id_not: Vec<&'static str>,
            direction: Option<crate::types::Direction>,
            skipped: Option<u32>,
            ratio: f64,
        }
        let mut q = Query::new();
        q.extend(&Params {
            zeta: 1,
            actor: Actor {
                email: Some("x@y.z"),
                ip: None,
            },
            id_not: vec!["a", "b c"],
            direction: Some(crate::types::Direction::Asc),
            skipped: None,
            ratio: 0.5,
        })
        .unwrap();
        assert_eq!(
            q.as_str(),
            "zeta=1&actor.email=x%40y.z&id.not=a&id.not=b%20c&direction=asc&ratio=0.5"
        );
    }
}

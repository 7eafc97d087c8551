//! Matching a request path against a route table's templates (the table itself, with each
//! route's auth, error flavor and handler, is `routes::ROUTES`).

use crate::errors::ApiError;
use crate::query::percent_decode;

/// A row of a route table, as the matcher sees it.
pub(crate) trait RouteShape {
    /// `GET`, `POST`, ...
    fn method(&self) -> &'static str;
    /// The path template relative to `/client/v4`, e.g. `/accounts/{account_id}`.
    fn template(&self) -> &'static str;
}

/// The prefix every route lives under.
pub(crate) const BASE_PATH: &str = "/client/v4";

/// A matched route (its index in the table) and its decoded path parameters (in template
/// order).
#[derive(Debug, Clone)]
pub(crate) struct Matched {
    pub(crate) index: usize,
    pub(crate) params: Vec<String>,
}

/// Splits a template into segments (skipping the leading `/`).
fn template_segments(t: &str) -> impl Iterator<Item = &str> {
    t.trim_start_matches('/').split('/')
}

/// Matches a raw (percent-encoded) request path. Errors: 404/7000 when no
/// template has this shape, 405/7001 when some template has it but not
/// with this method, 400 when a segment does not decode to UTF-8.
pub(crate) fn match_route<R: RouteShape>(
    routes: &[R],
    method: &str,
    raw_path: &str,
) -> Result<Matched, ApiError> {
    let Some(rest) = raw_path.strip_prefix(BASE_PATH) else {
        return Err(ApiError::no_route());
    };
    if rest.is_empty() || !rest.starts_with('/') {
        return Err(ApiError::no_route());
    }
    let raw_segments: Vec<&str> = rest[1..].split('/').collect();
    let mut decoded = Vec::with_capacity(raw_segments.len());
    for seg in &raw_segments {
        if seg.is_empty() {
            return Err(ApiError::no_route());
        }
        // A segment that is not UTF-8 can only be a (malformed) identifier.
        decoded.push(String::from_utf8_lossy(&percent_decode(seg, false)).into_owned());
    }

    // Candidate templates with the same shape; literal segments compare on
    // the raw (undecoded) text so `%6Dove` is not `move`.
    let mut candidates: Vec<(usize, &R, Vec<bool>)> = Vec::new();
    for (index, def) in routes.iter().enumerate() {
        let segs: Vec<&str> = template_segments(def.template()).collect();
        if segs.len() != raw_segments.len() {
            continue;
        }
        let mut literal_mask = Vec::with_capacity(segs.len());
        let mut ok = true;
        for (t, s) in segs.iter().zip(raw_segments.iter()) {
            if t.starts_with('{') {
                literal_mask.push(false);
            } else if t == s {
                literal_mask.push(true);
            } else {
                ok = false;
                break;
            }
        }
        if ok {
            candidates.push((index, def, literal_mask));
        }
    }
    if candidates.is_empty() {
        return Err(ApiError::no_route());
    }
    // Most specific first: a literal beats a parameter at the first segment
    // where they differ.
    let best = candidates
        .iter()
        .filter(|(_, d, _)| d.method() == method)
        .max_by(|a, b| a.2.cmp(&b.2));
    let Some((index, def, _)) = best else {
        let mut allow: Vec<&str> = candidates.iter().map(|(_, d, _)| d.method()).collect();
        allow.sort_unstable();
        allow.dedup();
        return Err(ApiError::method_not_allowed(&allow));
    };
    let params = template_segments(def.template())
        .zip(decoded)
        .filter(|(t, _)| t.starts_with('{'))
        .map(|(_, v)| v)
        .collect();
    Ok(Matched {
        index: *index,
        params,
    })
}

/// True when `id` looks like a Cloudflare object identifier: exactly 32
/// ASCII letters or digits.
pub(crate) fn well_formed_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(&'static str, &'static str);

    impl RouteShape for Row {
        fn method(&self) -> &'static str {
            self.0
        }
        fn template(&self) -> &'static str {
            self.1
        }
    }

    const TABLE: &[Row] = &[
        Row("GET", "/accounts"),
        Row("POST", "/accounts/move"),
        Row("GET", "/accounts/{account_id}"),
        Row("GET", "/accounts/{account_id}/members"),
        Row("GET", "/user/tokens/verify"),
        Row("GET", "/user/tokens/{token_id}"),
    ];

    fn at(method: &str, path: &str) -> Result<(usize, Vec<String>), u16> {
        match_route(TABLE, method, path)
            .map(|m| (m.index, m.params))
            .map_err(|e| e.status)
    }

    #[test]
    fn literal_beats_param() {
        assert_eq!(at("POST", "/client/v4/accounts/move"), Ok((1, vec![])));
        assert_eq!(at("GET", "/client/v4/user/tokens/verify"), Ok((4, vec![])));
        assert_eq!(
            at("GET", "/client/v4/accounts/move"),
            Ok((2, vec!["move".to_owned()]))
        );
    }

    #[test]
    fn errors() {
        assert_eq!(at("GET", "/nope"), Err(404));
        assert_eq!(at("GET", "/client/v4/"), Err(404));
        assert_eq!(at("GET", "/client/v4/zones"), Err(404));
        assert_eq!(at("PATCH", "/client/v4/accounts"), Err(405));
        assert_eq!(at("GET", "/client/v4/accounts//members"), Err(404));
        assert_eq!(
            at("GET", "/client/v4/accounts/a%2Fb"),
            Ok((2, vec!["a/b".to_owned()]))
        );
    }
}

//! Path encoding, as the official SDKs write it (RFC 3986); the query is in [`crate::query`].

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::RequestError;

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped.
pub(crate) const ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

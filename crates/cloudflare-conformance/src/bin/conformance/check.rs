//! Judging one exchange: did Prism report a violation, did the answer parse into our types?

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use cloudflare_conformance::Case;
use cloudflare_core::{Config, Error, ResponseMeta};
use serde_json::Value;

use crate::report::{Context, ParseFailure, Report, Violation, normalize, value_at};

/// A violation the run allows: a documented defect of the schema or of Prism, never of ours.
pub struct KnownDefect {
    /// The operation it affects.
    pub operation: &'static str,
    /// What is wrong and where it is documented.
    pub why: &'static str,
    /// Whether a reported violation is this defect.
    pub matches: fn(&Violation) -> bool,
}

/// The only violations allowed. Each entry is listed in the summary with its count.
pub const KNOWN_DEFECTS: &[KnownDefect] = &[
    KnownDefect {
        operation: "accounts.members.create",
        // `POST /accounts/{account_id}/members` with `policies`: the schema puts `policies[].id` in
        // `required` while marking it `readOnly`, inside an `anyOf` with the `roles` variant.
        // OpenAPI says read-only properties are not required in requests and Prism honours that
        // elsewhere (`POST /user/tokens`), but not here (Prism 5.14 to 5.16): it reports the missing
        // `id`, then the missing `roles` of the other variant, then the failed `anyOf`. Sending an
        // `id` would be wrong for the real API, so the violation is allowed, not worked around.
        why: "policies[].id is required and readOnly inside an anyOf (NOTES.md, Prism quirk)",
        matches: |v| {
            let policy_id = v.location.starts_with("request.body.policies.")
                && v.code == "required"
                && v.message.contains("'id'");
            let roles = v.location == "request.body"
                && v.code == "required"
                && v.message.contains("'roles'");
            let any_of = v.location == "request.body" && v.code == "anyOf";
            policy_id || roles || any_of
        },
    },
    KnownDefect {
        operation: "accounts.members.update",
        // `PUT /accounts/{account_id}/members/{member_id}` with `roles`: the same defect on the
        // sibling operation. `iam_role` lists `name` and `description` as required and `readOnly`
        // inside the `anyOf`, and writes `permissions` as a `$ref` with a sibling `readOnly` that
        // OpenAPI 3.0 ignores, so Prism demands all three. The API (and the official SDKs) take a
        // role by `id` alone; sending read-only fields back would be wrong, so this is allowed.
        why: "iam_role name/description required and readOnly inside an anyOf; readOnly beside $ref on permissions",
        matches: |v| {
            let role_fields = v.location.starts_with("request.body.roles.")
                && v.code == "required"
                && ["'name'", "'description'", "'permissions'"]
                    .iter()
                    .any(|f| v.message.contains(f));
            let policies = v.location == "request.body"
                && v.code == "required"
                && v.message.contains("'policies'");
            let any_of = v.location == "request.body" && v.code == "anyOf";
            role_fields || policies || any_of
        },
    },
];

/// Whether `violation`, reported for `operation`, is a known defect.
fn is_known_defect(operation: &str, violation: &Violation) -> bool {
    KNOWN_DEFECTS
        .iter()
        .any(|d| d.operation == operation && (d.matches)(violation))
}

/// How an exchange may be repeated to read Prism's verdict when a client hides it.
#[derive(Clone, Copy)]
pub enum Replay<'a> {
    /// Against a stateless mock: resend the same request with plain HTTP to read its
    /// `sl-violations` header (the typed error of a 4xx keeps the body, not the headers).
    With(&'a Config),
    /// Against a stateful server: never resend.
    Never,
}

/// What one exchange amounted to.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Valid request, valid response, parsed.
    Clean,
    /// Only the documented schema defect was reported.
    Waived,
    /// Something failed (already recorded in the report).
    Failed,
}

/// Judges the outcome of sending `case` and records findings in `report`.
pub fn judge(
    report: &Report,
    context: &Context,
    case: &dyn Case,
    outcome: Result<ResponseMeta, Error>,
    replay: Replay<'_>,
) -> Verdict {
    report.request(context);
    match outcome {
        Ok(meta) => {
            let violations: Vec<Violation> = meta
                .headers
                .get_all("sl-violations")
                .iter()
                .flat_map(|v| Violation::parse_list(&String::from_utf8_lossy(v.as_bytes())))
                .collect();
            classify(report, context, violations)
        }
        Err(Error::Decode(e)) if e.status.is_success() => {
            let (path, message) = normalize(&e.path, &e.message);
            report.parse_failure(
                context,
                ParseFailure {
                    operation: context.operation,
                    path,
                    message,
                },
                value_at(e.body(), &e.path),
            );
            Verdict::Failed
        }
        Err(e) => {
            let Some(status) = e.status() else {
                report.failure(context, e.to_string());
                return Verdict::Failed;
            };
            let body = error_body(&e).unwrap_or_default();
            // Prism's own errors (the proxy with `--errors`, or when the schema has no 4XX
            // example) are problem+json documents listing the violations.
            let mut violations = problem_violations(body);
            if violations.is_empty() {
                if let Replay::With(config) = replay {
                    violations = replay_violations(case, config).unwrap_or_else(|message| {
                        vec![Violation {
                            location: String::new(),
                            severity: "Error".into(),
                            code: "replay".into(),
                            message,
                        }]
                    });
                }
            }
            let refused = |report: &Report| {
                report.failure(
                    context,
                    format!(
                        "{status} without a reported violation: {}",
                        String::from_utf8_lossy(&body[..body.len().min(300)])
                    ),
                );
                Verdict::Failed
            };
            match classify(report, context, violations) {
                // Nothing (or only deprecation notices) explains the error status.
                Verdict::Clean => refused(report),
                verdict => verdict,
            }
        }
    }
}

/// Whether Prism only notes that a deprecated parameter was used. The schema still defines the
/// parameter, so sending it is valid: such notes are listed and counted, but do not fail the run.
fn is_deprecation_notice(violation: &Violation) -> bool {
    violation.severity == "Warning" && violation.code == "deprecated"
}

fn classify(report: &Report, context: &Context, violations: Vec<Violation>) -> Verdict {
    let (notices, violations): (Vec<_>, Vec<_>) =
        violations.into_iter().partition(is_deprecation_notice);
    if !notices.is_empty() {
        report.deprecations(context, notices);
    }
    if violations.is_empty() {
        return Verdict::Clean;
    }
    if violations
        .iter()
        .all(|v| is_known_defect(context.operation, v))
    {
        report.waived(context, violations);
        return Verdict::Waived;
    }
    report.violations(context, violations);
    Verdict::Failed
}

/// The body of an error that carries one.
fn error_body(e: &Error) -> Option<&[u8]> {
    e.body()
}

/// The `validation` list of a Prism problem+json body, if it is one.
fn problem_violations(body: &[u8]) -> Vec<Violation> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let is_prism = value
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.contains("stoplight.io/prism/errors"));
    if !is_prism {
        return Vec::new();
    }
    match value.get("validation") {
        Some(list @ Value::Array(_)) => {
            let mut violations = Violation::parse_list(&list.to_string());
            // A refused request (422) names locations from `body`, `query`...: say `request.`
            // as the `sl-violations` header does.
            for v in &mut violations {
                if !v.location.starts_with("request") && !v.location.starts_with("response") {
                    v.location = match v.location.as_str() {
                        "" => "request".into(),
                        l => format!("request.{l}"),
                    };
                }
            }
            violations
        }
        _ => vec![Violation {
            location: String::new(),
            severity: "Error".into(),
            code: value
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or("prism")
                .into(),
            message: value
                .get("detail")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .into(),
        }],
    }
}

/// Resends the request of `case` over a plain HTTP/1.1 connection and returns the violations in
/// the `sl-violations` header. Only for stateless targets.
fn replay_violations(case: &dyn Case, config: &Config) -> Result<Vec<Violation>, String> {
    let request = case.request(config).map_err(|e| e.to_string())?;
    let uri = request.uri();
    let authority = uri.authority().ok_or("no authority")?.as_str().to_owned();
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\ncontent-length: {}\r\n",
        request.method(),
        request.body().len()
    );
    for (name, value) in request.headers() {
        head.push_str(&format!(
            "{name}: {}\r\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(&authority).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(request.body()))
        .map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&response);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    Ok(head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("sl-violations"))
        .flat_map(|(_, value)| Violation::parse_list(value))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(location: &str, code: &str, message: &str) -> Violation {
        Violation {
            location: location.into(),
            severity: "Error".into(),
            code: code.into(),
            message: message.into(),
        }
    }

    #[test]
    fn only_the_documented_defects_are_waived() {
        let op = "accounts.members.create";
        assert!(is_known_defect(
            op,
            &v(
                "request.body.policies.0",
                "required",
                "Request body property policies.0 must have required property 'id'"
            )
        ));
        assert!(is_known_defect(
            op,
            &v(
                "request.body",
                "required",
                "Request body must have required property 'roles'"
            )
        ));
        assert!(is_known_defect(op, &v("request.body", "anyOf", "x")));
        assert!(!is_known_defect(
            op,
            &v(
                "request.body",
                "required",
                "must have required property 'email'"
            )
        ));
        // The sibling defect of the update: read-only role fields, not anything else.
        let update = "accounts.members.update";
        assert!(is_known_defect(
            update,
            &v(
                "request.body.roles.0",
                "required",
                "Request body property roles.0 must have required property 'permissions'"
            )
        ));
        assert!(!is_known_defect(
            update,
            &v(
                "request.body.roles.0",
                "required",
                "Request body property roles.0 must have required property 'id'"
            )
        ));
        // No other operation is waived.
        assert!(!is_known_defect(
            "accounts.members.list",
            &v("request.body", "anyOf", "x")
        ));
    }

    #[test]
    fn reads_problem_documents() {
        let body = br#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"detail":"d","validation":[{"location":["body"],"severity":"Error","code":"required","message":"m"}]}"#;
        assert_eq!(problem_violations(body)[0].location, "request.body");
        assert!(problem_violations(br#"{"success":false,"errors":[]}"#).is_empty());
    }
}

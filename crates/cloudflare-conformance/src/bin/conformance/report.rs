//! What the run found: schema violations, parse failures, other failures, and the counters of
//! the summary line. Shared by every phase (and every worker thread) behind one mutex.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Mutex;

use serde_json::Value;

/// Where a request went and how it was sent, for messages.
#[derive(Clone, Debug)]
pub struct Context {
    /// `static`, `dynamic` or `emulator`.
    pub phase: &'static str,
    /// The operation's dotted name.
    pub operation: &'static str,
    /// `full` or `minimal`.
    pub sample: &'static str,
    /// `ureq` or `hyper`.
    pub client: &'static str,
    /// `API key` or `token`.
    pub scheme: &'static str,
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} ({} sample, {}, {})",
            self.phase, self.operation, self.sample, self.client, self.scheme
        )
    }
}

/// One entry of Prism's `sl-violations` header (or of a problem+json `validation` list).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// Where: `request.body.policies.0`, `response.body.result.id`...
    pub location: String,
    /// `Error`, `Warning`...
    pub severity: String,
    /// The validator's code: `required`, `type`, `401`...
    pub code: String,
    /// The validator's message.
    pub message: String,
}

impl Violation {
    /// Reads a JSON array of violations; anything unreadable becomes one violation quoting it.
    pub fn parse_list(text: &str) -> Vec<Violation> {
        let text = text.trim();
        let json = text.strip_prefix("Too many violations! ").unwrap_or(text);
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Array(items)) => items.iter().map(Violation::from_json).collect(),
            _ => vec![Violation {
                location: String::new(),
                severity: "Error".into(),
                code: "unreadable".into(),
                message: text.chars().take(500).collect(),
            }],
        }
    }

    fn from_json(item: &Value) -> Violation {
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let location = match item.get("location") {
            Some(Value::Array(parts)) => parts
                .iter()
                .map(|p| text(Some(p)))
                .collect::<Vec<_>>()
                .join("."),
            other => text(other),
        };
        Violation {
            location,
            severity: text(item.get("severity")),
            code: text(item.get("code")),
            message: text(item.get("message")),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{} {}] {}",
            self.location, self.severity, self.code, self.message
        )
    }
}

/// A response that did not parse into our types.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ParseFailure {
    /// The operation's dotted name.
    pub operation: &'static str,
    /// The JSON path the parser stopped at (array indices as `[*]`).
    pub path: String,
    /// The parser's message (quoted values as `…`).
    pub message: String,
}

/// Everything recorded so far.
#[derive(Default)]
struct State {
    requests: usize,
    dynamic_parsed: usize,
    violations: Vec<(Context, Violation)>,
    waived: Vec<(Context, Violation)>,
    deprecations: Vec<(Context, Violation)>,
    /// Parse failures, grouped: how often, with the context of the first and a few values.
    parse_failures: BTreeMap<ParseFailure, (usize, Context, Vec<String>)>,
    failures: Vec<(Context, String)>,
    failed_operations: BTreeSet<&'static str>,
    /// Operations sent, by phase.
    sent: BTreeMap<&'static str, BTreeSet<&'static str>>,
    waived_operations: BTreeSet<&'static str>,
}

/// The run's findings; cheap to share between threads.
#[derive(Default)]
pub struct Report {
    state: Mutex<State>,
}

impl Report {
    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }

    /// Counts one request sent.
    pub fn request(&self, context: &Context) {
        self.with(|s| {
            s.requests += 1;
            s.sent
                .entry(context.phase)
                .or_default()
                .insert(context.operation);
        });
    }

    /// The operations sent in `phase`.
    pub fn sent(&self, phase: &str) -> BTreeSet<&'static str> {
        self.with(|s| s.sent.get(phase).cloned().unwrap_or_default())
    }

    /// Counts one dynamic response parsed.
    pub fn dynamic_parsed(&self) {
        self.with(|s| s.dynamic_parsed += 1);
    }

    /// Records schema violations.
    pub fn violations(&self, context: &Context, violations: Vec<Violation>) {
        self.with(|s| {
            s.failed_operations.insert(context.operation);
            s.violations
                .extend(violations.into_iter().map(|v| (context.clone(), v)));
        });
    }

    /// Records violations of the documented schema defect (allowed, but counted).
    pub fn waived(&self, context: &Context, violations: Vec<Violation>) {
        self.with(|s| {
            s.waived_operations.insert(context.operation);
            s.waived
                .extend(violations.into_iter().map(|v| (context.clone(), v)));
        });
    }

    /// Records notes that deprecated parameters were sent (not failures).
    pub fn deprecations(&self, context: &Context, notices: Vec<Violation>) {
        self.with(|s| {
            s.deprecations
                .extend(notices.into_iter().map(|v| (context.clone(), v)));
        });
    }

    /// Records a response that did not parse: `value` is what stood at `failure.path`.
    pub fn parse_failure(&self, context: &Context, failure: ParseFailure, value: String) {
        self.with(|s| {
            s.failed_operations.insert(context.operation);
            let entry = s
                .parse_failures
                .entry(failure)
                .or_insert_with(|| (0, context.clone(), Vec::new()));
            entry.0 += 1;
            if entry.2.len() < 3 && !entry.2.contains(&value) {
                entry.2.push(value);
            }
        });
    }

    /// Records any other failure (transport error, unexpected status...).
    pub fn failure(&self, context: &Context, message: String) {
        self.with(|s| {
            s.failed_operations.insert(context.operation);
            s.failures.push((context.clone(), message));
        });
    }

    /// Whether anything failed.
    pub fn failed(&self) -> bool {
        self.with(|s| !s.failed_operations.is_empty())
    }

    /// Prints every finding, then the summary line. `operations` is the catalogue's size.
    pub fn print(&self, operations: usize) {
        self.with(|s| {
            if !s.violations.is_empty() {
                println!("\nSchema violations ({}):", s.violations.len());
                // Grouped: the same violation of the same sample, in whichever phase or client.
                let mut groups: BTreeMap<(&str, &str, &Violation), Vec<String>> = BTreeMap::new();
                for (context, violation) in &s.violations {
                    groups
                        .entry((context.operation, context.sample, violation))
                        .or_default()
                        .push(format!("{} {} {}", context.phase, context.client, context.scheme));
                }
                for ((operation, sample, violation), seen) in groups {
                    println!(
                        "  {operation} ({sample} sample): {violation}  [x{}: {}]",
                        seen.len(),
                        summarize(&seen)
                    );
                }
            }
            if !s.parse_failures.is_empty() {
                println!(
                    "\nResponses that do not parse into our types ({} distinct):",
                    s.parse_failures.len()
                );
                for (failure, (count, context, values)) in &s.parse_failures {
                    println!(
                        "  {}: at `{}`: {} [x{count}, first {context}]; values: {}",
                        failure.operation,
                        failure.path,
                        failure.message,
                        values.join(", ")
                    );
                }
            }
            if !s.failures.is_empty() {
                println!("\nOther failures ({}):", s.failures.len());
                for (context, message) in &s.failures {
                    println!("  {context}: {message}");
                }
            }
            if !s.waived.is_empty() {
                println!(
                    "\nAllowed: documented schema defects, {} violations:",
                    s.waived.len()
                );
                for defect in crate::check::KNOWN_DEFECTS {
                    println!("  {}: {}", defect.operation, defect.why);
                }
                let mut seen = BTreeSet::new();
                for (context, violation) in &s.waived {
                    if seen.insert((context.operation, violation.clone())) {
                        println!("  {}: {violation}", context.operation);
                    }
                }
            }
            if !s.deprecations.is_empty() {
                println!(
                    "\nNot failures: deprecated parameters sent ({} notices):",
                    s.deprecations.len()
                );
                let mut seen = BTreeSet::new();
                for (context, notice) in &s.deprecations {
                    if seen.insert((context.operation, notice.clone())) {
                        println!("  {}: {notice}", context.operation);
                    }
                }
            }
            let failed = s
                .failed_operations
                .iter()
                .filter(|name| cloudflare_core::catalogue::find(name).is_some())
                .count();
            let ok = operations.saturating_sub(failed);
            println!(
                "\nconformance: {ok}/{operations} operations, {} requests, {} violations, {} parse failures, {} other failures, {} waived (known schema defect: {}), {} deprecation notices, {} dynamic responses parsed",
                s.requests,
                s.violations.len(),
                s.parse_failures.values().map(|(n, ..)| n).sum::<usize>(),
                s.failures.len(),
                s.waived.len(),
                s.waived_operations
                    .iter()
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                s.deprecations.len(),
                s.dynamic_parsed,
            );
        });
    }
}

/// The distinct entries of `seen`, joined.
fn summarize(seen: &[String]) -> String {
    let distinct: BTreeSet<&str> = seen.iter().map(String::as_str).collect();
    distinct.into_iter().collect::<Vec<_>>().join(", ")
}

/// A parser message and JSON path without what varies between random answers (the value,
/// the position, array indices), so equal failures group together.
pub fn normalize(path: &str, message: &str) -> (String, String) {
    let mut normalized_path = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                normalized_path.push_str("[*]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            c => normalized_path.push(c),
        }
    }
    let message = message.split(" at line ").next().unwrap_or(message);
    let mut normalized_message = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 1 {
            normalized_message.push_str("`…`");
        } else {
            normalized_message.push_str(part);
        }
    }
    (normalized_path, normalized_message)
}

/// The value at `path` (serde_path_to_error syntax: `result[3].created_on`, `.` for the root)
/// in `body`, as compact JSON of at most 300 characters; `<not found>` if it is not there.
pub fn value_at(body: &[u8], path: &str) -> String {
    let Ok(root) = serde_json::from_slice::<Value>(body) else {
        return format!(
            "<body is not JSON: {}>",
            String::from_utf8_lossy(&body[..body.len().min(200)])
        );
    };
    let found = lookup(&root, path).or_else(|| lookup(&root, &format!("result.{path}")));
    match found {
        Some(value) => {
            let text = value.to_string();
            if text.chars().count() > 300 {
                format!("{}…", text.chars().take(300).collect::<String>())
            } else {
                text
            }
        }
        None => "<not found>".into(),
    }
}

fn lookup<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = root;
    if path == "." || path.is_empty() {
        return Some(current);
    }
    let mut key = String::new();
    let mut chars = path.chars().peekable();
    let step = |current: &'a Value, key: &mut String| -> Option<&'a Value> {
        if key.is_empty() {
            return Some(current);
        }
        let next = current.get(key.as_str());
        key.clear();
        next
    };
    while let Some(c) = chars.next() {
        match c {
            '.' => current = step(current, &mut key)?,
            '[' => {
                current = step(current, &mut key)?;
                let mut index = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    index.push(d);
                }
                current = match index.parse::<usize>() {
                    Ok(i) => current.get(i)?,
                    Err(_) => current.get(index.trim_matches('"'))?,
                };
            }
            '?' => {}
            c => key.push(c),
        }
    }
    step(current, &mut key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_values_up_by_path() {
        let body = br#"{"result":[{"a":{"b":[1,{"c":"x"}]}}],"success":true}"#;
        assert_eq!(value_at(body, "result[0].a.b[1].c"), "\"x\"");
        assert_eq!(value_at(body, "[0].a.b[0]"), "1");
        assert_eq!(value_at(body, "success"), "true");
        assert_eq!(value_at(body, "result[3]"), "<not found>");
        assert!(value_at(body, ".").starts_with('{'));
    }

    #[test]
    fn normalizes_parse_failures() {
        let (path, message) = normalize(
            "result[12].raw.status_code",
            "invalid value: integer `-40077824`, expected u16 at line 1 column 1013",
        );
        assert_eq!(path, "result[*].raw.status_code");
        assert_eq!(message, "invalid value: integer `…`, expected u16");
    }

    #[test]
    fn reads_prism_violations() {
        let header = r#"[{"location":["request","body","policies","0"],"severity":"Error","code":"required","message":"m"},{"location":["request"],"severity":"Error","code":401,"message":"Invalid security scheme used"}]"#;
        let list = Violation::parse_list(header);
        assert_eq!(list[0].location, "request.body.policies.0");
        assert_eq!(list[1].code, "401");
        assert_eq!(Violation::parse_list("garbage")[0].code, "unreadable");
    }
}

//! Audit-log events: one store, three renderings (account v2, organization
//! v2, user v1), the v2 array filters and the opaque cursor.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::errors::ApiError;
use crate::query::Query;
use crate::timestamps::{fmt_time, parse_date_or_time};

/// Where an event belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AuditScope {
    /// An account's log (account id, account name at the time).
    Account(String, String),
    /// An organization's log.
    Organization(String),
    /// User-level (only in `/user/audit_logs`).
    User,
}

/// One audit event.
#[derive(Debug, Clone)]
pub(crate) struct AuditEvent {
    /// Monotonic sequence number; also the chronological order.
    pub(crate) seq: u64,
    /// 32-hex id (v2).
    pub(crate) id: String,
    /// UUID id (v1).
    pub(crate) v1_id: String,
    pub(crate) time: OffsetDateTime,
    /// `create`, `update`, `delete` or `view`.
    pub(crate) action_type: String,
    /// v1 action name (`add`, `change_setting`, `delete`, `login`, ...).
    pub(crate) v1_action: String,
    pub(crate) success: bool,
    pub(crate) actor_id: String,
    pub(crate) actor_email: String,
    pub(crate) actor_ip: String,
    /// `api_key`, `api_token`, `dash`, `oauth` or `origin_ca_key`.
    pub(crate) actor_context: String,
    /// `user`, `system`, `cloudflare_admin` (or `account`, accounts only).
    pub(crate) actor_type: String,
    pub(crate) token_id: Option<String>,
    pub(crate) token_name: Option<String>,
    pub(crate) scope: AuditScope,
    pub(crate) resource_id: String,
    pub(crate) resource_type: String,
    pub(crate) resource_product: String,
    /// `accounts`, `user`, `zones`, `memberships` or `organizations`.
    pub(crate) resource_scope: String,
    pub(crate) request: Value,
    pub(crate) response: Value,
    pub(crate) raw_method: String,
    pub(crate) raw_uri: String,
    pub(crate) raw_status: u16,
    pub(crate) cf_ray: String,
    pub(crate) user_agent: String,
    pub(crate) zone: Option<(String, String)>,
}

impl AuditEvent {
    fn account_id(&self) -> Option<&str> {
        match &self.scope {
            AuditScope::Account(id, _) => Some(id),
            _ => None,
        }
    }

    fn result_word(&self) -> &'static str {
        if self.success { "success" } else { "failure" }
    }

    fn actor_v2(&self) -> Value {
        let mut a = json!({
            "id": self.actor_id,
            "email": self.actor_email,
            "ip_address": self.actor_ip,
            "context": self.actor_context,
            "type": self.actor_type,
        });
        if let Some(t) = &self.token_id {
            a["token_id"] = json!(t);
        }
        if let Some(t) = &self.token_name {
            a["token_name"] = json!(t);
        }
        a
    }

    fn raw(&self) -> Value {
        json!({
            "cf_ray_id": self.cf_ray,
            "method": self.raw_method,
            "status_code": self.raw_status,
            "uri": self.raw_uri,
            "user_agent": self.user_agent,
        })
    }

    fn resource(&self) -> Value {
        json!({
            "id": self.resource_id,
            "type": self.resource_type,
            "product": self.resource_product,
            "scope": {"type": self.resource_scope},
            "request": self.request,
            "response": self.response,
        })
    }

    /// `aaa_audit-logs-v2`.
    pub(crate) fn to_account_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "action": {"type": self.action_type, "result": self.result_word(), "time": fmt_time(self.time)},
            "actor": self.actor_v2(),
            "raw": self.raw(),
            "resource": self.resource(),
        });
        if let AuditScope::Account(id, name) = &self.scope {
            v["account"] = json!({"id": id, "name": name});
        }
        if let Some((id, name)) = &self.zone {
            v["zone"] = json!({"id": id, "name": name});
        }
        v
    }

    /// `aaa_audit-logs-v2-org`.
    pub(crate) fn to_org_json(&self) -> Value {
        let mut actor = self.actor_v2();
        if self.actor_type == "account" {
            actor["type"] = json!("user");
        }
        let mut v = json!({
            "id": self.id,
            "action": {"type": self.action_type, "result": self.result_word(), "time": fmt_time(self.time)},
            "actor": actor,
            "raw": self.raw(),
            "resource": self.resource(),
        });
        if let AuditScope::Organization(id) = &self.scope {
            v["organization"] = json!({"id": id});
        }
        v
    }

    /// `aaa_audit-logs` (v1, `/user/audit_logs`).
    pub(crate) fn to_v1_json(&self, user_id: &str) -> Value {
        let owner = match &self.scope {
            AuditScope::Account(id, _) | AuditScope::Organization(id) => id.clone(),
            AuditScope::User => user_id.to_owned(),
        };
        let mut metadata = json!({"product": self.resource_product});
        if let Some((_, name)) = &self.zone {
            metadata["zone_name"] = json!(name);
        }
        let mut v = json!({
            "id": self.v1_id,
            "action": {"type": self.v1_action, "result": self.success},
            "actor": {
                "id": self.actor_id,
                "email": self.actor_email,
                "ip": self.actor_ip,
                "type": "user",
            },
            "interface": if self.actor_context == "dash" { "UI" } else { "API" },
            "metadata": metadata,
            "owner": {"id": owner},
            "resource": {"id": self.resource_id, "type": self.resource_type},
            "when": fmt_time(self.time),
        });
        if let Some(n) = self.request.get("name").and_then(Value::as_str) {
            v["newValue"] = json!(n);
        }
        v
    }
}

/// A v2 filter: query key, allowed values (if an enum), and the event's
/// value for it.
struct Filter {
    key: &'static str,
    allowed: Option<&'static [&'static str]>,
    get: fn(&AuditEvent) -> Option<String>,
}

const ACTION_TYPES: &[&str] = &["create", "delete", "view", "update"];
const ACTION_RESULTS: &[&str] = &["success", "failure"];
const CONTEXTS: &[&str] = &["api_key", "api_token", "dash", "oauth", "origin_ca_key"];
const ACTOR_TYPES_ACCOUNT: &[&str] = &["account", "cloudflare_admin", "system", "user"];
const ACTOR_TYPES_ORG: &[&str] = &["cloudflare_admin", "system", "user"];
const SCOPES_ACCOUNT: &[&str] = &["accounts", "user", "zones", "memberships"];
const SCOPES_ORG: &[&str] = &["organizations"];

fn filters(org: bool) -> Vec<Filter> {
    let mut f = vec![
        Filter {
            key: "action_result",
            allowed: Some(ACTION_RESULTS),
            get: |e| Some(e.result_word().to_owned()),
        },
        Filter {
            key: "action_type",
            allowed: Some(ACTION_TYPES),
            get: |e| Some(e.action_type.clone()),
        },
        Filter {
            key: "actor_context",
            allowed: Some(CONTEXTS),
            get: |e| Some(e.actor_context.clone()),
        },
        Filter {
            key: "actor_email",
            allowed: None,
            get: |e| Some(e.actor_email.to_ascii_lowercase()),
        },
        Filter {
            key: "actor_id",
            allowed: None,
            get: |e| Some(e.actor_id.clone()),
        },
        Filter {
            key: "actor_ip_address",
            allowed: None,
            get: |e| Some(e.actor_ip.clone()),
        },
        Filter {
            key: "actor_token_id",
            allowed: None,
            get: |e| e.token_id.clone(),
        },
        Filter {
            key: "actor_token_name",
            allowed: None,
            get: |e| e.token_name.clone(),
        },
        Filter {
            key: "actor_type",
            allowed: Some(if org {
                ACTOR_TYPES_ORG
            } else {
                ACTOR_TYPES_ACCOUNT
            }),
            get: |e| Some(e.actor_type.clone()),
        },
        Filter {
            key: "id",
            allowed: None,
            get: |e| Some(e.id.clone()),
        },
        Filter {
            key: "raw_cf_ray_id",
            allowed: None,
            get: |e| Some(e.cf_ray.clone()),
        },
        Filter {
            key: "raw_method",
            allowed: None,
            get: |e| Some(e.raw_method.clone()),
        },
        Filter {
            key: "raw_status_code",
            allowed: None,
            get: |e| Some(e.raw_status.to_string()),
        },
        Filter {
            key: "raw_uri",
            allowed: None,
            get: |e| Some(e.raw_uri.clone()),
        },
        Filter {
            key: "resource_id",
            allowed: None,
            get: |e| Some(e.resource_id.clone()),
        },
        Filter {
            key: "resource_product",
            allowed: None,
            get: |e| Some(e.resource_product.clone()),
        },
        Filter {
            key: "resource_type",
            allowed: None,
            get: |e| Some(e.resource_type.clone()),
        },
        Filter {
            key: "resource_scope",
            allowed: Some(if org { SCOPES_ORG } else { SCOPES_ACCOUNT }),
            get: |e| Some(e.resource_scope.clone()),
        },
    ];
    if !org {
        f.extend([
            Filter {
                key: "account_name",
                allowed: None,
                get: |e| match &e.scope {
                    AuditScope::Account(_, n) => Some(n.clone()),
                    _ => None,
                },
            },
            Filter {
                key: "audit_log_id",
                allowed: None,
                get: |e| Some(e.id.clone()),
            },
            Filter {
                key: "zone_id",
                allowed: None,
                get: |e| e.zone.as_ref().map(|z| z.0.clone()),
            },
            Filter {
                key: "zone_name",
                allowed: None,
                get: |e| e.zone.as_ref().map(|z| z.1.clone()),
            },
        ]);
    }
    f
}

/// Parsed v2 query: time window, filters, direction, limit, cursor.
pub(crate) struct V2Query {
    since: OffsetDateTime,
    before: OffsetDateTime,
    asc: bool,
    limit: usize,
    after_seq: Option<u64>,
    /// `(filter index, wanted values, negated)`.
    conds: Vec<(usize, Vec<String>, bool)>,
    filters: Vec<Filter>,
}

fn parse_required_date(q: &Query, key: &str) -> Result<OffsetDateTime, ApiError> {
    let raw = q.get(key).ok_or_else(|| {
        ApiError::bad_request(format!("{key}: required query parameter is missing"))
    })?;
    parse_date_or_time(raw).ok_or_else(|| {
        ApiError::bad_request(format!("{key}: must be a date (YYYY-MM-DD), got {raw:?}"))
    })
}

/// Encodes a cursor (opaque to clients): hex of `"v2|<seq>|<a|d>"`.
pub(crate) fn encode_cursor(seq: u64, asc: bool) -> String {
    let plain = format!("v2|{seq}|{}", if asc { 'a' } else { 'd' });
    plain.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Decodes a cursor made by [`encode_cursor`].
pub(crate) fn decode_cursor(s: &str) -> Option<(u64, bool)> {
    if s.len() % 2 != 0 || s.len() > 128 {
        return None;
    }
    let mut bytes = Vec::with_capacity(s.len() / 2);
    for i in (0..s.len()).step_by(2) {
        bytes.push(u8::from_str_radix(s.get(i..i + 2)?, 16).ok()?);
    }
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.split('|');
    if parts.next()? != "v2" {
        return None;
    }
    let seq = parts.next()?.parse().ok()?;
    let asc = match parts.next()? {
        "a" => true,
        "d" => false,
        _ => return None,
    };
    parts.next().is_none().then_some((seq, asc))
}

impl V2Query {
    /// Parses and validates the v2 query parameters.
    pub(crate) fn parse(q: &Query, org: bool) -> Result<V2Query, ApiError> {
        let since = parse_required_date(q, "since")?;
        let before = parse_required_date(q, "before")?;
        let asc = q.one_of("direction", &["desc", "asc"])?.as_deref() == Some("asc");
        let limit = q.number("limit", 100, 1, 1000)? as usize;
        let after_seq = match q.get("cursor") {
            None | Some("") => None,
            Some(c) => {
                let (seq, c_asc) = decode_cursor(c)
                    .ok_or_else(|| ApiError::bad_request("cursor: invalid cursor"))?;
                if c_asc != asc {
                    return Err(ApiError::bad_request(
                        "cursor: was issued for the other direction",
                    ));
                }
                Some(seq)
            }
        };
        let filters = filters(org);
        let mut conds = Vec::new();
        for (i, f) in filters.iter().enumerate() {
            for negated in [false, true] {
                let key = if negated {
                    format!("{}.not", f.key)
                } else {
                    f.key.to_owned()
                };
                let values: Vec<String> = q.all(&key).into_iter().map(str::to_owned).collect();
                if values.is_empty() {
                    continue;
                }
                if let Some(allowed) = f.allowed {
                    if let Some(bad) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
                        return Err(ApiError::bad_request(format!(
                            "{key}: must be one of {}, got {bad:?}",
                            allowed.join(", ")
                        )));
                    }
                }
                if f.key == "raw_status_code" {
                    if let Some(bad) = values.iter().find(|v| v.parse::<u16>().is_err()) {
                        return Err(ApiError::bad_request(format!(
                            "{key}: must be an integer, got {bad:?}"
                        )));
                    }
                }
                let values = if f.key == "actor_email" {
                    values.iter().map(|v| v.to_ascii_lowercase()).collect()
                } else {
                    values
                };
                conds.push((i, values, negated));
            }
        }
        Ok(V2Query {
            since,
            before,
            asc,
            limit,
            after_seq,
            conds,
            filters,
        })
    }

    fn matches(&self, e: &AuditEvent) -> bool {
        if e.time < self.since || e.time >= self.before {
            return false;
        }
        self.conds.iter().all(|(i, values, negated)| {
            let Some(f) = self.filters.get(*i) else {
                return true;
            };
            let have = (f.get)(e);
            let hit = have.is_some_and(|h| values.contains(&h));
            hit != *negated
        })
    }

    /// Applies the query to events; returns the page and the next cursor.
    pub(crate) fn run<'a>(
        &self,
        events: impl Iterator<Item = &'a AuditEvent>,
    ) -> (Vec<&'a AuditEvent>, Option<String>) {
        let mut hits: Vec<&AuditEvent> = events.filter(|e| self.matches(e)).collect();
        hits.sort_by_key(|e| e.seq);
        if !self.asc {
            hits.reverse();
        }
        if let Some(after) = self.after_seq {
            hits.retain(|e| {
                if self.asc {
                    e.seq > after
                } else {
                    e.seq < after
                }
            });
        }
        let more = hits.len() > self.limit;
        hits.truncate(self.limit);
        let cursor = if more {
            hits.last().map(|e| encode_cursor(e.seq, self.asc))
        } else {
            None
        };
        (hits, cursor)
    }
}

/// Events of one account.
pub(crate) fn for_account<'a>(
    events: &'a [AuditEvent],
    account_id: &'a str,
) -> impl Iterator<Item = &'a AuditEvent> + 'a {
    events
        .iter()
        .filter(move |e| e.account_id() == Some(account_id))
}

/// Events of one organization.
pub(crate) fn for_org<'a>(
    events: &'a [AuditEvent],
    org_id: &'a str,
) -> impl Iterator<Item = &'a AuditEvent> + 'a {
    events
        .iter()
        .filter(move |e| matches!(&e.scope, AuditScope::Organization(o) if o == org_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_roundtrip() {
        let c = encode_cursor(42, true);
        assert_eq!(decode_cursor(&c), Some((42, true)));
        assert_eq!(decode_cursor("zz"), None);
        assert_eq!(decode_cursor(""), None);
        assert_eq!(decode_cursor("abc"), None);
    }
}

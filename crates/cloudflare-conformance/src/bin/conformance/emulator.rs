//! The emulator (`cloudflare-mock`, in this process) behind Prism's validation proxy: every
//! operation's full sample, addressing resources that exist in the emulator's world. Neither our
//! requests nor the emulator's answers may violate the schema.

// Exercises every operation, the deprecated ones included.
#![allow(deprecated)]

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};

use cloudflare_conformance::{Case, Ids, full_with};
use cloudflare_core::user::invites::InviteStatus;
use cloudflare_core::{
    AuthScheme, Date, Direction, Operation, Response, accounts, organizations, user,
};
use cloudflare_mock::{MockConfig, MockServer, ScriptedResponse};
use http::Method;

use crate::check::{Replay, Verdict, judge};
use crate::clients::{Clients, Kind, Secrets, preferred_scheme, scheme_name};
use crate::report::{Context, Report, Violation};

/// Starts the emulator on `port` and drives every operation through the Prism proxy at
/// `proxy_url`, which forwards to it. Findings go to `report`; an error means the run could not
/// be set up (the emulator did not start, a lookup failed, the proxy does not validate).
pub fn run(proxy_url: &str, port: u16, report: &Report) -> Result<(), String> {
    let server = MockServer::start(MockConfig {
        listen: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        ..MockConfig::default()
    })
    .map_err(|e| format!("cannot start the emulator on port {port}: {e}"))?;
    let config = server.config();
    let secrets = Secrets {
        email: config.email.clone(),
        key: config.key.clone(),
        token: config.token.clone(),
    };
    let clients = Clients::new(proxy_url, &secrets).map_err(|e| e.to_string())?;
    let setup = Setup {
        clients: &clients,
        report,
    };
    let world = setup.world(&secrets)?;
    self_test(&server, &clients)?;

    // Everything but the deletions, on the world as seeded (and as the samples change it).
    let mut sent = 0;
    for case in full_with(&world)
        .iter()
        .filter(|c| c.info().method != Method::DELETE)
    {
        drive(&clients, report, case.as_ref(), Kind::BOTH[sent % 2]);
        sent += 1;
    }

    // The deletions last, dependants first: the organization deleted is a fresh one (one with
    // accounts or child organizations cannot be deleted), holding the member deleted; the
    // account is deleted at the very end.
    let victims = setup.victims(&world)?;
    let mut deletions: Vec<Box<dyn Case>> = full_with(&victims)
        .into_iter()
        .filter(|c| c.info().method == Method::DELETE)
        .collect();
    deletions.sort_by_key(|c| {
        (
            c.name() == "accounts.delete",
            c.name() == "organizations.delete",
        )
    });
    for case in &deletions {
        drive(&clients, report, case.as_ref(), Kind::BOTH[sent % 2]);
        sent += 1;
    }
    server.shutdown();
    Ok(())
}

/// Sends `case` through the proxy and judges the exchange.
fn drive(clients: &Clients, report: &Report, case: &dyn Case, kind: Kind) {
    let scheme = preferred_scheme(case);
    let context = Context {
        phase: "emulator",
        operation: case.name(),
        sample: "full",
        client: kind.name(),
        scheme: scheme_name(scheme),
    };
    let outcome = clients.send(case, kind, scheme);
    // The emulator has state: a request is never sent twice.
    judge(report, &context, case, outcome, Replay::Never);
}

/// Checks that the proxy does report what we rely on: the emulator is made to answer one call
/// with an envelope missing its required `success`, `errors` and `messages` (which our parser
/// tolerates), and that must come back as a violation.
fn self_test(server: &MockServer, clients: &Clients) -> Result<(), String> {
    server.faults().script_next(ScriptedResponse::json(
        200,
        serde_json::json!({"result": {"id": "7c5dae5552338874e5053f2534d2767a"}}),
    ));
    let case = cloudflare_conformance::case(user::Get::new());
    let context = Context {
        phase: "self-test",
        operation: case.name(),
        sample: "minimal",
        client: "ureq",
        scheme: "API key",
    };
    let outcome = clients.send(case.as_ref(), Kind::Blocking, AuthScheme::ApiKey);
    let scratch = Report::default();
    if judge(&scratch, &context, case.as_ref(), outcome, Replay::Never) != Verdict::Failed {
        return Err(
            "Prism's proxy let an invalid response through: it does not validate responses".into(),
        );
    }
    Ok(())
}

/// Typed calls that find and make the resources the samples address.
struct Setup<'a> {
    clients: &'a Clients,
    report: &'a Report,
}

impl Setup<'_> {
    /// Sends `op`, returning its result.
    fn send<O: Operation>(&self, op: &O) -> Result<O::Output, String> {
        self.send_with_meta(op).map(|response| response.result)
    }

    /// The cursor or page token of the page after the one `op` asks for.
    fn next_cursor<O: Operation>(&self, op: &O) -> Result<String, String> {
        self.send_with_meta(op)?
            .meta
            .result_info
            .as_ref()
            .and_then(|info| info.next_cursor())
            .map(str::to_owned)
            .ok_or_else(|| format!("{} gave no cursor for a next page", O::INFO.name))
    }

    /// Sends `op` with the scheme it prefers, checking for violations like any other call.
    fn send_with_meta<O: Operation>(&self, op: &O) -> Result<Response<O::Output>, String> {
        let scheme = if O::INFO.auth.contains(&AuthScheme::ApiKey) {
            AuthScheme::ApiKey
        } else {
            AuthScheme::ApiToken
        };
        let context = Context {
            phase: "emulator setup",
            operation: O::INFO.name,
            sample: "lookup",
            client: "ureq",
            scheme: scheme_name(scheme),
        };
        self.report.request(&context);
        let response = self
            .clients
            .blocking(scheme)
            .send_with_meta(op)
            .map_err(|e| format!("{context}: {e}"))?;
        let violations: Vec<Violation> = response
            .meta
            .headers
            .get_all("sl-violations")
            .iter()
            .flat_map(|v| Violation::parse_list(&String::from_utf8_lossy(v.as_bytes())))
            .collect();
        if !violations.is_empty() {
            self.report.violations(&context, violations);
        }
        Ok(response)
    }

    /// Real IDs for every field of [`Ids`], looked up through the API.
    fn world(&self, secrets: &Secrets) -> Result<Ids, String> {
        let missing = |what: &str| format!("the emulator's world has no {what}");
        let all_accounts = self.send(&accounts::List {
            per_page: Some(50),
            ..accounts::List::default()
        })?;
        let [account, other_account, ..] = all_accounts.items.as_slice() else {
            return Err(missing("two accounts"));
        };
        let account = account.id.clone();

        let account_member = self
            .send(&accounts::members::List {
                per_page: Some(50),
                ..accounts::members::List::new(&account)
            })?
            .into_iter()
            .filter(|m| {
                let email = m
                    .user
                    .as_ref()
                    .map(|u| u.email.as_str())
                    .or(m.email.as_deref());
                email.is_some_and(|e| !e.eq_ignore_ascii_case(&secrets.email))
            })
            .find_map(|m| m.id)
            .ok_or_else(|| missing("account member other than the user"))?;
        let role = self
            .send(&accounts::roles::List::new(&account))?
            .into_iter()
            .map(|r| r.id)
            .next()
            .ok_or_else(|| missing("role"))?;
        let account_token = self
            .send(&accounts::tokens::List::new(&account))?
            .into_iter()
            .find_map(|t| t.id)
            .ok_or_else(|| missing("account token"))?;
        let account_subscription = self
            .send(&accounts::subscriptions::Get::new(&account))?
            .into_iter()
            .find_map(|s| s.id)
            .ok_or_else(|| missing("account subscription"))?;

        // Organizations: the first account's, and a root that is not below it (a parent that
        // would make a cycle is refused).
        let mut parents: BTreeMap<String, Option<String>> = BTreeMap::new();
        for a in &all_accounts {
            for org in self.send(&accounts::organizations::List::new(&a.id))? {
                parents.insert(org.id, org.parent.map(|p| p.id));
            }
        }
        let organization = self
            .send(&accounts::organizations::List::new(&account))?
            .into_iter()
            .map(|o| o.id)
            .next()
            .ok_or_else(|| missing("organization holding the first account"))?;
        let below = |candidate: &str| {
            let mut at = Some(candidate.to_owned());
            while let Some(id) = at {
                if id == organization {
                    return true;
                }
                at = parents.get(&id).cloned().flatten();
            }
            false
        };
        let parent_organization = parents
            .keys()
            .find(|id| !below(id))
            .cloned()
            .ok_or_else(|| missing("organization outside the first account's"))?;
        let organization_member = self
            .send(&organizations::members::List::new(&organization))?
            .into_iter()
            .map(|m| m.id)
            .next()
            .ok_or_else(|| missing("organization member"))?;

        let invite = self
            .send(&user::invites::List::new())?
            .into_iter()
            .filter(|i| i.status == Some(InviteStatus::Pending))
            .find_map(|i| i.id)
            .ok_or_else(|| missing("pending invitation"))?;
        let user_organization = self
            .send(&user::organizations::List::new())?
            .into_iter()
            .find_map(|o| o.id)
            .ok_or_else(|| missing("user organization"))?;
        let own_token = self.send(&user::tokens::Verify::new())?.id;
        let user_token = self
            .send(&user::tokens::List::default())?
            .into_iter()
            .filter_map(|t| t.id)
            .find(|id| *id != own_token)
            .ok_or_else(|| missing("user token besides the one in use"))?;
        let user_subscription = self
            .send(&user::subscriptions::Get)?
            .into_iter()
            .find_map(|s| s.id)
            .ok_or_else(|| missing("user subscription"))?;

        // Server-issued cursors and page tokens: the second page of each listing, one item a
        // page (the audit cursors for the direction the samples ask for).
        let date = |y, m, d| Date::from_ymd(y, m, d).ok_or("bad date");
        let (since, before) = (date(2024, 1, 1)?, date(2024, 6, 2)?);
        let account_audit_cursor = self.next_cursor(&accounts::logs::audit::List {
            direction: Some(Direction::Asc),
            limit: Some(1),
            ..accounts::logs::audit::List::new(&account, since, before)
        })?;
        let organization_audit_cursor = self.next_cursor(&organizations::logs::audit::List {
            direction: Some(Direction::Desc),
            limit: Some(1),
            ..organizations::logs::audit::List::new(&organization, since, before)
        })?;
        let organization_accounts_page_token =
            self.next_cursor(&organizations::accounts::List {
                page_size: Some(1),
                ..organizations::accounts::List::new(&organization)
            })?;
        let organization_members_page_token = self.next_cursor(&organizations::members::List {
            page_size: Some(1),
            ..organizations::members::List::new(&organization)
        })?;

        Ok(Ids {
            unit: organization.clone(),
            account_audit_cursor,
            organization_audit_cursor,
            organization_accounts_page_token,
            organization_members_page_token,
            other_account: other_account.id.clone(),
            account,
            account_member,
            role,
            account_token,
            account_subscription,
            audit_organization: organization.clone(),
            organization,
            parent_organization,
            organization_member,
            invite,
            user_organization,
            user_token,
            user_subscription,
            new_member_email: "conformance.new.member@example.com".into(),
        })
    }

    /// The IDs the deletions address: the world's, except a fresh organization with a fresh
    /// member (an organization holding accounts cannot be deleted).
    fn victims(&self, world: &Ids) -> Result<Ids, String> {
        let organization = self
            .send(&organizations::Create::new("Conformance victim"))?
            .id;
        let organization_member = self
            .send(&organizations::members::Create::new(
                &organization,
                "conformance.victim@example.com",
            ))?
            .id;
        Ok(Ids {
            organization,
            organization_member,
            ..world.clone()
        })
    }
}

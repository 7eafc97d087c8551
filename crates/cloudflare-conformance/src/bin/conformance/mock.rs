//! Against Prism's mock server: requests (every sample, both clients, every accepted scheme)
//! with the schema's examples as answers, then many rounds of schema-random answers.

use std::sync::atomic::{AtomicUsize, Ordering};

use cloudflare_conformance::{Case, full, minimal};
use cloudflare_core::AuthScheme;

use crate::check::{Replay, Verdict, judge};
use crate::clients::{Clients, Kind, preferred_scheme, scheme_name, schemes};
use crate::report::{Context, Report};

/// Every sample of both sets, through both clients, with every scheme the operation accepts.
/// Prism answers with the schema's examples, so a success also proves they parse.
pub fn run_static(clients: &Clients, report: &Report) {
    for (sample, cases) in [("full", full()), ("minimal", minimal())] {
        for case in &cases {
            for scheme in schemes(case.as_ref()) {
                for kind in Kind::BOTH {
                    let context = Context {
                        phase: "static",
                        operation: case.name(),
                        sample,
                        client: kind.name(),
                        scheme: scheme_name(scheme),
                    };
                    let outcome = clients.send(case.as_ref(), kind, scheme);
                    judge(
                        report,
                        &context,
                        case.as_ref(),
                        outcome,
                        Replay::With(clients.config(scheme)),
                    );
                }
            }
        }
    }
}

/// Checks that Prism does check what we rely on: a token-only operation sent with an API key,
/// and an API-key-only one sent with a token, must both be refused with a violation. Returns
/// what went wrong, if anything (then the whole run proves nothing).
pub fn self_test(clients: &Clients) -> Result<(), String> {
    let cases = minimal();
    let probes = [
        ("user.tokens.verify", AuthScheme::ApiKey),
        ("accounts.list", AuthScheme::ApiToken),
    ];
    for (name, wrong) in probes {
        let case = cases
            .iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| format!("no sample for {name}"))?;
        if schemes(case.as_ref()).contains(&wrong) {
            return Err(format!("{name} accepts {}", scheme_name(wrong)));
        }
        let report = Report::default();
        let context = Context {
            phase: "self-test",
            operation: case.name(),
            sample: "minimal",
            client: "ureq",
            scheme: scheme_name(wrong),
        };
        let outcome = clients.send(case.as_ref(), Kind::Blocking, wrong);
        let verdict = judge(
            &report,
            &context,
            case.as_ref(),
            outcome,
            Replay::With(clients.config(wrong)),
        );
        if verdict != Verdict::Failed {
            return Err(format!(
                "Prism accepted {name} authenticated with {}: it does not validate requests",
                scheme_name(wrong)
            ));
        }
    }
    Ok(())
}

/// `rounds` calls of every operation against Prism in dynamic mode (`-d`, answers generated
/// from the schema at random), alternating clients and sample sets, on `workers` threads. Every
/// answer must parse; the documented defect's sample is replaced by the minimal one.
pub fn run_dynamic(clients: &Clients, report: &Report, rounds: usize, workers: usize) {
    let by_name = |mut cases: Vec<Box<dyn Case>>| {
        cases.sort_by_key(|c| c.name());
        cases
    };
    let sets: [(&'static str, Vec<Box<dyn Case>>); 2] =
        [("full", by_name(full())), ("minimal", by_name(minimal()))];
    let operations = sets[0].1.len();
    let next = AtomicUsize::new(0);
    let total = operations * rounds;
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(|| {
                loop {
                    let job = next.fetch_add(1, Ordering::Relaxed);
                    if job >= total {
                        break;
                    }
                    let (op, round) = (job % operations, job / operations);
                    let kind = Kind::BOTH[round % 2];
                    let set = (round / 2) % 2;
                    let mut verdict = call(clients, report, kind, &sets[set], op);
                    if verdict == Verdict::Waived && set == 0 {
                        verdict = call(clients, report, kind, &sets[1], op);
                    }
                    if verdict == Verdict::Clean {
                        report.dynamic_parsed();
                    }
                }
            });
        }
    });
}

fn call(
    clients: &Clients,
    report: &Report,
    kind: Kind,
    (sample, cases): &(&'static str, Vec<Box<dyn Case>>),
    op: usize,
) -> Verdict {
    let case = cases[op].as_ref();
    let scheme = preferred_scheme(case);
    let context = Context {
        phase: "dynamic",
        operation: case.name(),
        sample,
        client: kind.name(),
        scheme: scheme_name(scheme),
    };
    let outcome = clients.send(case, kind, scheme);
    judge(
        report,
        &context,
        case,
        outcome,
        Replay::With(clients.config(scheme)),
    )
}

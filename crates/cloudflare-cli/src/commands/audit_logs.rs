//! `cfacct audit-logs`: account audit logs (version 2) with every filter the API has: list
//! them, or export a time range to JSON Lines or CSV, resumable from a checkpoint.
//!
//! The export writes page by page; after each page it flushes the output and replaces the
//! checkpoint (a temporary file renamed over it) with the next page's cursor and the entries
//! and bytes written so far. `--resume` truncates the output to the checkpoint's byte count
//! and goes on from its cursor: no entry twice, none missing.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, Subcommand, ValueEnum};
use cloudflare_hyper::accounts::logs::audit;
use cloudflare_hyper::models::audit_log::{
    AccountAuditLog, AccountAuditLogFilters, ActionResult, ActionType, ActorContext, ActorType,
    ResourceScope,
};
use cloudflare_hyper::{Date, Direction};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::{Deserialize, Serialize};

use super::collect;
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output::{self, Column};
use crate::parse;

/// The filter keys `--filter` and `--exclude` take, as the API names them.
const FILTER_KEYS: &str = "account_name, action_result (success|failure), \
action_type (create|delete|view|update), actor_context (api_key|api_token|dash|oauth|origin_ca_key), \
actor_email, actor_id, actor_ip_address, actor_token_id, actor_token_name, \
actor_type (account|cloudflare_admin|system|user), audit_log_id, id, raw_cf_ray_id, raw_method, \
raw_status_code (a number), raw_uri, resource_id, resource_product, \
resource_scope (accounts|user|zones|memberships), resource_type, zone_id, zone_name";

/// Which entries: the account, the time range and the filters.
#[derive(Debug, Args)]
#[command(after_long_help = format!("Filter keys (--filter / --exclude KEY=VALUE, each repeatable; values of one key are a union, keys combine as \"and\"):\n  {FILTER_KEYS}"))]
pub struct Query {
    /// The account ID.
    #[arg(long)]
    account: String,
    /// Entries on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse::date)]
    since: Date,
    /// Entries before this date (YYYY-MM-DD, UTC, exclusive).
    #[arg(long, value_parser = parse::date)]
    before: Date,
    /// Only entries with KEY=VALUE (repeatable; see the keys below).
    #[arg(long = "filter", value_name = "KEY=VALUE")]
    filters: Vec<String>,
    /// Leave out entries with KEY=VALUE (sent as KEY.not; repeatable).
    #[arg(long = "exclude", value_name = "KEY=VALUE")]
    excludes: Vec<String>,
    /// Only these product categories (repeatable; the API rejects unknown ones).
    #[arg(long = "product-category", value_name = "CATEGORY")]
    product_categories: Vec<String>,
    /// Sort order [API default: desc].
    #[arg(long, value_parser = ["asc", "desc"])]
    direction: Option<String>,
    /// Entries per page (1 to 1000).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1000))]
    limit: u32,
}

/// The export's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One JSON object per line: the API's entries as they are.
    Jsonl,
    /// CSV with a header row (the table's columns).
    Csv,
}

/// `audit-logs` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Lists the entries of a time range to stdout (every page).
    #[command(
        after_help = "Example:\n  cfacct --emulator audit-logs list --account <ID> --since 2024-01-01 --before 2025-01-01 --filter action_type=update -o json"
    )]
    List {
        #[command(flatten)]
        query: Query,
    },
    /// Exports a time range to a file, with a progress bar, resumable after an interruption.
    ///
    /// The progress bar shows the entries written, the rate and the time spent; the API gives
    /// no total for this cursor listing, so there is no percentage and no ETA. The checkpoint
    /// (default: the --out path with .checkpoint appended) is replaced after every page; after
    /// an interruption (Ctrl-C, a failure) run the same command with --resume. Rate limits are
    /// waited out by the client.
    #[command(
        after_help = "Examples:\n  cfacct --emulator audit-logs export --account <ID> --since 2024-01-01 --before 2025-01-01 --out logs.jsonl\n  cfacct audit-logs export --account <ID> --since 2024-01-01 --before 2025-01-01 --filter action_type=delete --exclude actor_email=bot@example.com --format csv --out deletes.csv --resume"
    )]
    Export {
        #[command(flatten)]
        query: Query,
        /// The output file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
        /// The checkpoint file [default: the --out path with .checkpoint appended].
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
        /// Go on from the checkpoint of an interrupted export of the same query.
        #[arg(long)]
        resume: bool,
        /// No progress bar (it is drawn only when stderr is a terminal anyway).
        #[arg(long)]
        no_progress: bool,
        /// Stops (exit 130) after this many pages, as an interruption would (for tests).
        #[arg(long, hide = true)]
        stop_after_pages: Option<u64>,
    },
}

/// The CSV and table columns of an entry.
pub const COLUMNS: &[Column<AccountAuditLog>] = &[
    ("id", |e| output::opt(e.id.as_deref())),
    ("time", |e| {
        output::time(e.action.as_ref().and_then(|a| a.time.as_ref()))
    }),
    ("action_type", |e| {
        output::opt(e.action.as_ref().and_then(|a| a.action_type.as_deref()))
    }),
    ("action_result", |e| {
        output::opt(e.action.as_ref().and_then(|a| a.result.as_deref()))
    }),
    ("actor_email", |e| {
        output::opt(e.actor.as_ref().and_then(|a| a.email.as_deref()))
    }),
    ("actor_id", |e| {
        output::opt(e.actor.as_ref().and_then(|a| a.id.as_deref()))
    }),
    ("actor_type", |e| {
        output::opt(
            e.actor
                .as_ref()
                .and_then(|a| a.actor_type.as_ref().map(|t| t.as_str())),
        )
    }),
    ("actor_context", |e| {
        output::opt(
            e.actor
                .as_ref()
                .and_then(|a| a.context.as_ref().map(|c| c.as_str())),
        )
    }),
    ("actor_ip_address", |e| {
        output::opt(e.actor.as_ref().and_then(|a| a.ip_address.as_deref()))
    }),
    ("resource_product", |e| {
        output::opt(e.resource.as_ref().and_then(|r| r.product.as_deref()))
    }),
    ("resource_type", |e| {
        output::opt(e.resource.as_ref().and_then(|r| r.resource_type.as_deref()))
    }),
    ("resource_id", |e| {
        output::opt(e.resource.as_ref().and_then(|r| r.id.as_deref()))
    }),
    ("raw_method", |e| {
        output::opt(e.raw.as_ref().and_then(|r| r.method.as_deref()))
    }),
    ("raw_uri", |e| {
        output::opt(e.raw.as_ref().and_then(|r| r.uri.as_deref()))
    }),
    ("raw_status_code", |e| {
        e.raw
            .as_ref()
            .and_then(|r| r.status_code)
            .map_or("-".into(), |c| c.to_string())
    }),
    ("raw_cf_ray_id", |e| {
        output::opt(e.raw.as_ref().and_then(|r| r.cf_ray_id.as_deref()))
    }),
];

impl Query {
    /// The SDK operation for this query, its filters checked.
    fn to_operation(&self) -> Result<audit::List> {
        if self.since > self.before {
            return Err(CliError::usage(format!(
                "--since {} is after --before {}",
                self.since, self.before
            )));
        }
        let mut filters = AccountAuditLogFilters::default();
        for spec in &self.filters {
            add_filter(&mut filters, spec, "--filter")?;
        }
        let mut exclude = AccountAuditLogFilters::default();
        for spec in &self.excludes {
            add_filter(&mut exclude, spec, "--exclude")?;
        }
        let mut op = audit::List::new(&self.account, self.since, self.before)
            .filters(filters)
            .exclude(exclude)
            .limit(self.limit);
        op.product_category.clone_from(&self.product_categories);
        if let Some(d) = &self.direction {
            op = op.direction(Direction::from(d.as_str()));
        }
        Ok(op)
    }
}

/// Checks `value` against the values the API documents for an enum-valued filter.
fn known<T: for<'a> From<&'a str>>(
    flag: &str,
    key: &str,
    value: &str,
    allowed: &[&str],
) -> Result<T> {
    if allowed.contains(&value) {
        Ok(T::from(value))
    } else {
        Err(CliError::usage(format!(
            "{flag} {key}={value:?}: not a valid {key}; use one of {}",
            allowed.join(", ")
        )))
    }
}

/// Adds one `KEY=VALUE` to `filters`.
fn add_filter(filters: &mut AccountAuditLogFilters, spec: &str, flag: &str) -> Result<()> {
    let (key, value) = spec.split_once('=').ok_or_else(|| {
        CliError::usage(format!(
            "{flag} {spec:?}: write KEY=VALUE, e.g. action_type=update"
        ))
    })?;
    let (key, value) = (key.trim(), value.trim());
    if value.is_empty() {
        return Err(CliError::usage(format!(
            "{flag} {spec:?}: the value is empty"
        )));
    }
    let text = value.to_owned();
    let f = filters;
    match key {
        "account_name" => f.account_name.push(text),
        "action_result" => f.action_result.push(known::<ActionResult>(
            flag,
            key,
            value,
            &["success", "failure"],
        )?),
        "action_type" => f.action_type.push(known::<ActionType>(
            flag,
            key,
            value,
            &["create", "delete", "view", "update"],
        )?),
        "actor_context" => f.actor_context.push(known::<ActorContext>(
            flag,
            key,
            value,
            &["api_key", "api_token", "dash", "oauth", "origin_ca_key"],
        )?),
        "actor_email" => f.actor_email.push(text),
        "actor_id" => f.actor_id.push(text),
        "actor_ip_address" => f.actor_ip_address.push(text),
        "actor_token_id" => f.actor_token_id.push(text),
        "actor_token_name" => f.actor_token_name.push(text),
        "actor_type" => f.actor_type.push(known::<ActorType>(
            flag,
            key,
            value,
            &["account", "cloudflare_admin", "system", "user"],
        )?),
        "audit_log_id" => f.audit_log_id.push(text),
        "id" => f.id.push(text),
        "raw_cf_ray_id" => f.raw_cf_ray_id.push(text),
        "raw_method" => f.raw_method.push(text),
        "raw_status_code" => f.raw_status_code.push(value.parse().map_err(|_| {
            CliError::usage(format!(
                "{flag} raw_status_code={value:?}: not an HTTP status code (100 to 599)"
            ))
        })?),
        "raw_uri" => f.raw_uri.push(text),
        "resource_id" => f.resource_id.push(text),
        "resource_product" => f.resource_product.push(text),
        "resource_scope" => f.resource_scope.push(known::<ResourceScope>(
            flag,
            key,
            value,
            &["accounts", "user", "zones", "memberships"],
        )?),
        "resource_type" => f.resource_type.push(text),
        "zone_id" => f.zone_id.push(text),
        "zone_name" => f.zone_name.push(text),
        other => {
            return Err(CliError::usage(format!(
                "{flag} {spec:?}: unknown filter {other:?}; the keys are: {FILTER_KEYS}"
            )));
        }
    }
    Ok(())
}

/// Runs an `audit-logs` subcommand.
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::List { query } => {
            let op = query.to_operation()?;
            let account = query.account.clone();
            let all = collect(ctx, op, || {
                format!("listing the audit logs of account {account}")
            })
            .await?;
            output::print_list(ctx.format, &all, COLUMNS)
        }
        Cmd::Export {
            query,
            out,
            format,
            checkpoint,
            resume,
            no_progress,
            stop_after_pages,
        } => {
            let checkpoint = checkpoint.unwrap_or_else(|| {
                let mut name = out.clone().into_os_string();
                name.push(".checkpoint");
                PathBuf::from(name)
            });
            let export = Export {
                op: query.to_operation()?,
                out,
                format,
                checkpoint,
                progress: !no_progress,
                stop_after_pages,
            };
            export.run(ctx, resume).await
        }
    }
}

/// Where an export stands, as saved after every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The query (the operation without its cursor), to refuse resuming another one.
    pub query: String,
    /// The output format.
    pub format: ExportFormat,
    /// The cursor of the next page; `None` with `done: false` means the first page.
    pub cursor: Option<String>,
    /// Whether the export is complete.
    pub done: bool,
    /// Entries written.
    pub entries: u64,
    /// Pages written.
    pub pages: u64,
    /// Bytes of output written (the header included): the output's valid length.
    pub bytes: u64,
}

impl Checkpoint {
    fn read(path: &Path) -> Result<Checkpoint> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::io(
                format!(
                    "reading the checkpoint {} (to --resume, a previous export must have started)",
                    path.display()
                ),
                e,
            )
        })?;
        serde_json::from_str(&text).map_err(|e| {
            CliError::usage(format!("the checkpoint {} is not one: {e}", path.display()))
        })
    }

    /// Replaces the checkpoint atomically: a temporary file next to it, renamed over it.
    fn write(&self, path: &Path) -> Result<()> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let fail = |e| CliError::io(format!("writing the checkpoint {}", path.display()), e);
        let mut file = File::create(&tmp).map_err(fail)?;
        serde_json::to_writer(&mut file, self).map_err(|e| fail(e.into()))?;
        file.sync_all().map_err(fail)?;
        std::fs::rename(&tmp, path).map_err(fail)
    }
}

struct Export {
    op: audit::List,
    out: PathBuf,
    format: ExportFormat,
    checkpoint: PathBuf,
    progress: bool,
    stop_after_pages: Option<u64>,
}

impl Export {
    fn query_key(&self) -> String {
        let query = serde_json::to_string(&self.op).unwrap_or_default();
        format!("{}?{query}", self.op.account_id)
    }

    /// Opens the output: fresh (with the CSV header), or truncated to the checkpoint.
    fn open(&self, resume: bool) -> Result<(File, Checkpoint)> {
        let fail = |e| CliError::io(format!("opening {}", self.out.display()), e);
        if resume {
            let saved = Checkpoint::read(&self.checkpoint)?;
            if saved.query != self.query_key() || saved.format != self.format {
                return Err(CliError::usage(format!(
                    "the checkpoint {} is for another export (account, dates, filters, limit or format differ); run the same command as before, or start over without --resume",
                    self.checkpoint.display()
                )));
            }
            let mut file = OpenOptions::new()
                .write(true)
                .open(&self.out)
                .map_err(fail)?;
            let len = file.metadata().map_err(fail)?.len();
            if len < saved.bytes {
                return Err(CliError::usage(format!(
                    "{} has {len} bytes, fewer than the {} the checkpoint says were written: start over without --resume",
                    self.out.display(),
                    saved.bytes
                )));
            }
            file.set_len(saved.bytes).map_err(fail)?;
            file.seek(SeekFrom::End(0)).map_err(fail)?;
            return Ok((file, saved));
        }
        let mut file = File::create(&self.out).map_err(fail)?;
        let mut header = Vec::new();
        if self.format == ExportFormat::Csv {
            let mut csv = csv::Writer::from_writer(&mut header);
            csv.write_record(COLUMNS.iter().map(|(name, _)| *name))
                .and_then(|()| csv.flush().map_err(Into::into))
                .map_err(|e| fail(e.into()))?;
        }
        file.write_all(&header).map_err(fail)?;
        let start = Checkpoint {
            query: self.query_key(),
            format: self.format,
            cursor: None,
            done: false,
            entries: 0,
            pages: 0,
            bytes: header.len() as u64,
        };
        start.write(&self.checkpoint)?;
        Ok((file, start))
    }

    fn render(&self, items: &[AccountAuditLog]) -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(items.len() * 1024);
        match self.format {
            ExportFormat::Jsonl => {
                output::write_list(&mut buf, output::Format::Jsonl, items, COLUMNS)?
            }
            ExportFormat::Csv => {
                let mut csv = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut buf);
                for item in items {
                    csv.write_record(COLUMNS.iter().map(|(_, get)| get(item)))?;
                }
                csv.flush()?;
            }
        }
        Ok(buf)
    }

    fn progress_bar(&self, saved: &Checkpoint) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} {human_pos} entries  {per_sec}  {elapsed_precise}  {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(format!(
            "{} before this run; no total or ETA: the API gives no count for this cursor listing",
            saved.entries
        ));
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }

    async fn run(mut self, ctx: &Ctx, resume: bool) -> Result<()> {
        let (mut file, mut saved) = self.open(resume)?;
        let out_name = self.out.display().to_string();
        if saved.done {
            eprintln!("{out_name} is already complete: {} entries", saved.entries);
            return Ok(());
        }
        self.op.cursor = saved.cursor.clone();
        let started = Instant::now();
        let (entries_before, pages_before) = (saved.entries, saved.pages);
        let bar = self.progress_bar(&saved);
        let mut pages = ctx.client::<audit::List>().pages(self.op.clone());
        let resume_hint = "run the same command with --resume to go on";
        // One listener for the whole export, registered before the first page: a Ctrl-C
        // between two pages is not lost.
        let mut interrupt = std::pin::pin!(tokio::signal::ctrl_c());
        loop {
            let next = tokio::select! {
                next = pages.next() => next,
                _ = &mut interrupt => {
                    bar.abandon();
                    return Err(CliError::Interrupted(format!(
                        "interrupted after {} entries in {out_name}; {resume_hint}",
                        saved.entries
                    )));
                }
            };
            let Some(page) = next else { break };
            let page = page.map_err(|e| {
                bar.abandon();
                CliError::api(
                    format!(
                        "exporting the audit logs of account {} ({} entries are in {out_name}; {resume_hint})",
                        self.op.account_id, saved.entries
                    ),
                    e,
                )
            })?;
            let items = &page.result.items;
            let bytes = self
                .render(items)
                .and_then(|buf| {
                    file.write_all(&buf)?;
                    file.sync_data()?;
                    Ok(buf.len() as u64)
                })
                .map_err(|e| CliError::io(format!("writing {out_name}"), e))?;
            let cursor = page
                .meta
                .result_info
                .as_ref()
                .and_then(|info| info.next_cursor())
                .map(str::to_owned);
            saved = Checkpoint {
                done: cursor.is_none(),
                cursor,
                entries: saved.entries + items.len() as u64,
                pages: saved.pages + 1,
                bytes: saved.bytes + bytes,
                ..saved
            };
            saved.write(&self.checkpoint)?;
            bar.inc(items.len() as u64);
            if self.stop_after_pages == Some(saved.pages - pages_before) && !saved.done {
                bar.abandon();
                return Err(CliError::Interrupted(format!(
                    "stopped after {} pages ({} entries in {out_name}); {resume_hint}",
                    saved.pages, saved.entries
                )));
            }
        }
        if !saved.done {
            saved.done = true;
            saved.write(&self.checkpoint)?;
        }
        bar.finish_and_clear();
        let secs = started.elapsed().as_secs_f64().max(f64::EPSILON);
        let (entries, pages) = (saved.entries - entries_before, saved.pages - pages_before);
        eprintln!(
            "exported {entries} entries in {pages} pages to {out_name} in {secs:.2} s: {:.0} entries/s, {:.1} pages/s (total {} entries, {} bytes)",
            entries as f64 / secs,
            pages as f64 / secs,
            saved.entries,
            saved.bytes,
        );
        Ok(())
    }
}

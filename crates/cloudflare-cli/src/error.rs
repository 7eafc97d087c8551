//! Errors and the exit codes they map to.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | any other failure (a truncated or changed listing, a file that cannot be written) |
//! | 2 | usage or bad input: a bad flag, date, duration or filter value, or a request the API refused as invalid |
//! | 3 | authentication: credentials missing, refused, or lacking a permission |
//! | 4 | not found: an unknown account, member, token or route |
//! | 5 | conflict with the current state (the object already exists) |
//! | 6 | rate limited beyond the client's retries |
//! | 7 | the API failed (a 5xx after the retries) |
//! | 8 | timeout or connection failure |
//! | 9 | the answer could not be decoded (not the API's shape, or too large) |
//! | 130 | interrupted (Ctrl-C, or the export's `--stop-after-pages`); an export can be resumed |

use std::fmt;

use cloudflare_hyper::Error as ApiError;
use cloudflare_hyper::error::ErrorKind;

/// The exit-code table, as printed at the end of `cfacct --help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    success
  1    other failure (truncated or changed listing, file I/O)
  2    usage or bad input (flag, date, duration, filter value; a request the API refused as invalid)
  3    authentication (credentials missing, refused, or lacking a permission)
  4    not found (unknown account, member, token, route)
  5    conflict with the current state
  6    rate limited beyond the client's retries
  7    the API failed (5xx after retries)
  8    timeout or connection failure
  9    the answer could not be decoded
  130  interrupted (Ctrl-C or --stop-after-pages); resume an export with --resume";

/// Everything a command can fail with.
#[derive(Debug)]
pub enum CliError {
    /// Bad input found before anything was sent (exit 2).
    Usage(String),
    /// The configuration or credentials are missing or unusable (exit 3).
    Config(String),
    /// An API call failed; `context` says which.
    Api {
        /// What was being done, e.g. `listing the members of account …`.
        context: String,
        /// The SDK's error (its `Display` never shows a secret or a body).
        source: ApiError,
    },
    /// A local file could not be read or written (exit 1).
    Io {
        /// What was being done, naming the file.
        context: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Stopped before the end (exit 130); the message says how to resume.
    Interrupted(String),
    /// Some of several independent operations failed (exit: the first failure's code).
    Partial {
        /// How many failed, out of how many.
        failed: usize,
        /// How many were attempted.
        total: usize,
        /// The exit code of the first failure.
        code: i32,
    },
}

impl CliError {
    /// A usage error with this message.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// Wraps an SDK error with what was being done.
    pub fn api(context: impl Into<String>, source: ApiError) -> Self {
        CliError::Api {
            context: context.into(),
            source,
        }
    }

    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        CliError::Io {
            context: context.into(),
            source,
        }
    }

    /// The process exit code (see the table in the module docs).
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Config(_) => 3,
            CliError::Api { source, .. } => kind_code(source.kind()),
            CliError::Io { .. } => 1,
            CliError::Interrupted(_) => 130,
            CliError::Partial { code, .. } => *code,
        }
    }

    /// What to do next, if there is advice to give.
    fn next_step(&self) -> Option<&'static str> {
        match self {
            CliError::Usage(_) => Some("see `cfacct <command> --help` for the accepted values"),
            CliError::Config(_) => Some(
                "set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL), or try --emulator",
            ),
            CliError::Api { source, .. } => Some(kind_advice(source.kind())),
            CliError::Io { .. } => Some("check the path, its directory and the permissions"),
            CliError::Interrupted(_) | CliError::Partial { .. } => None,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Config(m) | CliError::Interrupted(m) => f.write_str(m),
            CliError::Api { context, source } => write!(f, "{context}: {source}"),
            CliError::Io { context, source } => write!(f, "{context}: {source}"),
            CliError::Partial { failed, total, .. } => {
                write!(f, "{failed} of {total} operations failed (see above)")
            }
        }
    }
}

impl std::error::Error for CliError {}

/// Prints the error, the `cf-ray` when the API sent one and the next step, to stderr.
pub fn report(err: &CliError) {
    eprintln!("error: {err}");
    if let CliError::Api { source, .. } = err {
        if let Some(ray) = source.cf_ray() {
            eprintln!("  cf-ray: {ray} (give it to Cloudflare support)");
        }
    }
    if let Some(next) = err.next_step() {
        eprintln!("  next: {next}");
    }
}

/// The exit code of an SDK error kind.
pub fn kind_code(kind: ErrorKind) -> i32 {
    match kind {
        ErrorKind::InvalidRequest => 2,
        ErrorKind::Auth => 3,
        ErrorKind::NotFound => 4,
        ErrorKind::Conflict => 5,
        ErrorKind::RateLimited { .. } => 6,
        ErrorKind::Server => 7,
        ErrorKind::Timeout | ErrorKind::Connection => 8,
        ErrorKind::Decode | ErrorKind::TooLarge => 9,
        _ => 1,
    }
}

fn kind_advice(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidRequest => {
            "fix the request (IDs, filters, dates); retrying will not help"
        }
        ErrorKind::Auth => "check the credentials and the token's permissions for this account",
        ErrorKind::NotFound => {
            "check the ID (`cfacct accounts list` shows the accounts these credentials can see)"
        }
        ErrorKind::Conflict => "read the current state again and retry if still needed",
        ErrorKind::RateLimited { .. } => "wait a few minutes, then retry (an export can --resume)",
        ErrorKind::Server => "the API failed: retry later (an export can --resume)",
        ErrorKind::Timeout | ErrorKind::Connection => {
            "check the network, proxy and --base-url, then retry (an export can --resume)"
        }
        ErrorKind::Decode | ErrorKind::TooLarge => {
            "the answer is not the API's: check --base-url / CLOUDFLARE_BASE_URL"
        }
        _ => "retry; if it persists, report it with the cf-ray",
    }
}

/// Results of the commands.
pub type Result<T, E = CliError> = std::result::Result<T, E>;

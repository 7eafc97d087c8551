//! Helpers of the integration tests: an emulator on 127.0.0.1 started by the test, the built
//! `cfacct` run against it, and an SDK client to check what the emulator holds.

#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;
use std::process::{Command, Output};

use cloudflare_hyper::{Client, ClientOptions, Config, Credentials, ListOperation, accounts};
use cloudflare_mock::MockServer;

/// What a run of `cfacct` did.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Stdout.
    pub stdout: String,
    /// Stderr.
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts success and returns stdout.
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "cfacct failed: {}", self.stderr);
        self.stdout
    }

    /// Stdout parsed as JSON.
    pub fn json(self) -> serde_json::Value {
        let out = self.ok();
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

/// `cfacct` with no credentials in its environment.
pub fn bare() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cfacct"));
    for var in [
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_API_KEY",
        "CLOUDFLARE_EMAIL",
        "CLOUDFLARE_BASE_URL",
        "CLOUDFLARE_API_USER_SERVICE_KEY",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs `cfacct` against `server` (`--base-url` and the emulator's credentials in the
/// environment, as a user would set them) with `args`.
pub fn cfacct(server: &MockServer, args: &[&str]) -> Run {
    let config = server.config();
    let output = bare()
        .env("CLOUDFLARE_API_TOKEN", &config.token)
        .env("CLOUDFLARE_API_KEY", &config.key)
        .env("CLOUDFLARE_EMAIL", &config.email)
        .arg("--base-url")
        .arg(server.base_url())
        .args(args)
        .output()
        .expect("cfacct runs");
    Run::from(output)
}

/// Runs `cfacct` with `args` and no server.
pub fn cfacct_alone(args: &[&str]) -> Run {
    Run::from(bare().args(args).output().expect("cfacct runs"))
}

/// An SDK client on `server` with `credentials`.
pub fn client_with(server: &MockServer, credentials: Credentials) -> Client {
    let config = Config::new(credentials)
        .and_then(|c| c.with_base_url(&server.base_url()))
        .expect("config");
    Client::new(ClientOptions::new(config)).expect("client")
}

/// An SDK client on `server` with its token.
pub fn client(server: &MockServer) -> Client {
    client_with(
        server,
        Credentials::api_token(server.config().token.clone()),
    )
}

/// Runs `f` to completion on a runtime of its own.
pub fn block_on<T>(f: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

/// Every item of `op`, listed with the SDK.
pub fn list_all<O>(server: &MockServer, op: O) -> Vec<O::Item>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    let client = client(server);
    block_on(async move { client.items(op).try_collect().await }).expect("SDK listing")
}

/// The accounts of the emulator's world.
pub fn accounts(server: &MockServer) -> Vec<accounts::Account> {
    list_all(server, accounts::List::default())
}

/// An empty directory for one test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cfacct-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

//! Running the microcred binary from a test: a clean environment, so that what the
//! developer has set in their shell (a language, a data directory, a passphrase) cannot
//! change what a test sees.
//!
//! Only the CLI crate's tests know where cargo built the binary
//! (`env!("CARGO_BIN_EXE_microcred")`), so they pass its path in.

use std::process::{Command, Output};

/// The variables a run must not inherit: each would point the binary at the developer's
/// own data or language instead of what the test gives it.
const INHERITED: [&str; 5] = [
    "MICROCRED_LANG",
    "MICROCRED_ISSUER_DATA",
    "MICROCRED_WALLET_DATA",
    "MICROCRED_PASSPHRASE",
    "MICROCRED_TRUST_LIST",
];

/// The binary at `bin`, to run in the repository root with `LANG=C` and none of the
/// microcred variables of the calling shell; a test adds its own arguments and variables.
pub fn command(bin: &str) -> Command {
    let mut cmd = Command::new(bin);
    cmd.current_dir(crate::repo()).env("LANG", "C");
    for name in INHERITED {
        cmd.env_remove(name);
    }
    cmd
}

/// Runs the binary at `bin` with `args` (see [`command`]) and waits for it.
pub fn run(bin: &str, args: &[&str]) -> Output {
    command(bin).args(args).output().expect("run microcred")
}

/// The standard output of a run that must have succeeded; the exit code and both
/// streams are shown when it did not.
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A free TCP port on 127.0.0.1 for a server a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

//! `microcred-loadgen`: a load generator for `microcred serve`.
//!
//! It sets up what a scenario needs through the server's own API (an issued
//! credential, or a wallet account with a share link), then keeps N keep-alive
//! connections busy, one request at a time each, for a warm-up and then a measured
//! period. Latencies of 2xx responses go into a histogram; every other status and
//! every transport error is counted as a failure. See docs/server-load.md.

mod client;
mod hist;
mod procfs;

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, ValueEnum};
use hyper::header::{COOKIE, SET_COOKIE};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::time::Instant;

use client::{call, Conn, SendError, Target, Template};
use hist::Histogram;

/// The example award the scenarios issue (its `$schema` key is dropped).
const AWARD: &str = include_str!("../../../examples/awards/ensiapu-matti.json");
const SPEC: &str = "ensiapuryhmassa-toimiminen";
/// CPU (share of one core) used by other processes above which a run is disturbed.
const OTHER_CPU_WARN: f64 = 0.10;

#[derive(Parser)]
#[command(
    name = "microcred-loadgen",
    version,
    about = "Load generator for `microcred serve`: throughput and latency of verify and share links"
)]
struct Args {
    /// The server's base address
    #[arg(long, default_value = "http://127.0.0.1:8080", value_name = "URL")]
    url: String,
    /// What to load; several run one after another (comma-separated or repeated)
    #[arg(
        long,
        short,
        value_enum,
        value_delimiter = ',',
        default_value = "verify-jwt,verify-di,share"
    )]
    scenario: Vec<Scenario>,
    /// Concurrent keep-alive connections, each with one request in flight
    #[arg(long, short, default_value_t = 64)]
    connections: usize,
    /// Measured time per scenario (e.g. 10s, 500ms, 1m)
    #[arg(long, short, default_value = "10s", value_parser = parse_duration)]
    duration: Duration,
    /// Load before measuring starts, per scenario
    #[arg(long, default_value = "2s", value_parser = parse_duration)]
    warmup: Duration,
    /// Longest a request may take before it counts as failed
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    timeout: Duration,
    /// Worker threads of the load generator [default: the number of CPUs]
    #[arg(long)]
    threads: Option<usize>,
    /// An issuer API token; without it one is made with `microcred issuer token create`
    #[arg(long, env = "MICROCRED_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// The server's issuer directory (DATA/issuer), to create a token in
    #[arg(long, value_name = "DIR")]
    issuer_data: Option<PathBuf>,
    /// The microcred binary [default: next to this one, else on PATH]
    #[arg(long, value_name = "FILE")]
    microcred: Option<PathBuf>,
    /// The award to issue (JSON) [default: examples/awards/ensiapu-matti.json, built in]
    #[arg(long, value_name = "FILE")]
    award: Option<PathBuf>,
    /// The server's process ID, to report its CPU time and memory (Linux /proc)
    #[arg(long, value_name = "PID")]
    server_pid: Option<u32>,
    /// With --server-pid: let the memory column be the peak since the server started,
    /// rather than the peak during each scenario's load (reset after its set-up)
    #[arg(long)]
    no_reset_peak: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// POST /credentials/verify with a VC-JOSE (vc+jwt) credential
    VerifyJwt,
    /// POST /credentials/verify with a Data Integrity credential
    VerifyDi,
    /// GET /s/{token}: a share link of an SD-JWT credential, as JSON
    Share,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::VerifyJwt => "verify-jwt",
            Scenario::VerifyDi => "verify-di",
            Scenario::Share => "share",
        }
    }
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a duration such as 10s, 500ms or 1m"))?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        _ => return Err(format!("unknown unit '{unit}': use ms, s or m")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| format!("'{s}': {e}"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let threads = args
        .threads
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(2);
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("microcred-loadgen: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match rt.block_on(run(args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("microcred-loadgen: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs every scenario; `Ok(false)` when any request failed.
async fn run(args: Args) -> Result<bool> {
    if args.connections == 0 {
        bail!("--connections must be at least 1");
    }
    if args.duration.is_zero() {
        bail!("--duration must be more than zero");
    }
    let target = Target::parse(&args.url)?;
    let health = call(&target, Method::GET, "/healthz", &[], None)
        .await
        .with_context(|| format!("is the server running at {}?", args.url))?;
    health.expect_json(StatusCode::OK)?;

    let token = token(&args)?;
    let award = award(&args)?;
    let mut results = Vec::new();
    // The server's peak RSS over the whole run, set-up included, in KiB.
    let mut lifetime_peak = 0;
    let mut reset_peak = !args.no_reset_peak;
    for &scenario in &args.scenario {
        let plan = Arc::new(prepare(&target, scenario, &token, &award).await?);
        if let Some(pid) = args.server_pid {
            lifetime_peak = lifetime_peak.max(procfs::sample(pid)?.vm_hwm_kib);
            if reset_peak {
                if let Err(e) = procfs::reset_peak(pid) {
                    eprintln!("{e:#}; memory figures are peaks since the server started");
                    reset_peak = false;
                }
            }
        }
        eprintln!(
            "{}: {} connections, {:?} warm-up, {:?} measured",
            scenario.name(),
            args.connections,
            args.warmup,
            args.duration
        );
        let r = load(&target, scenario, plan, &args).await?;
        r.print_detail();
        results.push(r);
    }
    println!();
    print_table(&results, args.server_pid.is_some());
    if let Some(pid) = args.server_pid {
        let s = procfs::sample(pid)?;
        lifetime_peak = lifetime_peak.max(s.vm_hwm_kib);
        let mib = |k: u64| k as f64 / 1024.0;
        let under_load = results.iter().filter_map(|r| r.server_hwm_kib).max();
        println!();
        if let (true, Some(l)) = (reset_peak, under_load) {
            println!(
                "server peak RSS under load (VmHWM, reset after each set-up): {:.1} MiB",
                mib(l)
            );
        }
        println!(
            "server peak RSS over the whole run, set-up included (VmHWM): {:.1} MiB; RSS now {:.1} MiB",
            mib(lifetime_peak),
            mib(s.vm_rss_kib)
        );
    }
    Ok(results.iter().all(|r| r.failures() == 0))
}

/// The bearer token: given, or made with the microcred binary in the issuer directory.
fn token(args: &Args) -> Result<String> {
    if let Some(t) = &args.token {
        return Ok(t.trim().to_string());
    }
    let data = args.issuer_data.as_ref().ok_or_else(|| {
        anyhow!("give --token, or --issuer-data DIR (the server's DATA/issuer) to create one")
    })?;
    let bin = match &args.microcred {
        Some(b) => b.clone(),
        None => std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join("microcred")))
            .filter(|p| p.exists())
            .unwrap_or_else(|| PathBuf::from("microcred")),
    };
    let out = Command::new(&bin)
        .args(["issuer", "token", "create", "--name", "loadgen", "--data"])
        .arg(data)
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    if !out.status.success() {
        bail!(
            "{} issuer token create failed: {}",
            bin.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let text = String::from_utf8(out.stdout).context("the token is not text")?;
    let t = text.lines().next().unwrap_or_default().trim().to_string();
    if t.is_empty() {
        bail!("{} issuer token create printed no token", bin.display());
    }
    Ok(t)
}

fn award(args: &Args) -> Result<Value> {
    let text = match &args.award {
        Some(p) => {
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?
        }
        None => AWARD.to_string(),
    };
    let mut v: Value = serde_json::from_str(&text).context("the award is not JSON")?;
    let obj = v
        .as_object_mut()
        .ok_or_else(|| anyhow!("the award is not a JSON object"))?;
    obj.remove("$schema");
    Ok(v)
}

/// Sets a scenario up through the API and returns the request to repeat.
async fn prepare(
    target: &Target,
    scenario: Scenario,
    token: &str,
    award: &Value,
) -> Result<Template> {
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];
    let template = match scenario {
        Scenario::VerifyJwt | Scenario::VerifyDi => {
            let format = if scenario == Scenario::VerifyJwt {
                "jwt"
            } else {
                "di"
            };
            let body = json!({
                "specification": SPEC,
                "award": award,
                "options": { "format": format },
            });
            let issued = call(
                target,
                Method::POST,
                "/credentials/issue",
                &auth,
                Some(&body),
            )
            .await?
            .expect_json(StatusCode::CREATED)?;
            let vc = issued
                .get("verifiableCredential")
                .filter(|v| v.is_object())
                .ok_or_else(|| anyhow!("/credentials/issue returned no verifiableCredential"))?;
            // JWT: the EnvelopedVerifiableCredential object as VC-API returns it.
            let body = json!({ "verifiableCredential": vc });
            Template::new(
                target,
                Method::POST,
                "/credentials/verify",
                &[],
                Some(&body),
            )?
        }
        Scenario::Share => {
            let path = share_link(target, &auth, award).await?;
            Template::new(target, Method::GET, &path, &[], None)?
        }
    };
    // One request first: a scenario that fails at once is a set-up error, not a result.
    let mut conn = Conn::open(target).await?;
    match conn.send(template.request()).await {
        Ok((status, _, _)) if status.is_success() => Ok(template),
        Ok((status, _, body)) => bail!(
            "{}: the first {} {} got {status}: {}",
            scenario.name(),
            template.method,
            template.uri,
            String::from_utf8_lossy(&body)
        ),
        Err(SendError::Closed) => bail!("{}: the server closed the connection", scenario.name()),
        Err(SendError::Failed(e)) => Err(e.context(scenario.name())),
    }
}

/// A fresh wallet account accepts an SD-JWT offer and shares it; returns `/s/{token}`.
async fn share_link(target: &Target, auth: &[(&str, &str)], award: &Value) -> Result<String> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let user = json!({
        "username": format!("loadgen-{}-{stamp}", std::process::id()),
        "password": "correct horse battery",
    });
    call(
        target,
        Method::POST,
        "/wallet/api/register",
        &[],
        Some(&user),
    )
    .await?
    .expect_json(StatusCode::CREATED)?;
    let login = call(target, Method::POST, "/wallet/api/login", &[], Some(&user)).await?;
    let session = login.expect_json(StatusCode::OK)?;
    let csrf = session["csrfToken"]
        .as_str()
        .ok_or_else(|| anyhow!("login returned no csrfToken"))?
        .to_string();
    let cookie = login
        .headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with("mc_session="))
        .ok_or_else(|| anyhow!("login set no mc_session cookie"))?
        .to_string();
    let offer = json!({ "specification": SPEC, "award": award, "format": "sd-jwt" });
    let offer = call(target, Method::POST, "/offers", auth, Some(&offer))
        .await?
        .expect_json(StatusCode::CREATED)?;
    let offer_uri = offer["offerUri"]
        .as_str()
        .ok_or_else(|| anyhow!("/offers returned no offerUri"))?;
    let session_headers = [(COOKIE.as_str(), cookie.as_str()), ("x-csrf-token", &csrf)];
    let accepted = call(
        target,
        Method::POST,
        "/wallet/api/offers/accept",
        &session_headers,
        Some(&json!({ "offerUri": offer_uri })),
    )
    .await?
    .expect_json(StatusCode::CREATED)?;
    let id = accepted["entry"]["id"]
        .as_str()
        .ok_or_else(|| anyhow!("accepting the offer returned no entry.id"))?;
    let share = call(
        target,
        Method::POST,
        "/wallet/api/shares",
        &session_headers,
        Some(&json!({ "credentials": [id], "expires": "30d" })),
    )
    .await?
    .expect_json(StatusCode::CREATED)?;
    let url = share["url"]
        .as_str()
        .ok_or_else(|| anyhow!("/wallet/api/shares returned no url"))?;
    // The link names the server's public address; the path is what we request.
    let path = url
        .find("/s/")
        .map(|i| &url[i..])
        .ok_or_else(|| anyhow!("the share url has no /s/ path: {url}"))?;
    Ok(path.to_string())
}

#[derive(Default)]
struct WorkerStats {
    hist: Histogram,
    /// Responses other than 2xx by status.
    statuses: Vec<(u16, u64)>,
    /// A body of the first non-2xx response, to show what went wrong.
    sample: Option<String>,
    errors: u64,
    timeouts: u64,
    first_error: Option<String>,
    connects: u64,
}

impl WorkerStats {
    fn status(&mut self, s: StatusCode, body: &[u8]) {
        let code = s.as_u16();
        match self.statuses.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => self.statuses.push((code, 1)),
        }
        if self.sample.is_none() {
            let text = String::from_utf8_lossy(&body[..body.len().min(300)]);
            self.sample = Some(format!("{code}: {text}"));
        }
    }

    fn merge(&mut self, o: WorkerStats) {
        self.hist.merge(&o.hist);
        for (c, n) in o.statuses {
            match self.statuses.iter_mut().find(|(k, _)| *k == c) {
                Some((_, m)) => *m += n,
                None => self.statuses.push((c, n)),
            }
        }
        self.sample = self.sample.take().or(o.sample);
        self.errors += o.errors;
        self.timeouts += o.timeouts;
        self.first_error = self.first_error.take().or(o.first_error);
        self.connects += o.connects;
    }
}

/// One connection: requests back to back until `end`. Only requests that start after
/// `measure_from` and finish by `end` are counted.
async fn worker(
    target: Arc<Target>,
    plan: Arc<Template>,
    measure_from: Instant,
    end: Instant,
    timeout: Duration,
) -> WorkerStats {
    let mut st = WorkerStats::default();
    let mut conn: Option<Conn> = None;
    while Instant::now() < end {
        let c = match conn.take().filter(|c| !c.is_closed()) {
            Some(c) => conn.insert(c),
            None => match Conn::open(&target).await {
                Ok(c) => {
                    st.connects += 1;
                    conn.insert(c)
                }
                Err(e) => {
                    if Instant::now() >= measure_from {
                        st.errors += 1;
                        st.first_error.get_or_insert_with(|| format!("{e:#}"));
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let started = Instant::now();
        let result = tokio::time::timeout(timeout, c.send(plan.request())).await;
        let done = Instant::now();
        let counted = started >= measure_from && done <= end;
        match result {
            Ok(Ok((status, _, body))) => {
                if counted {
                    if status.is_success() {
                        let us = done.duration_since(started).as_micros();
                        st.hist.record(u64::try_from(us).unwrap_or(u64::MAX));
                    } else {
                        st.status(status, &body);
                    }
                }
            }
            Ok(Err(SendError::Closed)) => conn = None,
            Ok(Err(SendError::Failed(e))) => {
                conn = None;
                if counted {
                    st.errors += 1;
                    st.first_error.get_or_insert_with(|| format!("{e:#}"));
                }
            }
            Err(_) => {
                conn = None;
                if counted {
                    st.timeouts += 1;
                }
            }
        }
    }
    st
}

struct Outcome {
    scenario: Scenario,
    connections: usize,
    seconds: f64,
    stats: WorkerStats,
    /// Share of one core the server used while measured (1.0 = one core busy).
    server_cpu: Option<f64>,
    loadgen_cpu: Option<f64>,
    /// What the rest of the machine used meanwhile: other processes, interrupts. More
    /// than a few per cent means the figures were disturbed.
    other_cpu: Option<f64>,
    server_hwm_kib: Option<u64>,
    /// The server's RSS when the load ended.
    server_rss_kib: Option<u64>,
}

impl Outcome {
    fn non_2xx(&self) -> u64 {
        self.stats.statuses.iter().map(|(_, n)| n).sum()
    }

    fn failures(&self) -> u64 {
        self.non_2xx() + self.stats.errors + self.stats.timeouts
    }

    fn rate(&self) -> f64 {
        self.stats.hist.count() as f64 / self.seconds
    }

    fn print_detail(&self) {
        let h = &self.stats.hist;
        let ms = |us: u64| us as f64 / 1000.0;
        eprintln!(
            "  {} ok in {:.2} s = {:.0} req/s; latency ms: mean {:.2}, p50 {:.2}, p90 {:.2}, p99 {:.2}, p99.9 {:.2}, max {:.2}; connections opened {}",
            h.count(),
            self.seconds,
            self.rate(),
            h.mean() / 1000.0,
            ms(h.quantile(0.50)),
            ms(h.quantile(0.90)),
            ms(h.quantile(0.99)),
            ms(h.quantile(0.999)),
            ms(h.max()),
            self.stats.connects,
        );
        if let (Some(s), Some(l)) = (self.server_cpu, self.loadgen_cpu) {
            eprintln!(
                "  CPU: server {:.0} %, load generator {:.0} %, everything else {:.0} % (100 % = one core)",
                s * 100.0,
                l * 100.0,
                self.other_cpu.unwrap_or(0.0) * 100.0
            );
        }
        if let Some(o) = self.other_cpu.filter(|o| *o > OTHER_CPU_WARN) {
            eprintln!(
                "  WARNING: other processes used {:.0} % of a core while measuring: these figures are disturbed",
                o * 100.0
            );
        }
        if self.failures() > 0 {
            let mut statuses = self.stats.statuses.clone();
            statuses.sort_unstable();
            eprintln!(
                "  FAILED: non-2xx {statuses:?}, transport errors {}, timeouts {}",
                self.stats.errors, self.stats.timeouts
            );
            if let Some(s) = &self.stats.sample {
                eprintln!("  first non-2xx: {s}");
            }
            if let Some(e) = &self.stats.first_error {
                eprintln!("  first error: {e}");
            }
            if self.scenario == Scenario::Share
                && self.stats.statuses.iter().any(|(c, _)| *c == 429)
            {
                eprintln!("  429: share links are rate-limited per address; start the server with --share-rate 1000000");
            }
        }
    }
}

async fn load(
    target: &Target,
    scenario: Scenario,
    plan: Arc<Template>,
    args: &Args,
) -> Result<Outcome> {
    let target = Arc::new(target.clone());
    let start = Instant::now();
    let measure_from = start + args.warmup;
    let end = measure_from + args.duration;
    let tasks: Vec<_> = (0..args.connections)
        .map(|_| {
            tokio::spawn(worker(
                target.clone(),
                plan.clone(),
                measure_from,
                end,
                args.timeout,
            ))
        })
        .collect();

    tokio::time::sleep_until(measure_from).await;
    let server_before = args.server_pid.map(procfs::sample).transpose()?;
    let self_before = procfs::self_cpu_ticks().ok();
    let machine_before = procfs::machine_busy_ticks().ok();
    let measured_at = Instant::now();
    tokio::time::sleep_until(end).await;
    let seconds_cpu = measured_at.elapsed().as_secs_f64();
    let server_after = args.server_pid.map(procfs::sample).transpose()?;
    let self_after = procfs::self_cpu_ticks().ok();
    let machine_after = procfs::machine_busy_ticks().ok();

    let mut stats = WorkerStats::default();
    for t in tasks {
        stats.merge(t.await.context("a worker panicked")?);
    }
    // Memory after the last response, so the peak covers the whole load.
    let server_end = args.server_pid.map(procfs::sample).transpose()?;
    let share = |ticks: u64| ticks as f64 / procfs::TICKS_PER_SEC / seconds_cpu;
    Ok(Outcome {
        scenario,
        connections: args.connections,
        seconds: args.duration.as_secs_f64(),
        stats,
        server_cpu: server_before
            .zip(server_after)
            .map(|(b, a)| share(a.cpu_ticks.saturating_sub(b.cpu_ticks))),
        loadgen_cpu: self_before
            .zip(self_after)
            .map(|(b, a)| share(a.saturating_sub(b))),
        server_hwm_kib: server_end.map(|s| s.vm_hwm_kib),
        server_rss_kib: server_end.map(|s| s.vm_rss_kib),
        // Without the server's own figure, the server would count as "other".
        other_cpu: machine_before
            .zip(machine_after)
            .filter(|_| args.server_pid.is_some())
            .map(|(b, a)| {
                let machine = a.saturating_sub(b);
                let ours = self_after
                    .zip(self_before)
                    .map_or(0, |(a, b)| a.saturating_sub(b));
                let server = server_after
                    .zip(server_before)
                    .map_or(0, |(a, b)| a.cpu_ticks.saturating_sub(b.cpu_ticks));
                share(machine.saturating_sub(ours + server))
            }),
    })
}

fn print_table(results: &[Outcome], server: bool) {
    let mut head = String::from(
        "| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |",
    );
    let mut rule = String::from("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    if server {
        head.push_str(" server CPU | loadgen CPU | other CPU | server peak MiB | server RSS MiB |");
        rule.push_str("--:|--:|--:|--:|--:|");
    }
    println!("{head}\n{rule}");
    for r in results {
        let h = &r.stats.hist;
        let ms = |us: u64| us as f64 / 1000.0;
        let mut row = format!(
            "| {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |",
            r.scenario.name(),
            r.connections,
            r.rate(),
            ms(h.quantile(0.50)),
            ms(h.quantile(0.90)),
            ms(h.quantile(0.99)),
            ms(h.max()),
            r.non_2xx(),
            r.stats.errors + r.stats.timeouts,
        );
        if server {
            let pct = |v: Option<f64>| v.map_or("-".into(), |v| format!("{:.0} %", v * 100.0));
            let mib =
                |k: Option<u64>| k.map_or("-".into(), |k| format!("{:.1}", k as f64 / 1024.0));
            row.push_str(&format!(
                " {} | {} | {} | {} | {} |",
                pct(r.server_cpu),
                pct(r.loadgen_cpu),
                pct(r.other_cpu),
                mib(r.server_hwm_kib),
                mib(r.server_rss_kib),
            ));
        }
        println!("{row}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("10h").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn the_award_parses() -> Result<()> {
        let v: Value = serde_json::from_str(AWARD)?;
        assert_eq!(v["specification"], SPEC);
        Ok(())
    }
}

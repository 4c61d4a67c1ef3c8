//! Test support: a tiny HTTP server on 127.0.0.1 that serves what a closure returns, so
//! the real binary can fetch status lists, DID documents and credentials over a socket.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

type Handler = dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync;

pub struct Server {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds a free port; `handler` maps a request path to a body (404 when `None`).
    pub fn bind() -> (TcpListener, SocketAddr) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        (listener, addr)
    }

    pub fn serve(
        listener: TcpListener,
        handler: impl Fn(&str) -> Option<Vec<u8>> + Send + Sync + 'static,
    ) -> Server {
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handler: Arc<Handler> = Arc::new(handler);
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = conn {
                    let h = handler.clone();
                    std::thread::spawn(move || answer(stream, &*h));
                }
            }
        });
        Server {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer(mut stream: TcpStream, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let request = String::from_utf8_lossy(&buf);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (status, body) = match handler(&path) {
        Some(b) => ("200 OK", b),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

// ------------------------------------------------------------ the binary and a provider

use microcred_core::did;
use microcred_core::keys::SecretKey;
use serde_json::{json, Value};

pub const HOLDER_SEED: [u8; 32] = [5; 32];

pub use microcred_testkit::repo;

pub fn microcred(args: &[&str]) -> Output {
    microcred_with_stdin(args, None)
}

thread_local! {
    /// The loopback origin of the provider this test started: the one the binary may
    /// fetch from (its fetch policy refuses loopback; debug builds take one test origin).
    static ORIGIN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Lets the binaries this thread runs fetch from `origin` (`http://127.0.0.1:PORT`).
pub fn allow_test_origin(origin: &str) {
    ORIGIN.with(|o| *o.borrow_mut() = Some(origin.to_string()));
}

/// The binary with a clean environment (`microcred_testkit::cli::command`), allowed to
/// fetch from the origin [`allow_test_origin`] set on this thread.
pub fn command() -> Command {
    let mut cmd = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"));
    if let Some(origin) = ORIGIN.with(|o| o.borrow().clone()) {
        cmd.env("MICROCRED_TEST_ONLY_LOOPBACK_ORIGIN", origin);
    }
    cmd
}

/// A `microcred serve` on a free loopback port, stopped when dropped. Each test waits
/// for it in its own way (health answer, socket, files).
pub struct Serve {
    pub child: std::process::Child,
    pub port: u16,
    pub base: String,
}

impl Serve {
    /// Starts `microcred serve --data DIR`, its log at `warn` sent to `stderr`.
    pub fn spawn(data: &Path, stderr: Stdio) -> Serve {
        let port = microcred_testkit::cli::free_port();
        let child = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
            .args(["serve", "--data"])
            .arg(data)
            .env("MICROCRED_LISTEN", format!("127.0.0.1:{port}"))
            .env("MICROCRED_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("start microcred serve");
        Serve {
            child,
            port,
            base: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn microcred_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run microcred");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        out(o),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn expect_exit(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "{}", describe(o));
    out(o)
}

/// A did:web issuer on 127.0.0.1:PORT, its DID document and status lists served live
/// from its data directory, plus any file put under `files/` at `/c/NAME`.
pub struct Provider {
    pub tmp: tempfile::TempDir,
    pub data: PathBuf,
    pub did: String,
    pub server: Option<Server>,
}

impl Provider {
    pub fn start() -> Provider {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("issuer");
        let files = tmp.path().join("files");
        std::fs::create_dir_all(&files).unwrap();
        let (listener, addr) = Server::bind();
        allow_test_origin(&format!("http://{addr}"));
        let did = out(&microcred(&[
            "issuer",
            "init",
            "--data",
            data.to_str().unwrap(),
            "--name",
            "Testiopisto",
            "--legal-id",
            "1234567-1",
            "--country",
            "FI",
            "--did-web",
            &addr.to_string(),
            "--base-url",
            &format!("http://{addr}"),
        ]))
        .trim()
        .to_string();
        assert!(did.starts_with("did:web:127.0.0.1%3A"), "{did}");
        let root = data.clone();
        let server = Server::serve(listener, move |path| {
            let file = if path == "/.well-known/did.json" {
                root.join("did.json")
            } else if let Some(rest) = path.strip_prefix("/status/") {
                let (purpose, n) = rest.split_once('/')?;
                if purpose == "token" {
                    root.join("status").join(format!("token-{n}.jwt"))
                } else {
                    root.join("status").join(format!("{purpose}-{n}.json"))
                }
            } else if let Some(name) = path.strip_prefix("/c/") {
                root.parent()?.join("files").join(name)
            } else {
                return None;
            };
            std::fs::read(file).ok()
        });
        Provider {
            tmp,
            data,
            did,
            server: Some(server),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    pub fn issue(&self, format: &str) -> PathBuf {
        let holder = did::did_key(SecretKey::from_seed(&HOLDER_SEED).public());
        self.issue_for(format, &holder, "tapahtumatekniikan-osaajaksi", "maija")
    }

    /// Issues Maija's example award under `examples/{spec}.json` to the holder DID `holder`
    /// in `format`; the file is served at `/c/{name}.{format}`.
    pub fn issue_for(&self, format: &str, holder: &str, spec: &str, name: &str) -> PathBuf {
        let spec_path = repo().join(format!("examples/{spec}.json"));
        let award: Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join("examples/awards/tapahtumatekniikka-maija.json"))
                .unwrap(),
        )
        .unwrap();
        self.issue_with(format, holder, &spec_path, award, name)
    }

    /// The smallest real credential: the data-visualisation course in English only, without
    /// optional elements, to a learner named and nothing more.
    pub fn issue_compact(&self, format: &str, holder: &str, name: &str) -> PathBuf {
        let mut spec: Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join("examples/datan-visualisointi-5op.json")).unwrap(),
        )
        .unwrap();
        fn english(v: &mut Value) {
            if let Value::Object(m) = v {
                if m.contains_key("en") && m.contains_key("fi") {
                    m.retain(|k, _| k == "en");
                    return;
                }
                m.values_mut().for_each(english);
            } else if let Value::Array(a) = v {
                a.iter_mut().for_each(english);
            }
        }
        english(&mut spec);
        let obj = spec.as_object_mut().unwrap();
        for k in [
            "$schema",
            "prerequisites",
            "supervision",
            "gradingScheme",
            "integration",
        ] {
            obj.remove(k);
        }
        obj.insert("languages".into(), json!(["en"]));
        let spec_path = self.path("compact-spec.json");
        std::fs::write(&spec_path, spec.to_string()).unwrap();
        let award = json!({"specification": "datan-visualisointi-5op", "learner": {"name": "Maija Meikäläinen"}, "issued": "2026-05-29"});
        self.issue_with(format, holder, &spec_path, award, name)
    }

    pub fn issue_with(
        &self,
        format: &str,
        holder: &str,
        spec_path: &Path,
        mut award: Value,
        name: &str,
    ) -> PathBuf {
        let spec = spec_path.file_stem().unwrap().to_string_lossy().to_string();
        let spec_json: Value =
            serde_json::from_str(&std::fs::read_to_string(spec_path).unwrap()).unwrap();
        award["specification"] = spec_json["id"].clone();
        award["learner"]["did"] = json!(holder);
        match spec_json["gradingScheme"]["grades"][0]["value"].as_str() {
            Some(g) => award["grade"] = json!(g),
            None => {
                award.as_object_mut().unwrap().remove("grade");
            }
        }
        let award_file = self.path(&format!("award-{spec}-{format}-{name}.json"));
        std::fs::write(&award_file, award.to_string()).unwrap();
        let file = self
            .tmp
            .path()
            .join("files")
            .join(format!("{name}.{format}"));
        let o = microcred(&[
            "issuer",
            "issue",
            "--data",
            self.data.to_str().unwrap(),
            "--spec",
            spec_path.to_str().unwrap(),
            "--award",
            award_file.to_str().unwrap(),
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ]);
        expect_exit(&o, 0);
        file
    }

    pub fn trust_list(&self) -> PathBuf {
        let path = self.path("trust-list.json");
        let list = json!({"name": "Testilista", "issuers": [{
            "did": self.did, "legalName": "Testiopisto Oy", "country": "FI", "legalIdentifier": "1234567-1"
        }]});
        std::fs::write(&path, list.to_string()).unwrap();
        path
    }

    pub fn record_id(&self) -> String {
        let o = microcred(&[
            "issuer",
            "list",
            "--data",
            self.data.to_str().unwrap(),
            "--json",
        ]);
        let v: Value = serde_json::from_str(&expect_exit(&o, 0)).unwrap();
        v.as_array().unwrap().last().unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// The text of the one QR code in a PNG (greyscale or colour, as screenshots are).
pub fn decode_png(path: &Path) -> String {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.line_size / w;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        buf[y * info.line_size + x * channels]
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in {}", path.display());
    grids[0].decode().unwrap().1
}

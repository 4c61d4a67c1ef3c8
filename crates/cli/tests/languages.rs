//! No English for a Finnish or Swedish user: every command's `--help`, common failures of
//! the commands, and every page of `microcred serve` (signed out, as a provider and as a
//! learner, with the pages they link to) and the API errors a person reads, in `fi` and
//! `sv`, with the text a person sees run through a small detector of English sentences.
//!
//! The detector flags a run of at least three words in which at least two are common
//! English function words ("the", "and", "is", "to", …): Finnish and Swedish sentences
//! almost never have two of them, English ones almost always do. What may stay English is
//! an allow-list of proper names and standard names; codes, URLs, DIDs and whatever the
//! page marks `lang="en"` (the English text of a specification shown beside the others)
//! are not sentences in the user's language and are left out before the check.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{repo, Serve};

const LANGS: [&str; 2] = ["fi", "sv"];

const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "is", "are", "not", "of", "to", "a", "this", "that", "with", "for", "your",
    "you", "was", "be", "has", "have", "can", "cannot", "from", "by",
];

/// Proper names and standard names that stay as they are in every language.
const ALLOWED: &[&str] = &[
    "Open Badges",
    "Verifiable Credentials",
    "Verifiable Credential",
    "OpenID for Verifiable Credential Issuance",
    "OpenID for Verifiable Presentations",
    "OpenID4VP",
    "OpenID4VCI",
    "European Learning Model",
    "European Digital Credentials for Learning",
    "EuropeanDigitalCredential",
    "Data Integrity",
    "Bitstring Status List",
    "Token Status List",
    "EU Digital Identity Wallet",
    "EU Digital Identity Wallets",
    "Web Content Accessibility Guidelines",
];

// ------------------------------------------------------------------ the detector

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text without what may stay English: allowed names, URLs, DIDs, e-mail addresses,
/// `code` in backticks, and command-line options.
fn without_allowed(text: &str) -> String {
    let mut t = text.to_string();
    for name in ALLOWED {
        t = t.replace(name, " ");
    }
    let mut out = String::with_capacity(t.len());
    let mut in_code = false;
    for part in t.split('`') {
        if !in_code {
            out.push_str(part);
        }
        out.push(' ');
        in_code = !in_code;
    }
    out.split_whitespace()
        .filter(|w| {
            !(w.contains("://")
                || w.chars().any(|c| c.is_ascii_digit())
                || w.contains("did:")
                || w.contains('@')
                || w.starts_with("--")
                || w.starts_with('$')
                || w.starts_with('/'))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sentences of `text` that look English.
fn english(text: &str) -> Vec<String> {
    let mut hits = Vec::new();
    // A line marked "(en)" is a text's English version shown beside the user's own.
    let kept: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("(en)"))
        .map(without_allowed)
        .collect::<Vec<_>>()
        .join("\n");
    for sentence in kept.split(['.', '!', '?', ';', ':', '\n', '|', '•', '—', '(', ')']) {
        let w = words(sentence);
        if w.len() < 3 {
            continue;
        }
        let window = w.len().min(8);
        let flagged = w.windows(window).any(|run| {
            run.iter()
                .filter(|x| FUNCTION_WORDS.contains(&x.as_str()))
                .count()
                >= 2
        });
        if flagged {
            hits.push(sentence.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    hits
}

#[test]
fn the_detector_finds_english_and_only_english() {
    assert_eq!(
        english("Tallenna. The file is not a credential."),
        vec!["The file is not a credential"]
    );
    assert!(english("redeeming the offer: HTTP 400 the transaction code is wrong").len() == 1);
    for ok in [
        "Pieni osaamiskokonaisuus on voimassa 5 vuotta.",
        "Intyget är äkta och giltigt. Det har utfärdats av Testiopisto.",
        "Todistus on Open Badges 3.0 -muotoinen, ks. https://example.fi/the/path-to-a",
        "Kör `microcred issuer user add --data the-dir` för att skapa ett konto.",
        "to 3.12.2026 klo 14.00",
    ] {
        assert!(english(ok).is_empty(), "{ok}: {:?}", english(ok));
    }
}

// ------------------------------------------------------------------ HTML to text

const BLOCK: &[&str] = &[
    "p",
    "div",
    "li",
    "td",
    "th",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "form",
    "label",
    "button",
    "option",
    "select",
    "br",
    "fieldset",
    "legend",
    "summary",
    "details",
    "title",
    "figcaption",
    "figure",
    "caption",
    "aside",
    "input",
    "textarea",
    "hr",
    "body",
    "head",
    "html",
    "output",
    "small",
    "img",
    "svg",
];
/// Contents that are not sentences of the page: scripts, styles, code, preformatted data
/// and what the user typed into a text area (shown back to them as they wrote it).
const SKIP: &[&str] = &[
    "script", "style", "code", "pre", "kbd", "samp", "svg", "textarea",
];
/// Attributes whose values a person reads (or hears).
const READ_ATTRS: &[&str] = &[
    "title",
    "placeholder",
    "aria-label",
    "alt",
    "aria-description",
];

fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(';').filter(|&e| e < 12);
        match end {
            Some(e) => {
                let ent = &after[1..e];
                let ch = match ent {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                        u32::from_str_radix(&ent[2..], 16)
                            .ok()
                            .and_then(char::from_u32)
                    }
                    _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                    _ => None,
                };
                match ch {
                    Some(c) => {
                        out.push(c);
                        rest = &after[e + 1..];
                    }
                    None => {
                        out.push('&');
                        rest = &after[1..];
                    }
                }
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest[..i].chars().last().is_some_and(|c| c.is_whitespace());
        let after = &rest[i + name.len()..];
        if before_ok {
            if let Some(v) = after.trim_start().strip_prefix('=') {
                let v = v.trim_start();
                let (q, body) = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => (q, &v[1..]),
                    _ => {
                        let end = v.find(char::is_whitespace).unwrap_or(v.len());
                        return Some(decode(&v[..end]));
                    }
                };
                let end = body.find(q).unwrap_or(body.len());
                return Some(decode(&body[..end]));
            }
        }
        rest = after;
    }
    None
}

/// The text a person reads on a page, one block (paragraph, cell, button, …) a line, and
/// the links it has.
fn page_text(html: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut links = Vec::new();
    let mut skip: Vec<String> = Vec::new();
    let mut rest = html;
    loop {
        let Some(lt) = rest.find('<') else {
            if skip.is_empty() {
                text.push_str(&decode(rest));
            }
            break;
        };
        if skip.is_empty() {
            text.push_str(&decode(&rest[..lt]));
        }
        let after = &rest[lt + 1..];
        if after.starts_with("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let tag = tag.trim_start_matches('/');
        let self_closing = tag.ends_with('/');
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        let attrs = &tag[name_end..];
        if let Some(top) = skip.last() {
            if closing && *top == name {
                skip.pop();
            } else if !closing && !self_closing && *top == name {
                skip.push(name);
            }
            continue;
        }
        if closing {
            if BLOCK.contains(&name.as_str()) {
                text.push('\n');
            } else {
                text.push(' ');
            }
            continue;
        }
        let lang_en = attr(attrs, "lang").is_some_and(|l| l.starts_with("en"));
        let void = matches!(
            name.as_str(),
            "input" | "br" | "img" | "meta" | "link" | "hr" | "source" | "col" | "wbr"
        );
        if (SKIP.contains(&name.as_str()) || (lang_en && name != "html")) && !self_closing && !void
        {
            skip.push(name);
            continue;
        }
        if name == "a" {
            if let Some(href) = attr(attrs, "href") {
                links.push(href);
            }
        }
        if !lang_en {
            for a in READ_ATTRS {
                if let Some(v) = attr(attrs, a) {
                    text.push('\n');
                    text.push_str(&v);
                    text.push('\n');
                }
            }
            if name == "input"
                && attr(attrs, "type").is_some_and(|t| t == "submit" || t == "button")
            {
                if let Some(v) = attr(attrs, "value") {
                    text.push('\n');
                    text.push_str(&v);
                    text.push('\n');
                }
            }
        }
        text.push(if BLOCK.contains(&name.as_str()) {
            '\n'
        } else {
            ' '
        });
    }
    (text, links)
}

#[test]
fn page_text_is_what_a_person_reads() {
    let (t, links) = page_text(
        "<html lang=\"fi\"><title>Otsikko</title><script>var the = 'is a'</script><p>Tämä <b>on</b> \
         teksti &amp; <a href=\"/x?a=1\" title=\"Avaa\">linkki</a></p><div lang=\"en\"><p>The \
         English title is shown</p></div><code>the is a</code><input type=submit value=\"Lähetä\"></html>",
    );
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(t.contains("Tämä on teksti &"), "{t}");
    assert!(t.contains("Avaa") && t.contains("Lähetä") && t.contains("Otsikko"));
    assert!(!t.contains("English") && !t.contains("the is"), "{t}");
    assert_eq!(links, vec!["/x?a=1"]);
}

/// What looks English in the strings of a JSON value (an API error a person reads).
fn json_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        // A string without a space is a code (`not-a-credential`), not a sentence.
        Value::String(s) if s.trim().contains(' ') => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// Every hit, each with where it was found.
#[derive(Default)]
struct Findings(BTreeSet<String>);

impl Findings {
    fn check(&mut self, place: &str, text: &str) {
        for hit in english(text) {
            self.0.insert(format!("{place}: «{hit}»"));
        }
    }
}

// ------------------------------------------------------------------ the commands

fn microcred(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"));
    cmd.args(args).stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run microcred")
}

/// The subcommand names listed under `Commands:` in an English `--help`: the clap tree as
/// the binary itself describes it, so a command added later is walked without a list here.
fn subcommands(path: &[String]) -> Vec<String> {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.extend(["--lang", "en", "--help"]);
    let o = microcred(&args, &[]);
    let help = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut names = Vec::new();
    let mut in_commands = false;
    for line in help.lines() {
        if line.starts_with("Commands:") {
            in_commands = true;
            continue;
        }
        if in_commands {
            if !line.starts_with("  ") {
                break;
            }
            if let Some(name) = line.split_whitespace().next() {
                if name != "help" {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

fn all_commands() -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    let mut queue: VecDeque<Vec<String>> = VecDeque::from([Vec::new()]);
    while let Some(path) = queue.pop_front() {
        for name in subcommands(&path) {
            let mut p = path.clone();
            p.push(name);
            out.push(p.clone());
            queue.push_back(p);
        }
    }
    out
}

fn output_text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `--help` of every command, `help COMMAND`, and the failures people meet most.
fn walk_commands(findings: &mut Findings) -> usize {
    let commands = all_commands();
    assert!(
        commands.len() > 40,
        "the walk found only {} commands",
        commands.len()
    );
    for lang in LANGS {
        for path in &commands {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.extend(["--lang", lang, "--help"]);
            let o = microcred(&args, &[]);
            assert!(o.status.success(), "{args:?}: {}", output_text(&o));
            findings.check(&format!("microcred {}", args.join(" ")), &output_text(&o));
            // The same through `help` and through the environment.
            let mut help = vec!["help"];
            help.extend(path.iter().map(String::as_str));
            let o = microcred(&help, &[("MICROCRED_LANG", lang)]);
            assert!(o.status.success(), "{help:?}: {}", output_text(&o));
            findings.check(
                &format!("MICROCRED_LANG={lang} microcred {}", help.join(" ")),
                &output_text(&o),
            );
        }
    }
    commands.len()
}

/// A command's arguments and the environment it runs with.
type Case<'a> = (Vec<&'a str>, &'a [(&'a str, &'a str)]);

fn walk_failures(findings: &mut Findings, dir: &Path) -> usize {
    let bad_json = dir.join("bad.json");
    std::fs::write(&bad_json, "{\"title\": ").unwrap();
    let not_spec = dir.join("not-a-spec.json");
    std::fs::write(&not_spec, "{\"id\": \"x\", \"title\": 5}").unwrap();
    let text = dir.join("hello.txt");
    std::fs::write(&text, "hello, this is not a credential").unwrap();
    let learners = dir.join("learners.csv");
    std::fs::write(&learners, "name,email\nMaija,maija@example.fi,extra\n").unwrap();
    let missing = dir.join("missing.json");
    let nodir = dir.join("no-such-dir");
    let wallet = dir.join("wallet");
    let issuer = dir.join("issuer");
    let (bad_json, not_spec, text, learners, missing, nodir, wallet, issuer) = (
        bad_json.to_str().unwrap(),
        not_spec.to_str().unwrap(),
        text.to_str().unwrap(),
        learners.to_str().unwrap(),
        missing.to_str().unwrap(),
        nodir.to_str().unwrap(),
        wallet.to_str().unwrap(),
        issuer.to_str().unwrap(),
    );
    let pass = [("MICROCRED_PASSPHRASE", "a long enough passphrase")];
    let short = [("MICROCRED_PASSPHRASE", "short")];
    let spec = "examples/datan-visualisointi-5op.json";
    let cases: Vec<Case> = vec![
        (vec!["frobnicate"], &[]),
        (vec!["issuer", "frobnicate"], &[]),
        (vec!["help", "frobnicate"], &[]),
        (vec!["verify", "--no-such-flag", missing], &[]),
        (vec!["verify"], &[]),
        (vec!["verify", missing, "--trust-list"], &[]),
        (
            vec![
                "issuer", "issue", "--data", nodir, "--spec", spec, "--format", "pdf",
            ],
            &[],
        ),
        (vec!["verify", missing], &[]),
        (vec!["verify", text], &[]),
        (vec!["verify", bad_json], &[]),
        (vec!["spec", "check", missing], &[]),
        (vec!["spec", "check", bad_json], &[]),
        (vec!["spec", "check", not_spec], &[]),
        (vec!["spec", "show", bad_json], &[]),
        (vec!["spec", "list", "--data", nodir], &[]),
        (vec!["issuer", "list", "--data", nodir], &[]),
        (vec!["issuer", "did", "--data", nodir], &[]),
        (
            vec![
                "issuer", "issue", "--data", nodir, "--spec", spec, "--award", missing,
            ],
            &[],
        ),
        (
            vec![
                "issuer", "revoke", "--data", nodir, "abc", "--reason", "virhe",
            ],
            &[],
        ),
        (vec!["issuer", "init", "--data", issuer], &[]),
        (vec!["wallet", "list", "--data", nodir], &pass),
        (vec!["wallet", "init", "--data", wallet], &short),
        (vec!["wallet", "import", "--data", nodir, missing], &pass),
        (
            vec![
                "wallet",
                "accept",
                "--data",
                nodir,
                "--offer",
                "not an offer",
            ],
            &pass,
        ),
    ];
    // With an issuer and a wallet that exist, the failures inside them.
    let mut n = cases.len();
    for lang in LANGS {
        for (args, env) in &cases {
            let mut a = args.clone();
            a.extend(["--lang", lang]);
            let o = microcred(&a, env);
            findings.check(&format!("microcred {}", a.join(" ")), &output_text(&o));
        }
    }
    let o = microcred(&["issuer", "init", "--data", issuer, "--demo"], &[]);
    assert!(o.status.success(), "{}", output_text(&o));
    let o = microcred(&["wallet", "init", "--data", wallet], &pass);
    assert!(o.status.success(), "{}", output_text(&o));
    let inside: Vec<Case> = vec![
        (
            vec![
                "issuer",
                "issue",
                "--data",
                issuer,
                "--spec",
                spec,
                "--learners",
                learners,
                "--out",
                dir.to_str().unwrap(),
            ],
            &[],
        ),
        (
            vec![
                "issuer", "issue", "--data", issuer, "--spec", bad_json, "--award", missing,
            ],
            &[],
        ),
        (
            vec!["issuer", "show", "--data", issuer, "no-such-credential"],
            &[],
        ),
        (
            vec![
                "issuer",
                "revoke",
                "--data",
                issuer,
                "no-such-credential",
                "--reason",
                "virhe",
            ],
            &[],
        ),
        (
            vec!["issuer", "renew", "--data", issuer, "no-such-credential"],
            &[],
        ),
        (
            vec![
                "issuer",
                "template",
                "--data",
                issuer,
                "--spec",
                "no-such-spec",
                "--out",
                "x.csv",
            ],
            &[],
        ),
        (vec!["issuer", "init", "--data", issuer, "--demo"], &[]),
        (vec!["spec", "publish", "--data", issuer, bad_json], &[]),
        (vec!["spec", "new", "--data", issuer, "Bad Id!"], &[]),
        (
            vec!["spec", "new-version", "--data", issuer, "no-such-spec"],
            &[],
        ),
        (
            vec!["wallet", "show", "--data", wallet, "no-such-credential"],
            &pass,
        ),
        (vec!["wallet", "import", "--data", wallet, text], &pass),
        (vec!["wallet", "import", "--data", wallet, bad_json], &pass),
        (
            vec!["wallet", "list", "--data", wallet],
            &[("MICROCRED_PASSPHRASE", "a wrong passphrase!")],
        ),
        (
            vec!["wallet", "unshare", "--data", wallet, "no-such-token"],
            &pass,
        ),
        (
            vec!["wallet", "restore", "--data", nodir, "--backup", missing],
            &pass,
        ),
    ];
    n += inside.len();
    for lang in LANGS {
        for (args, env) in &inside {
            let mut a = args.clone();
            a.extend(["--lang", lang]);
            let o = microcred(&a, env);
            findings.check(&format!("microcred {}", a.join(" ")), &output_text(&o));
        }
    }
    // And what the commands say when all goes well: a provider's and a learner's day.
    for lang in LANGS {
        let cred = dir.join(format!("credential-{lang}.json"));
        let cred = cred.to_str().unwrap();
        let template = dir.join(format!("template-{lang}.csv"));
        let template = template.to_str().unwrap();
        let award = "examples/awards/tapahtumatekniikka-maija.json";
        let day: Vec<Case> = vec![
            (
                vec![
                    "spec",
                    "validate",
                    "examples/terveydenhuollon-sihteeri.json",
                    spec,
                ],
                &[],
            ),
            (vec!["spec", "show", spec], &[]),
            (vec!["spec", "list", "--data", issuer], &[]),
            (
                vec![
                    "issuer",
                    "issue",
                    "--data",
                    issuer,
                    "--spec",
                    "examples/tapahtumatekniikan-osaajaksi.json",
                    "--award",
                    award,
                    "--out",
                    cred,
                ],
                &[],
            ),
            (vec!["issuer", "list", "--data", issuer], &[]),
            (
                vec![
                    "issuer",
                    "template",
                    "--data",
                    issuer,
                    "--spec",
                    "tapahtumatekniikan-osaajaksi",
                    "--out",
                    template,
                ],
                &[],
            ),
            (vec!["verify", cred], &[]),
            (vec!["wallet", "did", "--data", wallet], &pass),
            (
                vec!["wallet", "import", "--data", wallet, cred, "--offline"],
                &pass,
            ),
            (vec!["wallet", "list", "--data", wallet, "--offline"], &pass),
            (
                vec!["wallet", "shares", "--data", wallet, "--offline"],
                &pass,
            ),
            (
                vec!["wallet", "progress", "--data", wallet, "--offline"],
                &pass,
            ),
        ];
        n += day.len();
        for (args, env) in &day {
            let mut a = args.clone();
            a.extend(["--lang", lang]);
            let o = microcred(&a, env);
            findings.check(&format!("microcred {}", a.join(" ")), &output_text(&o));
        }
    }
    n
}

// ------------------------------------------------------------------ the pages

fn start(data: &Path) -> Serve {
    let serve = Serve::spawn(data, Stdio::null());
    let port = serve.port;
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
        || !data.join("issuer/issuer.json").exists()
    {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    serve
}

struct Browser {
    client: reqwest::Client,
    base: String,
    lang: &'static str,
    cookies: Vec<(String, String)>,
}

struct Page {
    status: u16,
    location: Option<String>,
    html: Option<String>,
    json: Option<Value>,
}

impl Browser {
    fn with_lang(&self, path: &str) -> String {
        let (p, q) = path.split_once('?').unwrap_or((path, ""));
        let mut q: Vec<&str> = q
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
            .collect();
        let lang = format!("lang={}", self.lang);
        q.push(&lang);
        format!("{}{p}?{}", self.base, q.join("&"))
    }

    async fn send(
        &mut self,
        method: reqwest::Method,
        path: &str,
        form: Option<&str>,
        json: Option<&Value>,
    ) -> Page {
        let mut req = self
            .client
            .request(method, self.with_lang(path))
            .header("accept-language", self.lang);
        if !self.cookies.is_empty() {
            let c = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req = req.header("cookie", c);
        }
        if let Some(f) = form {
            req = req
                .header("content-type", "application/x-www-form-urlencoded")
                .body(f.to_string());
        }
        if let Some(j) = json {
            req = req
                .header("content-type", "application/json")
                .body(j.to_string());
        }
        let r = req.send().await.expect("request");
        for v in r.headers().get_all("set-cookie") {
            if let Some((kv, _)) = v.to_str().unwrap_or("").split_once(';') {
                if let Some((k, v)) = kv.split_once('=') {
                    self.cookies.retain(|(name, _)| name != k);
                    self.cookies.push((k.to_string(), v.to_string()));
                }
            }
        }
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        let ctype = r
            .headers()
            .get("content-type")
            .and_then(|c| c.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = r.text().await.unwrap_or_default();
        Page {
            status,
            location,
            html: ctype.starts_with("text/html").then(|| body.clone()),
            json: ctype
                .contains("json")
                .then(|| serde_json::from_str(&body).ok())
                .flatten(),
        }
    }
}

/// Paths not to follow: files, machine documents, and links that end a session.
fn followable(href: &str) -> Option<String> {
    let href = href.split('#').next()?;
    if !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    let path = href.split('?').next()?;
    let skip_prefix = [
        "/assets/",
        "/.well-known/",
        "/status/",
        "/specs",
        "/vct/",
        "/openapi.json",
        "/healthz",
    ];
    let skip_suffix = [
        ".css",
        ".js",
        ".png",
        ".svg",
        ".pdf",
        ".csv",
        ".json",
        ".jwt",
        ".xlsx",
        "/download",
        "/europass",
    ];
    if skip_prefix.iter().any(|p| path.starts_with(p))
        || skip_suffix.iter().any(|s| path.ends_with(s))
        || path.contains("signout")
    {
        return None;
    }
    Some(href.to_string())
}

/// GETs `start` pages and every page they link to (within the site), checking each.
async fn crawl(
    b: &mut Browser,
    who: &str,
    start: &[String],
    seen: &mut BTreeSet<String>,
    findings: &mut Findings,
) {
    let mut queue: VecDeque<String> = start.iter().cloned().collect();
    while let Some(path) = queue.pop_front() {
        let key = path
            .split('?')
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("?");
        if !seen.insert(format!("{who} {} {key}", b.lang)) || seen.len() > 2000 {
            continue;
        }
        let page = b.send(reqwest::Method::GET, &path, None, None).await;
        if std::env::var_os("MICROCRED_LANGUAGES_TRACE").is_some() {
            eprintln!("{who} {} {path} {}", b.lang, page.status);
        }
        let place = format!("GET {path} ({who}, lang={}) {}", b.lang, page.status);
        if let Some(html) = &page.html {
            let (text, links) = page_text(html);
            findings.check(&place, &text);
            for l in links {
                if let Some(l) = followable(&l) {
                    queue.push_back(l);
                }
            }
        }
        if let Some(json) = &page.json {
            let mut s = Vec::new();
            json_strings(json, &mut s);
            findings.check(&place, &s.join("\n"));
        }
        if let Some(loc) = page.location.as_deref().and_then(followable) {
            queue.push_back(loc);
        }
    }
}

/// The pages of openapi.json that answer text/html to a GET.
fn html_pages() -> Vec<String> {
    let api: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("crates/server/openapi.json")).unwrap(),
    )
    .unwrap();
    let mut out = Vec::new();
    for (path, ops) in api["paths"].as_object().unwrap() {
        let Some(get) = ops.get("get") else { continue };
        let html = get["responses"]
            .as_object()
            .is_some_and(|r| r.values().any(|r| r["content"].get("text/html").is_some()));
        if html {
            // A path with a parameter is asked for with an id nobody has: its "not found"
            // page is a page too. The real ones are reached through links.
            out.push(
                path.split('/')
                    .map(|s| if s.starts_with('{') { "no-such-id" } else { s })
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    out
}

fn between(s: &str, from: &str, to: &str) -> String {
    let start = s.find(from).map(|i| i + from.len()).unwrap_or(s.len());
    let rest = &s[start..];
    rest[..rest.find(to).unwrap_or(rest.len())].to_string()
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn csrf(html: &str) -> String {
    let i = html.find("name=\"csrf\"").expect("a csrf field");
    let tag_start = html[..i].rfind('<').unwrap();
    let tag_end = i + html[i..].find('>').unwrap();
    attr(&html[tag_start..tag_end], "value").unwrap()
}

async fn walk_pages(findings: &mut Findings, data: &Path) -> usize {
    let serve = start(data);
    let o = microcred_testkit::cli::command(env!("CARGO_BIN_EXE_microcred"))
        .args(["issuer", "user", "add", "--data"])
        .arg(data.join("issuer"))
        .arg("opettaja")
        .env("MICROCRED_PASSWORD", "a long staff password")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", output_text(&o));
    let pages = html_pages();
    assert!(pages.len() > 20, "{pages:?}");
    let mut seen = BTreeSet::new();
    let client = microcred_testkit::http::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let browser = |lang| Browser {
        client: client.clone(),
        base: serve.base.clone(),
        lang,
        cookies: Vec::new(),
    };
    // The day's story once, so the pages have something to show: the provider offers a
    // credential, the learner takes it into a hosted wallet and shares it.
    let mut provider = browser("fi");
    let page = provider
        .send(
            reqwest::Method::POST,
            "/provider/signin",
            Some("username=opettaja&password=a+long+staff+password"),
            None,
        )
        .await;
    assert_eq!(page.status, 303, "provider sign-in");
    let home = provider
        .send(reqwest::Method::GET, "/provider/home", None, None)
        .await;
    let provider_csrf = csrf(home.html.as_deref().unwrap_or(""));
    let offer_form = format!(
        "csrf={provider_csrf}&spec=tapahtumatekniikan-osaajaksi&name=Maija+Meik%C3%A4l%C3%A4inen&birth=2003-04-17&grade=4&issued=2026-05-29&format=sd-jwt"
    );
    let offer = provider
        .send(
            reqwest::Method::POST,
            "/provider/offer",
            Some(&offer_form),
            None,
        )
        .await;
    let offer_html = offer.html.unwrap_or_default();
    assert_eq!(offer.status, 200, "{offer_html}");
    let wallet_link = decode(&between(&offer_html, "<a class=\"button\" href=\"", "\""));
    let mut learner = browser("fi");
    let page = learner
        .send(
            reqwest::Method::POST,
            "/wallet/register",
            Some("username=maija&password=maijan+pitk%C3%A4+salasana"),
            None,
        )
        .await;
    assert_eq!(page.status, 303, "wallet registration");
    let creds = learner
        .send(reqwest::Method::GET, "/wallet/credentials", None, None)
        .await;
    let learner_csrf = csrf(creds.html.as_deref().unwrap_or(""));
    let accept = format!("csrf={learner_csrf}&offer={}", form_encode(&wallet_link));
    let page = learner
        .send(reqwest::Method::POST, "/wallet/accept", Some(&accept), None)
        .await;
    assert_eq!(page.status, 303, "the offer is taken: {:?}", page.html);
    let credential_page = page.location.unwrap_or_default();
    let id = credential_page
        .trim_start_matches("/wallet/credentials/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let share = format!("csrf={learner_csrf}&credential={id}&expires=30d");
    let page = learner
        .send(reqwest::Method::POST, "/wallet/shares", Some(&share), None)
        .await;
    assert_eq!(page.status, 303, "a share link: {:?}", page.html);
    let shares = learner
        .send(
            reqwest::Method::GET,
            page.location.as_deref().unwrap_or("/wallet/shares"),
            None,
            None,
        )
        .await;
    let shares_html = shares.html.unwrap_or_default();
    let link = decode(&between(&shares_html, "class=\"share-url\">", "<"));
    let token = link.rsplit('/').next().unwrap_or_default().to_string();
    let shared = [format!("/s/{token}"), format!("/s/{token}/print")];
    for lang in LANGS {
        let mut b = browser(lang);
        // Signed out, and the employer's view of the shared link.
        crawl(&mut b, "signed out", &pages, &mut seen, findings).await;
        crawl(&mut b, "employer", &shared, &mut seen, findings).await;
        let posts: &[(&str, &str)] = &[
            (
                "/provider/signin",
                "username=opettaja&password=wrong-password",
            ),
            ("/wallet/signin", "username=nobody&password=wrong-password"),
            ("/wallet/register", "username=ab&password=short"),
            ("/check", "credential=not+a+credential"),
            ("/check", ""),
            ("/wallet/answer", "request=not+a+request"),
            ("/provider/offer", "spec=x"),
        ];
        for (path, form) in posts {
            let page = b.send(reqwest::Method::POST, path, Some(form), None).await;
            let place = format!(
                "POST {path} {form} (signed out, lang={lang}) {}",
                page.status
            );
            if let Some(html) = &page.html {
                findings.check(&place, &page_text(html).0);
            }
            if let Some(json) = &page.json {
                let mut s = Vec::new();
                json_strings(json, &mut s);
                findings.check(&place, &s.join("\n"));
            }
        }
        // API errors a person reads (shown by the pages' scripts or by apps as they are).
        let api: &[(&str, &str, Option<Value>)] = &[
            (
                "POST",
                "/verify",
                Some(serde_json::json!({"credential": "not a credential"})),
            ),
            (
                "POST",
                "/credentials/verify",
                Some(serde_json::json!({"verifiableCredential": {}})),
            ),
            ("POST", "/presentations/verify", Some(serde_json::json!({}))),
            (
                "POST",
                "/wallet/api/login",
                Some(serde_json::json!({"username": "nobody", "password": "wrong password"})),
            ),
            (
                "POST",
                "/wallet/api/register",
                Some(serde_json::json!({"username": "x", "password": "short"})),
            ),
            ("GET", "/wallet/api/credentials", None),
            ("GET", "/credentials", None),
            ("POST", "/token", None),
            ("POST", "/credential", Some(serde_json::json!({}))),
            ("GET", "/specs/no-such-spec", None),
            ("GET", "/s/no-such-token", None),
            ("POST", "/offers", Some(serde_json::json!({}))),
        ];
        for (method, path, body) in api {
            let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let page = b.send(m, path, None, body.as_ref()).await;
            let place = format!("{method} {path} (API, lang={lang}) {}", page.status);
            if let Some(json) = &page.json {
                let mut s = Vec::new();
                json_strings(json, &mut s);
                findings.check(&place, &s.join("\n"));
            }
            if let Some(html) = &page.html {
                findings.check(&place, &page_text(html).0);
            }
        }
        // As a provider.
        provider.lang = lang;
        let b = &mut provider;
        crawl(b, "provider", &pages, &mut seen, findings).await;
        let offer = b
            .send(
                reqwest::Method::POST,
                "/provider/offer",
                Some(&offer_form),
                None,
            )
            .await;
        findings.check(
            &format!(
                "POST /provider/offer (provider, lang={lang}) {}",
                offer.status
            ),
            &page_text(offer.html.as_deref().unwrap_or("")).0,
        );
        // A form sent with problems: the spec editor's, the offer's, the revocation's.
        let token = &provider_csrf;
        let posts = [
            (
                "/provider/spec/edit",
                format!("csrf={token}&id=Bad+Id!&title_fi=&workload_value=x"),
            ),
            (
                "/provider/spec",
                format!("csrf={token}&spec=%7B%22id%22%3A"),
            ),
            (
                "/provider/offer",
                format!("csrf={token}&spec=no-such-spec&name="),
            ),
            (
                "/provider/registry/status",
                format!("csrf={token}&id=no-such&action=revoke&reason="),
            ),
            (
                "/provider/spec/new-version",
                format!("csrf={token}&id=no-such-spec"),
            ),
            ("/provider/cohort", format!("csrf={token}")),
        ];
        for (path, form) in &posts {
            let page = b.send(reqwest::Method::POST, path, Some(form), None).await;
            let place = format!("POST {path} (provider, lang={lang}) {}", page.status);
            if let Some(html) = &page.html {
                findings.check(&place, &page_text(html).0);
            }
        }
        // As a learner with a hosted wallet holding the credential.
        learner.lang = lang;
        let b = &mut learner;
        let start: Vec<String> = pages
            .iter()
            .cloned()
            .chain([credential_page.clone()])
            .collect();
        crawl(b, "learner", &start, &mut seen, findings).await;
        let token = &learner_csrf;
        let posts = [
            ("/wallet/accept", format!("csrf={token}&offer=not+an+offer")),
            (
                "/wallet/import",
                format!("csrf={token}&credential=not+a+credential"),
            ),
            ("/wallet/shares", format!("csrf={token}&id=no-such")),
            ("/wallet/backup", format!("csrf={token}&password=")),
            (
                "/wallet/credentials/no-such/delete",
                format!("csrf={token}"),
            ),
            (
                "/wallet/answer",
                format!("csrf={token}&request=not+a+request"),
            ),
            ("/wallet/accept", "csrf=wrong".to_string()),
        ];
        for (path, form) in &posts {
            let page = b.send(reqwest::Method::POST, path, Some(form), None).await;
            let place = format!("POST {path} (learner, lang={lang}) {}", page.status);
            if let Some(html) = &page.html {
                findings.check(&place, &page_text(html).0);
            }
        }
    }
    seen.len()
}

/// The test of issue 13's "no English sentence": fails listing every hit and where.
#[test]
fn no_english_for_finnish_and_swedish_users() {
    let tmp = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    let commands = walk_commands(&mut findings);
    let failures = walk_failures(&mut findings, tmp.path());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pages = rt.block_on(walk_pages(&mut findings, &tmp.path().join("serve")));
    eprintln!(
        "walked {commands} commands' help, {failures} failures and {pages} page visits, each in fi and sv"
    );
    assert!(
        findings.0.is_empty(),
        "{} English sentences for Finnish and Swedish users:\n{}",
        findings.0.len(),
        findings.0.iter().cloned().collect::<Vec<_>>().join("\n")
    );
}

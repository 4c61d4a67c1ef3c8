//! The web pages without JavaScript, as plain form posts: every page in Finnish, Swedish
//! and English (a missing text would fail to render), every input labelled, and the
//! whole story: the provider offers, the learner accepts and shares hiding the grade,
//! the employer sees "genuine and current" without the grade, the provider revokes, and
//! the same link says "revoked".
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use microcred_server::Role;
use support::*;

const LANGS: [&str; 3] = ["fi", "sv", "en"];

struct Browser {
    http: reqwest::Client,
    cookies: Vec<String>,
    base: String,
}

struct Page {
    status: u16,
    location: Option<String>,
    html: String,
}

impl Browser {
    fn new(server: &TestServer) -> Browser {
        Browser {
            http: client(),
            cookies: Vec::new(),
            base: server.base.clone(),
        }
    }

    fn keep(&mut self, resp: &reqwest::Response) {
        for v in resp.headers().get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap().to_string();
            let name = pair.split('=').next().unwrap().to_string();
            self.cookies.retain(|c| !c.starts_with(&format!("{name}=")));
            if !pair.ends_with('=') {
                self.cookies.push(pair);
            }
        }
    }

    async fn done(&mut self, resp: reqwest::Response) -> Page {
        self.keep(&resp);
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        if status == 200 {
            let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
            assert!(ct.starts_with("text/html"), "{ct}");
        }
        Page {
            status,
            location,
            html: resp.text().await.unwrap(),
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        let resp = self
            .http
            .get(url)
            .header("cookie", self.cookies.join("; "))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        self.done(resp).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(form).unwrap();
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookies.join("; "))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.done(resp).await
    }
}

fn spec_with_id(id: &str) -> serde_json::Value {
    let mut spec: serde_json::Value = serde_json::from_str(include_str!(
        "../../../examples/ensiapuryhmassa-toimiminen.json"
    ))
    .unwrap();
    spec["id"] = serde_json::json!(id);
    spec
}

/// A specification as the form posts it: each value under `s.` and its path.
fn form_fields(spec: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
        use serde_json::Value;
        let key = |k: &str| {
            if path.is_empty() {
                k.to_string()
            } else {
                format!("{path}.{k}")
            }
        };
        match v {
            Value::Object(o) => o.iter().for_each(|(k, x)| walk(x, &key(k), out)),
            Value::Array(a) if path == "languages" => out.push((
                "s.languages".into(),
                a.iter()
                    .map(|x| x.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
            Value::Array(a) if path == "gradingScheme.grades" => out.push((
                "s.gradingScheme.grades".into(),
                a.iter()
                    .map(|x| x["value"].as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
            Value::Array(a) if path.ends_with("types") || path.ends_with("modes") => a
                .iter()
                .for_each(|x| out.push((format!("s.{path}[]"), x.as_str().unwrap().to_string()))),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, &format!("{path}.{i}"), out)),
            Value::String(s) if path == "$schema" => {}
            Value::String(s) => out.push((format!("s.{path}"), s.clone())),
            Value::Number(n) => out.push((format!("s.{path}"), n.to_string())),
            other => out.push((format!("s.{path}"), other.to_string())),
        }
    }
    let mut out = Vec::new();
    walk(spec, "", &mut out);
    out
}

impl Browser {
    /// Posts a multipart form: text fields and one file.
    async fn multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &[u8])],
        file: (&str, &str, &[u8]),
    ) -> Page {
        let boundary = "----microcred-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{}\"; filename=\"{}\"\r\ncontent-type: application/octet-stream\r\n\r\n", file.0, file.1).as_bytes());
        body.extend_from_slice(file.2);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookies.join("; "))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        self.done(resp).await
    }

    /// Posts a file as the check page's multipart form does.
    async fn upload(&mut self, path: &str, name: &str, bytes: &[u8]) -> Page {
        self.multipart(path, &[("credential", b"")], ("file", name, bytes))
            .await
    }
}

/// A share page as an employer's browser gets it, in English.
async fn employer_view(server: &TestServer, link: &str) -> String {
    let _ = server;
    client()
        .get(format!("{link}?lang=en"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The value of the first `name="csrf"` field.
fn csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// Text as the browser shows it: the entities the templates escape, undone.
fn unescape(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in page"))
        + start.len();
    html[at..].split(end).next().unwrap()
}

/// Every visible form control has a label naming its id; the page declares its language.
fn assert_accessible(html: &str, lang: &str) {
    assert!(
        html.contains(&format!("<html lang=\"{lang}\">")),
        "lang attribute"
    );
    assert!(html.contains("<main id=\"main\""), "a main landmark");
    assert!(html.contains("<h1"), "a heading");
    for tag in ["<input", "<select", "<textarea"] {
        for piece in html.split(tag).skip(1) {
            let el = piece.split('>').next().unwrap();
            if el.contains("type=\"hidden\"") || el.contains("type=\"checkbox\"") {
                continue;
            }
            let id = el
                .split("id=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_else(|| panic!("a form control without an id: {tag}{el}"));
            assert!(
                html.contains(&format!("for=\"{id}\"")),
                "no label for #{id}"
            );
        }
    }
    for piece in html.split("<input type=\"checkbox\"").skip(1) {
        let before_label_end = piece.split("</label>").next().unwrap();
        assert!(before_label_end.len() < 400, "a checkbox outside its label");
    }
}

async fn every_language(b: &mut Browser, path: &str) -> Vec<String> {
    let mut pages = Vec::new();
    for lang in LANGS {
        let sep = if path.contains('?') { '&' } else { '?' };
        let p = b.get(&format!("{path}{sep}lang={lang}")).await;
        assert_eq!(p.status, 200, "{path} in {lang}: {}", p.html);
        assert_accessible(&p.html, lang);
        pages.push(p.html);
    }
    // The language is remembered.
    let again = b.get(path).await;
    assert!(again.html.contains("<html lang=\"en\">"), "{path}");
    assert_ne!(pages[0], pages[2], "{path} is not translated");
    pages
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_story_in_three_languages_without_javascript() {
    let server = start(Role::All).await;
    let issuer_dir = server.state.issuer.as_ref().unwrap().dir().to_path_buf();
    microcred_issuer::staff::add(&issuer_dir, "opettaja", "a long staff password").unwrap();

    // Public pages.
    let mut employer = Browser::new(&server);
    for path in [
        "/",
        "/check",
        "/wallet",
        "/provider",
        "/catalogue",
        "/catalogue/ensiapuryhmassa-toimiminen",
    ] {
        every_language(&mut employer, path).await;
    }
    let home = employer.get("/?lang=fi").await;
    assert!(home.html.contains("Tarkista todistus"));
    let headers = employer
        .http
        .get(server.url("/check"))
        .send()
        .await
        .unwrap();
    assert!(headers.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("script-src 'self'"));

    // The provider signs in (a wrong password first) and makes an offer.
    let mut provider = Browser::new(&server);
    let p = provider
        .post(
            "/provider/signin",
            &[("username", "opettaja"), ("password", "wrong password!")],
        )
        .await;
    assert_eq!(p.status, 401);
    let p = provider
        .post(
            "/provider/signin",
            &[
                ("username", "opettaja"),
                ("password", "a long staff password"),
            ],
        )
        .await;
    assert_eq!(
        (p.status, p.location.as_deref()),
        (303, Some("/provider/home"))
    );
    let pages = every_language(&mut provider, "/provider/home").await;
    let token = csrf(&pages[2]);
    for path in [
        "/provider/spec",
        "/provider/spec/edit",
        "/provider/registry",
        "/provider/trust",
    ] {
        every_language(&mut provider, path).await;
    }
    let refused = provider
        .post(
            "/provider/offer",
            &[
                ("csrf", "forged"),
                ("spec", "tapahtumatekniikan-osaajaksi"),
                ("name", "X"),
            ],
        )
        .await;
    assert_eq!(refused.status, 403);
    let offer = provider
        .post(
            "/provider/offer",
            &[
                ("csrf", &token),
                ("spec", "tapahtumatekniikan-osaajaksi"),
                ("name", "Maija Meikäläinen"),
                ("birth", "2003-04-17"),
                ("grade", "4"),
                ("issued", "2026-05-29"),
                ("format", "sd-jwt"),
            ],
        )
        .await;
    assert_eq!(offer.status, 200, "{}", offer.html);
    assert!(offer.html.contains("<svg"), "the offer's QR code");
    let uri = unescape(between(&offer.html, "data-offer-uri>", "</textarea>"));
    assert!(uri.starts_with("openid-credential-offer://"), "{uri}");
    assert!(
        offer.html.contains("data-offer-qr"),
        "the QR code is the offer itself"
    );
    let wallet_link = unescape(between(&offer.html, "<a class=\"button\" href=\"", "\""));
    assert!(
        wallet_link.contains("/wallet/accept?offer=openid-credential-offer"),
        "{wallet_link}"
    );
    // A bad award is shown on the form, not lost.
    let bad = provider
        .post(
            "/provider/offer",
            &[
                ("csrf", &token),
                ("spec", "tapahtumatekniikan-osaajaksi"),
                ("name", ""),
                ("birth", "17.4.2003"),
            ],
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.html);
    assert!(bad.html.contains("class=\"problem\""));
    assert!(
        bad.html.contains("17.4.2003"),
        "the form keeps what was typed"
    );

    // The learner makes a wallet and receives the credential.
    let mut learner = Browser::new(&server);
    let p = learner
        .post(
            "/wallet/register",
            &[("username", "maija"), ("password", "maijan salasana")],
        )
        .await;
    assert_eq!(
        (p.status, p.location.as_deref()),
        (303, Some("/wallet/credentials"))
    );
    let pages = every_language(&mut learner, "/wallet/credentials").await;
    let lt = csrf(&pages[0]);
    every_language(&mut learner, "/wallet/accept").await;
    let p = learner
        .post(
            "/wallet/accept",
            &[("csrf", &lt), ("offer", "not an offer")],
        )
        .await;
    assert_eq!(p.status, 400);
    assert!(p.html.contains("class=\"problem\""));
    // The web wallet takes the offer itself or its web-wallet link: here, the link.
    let p = learner
        .post("/wallet/accept", &[("csrf", &lt), ("offer", &wallet_link)])
        .await;
    assert_eq!(p.status, 303, "{}", p.html);
    let cred_page = p.location.unwrap();
    let id = cred_page
        .trim_start_matches("/wallet/credentials/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let pages = every_language(&mut learner, &format!("/wallet/credentials/{id}")).await;
    assert!(pages[2].contains("Event technology"));
    assert!(pages[0].contains("Tapahtumatekniikan osaajaksi"));
    assert!(pages[2].contains("Grade"), "the learner sees her grade");

    // Europass: the credential as an ELM document; LinkedIn: through a link of a year.
    let elm = learner
        .http
        .get(format!("{}/wallet/credentials/{id}/europass", server.base))
        .header("cookie", learner.cookies.join("; "))
        .send()
        .await
        .unwrap();
    assert_eq!(elm.status(), 200);
    assert_eq!(elm.headers()["content-type"], "application/ld+json");
    let elm: serde_json::Value = elm.json().await.unwrap();
    assert_eq!(elm["type"][1], "EuropeanDigitalCredential");
    assert_eq!(
        elm["credentialSubject"]["hasClaim"]["specifiedBy"]["title"]["sv"],
        "Kunnig inom evenemangsteknik"
    );
    let p = learner
        .post(
            &format!("/wallet/credentials/{id}/linkedin"),
            &[("csrf", &lt), ("expires", "1y")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.html);
    let to = p.location.unwrap();
    assert!(
        to.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name="),
        "{to}"
    );
    assert!(to.contains("&issueYear=2026&issueMonth=5"), "{to}");
    let cert_url = microcred_core::pct::percent_decode(
        to.split("certUrl=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap(),
    )
    .unwrap();
    assert!(
        cert_url.starts_with(&format!("{}/s/", server.base)),
        "{cert_url}"
    );
    let linked = employer_view(&server, &cert_url).await;
    assert!(linked.contains("data-verdict=\"valid\""), "{linked}");
    assert!(
        !linked.contains("17 April 2003"),
        "no date of birth on a public profile"
    );
    assert!(
        linked.contains("data-linkedin"),
        "the share page offers LinkedIn too"
    );

    // She shares it hiding the grade.
    every_language(&mut learner, "/wallet/shares").await;
    let p = learner
        .post("/wallet/shares", &[("csrf", &lt), ("expires", "30d")])
        .await;
    assert_eq!(p.status, 400, "no credential chosen");
    let p = learner
        .post(
            "/wallet/shares",
            &[
                ("csrf", &lt),
                ("credential", &id),
                ("hide", "grade"),
                ("expires", "30d"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.html);
    let shares = learner.get(p.location.as_deref().unwrap()).await;
    assert!(
        shares.html.contains("role=\"status\""),
        "the new link is announced"
    );
    let new = &shares.html[shares.html.find("id=\"new\"").expect("the new link")..];
    let link = unescape(between(new, "class=\"share-url\">", "<"));
    assert!(link.starts_with(&server.base), "{link}");
    let share_token = link.rsplit('/').next().unwrap().to_string();

    // The employer opens the link: genuine and current, no grade, in every language.
    let pages = every_language(&mut employer, &format!("/s/{share_token}")).await;
    for page in &pages {
        assert!(page.contains("data-verdict=\"valid\""), "{page}");
    }
    assert!(pages[2].contains("Genuine and current"));
    assert!(pages[0].contains("Aito ja voimassa"));
    assert!(pages[1].contains("Äkta och giltigt"));
    assert!(pages[2].contains("Maija"), "the name is shown");
    // The grading scheme belongs to the specification; the awarded grade is hidden.
    assert!(
        !pages[2].contains("<p>4 (good 4)</p>"),
        "the grade is hidden: {}",
        pages[2]
    );
    let print = employer
        .get(&format!("/s/{share_token}/print?lang=en"))
        .await;
    assert_eq!(print.status, 200);
    assert!(print.html.contains("class=\"certificate\""));
    assert!(print.html.contains("<svg"), "the certificate's QR code");
    assert!(print.html.contains("Learning outcomes"));
    // Page 1: the learner's name large, the title, date and place, workload and level,
    // the QR code and its short address; the EU elements follow as an annex.
    assert!(between(&print.html, "data-cert-learner>", "<").contains("Maija Meikäläinen"));
    assert!(print.html.contains("data-short-url>") && print.html.contains("Annex: the elements"));
    // The same as a PDF file to download.
    let resp = employer
        .http
        .get(server.url(&format!("/s/{share_token}/certificate.pdf?lang=sv")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let pdf = resp.bytes().await.unwrap();
    assert!(
        pdf.starts_with(b"%PDF-") && pdf.len() < 200_000,
        "{} bytes",
        pdf.len()
    );
    let page_one = between(&print.html, "data-cert-page>", "</section>");
    for want in ["Issued", "Workload", "Level", "EQF"] {
        assert!(page_one.contains(want), "{want} on page 1: {page_one}");
    }

    // The employer's check page with the shared text pasted.
    let json = employer
        .http
        .get(&link)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let text = json["credentials"][0]["credential"]
        .as_str()
        .unwrap()
        .to_string();
    let checked = employer
        .post("/check?lang=en", &[("credential", &text)])
        .await;
    assert!(checked.html.contains("data-verdict=\"valid\""));
    let mut forged = text.clone().into_bytes();
    let mid = forged.len() / 3;
    forged[mid] = if forged[mid] == b'A' { b'B' } else { b'A' };
    let checked = employer
        .post(
            "/check?lang=en",
            &[("credential", &String::from_utf8(forged).unwrap())],
        )
        .await;
    assert!(
        checked.html.contains("data-verdict=\"not_genuine\""),
        "{}",
        checked.html
    );
    assert!(
        !checked.html.contains("Maija"),
        "nothing of a forgery is shown"
    );
    let empty = employer.post("/check", &[("credential", "  ")]).await;
    assert_eq!(empty.status, 400);

    // What people have: the link itself, a picture of its QR code, random text, an offer.
    let checked = employer
        .post("/check?lang=en", &[("credential", &link)])
        .await;
    assert!(
        checked.html.contains("data-verdict=\"valid\""),
        "{}",
        checked.html
    );
    assert!(checked.html.contains("data-via=\"link\""));
    let png = microcred_wallet::qr::to_png(&format!("{link}/print")).unwrap();
    let checked = employer.upload("/check?lang=en", "qr.png", &png).await;
    assert!(
        checked.html.contains("data-verdict=\"valid\""),
        "{}",
        checked.html
    );
    assert!(checked.html.contains("data-via=\"picture\""));
    for (junk, seen) in [
        ("hello, is this my certificate?", "recognised text"),
        (
            "https://example.com/page",
            "recognised a web address (example.com)",
        ),
        ("{\"name\":\"Maija\"}", "recognised JSON (fields: name)"),
    ] {
        let checked = employer
            .post("/check?lang=en", &[("credential", junk)])
            .await;
        assert_eq!(checked.status, 200);
        assert!(
            checked.html.contains("data-verdict=\"not_credential\""),
            "{}",
            checked.html
        );
        assert!(checked.html.contains(seen), "{seen}: {}", checked.html);
        assert!(!checked.html.contains("not_genuine") && !checked.html.contains("altered"));
    }
    let checked = employer
        .upload(
            "/check?lang=fi",
            "blank.png",
            &microcred_wallet::qr::to_png("").unwrap()[..60],
        )
        .await;
    assert!(
        checked.html.contains("data-verdict=\"not_credential\""),
        "{}",
        checked.html
    );
    let offer = "openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Fx.example%22%2C%22grants%22%3A%7B%7D%7D";
    let checked = employer
        .post("/check?lang=sv", &[("credential", offer)])
        .await;
    assert!(
        checked.html.contains("data-verdict=\"offer\""),
        "{}",
        checked.html
    );
    let unknown = format!("{}/s/AAAAAAAAAAAAAAAAAAAAAA", server.base);
    let checked = employer
        .post("/check?lang=en", &[("credential", &unknown)])
        .await;
    assert!(
        checked.html.contains("data-verdict=\"link_gone\""),
        "{}",
        checked.html
    );
    // Another server's link is not fetched unless that server is allowed.
    let elsewhere = "https://wallet.example.com/s/AAAAAAAAAAAAAAAAAAAAAA";
    let checked = employer
        .post("/check?lang=en", &[("credential", elsewhere)])
        .await;
    assert!(
        checked.html.contains("data-verdict=\"could_not_check\""),
        "{}",
        checked.html
    );
    assert!(checked.html.contains("which this check may not fetch from"));

    // The provider finds and revokes it; the same link now says revoked.
    let found = provider.get("/provider/registry?q=Maija&lang=en").await;
    assert!(found.html.contains("Maija"));
    let record = between(&found.html, "data-id=\"", "\"").to_string();
    // Revoking goes through a page saying what the learner and employers will see.
    let confirm = unescape(between(
        &found.html,
        "<a class=\"button danger\" href=\"",
        "\"",
    ));
    let page = provider.get(&confirm).await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains("data-employer-sees") && page.html.contains("It is no longer valid")
    );
    assert_accessible(&page.html, "en");
    // Without a reason it is refused, and the reason field says why.
    let p = provider
        .post(
            "/provider/registry/status?lang=fi",
            &[
                ("csrf", &token),
                ("id", &record),
                ("action", "revoke"),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.html.contains("id=\"reason-problem\"") && p.html.contains("Kirjoita mitätöinnin syy"),
        "{}",
        p.html
    );
    let p = provider
        .post(
            "/provider/registry/status",
            &[
                ("csrf", &token),
                ("id", &record),
                ("action", "revoke"),
                ("reason", "awarded in error"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let after = provider.get(p.location.as_deref().unwrap()).await;
    assert!(after.html.contains("data-standing=\"revoked\""));
    let page = employer.get(&format!("/s/{share_token}?lang=en")).await;
    assert!(
        page.html.contains("data-verdict=\"revoked\""),
        "{}",
        page.html
    );
    assert!(page.html.contains("Revoked"));

    // The learner's wallet knows at once: revoked on her card, progress leaves it out
    // and says why, and she can check again on demand.
    let home = learner.get("/wallet/credentials?lang=en").await;
    assert!(
        home.html.contains("data-standing=\"revoked\""),
        "{}",
        home.html
    );
    assert!(home.html.contains("Checked: "));
    assert!(
        between(&home.html, "data-left-out>", "</p>").contains("(revoked)"),
        "{}",
        home.html
    );
    let cred = learner
        .get(&format!("/wallet/credentials/{id}?lang=fi"))
        .await;
    assert!(cred.html.contains("mitätöity"), "{}", cred.html);
    let p = learner.post("/wallet/check", &[("csrf", &lt)]).await;
    assert_eq!(p.status, 303);
    let home = learner
        .get(&format!("{}&lang=sv", p.location.as_deref().unwrap()))
        .await;
    assert!(home.html.contains("kontrollerades nyss"), "{}", home.html);
    assert!(home.html.contains("data-standing=\"revoked\""));

    // A backup restores into a new account on the web, with its credential; a file is
    // imported only when it verifies.
    let backup = learner
        .http
        .post(format!("{}/wallet/backup", server.base))
        .header("cookie", learner.cookies.join("; "))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_urlencoded::to_string([("csrf", lt.as_str()), ("password", "maijan salasana")])
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(backup.starts_with(b"{"), "a backup file");
    let mut restorer = Browser::new(&server);
    let page = restorer.get("/wallet/restore?lang=fi").await;
    assert!(page.html.contains("Palauta lompakko varmuuskopiosta"));
    let wrong = restorer
        .multipart(
            "/wallet/restore?lang=en",
            &[("username", b"maija2"), ("password", b"not the password")],
            ("backup", "backup.json", &backup),
        )
        .await;
    assert_eq!(wrong.status, 401, "{}", wrong.html);
    assert!(
        wrong.html.contains("passphrase is wrong") || wrong.html.contains("wrong"),
        "{}",
        wrong.html
    );
    let p = restorer
        .multipart(
            "/wallet/restore?lang=en",
            &[
                ("username", b"maija2"),
                ("password", "maijan salasana".as_bytes()),
            ],
            ("backup", "backup.json", &backup),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.html);
    let restored = restorer.get(p.location.as_deref().unwrap()).await;
    assert!(
        restored.html.contains("restored from the backup"),
        "{}",
        restored.html
    );
    assert!(
        restored.html.contains(&format!("/wallet/credentials/{id}")),
        "the same credential, the same ID"
    );
    let taken = Browser::new(&server)
        .multipart(
            "/wallet/restore",
            &[
                ("username", b"maija2"),
                ("password", "maijan salasana".as_bytes()),
            ],
            ("backup", "backup.json", &backup),
        )
        .await;
    assert_eq!(taken.status, 409);
    let rc = csrf(&restored.html);
    let mut forged_text = text.clone().into_bytes();
    let mid = forged_text.len() / 3;
    forged_text[mid] = if forged_text[mid] == b'A' { b'B' } else { b'A' };
    // The shared SD-JWT (grade hidden) is genuine: kept, as its own credential.
    let p = restorer
        .multipart(
            "/wallet/import?lang=en",
            &[("csrf", rc.as_bytes())],
            ("file", "shared.sd-jwt", text.as_bytes()),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.html);
    assert!(p.location.as_deref().unwrap().contains("received=1"));
    for (file, said) in [
        (forged_text, "not imported"),
        (text.clone().into_bytes(), "already holds"),
        (
            microcred_wallet::qr::to_png("").unwrap()[..60].to_vec(),
            "picture",
        ),
    ] {
        let p = restorer
            .multipart(
                "/wallet/import?lang=en",
                &[("csrf", rc.as_bytes())],
                ("file", "c.txt", &file),
            )
            .await;
        assert_eq!(p.status, 400, "{:?} {}", p.location, p.html);
        assert!(p.html.contains(said), "{said}: {}", p.html);
    }

    // Ending the link: the same page as a link that never existed.
    let p = learner
        .post(
            &format!("/wallet/shares/{share_token}/end"),
            &[("csrf", &lt)],
        )
        .await;
    assert_eq!(p.status, 303);
    let ended = employer.get(&format!("/s/{share_token}")).await;
    let never = employer.get("/s/AAAAAAAAAAAAAAAAAAAAAA").await;
    assert_eq!((ended.status, &ended.html), (404, &never.html));

    // Deleting asks first, then deletes.
    let ask = learner
        .post(
            &format!("/wallet/credentials/{id}/delete?lang=en"),
            &[("csrf", &lt)],
        )
        .await;
    assert_eq!(ask.status, 200);
    assert!(ask.html.contains("Yes, delete"));
    assert_accessible(&ask.html, "en");
    assert_eq!(
        learner
            .get(&format!("/wallet/credentials/{id}"))
            .await
            .status,
        200,
        "still there"
    );
    let p = learner
        .post(
            &format!("/wallet/credentials/{id}/delete"),
            &[("csrf", &lt), ("confirm", "yes")],
        )
        .await;
    assert_eq!(
        (p.status, p.location.as_deref()),
        (303, Some("/wallet/credentials"))
    );
    assert_eq!(
        learner
            .get(&format!("/wallet/credentials/{id}"))
            .await
            .status,
        404
    );

    // Signing out ends the session.
    let p = learner.post("/wallet/signout", &[("csrf", &lt)]).await;
    assert_eq!(p.status, 303);
    let p = learner.get("/wallet/credentials").await;
    assert_eq!((p.status, p.location.as_deref()), (303, Some("/wallet")));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn specifications_are_checked_field_by_field_and_cohorts_show_progress() {
    let server = start(Role::All).await;
    let issuer_dir = server.state.issuer.as_ref().unwrap().dir().to_path_buf();
    microcred_issuer::staff::add(&issuer_dir, "opettaja", "a long staff password").unwrap();
    let mut provider = Browser::new(&server);
    provider
        .post(
            "/provider/signin",
            &[
                ("username", "opettaja"),
                ("password", "a long staff password"),
            ],
        )
        .await;
    let home = provider.get("/provider/home?lang=en").await;
    let token = csrf(&home.html);

    // Not JSON, then JSON with problems: each shown next to its field.
    let p = provider
        .post(
            "/provider/spec",
            &[("csrf", &token), ("spec", "{oops"), ("action", "check")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.html.contains("class=\"problem\""), "{}", p.html);
    // JSON with problems opens in the form: each problem next to its field, in words.
    let mut spec: serde_json::Value = serde_json::from_str(include_str!(
        "../../../examples/ensiapuryhmassa-toimiminen.json"
    ))
    .unwrap();
    spec["id"] = serde_json::json!("uusi-kurssi");
    spec["workload"] = serde_json::json!({ "ects": -5 });
    spec.as_object_mut().unwrap().remove("learningOutcomes");
    let p = provider
        .post(
            "/provider/spec?lang=fi",
            &[
                ("csrf", &token),
                ("spec", &spec.to_string()),
                ("action", "check"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.html);
    let workload = between(&p.html, "id=\"f-workload\"", "</fieldset>");
    assert!(
        workload.contains("pitää olla suurempi kuin nolla"),
        "{workload}"
    );
    let outcomes = between(&p.html, "id=\"f-learningOutcomes\"", "</fieldset>");
    assert!(outcomes.contains("class=\"problems\""), "{outcomes}");
    assert!(!p.html.contains("$."), "no JSON paths: {}", p.html);
    assert_accessible(&p.html, "fi");

    // Fixed in the form and published; then published again changed: refused.
    let fields = form_fields(&spec_with_id("uusi-kurssi"));
    let mut post: Vec<(&str, &str)> = vec![("csrf", &token), ("action", "publish")];
    post.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let p = provider.post("/provider/spec/edit", &post).await;
    assert_eq!(p.status, 303, "{}", p.html);
    let listed = provider.get(p.location.as_deref().unwrap()).await;
    assert!(
        listed.html.contains("data-published-now=\"uusi-kurssi\""),
        "{}",
        listed.html
    );
    let cat = provider.get("/catalogue/uusi-kurssi").await;
    assert_eq!(cat.status, 200);
    let mut changed = spec_with_id("uusi-kurssi");
    changed["workload"]["ects"] = serde_json::json!(10);
    let fields = form_fields(&changed);
    let mut post: Vec<(&str, &str)> = vec![("csrf", &token), ("action", "publish")];
    post.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let p = provider.post("/provider/spec/edit?lang=en", &post).await;
    assert_eq!(p.status, 422, "{}", p.html);
    assert!(
        between(&p.html, "data-form-problem>", "<")
            .contains("published already with other content"),
        "{}",
        p.html
    );
    // A row is added with a button, no script needed.
    let mut post: Vec<(&str, &str)> = vec![("csrf", &token), ("action", "add:learningOutcomes")];
    post.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let p = provider.post("/provider/spec/edit", &post).await;
    let rows = spec_with_id("x")["learningOutcomes"]
        .as_array()
        .unwrap()
        .len();
    assert!(
        p.html
            .contains(&format!("name=\"s.learningOutcomes.{rows}.text.fi\"")),
        "a new empty row"
    );

    // A cohort: two good rows, one bad; progress until done; the links as CSV.
    let csv = "name,date_of_birth,email,grade\nMaija Meikäläinen,2003-04-17,maija@example.org,4\nMatti Virtanen,2001-11-02,,3\nEi Ketään,not a date,,\n";
    let p = provider
        .post(
            "/provider/cohort",
            &[
                ("csrf", &token),
                ("spec", "tapahtumatekniikan-osaajaksi"),
                ("format", "sd-jwt"),
                ("csv", csv),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.html);
    let job = p.location.unwrap();
    let mut page = provider.get(&job).await;
    for _ in 0..100 {
        if page.html.contains("offers.csv") {
            break;
        }
        assert!(page.html.contains("<progress"));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        page = provider.get(&job).await;
    }
    assert!(page.html.contains("2 / 2"), "{}", page.html);
    assert!(page.html.contains("Matti Virtanen"));
    assert!(
        page.html.contains("Rows not processed"),
        "the bad row is reported"
    );
    let resp = provider
        .http
        .get(server.url(&format!("{job}/offers.csv")))
        .header("cookie", provider.cookies.join("; "))
        .send()
        .await
        .unwrap();
    let text = resp.text().await.unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains("openid-credential-offer://"));
    // Another account cannot see the job.
    let mut other = Browser::new(&server);
    microcred_issuer::staff::add(&issuer_dir, "toinen", "another long password").unwrap();
    other
        .post(
            "/provider/signin",
            &[
                ("username", "toinen"),
                ("password", "another long password"),
            ],
        )
        .await;
    assert_eq!(other.get(&job).await.status, 404);
    // Without a session: to the sign-in page.
    let mut anon = Browser::new(&server);
    let p = anon.get("/provider/home").await;
    assert_eq!((p.status, p.location.as_deref()), (303, Some("/provider")));
    server.stop().await;
}

/// Every page behind a sign-in sends a stranger to the sign-in page, and takes a form only
/// with the session's CSRF token; size limits hold whoever posts.
#[tokio::test]
async fn signed_in_pages_refuse_strangers_and_forms_from_elsewhere() {
    let server = start(Role::All).await;
    let issuer_dir = server.state.issuer.as_ref().unwrap().dir().to_path_buf();
    microcred_issuer::staff::add(&issuer_dir, "opettaja", "a long staff password").unwrap();
    let mut stranger = Browser::new(&server);
    let wallet_pages = [
        "/wallet/credentials",
        "/wallet/credentials/x",
        "/wallet/accept",
        "/wallet/shares",
        "/wallet/import",
        "/wallet/credentials/x/europass",
    ];
    let wallet_forms = [
        "/wallet/credentials/x/delete",
        "/wallet/credentials/x/print",
        "/wallet/accept",
        "/wallet/shares",
        "/wallet/shares/x/end",
        "/wallet/backup",
        "/wallet/import",
        "/wallet/check",
        "/wallet/credentials/x/linkedin",
    ];
    let provider_pages = [
        "/provider/home",
        "/provider/cohort/x",
        "/provider/cohort/x/offers.csv",
        "/provider/cohort/template?spec=x",
        "/provider/spec",
        "/provider/spec/edit",
        "/provider/registry",
        "/provider/registry/confirm?id=x&action=revoke",
        "/provider/trust",
        "/provider/spec/preview?id=x",
    ];
    let provider_forms = [
        "/provider/offer",
        "/provider/cohort",
        "/provider/spec",
        "/provider/spec/edit",
        "/provider/spec/new-version",
        "/provider/registry/status",
    ];
    for (pages, forms, signin) in [
        (&wallet_pages[..], &wallet_forms[..], "/wallet"),
        (&provider_pages[..], &provider_forms[..], "/provider"),
    ] {
        for path in pages {
            let p = stranger.get(path).await;
            assert_eq!(
                (p.status, p.location.as_deref()),
                (303, Some(signin)),
                "{path}"
            );
        }
        for path in forms {
            let p = stranger.post(path, &[("csrf", "guess")]).await;
            assert_eq!(
                (p.status, p.location.as_deref()),
                (303, Some(signin)),
                "{path}"
            );
        }
    }

    // Signed in, a form without this session's token is refused, and nothing is done.
    let mut learner = Browser::new(&server);
    let p = learner
        .post(
            "/wallet/register",
            &[
                ("username", "maija"),
                ("password", "a long wallet passphrase"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let mut provider = Browser::new(&server);
    provider
        .post(
            "/provider/signin",
            &[
                ("username", "opettaja"),
                ("password", "a long staff password"),
            ],
        )
        .await;
    for (who, forms) in [
        (&mut learner, &wallet_forms[..]),
        (&mut provider, &provider_forms[..]),
    ] {
        for path in forms {
            for token in [None, Some("forged")] {
                let form: Vec<(&str, &str)> = token.map(|t| ("csrf", t)).into_iter().collect();
                let p = who.post(path, &form).await;
                assert_eq!(p.status, 403, "{path} {token:?}");
                assert!(p.html.contains("<main"), "{path}: a page, not a bare error");
            }
        }
    }
    let shares = learner.get("/wallet/shares?lang=en").await;
    assert_eq!(shares.status, 200);
    assert!(!shares.html.contains("/s/"), "no link was made");

    // A cohort list over the page's limit is refused with its reason; a body over the
    // server's limit is refused before anyone is looked up.
    let home = provider.get("/provider/home?lang=en").await;
    let token = csrf(&home.html);
    let big = "a".repeat(950 * 1024);
    let p = provider
        .post("/provider/cohort", &[("csrf", &token), ("csv", &big)])
        .await;
    assert_eq!(p.status, 413, "{}", p.html);
    assert!(p.html.contains("--learners"), "{}", p.html);
    let huge = "a".repeat(1024 * 1024 + 1);
    for (who, path) in [
        (&mut stranger, "/provider/cohort"),
        (&mut provider, "/provider/cohort"),
        (&mut learner, "/wallet/shares"),
    ] {
        let p = who.post(path, &[("csrf", &token), ("csv", &huge)]).await;
        assert_eq!(p.status, 413, "{path}");
    }
    server.stop().await;
}

impl Browser {
    /// A multipart form with one file, as a browser sends an upload.
    async fn upload_form(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> Page {
        let boundary = "----microcredtestboundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (k, v) in form {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookies.join("; "))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        self.done(resp).await
    }

    async fn finished(&mut self, job: &str) -> Page {
        let mut page = self.get(job).await;
        for _ in 0..200 {
            if !page.html.contains("http-equiv=\"refresh\"") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            page = self.get(job).await;
        }
        page
    }
}

/// An .xlsx cohort with a learner twice (reported, the others offered), uploaded again
/// (nothing new); the template; what the verifier trusts; a licence renewed through its
/// confirmation page, both listed once the learner takes the offer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spreadsheet_cohort_is_forgiving_and_licences_are_renewed() {
    let server = start(Role::All).await;
    let issuer = server.state.issuer.as_ref().unwrap().clone();
    microcred_issuer::staff::add(issuer.dir(), "opettaja", "a long staff password").unwrap();
    let mut provider = Browser::new(&server);
    provider
        .post(
            "/provider/signin",
            &[
                ("username", "opettaja"),
                ("password", "a long staff password"),
            ],
        )
        .await;
    let home = provider.get("/provider/home?lang=fi").await;
    let token = csrf(&home.html);
    assert!(home.html.contains("enctype=\"multipart/form-data\""));

    let rows: Vec<Vec<String>> = [
        ["nimi", "syntymäaika", "myöntämispäivä"],
        ["Maija Meikäläinen", "2003-04-17", "2026-05-29"],
        ["Matti Virtanen", "2001-11-02", "2026-05-29"],
        ["Maija Meikäläinen", "2003-04-17", "2026-05-29"],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    let xlsx = microcred_issuer::xlsx_out::write("Oppijat", &rows).unwrap();
    let form = [
        ("csrf", token.as_str()),
        ("spec", "ensiapuryhmassa-toimiminen"),
        ("format", "sd-jwt"),
    ];
    let p = provider
        .upload_form("/provider/cohort", &form, ("ryhma.xlsx", &xlsx))
        .await;
    assert_eq!(p.status, 303, "{}", p.html);
    let page = provider.finished(p.location.as_deref().unwrap()).await;
    assert!(page.html.contains("2 / 2"), "{}", page.html);
    assert!(
        page.html
            .contains("data-problem-line=\"4\">Rivi 4: sama oppija kuin rivillä 2"),
        "{}",
        page.html
    );
    let offers = between(&page.html, "<tbody>", "</tbody>")
        .matches("<tr>")
        .count();
    assert_eq!(offers, 2);
    // The same file again: no new offers, each row said to be offered already.
    let p = provider
        .upload_form("/provider/cohort", &form, ("ryhma.xlsx", &xlsx))
        .await;
    let page = provider.finished(p.location.as_deref().unwrap()).await;
    assert!(
        !page.html.contains("<tbody>"),
        "no new offers: {}",
        page.html
    );
    assert!(
        page.html.contains("data-already-line=\"2\"")
            && page.html.contains("data-already-line=\"3\""),
        "{}",
        page.html
    );

    // The template, in Swedish.
    let resp = provider
        .http
        .get(
            server
                .url("/provider/cohort/template?spec=ensiapuryhmassa-toimiminen&kind=csv&lang=sv"),
        )
        .header("cookie", provider.cookies.join("; "))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(
        resp.text().await.unwrap(),
        "\u{feff}namn,födelsedatum,e-post,vitsord,utfärdad,giltig_till\n"
    );

    // What the verifier trusts: this server's own issuer, from the first run.
    let trust = provider.get("/provider/trust?lang=en").await;
    assert!(
        trust.html.contains("data-own") && trust.html.contains(issuer.did()),
        "{}",
        trust.html
    );

    // A first-aid card issued long ago, expired; renewed through its confirmation page.
    let spec = issuer.spec("ensiapuryhmassa-toimiminen").unwrap();
    let mut award: microcred_model::Award = serde_json::from_value(serde_json::json!({
        "specification": spec.id,
        "learner": { "name": "Aino Korhonen", "dateOfBirth": "2000-01-01" },
        "issued": "2020-01-15",
    }))
    .unwrap();
    award.issued = "2020-01-15".into();
    let old = issuer
        .issue_with(
            &spec,
            microcred_issuer::Request {
                award,
                format: microcred_issuer::Format::SdJwt,
                idempotency_key: None,
            },
            &microcred_issuer::IssueOptions {
                confirm_expired: true,
                renews: None,
            },
        )
        .unwrap();
    let reg = provider.get("/provider/registry?q=Aino&lang=fi").await;
    assert!(
        reg.html.contains("data-standing=\"expired\""),
        "{}",
        reg.html
    );
    assert!(
        reg.html.contains("Vanhentunut 15.1.2023")
            && !between(&reg.html, "data-standing=\"expired\"", "</li>").contains(">voimassa<")
    );
    let confirm = provider
        .get(&format!(
            "/provider/registry/confirm?id={}&action=renew&lang=sv",
            old.record.id
        ))
        .await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.html.contains("Förnya intyget"), "{}", confirm.html);
    assert_accessible(&confirm.html, "sv");
    let p = provider
        .post(
            "/provider/registry/status",
            &[
                ("csrf", &token),
                ("id", &old.record.id),
                ("action", "renew"),
            ],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.html);
    let offer = unescape(between(&p.html, "data-offer-uri>", "<"));
    let code = {
        let json = microcred_issuer::offers::percent_decode(
            offer.split("credential_offer=").nth(1).unwrap(),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]["pre-authorized_code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let redeemed = issuer.redeem_offer(&code, None).unwrap();
    let new = issuer
        .issue_offer(
            &code,
            &redeemed,
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        )
        .unwrap();
    assert_eq!(new.record.renews.as_deref(), Some(old.record.id.as_str()));
    let reg = provider.get("/provider/registry?q=Aino&lang=en").await;
    assert!(
        reg.html
            .contains(&format!("data-renewed-by=\"{}\"", new.record.id)),
        "{}",
        reg.html
    );
    assert!(reg
        .html
        .contains(&format!("data-renews=\"{}\"", old.record.id)));
    assert!(reg.html.contains("Valid until"));
    server.stop().await;
}

/// A trust list signed at a URL: its cached copy is used from the start (the refresh that
/// cannot reach it leaves it in place), the provider sees where it came from and when,
/// and each "on the trust list" check says how old the list is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_trust_list_from_a_url_is_kept_and_its_age_shown() {
    use microcred_core::{jose, keys::SecretKey};
    let key = std::sync::Arc::new(SecretKey::generate());
    let signer = microcred_core::did::did_key(key.public());
    let list = serde_json::json!({
        "name": "Opetushallitus",
        "issuers": [{ "did": "did:web:toinen-opisto.fi", "legalName": "Toinen Opisto Oy", "country": "FI" }]
    });
    let jws = jose::sign(
        list.to_string().as_bytes(),
        "trust-list+jwt",
        &jose::Ed25519Signer::new(key, None),
    )
    .unwrap();
    let three_hours_ago = chrono::Utc::now().timestamp() - 3 * 3600;
    let server = start_configured(Role::All, |c| {
        std::fs::write(c.data.join("trust-list-url.jws"), &jws).unwrap();
        std::fs::write(
            c.data.join("trust-list-url.fetched"),
            three_hours_ago.to_string(),
        )
        .unwrap();
        c.trust_list_url = Some(("https://luotetut.example/lista.jws".into(), signer.clone()));
    })
    .await;
    let issuer = server.state.issuer.as_ref().unwrap().clone();
    let trust = server.state.verifier.trust_list();
    assert!(trust.lookup("did:web:toinen-opisto.fi").is_some());
    assert!(
        trust.lookup(issuer.did()).is_some(),
        "the own issuer is still trusted"
    );
    microcred_issuer::staff::add(issuer.dir(), "opettaja", "a long staff password").unwrap();
    let mut provider = Browser::new(&server);
    provider
        .post(
            "/provider/signin",
            &[
                ("username", "opettaja"),
                ("password", "a long staff password"),
            ],
        )
        .await;
    let page = provider.get("/provider/trust?lang=en").await;
    assert!(
        page.html.contains("data-trust-source")
            && unescape(&page.html).contains("https://luotetut.example/lista.jws"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Toinen Opisto Oy"));
    // The verdict on one of this server's credentials says how old the list is.
    let spec = issuer.spec("datan-visualisointi-5op").unwrap();
    let award: microcred_model::Award = serde_json::from_value(serde_json::json!({
        "specification": spec.id, "learner": { "name": "Maija Meikäläinen", "dateOfBirth": "2003-04-17" }, "issued": "2026-05-29"
    }))
    .unwrap();
    let issued = issuer
        .issue(
            &spec,
            microcred_issuer::Request {
                award,
                format: microcred_issuer::Format::Jwt,
                idempotency_key: None,
            },
        )
        .unwrap();
    let mut employer = Browser::new(&server);
    let checked = employer
        .post("/check?lang=fi", &[("credential", &issued.credential)])
        .await;
    assert!(
        checked.html.contains("data-verdict=\"valid\""),
        "{}",
        checked.html
    );
    assert!(
        checked.html.contains("lista haettu 3 h sitten"),
        "{}",
        checked.html
    );
    server.stop().await;
}

/// The issuer profile's logo is on the printed certificate: an `<img>` with the
/// provider's name as its alt text above the name in the print preview, and an image
/// XObject in the PDF.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_issuer_logo_is_on_the_printed_certificate() {
    use base64::Engine;
    let logo = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD
            .encode(include_bytes!("../../model/tests/fixtures/logo/logo.png"))
    );
    let with_logo = logo.clone();
    let server = start_configured(Role::All, move |c| {
        let dir = c.data.join("issuer");
        microcred_issuer::demo::init_demo(&dir, Some(c.base_url.clone())).unwrap();
        let path = dir.join("issuer.json");
        let mut profile: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        profile["logo"] = serde_json::json!(with_logo);
        std::fs::write(&path, serde_json::to_vec_pretty(&profile).unwrap()).unwrap();
    })
    .await;
    let issuer = server.state.issuer.as_ref().unwrap();
    assert_eq!(issuer.profile().logo.as_deref(), Some(logo.as_str()));
    let issuer_dir = issuer.dir().to_path_buf();
    microcred_issuer::staff::add(&issuer_dir, "opettaja", "a long staff password").unwrap();
    let mut provider = Browser::new(&server);
    provider
        .post(
            "/provider/signin",
            &[
                ("username", "opettaja"),
                ("password", "a long staff password"),
            ],
        )
        .await;
    for lang in LANGS {
        let p = provider
            .get(&format!(
                "/provider/spec/preview?id=ensiapuryhmassa-toimiminen&lang={lang}"
            ))
            .await;
        assert_eq!(p.status, 200, "{}", p.html);
        let page_one = between(&p.html, "data-cert-page>", "</section>");
        let img = between(page_one, "<img", ">");
        assert!(img.contains("data-cert-logo"), "{img}");
        assert!(
            unescape(between(img, "src=\"", "\"")) == logo,
            "the logo is inline: {img}"
        );
        let name = unescape(between(page_one, "class=\"cert-issuer\">", "<"));
        assert!(!name.is_empty());
        assert_eq!(unescape(between(img, "alt=\"", "\"")), name);
        assert!(
            page_one.find("<img") < page_one.find("class=\"cert-issuer\""),
            "the logo is above the provider's name"
        );
    }
    let resp = provider
        .http
        .get(server.url("/provider/spec/preview?id=ensiapuryhmassa-toimiminen&pdf=1&lang=en"))
        .header("cookie", provider.cookies.join("; "))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let pdf = resp.bytes().await.unwrap();
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/Subtype /Image"), "the logo is an image XObject");
    assert!(has(b"/FlateDecode"));
    assert!(has(b"/Im0 "), "page 1 names the logo");
}

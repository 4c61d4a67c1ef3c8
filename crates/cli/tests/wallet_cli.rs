//! `microcred wallet …` as a learner runs it: keep, list, present, share, back up, QR.
//! The issuer is served over HTTP on 127.0.0.1, so status is checked for real.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use support::*;

const PASS: &str = "kesäkuun kolmas yö";

struct Learner {
    dir: tempfile::TempDir,
    data: PathBuf,
    pass_file: PathBuf,
    did: String,
}

impl Learner {
    fn new() -> Learner {
        let dir = tempfile::tempdir().unwrap();
        let pass_file = dir.path().join("pass.txt");
        write_secret(&pass_file, &format!("{PASS}\n"));
        let data = dir.path().join("wallet");
        let mut l = Learner {
            dir,
            data,
            pass_file,
            did: String::new(),
        };
        let o = l.run(&["init", "--share-base-url", "https://jaa.example.fi"]);
        l.did = expect_exit(&o, 0).trim().to_string();
        assert!(l.did.starts_with("did:key:z6Mk"), "{}", l.did);
        l
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec![
            "wallet",
            args[0],
            "--data",
            self.data.to_str().unwrap(),
            "--passphrase-file",
            self.pass_file.to_str().unwrap(),
        ];
        all.extend_from_slice(&args[1..]);
        microcred(&all)
    }

    fn ok(&self, args: &[&str]) -> String {
        expect_exit(&self.run(args), 0)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Imports a file; returns the new credential's ID.
    fn import(&self, file: &Path) -> String {
        let text = self.ok(&["import", file.to_str().unwrap()]);
        let kept = text
            .lines()
            .find(|l| l.starts_with("Kept: "))
            .unwrap_or_else(|| panic!("{text}"));
        kept[6..22].to_string()
    }
}

fn tree_digest(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn import_list_present_verify_in_every_format() {
    let p = Provider::start();
    let l = Learner::new();
    let di = l.import(&p.issue_for("di", &l.did, "tapahtumatekniikan-osaajaksi", "maija"));
    let jwt = l.import(&p.issue_for("jwt", &l.did, "ensiapuryhmassa-toimiminen", "maija"));
    let sd = l.import(&p.issue_for("sd-jwt", &l.did, "datan-visualisointi-5op", "maija"));

    // Imported after verification, status checked against the issuer's live list.
    let list = l.ok(&["list", "--lang", "fi"]);
    assert_eq!(list.lines().count(), 3, "{list}");
    assert!(
        list.contains("Tapahtumatekniikan osaajaksi") && list.contains("voimassa"),
        "{list}"
    );
    let json: Value = serde_json::from_str(&l.ok(&["list", "--json"])).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .all(|e| e["status"] == "valid"),
        "{json}"
    );
    let found = l.ok(&["list", "--search", "ENSIAPU"]);
    assert_eq!(found.lines().count(), 1, "{found}");
    assert!(found.starts_with(&jwt), "{found}");
    let shown = l.ok(&["show", &di[..6], "--lang", "sv"]);
    assert!(shown.contains("Kunnig inom evenemangsteknik"), "{shown}");

    // A duplicate is refused; the original bytes come back unchanged.
    let again = l.run(&[
        "import",
        p.issue_for("jwt", &l.did, "ensiapuryhmassa-toimiminen", "copy")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "a new issuance is another credential: {}",
        describe(&again)
    );
    let file = p.tmp.path().join("files/maija.jwt");
    let dup = l.run(&["import", file.to_str().unwrap()]);
    assert_eq!(dup.status.code(), Some(1), "{}", describe(&dup));
    assert!(
        String::from_utf8_lossy(&dup.stderr).contains("already holds"),
        "{}",
        describe(&dup)
    );
    let exported = l.path("out.jwt");
    l.ok(&[
        "export-credential",
        &jwt,
        "--out",
        exported.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&exported).unwrap(),
        std::fs::read(&file).unwrap()
    );

    // Presentations the verifier accepts, and a replay it refuses.
    let domain = "https://rekry.example.fi";
    for (ids, name) in [
        (vec![di.as_str(), jwt.as_str()], "vp.json"),
        (vec![jwt.as_str()], "vp.jwt"),
    ] {
        let file = l.path(name);
        let mut args = vec!["present"];
        args.extend(ids.iter().copied());
        args.extend([
            "--challenge",
            "n-1",
            "--domain",
            domain,
            "--out",
            file.to_str().unwrap(),
        ]);
        l.ok(&args);
        let v = expect_exit(
            &microcred(&[
                "verify",
                file.to_str().unwrap(),
                "--challenge",
                "n-1",
                "--domain",
                domain,
            ]),
            0,
        );
        assert!(v.contains("signed by the holder's key"), "{v}");
        let replay = expect_exit(
            &microcred(&[
                "verify",
                file.to_str().unwrap(),
                "--challenge",
                "n-2",
                "--domain",
                domain,
            ]),
            1,
        );
        assert!(replay.contains("replayed presentation"), "{replay}");
    }
    // An SD-JWT presentation showing only the name.
    let vp_sd = l.path("vp.sd-jwt");
    let o = l.run(&[
        "present",
        &sd,
        "--challenge",
        "n-3",
        "--domain",
        domain,
        "--disclose",
        "name",
        "--out",
        vp_sd.to_str().unwrap(),
    ]);
    expect_exit(&o, 0);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("Disclosed: name"),
        "{}",
        describe(&o)
    );
    let v: Value = serde_json::from_str(&expect_exit(
        &microcred(&[
            "verify",
            vp_sd.to_str().unwrap(),
            "--challenge",
            "n-3",
            "--domain",
            domain,
            "--json",
        ]),
        0,
    ))
    .unwrap();
    let subject = &v["credentials"][0]["claims"]["credentialSubject"];
    assert_eq!(subject["fullName"], "Maija Meikäläinen");
    assert!(
        subject.get("birthDate").is_none() && subject.get("result").is_none(),
        "{subject}"
    );
    let bad = l.run(&[
        "present",
        &sd,
        "--challenge",
        "n",
        "--domain",
        domain,
        "--disclose",
        "shoesize",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("choose from: name"),
        "{}",
        describe(&bad)
    );

    // Revocation shows after `wallet check`.
    let ids: Value = serde_json::from_str(&expect_exit(
        &microcred(&[
            "issuer",
            "list",
            "--data",
            p.data.to_str().unwrap(),
            "--json",
        ]),
        0,
    ))
    .unwrap();
    let first = ids.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    expect_exit(
        &microcred(&[
            "issuer",
            "revoke",
            "--data",
            p.data.to_str().unwrap(),
            &first,
            "--reason",
            "virhe",
        ]),
        0,
    );
    let checked = l.run(&["check"]);
    assert_eq!(checked.status.code(), Some(1), "{}", describe(&checked));
    assert!(out(&checked).contains("revoked"), "{}", describe(&checked));
    assert!(l.ok(&["list"]).contains("revoked"));
    let deleted = l.ok(&["delete", &di]);
    assert!(deleted.contains("deleted"), "{deleted}");
    assert_eq!(l.ok(&["list"]).lines().count(), 3);
}

#[test]
fn share_links_and_unshare() {
    let p = Provider::start();
    let l = Learner::new();
    let sd = l.import(&p.issue_for("sd-jwt", &l.did, "tapahtumatekniikan-osaajaksi", "maija"));
    let di = l.import(&p.issue_for("di", &l.did, "ensiapuryhmassa-toimiminen", "maija"));
    let o = l.run(&["share", &sd, "--disclose", "name", "--expires", "30d"]);
    let url = expect_exit(&o, 0).trim().to_string();
    assert!(url.starts_with("https://jaa.example.fi/s/"), "{url}");
    let token = url.rsplit('/').next().unwrap().to_string();
    assert_eq!(token.len(), 22, "128 random bits, base64url");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("shows only: name"),
        "{}",
        describe(&o)
    );
    let o = l.run(&["share", &di, "--disclose", "name"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "only SD-JWT claims can be hidden: {}",
        describe(&o)
    );
    for bad in ["2y", "0d", "soon"] {
        let o = l.run(&["share", &di, "--expires", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", describe(&o));
    }
    let whole = l.ok(&["share", &di]).trim().to_string();
    let shares = l.ok(&["shares"]);
    assert_eq!(shares.lines().count(), 2, "{shares}");
    assert!(shares.lines().all(|s| s.contains("active")), "{shares}");
    l.ok(&["unshare", &token]);
    let shares = l.ok(&["shares"]);
    assert!(
        shares
            .lines()
            .any(|s| s.starts_with(&token) && s.contains("ended")),
        "{shares}"
    );
    let o = l.run(&["unshare", "AAAAAAAAAAAAAAAAAAAAAA"]);
    assert_eq!(o.status.code(), Some(2));
    // Tokens are base64url: one may begin with '-' and is still a token, not an option.
    let o = l.run(&["unshare", "-7AAAAAAAAAAAAAAAAAAAAA"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("unexpected argument"), "{err}");
    // Deleting a credential ends its links.
    let deleted = l.ok(&["delete", &di]);
    assert!(deleted.contains("share links ended: 1"), "{deleted}");
    let shares = l.ok(&["shares"]);
    let whole_token = whole.rsplit('/').next().unwrap();
    assert!(
        shares
            .lines()
            .any(|s| s.starts_with(whole_token) && s.contains("ended")),
        "{shares}"
    );
}

#[test]
fn backup_restores_byte_for_byte_and_a_wrong_passphrase_changes_nothing() {
    let p = Provider::start();
    let l = Learner::new();
    let ids: Vec<String> = ["di", "jwt", "sd-jwt"]
        .iter()
        .map(|f| l.import(&p.issue_for(f, &l.did, "tapahtumatekniikan-osaajaksi", "maija")))
        .collect();
    l.ok(&["share", &ids[2], "--disclose", "name"]);

    // A wrong passphrase: a clear error, and not a byte of the wallet changes.
    let before = tree_digest(&l.data);
    let wrong = l.path("wrong.txt");
    write_secret(&wrong, "ei tämä");
    for cmd in [
        &["list"][..],
        &["import", "-"],
        &["delete", &ids[0]],
        &["export", "--out", "/tmp/x"],
    ] {
        let mut args = vec![
            "wallet",
            cmd[0],
            "--data",
            l.data.to_str().unwrap(),
            "--passphrase-file",
            wrong.to_str().unwrap(),
        ];
        args.extend_from_slice(&cmd[1..]);
        let o = microcred(&args);
        assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("passphrase is wrong"),
            "{}",
            describe(&o)
        );
    }
    assert_eq!(tree_digest(&l.data), before);
    // No passphrase at all, without a terminal: said so.
    let o = microcred(&["wallet", "list", "--data", l.data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("MICROCRED_PASSPHRASE"),
        "{}",
        describe(&o)
    );
    // There is no way to put it on the command line.
    let o = microcred(&[
        "wallet",
        "list",
        "--data",
        l.data.to_str().unwrap(),
        "--passphrase",
        PASS,
    ]);
    assert_eq!(o.status.code(), Some(2));

    let backup = l.path("backup.json");
    let said = l.ok(&["export", "--out", backup.to_str().unwrap()]);
    assert!(said.contains("3 credentials"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let text = std::fs::read_to_string(&backup).unwrap();
    assert!(
        !text.contains("Meikäläinen") && !text.contains(&ids[0]),
        "the backup is encrypted"
    );

    // Another machine: a fresh directory.
    let other = tempfile::tempdir().unwrap();
    let data2 = other.path().join("wallet");
    let restore = |pass: &Path| {
        microcred(&[
            "wallet",
            "restore",
            backup.to_str().unwrap(),
            "--data",
            data2.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
        ])
    };
    let o = restore(&wrong);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("passphrase is wrong"));
    assert!(!data2.exists(), "a failed restore leaves nothing behind");
    let did = expect_exit(&restore(&l.pass_file), 0);
    assert_eq!(did.trim(), l.did);
    let o = restore(&l.pass_file);
    assert_eq!(
        o.status.code(),
        Some(2),
        "never over an existing wallet: {}",
        describe(&o)
    );

    let run2 = |args: &[&str]| {
        let mut all = vec![
            "wallet",
            args[0],
            "--data",
            data2.to_str().unwrap(),
            "--passphrase-file",
            l.pass_file.to_str().unwrap(),
        ];
        all.extend_from_slice(&args[1..]);
        expect_exit(&microcred(&all), 0)
    };
    assert_eq!(run2(&["list"]), l.ok(&["list"]));
    for id in &ids {
        let a = l.path(&format!("a-{id}"));
        let b = l.path(&format!("b-{id}"));
        l.ok(&["export-credential", id, "--out", a.to_str().unwrap()]);
        run2(&["export-credential", id, "--out", b.to_str().unwrap()]);
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{id}"
        );
    }
    assert_eq!(run2(&["shares"]), l.ok(&["shares"]));
    // The restored wallet still presents as the same holder.
    let vp = l.path("vp2.jwt");
    run2(&[
        "present",
        &ids[1],
        "--challenge",
        "c",
        "--out",
        vp.to_str().unwrap(),
    ]);
    expect_exit(
        &microcred(&["verify", vp.to_str().unwrap(), "--challenge", "c"]),
        0,
    );
}

#[test]
fn a_self_contained_qr_decodes_and_verifies() {
    let p = Provider::start();
    let l = Learner::new();
    // A compact credential fits in one QR code.
    let id = l.import(&p.issue_compact("jwt", &l.did, "maija"));
    let png = l.path("qr.png");
    let o = l.run(&["qr", &id, "--png", png.to_str().unwrap()]);
    expect_exit(&o, 0);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("verifiable offline"),
        "{}",
        describe(&o)
    );
    let text = decode_png(&png);
    assert!(text.starts_with("MC1:"), "{text}");
    let read = l.path("read.txt");
    std::fs::write(&read, &text).unwrap();
    let v = expect_exit(&microcred(&["verify", read.to_str().unwrap()]), 0);
    assert!(
        v.contains("Fundamentals of data visualisation")
            || v.contains("Datan visualisoinnin perusteet"),
        "{v}"
    );

    // A full credential does not fit: said so (a link needs a server: share_server_cli).
    let big = l.import(&p.issue_for("sd-jwt", &l.did, "tapahtumatekniikan-osaajaksi", "maija"));
    let svg = l.path("qr.svg");
    let o = l.run(&["qr", &big, "--svg", svg.to_str().unwrap(), "--lang", "fi"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("ei mahdu sellaisenaan QR-koodiin"),
        "{}",
        describe(&o)
    );
    assert!(!svg.exists());
    assert_eq!(
        l.ok(&["shares"]).lines().count(),
        0,
        "no dead link was made"
    );
    // A link QR for a share token, in the terminal.
    l.ok(&["share", &big, "--expires", "30d"]);
    let token = l
        .ok(&["shares"])
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let o = l.run(&["qr", &token]);
    assert!(
        out(&o).contains('█') || out(&o).contains('▀'),
        "{}",
        describe(&o)
    );
    let png2 = l.path("link.png");
    l.ok(&["qr", &token, "--png", png2.to_str().unwrap()]);
    assert_eq!(
        decode_png(&png2),
        format!("https://jaa.example.fi/s/{token}")
    );
    // The employer's command line reads the QR picture itself: the credential, verified.
    let v = expect_exit(
        &microcred(&["verify", png.to_str().unwrap(), "--lang", "en"]),
        0,
    );
    assert!(v.contains("Read from the QR code in the picture"), "{v}");
}

#[test]
fn progress_and_hostile_imports() {
    let p = Provider::start();
    let l = Learner::new();
    let none = l.ok(&["progress", "--lang", "en"]);
    assert!(none.contains("None of your credentials stack"), "{none}");
    l.import(&p.issue_for("di", &l.did, "tapahtumatekniikan-osaajaksi", "maija"));
    let prog = l.ok(&["progress", "--lang", "fi"]);
    assert!(
        prog.contains("Media-alan ja kuvallisen ilmaisun perustutkinto"),
        "{prog}"
    );
    assert!(prog.contains("✔ Tapahtumatekniikan osaajaksi"), "{prog}");

    let junk = l.path("junk.txt");
    std::fs::write(&junk, "hello").unwrap();
    let o = l.run(&["import", junk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not imported"),
        "{}",
        describe(&o)
    );
    let vc = p.issue_for("di", &l.did, "ensiapuryhmassa-toimiminen", "maija");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&vc).unwrap()).unwrap();
    v["credentialSubject"]["fullName"] = Value::String("Matti Meikäläinen".into());
    let tampered = l.path("tampered.json");
    std::fs::write(&tampered, v.to_string()).unwrap();
    let o = l.run(&["import", tampered.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("signature does not match"),
        "{}",
        describe(&o)
    );
    let big = l.path("big.json");
    std::fs::write(&big, vec![b' '; 2 << 20]).unwrap();
    let o = l.run(&["import", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert_eq!(l.ok(&["list"]).lines().count(), 1, "nothing bad was kept");
    let o = l.run(&["show", "zzzz"]);
    assert_eq!(o.status.code(), Some(2));
    let o = microcred(&[
        "wallet",
        "init",
        "--data",
        l.data.to_str().unwrap(),
        "--passphrase-file",
        l.pass_file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "never over an existing wallet");
    let short = l.path("short.txt");
    write_secret(&short, "lyhyt");
    let o = microcred(&[
        "wallet",
        "init",
        "--data",
        l.path("w2").to_str().unwrap(),
        "--passphrase-file",
        short.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("at least 8"),
        "{}",
        describe(&o)
    );
}

/// A passphrase file as its owner should keep it: readable by them alone.
fn write_secret(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_passphrase_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass.txt");
    write_secret(&pass, "a long passphrase\n");
    for mode in [0o644, 0o640, 0o604] {
        std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(mode)).unwrap();
        let o = microcred(&[
            "wallet",
            "init",
            "--data",
            dir.path().join("w").to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{mode:o}: {}", describe(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("chmod 600"),
            "{}",
            describe(&o)
        );
        assert!(!dir.path().join("w").exists(), "nothing made");
    }
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = microcred(&[
        "wallet",
        "init",
        "--data",
        dir.path().join("w").to_str().unwrap(),
        "--passphrase-file",
        pass.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
}

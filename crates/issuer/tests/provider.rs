//! The provider's day in the issuer library: versions that never change, licences with
//! a validity, revoking with a reason and an audit trail, renewal, forgiving cohorts
//! (CSV and .xlsx) and offers made once per row.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::Path;

use microcred_issuer::catalogue::Published;
use microcred_issuer::cohort::{self, ReadOptions, Run};
use microcred_issuer::offers::OfferOptions;
use microcred_issuer::{Action, Format, InitOptions, Issuer, IssuerError, Request, Standing};
use microcred_model::{Award, Lang, Learner, Specification};
use microcred_testkit::examples::{profile, spec as example};

fn issuer(dir: &Path) -> Issuer {
    Issuer::init(dir, profile(), InitOptions::default()).unwrap()
}

fn award(spec: &Specification, name: &str, issued: &str) -> Award {
    Award {
        json_schema: None,
        id: None,
        specification: spec.id.clone(),
        learner: Learner {
            name: name.into(),
            email: Some(format!(
                "{}@example.org",
                name.to_lowercase().replace(' ', ".")
            )),
            ..Learner::default()
        },
        issued: issued.into(),
        place: None,
        grade: None,
        evidence: vec![],
        valid_until: None,
        chosen_units: vec![],
    }
}

#[test]
fn a_published_version_never_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    let spec = example("datan-visualisointi-5op");
    assert_eq!(i.publish_spec(&spec).unwrap(), Published::New);
    assert_eq!(
        i.publish_spec(&spec).unwrap(),
        Published::Unchanged,
        "same content: nothing to do"
    );
    let issued = i
        .issue(
            &spec,
            Request {
                award: award(&spec, "Maija Meikäläinen", "2026-05-29"),
                format: Format::Jwt,
                idempotency_key: None,
            },
        )
        .unwrap();
    assert_eq!(issued.record.spec_version.as_deref(), Some("2026-1"));

    let mut changed = spec.clone();
    changed.workload.ects = Some(10.0);
    let e = i.publish_spec(&changed).unwrap_err();
    assert!(matches!(e, IssuerError::VersionPublished { .. }), "{e}");
    assert!(
        e.message(Lang::Fi).contains("tee uusi versio"),
        "{}",
        e.message(Lang::Fi)
    );
    assert_eq!(
        i.spec(&spec.id).unwrap().workload.ects,
        Some(5.0),
        "the catalogue is untouched"
    );

    // A new version starts as a draft copying the current one.
    let draft = i.new_version(&spec.id, None).unwrap();
    assert_eq!(draft["version"], "2026-2");
    assert_eq!(
        i.spec(&spec.id).unwrap().version.as_deref(),
        Some("2026-1"),
        "a draft is not public"
    );
    let mut draft = draft;
    draft["workload"]["ects"] = serde_json::json!(10);
    i.save_draft(&draft).unwrap();
    let (published, done) = i.publish_draft(&spec.id).unwrap();
    assert_eq!(
        (published.version.as_deref(), done),
        (Some("2026-2"), Published::New)
    );
    assert!(
        i.draft(&spec.id).unwrap().is_none(),
        "the draft became the version"
    );
    assert_eq!(
        i.spec(&spec.id).unwrap().workload.ects,
        Some(10.0),
        "the catalogue shows the current version"
    );
    assert_eq!(
        i.spec_version(&spec.id, Some("2026-1"))
            .unwrap()
            .workload
            .ects,
        Some(5.0)
    );
    assert_eq!(i.versions(&spec.id).unwrap(), vec!["2026-1", "2026-2"]);
    // The credential issued before still points to the version it was issued under.
    let claims = microcred_core::jose::peek(&issued.credential)
        .unwrap()
        .payload;
    let achievement = claims["credentialSubject"]["achievement"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        achievement.ends_with("/specs/datan-visualisointi-5op/versions/2026-1"),
        "{achievement}"
    );
    // An invalid draft is saved, but not published.
    let mut bad = draft.clone();
    bad["version"] = serde_json::json!("2026-3");
    bad["learningOutcomes"] = serde_json::json!([]);
    i.save_draft(&bad).unwrap();
    let e = i.publish_draft(&spec.id).unwrap_err();
    assert!(matches!(e, IssuerError::InvalidSpecification(_)), "{e}");
    assert!(
        e.message(Lang::Sv).contains("Lärandemål"),
        "{}",
        e.message(Lang::Sv)
    );
}

#[test]
fn licences_run_out_and_are_renewed() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    let spec = example("ensiapuryhmassa-toimiminen");
    assert_eq!(spec.validity.as_deref(), Some("P3Y"));
    i.publish_spec(&spec).unwrap();
    let first = i
        .issue(
            &spec,
            Request {
                award: award(&spec, "Matti Virtanen", "2026-05-29"),
                format: Format::DataIntegrity,
                idempotency_key: None,
            },
        )
        .unwrap();
    assert_eq!(first.record.valid_until.as_deref(), Some("2029-05-29"));
    let doc: serde_json::Value = serde_json::from_str(&first.credential).unwrap();
    assert_eq!(doc["validUntil"], "2029-05-29T00:00:00Z");

    // Back-dated so that it ran out long ago: refused unless confirmed.
    let old = award(&spec, "Aino Korhonen", "2020-01-15");
    let e = i
        .issue(
            &spec,
            Request {
                award: old.clone(),
                format: Format::Jwt,
                idempotency_key: None,
            },
        )
        .unwrap_err();
    assert!(
        matches!(e, IssuerError::AlreadyExpired(ref d) if d == "2023-01-15"),
        "{e}"
    );
    assert!(e.message(Lang::Fi).contains("vanhentunut"));
    let expired = i
        .issue_with(
            &spec,
            Request {
                award: old,
                format: Format::Jwt,
                idempotency_key: None,
            },
            &microcred_issuer::IssueOptions {
                confirm_expired: true,
                renews: None,
            },
        )
        .unwrap();
    assert!(expired.record.expired_at(chrono::Utc::now()));

    // Renewal: a new credential from today, linked; both listed.
    let renewed = i.renew(&expired.record.id, None, "opettaja").unwrap();
    assert_eq!(
        renewed.record.renews.as_deref(),
        Some(expired.record.id.as_str())
    );
    assert!(!renewed.record.expired_at(chrono::Utc::now()));
    assert_eq!(renewed.record.learner, expired.record.learner);
    let again = i.renew(&expired.record.id, None, "opettaja").unwrap();
    assert_eq!(
        again.record.id, renewed.record.id,
        "renewing twice a day gives one renewal"
    );
    let old = i.get(&expired.record.id).unwrap();
    assert_eq!(old.events.len(), 1);
    assert_eq!(old.events[0].action, Action::Renewed);
    assert_eq!(old.events[0].by, "opettaja");
    assert_eq!(
        old.events[0].reason.as_deref(),
        Some(renewed.record.id.as_str())
    );
    assert_eq!(i.list(&Default::default()).unwrap().len(), 3);

    // A revoked credential is not renewed.
    i.revoke_by(&first.record.id, "issued in error", "opettaja")
        .unwrap();
    assert!(matches!(
        i.renew(&first.record.id, None, "x"),
        Err(IssuerError::Revoked(_))
    ));
}

#[test]
fn revoking_needs_a_reason_and_is_kept_with_who_and_when() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    let spec = example("datan-visualisointi-5op");
    let a = i
        .issue(
            &spec,
            Request {
                award: award(&spec, "Emma Lindqvist", "2026-05-29"),
                format: Format::Jwt,
                idempotency_key: None,
            },
        )
        .unwrap()
        .record;
    for blank in ["", "   "] {
        assert!(matches!(
            i.revoke_by(&a.id, blank, "opettaja"),
            Err(IssuerError::ReasonRequired)
        ));
    }
    assert!(matches!(
        i.revoke_by(&a.id, &"x".repeat(501), "o"),
        Err(IssuerError::ReasonTooLong(500))
    ));
    i.suspend_by(&a.id, Some("under review"), "kanslia")
        .unwrap();
    i.reinstate_by(&a.id, "kanslia").unwrap();
    let r = i.revoke_by(&a.id, "awarded in error", "opettaja").unwrap();
    match &r.standing {
        Standing::Revoked { reason, by, .. } => {
            assert_eq!(reason, "awarded in error");
            assert_eq!(by.as_deref(), Some("opettaja"));
        }
        other => panic!("{other:?}"),
    }
    let trail: Vec<(Action, &str)> = r.events.iter().map(|e| (e.action, e.by.as_str())).collect();
    assert_eq!(
        trail,
        vec![
            (Action::Suspended, "kanslia"),
            (Action::Reinstated, "kanslia"),
            (Action::Revoked, "opettaja")
        ]
    );
    assert!(r.events.iter().all(|e| e.at.ends_with('Z')));
    assert!(matches!(
        i.reinstate_by(&a.id, "x"),
        Err(IssuerError::Revoked(_))
    ));
}

fn sheet(rows: &[&[&str]]) -> Vec<u8> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    microcred_issuer::xlsx_out::write("Oppijat", &rows).unwrap()
}

#[test]
fn a_cohort_forgives_a_learner_listed_twice_and_runs_again_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(&tmp.path().join("issuer"));
    let spec = example("terveydenhuollon-sihteeri");
    let xlsx = sheet(&[
        &[
            "nimi",
            "syntymäaika",
            "sähköposti",
            "arvosana",
            "valitut_osat",
        ],
        &[
            "Maija Meikäläinen",
            "2003-04-17",
            "",
            "4",
            "Terveydenhuollon sihteerin palvelut",
        ],
        &[
            "Matti Virtanen",
            "2001-11-02",
            "",
            "3",
            "Assistentti- ja sihteerityön palvelut",
        ],
        &[
            "maija meikäläinen",
            "2003-04-17",
            "",
            "5",
            "Terveydenhuollon sihteerin palvelut",
        ],
        &[
            "Aino Korhonen",
            "",
            "aino.korhonen@example.org",
            "5",
            "Ei tällaista osaa",
        ],
        &[
            "Onni Mäkinen",
            "1998-05-30",
            "",
            "2",
            "Terveydenhuollon sihteerin palvelut",
            "ylimääräinen",
        ],
    ]);
    assert!(cohort::is_xlsx(&xlsx));
    let opts = ReadOptions {
        default_issued: "2026-05-29",
        format: Format::Jwt,
        lang: Lang::Fi,
        confirm_expired: false,
    };
    let c = cohort::read_learners(&xlsx, &spec, &i, &opts).unwrap();
    assert_eq!(
        c.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
    let problems: Vec<(usize, &str)> = c
        .problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    assert_eq!(
        problems[0],
        (4, "sama oppija kuin rivillä 2: ohitettu"),
        "{problems:?}"
    );
    assert_eq!(problems[1].0, 5);
    assert!(
        problems[1]
            .1
            .starts_with("valitut_osat: \"Ei tällaista osaa\" ei ole valittavissa"),
        "{problems:?}"
    );
    assert_eq!(
        problems[2],
        (6, "rivillä on 6 kenttää, mutta otsikkorivillä 5 saraketta")
    );
    assert_eq!(
        c.rows[0].award.chosen_units,
        vec!["Terveydenhuollon sihteerin palvelut"]
    );

    let out = tmp.path().join("out");
    let run = Run {
        format: Format::Jwt,
        out_dir: &out,
        strict: false,
        threads: 2,
        batch: 10,
        confirm_expired: false,
    };
    let first = cohort::issue(&i, &spec, &c, &run, &|_, _| {}).unwrap();
    assert_eq!(
        (first.issued, first.already_issued, first.skipped.len()),
        (2, 0, 3)
    );
    // The credential names the unit Maija chose.
    let maija = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("maija"))
        .unwrap();
    let claims = microcred_core::jose::peek(&std::fs::read_to_string(maija.path()).unwrap())
        .unwrap()
        .payload;
    let units = claims["credentialSubject"]["completedUnit"]
        .as_array()
        .unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(
        units[0]["unitName"]["fi"],
        "Terveydenhuollon sihteerin palvelut"
    );
    // The same list again: nothing new, no file twice, no temporary file left.
    let c2 = cohort::read_learners(&xlsx, &spec, &i, &opts).unwrap();
    let second = cohort::issue(&i, &spec, &c2, &run, &|_, _| {}).unwrap();
    assert_eq!((second.issued, second.already_issued), (0, 2));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "two credentials and issued.csv: {names:?}");
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");

    // In English and Swedish too; CSV with a semicolon works the same.
    let csv = "name;email\nA Learner;a@example.org\nA Learner;a@example.org\n";
    let en = cohort::read_learners(
        csv.as_bytes(),
        &spec,
        &i,
        &ReadOptions {
            lang: Lang::En,
            ..opts.clone()
        },
    )
    .unwrap();
    assert_eq!(en.problems[0].reason, "same learner as line 2: skipped");
    let sv = cohort::read_learners(
        csv.as_bytes(),
        &spec,
        &i,
        &ReadOptions {
            lang: Lang::Sv,
            ..opts.clone()
        },
    )
    .unwrap();
    assert_eq!(
        sv.problems[0].reason,
        "samma studerande som på rad 2: hoppades över"
    );
    // Not a spreadsheet at all.
    let e = cohort::read_learners(b"PK\x03\x04garbage", &spec, &i, &opts).unwrap_err();
    assert!(
        e.message(Lang::Fi).contains("taulukkoa ei voi lukea"),
        "{}",
        e.message(Lang::Fi)
    );
    // The template has the chosen-units column for a specification with a choice.
    let t = cohort::template_csv(&spec, Lang::Sv);
    assert_eq!(
        t,
        "\u{feff}namn,födelsedatum,e-post,vitsord,utfärdad,giltig_till,valda_delar\n"
    );
    let tx = cohort::template_xlsx(&spec, Lang::Fi).unwrap();
    let empty = cohort::read_learners(&tx, &spec, &i, &opts).unwrap();
    assert!(empty.rows.is_empty() && empty.problems.is_empty());
}

#[test]
fn a_row_is_offered_once_however_often_the_list_is_uploaded() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(tmp.path());
    let spec = example("datan-visualisointi-5op");
    i.publish_spec(&spec).unwrap();
    let csv = "name,email\nMaija Meikäläinen,maija@example.org\n";
    let read = |issued: &str| {
        cohort::read_learners(
            csv.as_bytes(),
            &spec,
            &i,
            &ReadOptions {
                default_issued: issued,
                format: Format::SdJwt,
                lang: Lang::En,
                confirm_expired: false,
            },
        )
        .unwrap()
    };
    let row = read("2026-05-29").rows.remove(0);
    let once = OfferOptions {
        once_key: Some(row.offer_key.clone()),
        ..OfferOptions::default()
    };
    i.create_offer_with(&spec.id, row.award.clone(), Format::SdJwt, false, &once)
        .unwrap();
    // Uploaded again the next day: the same row, no new offer.
    let row2 = read("2026-05-30").rows.remove(0);
    assert_eq!(row2.offer_key, row.offer_key);
    let e = i
        .create_offer_with(
            &spec.id,
            row2.award,
            Format::SdJwt,
            false,
            &OfferOptions {
                once_key: Some(row2.offer_key),
                ..OfferOptions::default()
            },
        )
        .unwrap_err();
    assert!(matches!(e, IssuerError::AlreadyOffered(_)), "{e}");
}

#[test]
fn a_refused_init_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bad = profile();
    bad.legal_identifier.value = "1234567-0".into();
    let e = match Issuer::init(tmp.path(), bad, InitOptions::default()) {
        Err(e) => e,
        Ok(_) => panic!("a bad business id is refused"),
    };
    assert!(
        e.message(Lang::Fi).contains("Y-tunnus"),
        "{}",
        e.message(Lang::Fi)
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "no key, no file"
    );
    issuer(tmp.path());
    assert!(
        tmp.path().join("keys/key-1.jwk").exists(),
        "the retry works"
    );
}

/// A workbook whose first worksheet is `cells` (SpreadsheetML `<c>` elements by hand).
fn raw_sheet(cells: &str) -> Vec<u8> {
    raw_worksheet(&format!(
        r#"<sheetData><row r="1">{cells}</row></sheetData>"#
    ))
}

/// A workbook whose one worksheet holds `body` (its `<dimension>`, `<sheetData>`, …).
fn raw_worksheet(body: &str) -> Vec<u8> {
    use std::io::Write;
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Oppijat" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{body}</worksheet>"#
            ),
        ),
    ];
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, text) in parts {
        out.start_file(name, opts).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Found by the `learner_list` fuzz target: a cell reference too long for the reader's
/// arithmetic panicked inside calamine, and two cells in far corners of a sheet were laid
/// out as seventeen billion empty cells (an allocation that aborts the process). Both
/// are an unreadable spreadsheet now, and a list in the usual place still reads.
#[test]
fn a_spreadsheet_naming_far_cells_is_refused_without_a_panic_or_a_huge_allocation() {
    let tmp = tempfile::tempdir().unwrap();
    let i = issuer(&tmp.path().join("issuer"));
    let spec = example("tapahtumatekniikan-osaajaksi");
    let opts = ReadOptions {
        default_issued: "2026-05-29",
        format: Format::Jwt,
        lang: Lang::En,
        confirm_expired: false,
    };
    let text = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    for hostile in [
        // Far corners: the largest sheet there is (too many rows, said without laying
        // out its cells).
        format!("{}{}", text("A1", "name"), text("XFD1048576", "x")),
        // Beyond any sheet, and beyond u32 arithmetic.
        format!("{}{}", text("A1", "name"), text("A99999999999", "x")),
        format!("{}{}", text("A1", "name"), text("ZZZZZZZZ1", "x")),
    ] {
        let err = cohort::read_learners(&raw_sheet(&hostile), &spec, &i, &opts)
            .expect_err("a far cell is refused");
        let err = err.to_string();
        assert!(
            err.contains("cannot be read") || err.contains("more rows than"),
            "{hostile}: {err}"
        );
    }
    // References calamine would compute with before any cell is read: a row number
    // beyond u32, a dimension ending before it starts (an underflow) or beyond any sheet.
    let row = |r: &str| format!(r#"<row r="{r}">{}</row>"#, text("A1", "name"));
    for body in [
        format!("<sheetData>{}</sheetData>", row("99999999999")),
        format!("<sheetData>{}</sheetData>", row("4294967295")),
        format!(
            r#"<dimension ref="B2:A1"/><sheetData>{}</sheetData>"#,
            row("1")
        ),
        format!(
            r#"<dimension ref='A1:A99999999999'/><sheetData>{}</sheetData>"#,
            row("1")
        ),
    ] {
        let err = cohort::read_learners(&raw_worksheet(&body), &spec, &i, &opts)
            .expect_err("an out-of-range reference is refused");
        assert!(err.to_string().contains("cannot be read"), "{body}: {err}");
    }
    // A list that starts elsewhere than A1 is read from where it starts.
    let fine = [
        text("B2", "name"),
        text("C2", "date_of_birth"),
        text("D2", "grade"),
        text("B3", "Maija Meikäläinen"),
        text("C3", "2003-04-17"),
        text("D3", "4"),
    ]
    .concat();
    let c = cohort::read_learners(&raw_sheet(&fine), &spec, &i, &opts).unwrap();
    assert_eq!(c.rows.len(), 1, "{:?}", c.problems);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
}

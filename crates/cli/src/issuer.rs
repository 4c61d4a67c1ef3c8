//! `microcred issuer …`: keys and DIDs, issuing, the registry, revocation.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use microcred_issuer::cohort::{self, Run};
use microcred_issuer::{Filter, Format, InitOptions, Issuer, Record, Request, Standing};
use microcred_model::validate::{self, Options, MAX_DOCUMENT_BYTES};
use microcred_model::{IssuerProfile, Lang, LangMap, LegalIdScheme, LegalIdentifier};
use microcred_text::t;

use crate::input::read_limited;
use microcred_core::signing::KeyType;

#[derive(Subcommand)]
pub enum IssuerCommand {
    /// Create an issuer: signing key (mode 0600), DID and profile
    Init(Box<InitArgs>),
    /// Add a new signing key to a did:web issuer; old keys stay so old credentials verify
    RotateKey(RotateArgs),
    /// Put a certificate chain (PEM) in place for the signing key: SD-JWT VCs then carry it
    /// as x5c (HAIP). Also renews an expiring certificate
    Certificate(CertificateArgs),
    /// Print the issuer's DID document
    Did(DataArg),
    /// Issue credentials: to one learner (--award) or a cohort (--learners)
    Issue(IssueArgs),
    /// List issued credentials
    List(ListArgs),
    /// Show one issued credential's record (and the credential with --credential)
    Show(ShowArgs),
    /// Export an issued credential: --elm for Europass (European Learning Model 3 JSON-LD)
    Export(ExportArgs),
    /// Revoke a credential for good
    Revoke(RevokeArgs),
    /// Suspend a credential until it is unsuspended
    Suspend(SuspendArgs),
    /// Lift a suspension
    Unsuspend(IdArgs),
    /// Renew a credential: a new one for the same learner and specification from today,
    /// linked to the one it renews (both stay listed)
    Renew(RenewArgs),
    /// Write an empty learner list (CSV or .xlsx) with headers in fi, sv or en
    Template(TemplateArgs),
    /// Add specifications to the public catalogue (served at /specs)
    Publish(PublishArgs),
    /// API tokens for the HTTP API: create (shown once), list, revoke
    #[command(subcommand)]
    Token(TokenCommand),
    /// Make a credential offer for a learner's wallet (OpenID4VCI pre-authorized code)
    Offer(OfferArgs),
    /// Staff accounts for the provider's web pages: add, list, remove
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an account; the password comes from MICROCRED_PASSWORD or a prompt
    Add(UserArgs),
    List(DataArg),
    Remove(UserArgs),
}

#[derive(Args)]
pub struct UserArgs {
    #[command(flatten)]
    data: DataArg,
    username: String,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Make a token; it is printed once and stored only as a hash
    Create(TokenCreateArgs),
    List(DataArg),
    /// Revoke a token by its ID
    Revoke(IdArgs),
}

#[derive(Args)]
pub struct TokenCreateArgs {
    #[command(flatten)]
    data: DataArg,
    /// What the token is for (e.g. the student information system)
    #[arg(long, default_value = "api")]
    name: String,
}

#[derive(Args)]
pub struct PublishArgs {
    #[command(flatten)]
    data: DataArg,
    #[arg(required = true, value_name = "SPEC.json")]
    specs: Vec<String>,
}

#[derive(Args)]
pub struct OfferArgs {
    #[command(flatten)]
    data: DataArg,
    /// The catalogue ID of the specification
    #[arg(long, value_name = "ID")]
    spec: String,
    /// The award (JSON); the learner's DID comes from their wallet
    #[arg(long, value_name = "FILE")]
    award: String,
    #[arg(long, default_value = "sd-jwt")]
    format: Format,
    /// Protect the offer with a six-digit code to hand over separately
    #[arg(long)]
    tx_code: bool,
    /// Also print the offer as a QR code
    #[arg(long)]
    qr: bool,
}

#[derive(Args)]
pub struct RenewArgs {
    #[command(flatten)]
    data: DataArg,
    /// The credential to renew
    id: String,
    /// Date of issue of the renewal (default: today)
    #[arg(long, value_name = "DATE")]
    issued: Option<String>,
    /// Where to write the new credential (default: stdout)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    by: ByArg,
}

#[derive(Args)]
pub struct TemplateArgs {
    #[command(flatten)]
    data: DataArg,
    /// The catalogue id of the specification (adds the chosen-units column when it has a
    /// choice of units)
    #[arg(long, value_name = "ID")]
    spec: String,
    /// Where to write: a .csv or .xlsx file
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Who is doing it, for the registry's audit trail.
#[derive(Args)]
pub struct ByArg {
    /// Who does this, for the registry's history (default: cli:$USER)
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
}

impl ByArg {
    fn name(&self) -> String {
        self.by.clone().unwrap_or_else(|| {
            format!(
                "cli:{}",
                std::env::var("USER")
                    .or_else(|_| std::env::var("USERNAME"))
                    .unwrap_or_else(|_| "-".into())
            )
        })
    }
}

#[derive(Args)]
pub struct DataArg {
    /// The issuer's data directory
    #[arg(long, env = "MICROCRED_ISSUER_DATA")]
    pub data: PathBuf,
}

#[derive(Args)]
pub struct InitArgs {
    #[command(flatten)]
    data: DataArg,
    /// Use the published demo key and the example college (never for real credentials)
    #[arg(long, conflicts_with_all = ["profile", "name"])]
    demo: bool,
    /// A complete issuer profile (JSON) instead of the flags below
    #[arg(long, value_name = "FILE", conflicts_with = "name")]
    profile: Option<String>,
    /// The name readers know (used for every language unless --name-fi/--name-sv/--name-en)
    #[arg(long, required_unless_present_any = ["demo", "profile"])]
    name: Option<String>,
    #[arg(long)]
    name_fi: Option<String>,
    #[arg(long)]
    name_sv: Option<String>,
    #[arg(long)]
    name_en: Option<String>,
    /// The registered legal name (defaults to --name)
    #[arg(long)]
    legal_name: Option<String>,
    /// Legal identifier: a Finnish business ID (Y-tunnus) by default
    #[arg(long, required_unless_present_any = ["demo", "profile"])]
    legal_id: Option<String>,
    /// Scheme of --legal-id: fi-business-id, vat, lei or other
    #[arg(long, default_value = "fi-business-id")]
    legal_id_scheme: String,
    /// ISO 3166-1 alpha-2 country code
    #[arg(long, required_unless_present_any = ["demo", "profile"])]
    country: Option<String>,
    #[arg(long)]
    region: Option<String>,
    /// Town or city: the default place of issuing
    #[arg(long)]
    locality: Option<String>,
    #[arg(long)]
    url: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// Use did:web for this domain instead of did:key: example.fi, example.fi:issuers:tredu
    /// (with a path), or 127.0.0.1:8080 (with a port)
    #[arg(long, value_name = "DOMAIN")]
    did_web: Option<String>,
    /// Where the issuer's catalogue and status lists are served
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The signing key: ed25519 (default) or p256 (ES256, which EU Digital Identity
    /// Wallets require; signs jwt and sd-jwt credentials) [default: p256 with
    /// --certificate, else ed25519]
    #[arg(long, value_name = "TYPE")]
    key_type: Option<KeyType>,
    /// The signing key's certificate chain from your certificate authority (PEM: your
    /// certificate first, then intermediates): SD-JWT VCs carry it as x5c (HAIP 1.0).
    /// It must name the issuer's address (--base-url https://…, or --did-web)
    #[arg(long, value_name = "FILE", conflicts_with = "demo")]
    certificate: Option<PathBuf>,
    /// A P-256 private key you hold (PKCS#8 PEM, mode 0600), e.g. the one your
    /// certificate authority certified: it becomes the signing key instead of a new one
    #[arg(long, value_name = "FILE", conflicts_with = "demo")]
    key: Option<PathBuf>,
}

#[derive(Args)]
pub struct CertificateArgs {
    #[command(flatten)]
    data: DataArg,
    /// The certificate chain (PEM: the signing key's certificate first, then
    /// intermediates)
    #[arg(value_name = "FILE")]
    certificate: PathBuf,
}

#[derive(Args)]
pub struct RotateArgs {
    #[command(flatten)]
    data: DataArg,
    /// The new key's type: ed25519 or p256 [default: the current key's]
    #[arg(long, value_name = "TYPE")]
    key_type: Option<KeyType>,
}

#[derive(Args)]
pub struct IssueArgs {
    #[command(flatten)]
    data: DataArg,
    /// The specification (JSON) to award
    #[arg(long, value_name = "FILE")]
    spec: String,
    /// One award (JSON): issue a single credential
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "learners",
        required_unless_present = "learners"
    )]
    award: Option<String>,
    /// A learner list (CSV or .xlsx): issue one credential per row
    #[arg(long, value_name = "FILE")]
    learners: Option<String>,
    /// Signed form: di (Data Integrity), jwt (VC-JOSE) or sd-jwt (SD-JWT VC)
    #[arg(long, default_value = "di")]
    format: Format,
    /// Where to write: a directory for --learners, a file for --award (default: stdout)
    #[arg(long, value_name = "PATH", required_if_eq("learners", "_"))]
    out: Option<PathBuf>,
    /// Sign nothing if any learner row is invalid
    #[arg(long)]
    strict: bool,
    /// Date of issuing for rows without one (default: today)
    #[arg(long, value_name = "DATE")]
    issued: Option<String>,
    /// Learner rows signed and recorded per durable write
    #[arg(long, default_value_t = cohort::DEFAULT_BATCH)]
    batch: usize,
    /// Issue even credentials already expired on their date of issue (back-dated licences)
    #[arg(long)]
    confirm_expired: bool,
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    data: DataArg,
    /// Only credentials of this specification
    #[arg(long = "spec", value_name = "ID")]
    spec: Option<String>,
    /// Only credentials issued on or after this date
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Search learner names and ids
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ShowArgs {
    #[command(flatten)]
    data: DataArg,
    id: String,
    /// Print the credential itself
    #[arg(long)]
    credential: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    data: DataArg,
    id: String,
    /// As a European Learning Model (ELM 3) EuropeanDigitalCredential, for Europass
    #[arg(long, required = true)]
    elm: bool,
    /// Write here instead of standard output
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct IdArgs {
    #[command(flatten)]
    data: DataArg,
    id: String,
    #[command(flatten)]
    by: ByArg,
}

#[derive(Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    data: DataArg,
    id: String,
    /// Why (required; kept in the registry, with who and when)
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    by: ByArg,
}

#[derive(Args)]
pub struct SuspendArgs {
    #[command(flatten)]
    data: DataArg,
    id: String,
    #[arg(long)]
    reason: Option<String>,
    #[command(flatten)]
    by: ByArg,
}

pub fn run(cmd: IssuerCommand) -> Result<ExitCode> {
    match cmd {
        IssuerCommand::Init(a) => init(*a),
        IssuerCommand::RotateKey(a) => {
            let issuer = Issuer::open(&a.data.data)?;
            let issuer = match a.key_type {
                Some(kind) => issuer.rotate_key_to(kind)?,
                None => issuer.rotate_key()?,
            };
            println!("{}", issuer.verification_method());
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Certificate(a) => {
            let lang = crate::default_lang();
            let pem = read_certificate(&a.certificate)?;
            let (_, in_use) = Issuer::open(&a.data.data)?.set_certificate(&pem)?;
            print_certificate(&in_use, lang);
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Did(a) => {
            let issuer = Issuer::open(&a.data)?;
            println!("{}", serde_json::to_string_pretty(&issuer.did_document()?)?);
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Issue(a) => issue(a),
        IssuerCommand::List(a) => list(a),
        IssuerCommand::Export(a) => {
            let issuer = Issuer::open(&a.data.data)?;
            let text = issuer.credential(&a.id)?;
            let lang = crate::default_lang();
            // --elm is required: the one export there is so far.
            let _ = a.elm;
            // The provider's seal, when configured (DATA/seal/cert.pem and key.pem).
            let seal = microcred_issuer::seal::Seal::load(issuer.dir())?;
            crate::elm::export(&text, None, a.out.as_deref(), lang, seal.as_ref())?;
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Show(a) => {
            let issuer = Issuer::open(&a.data.data)?;
            let rec = issuer.get(&a.id)?;
            if a.credential {
                println!("{}", issuer.credential(&rec.id)?);
            } else {
                println!("{}", serde_json::to_string_pretty(&rec)?);
            }
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Revoke(a) => {
            let issuer = Issuer::open(&a.data.data)?;
            let rec = issuer.revoke_by(&a.id, &a.reason, &a.by.name())?;
            report_standing(&rec);
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Suspend(a) => {
            let issuer = Issuer::open(&a.data.data)?;
            let rec = issuer.suspend_by(&a.id, a.reason.as_deref(), &a.by.name())?;
            report_standing(&rec);
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Unsuspend(a) => {
            let issuer = Issuer::open(&a.data.data)?;
            let rec = issuer.reinstate_by(&a.id, &a.by.name())?;
            report_standing(&rec);
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Renew(a) => {
            let lang = crate::default_lang();
            let issuer = Issuer::open(&a.data.data)?;
            let issued = issuer.renew(&a.id, a.issued.as_deref(), &a.by.name())?;
            match &a.out {
                Some(out) => {
                    microcred_issuer::issuer::write_atomic(out, issued.credential.as_bytes())?
                }
                None => println!("{}", issued.credential),
            }
            let until = issued
                .record
                .valid_until
                .as_deref()
                .and_then(|v| microcred_model::render::validity_line(v, chrono::Utc::now(), lang))
                .unwrap_or_default();
            eprintln!(
                "{}",
                t!(
                    lang,
                    "cli_renews",
                    new = issued.record.id,
                    old = a.id,
                    until = until
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Template(a) => {
            let lang = crate::default_lang();
            let issuer = Issuer::open(&a.data.data)?;
            let spec = issuer.spec(&a.spec)?;
            let xlsx = a
                .out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            let bytes = if xlsx {
                cohort::template_xlsx(&spec, lang)?
            } else {
                cohort::template_csv(&spec, lang).into_bytes()
            };
            microcred_issuer::issuer::write_atomic(&a.out, &bytes)?;
            eprintln!("{}", a.out.display());
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Publish(a) => {
            let issuer = Issuer::open(&a.data.data)?;
            for path in &a.specs {
                let bytes = read_limited(path, MAX_DOCUMENT_BYTES)?;
                let (spec, _) = validate::load_specification(&bytes, &Options::default())
                    .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
                issuer.publish_spec(&spec)?;
                println!("{}/specs/{}", issuer.config().base_url, spec.id);
            }
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::User(UserCommand::Add(a)) => {
            Issuer::open(&a.data.data)?;
            let password = match std::env::var("MICROCRED_PASSWORD") {
                Ok(p) => zeroize::Zeroizing::new(p),
                Err(_) => {
                    let first = zeroize::Zeroizing::new(rpassword::prompt_password(
                        "Password / Salasana / Lösenord: ",
                    )?);
                    let again = zeroize::Zeroizing::new(rpassword::prompt_password(
                        "Again / Uudelleen / Igen: ",
                    )?);
                    if *first != *again {
                        anyhow::bail!(microcred_text::t!(
                            crate::default_lang(),
                            "cli_passwords_differ"
                        ));
                    }
                    first
                }
            };
            microcred_issuer::staff::add(&a.data.data, &a.username, &password)
                .map_err(|e| anyhow::anyhow!(e.message(crate::default_lang())))?;
            eprintln!(
                "{}",
                t!(
                    crate::default_lang(),
                    "cli_account_added",
                    name = a.username.to_lowercase()
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::User(UserCommand::List(a)) => {
            for u in microcred_issuer::staff::load(&a.data)? {
                println!("{}  {}", u.username, u.created);
            }
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::User(UserCommand::Remove(a)) => {
            microcred_issuer::staff::remove(&a.data.data, &a.username)
                .map_err(|e| anyhow::anyhow!(e.message(crate::default_lang())))?;
            eprintln!(
                "{}",
                microcred_text::t!(
                    crate::default_lang(),
                    "cli_account_removed",
                    name = a.username
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Token(TokenCommand::Create(a)) => {
            let issuer = Issuer::open(&a.data.data)?;
            let (info, token) = issuer.create_token(&a.name)?;
            println!("{token}");
            eprintln!(
                "token {} ({}): shown only now; keep it secret. Revoke: microcred issuer token revoke {}",
                info.id, info.name, info.id
            );
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Token(TokenCommand::List(a)) => {
            let issuer = Issuer::open(&a.data)?;
            for t in issuer.tokens()? {
                println!(
                    "{}  {:<24}  {}  {}",
                    t.id,
                    t.name,
                    t.created,
                    if t.revoked { "revoked" } else { "active" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Token(TokenCommand::Revoke(a)) => {
            let issuer = Issuer::open(&a.data.data)?;
            let t = issuer.revoke_token(&a.id)?;
            println!("{} revoked", t.id);
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::Offer(a) => {
            let issuer = Issuer::open(&a.data.data)?;
            let bytes = read_limited(&a.award, MAX_DOCUMENT_BYTES)?;
            let spec = issuer.spec(&a.spec)?;
            let (mut award, _) = validate::load_award(
                &bytes,
                Some(&spec),
                Some(issuer.profile()),
                &Options::default(),
            )
            .map_err(|e| anyhow::anyhow!("{}: {e}", a.award))?;
            award.json_schema = None;
            let offer = issuer.create_offer(&a.spec, award, a.format, a.tx_code)?;
            let uri = offer.offer_uri(&issuer.config().base_url);
            println!("{uri}");
            if let Some(t) = &offer.tx_code {
                eprintln!(
                    "{}",
                    microcred_text::t!(crate::default_lang(), "cli_transaction_code", code = t)
                );
            }
            if a.qr {
                eprint!("{}", microcred_wallet::qr::to_terminal(&uri)?);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn report_standing(rec: &Record) {
    println!("{} {}", rec.id, rec.standing.label());
}

/// Reads a PEM certificate chain given on the command line (a few certificates: small).
fn read_certificate(path: &std::path::Path) -> Result<String> {
    let bytes = read_limited(&path.to_string_lossy(), 256 * 1024)?;
    String::from_utf8(bytes).with_context(|| format!("{}: not PEM text", path.display()))
}

/// Tells the provider which certificate their SD-JWT VCs now carry.
fn print_certificate(c: &microcred_issuer::CertificateInUse, lang: Lang) {
    let until = chrono::DateTime::from_timestamp(c.info.not_after, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let names: Vec<&str> = c
        .info
        .dns_names
        .iter()
        .chain(c.info.uris.iter())
        .map(String::as_str)
        .collect();
    let names = names.join(", ");
    let (subject, issuer, n) = (&c.info.subject, &c.info.issuer, c.in_x5c);
    eprintln!(
        "{}",
        t!(
            lang,
            "cli_certificate_in_use",
            subject = subject,
            issuer = issuer,
            names = names,
            until = until,
            n = n
        )
    );
    if c.root_left_out {
        eprintln!("{}", t!(lang, "cli_root_left_out"));
    }
}

fn init(a: InitArgs) -> Result<ExitCode> {
    let dir = &a.data.data;
    let lang = crate::default_lang();
    let certificate = match &a.certificate {
        Some(p) => Some(read_certificate(p)?),
        None => None,
    };
    let key = match &a.key {
        Some(p) => Some(microcred_issuer::ProvidedKey::read(p)?),
        None => None,
    };
    // A certificate goes with a P-256 key (HAIP's ES256): that is the default with one,
    // and an Ed25519 key asked for beside it is refused by the issuer with the reason.
    let key_type = a.key_type.unwrap_or(if a.certificate.is_some() {
        KeyType::P256
    } else {
        KeyType::Ed25519
    });
    if key.is_some() && key_type != KeyType::P256 {
        return Err(
            microcred_issuer::IssuerError::CertificateKeyType(format!("{key_type:?}")).into(),
        );
    }
    let issuer = if a.demo {
        eprintln!(
            "microcred: {}",
            microcred_text::t!(crate::default_lang(), "cli_demo_key")
        );
        microcred_issuer::demo::init_demo(dir, a.base_url.clone())?
    } else {
        let profile = match &a.profile {
            Some(path) => {
                let bytes = read_limited(path, MAX_DOCUMENT_BYTES)?;
                let (mut p, _) = validate::load_issuer_profile(&bytes)
                    .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
                p.json_schema = None;
                p
            }
            None => {
                let name = a.name.clone().unwrap_or_default();
                let mut names = LangMap::new();
                for (tag, v) in [("fi", &a.name_fi), ("sv", &a.name_sv), ("en", &a.name_en)] {
                    names = names.with(tag, v.clone().unwrap_or_else(|| name.clone()));
                }
                let scheme = LegalIdScheme::from_code(&a.legal_id_scheme).with_context(|| {
                    format!(
                        "unknown --legal-id-scheme {}: use fi-business-id, vat, lei or other",
                        a.legal_id_scheme
                    )
                })?;
                IssuerProfile {
                    json_schema: None,
                    id: None,
                    name: names,
                    legal_name: a.legal_name.clone().unwrap_or(name),
                    legal_identifier: LegalIdentifier {
                        scheme,
                        value: a.legal_id.clone().unwrap_or_default(),
                    },
                    country: a.country.clone().unwrap_or_default(),
                    region: a.region.clone(),
                    locality: a.locality.clone(),
                    url: a.url.clone(),
                    email: a.email.clone(),
                    logo: None,
                    co_awarding_bodies: Vec::new(),
                }
            }
        };
        Issuer::init(
            dir,
            profile,
            InitOptions {
                did_web: a.did_web.clone(),
                base_url: a.base_url.clone(),
                seed: None,
                key_type,
                key,
                certificate: certificate.clone(),
            },
        )?
    };

    println!("{}", issuer.did());
    eprintln!(
        "{}",
        microcred_text::t!(
            crate::default_lang(),
            "cli_issuer_created",
            dir = dir.display().to_string(),
            key = issuer.config().active_key.to_string()
        )
    );
    if issuer.config().did_web.is_some() {
        eprintln!(
            "{}",
            microcred_text::t!(
                crate::default_lang(),
                "cli_publish_did_json",
                file = dir.join("did.json").display().to_string(),
                url = microcred_core::did::did_web_url(issuer.did())?
            )
        );
    }
    if let Some(info) = issuer.certificate_info() {
        let in_x5c = issuer.certificate_chain().map_or(0, <[_]>::len);
        let given = certificate
            .as_deref()
            .and_then(|pem| microcred_core::x509::pem_certificates(pem).ok())
            .map_or(0, |c| c.len());
        let in_use = microcred_issuer::CertificateInUse {
            in_x5c,
            root_left_out: given > in_x5c,
            info,
        };
        print_certificate(&in_use, lang);
    }
    Ok(ExitCode::SUCCESS)
}

fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

fn issue(a: IssueArgs) -> Result<ExitCode> {
    let lang = crate::default_lang();
    let issuer = Issuer::open(&a.data.data)?;
    let spec_bytes = read_limited(&a.spec, MAX_DOCUMENT_BYTES)?;
    let (spec, _) = validate::load_specification(&spec_bytes, &Options::default())
        .map_err(|e| anyhow::anyhow!("{}: {}", a.spec, e.message(lang)))?;
    let issued = a.issued.clone().unwrap_or_else(today);

    if let Some(path) = &a.award {
        let bytes = read_limited(path, MAX_DOCUMENT_BYTES)?;
        let (mut award, _) = validate::load_award(
            &bytes,
            Some(&spec),
            Some(issuer.profile()),
            &Options::default(),
        )
        .map_err(|e| anyhow::anyhow!("{path}: {}", e.message(lang)))?;
        award.json_schema = None;
        let issued = issuer.issue_with(
            &spec,
            Request {
                award,
                format: a.format,
                idempotency_key: None,
            },
            &microcred_issuer::IssueOptions {
                confirm_expired: a.confirm_expired,
                renews: None,
            },
        )?;
        match &a.out {
            Some(out) => {
                microcred_issuer::issuer::write_atomic(out, issued.credential.as_bytes())?;
                eprintln!("{} → {}", issued.record.id, out.display());
            }
            None => {
                let mut stdout = std::io::stdout();
                writeln!(stdout, "{}", issued.credential)?;
                eprintln!("{}", issued.record.id);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let Some(learners) = &a.learners else {
        bail!(microcred_text::t!(
            crate::default_lang(),
            "cli_award_or_learners"
        ));
    };
    let Some(out) = &a.out else {
        bail!(microcred_text::t!(
            crate::default_lang(),
            "cli_learners_need_out"
        ));
    };
    let bytes = read_limited(learners, cohort::MAX_CSV_BYTES)?;
    let cohort = cohort::read_learners(
        &bytes,
        &spec,
        &issuer,
        &cohort::ReadOptions {
            default_issued: &issued,
            format: a.format,
            lang,
            confirm_expired: a.confirm_expired,
        },
    )?;
    for p in &cohort.problems {
        eprintln!(
            "{learners}:{}: {}: {}",
            p.line,
            t!(lang, "cli_skipped"),
            p.reason
        );
    }
    if a.strict && !cohort.problems.is_empty() {
        eprintln!("{}", t!(lang, "cli_strict_nothing_signed"));
        return Ok(ExitCode::from(1));
    }
    let bar = ProgressBar::new(cohort.rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let outcome = cohort::issue(
        &issuer,
        &spec,
        &cohort,
        &Run {
            format: a.format,
            out_dir: out,
            strict: a.strict,
            threads,
            batch: a.batch,
            confirm_expired: a.confirm_expired,
        },
        &|done, _| bar.set_position(done as u64),
    )?;
    bar.finish_and_clear();
    let (n, before, skipped) = (
        outcome.issued,
        outcome.already_issued,
        outcome.skipped.len(),
    );
    let one = |n: usize, a: &str, b: &str| if n == 1 { a.to_string() } else { b.to_string() };
    let msg = match lang {
        Lang::Fi => format!(
            "{n} {} myönnetty, {before} oli jo myönnetty aiemmin, {skipped} {} ohitettu → {} (luettelo: issued.csv)",
            one(n, "todistus", "todistusta"),
            one(skipped, "rivi", "riviä"),
            out.display()
        ),
        Lang::Sv => format!(
            "{n} intyg {}, {before} fanns redan, {skipped} {} över → {} (förteckning: issued.csv)",
            one(n, "utfärdat", "utfärdade"),
            one(skipped, "rad hoppades", "rader hoppades"),
            out.display()
        ),
        Lang::En => format!(
            "{n} {} issued, {before} already issued before, {skipped} {} skipped → {} (list: issued.csv)",
            one(n, "credential", "credentials"),
            one(skipped, "row", "rows"),
            out.display()
        ),
    };
    println!("{msg}");
    Ok(ExitCode::from(if outcome.skipped.is_empty() {
        0
    } else {
        1
    }))
}

fn list(a: ListArgs) -> Result<ExitCode> {
    let issuer = Issuer::open(&a.data.data)?;
    let records = issuer.list(&Filter {
        specification: a.spec.clone(),
        since: a.since.clone(),
        text: a.search.clone(),
        limit: None,
    })?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&records)?);
    } else {
        for r in &records {
            let standing = match &r.standing {
                Standing::Revoked { reason, .. } => format!("revoked ({reason})"),
                other => other.label().to_string(),
            };
            println!(
                "{}  {}  {:<7} {:<10} {}  {}",
                r.issued_at, r.id, r.format, standing, r.specification, r.learner
            );
        }
        eprintln!(
            "{}",
            microcred_text::t!(
                crate::default_lang(),
                "cli_credential_count",
                count = records.len()
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

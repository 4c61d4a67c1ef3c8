//! What can go wrong when issuing.

use microcred_core::{
    di::DiError, did::DidError, jose::JwsError, keys::KeyError, sdjwt::SdJwtError,
    status::StatusError,
};
use microcred_model::credential::BuildError;

#[derive(Debug, thiserror::Error)]
pub enum IssuerError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Key(#[from] KeyError),
    #[error("{0}")]
    Did(#[from] DidError),
    #[error("issuer data directory {0} is already initialised")]
    AlreadyInitialised(String),
    #[error("{0} is not an issuer data directory (run `microcred issuer init --data {0}` first)")]
    NotInitialised(String),
    #[error("{path} is invalid: {reason}")]
    BadFile { path: String, reason: String },
    #[error("the issuer profile is invalid: {0}")]
    BadProfile(String),
    #[error("the award is invalid: {0}")]
    BadAward(String),
    #[error("a did:key issuer cannot rotate keys: the DID is the key. Use a did:web issuer (`issuer init --did-web DOMAIN`) to rotate keys under one identity")]
    CannotRotateDidKey,
    #[error("the registry: {0}")]
    Registry(#[from] RegistryError),
    #[error("no credential with id {0}")]
    UnknownCredential(String),
    #[error("credential {0} is revoked; a revoked credential cannot be reinstated")]
    Revoked(String),
    #[error("credential {0} is not suspended")]
    NotSuspended(String),
    #[error("building the credential: {0}")]
    Build(#[from] BuildError),
    #[error("signing (Data Integrity): {0}")]
    Di(#[from] DiError),
    #[error("signing (JWS): {0}")]
    Jws(#[from] JwsError),
    #[error("signing (SD-JWT): {0}")]
    SdJwt(#[from] SdJwtError),
    #[error("status list: {0}")]
    Status(#[from] StatusError),
    #[error("token status list: {0}")]
    TokenStatus(#[from] microcred_core::tsl::TslError),
    #[error("the learner's DID {0} cannot hold an SD-JWT key binding (use did:key or did:jwk with Ed25519)")]
    UnbindableHolder(String),
    #[error("learner list: {0}")]
    Cohort(String),
    #[error("the specification is invalid: {0}")]
    BadSpecification(String),
    #[error("no specification {0} in the catalogue")]
    UnknownSpecification(String),
    #[error("the credential offer is unknown, used, expired or void")]
    OfferUnusable,
    #[error("the transaction code is wrong")]
    WrongTxCode,
    #[error("no API token {0}")]
    UnknownToken(String),
    #[error("the issuer profile is invalid: {}", .0.describe(microcred_model::Lang::En))]
    InvalidProfile(microcred_model::Report),
    #[error("the award is invalid: {}", .0.describe(microcred_model::Lang::En))]
    InvalidAward(microcred_model::Report),
    #[error("the specification is invalid: {}", .0.describe(microcred_model::Lang::En))]
    InvalidSpecification(microcred_model::Report),
    #[error("version {version} of {id} is published already with other content: a published version never changes; make a new version")]
    VersionPublished { id: String, version: String },
    #[error("a revocation needs a reason")]
    ReasonRequired,
    #[error("the reason is longer than {0} characters")]
    ReasonTooLong(usize),
    #[error("the credential would be expired on the day it is issued (valid until {0}); confirm to issue it anyway")]
    AlreadyExpired(String),
    #[error("credential {0} cannot be renewed: the registry does not hold its award")]
    CannotRenew(String),
    #[error("an offer was made for this learner already")]
    AlreadyOffered(i64),
    /// The credential handed in does not conform to the data model, or cannot be
    /// signed as it is: every problem, each with its path.
    #[error("the credential is not conforming: {}", .0.errors().map(|p| format!("{}: {}", p.path, p.message(microcred_model::Lang::En))).collect::<Vec<_>>().join("; "))]
    Nonconforming(microcred_model::validate::Report),
    #[error(
        "credential {0} carries a status its requester gave; this issuer keeps no status for it"
    )]
    NoStatusHere(String),
    /// `--certificate` at `init` without the key it was issued for: a key made now
    /// cannot be the one a certificate authority certified before.
    #[error("a certificate needs the key it was issued for (--key FILE, PKCS#8 PEM): a key made now cannot match it")]
    CertificateNeedsKey,
    /// HAIP's SD-JWT VC profile signs with ES256: certificates go with P-256 keys.
    #[error(
        "certificates are for P-256 issuers (ES256, as HAIP requires): this issuer's key is {0}"
    )]
    CertificateKeyType(String),
    #[error("the certificate ({subject}) is for another key than the issuer's signing key")]
    CertificateKeyMismatch { subject: String },
    #[error(
        "the certificate ({0}) is self-signed; HAIP requires one issued by a certificate authority"
    )]
    CertificateSelfSigned(String),
    #[error("the certificate expired on {0}")]
    CertificateExpired(String),
    #[error("the certificate is valid only from {0}")]
    CertificateNotYetValid(String),
    #[error("the certificate chain cannot be used: {0}")]
    CertificateChain(String),
    /// The SD-JWT VC's `iss` is the issuer's address, which its certificate must name.
    #[error("the certificate names {names}, not the issuer's address {url}: give --base-url https://<a name in the certificate>")]
    CertificateDoesNotName { url: String, names: String },
    #[error("the key file {path}: {reason}")]
    KeyFile { path: String, reason: String },
}

impl IssuerError {
    /// The message in `lang`: the errors a provider meets in their work are said in
    /// Finnish, Swedish or English; the rest (storage, signing) in English.
    pub fn message(&self, lang: microcred_model::Lang) -> String {
        use IssuerError as E;
        let l = lang;
        match self {
            E::InvalidAward(r) => format!(
                "{}: {}",
                l.pick("Todistuksen tiedoissa on korjattavaa", "Intygets uppgifter behöver rättas", "The award needs fixing"),
                r.describe(l)
            ),
            E::InvalidProfile(r) => format!(
                "{}: {}",
                l.pick("Myöntäjän tiedoissa on korjattavaa", "Utfärdarens uppgifter behöver rättas", "The issuer profile needs fixing"),
                r.describe(l)
            ),
            E::InvalidSpecification(r) => format!(
                "{}: {}",
                l.pick("Kuvauksessa on korjattavaa", "Beskrivningen behöver rättas", "The specification needs fixing"),
                r.describe(l)
            ),
            E::VersionPublished { id, version } => l.pick(
                format!("Osaamiskokonaisuuden {id} versio {version} on jo julkaistu toisenlaisena. Julkaistu versio ei muutu: tee uusi versio."),
                format!("Version {version} av {id} är redan publicerad med annat innehåll. En publicerad version ändras inte: gör en ny version."),
                format!("Version {version} of {id} is published already with other content. A published version never changes: make a new version."),
            ),
            E::ReasonRequired => l
                .pick("Kirjoita mitätöinnin syy.", "Ange orsaken till återkallelsen.", "Give the reason for the revocation.")
                .to_string(),
            E::ReasonTooLong(n) => l.pick(
                format!("Syy on liian pitkä (enintään {n} merkkiä)."),
                format!("Orsaken är för lång (högst {n} tecken)."),
                format!("The reason is too long (at most {n} characters)."),
            ),
            E::AlreadyExpired(until) => l.pick(
                format!("Todistus olisi vanhentunut jo myöntämispäivänä (voimassa {until} asti). Vahvista, jos haluat myöntää sen silti."),
                format!("Intyget skulle ha gått ut redan på utfärdandedagen (giltigt till {until}). Bekräfta om du ändå vill utfärda det."),
                format!("The credential would be expired on the day it is issued (valid until {until}). Confirm to issue it anyway."),
            ),
            E::CannotRenew(id) => l.pick(
                format!("Todistusta {id} ei voi uusia: rekisterissä ei ole sen tietoja."),
                format!("Intyget {id} kan inte förnyas: registret har inte dess uppgifter."),
                format!("Credential {id} cannot be renewed: the registry does not hold its award."),
            ),
            E::AlreadyOffered(_) => l
                .pick("Oppijalle on jo tehty tarjous.", "Den studerande har redan fått ett erbjudande.", "An offer was made for this learner already.")
                .to_string(),
            E::UnknownSpecification(id) => l.pick(
                format!("Osaamiskokonaisuutta {id} ei ole tarjonnassa."),
                format!("Mikromeriten {id} finns inte i utbudet."),
                format!("No specification {id} in the catalogue."),
            ),
            E::UnknownCredential(id) => l.pick(
                format!("Todistusta {id} ei ole."),
                format!("Intyget {id} finns inte."),
                format!("No credential with id {id}."),
            ),
            E::Revoked(id) => l.pick(
                format!("Todistus {id} on mitätöity; mitätöintiä ei voi perua."),
                format!("Intyget {id} är återkallat; en återkallelse kan inte hävas."),
                format!("Credential {id} is revoked; a revoked credential cannot be reinstated."),
            ),
            E::NotSuspended(id) => l.pick(
                format!("Todistus {id} ei ole keskeytetty."),
                format!("Intyget {id} är inte tillfälligt spärrat."),
                format!("Credential {id} is not suspended."),
            ),
            E::NotInitialised(dir) => l.pick(
                format!("{dir} ei ole myöntäjän datahakemisto (aja ensin `microcred issuer init --data {dir}`)"),
                format!("{dir} är inte en datakatalog för en utfärdare (kör först `microcred issuer init --data {dir}`)"),
                format!("{dir} is not an issuer data directory (run `microcred issuer init --data {dir}` first)"),
            ),
            E::AlreadyInitialised(dir) => l.pick(
                format!("myöntäjän datahakemisto {dir} on jo luotu"),
                format!("utfärdarens datakatalog {dir} finns redan"),
                format!("issuer data directory {dir} is already initialised"),
            ),
            E::Cohort(m) => format!("{}: {m}", l.pick("Oppijalista", "Lista över studerande", "Learner list")),
            E::CertificateNeedsKey => l
                .pick(
                    "Varmenne tarvitsee avaimen, jolle se on myönnetty (--key TIEDOSTO, PKCS#8 PEM): nyt luotu avain ei voi vastata sitä.",
                    "Certifikatet behöver nyckeln det utfärdades för (--key FIL, PKCS#8 PEM): en nyckel som skapas nu kan inte motsvara det.",
                    "A certificate needs the key it was issued for (--key FILE, PKCS#8 PEM): a key made now cannot match it.",
                )
                .to_string(),
            E::CertificateKeyType(kind) => l.pick(
                format!("Varmenne käy vain P-256-avaimelle (ES256, kuten HAIP vaatii); myöntäjän avain on {kind}. Käytä --key-type p256."),
                format!("Certifikat gäller bara P-256-nycklar (ES256, som HAIP kräver); utfärdarens nyckel är {kind}. Använd --key-type p256."),
                format!("Certificates are for P-256 keys (ES256, as HAIP requires); the issuer's key is {kind}. Use --key-type p256."),
            ),
            E::CertificateKeyMismatch { subject } => l.pick(
                format!("Varmenne ({subject}) on myönnetty toiselle avaimelle kuin myöntäjän allekirjoitusavaimelle: anna varmenne, jonka julkinen avain on myöntäjän avain."),
                format!("Certifikatet ({subject}) är utfärdat för en annan nyckel än utfärdarens signeringsnyckel: ge ett certifikat vars publika nyckel är utfärdarens."),
                format!("The certificate ({subject}) is for another key than the issuer's signing key: give the certificate whose public key is the issuer's."),
            ),
            E::CertificateSelfSigned(subject) => l.pick(
                format!("Varmenne ({subject}) on itse allekirjoitettu; HAIP vaatii varmentajan myöntämän varmenteen."),
                format!("Certifikatet ({subject}) är självsignerat; HAIP kräver ett certifikat utfärdat av en certifikatutfärdare."),
                format!("The certificate ({subject}) is self-signed; HAIP requires one issued by a certificate authority."),
            ),
            E::CertificateExpired(day) => l.pick(
                format!("Varmenne vanheni {day}: hanki uusi varmenne ja ota se käyttöön komennolla microcred issuer certificate."),
                format!("Certifikatet gick ut {day}: skaffa ett nytt och ta det i bruk med microcred issuer certificate."),
                format!("The certificate expired on {day}: get a new one and put it in place with microcred issuer certificate."),
            ),
            E::CertificateNotYetValid(day) => l.pick(
                format!("Varmenne on voimassa vasta {day} alkaen."),
                format!("Certifikatet gäller först från {day}."),
                format!("The certificate is valid only from {day}."),
            ),
            E::CertificateChain(d) => l.pick(
                format!("Varmenneketjua ei voi käyttää: {d}"),
                format!("Certifikatkedjan kan inte användas: {d}"),
                format!("The certificate chain cannot be used: {d}"),
            ),
            E::CertificateDoesNotName { url, names } => l.pick(
                format!("Varmenteessa on nimet {names}, ei myöntäjän osoitetta {url}: anna --base-url https://<varmenteen nimi>."),
                format!("Certifikatet har namnen {names}, inte utfärdarens adress {url}: ange --base-url https://<ett namn i certifikatet>."),
                format!("The certificate names {names}, not the issuer's address {url}: give --base-url https://<a name in the certificate>."),
            ),
            E::KeyFile { path, reason } => l.pick(
                format!("Avaintiedosto {path}: {reason}"),
                format!("Nyckelfilen {path}: {reason}"),
                format!("The key file {path}: {reason}"),
            ),
            other => other.to_string(),
        }
    }
}

/// Errors of the credential registry, whatever stores it.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("storage: {0}")]
    Storage(String),
    #[error(
        "in use by another process (a running `microcred serve`?): stop it, or use its HTTP API"
    )]
    InUse,
    #[error("credential id {0} already exists")]
    DuplicateId(String),
    #[error("status index {list}/{index} is already taken")]
    IndexTaken { list: u32, index: u32 },
    #[error("corrupt record {0}")]
    Corrupt(String),
}

/// A store error of the embedded registry, as the registry's own error. A function, not a
/// `From` impl: a public `From<sled::Error>` would make sled part of the issuer's API.
pub(crate) fn store(e: sled::Error) -> RegistryError {
    // A lock held elsewhere is found before sled opens (`SledRegistry::open`).
    if let sled::Error::Io(io) = &e {
        if io.kind() == std::io::ErrorKind::WouldBlock {
            return RegistryError::InUse;
        }
    }
    RegistryError::Storage(e.to_string())
}

pub type Result<T, E = IssuerError> = std::result::Result<T, E>;

pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> IssuerError + '_ {
    move |source| IssuerError::Io {
        path: path.display().to_string(),
        source,
    }
}

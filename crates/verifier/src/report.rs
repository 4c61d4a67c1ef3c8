//! The verification report: a verdict, each check with its outcome and reason, and what
//! the credential says — in Finnish, Swedish or English, or as JSON.

use serde::Serialize;

use microcred_model::credential::{Read, Summary};
use microcred_model::render;
use microcred_model::{Element, Lang};

/// The one-line answer to "can I trust this?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// Genuine, current, and issued by an organisation on the trust list.
    Valid,
    /// Genuine and current, but the issuer is not on the trust list.
    ValidIssuerNotRecognised,
    /// Something checked and failed.
    Invalid,
    /// Nothing failed, but something could not be checked: never reported as valid.
    CouldNotCheck,
    /// What was handed in is not a credential at all (text, a web page, an offer): nothing
    /// about a credential was proven wrong, so it is neither invalid nor tampered.
    NotACredential,
}

impl Verdict {
    /// Process exit status: 0 valid, 1 invalid, 3 could not check, 4 not a credential
    /// (2 is a usage error).
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Valid | Verdict::ValidIssuerNotRecognised => 0,
            Verdict::Invalid => 1,
            Verdict::CouldNotCheck => 3,
            Verdict::NotACredential => 4,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Valid => lang.pick(
                "AITO JA VOIMASSA",
                "ÄKTA OCH GILTIGT",
                "VALID — genuine and current",
            ),
            Verdict::ValidIssuerNotRecognised => lang.pick(
                "ALLEKIRJOITUS KUNNOSSA, MYÖNTÄJÄÄ EI TUNNISTETTU",
                "SIGNATUREN GILTIG, UTFÄRDAREN INTE ERKÄND",
                "VALID — signature valid, issuer not recognised",
            ),
            Verdict::Invalid => lang.pick("EI KELPAA", "OGILTIGT", "INVALID"),
            Verdict::CouldNotCheck => lang.pick(
                "EI VOITU TARKISTAA",
                "KUNDE INTE KONTROLLERAS",
                "COULD NOT CHECK",
            ),
            Verdict::NotACredential => {
                lang.pick("EI TODISTUS", "INTE ETT INTYG", "NOT A CREDENTIAL")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Passed,
    Failed,
    CouldNotCheck,
}

impl Outcome {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Passed => lang.pick("kunnossa", "godkänd", "passed"),
            Outcome::Failed => lang.pick("HYLÄTTY", "UNDERKÄND", "FAILED"),
            Outcome::CouldNotCheck => {
                lang.pick("ei tarkistettu", "ej kontrollerad", "could not check")
            }
        }
    }
}

/// What was handed in, as recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presented {
    DiCredential,
    JwtCredential,
    SdJwt,
    SdJwtKeyBinding,
    DiPresentation,
    JwtPresentation,
    /// An OpenID4VCI credential offer.
    CredentialOffer,
    /// A share link whose credentials could not be had.
    ShareLink,
    Unknown,
}

impl Presented {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Presented::DiCredential => lang.pick(
                "W3C-todistus, Data Integrity -allekirjoitus",
                "W3C-intyg med Data Integrity-signatur",
                "W3C credential with a Data Integrity proof",
            ),
            Presented::JwtCredential => lang.pick(
                "W3C-todistus JWT-muodossa (VC-JOSE)",
                "W3C-intyg som JWT (VC-JOSE)",
                "W3C credential as a JWT (VC-JOSE)",
            ),
            Presented::SdJwt => lang.pick(
                "SD-JWT-todistus (valikoiva näyttäminen)",
                "SD-JWT-intyg (selektivt röjande)",
                "SD-JWT VC (selective disclosure)",
            ),
            Presented::SdJwtKeyBinding => lang.pick(
                "SD-JWT-todistus haltijan sidonnalla",
                "SD-JWT-intyg med innehavarbindning",
                "SD-JWT VC presented with key binding",
            ),
            Presented::DiPresentation => lang.pick(
                "W3C-esitys, Data Integrity -allekirjoitus",
                "W3C-presentation med Data Integrity-signatur",
                "W3C presentation with a Data Integrity proof",
            ),
            Presented::JwtPresentation => lang.pick(
                "W3C-esitys JWT-muodossa",
                "W3C-presentation som JWT",
                "W3C presentation as a JWT",
            ),
            Presented::CredentialOffer => lang.pick(
                "todistustarjous (OpenID4VCI)",
                "intygserbjudande (OpenID4VCI)",
                "credential offer (OpenID4VCI)",
            ),
            Presented::ShareLink => lang.pick("jakolinkki", "delningslänk", "share link"),
            Presented::Unknown => {
                lang.pick("tunnistamaton syöte", "okänd indata", "unrecognised input")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckKind {
    Format,
    Signature,
    Issuer,
    Validity,
    Status,
    HolderBinding,
    Disclosure,
    EuCompleteness,
}

impl CheckKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CheckKind::Format => lang.pick("muoto", "format", "format"),
            CheckKind::Signature => lang.pick("allekirjoitus", "signatur", "signature"),
            CheckKind::Issuer => lang.pick("myöntäjä", "utfärdare", "issuer"),
            CheckKind::Validity => lang.pick("voimassaolo", "giltighetstid", "validity period"),
            CheckKind::Status => lang.pick("tila", "status", "status"),
            CheckKind::HolderBinding => lang.pick("haltija", "innehavare", "holder binding"),
            CheckKind::Disclosure => lang.pick(
                "valikoiva näyttäminen",
                "selektivt röjande",
                "selective disclosure",
            ),
            CheckKind::EuCompleteness => lang.pick("EU:n tiedot", "EU-uppgifter", "EU elements"),
        }
    }

    /// Whether a failure of this check makes the credential invalid. The EU completeness
    /// check informs; an incomplete credential can still be genuine.
    pub fn decides(self) -> bool {
        !matches!(self, CheckKind::EuCompleteness)
    }
}

/// Why a check came out as it did, with what the message needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Reason {
    // format
    WellFormed {
        format: Presented,
    },
    TooLarge {
        limit: usize,
    },
    TooDeep {
        limit: usize,
    },
    NotRecognised,
    /// Not a credential, and what it looked like.
    NotACredential {
        seen: crate::recognise::Seen,
    },
    /// An offer to receive a credential, not a credential.
    CredentialOffer {
        issuer: Option<String>,
    },
    ShareLinkGone {
        url: String,
    },
    ShareLinkNotAllowed {
        origin: String,
    },
    ShareLinkUnreachable {
        url: String,
        detail: String,
    },
    Malformed {
        detail: String,
    },
    UnknownContext {
        detail: String,
    },
    NoProof,
    // signature
    /// A presentation sent without a proof when none was asked for.
    Unsigned,
    SignedBy {
        method: String,
    },
    SignedByHolder {
        method: String,
    },
    BadSignature,
    KeyNotIssuers {
        method: String,
        detail: String,
    },
    IssuerNotDid {
        issuer: String,
    },
    DidUnresolved {
        did: String,
        detail: String,
    },
    AlgorithmRefused {
        detail: String,
    },
    WrongProofPurpose {
        purpose: String,
    },
    UnsupportedProof {
        detail: String,
    },
    /// Signed by the key of the leaf certificate of the JWS's `x5c`.
    SignedByCertificate {
        subject: String,
    },
    /// The `x5c` chain leads to no anchor on the trust list: whose key signed is unknown.
    CertificateUntrusted {
        subject: String,
        issuer: String,
    },
    CertificateExpired {
        subject: String,
        until: String,
    },
    CertificateNotYetValid {
        subject: String,
        from: String,
    },
    /// HAIP 1.0: "The X.509 certificate signing the request MUST NOT be self-signed."
    CertificateSelfSigned {
        subject: String,
    },
    // issuer
    Trusted {
        legal_name: String,
        country: String,
        legal_id: Option<String>,
        accreditation: Option<String>,
        /// How old the trust list is, when it was fetched from a URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        list_age_minutes: Option<i64>,
    },
    IssuerNotListed {
        issuer: String,
    },
    /// The issuer's `x5c` chain leads to this anchor of the trust list.
    TrustedAnchor {
        anchor: String,
        subject: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        list_age_minutes: Option<i64>,
    },
    // validity
    Current {
        from: Option<String>,
        until: Option<String>,
    },
    NotYetValid {
        from: String,
    },
    Expired {
        until: String,
    },
    BadDate {
        detail: String,
    },
    // status
    NotRevoked {
        checked: usize,
    },
    NoStatus,
    Revoked,
    Suspended,
    StatusUnreachable {
        url: String,
        detail: String,
    },
    StatusInvalid {
        url: String,
        detail: String,
    },
    StatusUnsupported {
        detail: String,
    },
    /// The credential's own status entry breaks Bitstring Status List §2.1.
    StatusMalformed {
        detail: String,
    },
    /// A `message` status whose meaning this verifier does not know.
    StatusMessage {
        status: String,
        message: String,
    },
    // holder binding
    HolderBound {
        holder: String,
    },
    ChallengeMismatch,
    ChallengeNotRequested,
    NotAPresentation,
    DomainMismatch,
    HolderNotSubject {
        holder: String,
    },
    KeyBinding {
        detail: String,
    },
    NoHolderKey,
    // selective disclosure
    DisclosuresValid {
        disclosed: usize,
    },
    DisclosureRejected {
        detail: String,
    },
    // EU completeness
    AllElements,
    MissingElements {
        missing: Vec<Element>,
    },
}

impl Reason {
    /// The reason in `lang`, with the details that lower layers (fetching, parsing) give
    /// in English said in `lang` too where the catalogue knows them.
    pub fn message(&self, lang: Lang) -> String {
        microcred_text::translate_known(lang, &self.own_message(lang))
    }

    fn own_message(&self, lang: Lang) -> String {
        use Reason::*;
        let l = lang;
        match self {
            WellFormed { format } => format.label(l).to_string(),
            TooLarge { limit } => l.pick(
                format!("yli {} kt: liian suuri tarkistettavaksi", limit / 1024),
                format!("över {} kB: för stort att kontrollera", limit / 1024),
                format!("larger than {} KiB: refused", limit / 1024),
            ),
            TooDeep { limit } => l.pick(
                format!("JSON on sisäkkäin yli {limit} tasoa: hylätty"),
                format!("JSON är kapslad djupare än {limit} nivåer: avvisad"),
                format!("JSON nested deeper than {limit} levels: refused"),
            ),
            NotRecognised => l
                .pick(
                    "ei tunnistettu todistusmuoto (JSON-LD, VC-JWT tai SD-JWT)",
                    "okänt format (JSON-LD, VC-JWT eller SD-JWT)",
                    "not a recognised credential (JSON-LD, VC-JWT or SD-JWT)",
                )
                .to_string(),
            NotACredential { seen } => seen.message(l),
            CredentialOffer { issuer } => {
                let from = issuer.as_deref().map(|i| format!(" ({i})")).unwrap_or_default();
                l.pick(
                    format!("tämä on todistustarjous{from}, ei todistus: oppija avaa sen lompakossaan (lompakkosovellus tai verkkolompakko), joka hakee todistuksen myöntäjältä; tarkista sitten oppijan jakama todistus tai linkki"),
                    format!("detta är ett intygserbjudande{from}, inte ett intyg: den studerande öppnar det i sin plånbok (en plånboksapp eller webbplånboken), som hämtar intyget från utfärdaren; kontrollera sedan intyget eller länken den studerande delar"),
                    format!("this is a credential offer{from}, not a credential: the learner opens it in a wallet (a wallet app or the web wallet), which fetches the credential from the issuer; then check the credential or link the learner shares"),
                )
            }
            ShareLinkGone { url } => l.pick(
                format!("jakolinkki {url} on päättynyt, vanhentunut tai tuntematon: pyydä oppijalta uusi linkki"),
                format!("delningslänken {url} har avslutats, gått ut eller är okänd: be om en ny länk"),
                format!("the share link {url} has ended, expired or is unknown: ask the learner for a new one"),
            ),
            ShareLinkNotAllowed { origin } => l.pick(
                format!("jakolinkki osoittaa palvelimelle {origin}, jota tämä tarkistus ei saa hakea; avaa linkki itse tai liitä todistus"),
                format!("delningslänken pekar på servern {origin}, som denna kontroll inte får hämta från; öppna länken själv eller klistra in intyget"),
                format!("the share link points to {origin}, which this check may not fetch from; open the link yourself or paste the credential"),
            ),
            ShareLinkUnreachable { url, detail } => l.pick(
                format!("jakolinkkiä {url} ei saatu haettua: {detail}"),
                format!("delningslänken {url} kunde inte hämtas: {detail}"),
                format!("the share link {url} could not be fetched: {detail}"),
            ),
            Malformed { detail } => l.pick(
                format!("virheellinen rakenne: {detail}"),
                format!("felaktig struktur: {detail}"),
                format!("malformed: {detail}"),
            ),
            UnknownContext { detail } => l.pick(
                format!("JSON-LD-konteksti ei kuulu luotettuihin: {detail}"),
                format!("JSON-LD-kontexten är inte betrodd: {detail}"),
                format!("JSON-LD context not accepted: {detail}"),
            ),
            NoProof => l
                .pick(
                    "todistuksessa ei ole allekirjoitusta",
                    "intyget saknar signatur",
                    "the credential carries no proof",
                )
                .to_string(),
            SignedBy { method } => l.pick(
                format!("allekirjoittanut myöntäjän avain {method}"),
                format!("undertecknad med utfärdarens nyckel {method}"),
                format!("signed by the issuer's key {method}"),
            ),
            SignedByHolder { method } => l.pick(
                format!("allekirjoittanut haltijan avain {method}"),
                format!("undertecknad med innehavarens nyckel {method}"),
                format!("signed by the holder's key {method}"),
            ),
            BadSignature => l
                .pick(
                    "allekirjoitus ei täsmää: todistusta on muutettu tai sen allekirjoitti joku muu",
                    "signaturen stämmer inte: intyget har ändrats eller undertecknats av någon annan",
                    "the signature does not match: the credential was changed, or signed by someone else",
                )
                .to_string(),
            KeyNotIssuers { method, detail } => l.pick(
                format!("avain {method} ei ole myöntäjän: {detail}"),
                format!("nyckeln {method} tillhör inte utfärdaren: {detail}"),
                format!("the key {method} is not the issuer's: {detail}"),
            ),
            IssuerNotDid { issuer } => l.pick(
                format!("myöntäjä {issuer} ei ole DID, joten sen avaimia ei voi varmistaa (itse allekirjoitus täsmää)"),
                format!("utfärdaren {issuer} är ingen DID, så dess nycklar kan inte bekräftas (signaturen i sig stämmer)"),
                format!("the issuer {issuer} is not a DID, so its keys cannot be confirmed (the proof itself is valid)"),
            ),
            DidUnresolved { did, detail } => l.pick(
                format!("myöntäjän tunnistetta {did} ei saatu selvitettyä: {detail}"),
                format!("utfärdarens identifierare {did} kunde inte slås upp: {detail}"),
                format!("could not resolve the issuer's DID {did}: {detail}"),
            ),
            AlgorithmRefused { detail } => l.pick(
                format!("allekirjoitusta ei hyväksytä: {detail}"),
                format!("signaturen godtas inte: {detail}"),
                format!("signature refused: {detail}"),
            ),
            WrongProofPurpose { purpose } => l.pick(
                format!("allekirjoituksen tarkoitus on {purpose}, ei tähän käyttöön"),
                format!("signaturens syfte är {purpose}, inte detta"),
                format!("the proof's purpose is {purpose}, not the one this use needs"),
            ),
            UnsupportedProof { detail } => l.pick(
                format!("allekirjoitustapaa ei tueta: {detail}"),
                format!("signaturtypen stöds inte: {detail}"),
                format!("this kind of proof is not supported: {detail}"),
            ),
            SignedByCertificate { subject } => l.pick(
                format!("allekirjoittanut myöntäjän varmenteen {subject} avain"),
                format!("undertecknad med nyckeln i utfärdarens certifikat {subject}"),
                format!("signed by the key of the issuer's certificate {subject}"),
            ),
            CertificateUntrusted { subject, issuer } => l.pick(
                format!("varmenne {subject} (myöntänyt {issuer}) ei johda yhteenkään luotettujen myöntäjien listan varmentajaan, joten allekirjoittajaa ei voitu varmistaa"),
                format!("certifikatet {subject} (utfärdat av {issuer}) leder inte till någon certifikatutfärdare på förtroendelistan, så undertecknaren kunde inte bekräftas"),
                format!("the certificate {subject} (issued by {issuer}) leads to no certificate authority on the trust list, so the signer could not be confirmed"),
            ),
            CertificateExpired { subject, until } => l.pick(
                format!("myöntäjän varmenne {subject} vanheni {until}, joten allekirjoittajaa ei voitu varmistaa"),
                format!("utfärdarens certifikat {subject} gick ut {until}, så undertecknaren kunde inte bekräftas"),
                format!("the issuer's certificate {subject} expired on {until}, so the signer could not be confirmed"),
            ),
            CertificateNotYetValid { subject, from } => l.pick(
                format!("myöntäjän varmenne {subject} on voimassa vasta {from} alkaen"),
                format!("utfärdarens certifikat {subject} gäller först från {from}"),
                format!("the issuer's certificate {subject} is valid only from {from}"),
            ),
            CertificateSelfSigned { subject } => l.pick(
                format!("myöntäjän varmenne {subject} on itse allekirjoitettu, joten kukaan ei takaa sitä"),
                format!("utfärdarens certifikat {subject} är självsignerat, så ingen går i god för det"),
                format!("the issuer's certificate {subject} is self-signed, so no one vouches for it"),
            ),
            TrustedAnchor {
                anchor,
                subject,
                list_age_minutes,
            } => {
                let age = list_age_minutes
                    .map(|m| list_age(m, l))
                    .unwrap_or_default();
                l.pick(
                    format!("varmenne {subject} johtaa luotettujen myöntäjien listan varmentajaan: {anchor}{age}"),
                    format!("certifikatet {subject} leder till en certifikatutfärdare på förtroendelistan: {anchor}{age}"),
                    format!("the certificate {subject} leads to a certificate authority on the trust list: {anchor}{age}"),
                )
            }
            Trusted {
                legal_name,
                country,
                legal_id,
                accreditation,
                list_age_minutes,
            } => {
                let mut s = format!("{legal_name} ({country}");
                if let Some(id) = legal_id {
                    s.push_str(&format!(", {id}"));
                }
                s.push(')');
                if let Some(a) = accreditation {
                    s.push_str(&format!(" — {a}"));
                }
                if let Some(m) = list_age_minutes {
                    s.push_str(&list_age(*m, l));
                }
                l.pick(
                    format!("luotettujen myöntäjien listalla: {s}"),
                    format!("på listan över betrodda utfärdare: {s}"),
                    format!("on the trust list: {s}"),
                )
            }
            IssuerNotListed { issuer } => l.pick(
                format!("{issuer} ei ole luotettujen myöntäjien listalla"),
                format!("{issuer} finns inte på listan över betrodda utfärdare"),
                format!("{issuer} is not on the trust list"),
            ),
            Current { from, until } => {
                let mut s = String::new();
                if let Some(f) = from {
                    s.push_str(&l.pick(format!("voimassa {f} alkaen"), format!("giltigt från {f}"), format!("valid from {f}")));
                }
                if let Some(u) = until {
                    if !s.is_empty() {
                        s.push_str(", ");
                    }
                    s.push_str(&l.pick(format!("{u} asti"), format!("till {u}"), format!("until {u}")));
                }
                if s.is_empty() {
                    s = l.pick("ei voimassaoloaikaa", "ingen giltighetstid", "no validity period").to_string();
                }
                s
            }
            NotYetValid { from } => l.pick(
                format!("ei vielä voimassa (alkaa {from})"),
                format!("inte giltigt ännu (från {from})"),
                format!("not yet valid (valid from {from})"),
            ),
            Expired { until } => l.pick(
                format!("vanhentunut ({until})"),
                format!("har gått ut ({until})"),
                format!("expired ({until})"),
            ),
            BadDate { detail } => l.pick(
                format!("virheellinen päivämäärä: {detail}"),
                format!("felaktigt datum: {detail}"),
                format!("bad date: {detail}"),
            ),
            NotRevoked { checked } => l.pick(
                format!("ei mitätöity eikä keskeytetty ({checked} tilalistaa tarkistettu)"),
                format!("inte återkallat eller spärrat ({checked} statuslistor kontrollerade)"),
                format!("not revoked, not suspended ({checked} status list(s) checked)"),
            ),
            NoStatus => l
                .pick(
                    "todistuksella ei ole tilatietoa (ei voi perua)",
                    "intyget har ingen statusuppgift (kan inte återkallas)",
                    "the credential has no status entry (it cannot be revoked)",
                )
                .to_string(),
            Revoked => l
                .pick("myöntäjä on MITÄTÖINYT todistuksen", "utfärdaren har ÅTERKALLAT intyget", "REVOKED by the issuer")
                .to_string(),
            Suspended => l
                .pick(
                    "myöntäjä on KESKEYTTÄNYT todistuksen",
                    "utfärdaren har SPÄRRAT intyget tills vidare",
                    "SUSPENDED by the issuer",
                )
                .to_string(),
            StatusUnreachable { url, detail } => l.pick(
                format!("tilalistaa {url} ei saatu: {detail}"),
                format!("statuslistan {url} kunde inte hämtas: {detail}"),
                format!("the status list {url} could not be fetched: {detail}"),
            ),
            StatusInvalid { url, detail } => l.pick(
                format!("tilalista {url} ei kelpaa: {detail}"),
                format!("statuslistan {url} duger inte: {detail}"),
                format!("the status list {url} is not acceptable: {detail}"),
            ),
            Unsigned => l
                .pick(
                    "esitystä ei ole allekirjoitettu (eikä sitä pyydetty): se ei todista, kuka todistukset esitti",
                    "presentationen är inte signerad (och det begärdes inte): den visar inte vem som visade upp intygen",
                    "the presentation is not signed (none was asked for): it does not show who presented the credentials",
                )
                .to_string(),
            StatusMalformed { detail } => l.pick(
                format!("todistuksen tilamerkintä on virheellinen: {detail}"),
                format!("intygets statuspost är felaktig: {detail}"),
                format!("the credential's status entry is malformed: {detail}"),
            ),
            StatusMessage { status, message } => l.pick(
                format!("myöntäjän tilalistalla on tila {status} \"{message}\", jonka merkitystä ei tunneta"),
                format!("utfärdarens statuslista anger status {status} \"{message}\", vars betydelse är okänd"),
                format!("the issuer's list gives status {status} \"{message}\", whose meaning is not known here"),
            ),
            StatusUnsupported { detail } => l.pick(
                format!("tilatiedon muotoa ei tueta: {detail}"),
                format!("statusformatet stöds inte: {detail}"),
                format!("the status mechanism is not supported: {detail}"),
            ),
            HolderBound { holder } => l.pick(
                format!("esittäjä {holder} on todistuksen haltija, ja haaste täsmää"),
                format!("presentatören {holder} är intygets innehavare och utmaningen stämmer"),
                format!("presented by the credential's holder {holder}, for this request"),
            ),
            ChallengeMismatch => l
                .pick(
                    "haaste (challenge/nonce) ei ole pyydetty: esitys on toistettu tai tehty toiselle",
                    "utmaningen (challenge/nonce) är inte den begärda: presentationen återanvänds",
                    "the challenge (nonce) is not the one requested: a replayed presentation",
                )
                .to_string(),
            ChallengeNotRequested => l
                .pick(
                    "tarkistaja ei antanut haastetta, joten esitys voi olla toistettu",
                    "ingen utmaning angavs, så presentationen kan vara återanvänd",
                    "no challenge was given to compare with, so this could be a replayed presentation",
                )
                .to_string(),
            NotAPresentation => l
                .pick(
                    "pyydettiin esitystä (haaste), mutta tämä on pelkkä todistus",
                    "en presentation begärdes (utmaning), men detta är ett enskilt intyg",
                    "a presentation was requested (challenge), but this is a bare credential",
                )
                .to_string(),
            DomainMismatch => l
                .pick(
                    "vastaanottaja (domain/aud) ei ole tämä tarkistaja",
                    "mottagaren (domain/aud) är inte denna kontrollant",
                    "the audience (domain/aud) is not this verifier",
                )
                .to_string(),
            HolderNotSubject { holder } => l.pick(
                format!("esittäjä {holder} ei ole todistuksen haltija"),
                format!("presentatören {holder} är inte intygets innehavare"),
                format!("the presenter {holder} is not the credential's subject"),
            ),
            KeyBinding { detail } => l.pick(
                format!("haltijan sidonta ei kelpaa: {detail}"),
                format!("innehavarbindningen duger inte: {detail}"),
                format!("key binding failed: {detail}"),
            ),
            NoHolderKey => l
                .pick(
                    "todistusta ei ole sidottu haltijan avaimeen",
                    "intyget är inte bundet till en innehavarnyckel",
                    "the credential is not bound to a holder key",
                )
                .to_string(),
            DisclosuresValid { disclosed } => l.pick(
                format!("{disclosed} valikoitua tietoa näytetty, kaikki allekirjoitettuja"),
                format!("{disclosed} utvalda uppgifter röjda, alla undertecknade"),
                format!("{disclosed} chosen claim(s) disclosed, all covered by the signature"),
            ),
            DisclosureRejected { detail } => l.pick(
                format!("näytetty tieto ei kuulu allekirjoitettuun todistukseen: {detail}"),
                format!("röjd uppgift hör inte till det undertecknade intyget: {detail}"),
                format!("a disclosure is not part of the signed credential: {detail}"),
            ),
            AllElements => l
                .pick(
                    "kaikki 11 EU:n vaatimaa tietoa mukana",
                    "alla 11 uppgifter som EU kräver finns",
                    "all 11 elements the EU requires are present",
                )
                .to_string(),
            MissingElements { missing } => {
                let names: Vec<String> = missing.iter().map(|e| e.numbered_label(l)).collect();
                l.pick(
                    format!("puuttuu: {}", names.join("; ")),
                    format!("saknas: {}", names.join("; ")),
                    format!("missing: {}", names.join("; ")),
                )
            }
        }
    }
}

/// " (list fetched N min ago)", for a trust list from a URL.
fn list_age(m: i64, l: Lang) -> String {
    let (n, unit) = if m < 120 { (m, "min") } else { (m / 60, "h") };
    l.pick(
        format!(" (lista haettu {n} {unit} sitten)"),
        format!(" (listan hämtades för {n} {unit} sedan)"),
        format!(" (list fetched {n} {unit} ago)"),
    )
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub kind: CheckKind,
    pub outcome: Outcome,
    pub reason: Reason,
}

impl Check {
    pub fn passed(kind: CheckKind, reason: Reason) -> Check {
        Check {
            kind,
            outcome: Outcome::Passed,
            reason,
        }
    }
    pub fn failed(kind: CheckKind, reason: Reason) -> Check {
        Check {
            kind,
            outcome: Outcome::Failed,
            reason,
        }
    }
    pub fn unknown(kind: CheckKind, reason: Reason) -> Check {
        Check {
            kind,
            outcome: Outcome::CouldNotCheck,
            reason,
        }
    }
}

/// What a credential says, for the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// A microcred credential, read back into its documents.
    Microcred(Box<Read>),
    /// Any other Open Badges / VC credential: its common fields.
    Other(Box<Summary>),
}

impl Content {
    /// Reads a credential's claims: as microcred's documents when it is one of ours,
    /// else the common Open Badges fields.
    pub fn of(claims: &serde_json::Value) -> Content {
        match microcred_model::credential::read(claims) {
            Ok(read) => Content::Microcred(Box::new(read)),
            Err(_) => Content::Other(Box::new(microcred_model::credential::summary(claims))),
        }
    }

    /// The credential's title, by language (`und` when the credential does not say).
    pub fn title(&self) -> microcred_model::LangMap {
        match self {
            Content::Microcred(r) => r.spec.title.clone(),
            Content::Other(s) => und(s.title.as_deref()),
        }
    }

    /// The awarding body's name, by language.
    pub fn issuer_name(&self) -> microcred_model::LangMap {
        match self {
            Content::Microcred(r) => r.issuer.name.clone(),
            Content::Other(s) => und(s.issuer_name.as_deref()),
        }
    }

    /// The credential as text for a terminal, in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        content_text(self, lang)
    }

    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        content_json(self, lang)
    }
}

fn und(text: Option<&str>) -> microcred_model::LangMap {
    let mut m = microcred_model::LangMap::default();
    if let Some(t) = text {
        m.0.insert("und".into(), t.to_string());
    }
    m
}

/// One verified credential (a presentation may carry several).
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialReport {
    pub presented: Presented,
    pub checks: Vec<Check>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    /// The claims as verified (after selective disclosure); `None` when the signature
    /// failed, so nothing of a forged credential is ever shown.
    pub claims: Option<serde_json::Value>,
}

impl CredentialReport {
    /// What the credential says, read from its claims when asked: verification itself
    /// does not pay for it.
    pub fn content(&self) -> Option<Content> {
        self.claims.as_ref().map(Content::of)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub verdict: Verdict,
    /// What was handed in.
    pub presented: Presented,
    /// Checks of the presentation itself (format, holder binding, …) or of a lone credential.
    pub checks: Vec<Check>,
    pub credentials: Vec<CredentialReport>,
}

/// Derives the verdict from the checks: any deciding failure → invalid; otherwise any
/// deciding "could not check" → could not check; otherwise valid, noting an issuer that is
/// not on the trust list (or invalid, when a trusted issuer is required).
pub fn verdict(all: &[&Check], require_trusted: bool) -> Verdict {
    if all.iter().any(|c| {
        c.kind == CheckKind::Format
            && c.outcome == Outcome::Failed
            && matches!(
                c.reason,
                Reason::NotRecognised
                    | Reason::NotACredential { .. }
                    | Reason::CredentialOffer { .. }
            )
    }) {
        return Verdict::NotACredential;
    }
    let deciding = || {
        all.iter()
            .filter(|c| c.kind.decides() && c.kind != CheckKind::Issuer)
    };
    if deciding().any(|c| c.outcome == Outcome::Failed) {
        return Verdict::Invalid;
    }
    if deciding().any(|c| c.outcome == Outcome::CouldNotCheck) {
        return Verdict::CouldNotCheck;
    }
    let untrusted = all
        .iter()
        .any(|c| c.kind == CheckKind::Issuer && c.outcome != Outcome::Passed);
    match (untrusted, require_trusted) {
        (false, _) => Verdict::Valid,
        (true, false) => Verdict::ValidIssuerNotRecognised,
        (true, true) => Verdict::Invalid,
    }
}

impl Report {
    /// Every check, the presentation's and each credential's.
    pub fn all_checks(&self) -> Vec<&Check> {
        self.checks
            .iter()
            .chain(self.credentials.iter().flat_map(|c| c.checks.iter()))
            .collect()
    }

    pub fn check(&self, kind: CheckKind) -> Option<&Check> {
        self.all_checks().into_iter().find(|c| c.kind == kind)
    }

    /// The report as text for a terminal, in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let mark = match self.verdict {
            Verdict::Valid | Verdict::ValidIssuerNotRecognised => "✔",
            Verdict::Invalid => "✘",
            Verdict::CouldNotCheck => "?",
            Verdict::NotACredential => "–",
        };
        out.push_str(&format!("{mark} {}\n", self.verdict.label(lang)));
        out.push_str(&format!("  {}\n", self.presented.label(lang)));
        let line = |out: &mut String, c: &Check| {
            out.push_str(&format!(
                "  {:<22} {:<16} {}\n",
                c.kind.label(lang),
                c.outcome.label(lang),
                c.reason.message(lang)
            ));
        };
        for c in &self.checks {
            line(&mut out, c);
        }
        for (i, cred) in self.credentials.iter().enumerate() {
            if self.credentials.len() > 1 {
                out.push_str(&format!("\n  [{}]\n", i + 1));
            }
            for c in &cred.checks {
                line(&mut out, c);
            }
            if let Some(content) = cred.content() {
                out.push('\n');
                out.push_str(&content_text(&content, lang));
            }
        }
        out
    }

    /// The report for machines: verdict, checks with codes and messages, and the claims.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let check = |c: &Check| {
            let mut v = serde_json::to_value(&c.reason).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.insert(
                    "check".into(),
                    serde_json::to_value(c.kind).unwrap_or_default(),
                );
                m.insert(
                    "outcome".into(),
                    serde_json::to_value(c.outcome).unwrap_or_default(),
                );
                m.insert("message".into(), c.reason.message(lang).into());
            }
            v
        };
        serde_json::json!({
            "verdict": self.verdict,
            "verdictText": self.verdict.label(lang),
            "valid": matches!(self.verdict, Verdict::Valid | Verdict::ValidIssuerNotRecognised),
            "presented": self.presented,
            "presentedText": self.presented.label(lang),
            "checks": self.checks.iter().map(check).collect::<Vec<_>>(),
            "credentials": self.credentials.iter().map(|c| serde_json::json!({
                "presented": c.presented,
                "issuer": c.issuer,
                "subject": c.subject,
                "checks": c.checks.iter().map(check).collect::<Vec<_>>(),
                "achievement": c.content().map(|ct| content_json(&ct, lang)),
                "claims": c.claims,
            })).collect::<Vec<_>>(),
        })
    }
}

fn content_text(content: &Content, lang: Lang) -> String {
    match content {
        Content::Microcred(r) => {
            render::view(&r.spec, Some(&r.issuer), Some(&r.award), lang).to_text()
        }
        Content::Other(s) => {
            let mut out = String::new();
            let label = |fi, sv, en| lang.pick(fi, sv, en);
            let mut row = |k: &str, v: &Option<String>| {
                if let Some(v) = v {
                    out.push_str(&format!("{k}: {v}\n"));
                }
            };
            row(label("Nimi", "Benämning", "Title"), &s.title);
            row(
                label("Kuvaus", "Beskrivning", "Description"),
                &s.description,
            );
            row(label("Myöntäjä", "Utfärdare", "Issuer"), &s.issuer_name);
            row(label("Maa", "Land", "Country"), &s.issuer_country);
            row(label("Myönnetty", "Utfärdat", "Issued"), &s.valid_from);
            row(
                label("Voimassa asti", "Giltigt till", "Valid until"),
                &s.valid_until,
            );
            row(label("Arviointi", "Bedömning", "Criteria"), &s.criteria);
            row(
                label("Laajuus", "Omfattning", "Credits"),
                &s.credits.map(|c| c.to_string()),
            );
            let join = |v: &[String]| (!v.is_empty()).then(|| v.join("; "));
            row(
                label("Viitekehys", "Referensram", "Alignment"),
                &join(&s.alignments),
            );
            row(label("Tulos", "Resultat", "Results"), &join(&s.results));
            out
        }
    }
}

fn content_json(content: &Content, lang: Lang) -> serde_json::Value {
    match content {
        Content::Microcred(r) => {
            serde_json::to_value(render::view(&r.spec, Some(&r.issuer), Some(&r.award), lang))
                .unwrap_or_default()
        }
        Content::Other(s) => serde_json::to_value(s).unwrap_or_default(),
    }
}

//! What validation finds: each problem with its JSON path, severity and a plain message
//! in the reader's language.

use serde::{Serialize, Serializer};

use crate::elements::Element;
use crate::lang::Lang;
use crate::vocab::{ScopeUnit, Vocabulary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document must not be used as it is.
    Error,
    /// Allowed, but unusual enough that a person should look.
    Warning,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("virhe", "fel", "error"),
            Severity::Warning => lang.pick("varoitus", "varning", "warning"),
        }
    }
}

/// JSON types named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    String,
    Number,
    Integer,
    Object,
    Array,
    LanguageMap,
}

impl Expected {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Expected::String => lang.pick("tekstiä", "text", "a string"),
            Expected::Number => lang.pick("luku", "ett tal", "a number"),
            Expected::Integer => lang.pick("kokonaisluku", "ett heltal", "an integer"),
            Expected::Object => lang.pick("objekti", "ett objekt", "an object"),
            Expected::Array => lang.pick("lista", "en lista", "a list"),
            Expected::LanguageMap => lang.pick(
                "kieliversiot, esim. {\"fi\": \"…\", \"en\": \"…\"}",
                "språkversioner, t.ex. {\"sv\": \"…\", \"en\": \"…\"}",
                "a language map such as {\"fi\": \"…\", \"en\": \"…\"}",
            ),
        }
    }
}

/// The kinds of problem, each with the data its message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    Missing {
        element: Option<Element>,
    },
    WrongType {
        expected: Expected,
    },
    Empty,
    UnknownField,
    InvalidLanguageTag {
        tag: String,
    },
    NotPositive,
    OutOfRange {
        min: i64,
        max: i64,
    },
    TooLong {
        max: usize,
    },
    TooMany {
        max: usize,
    },
    InvalidDate {
        value: String,
    },
    FutureDate,
    EndBeforeStart,
    ImplausibleBirthDate,
    UnknownValue {
        value: String,
        allowed: Vec<&'static str>,
    },
    Duplicate {
        value: String,
    },
    UnitNotNamed {
        unit: String,
        lang: String,
    },
    ProtectedTitle {
        title: String,
    },
    UnusualScope {
        total: f64,
        unit: ScopeUnit,
    },
    ScopeMismatch {
        declared: f64,
        low: f64,
        high: f64,
        unit: ScopeUnit,
    },
    InvalidBusinessId {
        value: String,
    },
    InvalidCountry {
        value: String,
    },
    InvalidUrl {
        value: String,
    },
    InvalidEmail {
        value: String,
    },
    InvalidDid {
        value: String,
    },
    InvalidLogo {
        problem: crate::logo::LogoError,
    },
    InvalidDuration {
        value: String,
    },
    InvalidIdentifier {
        value: String,
    },
    InvalidValidity {
        value: String,
    },
    NotAnOption {
        value: String,
        allowed: Vec<String>,
    },
    WrongChoiceCount {
        select: u64,
        chosen: u64,
    },
    DescriptionRequired,
    StackableWithoutTarget,
    SelectTooLarge {
        select: u64,
        options: usize,
    },
    NoLearnerIdentifier,
    GradeNotInScheme {
        grade: String,
        allowed: Vec<String>,
    },
    SpecificationMismatch {
        expected: String,
        found: String,
    },
    NoPlace,
    NoQualityReference,
    UnreadableJson {
        detail: String,
    },
    // The W3C data model (VCDM 2.0 §4–§5, Bitstring Status List §2.1).
    NotAUrl {
        value: String,
    },
    NotSingle,
    ContextNotFirst {
        expected: String,
    },
    ContextItem,
    TypeMissing {
        required: String,
    },
    NoClaims,
    NotDateTimeStamp {
        value: String,
    },
    NoDigest,
    NotIndex {
        value: String,
    },
    StatusMessageCount {
        expected: usize,
        found: usize,
    },
    NotHexStatus {
        value: String,
    },
    NotAnObjectCredential,
    NotDataUrl {
        value: String,
    },
    /// JSON-LD processing refused the document (a protected term redefined, a type
    /// that expands to no IRI, an unknown context).
    JsonLd {
        detail: String,
    },
    // What an issuer refuses to sign.
    ForeignIssuer {
        given: String,
        ours: String,
    },
    AlreadySigned,
    AlreadyIssued {
        id: String,
    },
}

impl ProblemKind {
    /// A stable code for machines (`--json` output, tests, the schema agreement manifest).
    pub fn code(&self) -> &'static str {
        use ProblemKind::*;
        match self {
            Missing { .. } => "missing",
            WrongType { .. } => "wrong-type",
            Empty => "empty",
            UnknownField => "unknown-field",
            InvalidLanguageTag { .. } => "invalid-language-tag",
            NotPositive => "not-positive",
            OutOfRange { .. } => "out-of-range",
            TooLong { .. } => "too-long",
            TooMany { .. } => "too-many",
            InvalidDate { .. } => "invalid-date",
            FutureDate => "future-date",
            EndBeforeStart => "end-before-start",
            ImplausibleBirthDate => "implausible-birth-date",
            UnknownValue { .. } => "unknown-value",
            Duplicate { .. } => "duplicate",
            UnitNotNamed { .. } => "unit-not-named",
            ProtectedTitle { .. } => "protected-title",
            UnusualScope { .. } => "unusual-scope",
            ScopeMismatch { .. } => "scope-mismatch",
            InvalidBusinessId { .. } => "invalid-business-id",
            InvalidCountry { .. } => "invalid-country",
            InvalidUrl { .. } => "invalid-url",
            InvalidEmail { .. } => "invalid-email",
            InvalidDid { .. } => "invalid-did",
            InvalidLogo { .. } => "invalid-logo",
            InvalidDuration { .. } => "invalid-duration",
            InvalidIdentifier { .. } => "invalid-identifier",
            InvalidValidity { .. } => "invalid-validity",
            NotAnOption { .. } => "not-an-option",
            WrongChoiceCount { .. } => "wrong-choice-count",
            DescriptionRequired => "description-required",
            StackableWithoutTarget => "stackable-without-target",
            SelectTooLarge { .. } => "select-too-large",
            NoLearnerIdentifier => "no-learner-identifier",
            GradeNotInScheme { .. } => "grade-not-in-scheme",
            SpecificationMismatch { .. } => "specification-mismatch",
            NoPlace => "no-place",
            NoQualityReference => "no-quality-reference",
            UnreadableJson { .. } => "unreadable-json",
            NotAUrl { .. } => "not-a-url",
            NotSingle => "not-single",
            ContextNotFirst { .. } => "context-not-first",
            ContextItem => "context-item",
            TypeMissing { .. } => "type-missing",
            NoClaims => "no-claims",
            NotDateTimeStamp { .. } => "not-date-time-stamp",
            NoDigest => "no-digest",
            NotIndex { .. } => "not-index",
            StatusMessageCount { .. } => "status-message-count",
            NotHexStatus { .. } => "not-hex-status",
            NotAnObjectCredential => "not-an-object-credential",
            NotDataUrl { .. } => "not-data-url",
            JsonLd { .. } => "json-ld",
            ForeignIssuer { .. } => "foreign-issuer",
            AlreadySigned => "already-signed",
            AlreadyIssued { .. } => "already-issued",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let l = lang;
        match self {
            Missing { element: Some(e) } => match e.number() {
                Some(n) => l.pick(
                    format!("puuttuu (EU:n pakollinen tieto {n}: {})", e.label(l)),
                    format!("saknas (EU:s obligatoriska uppgift {n}: {})", e.label(l)),
                    format!("is missing (EU mandatory element {n}: {})", e.label(l)),
                ),
                None => l.pick(
                    format!("puuttuu ({})", e.label(l)),
                    format!("saknas ({})", e.label(l)),
                    format!("is missing ({})", e.label(l)),
                ),
            },
            Missing { element: None } => {
                l.pick("puuttuu", "saknas", "is missing").to_string()
            }
            WrongType { expected } => l.pick(
                format!("pitää olla {}", expected.label(l)),
                format!("ska vara {}", expected.label(l)),
                format!("must be {}", expected.label(l)),
            ),
            Empty => l
                .pick(
                    "on tyhjä: kirjoita vähintään yksi teksti",
                    "är tom: skriv minst en text",
                    "is empty: give at least one text",
                )
                .to_string(),
            UnknownField => l
                .pick(
                    "tuntematon kenttä (kirjoitusvirhe?)",
                    "okänt fält (stavfel?)",
                    "is not a known field (a typo?)",
                )
                .to_string(),
            InvalidLanguageTag { tag } => l.pick(
                format!("\"{tag}\" ei ole kielikoodi: käytä esim. fi, sv, en tai fi-FI"),
                format!("\"{tag}\" är ingen språkkod: använd t.ex. fi, sv, en eller sv-FI"),
                format!("\"{tag}\" is not a language tag: use fi, sv, en, fi-FI and the like"),
            ),
            NotPositive => l
                .pick(
                    "pitää olla suurempi kuin nolla",
                    "ska vara större än noll",
                    "must be greater than zero",
                )
                .to_string(),
            OutOfRange { min, max } => l.pick(
                format!("pitää olla välillä {min}–{max}"),
                format!("ska vara mellan {min} och {max}"),
                format!("must be between {min} and {max}"),
            ),
            TooLong { max } => l.pick(
                format!("on liian pitkä (enintään {max} merkkiä)"),
                format!("är för lång (högst {max} tecken)"),
                format!("is too long (at most {max} characters)"),
            ),
            TooMany { max } => l.pick(
                format!("liian monta (enintään {max})"),
                format!("för många (högst {max})"),
                format!("has too many items (at most {max})"),
            ),
            InvalidDate { value } => l.pick(
                format!("\"{value}\" ei ole päivämäärä: käytä muotoa 2026-05-31"),
                format!("\"{value}\" är inget datum: använd formen 2026-05-31"),
                format!("\"{value}\" is not a real date: write it as 2026-05-31 or an RFC 3339 date-time"),
            ),
            FutureDate => l
                .pick(
                    "on tulevaisuudessa",
                    "ligger i framtiden",
                    "is in the future",
                )
                .to_string(),
            EndBeforeStart => l
                .pick(
                    "päättyy ennen myöntämispäivää",
                    "slutar före utfärdandedatumet",
                    "ends before the date of issuing",
                )
                .to_string(),
            ImplausibleBirthDate => l
                .pick(
                    "syntymäaika ei ole uskottava",
                    "födelsedatumet är inte trovärdigt",
                    "is not a plausible date of birth",
                )
                .to_string(),
            UnknownValue { value, allowed } => l.pick(
                format!("\"{value}\" ei ole sallittu arvo; sallitut: {}", allowed.join(", ")),
                format!("\"{value}\" är inte ett tillåtet värde; tillåtna: {}", allowed.join(", ")),
                format!("\"{value}\" is not allowed; use one of: {}", allowed.join(", ")),
            ),
            Duplicate { value } => l.pick(
                format!("\"{value}\" on mainittu kahdesti"),
                format!("\"{value}\" förekommer två gånger"),
                format!("\"{value}\" is listed twice"),
            ),
            UnitNotNamed { unit, lang: tag } => l.pick(
                format!("kuvaus ({tag}) ei mainitse tutkinnon osaa \"{unit}\""),
                format!("beskrivningen ({tag}) nämner inte examensdelen \"{unit}\""),
                format!("the description ({tag}) does not name the qualification unit \"{unit}\""),
            ),
            ProtectedTitle { title } => l.pick(
                format!("\"{title}\" on suojattu tutkintonimike eikä sitä saa käyttää osaamiskokonaisuuden nimenä"),
                format!("\"{title}\" är en skyddad examensbenämning och får inte användas som namn"),
                format!("\"{title}\" is a protected qualification title and cannot name a micro-credential"),
            ),
            UnusualScope { total, unit } => l.pick(
                format!(
                    "laajuus {} {} on tavanomaisen ({}) ulkopuolella",
                    fmt_num(*total),
                    unit.label(l),
                    usual_range(*unit)
                ),
                format!(
                    "omfattningen {} {} ligger utanför det vanliga ({})",
                    fmt_num(*total),
                    unit.label(l),
                    usual_range(*unit)
                ),
                format!(
                    "a scope of {} {} is outside the usual range ({})",
                    fmt_num(*total),
                    unit.label(l),
                    usual_range(*unit)
                ),
            ),
            ScopeMismatch {
                declared,
                low,
                high,
                unit,
            } => {
                let range = if low == high {
                    fmt_num(*low)
                } else {
                    format!("{}–{}", fmt_num(*low), fmt_num(*high))
                };
                l.pick(
                    format!(
                        "ilmoitettu laajuus {} {u} ei vastaa tutkinnon osien yhteislaajuutta {range} {u}",
                        fmt_num(*declared),
                        u = unit.label(l)
                    ),
                    format!(
                        "angiven omfattning {} {u} motsvarar inte examensdelarnas sammanlagda {range} {u}",
                        fmt_num(*declared),
                        u = unit.label(l)
                    ),
                    format!(
                        "the declared workload of {} {u} differs from the units' total of {range} {u}",
                        fmt_num(*declared),
                        u = unit.label(l)
                    ),
                )
            }
            InvalidBusinessId { value } => l.pick(
                format!("\"{value}\" ei ole kelvollinen Y-tunnus (muoto 1234567-8, tarkistusmerkki)"),
                format!("\"{value}\" är inte ett giltigt FO-nummer (formen 1234567-8, kontrollsiffra)"),
                format!("\"{value}\" is not a valid Finnish business ID (form 1234567-8 with its check digit)"),
            ),
            InvalidCountry { value } => l.pick(
                format!("\"{value}\" ei ole ISO 3166 -maakoodi (esim. FI)"),
                format!("\"{value}\" är ingen ISO 3166-landskod (t.ex. FI)"),
                format!("\"{value}\" is not an ISO 3166 country code (e.g. FI)"),
            ),
            InvalidUrl { value } => l.pick(
                format!("\"{value}\" ei ole kelvollinen http(s)-osoite"),
                format!("\"{value}\" är ingen giltig http(s)-adress"),
                format!("\"{value}\" is not a valid http(s) URL"),
            ),
            InvalidEmail { value } => l.pick(
                format!("\"{value}\" ei ole sähköpostiosoite"),
                format!("\"{value}\" är ingen e-postadress"),
                format!("\"{value}\" is not an e-mail address"),
            ),
            InvalidDid { value } => l.pick(
                format!("\"{value}\" ei ole DID-tunniste (did:menetelmä:tunniste)"),
                format!("\"{value}\" är ingen DID (did:metod:id)"),
                format!("\"{value}\" is not a DID (did:method:identifier)"),
            ),
            InvalidLogo { problem } => logo_message(problem, l),
            InvalidDuration { value } => l.pick(
                format!("\"{value}\" ei ole ISO 8601 -kesto (esim. P6M = 6 kuukautta)"),
                format!("\"{value}\" är ingen ISO 8601-varaktighet (t.ex. P6M = 6 månader)"),
                format!("\"{value}\" is not an ISO 8601 duration (e.g. P6M = 6 months)"),
            ),
            InvalidIdentifier { value } => l.pick(
                format!("\"{value}\" ei kelpaa tunnisteeksi: käytä pieniä kirjaimia, numeroita ja viivoja (esim. tapahtumatekniikka) tai URI-osoitetta"),
                format!("\"{value}\" duger inte som id: använd små bokstäver, siffror och bindestreck eller en URI"),
                format!("\"{value}\" is not a usable identifier: use lower-case letters, digits and hyphens (e.g. event-technology) or a URI"),
            ),
            InvalidValidity { value } => l.pick(
                format!("\"{value}\" ei ole voimassaoloaika: kirjoita vuodet, kuukaudet, viikot tai päivät ISO 8601 -kestona (esim. P5Y = 5 vuotta)"),
                format!("\"{value}\" är ingen giltighetstid: skriv år, månader, veckor eller dagar som ISO 8601-varaktighet (t.ex. P5Y = 5 år)"),
                format!("\"{value}\" is not a validity period: give years, months, weeks or days as an ISO 8601 duration (e.g. P5Y = 5 years)"),
            ),
            NotAnOption { value, allowed } => l.pick(
                format!("\"{value}\" ei ole valittavissa oleva tutkinnon osa; vaihtoehdot: {}", allowed.join(", ")),
                format!("\"{value}\" är ingen valbar examensdel; alternativ: {}", allowed.join(", ")),
                format!("\"{value}\" is not one of the units to choose from; the options: {}", allowed.join(", ")),
            ),
            WrongChoiceCount { select, chosen } => l.pick(
                format!("valittuja osia on {chosen}, mutta valitaan {select}"),
                format!("{chosen} delar valda, men {select} ska väljas"),
                format!("{chosen} units chosen where {select} are to be chosen"),
            ),
            DescriptionRequired => l
                .pick(
                    "tyyppi \"other\" vaatii kuvauksen",
                    "typen \"other\" kräver en beskrivning",
                    "type \"other\" needs a description",
                )
                .to_string(),
            StackableWithoutTarget => l
                .pick(
                    "kokonaisuuteen liitettävä osaamiskokonaisuus tarvitsee kohteen (towards)",
                    "en staplingsbar mikromerit behöver ett mål (towards)",
                    "a stackable micro-credential must name what it stacks towards (towards)",
                )
                .to_string(),
            SelectTooLarge { select, options } => l.pick(
                format!("valittavia osia ({select}) on enemmän kuin vaihtoehtoja ({options})"),
                format!("antalet delar att välja ({select}) är större än alternativen ({options})"),
                format!("asks to select {select} of only {options} options"),
            ),
            NoLearnerIdentifier => l
                .pick(
                    "oppijalle tarvitaan nimen lisäksi syntymäaika, henkilötunnus, sähköposti tai DID",
                    "den studerande behöver utöver namnet ett födelsedatum, personbeteckning, e-post eller DID",
                    "the learner needs, besides the name, a date of birth, national id, e-mail or DID",
                )
                .to_string(),
            GradeNotInScheme { grade, allowed } => l.pick(
                format!("arvosana \"{grade}\" ei kuulu arviointiasteikkoon ({})", allowed.join(", ")),
                format!("vitsordet \"{grade}\" hör inte till bedömningsskalan ({})", allowed.join(", ")),
                format!("grade \"{grade}\" is not in the grading scheme ({})", allowed.join(", ")),
            ),
            SpecificationMismatch { expected, found } => l.pick(
                format!("viittaa kuvaukseen \"{found}\", mutta annettu kuvaus on \"{expected}\""),
                format!("hänvisar till beskrivningen \"{found}\" men den givna är \"{expected}\""),
                format!("refers to specification \"{found}\" but the one given is \"{expected}\""),
            ),
            NoPlace => l
                .pick(
                    "myöntämispaikka puuttuu eikä myöntäjälle ole annettu paikkakuntaa",
                    "utfärdandeort saknas och utfärdaren har ingen ort",
                    "no place of issuing, and the issuer profile has no locality to fall back on",
                )
                .to_string(),
            NoQualityReference => l
                .pick(
                    "laadunvarmistukselle ei ole annettu viitettä tai vastuutahoa, josta sen voi tarkistaa",
                    "kvalitetssäkringen saknar hänvisning eller ansvarigt organ",
                    "the quality assurance has no reference or body where it can be checked",
                )
                .to_string(),
            UnreadableJson { detail } => l.pick(
                format!("tiedosto ei ole kelvollista JSONia: {detail}"),
                format!("filen är inte giltig JSON: {detail}"),
                format!("not valid JSON: {detail}"),
            ),
            NotAUrl { value } => l.pick(
                format!("\"{value}\" ei ole URL-osoite (absoluuttinen IRI, esim. https:, did: tai urn:)"),
                format!("\"{value}\" är ingen URL (en absolut IRI, t.ex. https:, did: eller urn:)"),
                format!("\"{value}\" is not a URL (an absolute IRI such as https:, did: or urn:)"),
            ),
            NotSingle => l
                .pick(
                    "pitää olla yksi arvo, ei lista",
                    "ska vara ett enda värde, inte en lista",
                    "must be a single value, not a list",
                )
                .to_string(),
            ContextNotFirst { expected } => l.pick(
                format!("ensimmäisen @context-arvon pitää olla {expected}"),
                format!("första @context-värdet ska vara {expected}"),
                format!("the first @context must be {expected}"),
            ),
            ContextItem => l
                .pick(
                    "@context-arvon pitää olla URL-osoite tai kontekstiobjekti",
                    "ett @context-värde ska vara en URL eller ett kontextobjekt",
                    "an @context item must be a URL or a context object",
                )
                .to_string(),
            TypeMissing { required } => l.pick(
                format!("tyyppien (type) joukossa pitää olla {required}"),
                format!("typerna (type) ska innehålla {required}"),
                format!("type must include {required}"),
            ),
            NoClaims => l
                .pick(
                    "kohteesta ei sanota mitään: tarvitaan vähintään yksi väite",
                    "inget påstås om subjektet: minst ett påstående behövs",
                    "says nothing about the subject: at least one claim is needed",
                )
                .to_string(),
            NotDateTimeStamp { value } => l.pick(
                format!("\"{value}\" ei ole aikaleima aikavyöhykkeineen (esim. 2026-05-31T12:00:00Z)"),
                format!("\"{value}\" är ingen tidsstämpel med tidszon (t.ex. 2026-05-31T12:00:00Z)"),
                format!("\"{value}\" is not a date-time with a time zone (e.g. 2026-05-31T12:00:00Z)"),
            ),
            NoDigest => l
                .pick(
                    "tarvitaan digestSRI tai digestMultibase, jotta resurssin eheyden voi tarkistaa",
                    "digestSRI eller digestMultibase behövs för att resursens integritet ska kunna kontrolleras",
                    "needs digestSRI or digestMultibase so that the resource's integrity can be checked",
                )
                .to_string(),
            NotIndex { value } => l.pick(
                format!("\"{value}\" ei ole ei-negatiivinen kokonaisluku merkkijonona (esim. \"94567\")"),
                format!("\"{value}\" är inget icke-negativt heltal som sträng (t.ex. \"94567\")"),
                format!("\"{value}\" is not a non-negative integer written as a string (e.g. \"94567\")"),
            ),
            StatusMessageCount { expected, found } => l.pick(
                format!("tilaviestejä on {found}, mutta statusSize vaatii {expected} (yksi jokaiselle arvolle)"),
                format!("det finns {found} statusmeddelanden men statusSize kräver {expected} (ett för varje värde)"),
                format!("has {found} status messages; statusSize calls for {expected} (one for each value)"),
            ),
            NotHexStatus { value } => l.pick(
                format!("\"{value}\" ei ole tila-arvo muodossa 0x ja heksadesimaaleja (esim. 0x2)"),
                format!("\"{value}\" är inget statusvärde på formen 0x och hexadecimala siffror (t.ex. 0x2)"),
                format!("\"{value}\" is not a status value written as 0x and hexadecimal digits (e.g. 0x2)"),
            ),
            NotAnObjectCredential => l
                .pick(
                    "todistuksen pitää olla objekti (tai EnvelopedVerifiableCredential), ei merkkijono tai luku",
                    "ett intyg ska vara ett objekt (eller EnvelopedVerifiableCredential), inte en sträng eller ett tal",
                    "a credential must be an object (or an EnvelopedVerifiableCredential), not a string or number",
                )
                .to_string(),
            NotDataUrl { value } => l.pick(
                format!("\"{value}\" ei ole data:-URL"),
                format!("\"{value}\" är ingen data:-URL"),
                format!("\"{value}\" is not a data: URL"),
            ),
            JsonLd { detail } => l.pick(
                format!("JSON-LD-käsittely hylkäsi asiakirjan: {detail}"),
                format!("JSON-LD-bearbetningen avvisade dokumentet: {detail}"),
                format!("JSON-LD processing refused the document: {detail}"),
            ),
            ForeignIssuer { given, ours } => l.pick(
                format!("myöntäjä \"{given}\" ei ole tämä palvelu ({ours}): allekirjoitamme vain omissa nimissämme"),
                format!("utfärdaren \"{given}\" är inte denna tjänst ({ours}): vi signerar bara i eget namn"),
                format!("the issuer \"{given}\" is not this server ({ours}): it signs only in its own name"),
            ),
            AlreadySigned => l
                .pick(
                    "asiakirjassa on jo todiste (proof); anna allekirjoittamaton todistus",
                    "dokumentet har redan ett bevis (proof); ge ett osignerat intyg",
                    "already carries a proof; send the credential unsigned",
                )
                .to_string(),
            AlreadyIssued { id } => l.pick(
                format!("tunnisteella {id} on jo myönnetty todistus"),
                format!("ett intyg med id {id} har redan utfärdats"),
                format!("a credential with id {id} was issued already"),
            ),
        }
    }
}

/// Why a logo was refused, with what to do instead.
fn logo_message(problem: &crate::logo::LogoError, l: Lang) -> String {
    use crate::logo::{LogoError, MAX_LOGO_BYTES};
    let max = MAX_LOGO_BYTES / 1024;
    match problem {
        LogoError::NotDataUri => l
            .pick(
                "logon pitää olla data:image/png;base64,… tai data:image/jpeg;base64,… -muodossa (verkko-osoitteita ei haeta)",
                "logotypen ska vara data:image/png;base64,… eller data:image/jpeg;base64,… (webbadresser hämtas inte)",
                "the logo must be a data:image/png;base64,… or data:image/jpeg;base64,… URI (web addresses are not fetched)",
            )
            .to_string(),
        LogoError::BadBase64 => l
            .pick(
                "logon base64-koodaus on virheellinen",
                "logotypens base64-kodning är felaktig",
                "the logo's base64 does not decode",
            )
            .to_string(),
        LogoError::TooLarge { size } => {
            let kib = size.div_ceil(1024);
            l.pick(
                format!("logo on liian suuri ({kib} KiB); enintään {max} KiB"),
                format!("logotypen är för stor ({kib} KiB); högst {max} KiB"),
                format!("the logo is too large ({kib} KiB); at most {max} KiB"),
            )
        }
        LogoError::NotAnImage { detail } => l.pick(
            format!("logo ei ole luettava PNG- tai JPEG-kuva ({detail})"),
            format!("logotypen är ingen läsbar PNG- eller JPEG-bild ({detail})"),
            format!("the logo is not a readable PNG or JPEG image ({detail})"),
        ),
    }
}

fn usual_range(unit: ScopeUnit) -> &'static str {
    match unit {
        ScopeUnit::Osp => "5–60 osp",
        ScopeUnit::Ects => "1–60 ECTS",
        ScopeUnit::Hours => "27–1620 h",
    }
}

/// Formats a number without a trailing `.0`.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// JSONPath of the offending value, `$.learningOutcomes[0].text`.
    pub path: String,
    pub severity: Severity,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }

    /// "Osaamistavoite 2 › teksti: on tyhjä…": where, in words, and what.
    pub fn describe(&self, lang: Lang) -> String {
        format!(
            "{}: {}",
            super::place::describe(&self.path, lang),
            self.message(lang)
        )
    }

    /// The machine form: `{path, severity, code, message}` with the message in `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "path": self.path,
            "severity": self.severity,
            "code": self.kind.code(),
            "field": super::place::describe(&self.path, lang),
            "message": self.message(lang),
        })
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json(Lang::En).serialize(s)
    }
}

/// Everything validation found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// Valid means no errors; warnings are allowed.
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// Every error (warnings too when there are no errors), each as "where: what" with
    /// the place in words, in `lang`, joined by "; ".
    pub fn describe(&self, lang: Lang) -> String {
        let errors: Vec<&Problem> = self.errors().collect();
        let shown: Vec<&Problem> = if errors.is_empty() {
            self.problems.iter().collect()
        } else {
            errors
        };
        shown
            .iter()
            .map(|p| p.describe(lang))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn has(&self, code: &str, path: &str) -> bool {
        self.problems
            .iter()
            .any(|p| p.kind.code() == code && p.path == path)
    }
}

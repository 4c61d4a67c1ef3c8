//! The provider's side: the issuer's errors (`IssuerError::message`), the learner list's
//! words and problems, and the SD-JWT VC type metadata. Terms follow docs/glossary.md.

use crate::Entry;

pub const TEXTS: &[Entry] = &[
    // The learner list's columns as the downloadable template names them; the reader
    // (`cohort.rs`) also accepts these, in any of the three languages.
    ("issuer_column_name", "nimi", "namn", "name"),
    ("issuer_column_birth_date", "syntymäaika", "födelsedatum", "date_of_birth"),
    ("issuer_column_email", "sähköposti", "e-post", "email"),
    ("issuer_column_grade", "arvosana", "vitsord", "grade"),
    ("issuer_column_issued", "myöntämispäivä", "utfärdad", "issued"),
    ("issuer_column_valid_until", "voimassa_asti", "giltig_till", "valid_until"),
    (
        "issuer_award_needs_fixing",
        "Todistuksen tiedoissa on korjattavaa",
        "Intygets uppgifter behöver rättas",
        "The award needs fixing",
    ),
    (
        "issuer_profile_needs_fixing",
        "Myöntäjän tiedoissa on korjattavaa",
        "Utfärdarens uppgifter behöver rättas",
        "The issuer profile needs fixing",
    ),
    (
        "issuer_spec_needs_fixing",
        "Kuvauksessa on korjattavaa",
        "Beskrivningen behöver rättas",
        "The specification needs fixing",
    ),
    (
        "issuer_version_published",
        "Osaamiskokonaisuuden {id} versio {version} on jo julkaistu toisenlaisena. Julkaistu versio ei muutu: tee uusi versio.",
        "Version {version} av {id} är redan publicerad med annat innehåll. En publicerad version ändras inte: gör en ny version.",
        "Version {version} of {id} is published already with other content. A published version never changes: make a new version.",
    ),
    (
        "issuer_reason_required",
        "Kirjoita mitätöinnin syy.",
        "Ange orsaken till återkallelsen.",
        "Give the reason for the revocation.",
    ),
    (
        "issuer_reason_too_long",
        "Syy on liian pitkä (enintään {max} merkkiä).",
        "Orsaken är för lång (högst {max} tecken).",
        "The reason is too long (at most {max} characters).",
    ),
    (
        "issuer_already_expired",
        "Todistus olisi vanhentunut jo myöntämispäivänä (voimassa {until} asti). Vahvista, jos haluat myöntää sen silti.",
        "Intyget skulle ha gått ut redan på utfärdandedagen (giltigt till {until}). Bekräfta om du ändå vill utfärda det.",
        "The credential would be expired on the day it is issued (valid until {until}). Confirm to issue it anyway.",
    ),
    (
        "issuer_cannot_renew",
        "Todistusta {id} ei voi uusia: rekisterissä ei ole sen tietoja.",
        "Intyget {id} kan inte förnyas: registret har inte dess uppgifter.",
        "Credential {id} cannot be renewed: the registry does not hold its award.",
    ),
    (
        "issuer_already_offered",
        "Oppijalle on jo tehty tarjous.",
        "Den studerande har redan fått ett erbjudande.",
        "An offer was made for this learner already.",
    ),
    (
        "issuer_unknown_spec",
        "Osaamiskokonaisuutta {id} ei ole tarjonnassa.",
        "Mikromeriten {id} finns inte i utbudet.",
        "No specification {id} in the catalogue.",
    ),
    (
        "issuer_unknown_credential",
        "Todistusta {id} ei ole.",
        "Intyget {id} finns inte.",
        "No credential with id {id}.",
    ),
    (
        "issuer_revoked_for_good",
        "Todistus {id} on mitätöity; mitätöintiä ei voi perua.",
        "Intyget {id} är återkallat; en återkallelse kan inte hävas.",
        "Credential {id} is revoked; a revoked credential cannot be reinstated.",
    ),
    (
        "issuer_not_suspended",
        "Todistus {id} ei ole keskeytetty.",
        "Intyget {id} är inte tillfälligt spärrat.",
        "Credential {id} is not suspended.",
    ),
    (
        "issuer_not_initialised",
        "{dir} ei ole myöntäjän datahakemisto (aja ensin `microcred issuer init --data {dir}`)",
        "{dir} är inte en datakatalog för en utfärdare (kör först `microcred issuer init --data {dir}`)",
        "{dir} is not an issuer data directory (run `microcred issuer init --data {dir}` first)",
    ),
    (
        "issuer_already_initialised",
        "myöntäjän datahakemisto {dir} on jo luotu",
        "utfärdarens datakatalog {dir} finns redan",
        "issuer data directory {dir} is already initialised",
    ),
    (
        "issuer_learner_list",
        "Oppijalista",
        "Lista över studerande",
        "Learner list",
    ),
    (
        "issuer_certificate_needs_key",
        "Varmenne tarvitsee avaimen, jolle se on myönnetty (--key TIEDOSTO, PKCS#8 PEM): nyt luotu avain ei voi vastata sitä.",
        "Certifikatet behöver nyckeln det utfärdades för (--key FIL, PKCS#8 PEM): en nyckel som skapas nu kan inte motsvara det.",
        "A certificate needs the key it was issued for (--key FILE, PKCS#8 PEM): a key made now cannot match it.",
    ),
    (
        "issuer_certificate_key_type",
        "Varmenne käy vain P-256-avaimelle (ES256, kuten HAIP vaatii); myöntäjän avain on {kind}. Käytä --key-type p256.",
        "Certifikat gäller bara P-256-nycklar (ES256, som HAIP kräver); utfärdarens nyckel är {kind}. Använd --key-type p256.",
        "Certificates are for P-256 keys (ES256, as HAIP requires); the issuer's key is {kind}. Use --key-type p256.",
    ),
    (
        "issuer_certificate_key_mismatch",
        "Varmenne ({subject}) on myönnetty toiselle avaimelle kuin myöntäjän allekirjoitusavaimelle: anna varmenne, jonka julkinen avain on myöntäjän avain.",
        "Certifikatet ({subject}) är utfärdat för en annan nyckel än utfärdarens signeringsnyckel: ge ett certifikat vars publika nyckel är utfärdarens.",
        "The certificate ({subject}) is for another key than the issuer's signing key: give the certificate whose public key is the issuer's.",
    ),
    (
        "issuer_certificate_self_signed",
        "Varmenne ({subject}) on itse allekirjoitettu; HAIP vaatii varmentajan myöntämän varmenteen.",
        "Certifikatet ({subject}) är självsignerat; HAIP kräver ett certifikat utfärdat av en certifikatutfärdare.",
        "The certificate ({subject}) is self-signed; HAIP requires one issued by a certificate authority.",
    ),
    (
        "issuer_certificate_expired",
        "Varmenne vanheni {day}: hanki uusi varmenne ja ota se käyttöön komennolla microcred issuer certificate.",
        "Certifikatet gick ut {day}: skaffa ett nytt och ta det i bruk med microcred issuer certificate.",
        "The certificate expired on {day}: get a new one and put it in place with microcred issuer certificate.",
    ),
    (
        "issuer_certificate_not_yet_valid",
        "Varmenne on voimassa vasta {day} alkaen.",
        "Certifikatet gäller först från {day}.",
        "The certificate is valid only from {day}.",
    ),
    (
        "issuer_certificate_chain",
        "Varmenneketjua ei voi käyttää: {detail}",
        "Certifikatkedjan kan inte användas: {detail}",
        "The certificate chain cannot be used: {detail}",
    ),
    (
        "issuer_certificate_does_not_name",
        "Varmenteessa on nimet {names}, ei myöntäjän osoitetta {url}: anna --base-url https://<varmenteen nimi>.",
        "Certifikatet har namnen {names}, inte utfärdarens adress {url}: ange --base-url https://<ett namn i certifikatet>.",
        "The certificate names {names}, not the issuer's address {url}: give --base-url https://<a name in the certificate>.",
    ),
    (
        "issuer_key_file",
        "Avaintiedosto {path}: {reason}",
        "Nyckelfilen {path}: {reason}",
        "The key file {path}: {reason}",
    ),
    // The learner list
    (
        "issuer_column_units",
        "valitut_osat",
        "valda_delar",
        "units",
    ),
    ("issuer_sheet_learners", "Oppijat", "Studerande", "Learners"),
    (
        "issuer_list_not_utf8",
        "tiedosto ei ole UTF-8-tekstiä (tallenna se muodossa CSV UTF-8 tai .xlsx)",
        "filen är inte UTF-8-text (spara den som CSV UTF-8 eller .xlsx)",
        "the file is not UTF-8 text (save it as CSV UTF-8 or .xlsx)",
    ),
    ("issuer_line", "rivi", "rad", "line"),
    (
        "issuer_list_unreadable_xlsx",
        "taulukkoa ei voi lukea (.xlsx)",
        "kalkylbladet kan inte läsas (.xlsx)",
        "the spreadsheet cannot be read (.xlsx)",
    ),
    (
        "issuer_list_larger_than",
        "tiedosto on suurempi kuin {mib} MiB",
        "filen är större än {mib} MiB",
        "the file is larger than {mib} MiB",
    ),
    (
        "issuer_list_no_name_column",
        "rivi 1: otsikkoriviltä puuttuu nimisarake (nimi)",
        "rad 1: rubrikraden saknar namnkolumnen (namn)",
        "line 1: the header has no 'name' column",
    ),
    (
        "issuer_list_too_many_rows",
        "rivejä on enemmän kuin {max}",
        "fler rader än {max}",
        "more rows than {max}",
    ),
    // SD-JWT VC type metadata
    (
        "issuer_type_name",
        "Pieni osaamiskokonaisuus (mikrotutkinto)",
        "Mikromerit",
        "Micro-credential",
    ),
    (
        "issuer_type_description",
        "Todistus pienestä osaamiskokonaisuudesta EU:n neuvoston suosituksen 2022/C 243/02 mukaisesti.",
        "Intyg över en mikromerit enligt EU-rådets rekommendation 2022/C 243/02.",
        "A micro-credential as EU Council Recommendation 2022/C 243/02 describes it.",
    ),
];

//! Each [`Reason`] in words, in Finnish, Swedish and English: the text a person reads,
//! kept apart from the reasons themselves so the catalogue of sentences is in one place.

use microcred_model::Lang;

use super::Reason;

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

//! Every text the pages show, in Finnish, Swedish and English. Templates read them as
//! `t.key`; a missing key is an error when rendering (strict undefined), and a test renders
//! every page in every language, so an untranslated key cannot ship.

use std::collections::BTreeMap;

use microcred_model::Lang;

/// (key, fi, sv, en)
pub const TEXTS: &[(&str, &str, &str, &str)] = &[
    ("skip", "Siirry sisältöön", "Hoppa till innehållet", "Skip to content"),
    ("nav", "Päävalikko", "Huvudmeny", "Main menu"),
    ("language", "Kieli", "Språk", "Language"),
    ("nav_home", "Etusivu", "Startsida", "Home"),
    ("nav_check", "Tarkista todistus", "Kontrollera intyg", "Check a credential"),
    ("nav_wallet", "Oma lompakko", "Min plånbok", "My wallet"),
    ("nav_provider", "Koulutuksen järjestäjälle", "För utbildningsanordnare", "For providers"),
    ("nav_catalogue", "Tarjonta", "Utbud", "Catalogue"),
    ("footer", "microcred — pienet osaamiskokonaisuudet (EU:n suosituksen 2022/C 243/02 mikrotutkinnot) avoimin standardein.", "microcred — mikromeriter enligt EU:s rekommendation 2022/C 243/02, med öppna standarder.", "microcred — micro-credentials as EU Recommendation 2022/C 243/02 describes them, on open standards."),
    // Home
    ("home_title", "Osaamistodistukset, jotka kuka tahansa voi tarkistaa", "Mikromeriter som går att kontrollera", "Micro-credentials anyone can check"),
    ("home_lead", "Oppilaitokset myöntävät, oppijat säilyttävät ja jakavat, työnantajat tarkistavat sekunneissa.", "Läroanstalter utfärdar, studerande sparar och delar, arbetsgivare kontrollerar på sekunder.", "Providers issue, learners keep and share, employers check in seconds."),
    ("home_employer", "Työnantaja: tarkista todistus", "Arbetsgivare: kontrollera ett intyg", "Employer: check a credential"),
    ("home_employer_text", "Avaa jaettu linkki, liitä todistus tai pudota tiedosto.", "Öppna en delad länk, klistra in ett intyg eller släpp en fil.", "Open a shared link, paste a credential or drop a file."),
    ("home_learner", "Oppija: oma lompakko", "Studerande: min plånbok", "Learner: my wallet"),
    ("home_learner_text", "Vastaanota, säilytä ja jaa todistuksesi.", "Ta emot, spara och dela dina intyg.", "Receive, keep and share your credentials."),
    ("home_provider", "Koulutuksen järjestäjä", "Utbildningsanordnare", "Education provider"),
    ("home_provider_text", "Kuvaa tarjontasi, myönnä todistukset ja hallitse niitä.", "Beskriv ditt utbud, utfärda intyg och hantera dem.", "Describe your offer, issue credentials and manage them."),
    // Employer: check
    ("check_title", "Tarkista osaamistodistus", "Kontrollera en mikromerit", "Check a micro-credential"),
    ("check_lead", "Liitä todistus tai jakolinkin sisältö, tai valitse tiedosto. Mitään ei tallenneta.", "Klistra in intyget eller innehållet i en delad länk, eller välj en fil. Inget sparas.", "Paste the credential or a shared link's content, or choose a file. Nothing is stored."),
    ("check_field", "Todistus (JSON, JWT, SD-JWT tai QR-koodin MC1:-teksti)", "Intyg (JSON, JWT, SD-JWT eller QR-kodens MC1:-text)", "Credential (JSON, JWT, SD-JWT or a QR code's MC1: text)"),
    ("check_file", "…tai valitse tai pudota tiedosto", "…eller välj eller släpp en fil", "…or choose or drop a file"),
    ("check_button", "Tarkista", "Kontrollera", "Check"),
    ("check_empty", "Liitä ensin todistus.", "Klistra först in ett intyg.", "Paste a credential first."),
    // Verdicts
    ("verdict_valid", "Aito ja voimassa", "Äkta och giltigt", "Genuine and current"),
    ("verdict_valid_text", "Allekirjoitus on kunnossa, myöntäjä on luotettujen listalla, eikä todistusta ole mitätöity.", "Signaturen stämmer, utfärdaren finns på förtroendelistan och intyget har inte återkallats.", "The signature holds, the issuer is on the trust list, and the credential has not been revoked."),
    ("verdict_valid_untrusted", "Aito ja voimassa — myöntäjä ei ole luotettujen listalla", "Äkta och giltigt — utfärdaren finns inte på förtroendelistan", "Genuine and current — issuer not on the trust list"),
    ("verdict_valid_untrusted_text", "Allekirjoitus on kunnossa eikä todistusta ole mitätöity, mutta myöntäjää ei tunneta. Varmista, kuka myöntäjä on.", "Signaturen stämmer och intyget har inte återkallats, men utfärdaren är okänd. Kontrollera vem utfärdaren är.", "The signature holds and it has not been revoked, but the issuer is not known here. Check who the issuer is."),
    ("verdict_revoked", "Mitätöity", "Återkallat", "Revoked"),
    ("verdict_revoked_text", "Myöntäjä on mitätöinyt tämän todistuksen. Se ei ole enää voimassa.", "Utfärdaren har återkallat intyget. Det gäller inte längre.", "The issuer has revoked this credential. It is no longer valid."),
    ("verdict_suspended", "Keskeytetty toistaiseksi", "Tillfälligt spärrat", "Suspended"),
    ("verdict_suspended_text", "Myöntäjä on keskeyttänyt todistuksen toistaiseksi.", "Utfärdaren har tillfälligt spärrat intyget.", "The issuer has suspended this credential for now."),
    ("verdict_expired", "Vanhentunut", "Har gått ut", "Expired"),
    ("verdict_expired_text", "Todistuksen voimassaolo on päättynyt.", "Intygets giltighetstid har gått ut.", "The credential's validity period has ended."),
    ("verdict_not_yet_valid", "Ei vielä voimassa", "Inte giltigt ännu", "Not yet valid"),
    ("verdict_not_yet_valid_text", "Todistuksen voimassaolo ei ole vielä alkanut.", "Intygets giltighetstid har inte börjat.", "The credential's validity period has not begun."),
    ("verdict_not_genuine", "Ei aito", "Inte äkta", "Not genuine"),
    ("verdict_not_genuine_text", "Allekirjoitus ei täsmää: todistusta on muutettu tai sen on allekirjoittanut joku muu kuin myöntäjä. Sen sisältöä ei näytetä.", "Signaturen stämmer inte: intyget har ändrats eller signerats av någon annan än utfärdaren. Innehållet visas inte.", "The signature does not hold: the credential was altered or signed by someone other than its issuer. Its content is not shown."),
    ("verdict_invalid", "Ei kelpaa", "Ogiltigt", "Not valid"),
    ("verdict_invalid_text", "Jokin tarkistus epäonnistui; syy on alla.", "En kontroll misslyckades; orsaken står nedan.", "A check failed; the reason is below."),
    ("verdict_could_not_check", "Ei voitu tarkistaa", "Kunde inte kontrolleras", "Could not check"),
    ("verdict_could_not_check_text", "Kaikkea ei voitu tarkistaa (esimerkiksi peruutustietoa ei saatu). Älä pidä todistusta voimassa olevana ennen kuin se on tarkistettu.", "Allt kunde inte kontrolleras (till exempel kunde återkallelsestatus inte hämtas). Betrakta inte intyget som giltigt förrän det kontrollerats.", "Not everything could be checked (for instance the revocation status could not be fetched). Do not treat it as valid until it has been checked."),
    ("checks_title", "Tarkistukset", "Kontroller", "Checks"),
    ("outcome_passed", "kunnossa", "godkänd", "passed"),
    ("outcome_failed", "EPÄONNISTUI", "MISSLYCKADES", "FAILED"),
    ("outcome_could_not_check", "ei voitu tarkistaa", "kunde inte kontrolleras", "could not check"),
    ("what_title", "Mitä todistus kertoo", "Vad intyget säger", "What the credential says"),
    ("hidden_note", "Valikoiva näyttäminen: haltija päättää, mitkä henkilötiedot näytetään. Näkyvät tiedot on tarkistettu.", "Selektivt utlämnande: innehavaren väljer vilka personuppgifter som visas. De som visas är kontrollerade.", "Selective disclosure: the holder chooses which personal details are shown. Those shown are checked."),
    // Share page
    ("share_title", "Jaetut osaamistodistukset", "Delade mikromeriter", "Shared micro-credentials"),
    ("share_lead", "Nämä todistukset tarkistettiin juuri nyt.", "Dessa intyg kontrollerades nyss.", "These credentials were checked just now."),
    ("share_expires", "Linkki on voimassa", "Länken gäller till", "This link works until"),
    ("share_gone_title", "Linkki ei ole käytössä", "Länken används inte", "This link is not in use"),
    ("share_gone_text", "Linkki on päättynyt, vanhentunut tai sitä ei ole olemassa. Pyydä haltijalta uusi linkki.", "Länken har avslutats, gått ut eller finns inte. Be innehavaren om en ny länk.", "The link has ended, expired or never existed. Ask the holder for a new one."),
    ("print", "Tulostettava todistus", "Utskrivbart intyg", "Printable certificate"),
    ("print_button", "Tulosta", "Skriv ut", "Print"),
    ("print_scan", "Tarkista todistus skannaamalla koodi", "Kontrollera intyget genom att skanna koden", "Scan the code to check this credential"),
    ("print_pdf", "Lataa PDF", "Ladda ner PDF", "Download PDF"),
    ("cert_kind", "Osaamistodistus", "Intyg över kunnande", "Certificate of achievement"),
    ("cert_completed", "on suorittanut pienen osaamiskokonaisuuden", "har avlagt mikromeriten", "has completed the micro-credential"),
    ("cert_date_place", "Myönnetty", "Utfärdat", "Issued"),
    ("cert_annex", "Liite: EU:n suosituksen mukaiset tiedot", "Bilaga: uppgifterna enligt EU:s rekommendation", "Annex: the elements of the EU Recommendation"),
    ("print_checked", "Tarkistettu", "Kontrollerat", "Checked"),
    // Wallet
    ("wallet_title", "Oma lompakko", "Min plånbok", "My wallet"),
    ("signin_title", "Kirjaudu sisään", "Logga in", "Sign in"),
    ("register_title", "Luo lompakko", "Skapa en plånbok", "Create a wallet"),
    ("register_text", "Salasanasi salaa lompakkosi. Sitä ei voi palauttaa: jos unohdat sen, tarvitset varmuuskopion.", "Ditt lösenord krypterar plånboken. Det kan inte återställas: glömmer du det behöver du en säkerhetskopia.", "Your password encrypts your wallet. It cannot be recovered: if you forget it, you need a backup."),
    ("username", "Käyttäjätunnus", "Användarnamn", "User name"),
    ("password_signin", "Salasana", "Lösenord", "Password"),
    ("password", "Salasana (vähintään 8 merkkiä)", "Lösenord (minst 8 tecken)", "Password (at least 8 characters)"),
    ("signin_button", "Kirjaudu", "Logga in", "Sign in"),
    ("register_button", "Luo lompakko", "Skapa plånbok", "Create wallet"),
    ("signout", "Kirjaudu ulos", "Logga ut", "Sign out"),
    ("signed_in_as", "Kirjautuneena", "Inloggad som", "Signed in as"),
    ("my_credentials", "Todistukseni", "Mina intyg", "My credentials"),
    ("no_credentials", "Lompakossa ei ole vielä todistuksia. Vastaanota ensimmäinen koulutuksen järjestäjän antamalla linkillä.", "Plånboken har inga intyg ännu. Ta emot det första med länken från din utbildningsanordnare.", "No credentials yet. Receive your first with the link your provider gave you."),
    ("issued_by", "Myöntäjä", "Utfärdare", "Issued by"),
    ("issued_on", "Myönnetty", "Utfärdat", "Issued"),
    ("status", "Tila", "Status", "Status"),
    ("open", "Avaa", "Öppna", "Open"),
    ("accept_title", "Vastaanota todistus", "Ta emot ett intyg", "Receive a credential"),
    ("accept_lead", "Liitä koulutuksen järjestäjän antama linkki (openid-credential-offer://…) tai avaa se järjestäjän QR-koodista.", "Klistra in länken från utbildningsanordnaren (openid-credential-offer://…) eller öppna den från anordnarens QR-kod.", "Paste the link your provider gave you (openid-credential-offer://…) or open it from their QR code."),
    ("offer_field", "Tarjouslinkki", "Erbjudandelänk", "Offer link"),
    ("tx_code_field", "Tunnusluku (jos järjestäjä antoi sellaisen)", "Kod (om anordnaren gav en)", "Code (if your provider gave you one)"),
    ("accept_button", "Vastaanota", "Ta emot", "Receive"),
    ("received", "Todistus vastaanotettu ja tarkistettu.", "Intyget har tagits emot och kontrollerats.", "Credential received and checked."),
    ("shares_title", "Jakolinkit", "Delningslänkar", "Share links"),
    ("share_new", "Uusi jakolinkki", "Ny delningslänk", "New share link"),
    ("share_choose", "Jaettavat todistukset", "Intyg att dela", "Credentials to share"),
    ("share_hide", "Piilota nämä tiedot (SD-JWT-todistuksista)", "Dölj dessa uppgifter (i SD-JWT-intyg)", "Hide these details (in SD-JWT credentials)"),
    ("share_expiry", "Voimassa", "Giltig", "Lasts"),
    ("share_button", "Luo linkki", "Skapa länk", "Create link"),
    ("share_created", "Linkki luotu. Anna se työnantajalle tai näytä QR-koodi.", "Länken har skapats. Ge den till arbetsgivaren eller visa QR-koden.", "Link created. Give it to the employer or show the QR code."),
    ("share_none", "Ei jakolinkkejä.", "Inga delningslänkar.", "No share links."),
    ("share_end", "Lopeta linkki", "Avsluta länken", "End link"),
    ("share_active", "käytössä", "aktiv", "active"),
    ("share_ended", "päättynyt", "avslutad", "ended"),
    ("share_hidden", "Piilotettu", "Dolt", "Hidden"),
    ("share_qr", "QR-koodi", "QR-kod", "QR code"),
    ("share_pick_one", "Valitse vähintään yksi todistus.", "Välj minst ett intyg.", "Choose at least one credential."),
    ("exp_30d", "30 päivää", "30 dagar", "30 days"),
    ("exp_3m", "3 kuukautta", "3 månader", "3 months"),
    ("exp_6m", "6 kuukautta", "6 månader", "6 months"),
    ("exp_1y", "1 vuosi", "1 år", "1 year"),
    ("claim_name", "Nimi", "Namn", "Name"),
    ("claim_birthDate", "Syntymäaika", "Födelsedatum", "Date of birth"),
    ("claim_email", "Sähköposti", "E-post", "E-mail"),
    ("claim_nationalId", "Henkilötunnus", "Personbeteckning", "National ID"),
    ("claim_grade", "Arvosana", "Vitsord", "Grade"),
    ("claim_evidence", "Näytöt", "Bevis", "Evidence"),
    ("claim_prerequisites", "Esitiedot", "Förkunskaper", "Prerequisites"),
    ("claim_supervision", "Valvonta", "Övervakning", "Supervision"),
    ("claim_integration", "Kokonaisuuteen liittäminen", "Integrering och staplingsbarhet", "Integration and stackability"),
    ("claim_furtherInformation", "Lisätiedot", "Mer information", "Further information"),
    ("download", "Lataa todistus", "Ladda ner intyget", "Download the credential"),
    ("delete", "Poista lompakosta", "Ta bort från plånboken", "Delete from wallet"),
    ("delete_confirm", "Poistetaanko todistus? Sitä näyttävät linkit lakkaavat toimimasta.", "Ta bort intyget? Länkar som visar det slutar fungera.", "Delete this credential? Links that show it stop working."),
    ("delete_yes", "Kyllä, poista", "Ja, ta bort", "Yes, delete"),
    ("delete_no", "Älä poista", "Ta inte bort", "Keep it"),
    ("backup_title", "Varmuuskopio", "Säkerhetskopia", "Backup"),
    ("backup_text", "Salattu varmuuskopio koko lompakosta. Avaa se salasanallasi komennolla microcred wallet restore.", "En krypterad säkerhetskopia av hela plånboken. Öppna den med ditt lösenord: microcred wallet restore.", "An encrypted backup of the whole wallet. Open it with your password: microcred wallet restore."),
    ("backup_button", "Lataa varmuuskopio", "Ladda ner säkerhetskopia", "Download backup"),
    ("progress_title", "Kohti laajempia tutkintoja", "Mot större examina", "Towards larger qualifications"),
    ("progress_held", "Suoritettu", "Avklarat", "Done"),
    ("progress_missing", "Puuttuu", "Saknas", "Missing"),
    ("back", "Takaisin", "Tillbaka", "Back"),
    // Provider
    ("provider_title", "Koulutuksen järjestäjä", "Utbildningsanordnare", "Provider"),
    ("provider_signin_text", "Kirjaudu järjestäjän tunnuksella (luodaan komennolla microcred issuer user add).", "Logga in med anordnarens konto (skapas med microcred issuer user add).", "Sign in with a provider account (made with microcred issuer user add)."),
    ("issue_title", "Myönnä todistus", "Utfärda ett intyg", "Issue a credential"),
    ("issue_lead", "Myönnä yhdelle oppijalle: saat linkin ja QR-koodin, joilla oppija vastaanottaa todistuksen lompakkoonsa.", "Utfärda till en studerande: du får en länk och en QR-kod som den studerande tar emot intyget med.", "Issue to one learner: you get a link and a QR code with which the learner receives it into their wallet."),
    ("spec_field", "Pieni osaamiskokonaisuus", "Mikromerit", "Micro-credential"),
    ("learner_name", "Oppijan nimi", "Den studerandes namn", "Learner's name"),
    ("learner_email", "Sähköposti", "E-post", "E-mail"),
    ("learner_birth", "Syntymäaika (VVVV-KK-PP)", "Födelsedatum (ÅÅÅÅ-MM-DD)", "Date of birth (YYYY-MM-DD)"),
    ("grade_field", "Arvosana (valinnainen)", "Vitsord (valfritt)", "Grade (optional)"),
    ("issued_field", "Myöntämispäivä", "Utfärdandedatum", "Date of issue"),
    ("format_field", "Muoto", "Format", "Format"),
    ("tx_code_ask", "Suojaa tunnusluvulla (annetaan oppijalle erikseen)", "Skydda med en kod (ges separat till den studerande)", "Protect with a code (handed to the learner separately)"),
    ("issue_button", "Luo tarjous", "Skapa erbjudande", "Create offer"),
    ("offer_ready", "Tarjous on valmis. Näytä QR-koodi oppijalle tai lähetä linkki.", "Erbjudandet är klart. Visa QR-koden för den studerande eller skicka länken.", "The offer is ready. Show the QR code to the learner or send the link."),
    ("offer_link", "Tarjouslinkki", "Erbjudandelänk", "Offer link"),
    ("offer_wallet_link", "Avaa tämän palvelun lompakossa", "Öppna i denna tjänsts plånbok", "Open in this service's wallet"),
    ("tx_code_is", "Tunnusluku", "Kod", "Code"),
    ("offer_expires", "Tarjous on voimassa 7 päivää ja sen voi käyttää kerran.", "Erbjudandet gäller i 7 dagar och kan användas en gång.", "The offer lasts 7 days and can be used once."),
    ("cohort_title", "Myönnä ryhmälle (taulukko)", "Utfärda till en grupp (kalkylblad)", "Issue to a cohort (spreadsheet)"),
    ("cohort_lead", "Lataa .xlsx- tai CSV-tiedosto (sarakkeet: nimi, syntymäaika, sähköposti, arvosana, myöntämispäivä, voimassa_asti, valitut_osat; myös ruotsiksi tai englanniksi). Jokainen rivi saa oman tarjouslinkkinsä; sama oppija kahdesti ilmoitetaan ja ohitetaan, ja saman listan uusi lataus ei tee uusia tarjouksia.", "Ladda upp en .xlsx- eller CSV-fil (kolumner: namn, födelsedatum, e-post, vitsord, utfärdad, giltig_till, valda_delar; även på finska eller engelska). Varje rad får sin egen erbjudandelänk; samma studerande två gånger rapporteras och hoppas över, och samma lista uppladdad igen ger inga nya erbjudanden.", "Upload an .xlsx or CSV file (columns: name, date_of_birth, email, grade, issued, valid_until, units; also in Finnish or Swedish). Each row gets its own offer link; a learner listed twice is reported and skipped, and the same list uploaded again makes no new offers."),
    ("cohort_field", "…tai liitä CSV-teksti", "…eller klistra in CSV-text", "…or paste CSV text"),
    ("cohort_button", "Luo tarjoukset", "Skapa erbjudanden", "Create offers"),
    ("cohort_progress", "Edistyminen", "Framsteg", "Progress"),
    ("cohort_done", "Valmis", "Klart", "Done"),
    ("cohort_running", "Käynnissä… sivu päivittyy itsestään.", "Pågår… sidan uppdateras av sig själv.", "Running… this page refreshes itself."),
    ("cohort_download", "Lataa linkit (CSV)", "Ladda ner länkarna (CSV)", "Download the links (CSV)"),
    ("cohort_problems", "Rivit, joita ei käsitelty", "Rader som inte behandlades", "Rows not processed"),
    ("line", "Rivi", "Rad", "Line"),
    ("spec_title", "Kuvaa pieni osaamiskokonaisuus", "Beskriv en mikromerit", "Describe a micro-credential"),
    ("spec_lead", "Kirjoita tai liitä kuvaus (JSON, schemas/specification.schema.json). Tarkistus näyttää jokaisen ongelman kentän kohdalla.", "Skriv eller klistra in beskrivningen (JSON, schemas/specification.schema.json). Kontrollen visar varje problem vid sitt fält.", "Write or paste the description (JSON, schemas/specification.schema.json). The check shows every problem next to its field."),
    ("spec_json", "Kuvaus (JSON)", "Beskrivning (JSON)", "Description (JSON)"),
    ("spec_check", "Tarkista", "Kontrollera", "Check"),
    ("spec_publish", "Tarkista ja julkaise", "Kontrollera och publicera", "Check and publish"),
    ("spec_ok", "Kuvaus on kunnossa.", "Beskrivningen är i ordning.", "The description is fine."),
    ("spec_published", "Julkaistu tarjonnassa.", "Publicerad i utbudet.", "Published in the catalogue."),
    ("spec_problems", "Korjattavaa", "Att rätta", "To fix"),
    ("field", "Kenttä", "Fält", "Field"),
    ("registry_title", "Myönnetyt todistukset", "Utfärdade intyg", "Issued credentials"),
    ("search_field", "Hae nimellä, sähköpostilla tai tunnisteella", "Sök på namn, e-post eller id", "Search by name, e-mail or ID"),
    ("search_button", "Hae", "Sök", "Search"),
    ("no_results", "Ei tuloksia.", "Inga träffar.", "Nothing found."),
    ("learner", "Oppija", "Studerande", "Learner"),
    ("reason_field", "Syy", "Orsak", "Reason"),
    ("revoke_button", "Mitätöi…", "Återkalla…", "Revoke…"),
    ("suspend_button", "Keskeytä…", "Spärra tillfälligt…", "Suspend…"),
    ("unsuspend_button", "Jatka…", "Häv spärren…", "Lift the suspension…"),
    ("standing_active", "voimassa", "giltigt", "valid"),
    ("standing_revoked", "mitätöity", "återkallat", "revoked"),
    ("standing_suspended", "keskeytetty", "tillfälligt spärrat", "suspended"),
    ("standing_expired", "vanhentunut", "har gått ut", "expired"),
    ("status_changed", "Tila muutettu.", "Status ändrad.", "Status changed."),
    ("catalogue_title", "Pienet osaamiskokonaisuudet, joita tarjoamme", "Mikromeriter vi erbjuder", "Micro-credentials we offer"),
    ("catalogue_empty", "Tarjonnassa ei ole vielä pieniä osaamiskokonaisuuksia.", "Utbudet har inga mikromeriter ännu.", "The catalogue is empty."),
    ("workload", "Laajuus", "Omfattning", "Workload"),
    ("level", "Taso", "Nivå", "Level"),
    ("more", "Lisätietoja", "Mer information", "More"),
    // The specification form (docs/glossary.md)
    ("sf_lead", "Pienen osaamiskokonaisuuden kuvaus on luonnos, kunnes se julkaistaan. Julkaistu versio ei enää muutu: muutokset tehdään uutena versiona.", "Beskrivningen av en mikromerit är ett utkast tills den publiceras. En publicerad version ändras inte längre: ändringar görs som en ny version.", "A micro-credential's description is a draft until it is published. A published version never changes: changes are made as a new version."),
    ("sf_new", "Uusi kuvaus", "Ny beskrivning", "New description"),
    ("sf_drafts", "Luonnokset", "Utkast", "Drafts"),
    ("sf_published", "Julkaistut", "Publicerade", "Published"),
    ("sf_versions", "versiot", "versioner", "versions"),
    ("sf_new_version", "Uusi versio", "Ny version", "New version"),
    ("sf_json_title", "JSON-tiedostosta", "Från en JSON-fil", "From a JSON file"),
    ("sf_json_lead", "Avaa valmis kuvaus (schemas/specification.schema.json) lomakkeeseen.", "Öppna en färdig beskrivning (schemas/specification.schema.json) i formuläret.", "Open a finished description (schemas/specification.schema.json) in the form."),
    ("sf_open_json", "Avaa lomakkeessa", "Öppna i formuläret", "Open in the form"),
    ("sf_not_object", "Tiedosto ei ole kuvaus (JSON-objekti).", "Filen är ingen beskrivning (ett JSON-objekt).", "The file is not a description (a JSON object)."),
    ("sf_form_lead", "Kirjoita tekstit suomeksi, ruotsiksi ja englanniksi (vähintään yhdellä kielellä). EU:n suositus (2022/C 243/02, liite I) edellyttää jokaiselta todistukselta kentät, joiden kohdalla on sen kohta. Tallenna luonnos milloin tahansa; julkaise, kun korjattavaa ei ole.", "Skriv texterna på finska, svenska och engelska (på minst ett språk). EU:s rekommendation (2022/C 243/02, bilaga I) kräver fälten med sin punkt angiven. Spara utkastet när som helst; publicera när inget behöver rättas.", "Write the texts in Finnish, Swedish and English (at least one). The EU Recommendation (2022/C 243/02, Annex I) asks for the fields marked with its element. Save the draft at any time; publish when nothing needs fixing."),
    ("sf_basics", "Perustiedot", "Grunduppgifter", "Basics"),
    ("sf_id", "Tunniste", "Id", "Identifier"),
    ("sf_id_help", "Pysyvä lyhyt nimi osoitteessa ja todistuksissa: pieniä kirjaimia, numeroita ja viivoja (esim. tulityot).", "Ett bestående kort namn i adressen och i intygen: små bokstäver, siffror och bindestreck.", "A lasting short name in the address and in every credential: lower-case letters, digits and hyphens."),
    ("sf_version", "Versio", "Version", "Version"),
    ("sf_version_help", "Esim. 2026-1. Julkaistu versio ei muutu; muutokset uutena versiona.", "T.ex. 2026-1. En publicerad version ändras inte; ändringar som ny version.", "E.g. 2026-1. A published version never changes; changes go in a new version."),
    ("sf_title", "Nimi (EU:n kohta 2)", "Benämning (EU:s punkt 2)", "Title (EU element 2)"),
    ("sf_title_help", "Nimi, jolla osaaminen tunnetaan. Suojattua tutkintonimikettä ei saa käyttää.", "Namnet kunnandet är känt under. En skyddad examensbenämning får inte användas.", "The name the competence is known by. A protected qualification title may not be used."),
    ("sf_description", "Kuvaus", "Beskrivning", "Description"),
    ("sf_description_help", "Mitä opitaan ja kenelle; mainitse jokainen tutkinnon osa nimeltä.", "Vad man lär sig och för vem; nämn varje examensdel vid namn.", "What is learnt and for whom; name every qualification unit."),
    ("sf_lang_fi", "suomeksi", "på finska", "in Finnish"),
    ("sf_lang_sv", "ruotsiksi", "på svenska", "in Swedish"),
    ("sf_lang_en", "englanniksi", "på engelska", "in English"),
    ("sf_missing", "(puuttuu)", "(saknas)", "(missing)"),
    ("sf_outcomes", "Osaamistavoitteet (EU:n kohta 6)", "Lärandemål (EU:s punkt 6)", "Learning outcomes (EU element 6)"),
    ("sf_outcomes_help", "Mitä oppija osaa, kun hän on suorittanut kokonaisuuden. Vähintään yksi; ESCO-linkki on valinnainen.", "Vad den studerande kan efter avslutad mikromerit. Minst ett; ESCO-länken är valfri.", "What the learner can do once it is completed. At least one; the ESCO link is optional."),
    ("sf_outcome", "Osaamistavoite", "Lärandemål", "Learning outcome"),
    ("sf_esco", "ESCO-taito (valinnainen)", "ESCO-färdighet (valfri)", "ESCO skill (optional)"),
    ("sf_esco_help", "Osoite muotoa http://data.europa.eu/esco/skill/…", "En adress som http://data.europa.eu/esco/skill/…", "An address like http://data.europa.eu/esco/skill/…"),
    ("sf_add_outcome", "Lisää osaamistavoite", "Lägg till ett lärandemål", "Add a learning outcome"),
    ("sf_remove", "Poista", "Ta bort", "Remove"),
    ("sf_workload", "Laajuus (EU:n kohta 7)", "Omfattning (EU:s punkt 7)", "Workload (EU element 7)"),
    ("sf_workload_help", "Vähintään yksi: opintopisteet (ECTS, noin 27 tuntia työtä), osaamispisteet (ammatillinen koulutus; eivät muunnu opintopisteiksi) tai tunnit.", "Minst en: studiepoäng (ECTS, ungefär 27 timmars arbete), kompetenspoäng (yrkesutbildning; omvandlas inte) eller timmar.", "At least one: ECTS credits (about 27 hours of work each), Finnish vocational osp (never converted to ECTS) or hours."),
    ("sf_ects", "op (ECTS)", "sp (ECTS)", "ECTS credits"),
    ("sf_osp", "osp (osaamispisteet)", "kp (kompetenspoäng)", "osp (competence points)"),
    ("sf_hours", "tuntia", "timmar", "hours"),
    ("sf_duration", "Tyypillinen kesto (valinnainen)", "Typisk längd (valfri)", "Typical duration (optional)"),
    ("sf_duration_help", "ISO 8601 -kesto, esim. P6M = 6 kuukautta.", "ISO 8601-varaktighet, t.ex. P6M = 6 månader.", "An ISO 8601 duration, e.g. P6M = 6 months."),
    ("sf_validity", "Voimassaoloaika", "Giltighetstid", "Validity"),
    ("sf_validity_help", "Kortti- ja lupatyyppisille koulutuksille (esim. tulityö, ensiapu): todistus on voimassa näin kauan myöntämispäivästä. Tyhjä: voimassa toistaiseksi.", "För kort och tillstånd (t.ex. heta arbeten, första hjälpen): intyget gäller så länge från utfärdandedagen. Tomt: gäller tills vidare.", "For cards and licences (hot work, first aid): the credential is valid this long from its date of issue. Empty: valid without end."),
    ("sf_level", "Taso (EU:n kohta 8)", "Nivå (EU:s punkt 8)", "Level (EU element 8)"),
    ("sf_level_help", "Eurooppalaisen tutkintojen viitekehyksen (EQF) taso, tai ”ei sovellu”.", "Nivån i den europeiska referensramen för kvalifikationer (EQF), eller ”inte tillämplig”.", "The European Qualifications Framework (EQF) level, or “not applicable”."),
    ("sf_eqf", "EQF-taso", "EQF-nivå", "EQF level"),
    ("sf_eqf_na", "ei sovellu", "inte tillämplig", "not applicable"),
    ("sf_nqf", "Kansallinen taso (NQF, valinnainen)", "Nationell nivå (NQF, valfri)", "National level (NQF, optional)"),
    ("sf_cycle", "QF-EHEA-sykli (valinnainen)", "QF-EHEA-cykel (valfri)", "QF-EHEA cycle (optional)"),
    ("sf_assessment", "Arviointi (EU:n kohta 9)", "Bedömning (EU:s punkt 9)", "Assessment (EU element 9)"),
    ("sf_assessment_help", "Miten osaaminen osoitetaan; valitse yksi tai useampi.", "Hur kunnandet visas; välj en eller flera.", "How the learning is shown; choose one or more."),
    ("sf_more_words", "Tarkemmin (valinnainen)", "Närmare (valfritt)", "In more words (optional)"),
    ("sf_participation", "Osallistumismuoto (EU:n kohta 10)", "Deltagandeform (EU:s punkt 10)", "Form of participation (EU element 10)"),
    ("sf_participation_help", "Verkossa, lähiopetuksena, monimuotona tai työpaikalla; yksi tai useampi.", "På nätet, på plats, flerform eller i arbetet; en eller flera.", "Online, on-site, blended or work-based; one or more."),
    ("sf_qa", "Laadunvarmistus (EU:n kohta 11)", "Kvalitetssäkring (EU:s punkt 11)", "Quality assurance (EU element 11)"),
    ("sf_qa_help", "Millainen laadunvarmistus on taustalla, ja vastuutaho tai viite, josta sen voi tarkistaa.", "Vilken kvalitetssäkring som ligger bakom, och ett organ eller en hänvisning där den kan kontrolleras.", "What quality assurance stands behind it, and a body or reference where it can be checked."),
    ("sf_qa_type", "Laadunvarmistuksen tyyppi", "Typ av kvalitetssäkring", "Type of quality assurance"),
    ("sf_qa_body", "Vastuutaho (esim. Opetushallitus, Karvi)", "Ansvarigt organ (t.ex. Utbildningsstyrelsen, NCU)", "Body (e.g. the Finnish National Agency for Education, FINEEC)"),
    ("sf_qa_reference", "Viite tai verkko-osoite", "Hänvisning eller webbadress", "Reference or web address"),
    ("sf_add_qa", "Lisää laadunvarmistus", "Lägg till kvalitetssäkring", "Add quality assurance"),
    ("sf_units", "Tutkinnon osat", "Examensdelar", "Qualification units"),
    ("sf_units_help", "Osat, joista kokonaisuus muodostuu: pakolliset, ja valinnaiset ryhmät, joista valitaan N. Kustakin koodi, nimi, laajuus ja tutkinto, johon se kuuluu.", "Delarna mikromeriten består av: obligatoriska, och valbara grupper där N väljs. För var och en kod, namn, omfattning och examen den hör till.", "The units it is made of: required ones, and choice groups of which N are taken. Each with its code, name, scope and the qualification it belongs to."),
    ("sf_required_units", "Pakolliset osat", "Obligatoriska delar", "Required units"),
    ("sf_required_unit", "Pakollinen osa", "Obligatorisk del", "Required unit"),
    ("sf_add_required", "Lisää pakollinen osa", "Lägg till en obligatorisk del", "Add a required unit"),
    ("sf_choices", "Valinnaiset osat", "Valbara delar", "Units to choose from"),
    ("sf_choice", "Valinnainen ryhmä", "Valbar grupp", "Choice group"),
    ("sf_select", "Valitaan montako", "Antal att välja", "How many to choose"),
    ("sf_select_help", "Montako ryhmän vaihtoehdoista oppija suorittaa.", "Hur många av gruppens alternativ den studerande avlägger.", "How many of the group's options a learner completes."),
    ("sf_option", "Vaihtoehto", "Alternativ", "Option"),
    ("sf_add_option", "Lisää vaihtoehto", "Lägg till ett alternativ", "Add an option"),
    ("sf_add_choice", "Lisää valinnainen ryhmä", "Lägg till en valbar grupp", "Add a choice group"),
    ("sf_unit_code", "Koodi", "Kod", "Code"),
    ("sf_unit_code_help", "ePerusteiden koodi tai oma koodi.", "Koden i ePerusteet eller en egen kod.", "The ePerusteet code, or your own."),
    ("sf_unit_name", "Osan nimi", "Delens namn", "Unit name"),
    ("sf_unit_scope", "Laajuus", "Omfattning", "Scope"),
    ("sf_unit_unit", "Yksikkö", "Enhet", "Unit of scope"),
    ("sf_unit_basis", "Ammattitaitovaatimukset", "Yrkeskunskapskrav", "Competence requirements"),
    ("sf_qual_code", "Tutkinnon koodi", "Examens kod", "Qualification code"),
    ("sf_qual_name", "Tutkinto", "Examen", "Qualification"),
    ("sf_qual_help", "Tutkinto, johon osa kuuluu.", "Examen som delen hör till.", "The qualification the unit comes from."),
    ("sf_optional", "Valinnaiset tiedot", "Valfria uppgifter", "Optional elements"),
    ("sf_prerequisites", "Esitiedot", "Förkunskaper", "Prerequisites"),
    ("sf_prerequisites_help", "Mitä osallistujalta edellytetään ennen aloittamista.", "Vad som krävs av deltagaren före start.", "What a participant needs before starting."),
    ("sf_supervision", "Valvonta ja henkilöllisyyden tarkistus", "Övervakning och identitetskontroll", "Supervision and identity check"),
    ("sf_supervision_help", "Miten arviointi valvottiin (EU:n suosituksen neljä vaihtoehtoa).", "Hur bedömningen övervakades (rekommendationens fyra alternativ).", "How the assessment was supervised (the Recommendation's four options)."),
    ("sf_grades", "Arvosanat", "Vitsord", "Grades"),
    ("sf_grades_help", "Sallitut arvosanat pilkuin eroteltuina, esim. 1, 2, 3, 4, 5 tai hyväksytty.", "Tillåtna vitsord åtskilda med kommatecken, t.ex. 1, 2, 3, 4, 5 eller godkänd.", "The grades allowed, separated by commas, e.g. 1, 2, 3, 4, 5 or pass."),
    ("sf_grading", "Arviointiasteikko", "Bedömningsskala", "Grading scheme"),
    ("sf_integration", "Kokonaisuuteen liittäminen", "Integrering och staplingsbarhet", "Integration and stackability"),
    ("sf_integration_help", "Erillinen, vai voiko kokonaisuuden liittää osaksi laajempaa (nimeä se).", "Fristående, eller kan den ingå i något större (ange vad).", "Stand-alone, or counting towards something larger (name it)."),
    ("sf_standalone", "Erillinen", "Fristående", "Stand-alone"),
    ("sf_stackable", "Liitettävissä laajempaan", "Kan ingå i något större", "Stackable"),
    ("sf_towards_id", "Laajemman kokonaisuuden tunniste", "Id för det större", "Identifier of the larger credential"),
    ("sf_towards_title", "Laajemman kokonaisuuden nimi", "Namnet på det större", "Title of the larger credential"),
    ("sf_further", "Lisätiedot", "Mer information", "Further information"),
    ("sf_url", "Verkkosivu", "Webbsida", "Web page"),
    ("sf_languages", "Opetus- ja arviointikielet", "Undervisnings- och bedömningsspråk", "Languages of instruction and assessment"),
    ("sf_languages_help", "Kielikoodit pilkuin, esim. fi, sv, en.", "Språkkoder med kommatecken, t.ex. fi, sv, en.", "Language codes with commas, e.g. fi, sv, en."),
    ("sf_setting", "Oppimisympäristö", "Lärandemiljö", "Learning setting"),
    ("sf_preview", "Esikatselu: näin todistus tulostuu (esimerkkioppija)", "Förhandsvisning: så skrivs intyget ut (exempelstuderande)", "Preview: how the certificate prints (a sample learner)"),
    ("sf_print_preview", "Tulosteen esikatselu", "Förhandsvisa utskriften", "Print preview"),
    ("sf_save", "Tallenna luonnos", "Spara utkastet", "Save the draft"),
    ("sf_publish", "Julkaise", "Publicera", "Publish"),
    ("sf_download", "Lataa JSON", "Ladda ner JSON", "Download JSON"),
    ("sf_saved", "Luonnos tallennettu.", "Utkastet har sparats.", "Draft saved."),
    ("sf_needs_id", "Anna ensin tunniste: luonnos tallennetaan sillä.", "Ange först ett id: utkastet sparas under det.", "Give an identifier first: the draft is saved under it."),
    ("sf_fix_first", "Korjaa ensin alla luetellut asiat; luonnos on tallennettu.", "Rätta först sakerna nedan; utkastet har sparats.", "Fix the problems listed below first; the draft is saved."),
    ("sf_published_new", "Julkaistu tarjonnassa", "Publicerad i utbudet", "Published in the catalogue"),
    ("sf_published_same", "Oli jo julkaistu samanlaisena", "Var redan publicerad likadan", "Was published already as it is"),
    // Registry, confirmation, renewal, trust (docs/glossary.md)
    ("version", "versio", "version", "version"),
    ("renews", "Uusii todistuksen", "Förnyar intyget", "Renews"),
    ("renewed_by", "Uusittu todistuksella", "Förnyat med intyget", "Renewed by"),
    ("history", "Tapahtumat", "Händelser", "History"),
    ("when", "Milloin", "När", "When"),
    ("who", "Kuka", "Vem", "Who"),
    ("what", "Mitä", "Vad", "What"),
    ("renew_button", "Uusi…", "Förnya…", "Renew…"),
    ("event_revoked", "mitätöi", "återkallade", "revoked"),
    ("event_suspended", "keskeytti", "spärrade tillfälligt", "suspended"),
    ("event_reinstated", "jatkoi (keskeytys päättyi)", "hävde spärren", "lifted the suspension"),
    ("event_renewed", "uusi", "förnyade", "renewed"),
    ("confirm_what_seen", "Mitä tämän jälkeen näkyy", "Vad som syns efter detta", "What will be seen"),
    ("confirm_learner", "Oppija näkee", "Den studerande ser", "The learner sees"),
    ("confirm_employer", "Todistuksen tarkistaja (esim. työnantaja) näkee", "Den som kontrollerar intyget (t.ex. en arbetsgivare) ser", "Anyone checking it (an employer, say) sees"),
    ("confirm_revoke_title", "Mitätöi todistus", "Återkalla intyget", "Revoke the credential"),
    ("confirm_revoke_learner", "Lompakossa todistuksen tilana on ”mitätöity”. Mitätöintiä ei voi perua: jos todistus myönnetään uudelleen, se on uusi todistus.", "I plånboken står intyget som ”återkallat”. En återkallelse kan inte hävas: utfärdas intyget på nytt är det ett nytt intyg.", "Their wallet shows the credential as “revoked”. A revocation cannot be undone: issued again, it is a new credential."),
    ("confirm_revoke_employer", "”Mitätöity: myöntäjä on mitätöinyt tämän todistuksen. Se ei ole enää voimassa.” Syy jää rekisteriin; sitä ei näytetä tarkistajalle.", "”Återkallat: utfärdaren har återkallat intyget. Det gäller inte längre.” Orsaken sparas i registret; den visas inte för den som kontrollerar.", "“Revoked: the issuer has revoked this credential. It is no longer valid.” The reason stays in the registry; it is not shown to them."),
    ("confirm_revoke_button", "Mitätöi todistus", "Återkalla intyget", "Revoke the credential"),
    ("confirm_suspend_title", "Keskeytä todistus", "Spärra intyget tillfälligt", "Suspend the credential"),
    ("confirm_suspend_learner", "Lompakossa todistuksen tilana on ”keskeytetty”, kunnes keskeytys päätetään (Jatka).", "I plånboken står intyget som ”tillfälligt spärrat” tills spärren hävs.", "Their wallet shows the credential as “suspended” until the suspension is lifted."),
    ("confirm_suspend_employer", "”Keskeytetty toistaiseksi: myöntäjä on keskeyttänyt todistuksen.” Kun keskeytys päättyy, todistus on taas voimassa.", "”Tillfälligt spärrat: utfärdaren har spärrat intyget.” När spärren hävs gäller intyget igen.", "“Suspended: the issuer has suspended this credential for now.” Once lifted, it is valid again."),
    ("confirm_suspend_button", "Keskeytä todistus", "Spärra intyget tillfälligt", "Suspend the credential"),
    ("confirm_reinstate_title", "Jatka todistuksen voimassaoloa", "Häv spärren", "Lift the suspension"),
    ("confirm_reinstate_learner", "Todistus näkyy lompakossa taas voimassa olevana.", "Intyget syns som giltigt i plånboken igen.", "Their wallet shows the credential as valid again."),
    ("confirm_reinstate_employer", "”Aito ja voimassa”, kuten ennen keskeytystä (jos voimassaoloaika ei ole päättynyt).", "”Äkta och giltigt”, som före spärren (om giltighetstiden inte har gått ut).", "“Genuine and current”, as before the suspension (unless its validity has ended)."),
    ("confirm_reinstate_button", "Jatka voimassaoloa", "Häv spärren", "Lift the suspension"),
    ("confirm_renew_title", "Uusi todistus", "Förnya intyget", "Renew the credential"),
    ("confirm_renew_learner", "Oppija saa tarjouksen uudesta todistuksesta, joka on voimassa tästä päivästä alkaen osaamiskokonaisuuden voimassaoloajan. Vanha todistus säilyy lompakossa ja rekisterissä.", "Den studerande får ett erbjudande om ett nytt intyg, giltigt från i dag under mikromeritens giltighetstid. Det gamla intyget finns kvar i plånboken och registret.", "The learner gets an offer of a new credential, valid from today for the micro-credential's validity period. The old one stays in their wallet and in the registry."),
    ("confirm_renew_employer", "Uusi todistus näkyy voimassa olevana; vanha näkyy voimassa olevana tai vanhentuneena oman päättymispäivänsä mukaan.", "Det nya intyget visas som giltigt; det gamla som giltigt eller utgånget enligt sitt eget slutdatum.", "The new credential shows as current; the old one as current or expired by its own end date."),
    ("confirm_renew_button", "Tee uusimistarjous", "Skapa erbjudande om förnyelse", "Make the renewal offer"),
    ("renewal_title", "Uusiminen", "Förnyelse", "Renewal"),
    ("required", "pakollinen", "obligatorisk", "required"),
    ("optional", "valinnainen", "valfritt", "optional"),
    ("cancel", "Peruuta", "Avbryt", "Cancel"),
    ("trust_title", "Luotetut myöntäjät", "Betrodda utfärdare", "Trusted issuers"),
    ("trust_lead", "Tämän palvelun tarkistus pitää näitä myöntäjiä luotettuina: niiden todistukset ovat ”aito ja voimassa”, muiden ”aito, mutta myöntäjä ei ole luotettujen listalla”.", "Tjänstens kontroll betraktar dessa utfärdare som betrodda: deras intyg är ”äkta och giltigt”, andras ”äkta, men utfärdaren finns inte på förtroendelistan”.", "This service's checks trust these issuers: their credentials are “genuine and current”, others' “genuine, but the issuer is not on the trust list”."),
    ("trust_list_name", "Lista", "Lista", "List"),
    ("trust_source", "Allekirjoitettu lista osoitteesta", "Signerad lista från", "Signed list from"),
    ("trust_fetched", "haettu", "hämtad", "fetched"),
    ("trust_issuer", "Myöntäjä", "Utfärdare", "Issuer"),
    ("trust_country", "Maa", "Land", "Country"),
    ("trust_own", "tämä palvelu", "denna tjänst", "this service"),
    ("trust_empty", "Lista on tyhjä.", "Listan är tom.", "The list is empty."),
    ("cohort_template", "Tyhjä oppijalista", "Tom lista över studerande", "An empty learner list"),
    ("cohort_file", "Oppijalista (.xlsx tai .csv)", "Lista över studerande (.xlsx eller .csv)", "Learner list (.xlsx or .csv)"),
    ("confirm_expired", "Myönnä myös todistukset, jotka ovat jo vanhentuneet myöntämispäivänä (takautuvasti myönnetyt)", "Utfärda även intyg som redan har gått ut på utfärdandedagen (retroaktivt utfärdade)", "Also issue credentials already expired on their date of issue (back-dated)"),
    ("cohort_already", "Rivit, joille on jo tehty tarjous (ei uutta tarjousta)", "Rader som redan fått ett erbjudande (inget nytt)", "Rows already offered (no new offer)"),
    ("cohort_offered_on", "tarjottu", "erbjudet", "offered on"),
    ("cohort_unreadable", "Lähetettyä lomaketta ei voitu lukea.", "Det skickade formuläret kunde inte läsas.", "The form sent could not be read."),
    ("cohort_too_large", "Lista on liian suuri tälle sivulle: käytä komentoa microcred issuer issue --learners.", "Listan är för stor för sidan: använd microcred issuer issue --learners.", "The list is too large for the page: use microcred issuer issue --learners."),
    ("cohort_empty", "Valitse tiedosto tai liitä lista.", "Välj en fil eller klistra in listan.", "Choose a file or paste the list."),
    // Errors
    ("error_title", "Jokin meni vikaan", "Något gick fel", "Something went wrong"),
    ("error_signin", "Kirjaudu ensin sisään.", "Logga in först.", "Please sign in first."),
    ("error_not_found", "Sivua ei löydy.", "Sidan hittades inte.", "Page not found."),
    ("error_expired_form", "Lomake vanheni. Yritä uudelleen.", "Formuläret gick ut. Försök igen.", "The form expired. Please try again."),
];

pub fn texts(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    TEXTS
        .iter()
        .map(|(k, fi, sv, en)| (*k, lang.pick(*fi, *sv, *en)))
        .collect()
}

/// One text, for messages built in Rust.
pub fn t(lang: Lang, key: &str) -> &'static str {
    TEXTS
        .iter()
        .find(|(k, ..)| *k == key)
        .map(|(_, fi, sv, en)| lang.pick(*fi, *sv, *en))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t.key` in every template, and every key the code builds from a name
    /// (verdicts, claims, standings, outcomes), has its three texts.
    #[test]
    fn every_key_a_page_uses_exists() {
        let known: std::collections::HashSet<&str> = TEXTS.iter().map(|(k, ..)| *k).collect();
        for (name, source) in super::super::TEMPLATES {
            let mut rest = *source;
            while let Some(at) = rest.find("t.") {
                let before = rest[..at].chars().last();
                rest = &rest[at + 2..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    known.contains(key.as_str()),
                    "{name} uses t.{key}, which has no texts"
                );
            }
        }
        let kinds = [
            "valid",
            "valid_untrusted",
            "revoked",
            "suspended",
            "expired",
            "not_yet_valid",
            "not_genuine",
            "invalid",
            "could_not_check",
        ];
        for k in kinds {
            assert!(known.contains(format!("verdict_{k}").as_str()), "{k}");
            assert!(known.contains(format!("verdict_{k}_text").as_str()), "{k}");
        }
        for n in microcred_model::credential::DISCLOSABLE {
            assert!(known.contains(format!("claim_{n}").as_str()), "{n}");
        }
        for s in ["active", "revoked", "suspended", "expired"] {
            assert!(known.contains(format!("standing_{s}").as_str()), "{s}");
        }
        for o in ["passed", "failed", "could_not_check"] {
            assert!(known.contains(format!("outcome_{o}").as_str()), "{o}");
        }
    }

    #[test]
    fn every_key_is_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for (k, fi, sv, en) in TEXTS {
            assert!(seen.insert(*k), "{k} twice");
            assert!(!fi.is_empty() && !sv.is_empty() && !en.is_empty(), "{k}");
        }
    }
}

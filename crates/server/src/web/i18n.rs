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
    ("footer", "microcred — mikrotodistukset EU:n suosituksen 2022/C 243/02 mukaan, avoimin standardein.", "microcred — mikromeriter enligt EU:s rekommendation 2022/C 243/02, med öppna standarder.", "microcred — micro-credentials as EU Recommendation 2022/C 243/02 describes them, on open standards."),
    // Home
    ("home_title", "Mikrotodistukset, jotka voi tarkistaa", "Mikromeriter som går att kontrollera", "Micro-credentials anyone can check"),
    ("home_lead", "Oppilaitokset myöntävät, oppijat säilyttävät ja jakavat, työnantajat tarkistavat sekunneissa.", "Läroanstalter utfärdar, studerande sparar och delar, arbetsgivare kontrollerar på sekunder.", "Providers issue, learners keep and share, employers check in seconds."),
    ("home_employer", "Työnantaja: tarkista todistus", "Arbetsgivare: kontrollera ett intyg", "Employer: check a credential"),
    ("home_employer_text", "Avaa jaettu linkki, liitä todistus tai pudota tiedosto.", "Öppna en delad länk, klistra in ett intyg eller släpp en fil.", "Open a shared link, paste a credential or drop a file."),
    ("home_learner", "Oppija: oma lompakko", "Studerande: min plånbok", "Learner: my wallet"),
    ("home_learner_text", "Vastaanota, säilytä ja jaa todistuksesi.", "Ta emot, spara och dela dina intyg.", "Receive, keep and share your credentials."),
    ("home_provider", "Koulutuksen järjestäjä", "Utbildningsanordnare", "Education provider"),
    ("home_provider_text", "Kuvaa tarjontasi, myönnä todistukset ja hallitse niitä.", "Beskriv ditt utbud, utfärda intyg och hantera dem.", "Describe your offer, issue credentials and manage them."),
    // Employer: check
    ("check_title", "Tarkista mikrotodistus", "Kontrollera en mikromerit", "Check a micro-credential"),
    ("check_lead", "Liitä jakolinkki tai todistus, tai lataa tiedosto tai kuva QR-koodista. Mitään ei tallenneta.", "Klistra in en delningslänk eller ett intyg, eller ladda upp en fil eller en bild av en QR-kod. Inget sparas.", "Paste a share link or a credential, or upload a file or a picture of a QR code. Nothing is stored."),
    ("check_field", "Jakolinkki tai todistus (JSON, JWT, SD-JWT tai QR-koodin MC1:-teksti)", "Delningslänk eller intyg (JSON, JWT, SD-JWT eller QR-kodens MC1:-text)", "Share link or credential (JSON, JWT, SD-JWT or a QR code's MC1: text)"),
    ("check_file", "…tai valitse tai pudota tiedosto", "…eller välj eller släpp en fil", "…or choose or drop a file"),
    ("check_button", "Tarkista", "Kontrollera", "Check"),
    ("check_empty", "Liitä ensin todistus.", "Klistra först in ett intyg.", "Paste a credential first."),
    // Employer: request from a wallet (OpenID4VP)
    ("wallet_request_title", "Pyydä todistus lompakosta", "Begär ett intyg från en plånbok", "Request from a wallet"),
    ("wallet_request_intro", "Hakija voi näyttää mikrotodistuksensa digitaalisesta lompakostaan, myös EU:n digitaalisen identiteetin lompakosta. Pyydämme vain nimen ja todistuksen nimen.", "Den sökande kan visa sin mikromerit från sin digitala plånbok, även EU:s plånbok för digital identitet. Vi begär bara namnet och intygets titel.", "The applicant can show a micro-credential from their digital wallet, an EU Digital Identity Wallet included. Only the name and the credential's title are asked for."),
    ("wallet_request_button", "Pyydä lompakosta", "Begär från plånbok", "Request from a wallet"),
    ("wallet_request_lead", "Pyydä hakijaa skannaamaan koodi lompakollaan, tai avaa linkki samalla laitteella.", "Be den sökande skanna koden med sin plånbok, eller öppna länken på samma enhet.", "Ask the applicant to scan the code with their wallet, or open the link on the same device."),
    ("wallet_request_same_device", "Avaa lompakossa tällä laitteella", "Öppna i plånboken på den här enheten", "Open in a wallet on this device"),
    ("wallet_request_link_text", "Pyyntölinkki tekstinä", "Begäranlänken som text", "The request link as text"),
    ("wallet_request_waiting", "Odotetaan vastausta lompakosta. Sivu päivittyy itsestään. Pyyntö on voimassa klo", "Väntar på svar från plånboken. Sidan uppdateras av sig själv. Begäran gäller till", "Waiting for the wallet's answer. This page updates itself. The request is open until"),
    ("wallet_request_refresh", "Tarkista, onko vastaus tullut", "Kontrollera om svaret har kommit", "Check whether the answer has come"),
    ("wallet_request_who", "Lompakolle tunnistaudumme varmenteella:", "Mot plånboken identifierar vi oss med certifikatet:", "We identify ourselves to the wallet by the certificate:"),
    ("wallet_request_refused", "Vastausta ei hyväksytty", "Svaret godtogs inte", "The answer was refused"),
    ("wallet_request_expired", "Pyyntö vanheni ennen kuin lompakko vastasi.", "Begäran gick ut innan plånboken svarade.", "The request expired before the wallet answered."),
    ("wallet_request_again", "Tee uusi pyyntö", "Gör en ny begäran", "Make a new request"),
    // Verdicts
    ("verdict_valid", "Aito ja voimassa", "Äkta och giltigt", "Genuine and current"),
    ("verdict_valid_text", "Allekirjoitus on kunnossa, myöntäjä on luotettujen listalla, eikä todistusta ole peruttu.", "Signaturen stämmer, utfärdaren finns på förtroendelistan och intyget har inte återkallats.", "The signature holds, the issuer is on the trust list, and the credential has not been revoked."),
    ("verdict_valid_untrusted", "Aito ja voimassa — myöntäjä ei ole luotettujen listalla", "Äkta och giltigt — utfärdaren finns inte på förtroendelistan", "Genuine and current — issuer not on the trust list"),
    ("verdict_valid_untrusted_text", "Allekirjoitus on kunnossa eikä todistusta ole peruttu, mutta myöntäjää ei tunneta. Varmista, kuka myöntäjä on.", "Signaturen stämmer och intyget har inte återkallats, men utfärdaren är okänd. Kontrollera vem utfärdaren är.", "The signature holds and it has not been revoked, but the issuer is not known here. Check who the issuer is."),
    ("verdict_revoked", "Peruttu", "Återkallat", "Revoked"),
    ("verdict_revoked_text", "Myöntäjä on perunut tämän todistuksen. Se ei ole enää voimassa.", "Utfärdaren har återkallat intyget. Det gäller inte längre.", "The issuer has revoked this credential. It is no longer valid."),
    ("verdict_suspended", "Väliaikaisesti keskeytetty", "Tillfälligt upphävt", "Suspended"),
    ("verdict_suspended_text", "Myöntäjä on keskeyttänyt todistuksen toistaiseksi.", "Utfärdaren har tills vidare upphävt intyget.", "The issuer has suspended this credential for now."),
    ("verdict_expired", "Vanhentunut", "Har gått ut", "Expired"),
    ("verdict_expired_text", "Todistuksen voimassaolo on päättynyt.", "Intygets giltighetstid har gått ut.", "The credential's validity period has ended."),
    ("verdict_not_yet_valid", "Ei vielä voimassa", "Inte giltigt ännu", "Not yet valid"),
    ("verdict_not_yet_valid_text", "Todistuksen voimassaolo ei ole vielä alkanut.", "Intygets giltighetstid har inte börjat.", "The credential's validity period has not begun."),
    ("verdict_not_genuine", "Ei aito", "Inte äkta", "Not genuine"),
    ("verdict_not_genuine_text", "Allekirjoitus ei täsmää: todistusta on muutettu tai sen on allekirjoittanut joku muu kuin myöntäjä. Sen sisältöä ei näytetä.", "Signaturen stämmer inte: intyget har ändrats eller signerats av någon annan än utfärdaren. Innehållet visas inte.", "The signature does not hold: the credential was altered or signed by someone other than its issuer. Its content is not shown."),
    ("verdict_invalid", "Ei kelpaa", "Ogiltigt", "Not valid"),
    ("verdict_invalid_text", "Jokin tarkistus epäonnistui; syy on alla.", "En kontroll misslyckades; orsaken står nedan.", "A check failed; the reason is below."),
    ("verdict_not_credential", "Tämä ei ole todistus", "Detta är inte ett intyg", "This is not a credential"),
    ("verdict_not_credential_text", "Annettu sisältö ei ole mikään tunnettu todistusmuoto eikä jakolinkki. Mitään ei ole osoitettu väärennetyksi: pyydä oppijalta todistus, jakolinkki tai todistuksen QR-koodi.", "Det som gavs är inget känt intygsformat och ingen delningslänk. Inget har visats vara förfalskat: be den studerande om intyget, en delningslänk eller intygets QR-kod.", "What was given is no known credential format and no share link. Nothing has been shown to be forged: ask the learner for the credential, a share link or the certificate's QR code."),
    ("verdict_offer", "Tämä on todistustarjous, ei todistus", "Detta är ett intygserbjudande, inte ett intyg", "This is a credential offer, not a credential"),
    ("verdict_offer_text", "Tarjous on kutsu vastaanottaa todistus lompakkoon. Sitä ei voi tarkistaa todistuksena: oppija avaa sen lompakossaan ja jakaa sitten todistuksen.", "Ett erbjudande är en inbjudan att ta emot ett intyg i en plånbok. Det kan inte kontrolleras som ett intyg: den studerande öppnar det i sin plånbok och delar sedan intyget.", "An offer invites a wallet to receive a credential. It cannot be checked as one: the learner opens it in a wallet and then shares the credential."),
    ("verdict_link_gone", "Jakolinkki ei ole enää voimassa", "Delningslänken gäller inte längre", "The share link no longer works"),
    ("verdict_link_gone_text", "Oppija on päättänyt linkin, se on vanhentunut tai sitä ei ole. Pyydä uusi linkki.", "Den studerande har avslutat länken, den har gått ut eller finns inte. Be om en ny länk.", "The learner ended it, it expired, or it never existed. Ask for a new link."),
    ("check_via_link", "Luettu jakolinkistä", "Läst från delningslänken", "Read from the share link"),
    ("check_via_picture", "Luettu kuvan QR-koodista", "Läst från QR-koden i bilden", "Read from the QR code in the picture"),
    ("check_picture", "…tai lataa kuva todistuksen QR-koodista (PNG tai JPEG, enintään 1 Mt) tai todistustiedosto", "…eller ladda upp en bild av intygets QR-kod (PNG eller JPEG, högst 1 MB) eller en intygsfil", "…or upload a picture of the certificate's QR code (PNG or JPEG, at most 1 MB) or a credential file"),
    ("verdict_could_not_check", "Ei voitu tarkistaa", "Kunde inte kontrolleras", "Could not check"),
    ("verdict_could_not_check_text", "Kaikkea ei voitu tarkistaa (esimerkiksi peruutustietoa ei saatu). Älä pidä todistusta voimassa olevana ennen kuin se on tarkistettu.", "Allt kunde inte kontrolleras (till exempel kunde återkallelsestatus inte hämtas). Betrakta inte intyget som giltigt förrän det kontrollerats.", "Not everything could be checked (for instance the revocation status could not be fetched). Do not treat it as valid until it has been checked."),
    ("checks_title", "Tarkistukset", "Kontroller", "Checks"),
    ("outcome_passed", "kunnossa", "godkänd", "passed"),
    ("outcome_failed", "EPÄONNISTUI", "MISSLYCKADES", "FAILED"),
    ("outcome_could_not_check", "ei voitu tarkistaa", "kunde inte kontrolleras", "could not check"),
    ("what_title", "Mitä todistus kertoo", "Vad intyget säger", "What the credential says"),
    ("hidden_note", "Valikoiva näyttäminen: haltija päättää, mitkä henkilötiedot näytetään. Näkyvät tiedot on tarkistettu.", "Selektivt utlämnande: innehavaren väljer vilka personuppgifter som visas. De som visas är kontrollerade.", "Selective disclosure: the holder chooses which personal details are shown. Those shown are checked."),
    // Share page
    ("share_title", "Jaetut mikrotodistukset", "Delade mikromeriter", "Shared micro-credentials"),
    ("share_lead", "Nämä todistukset tarkistettiin juuri nyt.", "Dessa intyg kontrollerades nyss.", "These credentials were checked just now."),
    ("share_expires", "Linkki on voimassa", "Länken gäller till", "This link works until"),
    ("share_gone_title", "Linkki ei ole käytössä", "Länken används inte", "This link is not in use"),
    ("share_gone_text", "Linkki on päättynyt, vanhentunut tai sitä ei ole olemassa. Pyydä haltijalta uusi linkki.", "Länken har avslutats, gått ut eller finns inte. Be innehavaren om en ny länk.", "The link has ended, expired or never existed. Ask the holder for a new one."),
    ("print", "Tulostettava todistus", "Utskrivbart intyg", "Printable certificate"),
    ("print_button", "Tulosta", "Skriv ut", "Print"),
    ("print_scan", "Tarkista todistus skannaamalla koodi", "Kontrollera intyget genom att skanna koden", "Scan the code to check this credential"),
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
    ("elsewhere_title", "Vie todistus muualle", "Ta intyget vidare", "Take it elsewhere"),
    ("europass_download", "Lataa Europass-muodossa (ELM)", "Ladda ner i Europass-format (ELM)", "Download for Europass (ELM)"),
    ("europass_unsigned", "Europass-tiedosto on allekirjoittamaton: Europass pyytää myöntäjän sähköisen leiman, jonka vain koulutuksen järjestäjä voi lisätä.", "Europass-filen är osignerad: Europass begär utfärdarens elektroniska stämpel, som bara utbildningsanordnaren kan lägga till.", "The Europass file is unsigned: Europass will ask for the provider's electronic seal, which only the provider can add."),
    ("linkedin_add", "Lisää LinkedIn-profiiliin", "Lägg till i LinkedIn-profilen", "Add to LinkedIn profile"),
    ("linkedin_expires", "Kuinka kauan LinkedInissä näkyvä linkki toimii", "Hur länge länken på LinkedIn fungerar", "How long the link on LinkedIn works"),
    ("linkedin_note", "Profiilissa näkyy jakolinkki, josta kuka tahansa voi tarkistaa todistuksen. Syntymäaikaa, henkilötunnusta ja sähköpostia ei näytetä, kun todistus sallii niiden piilottamisen.", "Profilen visar en delningslänk där vem som helst kan kontrollera intyget. Födelsedatum, personbeteckning och e-post visas inte när intyget tillåter att de döljs.", "The profile shows a share link anyone can check the credential with. Date of birth, national ID and e-mail are left out where the credential lets them be hidden."),
    ("exp_3m", "3 kuukautta", "3 månader", "3 months"),
    ("exp_6m", "6 kuukautta", "6 månader", "6 months"),
    ("exp_1y", "1 vuosi", "1 år", "1 year"),
    // Wallet: answer a request (OpenID4VP)
    ("answer_title", "Vastaa pyyntöön", "Svara på en begäran", "Answer a request"),
    ("answer_lead", "Työnantaja tai oppilaitos voi pyytää todistusta lompakostasi. Liitä pyyntölinkki (openid4vp://…) tai avaa se QR-koodista.", "En arbetsgivare eller läroanstalt kan begära ett intyg från din plånbok. Klistra in begäranlänken (openid4vp://…) eller öppna den från QR-koden.", "An employer or school can ask for a credential from your wallet. Paste the request link (openid4vp://…) or open it from the QR code."),
    ("answer_field", "Pyyntölinkki", "Begäranlänk", "Request link"),
    ("answer_open", "Avaa pyyntö", "Öppna begäran", "Open the request"),
    ("answer_who", "Kuka pyytää", "Vem som begär", "Who asks"),
    ("answer_client_id", "Tunniste", "Identifierare", "Identifier"),
    ("answer_certificate", "Varmenne", "Certifikat", "Certificate"),
    ("answer_trust", "Luotettavuus", "Tillförlitlighet", "Trust"),
    ("answer_trusted", "Varmenteen on myöntänyt", "Certifikatet är utfärdat av", "The certificate was issued by"),
    ("answer_not_vouched", "Kukaan lompakon tuntema ei takaa pyytäjää. Vastaa vain, jos tunnet pyytäjän.", "Ingen som plånboken känner går i god för begäraren. Svara bara om du känner begäraren.", "Nobody this wallet knows vouches for the asker. Answer only if you know who it is."),
    ("answer_what", "Mitä pyydetään", "Vad som begärs", "What is asked"),
    ("answer_only", "Vain nämä tiedot näytetään:", "Endast dessa uppgifter visas:", "Only these details are shown:"),
    ("answer_always", "Todistuksen nimi, myöntäjä ja voimassaolo näkyvät aina.", "Intygets titel, utfärdare och giltighet visas alltid.", "The credential's title, issuer and validity are always shown."),
    ("answer_whole", "Tämä todistus näytetään kokonaan: sen muoto ei salli tietojen piilottamista.", "Detta intyg visas helt: dess format tillåter inte att uppgifter döljs.", "This credential is shown whole: its format cannot hide details."),
    ("answer_agree", "Hyväksy ja lähetä", "Godkänn och skicka", "Agree and send"),
    ("answer_decline", "Kieltäydy", "Avböj", "Decline"),
    ("answer_nothing", "Lompakossasi ei ole pyydettyä todistusta.", "Din plånbok har inte det begärda intyget.", "Your wallet holds no credential that answers this request."),
    ("answer_problem", "Pyyntöön ei voi vastata:", "Begäran kan inte besvaras:", "This request cannot be answered:"),
    ("answer_sent", "Todistus lähetettiin:", "Intyget skickades till:", "The credential was sent to:"),
    ("answer_declined", "Kieltäydyit. Pyytäjälle kerrottiin, ettet halunnut näyttää todistusta.", "Du avböjde. Begäraren fick veta att du inte ville visa intyget.", "You declined. The asker was told you chose not to share."),
    ("answer_not_accepted", "Pyytäjä ei hyväksynyt vastausta.", "Begäraren godtog inte svaret.", "The asker did not accept the answer."),
    ("claim_name", "Nimi", "Namn", "Name"),
    ("claim_title", "Todistuksen nimi", "Intygets titel", "Title of the credential"),
    ("claim_birthDate", "Syntymäaika", "Födelsedatum", "Date of birth"),
    ("claim_email", "Sähköposti", "E-post", "E-mail"),
    ("claim_nationalId", "Henkilötunnus", "Personbeteckning", "National ID"),
    ("claim_grade", "Arvosana", "Vitsord", "Grade"),
    ("claim_evidence", "Näytöt", "Bevis", "Evidence"),
    ("claim_prerequisites", "Esitiedot", "Förkunskaper", "Prerequisites"),
    ("claim_supervision", "Valvonta", "Övervakning", "Supervision"),
    ("claim_integration", "Kokoaminen", "Sammanfogning", "Integration"),
    ("claim_furtherInformation", "Lisätiedot", "Mer information", "Further information"),
    ("download", "Lataa todistus", "Ladda ner intyget", "Download the credential"),
    ("delete", "Poista lompakosta", "Ta bort från plånboken", "Delete from wallet"),
    ("delete_confirm", "Poistetaanko todistus? Sitä näyttävät linkit lakkaavat toimimasta.", "Ta bort intyget? Länkar som visar det slutar fungera.", "Delete this credential? Links that show it stop working."),
    ("delete_yes", "Kyllä, poista", "Ja, ta bort", "Yes, delete"),
    ("delete_no", "Älä poista", "Ta inte bort", "Keep it"),
    ("backup_title", "Varmuuskopio", "Säkerhetskopia", "Backup"),
    ("backup_text", "Salattu varmuuskopio koko lompakosta. Palauta se salasanallasi kirjautumissivulla (Palauta lompakko varmuuskopiosta) tai komennolla microcred wallet restore.", "En krypterad säkerhetskopia av hela plånboken. Återställ den med ditt lösenord på inloggningssidan (Återställ plånboken från en säkerhetskopia) eller med microcred wallet restore.", "An encrypted backup of the whole wallet. Restore it with your password on the sign-in page (Restore a wallet from a backup) or with microcred wallet restore."),
    ("restore_title", "Palauta lompakko varmuuskopiosta", "Återställ plånboken från en säkerhetskopia", "Restore a wallet from a backup"),
    ("restore_lead", "Valitse varmuuskopiotiedosto (tästä palvelusta tai komennolla microcred wallet export tehty) ja anna sen salasana. Lompakko avainten, todistusten ja jakolinkkien kanssa palautetaan uudelle käyttäjätunnukselle, ja varmuuskopion salasanasta tulee sen salasana.", "Välj säkerhetskopian (gjord här eller med microcred wallet export) och ange dess lösenord. Plånboken med nycklar, intyg och delningslänkar återställs under ett nytt användarnamn, och säkerhetskopians lösenord blir dess lösenord.", "Choose the backup file (made here or with microcred wallet export) and give its password. The wallet, with its keys, credentials and share links, is restored under a new user name, and the backup's password becomes its password."),
    ("restore_file", "Varmuuskopiotiedosto", "Säkerhetskopians fil", "Backup file"),
    ("restore_password", "Varmuuskopion salasana", "Säkerhetskopians lösenord", "The backup's password"),
    ("restore_button", "Palauta", "Återställ", "Restore"),
    ("restore_no_file", "Valitse varmuuskopiotiedosto.", "Välj en säkerhetskopia.", "Choose a backup file."),
    ("restored_notice", "Lompakko palautettu varmuuskopiosta.", "Plånboken har återställts från säkerhetskopian.", "The wallet was restored from the backup."),
    ("import_title", "Tuo todistustiedosto", "Importera en intygsfil", "Import a credential file"),
    ("import_lead", "Tuo todistus tiedostosta, liitettynä tai QR-koodin kuvasta. Se tarkistetaan ennen tallentamista: väärennettyä tai muutettua todistusta ei tallenneta.", "Importera ett intyg från en fil, inklistrat eller från en bild av en QR-kod. Det kontrolleras innan det sparas: ett förfalskat eller ändrat intyg sparas inte.", "Import a credential from a file, pasted, or from a picture of a QR code. It is checked before it is kept: a forged or altered credential is not kept."),
    ("import_text", "Todistus (JSON, JWT, SD-JWT tai MC1:-teksti)", "Intyg (JSON, JWT, SD-JWT eller MC1:-text)", "Credential (JSON, JWT, SD-JWT or MC1: text)"),
    ("import_file", "…tai valitse tiedosto tai QR-koodin kuva", "…eller välj en fil eller en bild av en QR-kod", "…or choose a file or a picture of a QR code"),
    ("import_button", "Tarkista ja tallenna", "Kontrollera och spara", "Check and keep"),
    ("import_empty", "Liitä todistus tai valitse tiedosto.", "Klistra in ett intyg eller välj en fil.", "Paste a credential or choose a file."),
    ("backup_button", "Lataa varmuuskopio", "Ladda ner säkerhetskopia", "Download backup"),
    ("progress_title", "Kohti laajempia tutkintoja", "Mot större examina", "Towards larger qualifications"),
    ("progress_held", "Suoritettu", "Avklarat", "Done"),
    ("progress_missing", "Puuttuu", "Saknas", "Missing"),
    ("progress_left_out", "Ei lasketa mukaan", "Räknas inte", "Not counted"),
    ("checked_at", "Tarkistettu", "Kontrollerat", "Checked"),
    ("check_now", "Tarkista tila nyt", "Kontrollera status nu", "Check status now"),
    ("check_now_done", "Todistusten tila tarkistettiin juuri.", "Intygens status kontrollerades nyss.", "The credentials' status was just checked."),
    ("back", "Takaisin", "Tillbaka", "Back"),
    // Provider
    ("provider_title", "Koulutuksen järjestäjä", "Utbildningsanordnare", "Provider"),
    ("provider_signin_text", "Kirjaudu järjestäjän tunnuksella (luodaan komennolla microcred issuer user add).", "Logga in med anordnarens konto (skapas med microcred issuer user add).", "Sign in with a provider account (made with microcred issuer user add)."),
    ("issue_title", "Myönnä todistus", "Utfärda ett intyg", "Issue a credential"),
    ("issue_lead", "Myönnä yhdelle oppijalle: saat linkin ja QR-koodin, joilla oppija vastaanottaa todistuksen lompakkoonsa.", "Utfärda till en studerande: du får en länk och en QR-kod som den studerande tar emot intyget med.", "Issue to one learner: you get a link and a QR code with which the learner receives it into their wallet."),
    ("spec_field", "Mikrotodistus", "Mikromerit", "Micro-credential"),
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
    ("offer_qr", "QR-koodi lompakkosovellukselle (OpenID4VCI-tarjous)", "QR-kod för en plånboksapp (OpenID4VCI-erbjudande)", "QR code for a wallet app (OpenID4VCI offer)"),
    ("offer_qr_text", "Oppija skannaa koodin lompakkosovelluksellaan (esimerkiksi EU:n digitaalisen identiteetin lompakko), tai avaa tarjouksen tämän palvelun verkkolompakossa.", "Den studerande skannar koden med sin plånboksapp (till exempel EU:s digitala identitetsplånbok) eller öppnar erbjudandet i denna tjänsts webbplånbok.", "The learner scans the code with a wallet app (an EU Digital Identity Wallet, say), or opens the offer in this service's web wallet."),
    ("offer_wallet_link", "Avaa tämän palvelun lompakossa", "Öppna i denna tjänsts plånbok", "Open in this service's wallet"),
    ("tx_code_is", "Tunnusluku", "Kod", "Code"),
    ("offer_expires", "Tarjous on voimassa 7 päivää ja sen voi käyttää kerran.", "Erbjudandet gäller i 7 dagar och kan användas en gång.", "The offer lasts 7 days and can be used once."),
    ("cohort_title", "Myönnä ryhmälle (CSV)", "Utfärda till en grupp (CSV)", "Issue to a cohort (CSV)"),
    ("cohort_lead", "Sarakkeet: name, date_of_birth, email, grade (myös suomeksi tai ruotsiksi). Jokainen rivi saa oman tarjouslinkkinsä.", "Kolumner: name, date_of_birth, email, grade (även på finska eller svenska). Varje rad får sin egen erbjudandelänk.", "Columns: name, date_of_birth, email, grade (also in Finnish or Swedish). Each row gets its own offer link."),
    ("cohort_field", "Oppijalista (CSV)", "Lista över studerande (CSV)", "Learner list (CSV)"),
    ("cohort_button", "Luo tarjoukset", "Skapa erbjudanden", "Create offers"),
    ("cohort_progress", "Edistyminen", "Framsteg", "Progress"),
    ("cohort_done", "Valmis", "Klart", "Done"),
    ("cohort_running", "Käynnissä… sivu päivittyy itsestään.", "Pågår… sidan uppdateras av sig själv.", "Running… this page refreshes itself."),
    ("cohort_download", "Lataa linkit (CSV)", "Ladda ner länkarna (CSV)", "Download the links (CSV)"),
    ("cohort_problems", "Rivit, joita ei käsitelty", "Rader som inte behandlades", "Rows not processed"),
    ("line", "Rivi", "Rad", "Line"),
    ("spec_title", "Kuvaa mikrotodistus", "Beskriv en mikromerit", "Describe a micro-credential"),
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
    ("revoke_button", "Peru", "Återkalla", "Revoke"),
    ("suspend_button", "Keskeytä", "Upphäv tillfälligt", "Suspend"),
    ("unsuspend_button", "Palauta voimaan", "Återställ", "Reinstate"),
    ("standing_active", "voimassa", "giltigt", "valid"),
    ("standing_revoked", "peruttu", "återkallat", "revoked"),
    ("standing_suspended", "keskeytetty", "upphävt", "suspended"),
    ("status_changed", "Tila muutettu.", "Status ändrad.", "Status changed."),
    ("catalogue_title", "Mikrotodistukset, joita tarjoamme", "Mikromeriter vi erbjuder", "Micro-credentials we offer"),
    ("catalogue_empty", "Tarjonnassa ei ole vielä mikrotodistuksia.", "Utbudet har inga mikromeriter ännu.", "The catalogue is empty."),
    ("workload", "Laajuus", "Omfattning", "Workload"),
    ("level", "Taso", "Nivå", "Level"),
    ("more", "Lisätietoja", "Mer information", "More"),
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
        for s in ["active", "revoked", "suspended"] {
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

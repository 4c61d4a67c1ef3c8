//! Messages of the HTTP API's errors (`{"error": code, "message": text}`) and of the
//! library errors that pages and commands pass on as they are.
//!
//! These are found by their English text (see [`crate::translate_known`]): the code that
//! raises them writes the English message, and the server or the command says it in the
//! reader's language on the way out. Terms follow docs/glossary.md.

use crate::Entry;

pub const TEXTS: &[Entry] = &[
    (
        "err_bearer_required",
        "tarvitaan voimassa oleva avain (Authorization: Bearer)",
        "en giltig nyckel krävs (Authorization: Bearer)",
        "a valid bearer token is required",
    ),
    ("err_not_found", "ei löydy", "hittades inte", "not found"),
    (
        "err_no_route",
        "osoitetta ei ole",
        "adressen finns inte",
        "no such address",
    ),
    (
        "err_too_many",
        "liian monta pyyntöä; yritä hetken päästä uudelleen",
        "för många förfrågningar; försök igen om en stund",
        "too many requests; try again shortly",
    ),
    (
        "err_internal",
        "palvelimella tapahtui virhe",
        "ett fel inträffade på servern",
        "something went wrong on the server",
    ),
    (
        "err_too_large",
        "pyyntö on suurempi kuin 1 MiB",
        "begäran är större än 1 MiB",
        "the request body is larger than 1 MiB",
    ),
    (
        "err_timeout",
        "pyyntö kesti liian kauan",
        "begäran tog för lång tid",
        "the request took too long",
    ),
    (
        "err_send_json",
        "lähetä JSON-muodossa",
        "skicka JSON",
        "send JSON",
    ),
    (
        "err_unreadable",
        "pyyntöä ei voitu lukea",
        "begäran kunde inte läsas",
        "the request could not be read",
    ),
    (
        "err_cross_site",
        "toiselta sivustolta tullut pyyntö hylätään",
        "en begäran från en annan webbplats avvisas",
        "a request from another site is refused",
    ),
    (
        "err_sign_in_first",
        "kirjaudu ensin sisään",
        "logga in först",
        "sign in first",
    ),
    (
        "err_access_token",
        "käyttöavain on tuntematon tai vanhentunut",
        "åtkomstnyckeln är okänd eller har gått ut",
        "the access token is unknown or expired",
    ),
    (
        "err_access_token_used",
        "käyttöavain on jo käytetty",
        "åtkomstnyckeln har redan använts",
        "the access token was used already",
    ),
    (
        "err_body_not_json",
        "pyyntö ei ole JSON-muotoinen",
        "begäran är inte JSON",
        "the body is not JSON",
    ),
    (
        "err_body_not_form",
        "pyyntö ei ole lomake",
        "begäran är inte ett formulär",
        "the body is not a form",
    ),
    (
        "err_challenge",
        "haastetta ei ole annettu täällä, se on vanhentunut tai jo käytetty (toisto)",
        "utmaningen har inte getts här, har gått ut eller har redan använts (en upprepning)",
        "the challenge was not issued here, has expired, or was used already (a replay)",
    ),
    (
        "err_code_unknown",
        "koodi on tuntematon, jo käytetty tai vanhentunut",
        "koden är okänd, redan använd eller har gått ut",
        "the code is unknown, used already, or expired",
    ),
    (
        "err_nonce",
        "nonce on tuntematon, käytetty tai vanhentunut",
        "nonce är okänd, använd eller har gått ut",
        "the nonce is unknown, used or expired",
    ),
    (
        "err_offer_other_config",
        "tarjous koski toista todistustyyppiä",
        "erbjudandet gällde en annan typ av intyg",
        "the offer was for another credential configuration",
    ),
    (
        "err_password_wrong",
        "salasana on väärä",
        "lösenordet är fel",
        "the password is wrong",
    ),
    (
        "err_password_12",
        "salasanassa on oltava vähintään 12 merkkiä",
        "lösenordet måste ha minst 12 tecken",
        "the password must be at least 12 characters",
    ),
    (
        "err_password_8",
        "salasanassa on oltava vähintään 8 merkkiä",
        "lösenordet måste ha minst 8 tecken",
        "the password must be at least 8 characters",
    ),
    (
        "err_presentation_failed",
        "esitys ei läpäissyt tarkistuksia",
        "presentationen klarade inte kontrollerna",
        "the presentation did not pass the checks",
    ),
    (
        "err_csrf",
        "pyynnöstä puuttuu tämän istunnon CSRF-tunniste",
        "begäran saknar sessionens CSRF-token",
        "the request lacks this session's CSRF token",
    ),
    (
        "err_request_answered",
        "pyyntöön on jo vastattu tai se on vanhentunut",
        "begäran har redan besvarats eller har gått ut",
        "the request was answered already or has expired",
    ),
    (
        "err_response_large",
        "vastaus on liian suuri",
        "svaret är för stort",
        "the response is too large",
    ),
    (
        "err_sealed_large",
        "sinetöity linkki on liian suuri",
        "den förseglade länken är för stor",
        "the sealed link is too large",
    ),
    (
        "err_tx_code",
        "koodi on väärä",
        "koden är fel",
        "the transaction code is wrong",
    ),
    (
        "err_user_name",
        "käyttäjätunnuksessa on 3–64 merkkiä: a–z, numeroita sekä . _ - @",
        "användarnamnet har 3–64 tecken: a–z, siffror och . _ - @",
        "the user name is 3–64 characters: a–z, digits, and . _ - @",
    ),
    (
        "err_wrong_user_or_password",
        "väärä käyttäjätunnus tai salasana",
        "fel användarnamn eller lösenord",
        "wrong user name or password",
    ),
    (
        "err_not_a_credential",
        "ei ole todistus",
        "är inte ett intyg",
        "not a credential",
    ),
    (
        "err_not_imported",
        "ei tuotu",
        "inte importerat",
        "not imported",
    ),
    (
        "err_not_an_offer",
        "ei ole todistustarjous (openid-credential-offer://…)",
        "är inte ett erbjudande om intyg (openid-credential-offer://…)",
        "not a credential offer (openid-credential-offer://…)",
    ),
    (
        "err_context_not_w3c",
        "@context ei ala W3C:n todistusten kontekstilla",
        "@context börjar inte med W3C:s kontext för intyg",
        "@context does not start with the W3C credentials context",
    ),
    (
        "err_fetch_not_allowed",
        "osoite ei ole sallittu (vain HTTPS julkiseen osoitteeseen)",
        "adressen är inte tillåten (endast HTTPS till en offentlig adress)",
        "not an allowed address (HTTPS to a public address only)",
    ),
    (
        "err_no_usable_answer",
        "ei käyttökelpoista vastausta",
        "inget användbart svar",
        "no usable answer",
    ),
    (
        "err_not_utf8",
        "ei ole UTF-8-tekstiä",
        "är inte UTF-8-text",
        "not UTF-8 text",
    ),
    (
        "err_claims_unreadable",
        "sen tietoja ei voitu lukea",
        "dess uppgifter kunde inte läsas",
        "its claims could not be read",
    ),
    ("err_malformed", "virheellinen", "felaktig", "malformed"),
    (
        "err_passphrase_8",
        "tunnuslauseessa on oltava vähintään 8 merkkiä",
        "lösenfrasen måste ha minst 8 tecken",
        "the passphrase must be at least 8 characters",
    ),
    (
        "err_nonconforming",
        "todistus ei ole tietomallin mukainen ({n} virhettä); ensimmäinen: {first}",
        "intyget följer inte datamodellen ({n} fel); det första: {first}",
        "the credential does not conform to the data model ({n} problems); first: {first}",
    ),
    // Accounts: a hosted wallet's and a provider's staff
    (
        "err_user_name_taken",
        "käyttäjätunnus on jo varattu",
        "användarnamnet är redan upptaget",
        "that user name is taken",
    ),
    (
        "err_password_min",
        "salasanassa on oltava vähintään {min} merkkiä",
        "lösenordet måste ha minst {min} tecken",
        "the password must be at least {min} characters",
    ),
    (
        "err_wallets_full",
        "palvelimella on jo niin monta lompakkoa kuin sille saa tehdä; käänny sen ylläpitäjän puoleen",
        "servern har redan så många plånböcker som den får ha; vänd dig till dess administratör",
        "this server holds as many wallets as it may; ask its administrator",
    ),
    (
        "err_account_list_in_use",
        "tunnusluettelo on muualla käytössä",
        "kontolistan används på annat håll",
        "the account list is in use elsewhere",
    ),
    (
        "err_registration_closed",
        "tällä palvelimella ei voi luoda tunnusta",
        "det går inte att skapa konton på den här servern",
        "registration is closed on this server",
    ),
    (
        "err_account_exists",
        "tunnus {name} on jo olemassa",
        "kontot {name} finns redan",
        "{name} already has an account",
    ),
    (
        "err_no_account",
        "tunnusta {name} ei ole",
        "kontot {name} finns inte",
        "no account {name}",
    ),
];

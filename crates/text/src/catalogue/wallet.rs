//! The learner's wallet: its errors (`WalletError::message`), the standing of a held
//! credential, and the problems of a verifier's request. Terms follow docs/glossary.md.

use crate::Entry;

pub const TEXTS: &[Entry] = &[
    (
        "wallet_file_error",
        "{path}: tiedostovirhe ({detail})",
        "{path}: filfel ({detail})",
        "{path}: file error ({detail})",
    ),
    (
        "wallet_wrong_passphrase",
        "tunnuslause on väärä (mitään ei muutettu)",
        "lösenfrasen är fel (inget ändrades)",
        "the passphrase is wrong (nothing was changed)",
    ),
    (
        "wallet_duplicate",
        "lompakossa on jo tämä todistus ({id})",
        "plånboken har redan detta intyg ({id})",
        "the wallet already holds this credential ({id})",
    ),
    (
        "wallet_unknown_credential",
        "lompakossa ei ole todistusta {id}",
        "plånboken har inget intyg {id}",
        "no credential {id} in the wallet",
    ),
    (
        "wallet_in_use",
        "lompakko on toisen ohjelman käytössä; sulje se ensin",
        "plånboken används av ett annat program; stäng det först",
        "the wallet is open in another process (a running server?); close it first",
    ),
    (
        "wallet_qr_too_large",
        "todistus ei mahdu sellaisenaan QR-koodiin ({len} merkkiä, enintään {limit}); tarvitaan linkki: julkaise se palvelimelle valitsimella --server URL",
        "intyget ryms inte i en fristående QR-kod ({len} tecken, högst {limit}); en länk behövs: publicera den på en server med --server URL",
        "the credential does not fit in a self-contained QR code ({len} characters, at most {limit}); a link is needed: publish one to a server with --server URL",
    ),
    (
        "wallet_weak_passphrase",
        "tunnuslauseessa on oltava vähintään {min} merkkiä",
        "lösenfrasen måste ha minst {min} tecken",
        "the passphrase must be at least {min} characters",
    ),
    (
        "wallet_exists",
        "hakemistossa {dir} on jo lompakko; mitään ei muutettu",
        "{dir} har redan en plånbok; inget ändrades",
        "{dir} already holds a wallet; nothing was changed",
    ),
    (
        "wallet_none",
        "hakemistossa {dir} ei ole lompakkoa (luo se komennolla `microcred wallet init`)",
        "{dir} har ingen plånbok (skapa en med `microcred wallet init`)",
        "{dir} holds no wallet (create one with `microcred wallet init`)",
    ),
    (
        "wallet_ambiguous",
        "'{id}' sopii useaan todistukseen; anna tunnisteesta enemmän",
        "'{id}' passar flera intyg; ange mer av identifieraren",
        "'{id}' matches several credentials; give more of the ID",
    ),
    (
        "wallet_unknown_share",
        "jakolinkkiä {id} ei ole",
        "delningslänken {id} finns inte",
        "no share {id}",
    ),
    (
        "wallet_no_such_file",
        "tiedostoa ei löydy",
        "filen finns inte",
        "no such file",
    ),
    (
        "wallet_permission_denied",
        "ei käyttöoikeutta",
        "åtkomst nekad",
        "permission denied",
    ),
    // The standing of a held credential
    ("wallet_status_valid", "voimassa", "giltigt", "valid"),
    ("wallet_status_revoked", "mitätöity", "återkallat", "revoked"),
    ("wallet_status_suspended", "keskeytetty", "spärrat", "suspended"),
    ("wallet_status_expired", "vanhentunut", "utgånget", "expired"),
    (
        "wallet_status_not_yet_valid",
        "ei vielä voimassa",
        "inte giltigt än",
        "not yet valid",
    ),
    ("wallet_status_invalid", "ei kelpaa", "ogiltigt", "invalid"),
    (
        "wallet_status_not_checked",
        "ei tarkistettu",
        "ej kontrollerat",
        "not checked",
    ),
    // A verifier's request (OpenID4VP)
    (
        "wallet_problem_not_a_link",
        "Tämä ei ole OpenID4VP-pyyntölinkki: {detail}",
        "Detta är ingen OpenID4VP-begäranlänk: {detail}",
        "Not an OpenID4VP request link: {detail}",
    ),
    (
        "wallet_problem_fetch",
        "Pyyntöä ei saatu haettua: {detail}",
        "Begäran kunde inte hämtas: {detail}",
        "The request could not be fetched: {detail}",
    ),
    (
        "wallet_problem_signature",
        "Pyynnön allekirjoitus ei täsmää: {detail}",
        "Begärans signatur stämmer inte: {detail}",
        "The request is not signed correctly: {detail}",
    ),
    (
        "wallet_problem_identity",
        "Pyytäjän tunniste ei täsmää varmenteeseen: {detail}",
        "Begärarens identitet stämmer inte med certifikatet: {detail}",
        "The verifier's identity does not hold: {detail}",
    ),
    (
        "wallet_problem_malformed",
        "Pyyntö on virheellinen: {detail}",
        "Begäran är felaktig: {detail}",
        "The request is malformed: {detail}",
    ),
    (
        "wallet_problem_unsupported",
        "Lompakko ei tue pyydettyä: {detail}",
        "Plånboken stöder inte det begärda: {detail}",
        "This wallet does not support what is asked: {detail}",
    ),
    (
        "wallet_problem_expired",
        "Pyyntö on vanhentunut.",
        "Begäran har gått ut.",
        "The request has expired.",
    ),
];

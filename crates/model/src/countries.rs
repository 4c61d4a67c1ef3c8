//! ISO 3166-1 alpha-2 country codes, with names for the countries our readers meet most.

use microcred_text::{msg, MsgRef};

use crate::lang::Lang;

/// Every officially assigned ISO 3166-1 alpha-2 code, sorted.
const CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case, as the standard writes it).
pub fn is_country_code(code: &str) -> bool {
    CODES.binary_search(&code).is_ok()
}

/// The country's name in `lang`, for the EU/EEA and a few neighbours; otherwise the code itself.
pub fn country_name(code: &str, lang: Lang) -> &str {
    let name: Option<MsgRef> = match code {
        "AT" => Some(msg!("country_at")),
        "AX" => Some(msg!("country_ax")),
        "BE" => Some(msg!("country_be")),
        "BG" => Some(msg!("country_bg")),
        "CH" => Some(msg!("country_ch")),
        "CY" => Some(msg!("country_cy")),
        "CZ" => Some(msg!("country_cz")),
        "DE" => Some(msg!("country_de")),
        "DK" => Some(msg!("country_dk")),
        "EE" => Some(msg!("country_ee")),
        "ES" => Some(msg!("country_es")),
        "FI" => Some(msg!("country_fi")),
        "FR" => Some(msg!("country_fr")),
        "GB" => Some(msg!("country_gb")),
        "GR" => Some(msg!("country_gr")),
        "HR" => Some(msg!("country_hr")),
        "HU" => Some(msg!("country_hu")),
        "IE" => Some(msg!("country_ie")),
        "IS" => Some(msg!("country_is")),
        "IT" => Some(msg!("country_it")),
        "LI" => Some(msg!("country_li")),
        "LT" => Some(msg!("country_lt")),
        "LU" => Some(msg!("country_lu")),
        "LV" => Some(msg!("country_lv")),
        "MT" => Some(msg!("country_mt")),
        "NL" => Some(msg!("country_nl")),
        "NO" => Some(msg!("country_no")),
        "PL" => Some(msg!("country_pl")),
        "PT" => Some(msg!("country_pt")),
        "RO" => Some(msg!("country_ro")),
        "SE" => Some(msg!("country_se")),
        "SI" => Some(msg!("country_si")),
        "SK" => Some(msg!("country_sk")),
        "UA" => Some(msg!("country_ua")),
        "US" => Some(msg!("country_us")),
        _ => None,
    };
    match name {
        Some(name) => name.text(lang),
        None => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_and_known() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_country_code("FI") && is_country_code("SE") && is_country_code("AX"));
        assert!(!is_country_code("fi") && !is_country_code("XX") && !is_country_code("FIN"));
        assert_eq!(country_name("FI", Lang::Sv), "Finland");
        assert_eq!(country_name("SE", Lang::Fi), "Ruotsi");
        assert_eq!(country_name("JP", Lang::Fi), "JP");
    }
}

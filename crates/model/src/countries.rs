//! ISO 3166-1 alpha-2 country codes, with names for the countries our readers meet most.

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
    let names: Option<(&'static str, &'static str, &'static str)> = match code {
        "AT" => Some(("Itävalta", "Österrike", "Austria")),
        "AX" => Some(("Ahvenanmaa", "Åland", "Åland Islands")),
        "BE" => Some(("Belgia", "Belgien", "Belgium")),
        "BG" => Some(("Bulgaria", "Bulgarien", "Bulgaria")),
        "CH" => Some(("Sveitsi", "Schweiz", "Switzerland")),
        "CY" => Some(("Kypros", "Cypern", "Cyprus")),
        "CZ" => Some(("Tšekki", "Tjeckien", "Czechia")),
        "DE" => Some(("Saksa", "Tyskland", "Germany")),
        "DK" => Some(("Tanska", "Danmark", "Denmark")),
        "EE" => Some(("Viro", "Estland", "Estonia")),
        "ES" => Some(("Espanja", "Spanien", "Spain")),
        "FI" => Some(("Suomi", "Finland", "Finland")),
        "FR" => Some(("Ranska", "Frankrike", "France")),
        "GB" => Some((
            "Yhdistynyt kuningaskunta",
            "Storbritannien",
            "United Kingdom",
        )),
        "GR" => Some(("Kreikka", "Grekland", "Greece")),
        "HR" => Some(("Kroatia", "Kroatien", "Croatia")),
        "HU" => Some(("Unkari", "Ungern", "Hungary")),
        "IE" => Some(("Irlanti", "Irland", "Ireland")),
        "IS" => Some(("Islanti", "Island", "Iceland")),
        "IT" => Some(("Italia", "Italien", "Italy")),
        "LI" => Some(("Liechtenstein", "Liechtenstein", "Liechtenstein")),
        "LT" => Some(("Liettua", "Litauen", "Lithuania")),
        "LU" => Some(("Luxemburg", "Luxemburg", "Luxembourg")),
        "LV" => Some(("Latvia", "Lettland", "Latvia")),
        "MT" => Some(("Malta", "Malta", "Malta")),
        "NL" => Some(("Alankomaat", "Nederländerna", "Netherlands")),
        "NO" => Some(("Norja", "Norge", "Norway")),
        "PL" => Some(("Puola", "Polen", "Poland")),
        "PT" => Some(("Portugali", "Portugal", "Portugal")),
        "RO" => Some(("Romania", "Rumänien", "Romania")),
        "SE" => Some(("Ruotsi", "Sverige", "Sweden")),
        "SI" => Some(("Slovenia", "Slovenien", "Slovenia")),
        "SK" => Some(("Slovakia", "Slovakien", "Slovakia")),
        "UA" => Some(("Ukraina", "Ukraina", "Ukraine")),
        "US" => Some(("Yhdysvallat", "USA", "United States")),
        _ => None,
    };
    match names {
        Some((fi, sv, en)) => lang.pick(fi, sv, en),
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

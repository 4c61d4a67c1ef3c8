//! "Add to profile" on LinkedIn: the documented add-to-profile URL for a certification
//! (`https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&…`), filled from a
//! credential and pointing at a share link, which LinkedIn shows as the credential URL.

use microcred_core::pct::percent_encode;

/// What LinkedIn shows of a certification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Certification {
    pub name: String,
    pub organization: String,
    /// Date of issuing (`YYYY-MM-DD…`).
    pub issued: String,
    /// End of validity, if any (`YYYY-MM-DD…`).
    pub expires: Option<String>,
    /// Where anyone can check it: a share link.
    pub url: String,
    /// The credential's identifier.
    pub id: Option<String>,
}

fn year_month(date: &str) -> Option<(u32, u32)> {
    let y: u32 = date.get(..4)?.parse().ok()?;
    let m: u32 = date.get(5..7)?.parse().ok()?;
    ((1..=12).contains(&m) && date.as_bytes().get(4) == Some(&b'-')).then_some((y, m))
}

/// The add-to-profile URL for `c`.
pub fn add_to_profile_url(c: &Certification) -> String {
    let mut q: Vec<(&str, String)> = vec![
        ("startTask", "CERTIFICATION_NAME".into()),
        ("name", c.name.clone()),
        ("organizationName", c.organization.clone()),
    ];
    if let Some((y, m)) = year_month(&c.issued) {
        q.push(("issueYear", y.to_string()));
        q.push(("issueMonth", m.to_string()));
    }
    if let Some((y, m)) = c.expires.as_deref().and_then(year_month) {
        q.push(("expirationYear", y.to_string()));
        q.push(("expirationMonth", m.to_string()));
    }
    q.push(("certUrl", c.url.clone()));
    if let Some(id) = &c.id {
        q.push(("certId", id.clone()));
    }
    let query: Vec<String> = q
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect();
    format!("https://www.linkedin.com/profile/add?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_parameters() {
        let url = add_to_profile_url(&Certification {
            name: "Tapahtumatekniikan osaajaksi".into(),
            organization: "Esimerkkiopisto & Co".into(),
            issued: "2026-05-29".into(),
            expires: Some("2031-05-31T00:00:00Z".into()),
            url: "https://jaa.example.fi/s/AAAAAAAAAAAAAAAAAAAAAA".into(),
            id: Some("urn:uuid:1".into()),
        });
        assert!(url.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Tapahtumatekniikan%20osaajaksi&organizationName=Esimerkkiopisto%20%26%20Co&issueYear=2026&issueMonth=5&expirationYear=2031&expirationMonth=5&certUrl=https%3A%2F%2Fjaa.example.fi%2Fs%2FAAAAAAAAAAAAAAAAAAAAAA&certId=urn%3Auuid%3A1"), "{url}");
        let bare = add_to_profile_url(&Certification {
            issued: "not a date".into(),
            ..Default::default()
        });
        assert!(!bare.contains("issueYear"));
    }
}

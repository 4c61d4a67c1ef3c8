//! CSV for spreadsheets: the one writer for every CSV microcred hands out (a cohort's
//! `issued.csv`, the provider page's offer list).
//!
//! Learners' names come from outside: a cell a spreadsheet would run as a formula
//! (`=HYPERLINK(…)`, `+cmd|…`, `-2+3`, `@SUM(…)`, or one starting with a tab or carriage
//! return) is written with a leading `'`, which spreadsheets show as text (OWASP, "CSV
//! injection"). Quoting is the `csv` crate's.

use std::borrow::Cow;

/// `cell` as a spreadsheet will show it, never run it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV document: `header`, then `rows`, every cell neutralised and quoted as needed.
pub fn csv<I, R, C>(header: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        let _ = w.write_record(&cells);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_text_and_quotes_are_quoted() {
        let out = csv(
            &["line", "name"],
            [
                vec!["2", "=HYPERLINK(\"http://evil.example\",\"x\")"],
                vec!["3", "+cmd|' /C calc'!A0"],
                vec!["4", "@SUM(A1:A9)"],
                vec!["5", "-2+3"],
                vec!["6", "\t=1"],
                vec!["7", "Maija \"Mä\" Meikäläinen, FI"],
            ],
        );
        let text = String::from_utf8(out).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let cells: Vec<String> = r.records().map(|rec| rec.unwrap()[1].to_string()).collect();
        for c in &cells[..5] {
            assert!(c.starts_with('\''), "{c}");
        }
        assert_eq!(cells[5], "Maija \"Mä\" Meikäläinen, FI");
    }
}

//! A look at an uploaded .xlsx file before calamine reads it.
//!
//! calamine turns cell references (`r="B7"` on a cell or a row, `ref="A1:C9"` on the
//! sheet's dimension) into numbers with unchecked `u32` arithmetic: a reference of a dozen
//! digits overflows, and a dimension that ends before it starts underflows. A release
//! build wraps around (and we catch the panic of a debug build), but the numbers are then
//! wrong and a fuzzing build aborts on the panic itself. So every XML part of the file is
//! read first with the XML parser calamine uses, configured as calamine configures it, and a file with a reference beyond
//! the largest sheet Excel makes (ECMA-376: 16,384 columns, 1,048,576 rows), or with a
//! part larger than any real learner list needs, is refused as unreadable.
//!
//! Both readers are configured alike and stop at the first malformed XML in a part, so a
//! part this check cannot read past is one calamine cannot read past either.

use std::io::{BufReader, Read};

use quick_xml::events::{BytesStart, Event};

/// Largest uncompressed XML part: a full learner list (200,000 rows of the template's
/// columns) is about 200 MB of worksheet XML. A part inflating beyond this is a
/// decompression bomb, not a learner list.
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;
/// The largest sheet Excel makes (ECMA-376): a cell said to lie beyond it is a malformed
/// file, however it was made.
pub(crate) const SHEET_ROWS: u32 = 1_048_576;
pub(crate) const SHEET_COLUMNS: u32 = 16_384;

/// Whether calamine may be given `bytes`: every cell, row and dimension reference in
/// every part lies within the largest sheet, and no part inflates beyond
/// [`MAX_PART_BYTES`]. A file that is not a zip archive passes (calamine refuses it with
/// its own error).
pub(crate) fn references_are_in_range(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return true;
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            return false;
        };
        // Every part, whatever its name: calamine reads the worksheet from wherever the
        // workbook's relationships point.
        if part.size() > MAX_PART_BYTES {
            return false;
        }
        if !part_is_in_range(BufReader::new(part.take(MAX_PART_BYTES + 1))) {
            return false;
        }
    }
    true
}

/// Reads one XML part to its end (or its first malformed spot) and checks the
/// references calamine computes with.
fn part_is_in_range(input: impl std::io::BufRead) -> bool {
    let mut xml = quick_xml::Reader::from_reader(input);
    // As calamine reads (`calamine::xlsx::xml_reader`): an end tag need not match its
    // start, so both readers see the same elements.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if !element_is_in_range(&e) {
                    return false;
                }
            }
            // calamine stops at malformed XML too; a part cut off at the limit is refused.
            Ok(Event::Eof) | Err(_) => return xml.buffer_position() <= MAX_PART_BYTES,
            Ok(_) => {}
        }
        if xml.buffer_position() > MAX_PART_BYTES {
            return false;
        }
    }
}

/// How one attribute value is checked.
type Check = fn(&[u8]) -> bool;

fn element_is_in_range(e: &BytesStart<'_>) -> bool {
    let (key, check): (&[u8], Check) = match e.local_name().as_ref() {
        b"row" => (b"r", row_is_in_range),
        b"c" => (b"r", cell_is_in_range),
        b"dimension" => (b"ref", range_is_in_range),
        _ => return true,
    };
    for attribute in e.attributes() {
        // calamine stops at a malformed attribute of these elements; so does this check.
        let Ok(attribute) = attribute else {
            return false;
        };
        if attribute.key.as_ref() == key && !check(&attribute.value) {
            return false;
        }
    }
    true
}

/// A reference's column (1-based; 0 when it has none) and row (1-based), if it is
/// letters then digits, each short enough for `u32`.
fn position(text: &[u8]) -> Option<(u32, u32)> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (column, row) = text.split_at(letters);
    if letters > 3 || row.is_empty() || row.len() > 7 || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = column.iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = row.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    ((1..=SHEET_ROWS).contains(&row) && column <= SHEET_COLUMNS).then_some((column, row))
}

fn row_is_in_range(text: &[u8]) -> bool {
    position(text).is_some()
}

fn cell_is_in_range(text: &[u8]) -> bool {
    position(text).is_some_and(|(column, _)| column >= 1)
}

/// A dimension: one cell, or two cells with the second not before the first.
fn range_is_in_range(text: &[u8]) -> bool {
    let mut parts = text.split(|b| *b == b':');
    let (Some(first), second, None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Some(start) = position(first).filter(|(c, _)| *c >= 1) else {
        return false;
    };
    match second {
        None => true,
        Some(second) => position(second).is_some_and(|end| end.0 >= start.0 && end.1 >= start.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_within_the_sheet_pass_and_others_do_not() {
        assert!(cell_is_in_range(b"A1"));
        assert!(cell_is_in_range(b"xfd1048576"));
        assert!(!cell_is_in_range(b"XFE1"));
        assert!(!cell_is_in_range(b"A1048577"));
        assert!(!cell_is_in_range(b"A99999999999"));
        assert!(!cell_is_in_range(b"AAAA1"));
        assert!(!cell_is_in_range(b"A0"));
        assert!(!cell_is_in_range(b"7"));
        assert!(!cell_is_in_range(b""));
        assert!(!cell_is_in_range(b"1A"));
        assert!(row_is_in_range(b"7"));
        assert!(!row_is_in_range(b"0"));
        assert!(range_is_in_range(b"A1:C9"));
        assert!(range_is_in_range(b"B2"));
        assert!(!range_is_in_range(b"B2:A1"));
        assert!(!range_is_in_range(b"A2:B1"));
        assert!(!range_is_in_range(b"A1:B2:C3"));
    }

    #[test]
    fn a_part_is_read_with_every_attribute_quoting() {
        let sane = br#"<worksheet><dimension ref='A1:B2'/><sheetData><row r="1"><c r="A1"/></row></sheetData></worksheet>"#;
        assert!(part_is_in_range(&sane[..]));
        let far = br#"<worksheet><sheetData><row r='1'><c r='A99999999999'/></row></sheetData></worksheet>"#;
        assert!(!part_is_in_range(&far[..]));
        // calamine does not require end tags to match their start: neither does this.
        let mismatched = br#"<worksheet><sheetData><row r="1"><is></i?s><c r="CCCCCCCCCCCCCCCCE1"/></row></sheetData></worksheet>"#;
        assert!(!part_is_in_range(&mismatched[..]));
        let prefixed = br#"<x:worksheet><x:sheetData><x:row r="4294967296"></x:row></x:sheetData></x:worksheet>"#;
        assert!(!part_is_in_range(&prefixed[..]));
    }
}

//! Every text a person reads — pages, CLI output and `--help`, errors, reports, metadata —
//! in Finnish, Swedish and English, from one catalogue.
//!
//! A message is a row `(id, fi, sv, en)` in one of the tables under [`catalogue`]; a
//! translator edits one place and sees the three languages side by side. Code names a
//! message by its id with [`t!`], which looks the id up **at compile time**: a misspelt or
//! missing id does not build, so no screen can show a blank or an English-only text.
//!
//! Placeholders are written `{name}` (lower-case letters, digits and `_`) and filled by
//! [`t!`]'s named arguments; other braces, such as a JSON example's, are text. A message
//! whose count decides its form (Finnish "1 varoitus" / "2 varoitusta") holds both forms
//! as `one|other` and is filled with the argument `count`: all three languages use the
//! "one" form for exactly 1 and the "other" form otherwise, so no plural-rule tables are
//! needed. The catalogue's tests check that every id is unique, every text present in
//! all three languages, and that the three carry the same placeholders and plural forms.

pub mod catalogue;
mod lang;

pub use lang::{Lang, UnknownLang};

/// One message: its id and its text in each language.
pub type Entry = (&'static str, &'static str, &'static str, &'static str);

/// Where a message is in [`catalogue::TABLES`]: (table, row). Made by [`locate`] at compile
/// time inside [`t!`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsgRef(pub usize, pub usize);

impl MsgRef {
    /// The message's text in `lang`, placeholders unfilled.
    pub fn text(self, lang: Lang) -> &'static str {
        let (_, fi, sv, en) = catalogue::TABLES[self.0][self.1];
        lang.pick(fi, sv, en)
    }

    pub fn id(self) -> &'static str {
        catalogue::TABLES[self.0][self.1].0
    }
}

/// A row's text in `lang` (for code that walks a whole table, such as the pages' map of
/// `t.key` texts).
pub fn text_of(row: &Entry, lang: Lang) -> &'static str {
    lang.pick(row.1, row.2, row.3)
}

/// Compares two ids byte by byte (`str`'s `Ord` is not usable in a `const fn`).
const fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] < b[i] {
            return Ordering::Less;
        }
        if a[i] > b[i] {
            return Ordering::Greater;
        }
        i += 1;
    }
    if a.len() < b.len() {
        Ordering::Less
    } else if a.len() > b.len() {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// How many messages the catalogue holds.
const COUNT: usize = {
    let mut n = 0;
    let mut t = 0;
    while t < catalogue::TABLES.len() {
        n += catalogue::TABLES[t].len();
        t += 1;
    }
    n
};

const fn id_at(m: MsgRef) -> &'static str {
    catalogue::TABLES[m.0][m.1].0
}

/// Sifts the entry at `root` down the max-heap `heap[..end]`, ordered by id.
const fn sift_down(heap: &mut [MsgRef; COUNT], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && compare(id_at(heap[child]), id_at(heap[child + 1])).is_lt() {
            child += 1;
        }
        if compare(id_at(heap[root]), id_at(heap[child])).is_ge() {
            return;
        }
        let swap = heap[root];
        heap[root] = heap[child];
        heap[child] = swap;
        root = child;
    }
}

/// Every message's place, sorted by id (a heap sort, as `const fn`s cannot call
/// `sort`). Why: [`t!`] finds its id at compile time, once for every use — about two
/// thousand in the workspace — and a search through every table each time cost seconds
/// of compilation in every crate that says something; a binary search over this index
/// costs a dozen comparisons. A reference, so that each search reads the one interned
/// array instead of copying it.
const INDEX: &[MsgRef; COUNT] = &{
    let mut index = [MsgRef(0, 0); COUNT];
    let mut n = 0;
    let mut t = 0;
    while t < catalogue::TABLES.len() {
        let mut r = 0;
        while r < catalogue::TABLES[t].len() {
            index[n] = MsgRef(t, r);
            n += 1;
            r += 1;
        }
        t += 1;
    }
    let mut start = COUNT / 2;
    while start > 0 {
        start -= 1;
        sift_down(&mut index, start, COUNT);
    }
    let mut end = COUNT;
    while end > 1 {
        end -= 1;
        let top = index[0];
        index[0] = index[end];
        index[end] = top;
        sift_down(&mut index, 0, end);
    }
    index
};

/// Finds `id` in the catalogue. Used in a `const` by [`t!`], so an unknown id is a
/// compile error ("evaluation of constant value failed … no message with this id").
pub const fn locate(id: &str) -> MsgRef {
    let (mut low, mut high) = (0, COUNT);
    while low < high {
        let middle = low + (high - low) / 2;
        match compare(id_at(INDEX[middle]), id) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return INDEX[middle],
        }
    }
    panic!("no message with this id in microcred-text's catalogue")
}

/// Finds `id` at run time (for ids that come from data, such as a stable reason code).
pub fn lookup(id: &str) -> Option<MsgRef> {
    catalogue::TABLES.iter().enumerate().find_map(|(t, rows)| {
        rows.iter()
            .position(|row| row.0 == id)
            .map(|r| MsgRef(t, r))
    })
}

/// The message whose English text is exactly `english` (for messages raised in English by
/// code that does not know the reader's language, said in it on the way out).
pub fn by_english(english: &str) -> Option<MsgRef> {
    let english = english.trim();
    catalogue::TABLES.iter().enumerate().find_map(|(t, rows)| {
        rows.iter()
            .position(|row| row.3 == english && !row.3.contains('{'))
            .map(|r| MsgRef(t, r))
    })
}

/// `text` in `lang` when it is a catalogue message in English, or a chain of them joined
/// by ": " ("not imported: not a credential"); otherwise `text` as it is. The parts that
/// are not messages (a file name, an id) are kept.
pub fn translate_known(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    if let Some(m) = by_english(text) {
        return m.text(lang).to_string();
    }
    text.split(": ")
        .map(|part| match by_english(part) {
            Some(m) => m.text(lang).to_string(),
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// A value to put into a placeholder.
pub trait Arg {
    fn render(&self) -> String;
    /// The number that picks a plural form, when this value is a count.
    fn count(&self) -> Option<u64> {
        None
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn render(&self) -> String { self.to_string() }
            fn count(&self) -> Option<u64> { u64::try_from(*self).ok() }
        }
    )*};
}
int_arg!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl Arg for str {
    fn render(&self) -> String {
        self.to_string()
    }
}
impl Arg for String {
    fn render(&self) -> String {
        self.clone()
    }
}
impl<T: Arg + ?Sized> Arg for &T {
    fn render(&self) -> String {
        (**self).render()
    }
    fn count(&self) -> Option<u64> {
        (**self).count()
    }
}

/// Fills a message's placeholders. `count`, if given, picks the `one|other` form first.
pub fn fill(text: &str, args: &[(&str, &dyn Arg)]) -> String {
    let text = match args.iter().find(|(name, _)| *name == "count") {
        Some((_, n)) => match text.split_once('|') {
            Some((one, other)) => {
                if n.count() == Some(1) {
                    one
                } else {
                    other
                }
            }
            None => text,
        },
        None => text,
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.render()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A message in a language: `t!(lang, "id")` is a `&'static str`;
/// `t!(lang, "id", name = value, count = n)` fills the placeholders and is a `String`.
/// The id is checked at compile time:
///
/// ```
/// use microcred_text::{t, Lang};
/// assert_eq!(t!(Lang::Fi, "lang_name"), "suomi");
/// ```
///
/// ```compile_fail
/// use microcred_text::{t, Lang};
/// let _ = t!(Lang::Fi, "no_such_message");
/// ```
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:literal) => {{
        const M: $crate::MsgRef = $crate::locate($id);
        M.text($lang)
    }};
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        const M: $crate::MsgRef = $crate::locate($id);
        $crate::fill(M.text($lang), &[$((stringify!($name), &$value as &dyn $crate::Arg)),+])
    }};
}

/// The message itself (for code that renders it later, in a language it learns then).
#[macro_export]
macro_rules! msg {
    ($id:literal) => {{
        const M: $crate::MsgRef = $crate::locate($id);
        M
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_plurals() {
        assert_eq!(fill("{n} of {m}", &[("n", &1), ("m", &"x")]), "1 of x");
        assert_eq!(
            fill("{count} varoitus|{count} varoitusta", &[("count", &1)]),
            "1 varoitus"
        );
        assert_eq!(
            fill("{count} varoitus|{count} varoitusta", &[("count", &2)]),
            "2 varoitusta"
        );
        assert_eq!(
            fill("{count} varoitus|{count} varoitusta", &[("count", &0)]),
            "0 varoitusta"
        );
        // Unknown placeholders and stray braces are left as they are.
        assert_eq!(fill("{x} {", &[]), "{x} {");
    }

    #[test]
    fn english_messages_are_said_in_the_readers_language() {
        assert_eq!(
            translate_known(Lang::Fi, "not imported: not a credential"),
            "ei tuotu: ei ole todistus"
        );
        assert_eq!(
            translate_known(Lang::Sv, "x.json: not found"),
            "x.json: hittades inte"
        );
        assert_eq!(translate_known(Lang::En, "not found"), "not found");
        assert_eq!(
            translate_known(Lang::Fi, "something else"),
            "something else"
        );
    }

    #[test]
    fn the_compile_time_index_finds_every_message() {
        for (t, rows) in catalogue::TABLES.iter().enumerate() {
            for (r, row) in rows.iter().enumerate() {
                assert_eq!(locate(row.0), MsgRef(t, r), "{}", row.0);
            }
        }
        assert!(INDEX
            .windows(2)
            .all(|w| compare(id_at(w[0]), id_at(w[1])).is_lt()));
    }

    #[test]
    fn lookup_at_compile_time_and_run_time() {
        let m = msg!("lang_name");
        assert_eq!(m.text(Lang::Fi), "suomi");
        assert_eq!(t!(Lang::Sv, "lang_name"), "svenska");
        assert_eq!(lookup("lang_name"), Some(m));
        assert_eq!(lookup("no such id"), None);
    }
}

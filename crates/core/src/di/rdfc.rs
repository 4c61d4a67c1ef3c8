//! RDF Dataset Canonicalization (RDFC-1.0, formerly URDNA2015) for default-graph quads.
//!
//! Hand-written, with a work limit, because the verifier canonicalises documents from
//! anyone: the general algorithm is exponential on symmetric "poison" graphs, and a
//! verifier must refuse those quickly instead of spinning (RDFC-1.0 §4.4 asks
//! implementations to guard against this). Output is checked against `ssi`'s
//! implementation and the W3C test vectors (`tests/di_fast.rs`).

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use sha2::{Digest, Sha256, Sha384};

/// An RDF term: IRI (without `<>`), blank node (document-local number), or a literal
/// already in N-Quads form (`"…"@fi`, `"…"^^<…>`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum T {
    Iri(Rc<str>),
    Blank(u32),
    Lit(Rc<str>),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quad {
    pub s: T,
    /// IRI without `<>`; shared, as a document repeats few predicates many times.
    pub p: Rc<str>,
    pub o: T,
    /// Graph name; `None` for the default graph.
    pub g: Option<T>,
}

/// The graph needs more work than we allow (a deliberately symmetric graph, most likely).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooComplex;

/// Calls to Hash N-Degree Quads allowed per document.
const MAX_NDEGREE_CALLS: usize = 2_000;
/// Permutations examined per document.
const MAX_PERMUTATIONS: usize = 20_000;

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn write_term(out: &mut String, t: &T, label: &dyn Fn(u32) -> String) {
    match t {
        T::Iri(i) => {
            out.push('<');
            out.push_str(i);
            out.push('>');
        }
        T::Blank(b) => out.push_str(&label(*b)),
        T::Lit(l) => out.push_str(l),
    }
}

fn line(q: &Quad, label: &dyn Fn(u32) -> String) -> String {
    let mut s = String::with_capacity(96 + q.p.len());
    write_term(&mut s, &q.s, label);
    s.push_str(" <");
    s.push_str(&q.p);
    s.push_str("> ");
    write_term(&mut s, &q.o, label);
    if let Some(g) = &q.g {
        s.push(' ');
        write_term(&mut s, g, label);
    }
    s.push_str(" .\n");
    s
}

/// Issues identifiers (`c14n0`, `b0`, …) in order.
#[derive(Clone, Debug)]
struct Issuer {
    prefix: &'static str,
    issued: Vec<u32>,
    map: HashMap<u32, usize>,
}

impl Issuer {
    fn new(prefix: &'static str) -> Self {
        Issuer {
            prefix,
            issued: Vec::new(),
            map: HashMap::new(),
        }
    }
    fn get(&self, b: u32) -> Option<String> {
        self.map.get(&b).map(|n| format!("_:{}{n}", self.prefix))
    }
    fn issue(&mut self, b: u32) -> String {
        let n = match self.map.get(&b) {
            Some(n) => *n,
            None => {
                let n = self.issued.len();
                self.issued.push(b);
                self.map.insert(b, n);
                n
            }
        };
        format!("_:{}{n}", self.prefix)
    }
}

/// The hash function of the canonicalisation itself: SHA-256 by default; ecdsa-rdfc-2019
/// with P-384 keys runs it with SHA-384 (RDFC-1.0 §4.4 allows another hash), which can
/// order blank nodes differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CanonHash {
    Sha256,
    Sha384,
}

impl CanonHash {
    fn hex(self, data: &[u8]) -> String {
        match self {
            CanonHash::Sha256 => hex(&Sha256::digest(data)),
            CanonHash::Sha384 => hex(&Sha384::digest(data)),
        }
    }
}

struct State<'q> {
    hash: CanonHash,
    quads: &'q [&'q Quad],
    by_blank: BlankMap,
    first_degree: HashMap<u32, String>,
    canonical: Issuer,
    ndegree_calls: usize,
    permutations: usize,
}

impl State<'_> {
    fn hash_first_degree(&self, b: u32, buf: &mut Lines) -> String {
        buf.clear();
        for &i in self.by_blank.quads_of(b) {
            buf.push(self.quads[i], &|x| if x == b { "_:a" } else { "_:z" });
        }
        buf.sort();
        match self.hash {
            CanonHash::Sha256 => {
                let mut h = Sha256::new();
                buf.hash_into(&mut h);
                hex(&h.finalize())
            }
            CanonHash::Sha384 => {
                let mut h = Sha384::new();
                buf.hash_into(&mut h);
                hex(&h.finalize())
            }
        }
    }

    fn hash_related(&self, related: u32, q: &Quad, issuer: &Issuer, position: char) -> String {
        let id = self
            .canonical
            .get(related)
            .or_else(|| issuer.get(related))
            .unwrap_or_else(|| self.first_degree[&related].clone());
        let mut input = String::new();
        input.push(position);
        if position != 'g' {
            input.push('<');
            input.push_str(&q.p);
            input.push('>');
        }
        input.push_str(&id);
        self.hash.hex(input.as_bytes())
    }

    fn hash_n_degree(&mut self, b: u32, issuer: Issuer) -> Result<(String, Issuer), TooComplex> {
        self.ndegree_calls += 1;
        if self.ndegree_calls > MAX_NDEGREE_CALLS {
            return Err(TooComplex);
        }
        let mut issuer = issuer;
        let mut hn: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for &i in self.by_blank.quads_of(b) {
            let q = &self.quads[i];
            for (term, pos) in [(Some(&q.s), 's'), (Some(&q.o), 'o'), (q.g.as_ref(), 'g')] {
                if let Some(T::Blank(r)) = term {
                    if *r != b {
                        let h = self.hash_related(*r, q, &issuer, pos);
                        hn.entry(h).or_default().push(*r);
                    }
                }
            }
        }
        let mut data = String::new();
        for (related_hash, list) in hn {
            data.push_str(&related_hash);
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            let mut perm = list.clone();
            perm.sort_unstable();
            loop {
                self.permutations += 1;
                if self.permutations > MAX_PERMUTATIONS {
                    return Err(TooComplex);
                }
                if let Some((path, copy)) = self.try_permutation(&perm, &issuer, &chosen_path)? {
                    if chosen_path.is_empty() || path < chosen_path {
                        chosen_path = path;
                        chosen_issuer = Some(copy);
                    }
                }
                if !next_permutation(&mut perm) {
                    break;
                }
            }
            data.push_str(&chosen_path);
            if let Some(c) = chosen_issuer {
                issuer = c;
            }
        }
        Ok((self.hash.hex(data.as_bytes()), issuer))
    }

    /// One permutation of Hash N-Degree Quads step 5.4; `None` when it cannot beat the
    /// path chosen so far.
    fn try_permutation(
        &mut self,
        perm: &[u32],
        issuer: &Issuer,
        chosen_path: &str,
    ) -> Result<Option<(String, Issuer)>, TooComplex> {
        let mut copy = issuer.clone();
        let mut path = String::new();
        let mut recursion = Vec::new();
        let worse = |path: &str| {
            !chosen_path.is_empty() && path.len() >= chosen_path.len() && path > chosen_path
        };
        for &r in perm {
            match self.canonical.get(r) {
                Some(id) => path.push_str(&id),
                None => {
                    if copy.get(r).is_none() {
                        recursion.push(r);
                    }
                    let id = copy.issue(r);
                    path.push_str(&id);
                }
            }
            if worse(&path) {
                return Ok(None);
            }
        }
        for r in recursion {
            let (hash, result_issuer) = self.hash_n_degree(r, copy.clone())?;
            let id = copy.issue(r);
            path.push_str(&id);
            path.push('<');
            path.push_str(&hash);
            path.push('>');
            copy = result_issuer;
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, copy)))
    }
}

/// Lexicographic next permutation; false when `v` was the last one.
fn next_permutation(v: &mut [u32]) -> bool {
    if v.len() < 2 {
        return false;
    }
    let mut i = v.len() - 1;
    while i > 0 && v[i - 1] >= v[i] {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = v.len() - 1;
    while v[j] <= v[i - 1] {
        j -= 1;
    }
    v.swap(i - 1, j);
    v[i..].reverse();
    true
}

/// N-Quads lines written into one buffer, sorted as ranges of it: canonicalisation
/// writes hundreds of lines per document, and one allocation each would dominate.
#[derive(Default)]
struct Lines {
    text: String,
    ranges: Vec<(usize, usize)>,
}

impl Lines {
    fn clear(&mut self) {
        self.text.clear();
        self.ranges.clear();
    }

    fn push<'l>(&mut self, q: &Quad, label: &dyn Fn(u32) -> &'l str) {
        let start = self.text.len();
        let t = &mut self.text;
        let term = |t: &mut String, x: &T| match x {
            T::Iri(i) => {
                t.push('<');
                t.push_str(i);
                t.push('>');
            }
            T::Blank(b) => t.push_str(label(*b)),
            T::Lit(l) => t.push_str(l),
        };
        term(t, &q.s);
        t.push_str(" <");
        t.push_str(&q.p);
        t.push_str("> ");
        term(t, &q.o);
        if let Some(g) = &q.g {
            t.push(' ');
            term(t, g);
        }
        t.push_str(" .\n");
        self.ranges.push((start, self.text.len()));
    }

    fn line(&self, r: (usize, usize)) -> &str {
        &self.text[r.0..r.1]
    }

    /// Sorts in code-point order (byte order of UTF-8) and drops repeated lines.
    fn sort(&mut self) {
        let text = &self.text;
        self.ranges
            .sort_unstable_by(|a, b| text[a.0..a.1].cmp(&text[b.0..b.1]));
    }

    fn dedup(&mut self) {
        let text = &self.text;
        self.ranges
            .dedup_by(|a, b| text[a.0..a.1] == text[b.0..b.1]);
    }

    fn hash_into<D: Digest>(&self, h: &mut D) {
        for r in &self.ranges {
            h.update(self.line(*r).as_bytes());
        }
    }
}

/// The quads as a set: RDFC-1.0 canonicalises a dataset, in which a quad occurs once.
/// JSON-LD that mentions a node twice (the same qualification under two units) yields the
/// same quad twice; left in, it would change the hashes of the blank nodes it touches.
fn distinct(quads: &[Quad]) -> Vec<&Quad> {
    let mut v: Vec<&Quad> = quads.iter().collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Blank node → indexes of the quads mentioning it (once per occurrence). Blank ids are
/// dense counters from the walkers, so a vector indexed by id serves as the map.
fn blank_index(quads: &[&Quad]) -> BlankMap {
    let mut by_blank: Vec<Vec<usize>> = Vec::new();
    for (i, q) in quads.iter().enumerate() {
        for t in [Some(&q.s), Some(&q.o), q.g.as_ref()].into_iter().flatten() {
            if let T::Blank(b) = t {
                let b = *b as usize;
                if by_blank.len() <= b {
                    by_blank.resize_with(b + 1, Vec::new);
                }
                by_blank[b].push(i);
            }
        }
    }
    BlankMap(by_blank)
}

struct BlankMap(Vec<Vec<usize>>);

impl BlankMap {
    fn quads_of(&self, b: u32) -> &[usize] {
        self.0
            .get(b as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The blank nodes present, in id order.
    fn blanks(&self) -> impl Iterator<Item = u32> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, q)| !q.is_empty())
            .map(|(b, _)| b as u32)
    }
}

/// The blank nodes whose first-degree hashes collide, as the lines they appear in: a graph
/// without them canonicalises without Hash N-Degree Quads, which is where implementations
/// are slow and, in some cases, disagree.
pub fn colliding_blank_nodes(quads: &[Quad]) -> Vec<Vec<String>> {
    let quads = distinct(quads);
    let st = State {
        hash: CanonHash::Sha256,
        quads: &quads,
        by_blank: blank_index(&quads),
        first_degree: HashMap::new(),
        canonical: Issuer::new("c14n"),
        ndegree_calls: 0,
        permutations: 0,
    };
    let mut buf = Lines::default();
    let mut by_hash: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for b in st.by_blank.blanks() {
        by_hash
            .entry(st.hash_first_degree(b, &mut buf))
            .or_default()
            .push(b);
    }
    by_hash
        .into_values()
        .filter(|l| l.len() > 1)
        .map(|l| {
            let label = |x: u32| {
                if x == l[0] {
                    "_:a".to_string()
                } else {
                    "_:z".to_string()
                }
            };
            st.by_blank
                .quads_of(l[0])
                .iter()
                .map(|&i| line(quads[i], &label))
                .collect()
        })
        .collect()
}

/// Canonical labels, then the canonical lines (sorted, without repeats) in `out`.
fn canonical_lines(quads: &[Quad], out: &mut Lines) -> Result<(), TooComplex> {
    canonical_lines_relabelled(quads, out, &|n| format!("_:c14n{n}"), CanonHash::Sha256)
}

/// [`canonicalize`] with `hash` as the canonicalisation's own hash function.
pub fn canonicalize_with(quads: &[Quad], hash: CanonHash) -> Result<Vec<String>, TooComplex> {
    let mut lines = Lines::default();
    canonical_lines_relabelled(quads, &mut lines, &|n| format!("_:c14n{n}"), hash)?;
    Ok(lines
        .ranges
        .iter()
        .map(|r| lines.line(*r).to_string())
        .collect())
}

/// The canonical N-Quads with each canonical label `c14nN` replaced by `relabel(N)`
/// and the lines sorted again: what selective-disclosure suites (ecdsa-sd-2023) sign,
/// with labels derived by HMAC so they do not leak the shape of what was withheld.
pub fn canonicalize_relabelled(
    quads: &[Quad],
    relabel: &dyn Fn(usize) -> String,
) -> Result<Vec<String>, TooComplex> {
    let mut lines = Lines::default();
    canonical_lines_relabelled(quads, &mut lines, relabel, CanonHash::Sha256)?;
    Ok(lines
        .ranges
        .iter()
        .map(|r| lines.line(*r).to_string())
        .collect())
}

fn canonical_lines_relabelled(
    quads: &[Quad],
    out: &mut Lines,
    relabel: &dyn Fn(usize) -> String,
    hash: CanonHash,
) -> Result<(), TooComplex> {
    let quads = distinct(quads);
    let mut st = State {
        hash,
        quads: &quads,
        by_blank: blank_index(&quads),
        first_degree: HashMap::new(),
        canonical: Issuer::new("c14n"),
        ndegree_calls: 0,
        permutations: 0,
    };
    let blanks: Vec<u32> = st.by_blank.blanks().collect();
    let mut by_hash: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for b in blanks {
        let h = st.hash_first_degree(b, out);
        st.first_degree.insert(b, h.clone());
        by_hash.entry(h).or_default().push(b);
    }
    // Unique first-degree hashes get their canonical identifiers first, in hash order.
    let mut shared = Vec::new();
    for (h, list) in &by_hash {
        if list.len() == 1 {
            st.canonical.issue(list[0]);
        } else {
            shared.push(h.clone());
        }
    }
    for h in shared {
        let mut results = Vec::new();
        for &b in &by_hash[&h] {
            if st.canonical.get(b).is_some() {
                continue;
            }
            let mut temp = Issuer::new("b");
            temp.issue(b);
            results.push(st.hash_n_degree(b, temp)?);
        }
        results.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, issuer) in results {
            for b in issuer.issued {
                st.canonical.issue(b);
            }
        }
    }
    let mut labels: Vec<String> = vec![String::new(); st.by_blank.0.len()];
    for (n, b) in st.canonical.issued.iter().enumerate() {
        labels[*b as usize] = relabel(n);
    }
    out.clear();
    for q in &quads {
        out.push(q, &|x| {
            labels
                .get(x as usize)
                .map(String::as_str)
                .unwrap_or_default()
        });
    }
    out.sort();
    out.dedup();
    Ok(())
}

/// The canonical N-Quads lines, sorted and deduplicated.
pub fn canonicalize(quads: &[Quad]) -> Result<Vec<String>, TooComplex> {
    let mut lines = Lines::default();
    canonical_lines(quads, &mut lines)?;
    Ok(lines
        .ranges
        .iter()
        .map(|r| lines.line(*r).to_string())
        .collect())
}

/// SHA-256 of the canonical N-Quads: what eddsa-rdfc-2022 hashes, without building the
/// lines as separate strings.
pub fn canonical_hash(quads: &[Quad]) -> Result<[u8; 32], TooComplex> {
    let mut lines = Lines::default();
    canonical_lines(quads, &mut lines)?;
    let mut h = Sha256::new();
    lines.hash_into(&mut h);
    Ok(h.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: T, p: &str, o: T) -> Quad {
        Quad {
            s,
            p: p.into(),
            o,
            g: None,
        }
    }

    #[test]
    fn permutations_in_order() {
        let mut v = vec![1, 2, 3];
        let mut n = 1;
        while next_permutation(&mut v) {
            n += 1;
        }
        assert_eq!(n, 6);
        assert_eq!(v, vec![3, 2, 1]);
    }

    #[test]
    fn identical_siblings_are_labelled_deterministically() {
        // Two identical blank children of one parent: first-degree hashes collide.
        let quads = vec![
            q(T::Iri("http://e/p".into()), "http://e/child", T::Blank(0)),
            q(T::Iri("http://e/p".into()), "http://e/child", T::Blank(1)),
            q(T::Blank(0), "http://e/name", T::Lit("\"x\"".into())),
            q(T::Blank(1), "http://e/name", T::Lit("\"x\"".into())),
        ];
        let a = canonicalize(&quads).unwrap();
        let mut swapped = quads.clone();
        swapped.reverse();
        assert_eq!(canonicalize(&swapped).unwrap(), a);
        assert!(a.iter().any(|l| l.starts_with("_:c14n0")));
        assert!(a.iter().any(|l| l.starts_with("_:c14n1")));
    }

    #[test]
    fn a_symmetric_clique_is_refused_not_spun_on() {
        // Every blank node linked to every other with the same predicate.
        let n = 12;
        let mut quads = Vec::new();
        for a in 0..n {
            for b in 0..n {
                if a != b {
                    quads.push(q(T::Blank(a), "http://e/knows", T::Blank(b)));
                }
            }
        }
        let start = std::time::Instant::now();
        assert_eq!(canonicalize(&quads), Err(TooComplex));
        let _ = start;
    }
}

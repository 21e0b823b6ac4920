//! Feature extraction.
//!
//! Every feature belongs to one unit (token) of the sequence and is a
//! 64-bit hash of a template and a value. A feature also carries an offset
//! mask: the positions, relative to its unit, whose tag it votes for. The
//! weight row of a feature therefore holds [`NOFF`] blocks of [`NTAGS`]
//! weights, one block per offset −2..=2, and the emission score of tag `y`
//! at position `i` is the sum over the units `j = i + o` around it of their
//! features' weights at block `o` for `y`. A word's form thus informs its own
//! tag and the tags of the two words on either side, at the cost of one
//! lookup per feature.
//!
//! Templates (with their offsets):
//! - `form` and `stem` matching keys (−2..2), proclitics (−2..2), enclitic (−1..1);
//! - stem prefixes and suffixes of 1–3 letters, and the whole word's first
//!   and last 2–4 letters (0);
//! - shape: token kind, letter-count bucket, Latin capitalisation (−2..2);
//! - gazetteer: the lexicon's one-word-name flag for the form and the stem
//!   (−2..2), and the stem's corpus-frequency bucket (−1..1);
//! - name parts: the form or stem is a listed given name, surname or place,
//!   or the first or last word of a knowledge-base person's name (−2..2);
//! - word clusters of the form and the stem at each level (−2..2);
//! - corpus label statistics of the form and the stem: the share of their
//!   occurrences in the news corpus that a context-only tagger labelled
//!   PERS, LOC, ORG, MISC (−2..2);
//! - form bigrams with the previous and the next word, and conjunctions of
//!   the previous/next stem or cluster with the word's cluster (0);
//! - document-level votes: how the word's other mentions in the document
//!   were tagged, by the model's own first pass without these features or
//!   by an embedded context-only tagger (−2..2);
//! - knowledge base: the word's position in a match of the built-in KB with
//!   the matched actor's class and the way the surface names it, and the
//!   class alone (−2..2);
//! - a bias (0) and, beyond the sequence ends, a padding feature.
//!
//! Word-identity features (form, stem, bigrams) carry a flag so that
//! training can hide them at random (word dropout).

use std::borrow::Cow;

use marsad_text::{Document, Lexicon, Token, TokenKind};

use crate::forms;
use crate::hash::FeatureHash;
use crate::kb::KbMark;
use crate::model::{Clusters, WordStats};
use crate::NTAGS;

/// Offsets a feature may vote at: −2..=2.
pub const NOFF: usize = 5;
/// Weights per feature: [`NOFF`] blocks of [`NTAGS`].
pub const ROW: usize = NOFF * NTAGS;

/// Offset masks: bit `o + 2` for offset `o`.
const ALL: u8 = 0b11111;
const NEAR: u8 = 0b01110;
const HERE: u8 = 0b00100;
/// Flag on a mask: a word-identity feature, which training may drop out.
pub(crate) const LEXICAL: u8 = 0x80;
/// The offset bits of a mask.
#[cfg(feature = "train")]
pub(crate) const OFFSETS: u8 = 0b11111;

/// Feature groups, switchable for ablations; stored in the model so that
/// inference extracts exactly the features training used.
pub mod group {
    /// Form and stem keys.
    pub const LEX: u32 = 1;
    /// Proclitics and enclitic.
    pub const CLITICS: u32 = 1 << 1;
    /// Stem prefixes and suffixes.
    pub const AFFIXES: u32 = 1 << 2;
    /// Token shape.
    pub const SHAPE: u32 = 1 << 3;
    /// Lexicon name flags and frequency.
    pub const GAZETTEER: u32 = 1 << 4;
    /// Word clusters (only when the model has clusters).
    pub const CLUSTERS: u32 = 1 << 5;
    /// Form bigrams.
    pub const BIGRAMS: u32 = 1 << 6;
    /// Corpus label statistics (only when the model has them).
    pub const STATS: u32 = 1 << 7;
    /// A neighbour's stem or cluster with the word's cluster.
    pub const CONJUNCTIONS: u32 = 1 << 8;
    /// Document-level votes of the context tagger (only when the model has one).
    pub const DOC: u32 = 1 << 9;
    /// Position inside a built-in knowledge-base match, with the actor's kind.
    pub const KB: u32 = 1 << 10;
    /// Prefixes and suffixes of the whole word (clitics included).
    pub const CHARS: u32 = 1 << 11;
    /// Not a feature group: the document-level votes come from the model's
    /// own first pass instead of an embedded context tagger.
    pub const SELF_VOTES: u32 = 1 << 12;
    /// Name parts: given name, surname, place ([`crate::names`]).
    pub const NAME_PARTS: u32 = 1 << 13;
    /// Every group.
    pub const DEFAULT: u32 = LEX
        | CLITICS
        | AFFIXES
        | SHAPE
        | GAZETTEER
        | CLUSTERS
        | BIGRAMS
        | STATS
        | CONJUNCTIONS
        | DOC
        | KB
        | CHARS
        | NAME_PARTS;
    /// Names, for the command line.
    pub const NAMES: [(&str, u32); 13] = [
        ("lex", LEX),
        ("clitics", CLITICS),
        ("affixes", AFFIXES),
        ("shape", SHAPE),
        ("gazetteer", GAZETTEER),
        ("clusters", CLUSTERS),
        ("bigrams", BIGRAMS),
        ("stats", STATS),
        ("conjunctions", CONJUNCTIONS),
        ("doc", DOC),
        ("kb", KB),
        ("chars", CHARS),
        ("names", NAME_PARTS),
    ];
}

/// Parses a comma-separated list of group names (`-name` removes a group
/// from the default set, e.g. `-clusters,-bigrams`).
pub fn parse_groups(spec: &str) -> Result<u32, String> {
    let mut out =
        if spec.split(',').all(|p| p.trim().starts_with('-') || p.trim().is_empty()) { group::DEFAULT } else { 0 };
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (remove, name) = match part.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, part),
        };
        let bit = if name == "all" {
            group::DEFAULT
        } else {
            group::NAMES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|&(_, b)| b)
                .ok_or_else(|| format!("unknown feature group {name:?}"))?
        };
        if remove {
            out &= !bit;
        } else {
            out |= bit;
        }
    }
    Ok(out)
}

mod t {
    pub const PAD: u8 = 0;
    pub const BIAS: u8 = 1;
    pub const FORM: u8 = 2;
    pub const STEM: u8 = 3;
    pub const PROC: u8 = 4;
    pub const ENC: u8 = 5;
    pub const PREFIX: u8 = 6;
    pub const SUFFIX: u8 = 7;
    pub const SHAPE: u8 = 8;
    pub const CLUSTER_FORM: u8 = 9;
    pub const CLUSTER_STEM: u8 = 10;
    pub const NAME: u8 = 11;
    pub const FREQ: u8 = 12;
    pub const BIGRAM_PREV: u8 = 13;
    pub const BIGRAM_NEXT: u8 = 14;
    pub const STATS_FORM: u8 = 15;
    pub const STATS_STEM: u8 = 16;
    pub const CONJ_PREV_STEM: u8 = 17;
    pub const CONJ_NEXT_STEM: u8 = 18;
    pub const CONJ_PREV_CLUSTER: u8 = 19;
    pub const CONJ_NEXT_CLUSTER: u8 = 20;
    pub const DOC: u8 = 21;
    pub const KB: u8 = 22;
    pub const FORM_PREFIX: u8 = 23;
    pub const FORM_SUFFIX: u8 = 24;
    pub const KB_CLASS: u8 = 25;
    pub const NAME_PARTS: u8 = 26;
}

/// The padding feature: its block `o` votes at position `i` when `i + o`
/// falls outside the sequence.
pub(crate) fn pad_hash() -> u64 {
    FeatureHash::new(t::PAD).finish()
}

/// Features of a sequence of units: unit `j` owns
/// `hashes[starts[j]..starts[j + 1]]` (and the masks alongside).
#[derive(Debug, Default, Clone)]
pub struct FeatureBuf {
    /// Feature hashes.
    pub hashes: Vec<u64>,
    /// Offset masks, one per hash (bit `o + 2` for offset `o`; the high bit
    /// marks word-identity features).
    pub masks: Vec<u8>,
    /// Start of each unit's features, plus the end.
    pub starts: Vec<u32>,
}

impl FeatureBuf {
    /// Number of units.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether there are no units.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn clear(&mut self) {
        self.hashes.clear();
        self.masks.clear();
        self.starts.clear();
    }

    #[inline]
    fn push(&mut self, h: FeatureHash, mask: u8) {
        self.hashes.push(h.finish());
        self.masks.push(mask);
    }
}

/// What features are read, and with which clusters.
#[derive(Clone, Copy)]
pub struct Extractor<'a> {
    groups: u32,
    clusters: Option<&'a Clusters>,
    stats: Option<&'a WordStats>,
}

/// A word's form, stem and mid-level cluster, for [`Extractor::pair`].
pub(crate) struct PairCtx<'w> {
    pub(crate) form: &'w str,
    pub(crate) stem: &'w str,
    pub(crate) cluster: u16,
}

pub(crate) struct Unit<'d> {
    tok: Token,
    form: Cow<'d, str>,
    stem: Cow<'d, str>,
}

impl<'a> Extractor<'a> {
    /// An extractor of these groups ([`group`] bits).
    pub fn new(groups: u32, clusters: Option<&'a Clusters>, stats: Option<&'a WordStats>) -> Extractor<'a> {
        Extractor { groups, clusters, stats }
    }

    #[inline]
    fn on(&self, g: u32) -> bool {
        self.groups & g != 0
    }

    /// Extracts the features of the tokens `units` (indices into
    /// `doc.tokens()`) as one sequence into `buf`.
    pub fn extract(&self, doc: &Document<'_>, units: &[usize], buf: &mut FeatureBuf) {
        self.extract_with(doc, units, None, buf);
    }

    /// [`Extractor::extract`] with document-level votes for each unit.
    pub(crate) fn extract_with(
        &self,
        doc: &Document<'_>,
        units: &[usize],
        votes: Option<&[crate::model::DocVotes]>,
        buf: &mut FeatureBuf,
    ) {
        buf.clear();
        let toks = doc.tokens();
        let units_idx = units;
        let units: Vec<Unit<'_>> = units
            .iter()
            .filter_map(|&i| toks.get(i))
            .map(|t| Unit { tok: *t, form: forms::form(doc, t), stem: forms::stem_form(doc, t) })
            .collect();
        let lex = Lexicon::get();
        let marks = self.kb_marks(doc, units_idx);
        let ctx: Vec<PairCtx<'_>> = units.iter().map(|u| self.pair_ctx(&u.form, &u.stem)).collect();
        for (j, u) in units.iter().enumerate() {
            buf.starts.push(buf.hashes.len() as u32);
            self.word(doc, lex, &u.tok, &u.form, &u.stem, buf);
            self.pair(&ctx, j, buf);
            if let Some(v) = votes.and_then(|v| v.get(j)) {
                self.doc(*v, buf);
            }
            if let Some(&m) = marks.get(j) {
                self.kb(m, buf);
            }
        }
        buf.starts.push(buf.hashes.len() as u32);
    }

    /// The knowledge-base marks of the tokens `units` (empty when the
    /// group is off).
    pub(crate) fn kb_marks(&self, doc: &Document<'_>, units: &[usize]) -> Vec<KbMark> {
        if self.on(group::KB) {
            crate::kb::unit_marks(doc, units)
        } else {
            Vec::new()
        }
    }

    /// The word's place in a knowledge-base match and what the match names.
    pub(crate) fn kb(&self, mark: KbMark, buf: &mut FeatureBuf) {
        if self.on(group::KB) && mark != 0 {
            buf.push(FeatureHash::new(t::KB).num(u64::from(mark)), ALL);
            // The class alone, whatever the position and the way of naming.
            buf.push(FeatureHash::new(t::KB_CLASS).num(u64::from(mark >> 3 & 7)), ALL);
        }
    }

    /// Whether [`Extractor::pair`] adds anything.
    pub(crate) fn has_pairs(&self) -> bool {
        self.on(group::BIGRAMS) || (self.on(group::CONJUNCTIONS) && self.clusters.is_some())
    }

    /// Document-level votes: how the context tagger labelled the word's
    /// other mentions in the document.
    pub(crate) fn doc(&self, v: crate::model::DocVotes, buf: &mut FeatureBuf) {
        if !self.on(group::DOC) {
            return;
        }
        let [n, shares @ ..] = v;
        if n == 0 {
            buf.push(FeatureHash::new(t::DOC).num(99), ALL);
            return;
        }
        for (ty, &s) in shares.iter().enumerate() {
            buf.push(FeatureHash::new(t::DOC).num(ty as u64).num(share_bucket(s)), ALL);
        }
        let (top, &s) = shares.iter().enumerate().max_by_key(|&(i, s)| (*s, std::cmp::Reverse(i))).unwrap_or((0, &0));
        buf.push(FeatureHash::new(t::DOC).num(10 + top as u64).num(share_bucket(s)).num(u64::from(n.min(4))), ALL);
    }

    /// What [`Extractor::pair`] needs of a word.
    pub(crate) fn pair_ctx<'w>(&self, form: &'w str, stem: &'w str) -> PairCtx<'w> {
        PairCtx { form, stem, cluster: self.pair_cluster(form, stem) }
    }

    /// The cluster [`Extractor::pair`] conjoins: the stem's (else the
    /// form's) at the second level. A function of the word alone.
    pub(crate) fn pair_cluster(&self, form: &str, stem: &str) -> u16 {
        match self.clusters {
            Some(c) if self.on(group::CONJUNCTIONS) => {
                c.get(stem).or_else(|| c.get(form)).and_then(|ids| ids.get(1).copied()).unwrap_or(crate::NO_CLUSTER)
            }
            _ => crate::NO_CLUSTER,
        }
    }

    /// The features of word `j` that depend on its neighbours: form
    /// bigrams, and conjunctions of a neighbour's stem or cluster with the
    /// word's cluster.
    pub(crate) fn pair(&self, ctx: &[PairCtx<'_>], j: usize, buf: &mut FeatureBuf) {
        let Some(cur) = ctx.get(j) else { return };
        let prev = j.checked_sub(1).and_then(|p| ctx.get(p));
        let next = ctx.get(j + 1);
        if self.on(group::BIGRAMS) {
            let pf = prev.map_or("<s>", |p| p.form);
            let nf = next.map_or("</s>", |p| p.form);
            buf.push(FeatureHash::new(t::BIGRAM_PREV).bytes(pf.as_bytes()).bytes(cur.form.as_bytes()), HERE | LEXICAL);
            buf.push(FeatureHash::new(t::BIGRAM_NEXT).bytes(cur.form.as_bytes()).bytes(nf.as_bytes()), HERE | LEXICAL);
        }
        if self.on(group::CONJUNCTIONS) && self.clusters.is_some() {
            let c = u64::from(cur.cluster);
            let ps = prev.map_or("<s>", |p| p.stem);
            let ns = next.map_or("</s>", |p| p.stem);
            let pc = u64::from(prev.map_or(crate::NO_CLUSTER - 1, |p| p.cluster));
            let nc = u64::from(next.map_or(crate::NO_CLUSTER - 1, |p| p.cluster));
            buf.push(FeatureHash::new(t::CONJ_PREV_STEM).bytes(ps.as_bytes()).num(c), HERE);
            buf.push(FeatureHash::new(t::CONJ_NEXT_STEM).bytes(ns.as_bytes()).num(c), HERE);
            buf.push(FeatureHash::new(t::CONJ_PREV_CLUSTER).num(pc).num(c), HERE);
            buf.push(FeatureHash::new(t::CONJ_NEXT_CLUSTER).num(c).num(nc), HERE);
        }
    }

    /// The features of a word on its own: a function of the token's
    /// analysis-layer text and kind alone (so they can be cached per word).
    pub(crate) fn word(
        &self,
        doc: &Document<'_>,
        lex: &Lexicon,
        tok: &Token,
        form: &str,
        stem: &str,
        buf: &mut FeatureBuf,
    ) {
        buf.push(FeatureHash::new(t::BIAS), HERE);
        if self.on(group::LEX) {
            buf.push(FeatureHash::new(t::FORM).bytes(form.as_bytes()), ALL | LEXICAL);
            buf.push(FeatureHash::new(t::STEM).bytes(stem.as_bytes()), ALL | LEXICAL);
        }
        let arabic = tok.kind == TokenKind::Arabic;
        if self.on(group::CLITICS) && arabic {
            let mut h = FeatureHash::new(t::PROC);
            let mut n = 0;
            for p in tok.clitics.proclitics() {
                h = h.num(p as u64 + 1);
                n += 1;
            }
            buf.push(h.num(100 + n), ALL);
            let e = tok.clitics.enclitic().unwrap_or("");
            buf.push(FeatureHash::new(t::ENC).bytes(e.as_bytes()), NEAR);
        }
        if self.on(group::AFFIXES) && matches!(tok.kind, TokenKind::Arabic | TokenKind::Latin) {
            // Prefixes and suffixes of 1–3 letters, shorter than the stem.
            for (n, (c, _)) in stem.char_indices().skip(1).take(3).enumerate() {
                buf.push(FeatureHash::new(t::PREFIX).num(n as u64).bytes(&stem.as_bytes()[..c]), HERE);
            }
            for (n, (c, _)) in stem.char_indices().rev().take(3).filter(|&(c, _)| c > 0).enumerate() {
                buf.push(FeatureHash::new(t::SUFFIX).num(n as u64).bytes(&stem.as_bytes()[c..]), HERE);
            }
        }
        if self.on(group::CHARS) && matches!(tok.kind, TokenKind::Arabic | TokenKind::Latin) {
            // The whole word's first and last 2–4 letters: robust to a
            // foreign name cut as if it had clitics (كوفي → ك+وفي).
            let n = form.chars().count();
            for k in 2..=4.min(n.saturating_sub(1)) {
                let p = form.char_indices().nth(k).map_or(form.len(), |(c, _)| c);
                let s = form.char_indices().rev().nth(k - 1).map_or(0, |(c, _)| c);
                buf.push(FeatureHash::new(t::FORM_PREFIX).num(k as u64).bytes(&form.as_bytes()[..p]), HERE);
                buf.push(FeatureHash::new(t::FORM_SUFFIX).num(k as u64).bytes(&form.as_bytes()[s..]), HERE);
            }
        }
        if self.on(group::SHAPE) {
            buf.push(shape(doc, tok, stem), ALL);
        }
        if self.on(group::GAZETTEER) {
            let fkey = doc.key(tok).as_bytes();
            let skey = if arabic { doc.stem_key(tok).as_bytes() } else { fkey };
            let fi = lex.key_info(fkey);
            let si = if skey.len() == fkey.len() { fi } else { lex.key_info(skey) };
            buf.push(FeatureHash::new(t::NAME).num(u64::from(fi.name) | u64::from(si.name) << 1), ALL);
            let bucket = if si.count == 0 { 0 } else { 1 + u64::from(si.count.ilog2()) / 2 };
            buf.push(FeatureHash::new(t::FREQ).num(u64::from(arabic) << 8 | bucket), NEAR);
        }
        if self.on(group::NAME_PARTS) && arabic {
            let f = crate::names::parts(doc.key(tok));
            let s = crate::names::parts(doc.stem_key(tok));
            // One feature per part, of the word or of its stem.
            let mut bits = f | s;
            while bits != 0 {
                let b = bits.trailing_zeros();
                bits &= bits - 1;
                buf.push(FeatureHash::new(t::NAME_PARTS).num(u64::from(b)), ALL);
            }
        }
        if self.on(group::CLUSTERS) {
            if let Some(c) = self.clusters {
                let f = c.get(form);
                cluster_features(buf, t::CLUSTER_FORM, c.levels(), f);
                let st = if stem.len() == form.len() { f } else { c.get(stem) };
                cluster_features(buf, t::CLUSTER_STEM, c.levels(), st);
            }
        }
        if self.on(group::STATS) {
            if let Some(st) = self.stats {
                stat_features(buf, t::STATS_FORM, st.get(form));
                stat_features(buf, t::STATS_STEM, st.get(stem));
            }
        }
    }
}

/// A form's cluster at each level, or one "unknown" feature.
fn cluster_features(buf: &mut FeatureBuf, template: u8, levels: usize, ids: Option<&[u16]>) {
    match ids {
        Some(ids) => {
            for (l, id) in ids.iter().enumerate() {
                buf.push(FeatureHash::new(template).num(l as u64).num(u64::from(*id)), ALL);
            }
        }
        None => buf.push(FeatureHash::new(template).num(99).num(levels as u64), ALL),
    }
}

/// A share (× 255) in six buckets: 0, ≤5%, ≤20%, ≤50%, ≤80%, more.
fn share_bucket(s: u8) -> u64 {
    match s {
        0 => 0,
        1..=12 => 1,
        13..=51 => 2,
        52..=127 => 3,
        128..=204 => 4,
        _ => 5,
    }
}

/// Corpus label statistics of a form: for each type, a bucket of its share
/// of the form's occurrences, and the majority type with its bucket and the
/// occurrence count.
fn stat_features(buf: &mut FeatureBuf, template: u8, v: Option<[u8; 5]>) {
    let Some([logn, shares @ ..]) = v else {
        buf.push(FeatureHash::new(template).num(99), ALL);
        return;
    };
    let bucket = share_bucket;
    for (ty, &s) in shares.iter().enumerate() {
        buf.push(FeatureHash::new(template).num(ty as u64).num(bucket(s)), ALL);
    }
    let (top, &s) = shares.iter().enumerate().max_by_key(|&(i, s)| (*s, std::cmp::Reverse(i))).unwrap_or((0, &0));
    let n = u64::from(logn.min(12) / 3);
    buf.push(FeatureHash::new(template).num(10 + top as u64).num(bucket(s)).num(n), ALL);
}

/// Token kind, a letter-count bucket and, for Latin words, capitalisation.
fn shape(doc: &Document<'_>, tok: &Token, stem: &str) -> FeatureHash {
    let h = FeatureHash::new(t::SHAPE).num(tok.kind as u64);
    match tok.kind {
        TokenKind::Arabic => {
            let n = stem.chars().count();
            let bucket = match n {
                0..=5 => n,
                6..=7 => 6,
                _ => 7,
            };
            let digits = doc.norm(tok).bytes().any(|b| b.is_ascii_digit());
            h.num(bucket as u64).num(u64::from(digits))
        }
        TokenKind::Latin => {
            let text = doc.norm(tok);
            let upper = text.chars().filter(|c| c.is_uppercase()).count();
            let first = text.chars().next().is_some_and(char::is_uppercase);
            let caps = match (first, upper) {
                (_, 0) => 0,
                (true, 1) => 1,
                (_, u) if u == text.chars().count() => 2,
                _ => 3,
            };
            h.num(caps).num(text.chars().count().min(4) as u64)
        }
        _ => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(groups: u32, text: &str) -> FeatureBuf {
        let doc = Document::new(text);
        let units: Vec<usize> = (0..doc.tokens().len()).collect();
        let mut buf = FeatureBuf::default();
        Extractor::new(groups, None, None).extract(&doc, &units, &mut buf);
        buf
    }

    #[test]
    fn one_block_of_features_per_token() {
        let buf = feats(group::DEFAULT, "وصل ماكرون إلى باريس.");
        assert_eq!(buf.len(), 5);
        assert_eq!(*buf.starts.last().unwrap() as usize, buf.hashes.len());
        assert_eq!(buf.hashes.len(), buf.masks.len());
        for j in 0..buf.len() {
            assert!(buf.starts[j] < buf.starts[j + 1]);
        }
    }

    #[test]
    fn clitics_share_the_stem_feature() {
        // باريس and وباريس share the stem feature but not the form feature.
        let a = feats(group::LEX, "باريس");
        let b = feats(group::LEX, "وباريس");
        // [bias, form, stem]
        assert_ne!(a.hashes[1], b.hashes[1]);
        assert_eq!(a.hashes[2], b.hashes[2]);
    }

    #[test]
    fn hamza_variants_share_features() {
        let a = feats(group::DEFAULT, "أحمد");
        let b = feats(group::DEFAULT, "احمد");
        assert_eq!(a.hashes, b.hashes);
    }

    #[test]
    fn affixes_of_the_stem() {
        let a = feats(group::AFFIXES, "المغربية");
        // bias + 3 prefixes + 3 suffixes
        assert_eq!(a.hashes.len(), 7);
        assert_eq!(a.masks[1..], [HERE; 6]);
        let b = feats(group::AFFIXES, "مغربية");
        assert_eq!(a.hashes, b.hashes);
    }

    #[test]
    fn groups_parse() {
        assert_eq!(parse_groups("all"), Ok(group::DEFAULT));
        assert_eq!(parse_groups("-clusters"), Ok(group::DEFAULT & !group::CLUSTERS));
        assert_eq!(parse_groups("lex,shape"), Ok(group::LEX | group::SHAPE));
        assert!(parse_groups("nope").is_err());
    }
}

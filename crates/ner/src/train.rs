//! Training: an averaged structured perceptron (Collins 2002) with
//! first-order Viterbi under the BIO constraints.
//!
//! Deterministic: sentences are visited in an order drawn from `seed`,
//! weights are integers during training (averaging is exact), features get
//! ids in first-seen order, and the model file is written sorted.

use std::sync::Arc;
use std::time::Instant;

use marsad_text::Document;

use crate::conll::Sentence;
use crate::features::{pad_hash, FeatureBuf, LEXICAL, NOFF, OFFSETS, ROW};
use crate::hash::HashMap64;
use crate::model::{constrained, token_heads, viterbi, Clusters, Model, Parts, WordStats};
use crate::score::Scores;
use crate::{Error, ErrorKind, Tag, NTAGS};

/// How to train.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the visiting order.
    pub seed: u64,
    /// Feature groups ([`crate::features::group`] bits).
    pub groups: u32,
    /// Features seen fewer times in training are dropped.
    pub min_count: u32,
    /// Probability of hiding a training token's word-identity features
    /// (form, stem, bigrams) at each visit, so that the model learns to
    /// tag from clusters, affixes and context: words unseen in training.
    pub word_dropout: f64,
    /// Take the document-level votes from the model's own first pass (its
    /// weights without the vote features) instead of a context tagger;
    /// training documents get theirs from taggers trained on the other folds
    /// with the same options less the votes.
    pub self_votes: bool,
    /// Words whose word-local weights the model stores precomputed
    /// ([`Model::num_frequent`]): a speed-up, the tags are the same.
    pub frequent: Vec<String>,
    /// Consecutive training sentences read as one document for the
    /// document-level features (ANERcorp marks no article boundaries).
    pub doc_size: usize,
    /// Loss-augmented training: while training, every wrong tag's score is
    /// raised by this much (weights move by 1 per update), so that updates
    /// continue until the gold tags win by a margin.
    pub margin: f32,
    /// The margin's multiplier when the gold tag is part of a name and the
    /// wrong tag is O (a missed name costs more: recall is the weak side).
    pub miss_cost: f32,
    /// Free text stored in the model (how it was made).
    pub meta: String,
}

/// What a model is trained with besides the labelled data.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// Word clusters.
    pub clusters: Option<Clusters>,
    /// Corpus label statistics.
    pub stats: Option<WordStats>,
    /// A context-only tagger for document-level votes; it must have the
    /// same clusters, and no statistics or context tagger of its own.
    pub context: Option<Model>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            epochs: 12,
            seed: 1,
            groups: crate::features::group::DEFAULT,
            min_count: 1,
            word_dropout: 0.0,
            self_votes: false,
            frequent: Vec::new(),
            doc_size: 20,
            margin: 0.0,
            miss_cost: 1.0,
            meta: String::new(),
        }
    }
}

/// What one epoch did.
#[derive(Debug, Clone, PartialEq)]
pub struct Epoch {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Training sentences that were tagged wrong (and updated on).
    pub mistakes: usize,
    /// Micro exact-span F1 on the dev set with the averaged weights, if any.
    pub dev_f1: Option<f64>,
    /// Seconds since training started.
    pub seconds: f64,
}

/// What training did.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Per-epoch progress.
    pub epochs: Vec<Epoch>,
    /// Distinct features in the training data (after `min_count`).
    pub features: usize,
    /// Features with a non-zero weight in the model.
    pub kept_features: usize,
    /// Training tokens.
    pub tokens: usize,
}

struct Example {
    /// Feature ids and offset masks of each unit.
    ids: Vec<u32>,
    masks: Vec<u8>,
    starts: Vec<u32>,
    gold: Vec<usize>,
}

/// Trains a model on `train`; `dev`, when given, is scored after every epoch.
/// `progress` is called after each epoch.
pub fn train(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    resources: Resources,
    opts: &Options,
    mut progress: impl FnMut(&Epoch),
) -> Result<(Model, Report), Error> {
    let context = resources.context.map(Box::new);
    train_inner(
        train,
        dev,
        resources.clusters.map(Arc::new),
        resources.stats.map(Arc::new),
        context,
        opts,
        &mut progress,
    )
}

/// Folds of the training data whose document-level votes come from a
/// context tagger trained on the other folds (jackknifing), so that the
/// votes on training text are as good as on unseen text, not better.
const JACKKNIFE: usize = 5;

fn train_inner(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    clusters: Option<Arc<Clusters>>,
    stats: Option<Arc<WordStats>>,
    mut context: Option<Box<Model>>,
    opts: &Options,
    progress: &mut dyn FnMut(&Epoch),
) -> Result<(Model, Report), Error> {
    let bad = |reason: &str| Error::from(ErrorKind::BadOptions { reason: reason.to_string() });
    if train.is_empty() {
        return Err(bad("no training sentences"));
    }
    if opts.epochs == 0 {
        return Err(bad("epochs must be at least 1"));
    }
    let t0 = Instant::now();
    if let Some(c) = &context {
        if c.context().is_some() || c.stats().is_some() || c.clusters() != clusters.as_deref() {
            return Err(bad("the context tagger must have the same clusters and no statistics or context tagger"));
        }
    }
    if let Some(c) = &mut context {
        c.share_tables(clusters.clone(), stats.clone());
    }
    let mut groups = opts.groups;
    for (present, g) in [
        (clusters.is_some(), crate::features::group::CLUSTERS),
        (stats.is_some(), crate::features::group::STATS),
        (context.is_some() || opts.self_votes, crate::features::group::DOC),
    ] {
        if !present {
            groups &= !g;
        }
    }
    groups &= !crate::features::group::SELF_VOTES;
    if groups & crate::features::group::DOC == 0 || opts.self_votes {
        context = None; // not read: not embedded
    }
    let self_votes = opts.self_votes && groups & crate::features::group::DOC != 0;
    if self_votes {
        groups |= crate::features::group::SELF_VOTES;
    }
    let doc_size = if context.is_some() || self_votes { opts.doc_size.max(1) } else { 1 };
    let ex = crate::features::Extractor::new(groups, clusters.as_deref(), stats.as_deref());

    // Features of every training sentence, then ids for frequent ones.
    let items: Vec<Vec<&str>> = train.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    let texts: Vec<String> = items.iter().map(|t| t.join(" ")).collect();
    let docs: Vec<Document<'_>> = texts.iter().map(|t| Document::new(t)).collect();
    let heads: Vec<Vec<Option<usize>>> = docs.iter().zip(&items).map(|(d, t)| token_heads(d, t)).collect();
    let all_units: Vec<Vec<usize>> = heads.iter().map(|h| h.iter().flatten().copied().collect()).collect();
    let mut votes: Vec<Option<Vec<crate::model::DocVotes>>> = vec![None; train.len()];
    // The taggers whose votes the training documents get: the context
    // tagger's options, or this model's without the votes.
    let fold_groups = match context.as_deref() {
        Some(ctx) => Some(ctx.groups()),
        None if self_votes => Some(groups & !(crate::features::group::DOC | crate::features::group::SELF_VOTES)),
        None => None,
    };
    if let Some(fold_groups) = fold_groups.filter(|_| groups & crate::features::group::DOC != 0) {
        let fold_stats = if self_votes { stats.clone() } else { None };
        let blocks = train.len().div_ceil(doc_size);
        let fold_of = |k: usize| (k / doc_size) * JACKKNIFE / blocks;
        for f in 0..JACKKNIFE {
            let rest: Vec<Sentence> =
                train.iter().enumerate().filter(|&(k, _)| fold_of(k) != f).map(|(_, s)| s.clone()).collect();
            if rest.is_empty() || rest.len() == train.len() {
                continue;
            }
            let ctx_opts = Options {
                groups: fold_groups,
                word_dropout: if self_votes { opts.word_dropout } else { 0.0 },
                self_votes: false,
                frequent: Vec::new(),
                min_count: 1,
                doc_size: 1,
                meta: String::new(),
                ..opts.clone()
            };
            let (fold_ctx, _) =
                train_inner(&rest, None, clusters.clone(), fold_stats.clone(), None, &ctx_opts, &mut |_| {})?;
            for start in (0..train.len()).step_by(doc_size).filter(|&k| fold_of(k) == f) {
                let end = (start + doc_size).min(train.len());
                let seqs: Vec<(&Document<'_>, &[usize])> =
                    (start..end).map(|k| (&docs[k], all_units[k].as_slice())).collect();
                let tags: Vec<Vec<Tag>> = seqs.iter().map(|(d, u)| fold_ctx.tag_units(d, u)).collect();
                for (k, v) in crate::model::doc_votes(&seqs, &tags).into_iter().enumerate() {
                    votes[start + k] = Some(v);
                }
            }
        }
    }
    let mut raw: Vec<(FeatureBuf, Vec<usize>)> = Vec::with_capacity(train.len());
    let mut counts: HashMap64<u32> = HashMap64::default();
    let mut tokens = 0;
    for (k, s) in train.iter().enumerate() {
        let doc = &docs[k];
        let heads = &heads[k];
        let mut units = Vec::with_capacity(heads.len());
        let mut gold = Vec::with_capacity(heads.len());
        for (h, t) in heads.iter().zip(&s.tags) {
            if let Some(h) = h {
                units.push(*h);
                gold.push(t.index());
            }
        }
        // Keep the gold sequence well formed after dropping empty items.
        for i in 0..gold.len() {
            let prev = i.checked_sub(1).map(|p| Tag::from_index(gold[p]));
            if let Tag::I(l) = Tag::from_index(gold[i]) {
                if !Tag::I(l).may_follow(prev) {
                    gold[i] = Tag::B(l).index();
                }
            }
        }
        tokens += units.len();
        let mut buf = FeatureBuf::default();
        ex.extract_with(doc, &units, votes[k].as_deref(), &mut buf);
        for h in &buf.hashes {
            *counts.entry(*h).or_insert(0) += 1;
        }
        raw.push((buf, gold));
    }
    let mut ids: HashMap64<u32> = HashMap64::default();
    let mut hashes: Vec<u64> = Vec::new();
    let pad = pad_hash();
    ids.insert(pad, 0);
    hashes.push(pad);
    let examples: Vec<Example> = raw
        .into_iter()
        .map(|(buf, gold)| {
            let mut e = Example { ids: Vec::new(), masks: Vec::new(), starts: Vec::new(), gold };
            for j in 0..buf.len() {
                e.starts.push(e.ids.len() as u32);
                for k in buf.starts[j] as usize..buf.starts[j + 1] as usize {
                    let h = buf.hashes[k];
                    if counts.get(&h).copied().unwrap_or(0) < opts.min_count {
                        continue;
                    }
                    let id = *ids.entry(h).or_insert_with(|| {
                        hashes.push(h);
                        (hashes.len() - 1) as u32
                    });
                    e.ids.push(id);
                    e.masks.push(buf.masks[k]);
                }
            }
            e.starts.push(e.ids.len() as u32);
            e
        })
        .collect();
    drop(counts);

    let nfeat = hashes.len();
    let mut w = Weights::new(nfeat);
    let mut rng = SplitMix64(opts.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut report = Report { epochs: Vec::new(), features: nfeat, kept_features: 0, tokens };
    let mut em: Vec<[f32; NTAGS]> = Vec::new();
    let mut dropped: Vec<bool> = Vec::new();
    if !(0.0..1.0).contains(&opts.word_dropout) {
        return Err(bad("word dropout must be in [0, 1)"));
    }
    let threshold = (opts.word_dropout * (1u64 << 32) as f64) as u64;
    let meta = opts.meta.clone();
    let parts = |w: &Weights| Parts {
        groups,
        temperature: 1.0,
        meta: meta.clone(),
        trans: std::array::from_fn(|p| std::array::from_fn(|y| w.avg_trans(p * NTAGS + y))),
        start: std::array::from_fn(|y| w.avg_trans(NTAGS * NTAGS + y)),
        end: std::array::from_fn(|y| w.avg_trans(NTAGS * NTAGS + NTAGS + y)),
        clusters: clusters.clone(),
        stats: stats.clone(),
        context: context.clone(),
        doc_size: doc_size as u32,
        rows: hashes.iter().enumerate().map(|(f, &h)| (h, w.avg_row(f))).collect(),
    };
    for epoch in 1..=opts.epochs {
        // Fisher–Yates with the seeded generator.
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut mistakes = 0;
        for &k in &order {
            let e = &examples[k];
            dropped.clear();
            if threshold > 0 {
                dropped.extend(e.gold.iter().map(|_| (rng.next() >> 32) < threshold));
            } else {
                dropped.resize(e.gold.len(), false);
            }
            w.emissions(e, &dropped, &mut em);
            if opts.margin > 0.0 {
                augment(&mut em, &e.gold, opts.margin, opts.miss_cost);
            }
            let pred = w.decode(&em);
            if pred != e.gold {
                mistakes += 1;
                w.update(e, &dropped, &pred);
            }
            w.tick();
        }
        let dev_f1 = dev.map(|d| evaluate(&Model::from_parts(parts(&w)), d).micro().f1());
        let ep = Epoch { epoch, mistakes, dev_f1, seconds: t0.elapsed().as_secs_f64() };
        progress(&ep);
        report.epochs.push(ep);
    }
    let mut model = Model::from_parts(parts(&w));
    let calib = dev.unwrap_or(train);
    model.set_temperature(calibrate(&model, calib));
    model.precompute(&opts.frequent);
    report.kept_features = model.num_features();
    Ok((model, report))
}

/// Adds the cost of each wrong tag to its emission score (loss-augmented
/// decoding).
fn augment(em: &mut [[f32; NTAGS]], gold: &[usize], margin: f32, miss_cost: f32) {
    let o = Tag::O.index();
    for (row, &g) in em.iter_mut().zip(gold) {
        for (y, v) in row.iter_mut().enumerate() {
            if y != g {
                *v += if g != o && y == o { margin * miss_cost } else { margin };
            }
        }
    }
}

/// Scores `model` on gold sentences, read as documents of
/// [`Model::doc_size`] consecutive sentences.
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Scores {
    let mut sc = Scores::new(&[]);
    for block in gold.chunks(model.doc_size()) {
        let items: Vec<&[String]> = block.iter().map(|s| s.tokens.as_slice()).collect();
        for (s, tags) in block.iter().zip(model.tag_sentences(&items)) {
            sc.add(&s.tags, &tags);
        }
    }
    sc
}

/// The temperature that best predicts the gold tags from the max-marginals
/// (lowest mean negative log-likelihood over a geometric grid).
fn calibrate(model: &Model, gold: &[Sentence]) -> f32 {
    let mut seqs = Vec::new();
    let mut em = Vec::new();
    for s in gold.iter().take(2000) {
        let refs: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        let text = refs.join(" ");
        let doc = Document::new(&text);
        let heads = token_heads(&doc, &refs);
        let units: Vec<usize> = heads.iter().flatten().copied().collect();
        let gold: Vec<usize> = heads.iter().zip(&s.tags).filter(|(h, _)| h.is_some()).map(|(_, t)| t.index()).collect();
        model.emissions(&doc, &units, None, &[], &mut em);
        seqs.push((model.max_marginals(&em), gold));
    }
    let mut best = (f64::INFINITY, 1.0f32);
    for k in -8..=24 {
        let t = 2f32.powf(k as f32 / 2.0);
        let mut nll = 0f64;
        let mut n = 0usize;
        for (mm, gold) in &seqs {
            for (m, &g) in mm.iter().zip(gold) {
                let top = m.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let z: f32 = m.iter().map(|&v| ((v - top) / t).exp()).sum();
                let p = ((m[g] - top) / t).exp() / z;
                nll -= f64::from(p.max(1e-9)).ln();
                n += 1;
            }
        }
        let nll = nll / n.max(1) as f64;
        if nll < best.0 {
            best = (nll, t);
        }
    }
    best.1
}

/// Integer perceptron weights with the running sums for averaging:
/// the averaged weight is `w - u / c`.
struct Weights {
    w: Vec<i32>,
    u: Vec<i64>,
    tw: Vec<i32>,
    tu: Vec<i64>,
    c: i64,
}

const NTRANS: usize = NTAGS * NTAGS + 2 * NTAGS;

impl Weights {
    fn new(nfeat: usize) -> Weights {
        Weights { w: vec![0; nfeat * ROW], u: vec![0; nfeat * ROW], tw: vec![0; NTRANS], tu: vec![0; NTRANS], c: 1 }
    }

    fn tick(&mut self) {
        self.c += 1;
    }

    fn avg_row(&self, f: usize) -> [f32; ROW] {
        std::array::from_fn(|k| {
            let i = f * ROW + k;
            (self.w[i] as f64 - self.u[i] as f64 / self.c as f64) as f32
        })
    }

    fn avg_trans(&self, k: usize) -> f32 {
        (self.tw[k] as f64 - self.tu[k] as f64 / self.c as f64) as f32
    }

    #[allow(clippy::needless_range_loop)] // offsets index several arrays at once
    fn emissions(&self, e: &Example, dropped: &[bool], out: &mut Vec<[f32; NTAGS]>) {
        let n = e.gold.len();
        let mut acc = vec![[[0i32; NTAGS]; NOFF]; n];
        for (j, a) in acc.iter_mut().enumerate() {
            for k in e.starts[j] as usize..e.starts[j + 1] as usize {
                if dropped[j] && e.masks[k] & LEXICAL != 0 {
                    continue;
                }
                let base = e.ids[k] as usize * ROW;
                let mut mask = e.masks[k] & OFFSETS;
                while mask != 0 {
                    let o = mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    let row = &self.w[base + o * NTAGS..base + (o + 1) * NTAGS];
                    for y in 0..NTAGS {
                        a[o][y] += row[y];
                    }
                }
            }
        }
        out.clear();
        for i in 0..n {
            let mut s = [0f32; NTAGS];
            for o in 0..NOFF {
                let j = i as isize + o as isize - 2;
                for y in 0..NTAGS {
                    s[y] += if j < 0 || j >= n as isize {
                        self.w[o * NTAGS + y] as f32 // the padding feature is id 0
                    } else {
                        acc[j as usize][o][y] as f32
                    };
                }
            }
            out.push(s);
        }
    }

    fn decode(&self, em: &[[f32; NTAGS]]) -> Vec<usize> {
        let t = |k: usize| self.tw[k] as f32;
        let trans: [[f32; NTAGS]; NTAGS] = std::array::from_fn(|p| std::array::from_fn(|y| t(p * NTAGS + y)));
        let start: [f32; NTAGS] = std::array::from_fn(|y| t(NTAGS * NTAGS + y));
        let end: [f32; NTAGS] = std::array::from_fn(|y| t(NTAGS * NTAGS + NTAGS + y));
        let (trans, start) = constrained(&trans, &start);
        viterbi(em, &trans, &start, &end)
    }

    #[inline]
    fn bump(w: &mut [i32], u: &mut [i64], c: i64, i: usize, d: i32) {
        w[i] += d;
        u[i] += c * i64::from(d);
    }

    fn update(&mut self, e: &Example, dropped: &[bool], pred: &[usize]) {
        let n = e.gold.len();
        let c = self.c;
        for i in 0..n {
            let (g, p) = (e.gold[i], pred[i]);
            if g != p {
                for o in 0..NOFF {
                    let j = i as isize + o as isize - 2;
                    if j < 0 || j >= n as isize {
                        Self::bump(&mut self.w, &mut self.u, c, o * NTAGS + g, 1);
                        Self::bump(&mut self.w, &mut self.u, c, o * NTAGS + p, -1);
                        continue;
                    }
                    let j = j as usize;
                    for k in e.starts[j] as usize..e.starts[j + 1] as usize {
                        if e.masks[k] & (1 << o) == 0 || (dropped[j] && e.masks[k] & LEXICAL != 0) {
                            continue;
                        }
                        let base = e.ids[k] as usize * ROW + o * NTAGS;
                        Self::bump(&mut self.w, &mut self.u, c, base + g, 1);
                        Self::bump(&mut self.w, &mut self.u, c, base + p, -1);
                    }
                }
            }
            let (tg, tp) = if i == 0 {
                (NTAGS * NTAGS + g, NTAGS * NTAGS + p)
            } else {
                (e.gold[i - 1] * NTAGS + g, pred[i - 1] * NTAGS + p)
            };
            if tg != tp {
                Self::bump(&mut self.tw, &mut self.tu, c, tg, 1);
                Self::bump(&mut self.tw, &mut self.tu, c, tp, -1);
            }
        }
        if n > 0 {
            let (g, p) = (e.gold[n - 1], pred[n - 1]);
            if g != p {
                Self::bump(&mut self.tw, &mut self.tu, c, NTAGS * NTAGS + NTAGS + g, 1);
                Self::bump(&mut self.tw, &mut self.tu, c, NTAGS * NTAGS + NTAGS + p, -1);
            }
        }
    }
}

/// SplitMix64: a small, portable, seeded generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorKind, Label};
    use std::path::Path;

    /// A tiny synthetic corpus: "قال X Y في Z" patterns.
    fn corpus() -> Vec<Sentence> {
        let text = "\
قال O\nالرئيس O\nماكرون B-PERS\nفي O\nباريس B-LOC\n\n\
وصل O\nبوتين B-PERS\nإلى O\nموسكو B-LOC\n\n\
قال O\nأحمد B-PERS\nعلي I-PERS\nفي O\nالقاهرة B-LOC\n\n\
أعلنت O\nالأمم B-ORG\nالمتحدة I-ORG\nفي O\nجنيف B-LOC\n\n\
قال O\nالمتحدث O\nباسم O\nالأمم B-ORG\nالمتحدة I-ORG\n\n\
زار O\nماكرون B-PERS\nموسكو B-LOC\n\n";
        crate::conll::parse(text, Path::new("synthetic")).unwrap()
    }

    fn opts(seed: u64) -> Options {
        Options { epochs: 5, seed, meta: "test".into(), ..Options::default() }
    }

    #[test]
    fn learns_the_training_data() {
        let data = corpus();
        let (m, report) = train(&data, None, Resources::default(), &opts(7), |_| {}).unwrap();
        assert_eq!(report.epochs.len(), 5);
        assert!(evaluate(&m, &data).micro().f1() > 99.0);
        assert!(m.temperature() > 0.0);
    }

    #[test]
    fn deterministic_with_a_seed() {
        let data = corpus();
        let a = train(&data, Some(&data[..2]), Resources::default(), &opts(3), |_| {}).unwrap().0.to_bytes();
        let b = train(&data, Some(&data[..2]), Resources::default(), &opts(3), |_| {}).unwrap().0.to_bytes();
        assert_eq!(a, b);
    }

    #[test]
    fn trained_model_round_trips_and_tags_spans() {
        let data = corpus();
        let c = Clusters::new(vec![
            ("باريس".into(), vec![0, 1]),
            ("موسكو".into(), vec![0, 1]),
            ("جنيف".into(), vec![0, 1]),
        ])
        .unwrap();
        let (m, _) =
            train(&data, None, Resources { clusters: Some(c), ..Resources::default() }, &opts(1), |_| {}).unwrap();
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert!(back == m, "{}", m.first_difference(&back));
        assert_eq!(back.to_bytes(), bytes);
        let doc = Document::new("قال ماكرون في باريس.");
        let spans = back.tag_document(&doc);
        let got: Vec<_> = spans.iter().map(|s| (doc.text(&doc.tokens()[s.token_start]), s.label)).collect();
        assert_eq!(got, vec![("ماكرون", Label::Pers), ("باريس", Label::Loc)]);
        assert!(spans.iter().all(|s| s.score > 0.0 && s.score <= 1.0));
    }

    #[test]
    fn document_level_votes_with_a_context_tagger() {
        let data = corpus();
        let clusters = || {
            let words = ["ماكرون", "بوتين", "باريس", "موسكو", "جنيف", "القاهرة"];
            Clusters::new(words.iter().enumerate().map(|(i, w)| (w.to_string(), vec![i as u16 / 2])).collect()).unwrap()
        };
        let ctx_opts = Options {
            groups: crate::features::parse_groups("-lex,-bigrams,-affixes,-stats,-names").unwrap(),
            ..opts(5)
        };
        let res = Resources { clusters: Some(clusters()), ..Resources::default() };
        let (ctx, _) = train(&data, None, res, &ctx_opts, |_| {}).unwrap();
        let run = || {
            let res = Resources { clusters: Some(clusters()), stats: None, context: Some(ctx.clone()) };
            train(&data, Some(&data[..2]), res, &Options { doc_size: 3, ..opts(5) }, |_| {}).unwrap().0
        };
        let m = run();
        assert_eq!(m.doc_size(), 3);
        assert!(m.context().is_some());
        let bytes = m.to_bytes();
        assert_eq!(bytes, run().to_bytes(), "deterministic with the jackknifed context tagger");
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.to_bytes(), bytes);
        assert!(evaluate(&back, &data).micro().f1() > 90.0);
        // A context tagger with other clusters is refused.
        let res = Resources { clusters: None, stats: None, context: Some(ctx) };
        let e = train(&data, None, res, &opts(5), |_| {}).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::BadOptions { .. }));
    }

    #[test]
    fn precomputed_words_change_nothing_but_speed() {
        let data = corpus();
        let plain = train(&data, None, Resources::default(), &opts(2), |_| {}).unwrap().0;
        let words: Vec<String> = ["قال", "في", "ماكرون", "موسكو", "."].iter().map(|w| w.to_string()).collect();
        let o = Options { frequent: words, ..opts(2) };
        let fast = train(&data, None, Resources::default(), &o, |_| {}).unwrap().0;
        assert_eq!(fast.num_frequent(), 5);
        let back = Model::from_bytes(&fast.to_bytes()).unwrap();
        assert_eq!(back, fast);
        assert_eq!(back.to_bytes(), fast.to_bytes());
        for s in &data {
            assert_eq!(plain.tag_tokens(&s.tokens.iter().map(String::as_str).collect::<Vec<_>>()), {
                back.tag_tokens(&s.tokens.iter().map(String::as_str).collect::<Vec<_>>())
            });
        }
    }

    #[test]
    fn self_votes_need_no_context_tagger() {
        let data = corpus();
        let run = || {
            let o = Options { doc_size: 3, self_votes: true, ..opts(5) };
            train(&data, Some(&data[..2]), Resources::default(), &o, |_| {}).unwrap().0
        };
        let m = run();
        assert!(m.context().is_none());
        assert_ne!(m.groups() & crate::features::group::SELF_VOTES, 0);
        let bytes = m.to_bytes();
        assert_eq!(bytes, run().to_bytes(), "deterministic with the jackknifed votes");
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, m);
        assert!(evaluate(&back, &data).micro().f1() > 90.0);
    }

    #[test]
    fn loss_augmented_training_learns() {
        let data = corpus();
        let o = Options { margin: 50.0, miss_cost: 2.0, ..opts(4) };
        let (m, _) = train(&data, None, Resources::default(), &o, |_| {}).unwrap();
        assert!(evaluate(&m, &data).micro().f1() > 99.0);
        let mut em = vec![[0f32; NTAGS]; 2];
        augment(&mut em, &[Tag::O.index(), Tag::B(Label::Pers).index()], 3.0, 2.0);
        assert_eq!(em[0][Tag::O.index()], 0.0);
        assert_eq!(em[0][Tag::B(Label::Loc).index()], 3.0);
        assert_eq!(em[1][Tag::O.index()], 6.0);
        assert_eq!(em[1][Tag::B(Label::Pers).index()], 0.0);
    }

    #[test]
    fn bad_options_are_typed_errors() {
        let e = train(&[], None, Resources::default(), &Options::default(), |_| {}).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::BadOptions { .. }));
        let e = train(&corpus(), None, Resources::default(), &Options { epochs: 0, ..Options::default() }, |_| {})
            .unwrap_err();
        assert!(matches!(e.kind, ErrorKind::BadOptions { .. }));
    }
}

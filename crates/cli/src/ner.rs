//! `marsad train ner` and `marsad eval ner`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use marsad_ner::conll::{self, Sentence};
use marsad_ner::features::parse_groups;
use marsad_ner::{token_heads, train, Clusters, Label, Model, Tag, WordStats};
use marsad_text::Document;

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Training data: `token TAG` lines, a blank line between sentences.
    #[arg(long)]
    train: PathBuf,
    /// Development data, scored after every epoch.
    #[arg(long, conflicts_with = "dev_fraction")]
    dev: Option<PathBuf>,
    /// Hold out this fraction of the training sentences (the last ones) as
    /// the development set; 0 trains on everything.
    #[arg(long, default_value_t = 0.1)]
    dev_fraction: f64,
    /// Passes over the training data.
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// Seed of the order in which sentences are visited.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Word clusters, `form<TAB>fine<TAB>mid<TAB>coarse` (scripts/build-clusters.py).
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// Corpus label statistics, `form<TAB>n<TAB>pers<TAB>loc<TAB>org<TAB>misc`
    /// (scripts/train-ner.sh makes them with the `corpus_stats` example).
    #[arg(long)]
    stats: Option<PathBuf>,
    /// A context-only tagger (trained with `--features=-lex,-bigrams,-affixes,-stats`
    /// and the same clusters) whose votes over a document become features
    /// and which is embedded in the model.
    #[arg(long)]
    context: Option<PathBuf>,
    /// Consecutive training sentences read as one document for the
    /// document-level features.
    #[arg(long, default_value_t = 20)]
    doc_size: usize,
    /// Feature groups: `all`, or a list such as `-bigrams,-clusters` or
    /// `lex,shape` (lex, clitics, affixes, shape, gazetteer, names, clusters, bigrams,
    /// stats, conjunctions, doc, kb, chars).
    #[arg(long, default_value = "all")]
    features: String,
    /// Drop features seen fewer times than this in the training data.
    #[arg(long, default_value_t = 1)]
    min_count: u32,
    /// Probability of hiding a token's word-identity features at each
    /// training visit (teaches the model to tag unseen words).
    #[arg(long, default_value_t = 0.0)]
    word_dropout: f64,
    /// Loss-augmented training: raise every wrong tag's score by this much
    /// while training (0: the plain perceptron).
    #[arg(long, default_value_t = 0.0)]
    margin: f32,
    /// The margin's multiplier for tagging O a word of a name.
    #[arg(long, default_value_t = 1.0)]
    miss_cost: f32,
    /// Take the document-level votes from the model's own first pass
    /// instead of a `--context` tagger.
    #[arg(long)]
    self_votes: bool,
    /// Word counts (`word<TAB>count`, e.g. data/lexicon/words.tsv): the
    /// model stores the word-local weights of the `--frequent-top` most
    /// frequent words, and of every item seen 3 times in the training data,
    /// precomputed (faster tagging, same tags).
    #[arg(long)]
    frequent: Option<PathBuf>,
    /// How many words of `--frequent` to precompute.
    #[arg(long, default_value_t = 20000)]
    frequent_top: usize,
    /// Where to write the model.
    #[arg(long)]
    out: PathBuf,
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Gold data: `token TAG` lines, a blank line between sentences.
    #[arg(long)]
    gold: PathBuf,
    /// Score only these entity types, e.g. PERS,LOC,ORG (default: all four).
    #[arg(long, value_delimiter = ',')]
    types: Vec<Label>,
    /// Write the predicted tags here, in the same format.
    #[arg(long)]
    predict: Option<PathBuf>,
    /// Model file (default: the model built into marsad).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Read this many consecutive sentences as one document, so that a
    /// name's other mentions count as evidence (default: the size the model
    /// was trained with; 1 tags sentence by sentence).
    #[arg(long)]
    doc_size: Option<usize>,
}

fn read_gold(path: &Path) -> Result<Vec<Sentence>> {
    let s = conll::read(path)?;
    if s.is_empty() {
        bail!("{}: no sentences", path.display());
    }
    Ok(s)
}

/// The `top` most frequent words of a `word<TAB>count` file, then every
/// item seen at least 3 times in the training data (punctuation, numbers).
fn frequent_words(path: &Path, top: usize, train: &[Sentence]) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut counted: Vec<(u64, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty() && !l.starts_with('#')) {
        let (w, n) =
            line.split_once('\t').with_context(|| format!("{}:{}: expected word<TAB>count", path.display(), i + 1))?;
        let n: u64 = n.trim().parse().with_context(|| format!("{}:{}: bad count {n:?}", path.display(), i + 1))?;
        counted.push((n, w));
    }
    counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut words: Vec<String> = counted.iter().take(top).map(|(_, w)| w.to_string()).collect();
    let mut items: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for t in train.iter().flat_map(|s| &s.tokens) {
        *items.entry(t.as_str()).or_insert(0) += 1;
    }
    words.extend(items.into_iter().filter(|&(_, n)| n >= 3).map(|(w, _)| w.to_string()));
    Ok(words)
}

pub fn run_train(args: TrainArgs) -> Result<ExitCode> {
    let mut train_set = read_gold(&args.train)?;
    let dev_set = match &args.dev {
        Some(p) => Some(read_gold(p)?),
        None if args.dev_fraction != 0.0 => {
            if !(0.0..1.0).contains(&args.dev_fraction) {
                bail!("--dev-fraction must be in [0, 1)");
            }
            let keep = ((train_set.len() as f64) * (1.0 - args.dev_fraction)).round() as usize;
            let keep = keep.clamp(1, train_set.len());
            Some(train_set.split_off(keep))
        }
        None => None,
    }
    .filter(|d| !d.is_empty());
    let clusters = match &args.clusters {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            Some(Clusters::from_tsv(&text, p)?)
        }
        None => None,
    };
    let stats = match &args.stats {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            Some(WordStats::from_tsv(&text, p)?)
        }
        None => None,
    };
    let frequent = match &args.frequent {
        Some(p) => frequent_words(p, args.frequent_top, &train_set)?,
        None => Vec::new(),
    };
    let context = match &args.context {
        Some(p) => Some(Model::load(p).with_context(|| format!("loading the context tagger {}", p.display()))?),
        None => None,
    };
    let groups = parse_groups(&args.features).map_err(anyhow::Error::msg).context("--features")?;
    let name = |p: &PathBuf| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into());
    let meta = format!(
        "marsad train ner --train {} {} --epochs {} --seed {} --features {} --min-count {} --word-dropout {}{}{}{}{}{}; {} sentences",
        name(&args.train),
        match &args.dev {
            Some(d) => format!("--dev {}", name(d)),
            None => format!("--dev-fraction {}", args.dev_fraction),
        },
        args.epochs,
        args.seed,
        args.features,
        args.min_count,
        args.word_dropout,
        if args.margin > 0.0 { format!(" --margin {} --miss-cost {}", args.margin, args.miss_cost) } else { String::new() },
        match (&args.clusters, &clusters) {
            (Some(p), Some(c)) => format!(" --clusters {} ({} words)", name(p), c.len()),
            _ => String::new(),
        },
        match (&args.stats, &stats) {
            (Some(p), Some(s)) => format!(" --stats {} ({} words)", name(p), s.len()),
            _ => String::new(),
        },
        match &args.context {
            Some(p) => format!(" --context {} --doc-size {}", name(p), args.doc_size),
            None => String::new(),
        },
        if args.self_votes { format!(" --self-votes --doc-size {}", args.doc_size) } else { String::new() },
        train_set.len()
    );
    eprintln!(
        "training on {} sentences{}",
        train_set.len(),
        dev_set.as_ref().map_or(String::new(), |d| format!(", dev {} sentences", d.len()))
    );
    let opts = train::Options {
        epochs: args.epochs,
        seed: args.seed,
        groups,
        min_count: args.min_count,
        word_dropout: args.word_dropout,
        self_votes: args.self_votes,
        frequent,
        doc_size: args.doc_size,
        margin: args.margin,
        miss_cost: args.miss_cost,
        meta,
    };
    let (model, report) =
        train::train(&train_set, dev_set.as_deref(), train::Resources { clusters, stats, context }, &opts, |e| {
            let dev = e.dev_f1.map_or(String::new(), |f| format!(" dev_f1={f:.2}"));
            eprintln!("epoch {:>2}: {} mistakes{dev} ({:.1}s)", e.epoch, e.mistakes, e.seconds);
        })?;
    model.save(&args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote {}: {} bytes, {} features ({} seen), {} tokens, temperature {:.3}, {} words precomputed",
        args.out.display(),
        size,
        report.kept_features,
        report.features,
        report.tokens,
        model.temperature(),
        model.num_frequent()
    );
    if let Some(last) = report.epochs.last() {
        println!("trained in {:.1}s", last.seconds);
        if let Some(f) = last.dev_f1 {
            println!("dev_f1={f:.2}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_eval(args: EvalArgs) -> Result<ExitCode> {
    let gold = read_gold(&args.gold)?;
    let loaded;
    let model = match &args.model {
        Some(p) => {
            loaded = Model::load(p)?;
            &loaded
        }
        None => Model::embedded(),
    };
    // Warm the lexicon so its one-time load is not timed.
    let _ = Document::new("تهيئة");
    let mut scores = marsad_ner::score::Scores::new(&args.types);
    let mut predicted: Vec<Vec<Tag>> = Vec::with_capacity(gold.len());
    let (mut t_core, mut t_tag) = (0f64, 0f64);
    let mut tokens = 0usize;
    let doc_size = args.doc_size.unwrap_or(model.doc_size()).max(1);
    for block in gold.chunks(doc_size) {
        let t0 = Instant::now();
        let items: Vec<Vec<&str>> = block.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
        let texts: Vec<String> = items.iter().map(|t| t.join(" ")).collect();
        let docs: Vec<Document<'_>> = texts.iter().map(|t| Document::new(t)).collect();
        let heads: Vec<Vec<Option<usize>>> = docs.iter().zip(&items).map(|(d, t)| token_heads(d, t)).collect();
        let units: Vec<Vec<usize>> = heads.iter().map(|h| h.iter().flatten().copied().collect()).collect();
        let seqs: Vec<(&Document<'_>, &[usize])> = docs.iter().zip(&units).map(|(d, u)| (d, u.as_slice())).collect();
        let t1 = Instant::now();
        let tagged = model.tag_sequences(&seqs);
        t_tag += t1.elapsed().as_secs_f64();
        t_core += (t1 - t0).as_secs_f64();
        for ((s, heads), tags) in block.iter().zip(&heads).zip(tagged) {
            tokens += tags.len();
            let mut it = tags.into_iter();
            let tags: Vec<Tag> =
                heads.iter().map(|h| if h.is_some() { it.next().unwrap_or(Tag::O) } else { Tag::O }).collect();
            scores.add(&s.tags, &tags);
            predicted.push(tags);
        }
    }
    if let Some(out) = &args.predict {
        let rows: Vec<(Vec<&str>, Vec<Tag>)> = gold
            .iter()
            .zip(&predicted)
            .map(|(s, p)| (s.tokens.iter().map(String::as_str).collect(), p.clone()))
            .collect();
        std::fs::write(out, conll::format(&rows)).with_context(|| format!("writing {}", out.display()))?;
    }
    let rate = |secs: f64| if secs > 0.0 { tokens as f64 / secs } else { 0.0 };
    println!(
        "{} sentences ({} per document), {} tokens; tagging {:.0} tokens/s (features + Viterbi, {:.3}s), {:.0} tokens/s with the text core ({:.3}s)",
        gold.len(),
        doc_size,
        tokens,
        rate(t_tag),
        t_tag,
        rate(t_tag + t_core),
        t_tag + t_core
    );
    print!("{}", scores.report());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "\
قال O\nالرئيس O\nماكرون B-PERS\nفي O\nباريس B-LOC\n\n\
وصل O\nبوتين B-PERS\nإلى O\nموسكو B-LOC\n\n\
أعلنت O\nالأمم B-ORG\nالمتحدة I-ORG\nفي O\nجنيف B-LOC\n\n\
زار O\nماكرون B-PERS\nموسكو B-LOC\n\n";

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("marsad-ner-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn train_args(dir: &Path, out: &str) -> TrainArgs {
        TrainArgs {
            train: dir.join("gold.txt"),
            dev: None,
            dev_fraction: 0.0,
            epochs: 4,
            seed: 3,
            clusters: None,
            stats: None,
            context: None,
            doc_size: 20,
            features: "all".into(),
            min_count: 1,
            word_dropout: 0.0,
            margin: 0.0,
            miss_cost: 1.0,
            self_votes: true,
            frequent: None,
            frequent_top: 0,
            out: dir.join(out),
        }
    }

    #[test]
    fn train_then_eval_round_trip() {
        let dir = temp_dir("train");
        std::fs::write(dir.join("gold.txt"), TINY).unwrap();
        run_train(train_args(&dir, "a.bin")).unwrap();
        run_train(train_args(&dir, "b.bin")).unwrap();
        let a = std::fs::read(dir.join("a.bin")).unwrap();
        assert_eq!(a, std::fs::read(dir.join("b.bin")).unwrap(), "same seed, same bytes");
        let eval = EvalArgs {
            gold: dir.join("gold.txt"),
            types: vec![Label::Pers, Label::Loc],
            predict: Some(dir.join("pred.txt")),
            model: Some(dir.join("a.bin")),
            doc_size: None,
        };
        run_eval(eval).unwrap();
        let pred = conll::read(&dir.join("pred.txt")).unwrap();
        let gold = conll::read(&dir.join("gold.txt")).unwrap();
        assert_eq!(pred.len(), gold.len());
        assert_eq!(pred[0].tokens, gold[0].tokens);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_inputs_are_errors() {
        let dir = temp_dir("bad");
        std::fs::write(dir.join("gold.txt"), "قال\n").unwrap();
        let e = run_train(train_args(&dir, "m.bin")).unwrap_err();
        assert!(format!("{e:#}").contains("gold.txt:1"), "{e:#}");
        std::fs::write(dir.join("gold.txt"), TINY).unwrap();
        std::fs::write(dir.join("bad.bin"), b"not a model").unwrap();
        let eval = EvalArgs {
            gold: dir.join("gold.txt"),
            types: vec![],
            predict: None,
            model: Some(dir.join("bad.bin")),
            doc_size: None,
        };
        let e = run_eval(eval).unwrap_err();
        assert!(format!("{e:#}").contains("bad magic"), "{e:#}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#!/usr/bin/env bash
# Retrains the named-entity recognizer shipped in data/ner/model.bin.
#
#   scripts/train-ner.sh                 # the shipped model: all of ANERcorp train
#   scripts/train-ner.sh --dev FILE --out target/ner/dev-model.bin   # tuning run
#
# Options: --train FILE (default ../shared ANERcorp CAMeL train split),
# --dev FILE (scored after every epoch; default none), --out MODEL (default
# data/ner/model.bin), --work DIR (intermediate files; default target/ner).
# Environment: NER_EPOCHS (16), NER_CONTEXT_EPOCHS (15), NER_SEED (1),
# NER_WORD_DROPOUT (0.1), NER_MARGIN (1000: loss-augmented training of the
# recognizer, 0 for the plain perceptron), NER_STATS_MIN (3), NER_DOC_SIZE (50), NER_FEATURES
# (all; e.g. -doc for an ablation), NER_VOTES (self: the document-level votes
# come from the recognizer's own first pass; context: from the embedded
# context-only tagger), NER_TEXTS (the corpus as plain text, made
# when missing), NER_CLUSTERS (a clusters file to use instead of building
# one), PYTHON (python3 for the venv).
#
# Steps (about 17 minutes on 2 cores, 14 of them the clusters, which are
# kept in the work directory and reused):
#   1. word clusters from the ANT news corpus (scripts/build-clusters.py, in
#      a venv with numpy, scipy, scikit-learn and gensim under target/ner-venv);
#   2. a context-only tagger (no word-identity features) trained on the
#      training data tags the ANT corpus; for every word form the share of
#      its occurrences tagged PERS, LOC, ORG, MISC becomes a feature
#      (corpus label statistics; the `corpus_stats` example);
#   3. the recognizer: all features (knowledge-base marks included),
#      clusters and statistics, and document-level votes (how a name's other
#      mentions in the same document were tagged; training text is read as
#      documents of NER_DOC_SIZE consecutive sentences, the votes on it come
#      from taggers trained on the other folds). The word-local weights of
#      the 20,000 most frequent words of data/lexicon/words.tsv (and of every
#      item seen 3 times in the training data) are stored precomputed, so
#      that tagging starts with a warm word cache (same tags, faster).
#
# Deterministic for a given seed. Needs ../shared/data (not part of the
# project); skips cleanly without it. CI never runs this.
set -euo pipefail
cd "$(dirname "$0")/.."

anercorp=../shared/data/ner/anercorp
corpus=../shared/data/news/ant_multisource_v2.1.jsonl.gz
train=$anercorp/ANERCorp_CamelLab_train.txt
dev=
out=data/ner/model.bin
work=target/ner
while [ $# -gt 0 ]; do
    case $1 in
        --train) train=$2; shift 2 ;;
        --dev) dev=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        *) echo "usage: $0 [--train FILE] [--dev FILE] [--out MODEL] [--work DIR]" >&2; exit 2 ;;
    esac
done
epochs=${NER_EPOCHS:-16}
context_epochs=${NER_CONTEXT_EPOCHS:-15}
seed=${NER_SEED:-1}
dropout=${NER_WORD_DROPOUT:-0.1}
margin=${NER_MARGIN:-1000}
stats_min=${NER_STATS_MIN:-3}
doc_size=${NER_DOC_SIZE:-50}
features=${NER_FEATURES:-all}
votes=${NER_VOTES:-self}
for f in "$train" "$corpus"; do
    if [ ! -f "$f" ]; then
        echo "skip: $f not found (the corpora live in ../shared/data, outside the project)"
        exit 0
    fi
done
mkdir -p "$work"
log() { echo "[train-ner $(date +%H:%M:%S)] $*" >&2; }

cargo build --release -q
cargo build --release -q -p marsad-ner --example corpus_stats --example dump_forms
marsad=target/release/marsad

# 1. Clusters.
clusters=${NER_CLUSTERS:-$work/clusters.tsv}
if [ ! -s "$clusters" ]; then
    venv=target/ner-venv
    if [ ! -x "$venv/bin/python" ]; then
        log "making $venv (numpy, scipy, scikit-learn, gensim)"
        "${PYTHON:-python3}" -m venv "$venv"
        "$venv/bin/pip" install -q numpy scipy scikit-learn gensim
    fi
    log "building word clusters"
    "$venv/bin/python" scripts/build-clusters.py "$corpus" "$clusters"
fi

# 2. Corpus label statistics from a context-only tagger.
texts=${NER_TEXTS:-$work/ant-texts.txt}
if [ ! -s "$texts" ]; then
    log "extracting the corpus texts"
    "${PYTHON:-python3}" - "$corpus" "$texts" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as w:
    for n, line in enumerate(f):
        t = json.loads(line).get("text") or ""
        if n:
            w.write("\n\x1e\n")
        w.write(t.replace("\x1e", " ").replace("\x1f", " "))
PY
fi
devargs=(--dev-fraction 0)
if [ -n "$dev" ]; then devargs=(--dev "$dev"); fi
log "stage 1: context-only tagger"
$marsad train ner --train "$train" "${devargs[@]}" --clusters "$clusters" \
    --features=-lex,-bigrams,-affixes,-stats,-kb,-chars,-names \
    --epochs "$context_epochs" --seed "$seed" --out "$work/context.bin"
log "tagging the corpus"
target/release/examples/corpus_stats "$work/context.bin" "$stats_min" <"$texts" >"$work/stats.tsv"

# 3. The recognizer.
log "stage 2: the recognizer"
voteargs=(--self-votes)
if [ "$votes" = context ]; then voteargs=(--context "$work/context.bin"); fi
$marsad train ner --train "$train" "${devargs[@]}" --clusters "$clusters" --stats "$work/stats.tsv" \
    "${voteargs[@]}" --doc-size "$doc_size" --features="$features" \
    --word-dropout "$dropout" --margin "$margin" --epochs "$epochs" --seed "$seed" \
    --frequent data/lexicon/words.tsv --out "$out"
log "done: $out"

"""marsad on Apache Spark: analyse articles on a cluster and write Parquet tables.

    python -m marsad.spark INPUT... --output OUT [--format jsonl|parquet] [--master local[4]]
    spark-submit --master yarn ... spark/marsad_job.py INPUT... --output OUT

Reads articles as JSON lines (plain or gzipped, one article per line, the
fields `marsad analyze --jsonl` reads) or Parquet (columns of those names),
analyses them inside `mapInArrow` with the Rust core (one Python worker per
core, each with its own analyzer), and writes under OUT, each table
partitioned by `day=YYYY-MM-DD`:

- `articles`: metadata, text, the analysis JSON (exactly what `marsad
  analyze` prints) and its actors, events and quotes as nested lists;
- `mentions`: every article's events, with GDELT mention columns;
- `events`: the events merged across articles (same day, PLOVER type and
  country-level sides, as the store merges them, but on the exact day),
  with GDELT event columns;
- `actors`: every article's actors; `quotes`: every article's quotes;
- `errors` (JSON lines, not partitioned): records that could not be used,
  each naming its file and id.

`marsad ingest --parquet OUT` loads the articles into a store for search
and the web interface. docs/spark.md has the cluster set-up.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from typing import TYPE_CHECKING, Iterator, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame, SparkSession

# Rows handed to the analyzer at a time: bounds a worker's memory (an
# article's nested analysis is some ten times its text).
CHUNK = 256
# Input fields passed on from Parquet input (the JSON-lines reader's names
# and the ANT corpus aliases).
FIELDS = ("id", "docno", "text", "published", "date", "outlet", "src", "title", "url")
TABLES = ("articles", "mentions", "events", "actors", "quotes")


def _analyse(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
    """The mapInArrow function: JSON lines in, the articles table out."""
    import pyarrow as pa

    import marsad

    analyzer = marsad.default_analyzer()
    for batch in batches:
        lines = batch.column("value").to_pylist()
        places = [p or "input" for p in batch.column("place").to_pylist()]
        for start in range(0, len(lines), CHUNK):
            end = start + CHUNK
            yield pa.record_batch(analyzer.analyze_lines(lines[start:end], places=places[start:end], threads=1))


def read_lines(spark: "SparkSession", inputs: Sequence[str], fmt: str) -> "DataFrame":
    """The input as JSON lines (`value`) with the file each came from (`place`)."""
    from pyspark.sql import functions as F

    if fmt == "parquet":
        df = spark.read.parquet(*inputs)
        cols = [c for c in df.columns if c in FIELDS]
        if "text" not in cols:
            raise SystemExit(f"marsad: the Parquet input has no `text` column (columns: {', '.join(df.columns)})")
        return df.select(F.to_json(F.struct(*cols)).alias("value"), F.col("_metadata.file_path").alias("place"))
    df = spark.read.text(list(inputs))
    return df.select("value", F.col("_metadata.file_path").alias("place")).where(F.trim("value") != "")


def analyse(spark: "SparkSession", inputs: Sequence[str], fmt: str = "jsonl", partitions: int | None = None) -> "DataFrame":
    """The articles table of `inputs` (lazy): one row per article, failed
    records with `error` set."""
    import marsad
    from pyspark.sql.pandas.types import from_arrow_schema

    lines = read_lines(spark, inputs, fmt)
    # Plain JSON lines are split into tasks as they are read (the session
    # reads 8 MB per task, some 2,000 articles); a gzipped file is one
    # partition, spread over the cores by a shuffle. Several tasks per core
    # even out articles of unequal length.
    have = lines.rdd.getNumPartitions()
    wanted = partitions or (have if have >= spark.sparkContext.defaultParallelism else 2 * spark.sparkContext.defaultParallelism)
    if wanted != have:
        lines = lines.repartition(wanted)
    return lines.mapInArrow(_analyse, from_arrow_schema(marsad.articles_schema()))


def tables(articles: "DataFrame", added: int) -> dict[str, "DataFrame"]:
    """The mentions, events, actors and quotes tables of an articles table."""
    from pyspark.sql import functions as F

    meta = [F.col("id").alias("article"), "outlet", "url", "published", "chars", F.col("day").alias("_published")]
    m = (
        articles.select(*meta, F.explode("events").alias("e"))
        .select("article", "outlet", "url", "published", "chars", "_published", "e.*")
        .withColumnRenamed("day", "event_day")
    )
    # The store's merge key on the exact day; an event without a day or
    # without either side stays its article's own.
    keyed = (F.col("event_day").isNotNull()) & ((F.col("source_key") != "") | (F.col("target_key") != ""))
    key = F.when(keyed, F.concat_ws("|", "event_day", "type", "source_key", "target_key")).otherwise(
        F.concat_ws("|", F.lit("article"), "article", F.col("idx").cast("string"))
    )
    stamp = lambda c: F.concat(F.regexp_replace(c, "-", ""), F.lit("000000")).cast("long")  # noqa: E731
    mentions = m.select(
        F.xxhash64(key).alias("GlobalEventID"),
        F.lit(added).cast("long").alias("EventTimeDate"),
        stamp("published").alias("MentionTimeDate"),
        F.lit(1).alias("MentionType"),
        F.col("outlet").alias("MentionSourceName"),
        F.coalesce("url", "article").alias("MentionIdentifier"),
        (F.col("sentence") + 1).alias("SentenceID"),
        F.coalesce("source_offset", F.lit(-1)).alias("Actor1CharOffset"),
        F.coalesce("target_offset", F.lit(-1)).alias("Actor2CharOffset"),
        F.col("trigger_cstart").alias("ActionCharOffset"),
        F.lit(1).alias("InRawText"),
        F.round(F.col("confidence") * 100).cast("int").alias("Confidence"),
        F.col("chars").alias("MentionDocLen"),
        # Spark names are case-blind: GDELT's Confidence (a percentage)
        # stands for marsad's confidence.
        *[c for c in m.columns if c not in ("chars", "confidence", "_published")],
        # Tables are partitioned by the day of publication, as GDELT's files
        # are by the time of reporting: an event's own day may be any day
        # in history, and would scatter a day's run over hundreds of tiny
        # partitions.
        F.col("_published").alias("day"),
    )
    order = F.concat_ws("|", F.coalesce("published", F.lit("9999")), "article", F.lpad(F.col("idx").cast("string"), 6, "0"))
    wanted = [c for c in mentions.columns if c.startswith(("actor1_", "actor2_"))] + [
        "sqldate", "month_year", "year", "fraction_date", "sentence", "cameo", "base_code", "root_code",
        "quad_class", "goldstein", "location_type", "location_name", "url", "article", "type", "source",
        "target", "location", "event_day", "day",
    ]
    first = F.min_by(F.struct(*[F.col(c) for c in wanted]), order).alias("f")
    events = (
        mentions.groupBy("GlobalEventID")
        .agg(
            first,
            F.sum("tellings").alias("NumMentions"),
            F.countDistinct(F.coalesce("outlet", F.concat(F.lit("article:"), "article"))).alias("NumSources"),
            F.countDistinct("article").alias("NumArticles"),
        )
        .select(
            "GlobalEventID",
            # GDELT 1's name: `Day` would clash with the partition column.
            F.col("f.sqldate").alias("SQLDATE"),
            F.col("f.month_year").alias("MonthYear"),
            F.col("f.year").alias("Year"),
            F.col("f.fraction_date").alias("FractionDate"),
            *[
                F.col(f"f.{side}_{part}").alias(f"{name}{gdelt}")
                for side, name in (("actor1", "Actor1"), ("actor2", "Actor2"))
                for part, gdelt in (
                    ("code", "Code"),
                    ("name", "Name"),
                    ("country", "CountryCode"),
                    ("type1", "Type1Code"),
                    ("type2", "Type2Code"),
                    ("type3", "Type3Code"),
                )
            ],
            (F.col("f.sentence") == 0).cast("int").alias("IsRootEvent"),
            F.col("f.cameo").alias("EventCode"),
            F.col("f.base_code").alias("EventBaseCode"),
            F.col("f.root_code").alias("EventRootCode"),
            F.col("f.quad_class").alias("QuadClass"),
            F.col("f.goldstein").alias("GoldsteinScale"),
            "NumMentions",
            "NumSources",
            "NumArticles",
            F.col("f.location_type").alias("ActionGeo_Type"),
            F.col("f.location_name").alias("ActionGeo_FullName"),
            F.lit(added).cast("long").alias("DATEADDED"),
            F.coalesce("f.url", "f.article").alias("SOURCEURL"),
            F.col("f.type").alias("type"),
            F.col("f.source").alias("source"),
            F.col("f.target").alias("target"),
            F.col("f.location").alias("location"),
            F.col("f.event_day").alias("event_day"),
            F.col("f.article").alias("first_article"),
            F.col("f.day").alias("day"),
        )
    )
    actors = articles.select(F.col("id").alias("article"), "day", "outlet", F.explode("actors").alias("a")).select(
        "article", "day", "outlet", F.col("a.id").alias("actor"), *[f"a.{c}" for c in ACTOR_FIELDS]
    )
    quotes = articles.select(F.col("id").alias("article"), "day", "outlet", F.explode("quotes").alias("q")).select(
        "article", "day", "outlet", "q.*"
    )
    return {"mentions": mentions, "events": events, "actors": actors, "quotes": quotes}


ACTOR_FIELDS = ("name_en", "name_ar", "kind", "country", "code", "mentions", "first_start", "surface", "roles")


def run(
    spark: "SparkSession",
    inputs: Sequence[str],
    output: str,
    *,
    fmt: str = "jsonl",
    partitions: int | None = None,
    mode: str = "error",
) -> dict[str, int]:
    """Analyses `inputs` and writes the tables under `output`; returns the
    row count of each table and of `errors`."""
    from pyspark.sql import functions as F

    # Replacing a day's partitions leaves the other days of an earlier run.
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    added = int(datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S"))
    path = lambda t: os.path.join(output, t)  # noqa: E731
    # Analysed once into a staging table, from which each table then reads
    # only the columns it needs (the mentions never read the texts).
    staging = path("_analysed")
    if mode == "error" and any(exists(spark, path(t)) for t in TABLES):
        raise FileExistsError(f"{output} already exists (--mode overwrite replaces the days this run writes)")
    analyse(spark, inputs, fmt, partitions).write.mode("overwrite").parquet(staging)
    counts: dict[str, int] = {}
    try:
        analysed = spark.read.parquet(staging)
        ok = analysed.where(F.col("error").isNull()).drop("error")
        # Rows per day of every table, in one pass: how many files each day needs.
        per_day = ok.groupBy("day").agg(
            F.count(F.lit(1)).alias("articles"),
            *[F.sum(F.size(c)).alias(c) for c in ("events", "actors", "quotes")],
        ).collect()
        sizes = lambda c: {r["day"]: r[c] or 0 for r in per_day}  # noqa: E731
        counts["articles"] = write(
            ok.drop("actors", "events", "quotes"), path("articles"), mode, sizes("articles"), ARTICLES_PER_FILE
        )
        made = tables(ok, added)
        # An event counts on the day of its first telling: at most as many as its mentions.
        for name, size in (("mentions", "events"), ("events", "events"), ("actors", "actors"), ("quotes", "quotes")):
            write(made[name], path(name), mode, sizes(size), ROWS_PER_FILE)
        failed = analysed.where(F.col("error").isNotNull()).select("id", "error")
        failed.coalesce(1).write.mode(mode).json(path("errors"))
    finally:
        remove(spark, staging)
    for name in TABLES[1:]:
        counts[name] = spark.read.parquet(path(name)).count()
    counts["errors"] = spark.read.json(path("errors")).count() if os.path.isdir(path("errors")) else 0
    return counts


def _fs(spark: "SparkSession", path: str):
    """The Hadoop file system holding `path` (local, HDFS, S3 …) and the path."""
    target = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(path)
    return target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), target


def exists(spark: "SparkSession", path: str) -> bool:
    fs, target = _fs(spark, path)
    return bool(fs.exists(target))


def remove(spark: "SparkSession", path: str) -> None:
    fs, target = _fs(spark, path)
    fs.delete(target, True)


# Rows per Parquet file: some hundreds of megabytes of articles (text and
# analysis), or of the narrower tables.
ARTICLES_PER_FILE = 10_000
ROWS_PER_FILE = 500_000


def write(df: "DataFrame", path: str, mode: str, per_day: dict, rows_per_file: int) -> int:
    """Writes a table partitioned by day, each day in files of at most about
    `rows_per_file` rows (`per_day`: its rows per day, or a bound); returns
    its row count.

    Neither extreme works: writing each task's days makes tasks × days small
    files (an archive of a thousand days in a thousand tasks: a million),
    and shuffling by day alone puts a daily run's whole day on one task. So
    each day is cut into as many buckets as its rows need, and the buckets
    are shared among the tasks."""
    from pyspark.sql import functions as F

    spark = df.sparkSession
    files = {day: max(1, -(-n // rows_per_file)) for day, n in per_day.items()}
    total = sum(per_day.values())
    buckets = spark.createDataFrame(list(files.items()) or [(None, 1)], "_day string, _files long")
    tasks = max(1, -(-total // rows_per_file), min(sum(files.values()), spark.sparkContext.defaultParallelism))
    spread = (
        df.join(F.broadcast(buckets), df["day"].eqNullSafe(F.col("_day")), "left")
        .withColumn("_bucket", F.pmod(F.xxhash64(*[F.col(c) for c in df.columns[:2]]), F.coalesce("_files", F.lit(1))))
        .repartition(tasks, "day", "_bucket")
        .drop("_day", "_files", "_bucket")
    )
    spread.write.mode(mode).partitionBy("day").parquet(path)
    return total


def session(master: str | None, app: str = "marsad") -> "SparkSession":
    """A session for this job (the master comes from spark-submit when not given)."""
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName(app)
    if master:
        b = b.master(master)
    if (master or "").startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # On one machine the workers run this Python (a venv's, with marsad
        # in it), not whichever `python3` comes first on the PATH; PySpark
        # reads only the environment for it.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    # A worker imports numpy (through pyarrow and pandas), whose OpenBLAS
    # starts a spinning thread per core: idle here, but it takes CPU from
    # the analyzers (some 13 % of local[1]'s throughput on two cores).
    b = b.config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Arrow batches of a few hundred articles: the default 10,000 would hold
    # some hundreds of megabytes of analyses per worker.
    b = b.config("spark.sql.execution.arrow.maxRecordsPerBatch", "512")
    b = b.config("spark.sql.files.maxPartitionBytes", "8m")
    b = b.config("spark.ui.showConsoleProgress", "false")
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m marsad.spark", description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="JSONL files (.jsonl, .jsonl.gz), Parquet files, or directories of them")
    p.add_argument("--output", required=True, help="output directory (local path, hdfs://, s3a:// …)")
    p.add_argument("--format", choices=("jsonl", "parquet"), help="input format (default: by the first input's name)")
    p.add_argument("--master", help="Spark master, e.g. local[4] (default: spark-submit's)")
    p.add_argument("--partitions", type=int, help="analyse in this many tasks (default: 2 per core, at least the input's)")
    p.add_argument("--mode", choices=("error", "overwrite", "append"), default="error",
                   help="when OUT exists: fail, replace the days this run writes, or add")
    a = p.parse_args(argv)
    fmt = a.format or ("parquet" if a.inputs[0].rstrip("/").endswith(".parquet") else "jsonl")
    spark = session(a.master)
    t0 = time.monotonic()
    counts = run(spark, a.inputs, a.output, fmt=fmt, partitions=a.partitions, mode=a.mode)
    took = time.monotonic() - t0
    n = counts["articles"]
    print(f"{a.output}: {n} articles ({n / took:.0f}/s), {counts['mentions']} event mentions, "
          f"{counts['events']} events, {counts['actors']} actor rows, {counts['quotes']} quotes, "
          f"{counts['errors']} failed records, in {took:.1f} s")
    if counts["errors"]:
        print(f"marsad: {counts['errors']} records failed; see {os.path.join(a.output, 'errors')}", file=sys.stderr)
    spark.stop()
    return 1 if counts["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""The Spark job in local[2] on the 1,000-article sample: its Parquet tables
say what `marsad analyze --jsonl` says of the same records, and `marsad
ingest --parquet` of them makes the same store as ingesting the records.
Skips without pyspark or Java."""

import json
import os
import shutil
import subprocess
from collections import Counter

import pytest

pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")
if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java for Spark", allow_module_level=True)

from marsad import spark as ms  # noqa: E402

from conftest import SPARK_SAMPLE  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = ms.session("local[2]", app="marsad-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def job(spark, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark") / "out"
    counts = ms.run(spark, [SPARK_SAMPLE], str(out))
    return out, counts


@pytest.fixture(scope="module")
def cli(marsad_bin):
    """`marsad analyze --jsonl` of the sample: id → analysis line."""
    out = subprocess.run([marsad_bin, "analyze", "--jsonl", SPARK_SAMPLE], check=True, capture_output=True, text=True)
    lines = out.stdout.splitlines()
    return {json.loads(line)["article"]["id"]: line for line in lines}


def table(out, name):
    return pq.read_table(os.path.join(out, name)).to_pylist()


def test_articles_carry_the_command_lines_analyses(job, cli):
    out, counts = job
    assert counts["errors"] == 0
    assert counts["articles"] == len(cli) == 1000
    rows = table(out, "articles")
    assert {r["id"]: r["analysis"] for r in rows} == cli
    for r in rows:
        assert r["day"] == r["published"]
        a = json.loads(r["analysis"])
        assert r["sentences"] == len(a["sentences"]) and r["entities"] == len(a["entities"])
    days = [d for d in os.listdir(os.path.join(out, "articles")) if d.startswith("day=")]
    assert len(days) == len({r["published"] for r in rows})


def test_mentions_are_the_events_of_each_analysis(job, cli):
    out, counts = job
    got = sorted(
        (m["article"], m["idx"], m["type"], m["cameo"], m["source"], m["target"], m["date"], m["factuality"],
         m["trigger_start"], m["trigger_end"], m["tellings"])
        for m in table(out, "mentions")
    )
    want = sorted(
        (aid, i, e["type"], e["cameo"], e["source"], e["target"], e["date"], e["factuality"],
         e["trigger"]["start"], e["trigger"]["end"], 1 + len(e.get("mentions", [])))
        for aid, line in cli.items()
        for i, e in enumerate(json.loads(line)["events"])
    )
    assert got == want
    assert counts["mentions"] == len(want) > 1000


def test_events_merge_the_mentions_of_one_key(job):
    out, counts = job
    mentions, events = table(out, "mentions"), table(out, "events")
    assert counts["events"] == len(events) == len({e["GlobalEventID"] for e in events})
    assert {m["GlobalEventID"] for m in mentions} == {e["GlobalEventID"] for e in events}
    by_id = Counter(m["GlobalEventID"] for m in mentions)
    tellings = Counter()
    for m in mentions:
        tellings[m["GlobalEventID"]] += m["tellings"]
    for e in events:
        assert e["NumMentions"] == tellings[e["GlobalEventID"]]
        assert 1 <= e["NumArticles"] <= by_id[e["GlobalEventID"]]
        assert e["EventRootCode"] == e["EventCode"][:2]
    # Some events were told by more than one article.
    assert len(events) < len(mentions)
    assert any(e["NumArticles"] > 1 for e in events)


def test_actors_and_quotes_are_every_articles(job, cli):
    out, _ = job
    actors = Counter((a["article"], a["actor"], a["kind"], a["mentions"]) for a in table(out, "actors"))
    quotes = Counter((q["article"], q["start"], q["end"], q["speaker"]) for q in table(out, "quotes"))
    want_actors, want_quotes = Counter(), Counter()
    for aid, line in cli.items():
        a = json.loads(line)
        want_actors.update((aid, x["id"], x["kind"], len(x["mentions"])) for x in a["actors"])
        want_quotes.update((aid, q["start"], q["end"], q["speaker"]) for q in a["quotes"])
    assert actors == want_actors and quotes == want_quotes


def test_ingest_parquet_makes_the_store_ingest_makes(job, marsad_bin, tmp_path):
    out, _ = job
    keys = ("articles", "actors", "mentions", "events", "corpus_events", "relations", "stories")

    def stats(store):
        s = subprocess.run([marsad_bin, "stats", "--store", str(store), "--format", "json"],
                           check=True, capture_output=True, text=True)
        return {k: json.loads(s.stdout)[k] for k in keys}

    subprocess.run([marsad_bin, "ingest", "--parquet", str(out), "--store", str(tmp_path / "a")], check=True,
                   capture_output=True)
    subprocess.run([marsad_bin, "ingest", SPARK_SAMPLE, "--store", str(tmp_path / "b")], check=True,
                   capture_output=True)
    a, b = stats(tmp_path / "a"), stats(tmp_path / "b")
    # Merging mentions into corpus events is greedy, so it depends a little
    # on the order articles arrive in (by day from Parquet, by line here).
    assert abs(a.pop("corpus_events") - b.pop("corpus_events")) <= b["events"] // 100
    assert a == b


def test_bad_records_are_named_and_the_rest_is_written(spark, tmp_path, spark_lines):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join(spark_lines[:5] + ["{not json", '{"id": "no-text"}', "", '{"id": "d", "text": "نص", "published": "2018-02-31"}'])
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    counts = ms.run(spark, [str(bad)], str(out))
    assert counts["articles"] == 5 and counts["errors"] == 3
    errors = [json.loads(line) for f in sorted((out / "errors").glob("part-*")) for line in f.read_text().splitlines()]
    assert len(errors) == 3
    assert all("bad.jsonl" in e["error"] for e in errors)
    assert any(e.get("id") == "no-text" and "text" in e["error"] for e in errors)
    # A second run into the same output replaces nothing unless asked.
    with pytest.raises(Exception, match="already exists"):
        ms.run(spark, [str(bad)], str(out))
    counts = ms.run(spark, [str(bad)], str(out), mode="overwrite")
    assert counts["articles"] == 5


def test_parquet_input(spark, tmp_path, spark_lines):
    import pyarrow as pa

    records = [json.loads(line) for line in spark_lines[:20]]
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(records), src)
    out = tmp_path / "out"
    counts = ms.run(spark, [str(src)], str(out), fmt="parquet")
    assert counts["articles"] == 20 and counts["errors"] == 0
    assert {r["id"] for r in table(out, "articles")} == {r["id"] for r in records}

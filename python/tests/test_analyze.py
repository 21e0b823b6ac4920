"""The analysis from Python: the same contract, offsets and answers as the
command line, bad records reported without stopping a batch."""

import json
import subprocess
import threading

import pytest

import marsad

from conftest import SEED


def test_analyze_gives_the_contract_with_spans_into_the_text(seed_text):
    a = marsad.analyze(seed_text, published="2022-07-18", outlet="Arabi21")
    assert a["schema"] == marsad.SCHEMA == "marsad/analysis@1"
    assert a["article"]["published"] == "2022-07-18"
    ids = {x["id"] for x in a["actors"]}
    assert {"ISR", "MAR"} <= ids, ids
    assert a["events"], "the seed tells events"
    raw = seed_text.encode("utf-8")
    for e in a["entities"] + [ev["trigger"] for ev in a["events"]] + a["sentences"]:
        assert raw[e["start"] : e["end"]].decode("utf-8") == e["text"]
        assert seed_text[e["cstart"] : e["cend"]] == e["text"]


def test_analyze_equals_the_command_line(seed_text, marsad_bin):
    cli = subprocess.run(
        [marsad_bin, "analyze", SEED, "--published", "2022-07-18", "--outlet", "Arabi21"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    py = marsad.default_analyzer().analyze_json(seed_text, published="2022-07-18", outlet="Arabi21")
    assert py == cli
    assert json.loads(cli) == marsad.analyze(seed_text, published="2022-07-18", outlet="Arabi21")


def test_bad_arguments_raise_marsad_error():
    with pytest.raises(marsad.MarsadError, match="published"):
        marsad.analyze("نص", published="yesterday-ish")
    assert issubclass(marsad.MarsadError, ValueError)


def test_batch_keeps_order_and_reports_bad_records(sample_lines):
    records = [json.loads(line) for line in sample_lines[:12]]
    bad = [{"id": "no-text"}, {"text": 5, "id": "number"}, "not a dict", {"text": "نص", "published": "2018-02-31"}]
    out = marsad.analyze_batch(records[:6] + bad + records[6:], threads=2)
    assert len(out) == 16
    ok = [o for o in out if "error" not in o]
    assert [o["article"]["id"] for o in ok] == [r["id"] for r in records]
    errors = [o for o in out if "error" in o]
    assert [e["index"] for e in errors] == [6, 7, 8, 9]
    assert errors[0]["id"] == "no-text" and "text" in errors[0]["error"]
    assert "record 7 (id number)" in errors[1]["error"]
    assert "2018-02-31" in errors[3]["error"] or "date" in errors[3]["error"]


def test_batch_on_one_thread_equals_all_threads(sample_lines):
    records = [json.loads(line) for line in sample_lines[:20]]
    assert marsad.analyze_batch(records, threads=1) == marsad.analyze_batch(records)


def test_threads_share_one_analyzer(sample_lines):
    records = [json.loads(line) for line in sample_lines[:8]]
    expected = [marsad.analyze(r["text"], id=r["id"], published=r["published"], outlet=r["outlet"],
                               title=r.get("title"), url=r.get("url")) for r in records]
    got = [None] * len(records)

    def work(i):
        r = records[i]
        got[i] = marsad.analyze(r["text"], id=r["id"], published=r["published"], outlet=r["outlet"],
                                title=r.get("title"), url=r.get("url"))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(records))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == expected


def test_arrow_rows_match_the_command_line(sample_lines, marsad_bin, tmp_path):
    pa = pytest.importorskip("pyarrow")
    lines = sample_lines[:30]
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines[:10] + ["", "{broken", '{"id": "empty", "text": ""}'] + lines[10:]) + "\n",
                   encoding="utf-8")
    cli = subprocess.run([marsad_bin, "analyze", "--jsonl", str(inp)], capture_output=True, text=True)
    cli_lines = cli.stdout.splitlines()
    batch = marsad.analyze_arrow(inp.read_text(encoding="utf-8").splitlines(), places=None)
    assert isinstance(batch, pa.RecordBatch)
    assert batch.schema == marsad.articles_schema()
    rows = batch.to_pylist()
    # The blank line gives no row; the broken one a row with its error.
    assert len(rows) == 32
    failed = [r for r in rows if r["error"]]
    assert len(failed) == 32 - len(cli_lines)
    assert any("line 12" in r["error"] for r in failed)
    good = [r for r in rows if not r["error"]]
    assert [r["analysis"] for r in good] == cli_lines
    for r in good:
        a = json.loads(r["analysis"])
        assert [e["type"] for e in r["events"]] == [e["type"] for e in a["events"]]
        assert [x["id"] for x in r["actors"]] == [x["id"] for x in a["actors"]]
        assert len(r["quotes"]) == len(a["quotes"])
        for e in r["events"]:
            assert r["text"].encode("utf-8")[e["trigger_start"] : e["trigger_end"]].decode("utf-8") == e["trigger_text"]
            assert r["text"][e["trigger_cstart"] : e["trigger_cend"]] == e["trigger_text"]


def test_arrow_of_nothing_has_the_schema():
    pytest.importorskip("pyarrow")
    batch = marsad.analyze_arrow([])
    assert batch.num_rows == 0 and batch.schema == marsad.articles_schema()

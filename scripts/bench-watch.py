#!/usr/bin/env python3
"""marsad watch on loopback: one pass over FEEDS feeds x ITEMS items, against
`marsad ingest` of the same articles, then a soak run of PASSES passes
(peak RSS at the first and the last pass).

    python scripts/bench-watch.py [--feeds 20] [--items 50] [--passes 1000] [--changing]
                                  [--threads 1] [--runs 1] [--pin]

With --pin, marsad runs on CPU 0 and the fixture server on CPU 1, as if
the pages came from another machine: the one-pass comparison then measures
marsad's speed with the network excluded. --passes 0 skips the soak.

Needs the ANT corpus in ../shared/data/news (outside the project; skips
cleanly without it) and a release build (`cargo build --release`). The
fixture server (Python's http.server, threaded) serves each feed as RSS with
an ETag (answering 304 to If-None-Match) and each item as an HTML page made
from one ANT article.
"""
import argparse
import gzip
import html
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "data", "news", "ant_multisource_v2.1.jsonl.gz")
MARSAD = os.path.join(ROOT, "target", "release", "marsad")


def articles(n):
    out, seen = [], set()
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            text = (r.get("text") or "").strip()
            if len(text) < 400 or text in seen:
                continue
            seen.add(text)
            out.append({"id": r.get("docno"), "title": r.get("title") or "", "text": text, "date": r.get("date")})
            if len(out) == n:
                return out
    return out


def page(a):
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in a["text"].split("\n") if p.strip())
    date = html.escape(str(a["date"] or ""))
    return (f'<html dir="rtl"><head><meta charset="utf-8"><title>{html.escape(a["title"])}</title>'
            f'<meta property="article:published_time" content="{date}"></head>'
            f"<body><nav>الرئيسية</nav><article>{paras}</article><footer>©</footer></body></html>").encode()


def serve(arts, feeds, items, stride):
    """Feed f lists the pages f*stride + r … + items - 1, r its requests so
    far (0 for ever without --changing)."""
    requests = [0] * feeds
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # One write per answer, sent at once: headers and body written
        # apart meet the client's delayed ACK (40 ms per request).
        wbufsize = 1 << 20
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def answer(self, status, body=b"", ctype="text/html; charset=utf-8", etag=None):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            if body:
                self.send_header("Content-Type", ctype)
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            m = re.fullmatch(r"/feed/(\d+)\.xml", self.path)
            if m:
                f = int(m.group(1))
                with lock:
                    r = requests[f]
                    if stride > items:
                        requests[f] = min(r + 1, stride - items)
                etag = f'"feed-{f}-{r}"'
                if self.headers.get("If-None-Match") == etag:
                    return self.answer(304)
                host = self.headers.get("Host")
                first = f * stride + r
                links = "".join(f"<item><title>x</title><link>http://{host}/p/{first + i}</link></item>"
                                for i in range(items))
                body = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>feed {f}</title>{links}</channel></rss>'
                return self.answer(200, body.encode(), "application/rss+xml", etag)
            m = re.fullmatch(r"/p/(\d+)", self.path)
            if m and int(m.group(1)) < len(arts):
                return self.answer(200, page(arts[int(m.group(1))]))
            return self.answer(404)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(args, pin):
    """Runs marsad, timed; with `pin`, on CPU 0 only. Returns the process,
    its wall time and the CPU time it used (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True,
                       preexec_fn=(lambda: os.sched_setaffinity(0, {0})) if pin else None)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if p.returncode != 0:
        sys.exit(p.stderr)
    return p, wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--passes", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=1, help="times to run the one-pass comparison")
    ap.add_argument("--pin", action="store_true",
                    help="marsad on CPU 0, the fixture server on CPU 1 (network excluded from marsad's core)")
    ap.add_argument("--changing", action="store_true", help="feeds move on by one item per request in the soak")
    a = ap.parse_args()
    if not os.path.exists(CORPUS):
        print(f"skip: {CORPUS} not found (the corpus lives in ../shared/data, outside the project)")
        return
    if not os.path.exists(MARSAD):
        sys.exit("build marsad first: cargo build --release")
    if a.pin:
        if os.cpu_count() < 2:
            sys.exit("--pin needs two CPUs")
        # Threads started from now on (the server's) inherit CPU 1.
        os.sched_setaffinity(0, {1})
    n = a.feeds * a.items
    stride = a.items + (a.passes if a.changing else 0)
    pool = articles(a.feeds * stride)
    if len(pool) < a.feeds * stride:
        sys.exit(f"the corpus has {len(pool)} usable articles, {a.feeds * stride} needed: fewer --passes")
    # The first pass's articles, in the order the feeds list them.
    arts = [pool[f * stride + i] for f in range(a.feeds) for i in range(a.items)]
    words = sum(len(x["text"].split()) for x in arts)
    server = serve(pool, a.feeds, a.items, stride)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    tmp = tempfile.mkdtemp(prefix="marsad-bench-watch-")
    try:
        bench(a, tmp, base, server, arts, n, words)
    finally:
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


def bench(a, tmp, base, server, arts, n, words):
    feeds = os.path.join(tmp, "feeds.toml")
    with open(feeds, "w") as f:
        for i in range(a.feeds):
            f.write(f'[[feed]]\nurl = "{base}/feed/{i}.xml"\n\n')
    threads = ["--threads", str(a.threads)]
    common = ["--host-delay", "0s"] + threads

    # The same articles through `marsad ingest`: as JSONL (analysis and
    # storing), and as the very HTML pages the server sends (extraction too).
    jsonl = os.path.join(tmp, "articles.jsonl")
    pages = os.path.join(tmp, "pages")
    os.makedirs(pages)
    with open(jsonl, "w") as f:
        for i, x in enumerate(arts):
            f.write(json.dumps({"id": f"{base}/x/{i}", "text": x["text"], "title": x["title"]}, ensure_ascii=False) + "\n")
            with open(os.path.join(pages, f"{i:05d}.html"), "wb") as h:
                h.write(page(x))
    where = "marsad on CPU 0, the server on CPU 1" if a.pin else "marsad and the server sharing the cores"
    print(f"{n} articles ({words:,} words), {a.feeds} feeds x {a.items} items, analysis threads {a.threads}, {where}")
    for r in range(a.runs):
        run_dir = os.path.join(tmp, f"run{r}")
        _, ingest_s, ingest_cpu = run([MARSAD, "ingest", jsonl, "--store", os.path.join(run_dir, "ingest")] + threads, a.pin)
        _, html_s, html_cpu = run([MARSAD, "ingest", pages, "--store", os.path.join(run_dir, "html")] + threads, a.pin)
        store = os.path.join(run_dir, "watch")
        served = time.process_time()
        p, watch_s, watch_cpu = run([MARSAD, "watch", "--feeds", feeds, "--store", store, "--once"] + common, a.pin)
        served = time.process_time() - served
        line = p.stderr.strip().splitlines()[-1]
        print(f"run {r + 1}:")
        print(f"  marsad ingest, JSONL: {ingest_s:.2f} s, {n / ingest_s:,.0f} articles/s, CPU {ingest_cpu:.2f} s")
        print(f"  marsad ingest, the same pages as HTML files: {html_s:.2f} s, {n / html_s:,.0f} articles/s, "
              f"CPU {html_cpu:.2f} s")
        print(f"  marsad watch --once (pages fetched from the loopback server): {watch_s:.2f} s, {n / watch_s:,.0f} "
              f"articles/s, {100 * html_s / watch_s:.0f} % of the HTML ingest; CPU {watch_cpu:.2f} s "
              f"({100 * watch_cpu / html_cpu:.0f} % of the HTML ingest's); the server used {served:.2f} s of CPU")
        print(f"    {line}")
        if r + 1 < a.runs:
            shutil.rmtree(run_dir, ignore_errors=True)
    if a.passes < 1:
        return

    # The soak run: every pass polls every feed (each with one new item with
    # --changing, else all answering 304).
    p, soak_s, _ = run([MARSAD, "watch", "--feeds", feeds, "--store", store, "--every", "0s",
                        "--passes", str(a.passes)] + common, a.pin)
    passes = [l for l in p.stderr.splitlines() if l.startswith("marsad: pass ")]
    rss = [int(re.search(r"RSS (\d+) MB", l).group(1)) for l in passes]
    peak = [int(re.search(r"peak (\d+) MB", l).group(1)) for l in passes]
    print(f"  soak: {len(passes)} passes x {a.feeds} feeds in {soak_s:.1f} s; peak RSS after pass 1: {peak[0]} MB, "
          f"after pass {len(passes)}: {peak[-1]} MB")
    marks = [k for k in (1, 10, 100, 500, 1000, 1500, 2000, 5000) if k <= len(rss)] + [len(rss)]
    marks = sorted(set(marks))
    print("    RSS (peak) after pass " + ", ".join(f"{k}: {rss[k - 1]} ({peak[k - 1]}) MB" for k in marks))
    print(f"    first: {passes[0]}\n    last:  {passes[-1]}")


if __name__ == "__main__":
    main()

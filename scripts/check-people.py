#!/usr/bin/env python3
"""Checks data/kb/people.tsv: duplicate ids, one surface (matching key) given
twice (also against the other entity files), role syntax, two holders of one
office of one state at the same time, and how many Arabic surfaces are
attested in a corpus (plain Arabic text; default target/ner/ant-texts.txt).

usage: scripts/check-people.py [CORPUS] [--zero] [--counts]
  --zero    list the unattested surfaces
  --counts  print every surface with its count
"""
import os, re, sys
from collections import Counter

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
KB = os.path.join(ROOT, "data", "kb")
HARAKAT = re.compile("[\u064B-\u0652\u0670\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ی": "ي",
                      "ة": "ه", "ؤ": "و", "ک": "ك"})
AR = "\u0620-\u063F\u0641-\u064A\u0671-\u06D3"


def key(s):
    return " ".join(HARAKAT.sub("", s).translate(FOLD).split())


def rows(name):
    path = os.path.join(KB, name)
    header = None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        yield n, cols


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpus = args[0] if args else os.path.join(ROOT, "target", "ner", "ant-texts.txt")
    offices = {c[0] for _, c in rows("offices.tsv")}
    problems = []
    ids, surf = {}, {}
    for other in ("organisations.tsv", "places.tsv", "outlets.tsv"):
        for n, c in rows(other):
            for s in c[5].split("|") if len(c) > 5 else []:
                if s:
                    surf.setdefault(key(s), f"{other}:{n}")
    people = []
    countries = {}
    tenures = 0
    for n, c in rows("people.tsv"):
        if len(c) < 6:
            problems.append(f"people.tsv:{n}: {len(c)} columns")
            continue
        pid = c[0]
        if pid in ids:
            problems.append(f"people.tsv:{n}: id {pid} again (line {ids[pid]})")
        ids[pid] = n
        if not pid.startswith("PER:") or c[1] != "person":
            problems.append(f"people.tsv:{n}: id/kind")
        names = [s for s in c[5].split("|") if s]
        seen = set()
        for s in names:
            k = key(s)
            if k in seen:
                problems.append(f"people.tsv:{n}: {s} repeats a variant of the same person (folded)")
                continue
            seen.add(k)
            if k in surf:
                problems.append(f"people.tsv:{n}: surface {s} already at {surf[k]}")
            else:
                surf[k] = f"people.tsv:{n}"
        roles = [r for r in (c[6].split("|") if len(c) > 6 else []) if r]
        for r in roles:
            m = re.fullmatch(r"([a-z_]+):(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})?", r)
            if not m or m.group(1) not in offices or (m.group(3) and m.group(3) < m.group(2)):
                problems.append(f"people.tsv:{n}: bad role {r}")
        if roles and not c[2]:
            problems.append(f"people.tsv:{n}: roles without country")
        tenures += len(roles)
        people.append((n, pid, names, roles))
        countries[pid] = c[2]
    # two holders of one office of one state at the same time
    by = {}
    for n, pid, names, roles in people:
        for r in roles:
            m = re.fullmatch(r"([a-z_]+):(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})?", r)
            if m:
                by.setdefault((countries[pid], m.group(1)), []).append((m.group(2), m.group(3) or "9999-12-31", pid))
    for (state, office), ts in sorted(by.items()):
        ts.sort()
        for (f1, t1, p1), (f2, t2, p2) in zip(ts, ts[1:]):
            if f2 < t1:
                problems.append(f"overlap {state} {office}: {p1} {f1}..{t1} / {p2} {f2}..{t2}")
    for p in problems:
        print(p)
    print(f"people {len(people)}, with roles {sum(1 for p in people if p[3])}, tenures {tenures}")
    if not os.path.exists(corpus):
        sys.exit(1 if problems else 0)
    text = HARAKAT.sub("", open(corpus, encoding="utf-8", errors="replace").read()).translate(FOLD)
    toks = re.findall(f"[{AR}]+", text)
    del text
    wanted = {}
    for n, pid, names, roles in people:
        for s in names:
            ws = key(s).split()
            wanted.setdefault(ws[0], set()).add(tuple(ws[1:]))
    counts = Counter()
    PRE = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
    for i, t in enumerate(toks):
        cands = {t}
        for p in PRE:
            if t.startswith(p) and len(t) > len(p) + 1:
                r = t[len(p):]
                cands.add(r)
                if p.endswith("ل") and r.startswith("ل"):
                    cands.add("ا" + r)
        for c in cands:
            rests = wanted.get(c)
            if rests:
                for rest in rests:
                    if tuple(toks[i + 1:i + 1 + len(rest)]) == rest:
                        counts[(c,) + rest] += 1
    total = hit = 0
    zero = []
    for n, pid, names, roles in people:
        for s in names:
            cnt = counts[tuple(key(s).split())]
            total += 1
            if cnt:
                hit += 1
            else:
                zero.append((n, pid, s))
            if "--counts" in sys.argv:
                print(f"{cnt}\t{pid}\t{s}")
    print(f"surfaces {total}, attested {hit} ({100*hit/max(total,1):.1f}%)")
    if "--zero" in sys.argv:
        for n, pid, s in zero:
            print(f"  0\t{n}\t{pid}\t{s}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

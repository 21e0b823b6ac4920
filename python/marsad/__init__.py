"""marsad reads Arabic news and rebuilds the system it describes.

    >>> import marsad
    >>> a = marsad.analyze("وصل رئيس أركان الجيش الإسرائيلي إلى الرباط يوم الاثنين.", published="2022-07-18")
    >>> sorted(x["id"] for x in a["actors"])  # doctest: +SKIP

`analyze` gives one article's analysis as a dict (the `marsad/analysis@1`
contract of docs/analysis.md); `analyze_batch` many, on every core;
`analyze_arrow` JSON lines into an Arrow table (what the Spark job runs);
`Store` reads a store made by `marsad ingest`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from ._marsad import SCHEMA, Analyzer, ArrowArticles, ArrowSchema, MarsadError, Store, __version__

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

__all__ = [
    "SCHEMA",
    "Analyzer",
    "ArrowArticles",
    "ArrowSchema",
    "MarsadError",
    "Store",
    "__version__",
    "analyze",
    "analyze_arrow",
    "analyze_batch",
    "articles_schema",
    "default_analyzer",
]

_default: Analyzer | None = None
_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    """The analyzer the module functions share, loaded on first use."""
    global _default
    with _lock:
        if _default is None:
            _default = Analyzer()
        return _default


def analyze(
    text: str,
    *,
    published: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    id: str | None = None,
) -> dict[str, Any]:
    """The analysis of one article, as a dict."""
    return default_analyzer().analyze(text, published=published, outlet=outlet, title=title, url=url, id=id)


def analyze_batch(records: Iterable[Mapping[str, Any]], *, threads: int | None = None) -> list[dict[str, Any]]:
    """Analyses records (dicts with `text`, optional `id`, `published`, `outlet`,
    `title`, `url`) on `threads` threads (None: one per core), in order. A
    record that cannot be used gives `{"error", "index", "id"}` in its place."""
    return default_analyzer().analyze_batch(list(records), threads=threads)


def analyze_arrow(
    lines: Sequence[str], *, places: Sequence[str] | None = None, threads: int = 1
) -> "pyarrow.RecordBatch":
    """JSON lines (one article each, as `marsad analyze --jsonl` reads them) into
    the articles table: one row per non-blank line, its actors, events and
    quotes nested, failed lines with `error` set. Needs pyarrow."""
    import pyarrow as pa

    table = default_analyzer().analyze_lines(
        list(lines), places=None if places is None else list(places), threads=threads
    )
    return pa.record_batch(table)


def articles_schema() -> "pyarrow.Schema":
    """The schema of `analyze_arrow`'s table. Needs pyarrow."""
    import pyarrow as pa

    return pa.schema(Analyzer.articles_schema())

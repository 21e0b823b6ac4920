"""Type stubs of the Rust extension (python/src/)."""

from os import PathLike
from typing import Any, Mapping, Sequence

__version__: str
SCHEMA: str

class MarsadError(ValueError):
    """A record or request marsad cannot use."""

class ArrowArticles:
    """Analysed articles, one row each; `pyarrow.record_batch(x)` takes them."""
    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...
    def __arrow_c_schema__(self) -> object: ...
    def __len__(self) -> int: ...

class ArrowSchema:
    """The articles table's schema; `pyarrow.schema(x)` takes it."""
    def __arrow_c_schema__(self) -> object: ...

class Analyzer:
    """Load once, analyse any number of articles from any number of threads."""
    def __init__(self, *, tokens: bool = False, kb_only: bool = False) -> None: ...
    def analyze(
        self,
        text: str,
        *,
        published: str | None = None,
        outlet: str | None = None,
        title: str | None = None,
        url: str | None = None,
        id: str | None = None,
    ) -> dict[str, Any]: ...
    def analyze_json(
        self,
        text: str,
        *,
        published: str | None = None,
        outlet: str | None = None,
        title: str | None = None,
        url: str | None = None,
        id: str | None = None,
    ) -> str: ...
    def analyze_batch(
        self, records: Sequence[Mapping[str, Any]], *, threads: int | None = None
    ) -> list[dict[str, Any]]: ...
    def analyze_lines(
        self, lines: Sequence[str], *, places: Sequence[str] | None = None, threads: int = 1
    ) -> ArrowArticles: ...
    @staticmethod
    def articles_schema() -> ArrowSchema: ...

class Store:
    """A store made by `marsad ingest`, opened for reading."""
    def __init__(self, path: str | PathLike[str]) -> None: ...
    def search(
        self,
        query: str = "",
        *,
        actor: str | None = None,
        type: str | None = None,
        outlet: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> dict[str, Any]: ...
    def events(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        type: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        limit: int = 100,
        mentions: bool = False,
    ) -> list[dict[str, Any]]: ...
    def article(self, id: str) -> dict[str, Any] | None: ...
    def actors(self, *, kind: str | None = None, top: int = 50) -> list[dict[str, Any]]: ...
    def stats(self) -> dict[str, Any]: ...

"""Type stubs of the extension module (vnplan/python/src/lib.rs)."""

import datetime
from collections.abc import Iterable
from typing import Any

__version__: str
SCHEMA: str
"""``"vnplan/1"``."""
DEFAULT_MAX_BYTES: int
"""64 MiB, the CLI's default ``--max-bytes``."""
ENCODINGS: list[str]
"""Names ``encoding=`` accepts (aliases too, case-insensitive)."""
TABLES: dict[str, list[tuple[str, str]]]
"""Each warehouse table (``vnplan tables``) with its columns: ``(name, DuckDB type)``."""

Data = str | bytes | bytearray
"""An input: text (taken as its UTF-8 bytes) or undecoded bytes."""

Record = dict[str, Any]
"""A ``vnplan/1`` record or error record (docs/FORMAT.md)."""

Cell = str | int | float | bool | datetime.date | None

def extract(data: Data, path: str | None = None, *, encoding: str | None = None, max_bytes: int = ...) -> Record:
    """The record ``vnplan extract PATH`` writes for a file holding ``data``, as a dict.

    ``path`` (default ``"-"``) is the record's ``source.path``. ``encoding`` forces a
    decoder as ``--encoding`` does; ``max_bytes`` is ``--max-bytes`` (0 = no limit).
    Raises ``TypeError`` for other types and ``ValueError`` for an unknown encoding.
    """

def extract_json(data: Data, path: str | None = None, *, encoding: str | None = None, max_bytes: int = ...) -> str:
    """The CLI's record line for ``data``, byte for byte, without the newline."""

def extract_batch(
    inputs: Iterable[Data | tuple[Data, str | None]],
    *,
    threads: int = 0,
    encoding: str | None = None,
    max_bytes: int = ...,
) -> list[Record]:
    """The records of many inputs (``data`` or ``(data, path)``), in input order.

    Runs with the GIL released on ``threads`` threads (0 = every core, 1 = this thread).
    """

def extract_json_batch(
    inputs: Iterable[Data | tuple[Data, str | None]],
    *,
    threads: int = 0,
    encoding: str | None = None,
    max_bytes: int = ...,
) -> list[str]:
    """The record lines of many inputs, in input order (see ``extract_batch``)."""

def table_rows(record: str | Record, *, first: bool = True) -> dict[str, list[tuple[Cell, ...]]]:
    """The rows one record gives in every table of ``TABLES``, in their column order.

    ``first=False``: the record's content (``source.sha256``) was seen before under another
    path, so only its ``inputs`` row is given (entities are written once per content).
    Raises ``ValueError`` when ``record`` is not a ``vnplan/1`` record.
    """

"""vnplan: Vietnamese government plan texts (Kế hoạch) to structured ``vnplan/1`` records.

The records are those of the ``vnplan extract`` command line, byte for byte: the same Rust
code renders them. ``extract_json`` gives the CLI's line (without its newline), ``extract``
what ``json.loads`` makes of it. Text is taken as its UTF-8 bytes, as if written to a file;
bytes are decoded as the CLI decodes files (UTF-8, UTF-16, TCVN3, VNI, …). An input that is
not text, or larger than ``max_bytes``, gives an error record, never an exception.

    >>> import vnplan
    >>> r = vnplan.extract(open("corpus/kontum-2019.txt", "rb").read(), "corpus/kontum-2019.txt")
    >>> r["document"]["number"]["text"]
    '215/KH-UBND'

``extract_batch`` / ``extract_json_batch`` run many inputs in parallel with the GIL released;
``table_rows`` and ``TABLES`` give the warehouse tables of ``vnplan tables``.
See docs/INTEGRATION.md in the repository.
"""

from ._vnplan import (
    DEFAULT_MAX_BYTES,
    ENCODINGS,
    SCHEMA,
    TABLES,
    __version__,
    extract,
    extract_batch,
    extract_json,
    extract_json_batch,
    table_rows,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ENCODINGS",
    "SCHEMA",
    "TABLES",
    "__version__",
    "extract",
    "extract_batch",
    "extract_json",
    "extract_json_batch",
    "table_rows",
]

"""The Python package against the CLI: the same records, byte for byte, on the corpus."""

import ast
import csv
import datetime
import importlib.resources
import json
import pathlib
import shutil
import subprocess
import threading

import pytest

import vnplan

REPO = pathlib.Path(__file__).resolve().parents[2]


def corpus(cli_lines: list[bytes]) -> list[tuple[str, bytes, str]]:
    """(path, bytes, CLI line) of every corpus file, in the CLI's order."""
    out = []
    for line in cli_lines:
        path = json.loads(line)["source"]["path"]
        out.append((path, (REPO / path).read_bytes(), line.decode("utf-8")))
    return out


def test_extract_json_is_the_cli_line_for_every_corpus_file(cli_lines):
    texts = 0
    for path, raw, line in corpus(cli_lines):
        assert vnplan.extract_json(raw, path) + "\n" == line, path
        assert vnplan.extract_json(bytearray(raw), path) + "\n" == line, path
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        texts += 1
        assert vnplan.extract_json(text, path) + "\n" == line, f"{path} as str"
    assert texts >= 15


def test_extract_is_json_loads_of_the_cli_line(cli_lines):
    for path, raw, line in corpus(cli_lines):
        record = vnplan.extract(raw, path=path)
        expected = json.loads(line)
        assert record == expected, path
        assert list(record) == list(expected), "members in the CLI's order"
        assert list(record["source"]) == list(expected["source"])
    number = vnplan.extract((REPO / "corpus/kontum-2019.txt").read_text(encoding="utf-8"))["document"]["number"]
    assert number["text"] == "215/KH-UBND"


def test_batches_keep_input_order_for_every_thread_count(cli_lines):
    items = [(raw, path) for path, raw, _ in corpus(cli_lines)]
    lines = [line.rstrip("\n") for _, _, line in corpus(cli_lines)]
    for threads in (0, 1, 3):
        assert vnplan.extract_json_batch(items, threads=threads) == lines, f"threads={threads}"
    assert vnplan.extract_batch(iter(items), threads=2) == [json.loads(line) for line in lines]
    mixed = vnplan.extract_json_batch(["KẾ HOẠCH\nnăm 2024\n", (b"KE HOACH", None), (b"x", "p.txt")])
    assert [json.loads(x)["source"]["path"] for x in mixed] == ["-", "-", "p.txt"]
    assert vnplan.extract_json_batch([]) == []
    with pytest.raises(TypeError):
        vnplan.extract_batch([(b"x", "p", "extra")])
    with pytest.raises(TypeError):
        vnplan.extract_batch([42])


def test_batch_releases_the_gil():
    raw = (REPO / "corpus/kontum-2019.txt").read_bytes()
    items = [(raw, f"k{i}.txt") for i in range(150)]
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("out", vnplan.extract_json_batch(items, threads=1)))
    spins = 0
    worker.start()
    while worker.is_alive():
        spins += 1
    worker.join()
    assert len(result["out"]) == 150
    # Holding the GIL for the whole batch would have frozen this loop (a few spins at most).
    assert spins > 10_000, f"the main thread ran only {spins} loop iterations during the batch"


def test_inputs_that_are_not_text_or_too_large_give_error_records():
    raw = b"MZ\x00\x01\x02binary"
    binary = vnplan.extract(raw)
    assert binary["source"] == {"path": "-", "bytes": len(raw)}
    assert binary["error"]["code"] == "not_text"
    big = vnplan.extract("Kế hoạch\n" * 100, "big.txt", max_bytes=100)
    assert (big["error"]["code"], big["source"]["bytes"]) == ("too_large", len(("Kế hoạch\n" * 100).encode()))
    assert "error" not in vnplan.extract("Kế hoạch\n" * 100, "big.txt", max_bytes=0)
    # Text read with surrogateescape is the bytes it was read from.
    raw = "Kế hoạch số 5\n".encode() + b"\xe1\xba\n"
    assert vnplan.extract_json(raw.decode("utf-8", "surrogateescape")) == vnplan.extract_json(raw)
    with pytest.raises(TypeError):
        vnplan.extract(42)
    with pytest.raises(ValueError, match="unknown encoding"):
        vnplan.extract(b"x", encoding="klingon")


def test_encoding_is_the_clis_encoding_option(vnplan_bin):
    path = "corpus/sample/kontum-2019.tcvn3.txt"
    cli = subprocess.run([vnplan_bin, "extract", "--quiet", "--encoding", "tcvn3", path], cwd=REPO, capture_output=True, check=True)
    raw = (REPO / path).read_bytes()
    assert vnplan.extract_json(raw, path, encoding="TCVN3") + "\n" == cli.stdout.decode("utf-8")
    assert "tcvn3" in vnplan.ENCODINGS


def csv_cell(value) -> str:
    """A cell as `vnplan tables` writes it in CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def test_table_rows_are_the_rows_of_vnplan_tables(vnplan_bin, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "binary.txt").write_bytes(b"\x00\x01 not text")
    shutil.copy(REPO / "corpus/kontum-2019.txt", extra / "kontum-copy.txt")
    records_file, tables = tmp_path / "records.jsonl", tmp_path / "tables"
    run = subprocess.run([vnplan_bin, "extract", "--quiet", "--tables", str(tables), "-o", str(records_file), "corpus/", str(extra)], cwd=REPO)
    assert run.returncode == 1, "one input is binary"
    got: dict[str, list[list[str]]] = {name: [] for name in vnplan.TABLES}
    seen = set()
    for line in records_file.read_text(encoding="utf-8").splitlines():
        sha = json.loads(line)["source"].get("sha256")
        rows = vnplan.table_rows(line, first=sha is None or sha not in seen)
        seen.add(sha)
        assert list(rows) == list(vnplan.TABLES)
        for name, table_rows in rows.items():
            for row in table_rows:
                assert len(row) == len(vnplan.TABLES[name])
                got[name].append([csv_cell(c) for c in row])
    assert len(got["inputs"]) == len(got["documents"]) + 1, "the copy is one document, two inputs"
    for name, columns in vnplan.TABLES.items():
        with open(tables / f"{name}.csv", newline="", encoding="utf-8") as f:
            header, *rows = list(csv.reader(f))
        assert header == [c for c, _ in columns], name
        assert got[name] == rows, name
    assert sum(len(r) for r in got.values()) > 1000
    with pytest.raises(ValueError, match="not a vnplan/1 record"):
        vnplan.table_rows('{"schema": "other/1"}')
    first = json.loads(records_file.read_text(encoding="utf-8").splitlines()[0])
    assert vnplan.table_rows(first) == vnplan.table_rows(json.dumps(first)), "a dict or its JSON"
    kontum = vnplan.extract_json((REPO / "corpus/kontum-2019.txt").read_bytes())
    assert vnplan.table_rows(kontum)["documents"][0][14] == datetime.date(2019, 1, 28), "DATE columns come as datetime.date"


def test_the_package_is_typed_and_versioned(vnplan_bin):
    files = importlib.resources.files("vnplan")
    assert files.joinpath("py.typed").is_file()
    stub = files.joinpath("_vnplan.pyi").read_text(encoding="utf-8")
    declared = {n.name for n in ast.parse(stub).body if isinstance(n, ast.FunctionDef)}
    declared |= {n.target.id for n in ast.parse(stub).body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
    assert set(vnplan.__all__) <= declared, f"not in the stubs: {set(vnplan.__all__) - declared}"
    version = subprocess.run([vnplan_bin, "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]
    assert vnplan.__version__ == version
    assert vnplan.SCHEMA == "vnplan/1" and vnplan.DEFAULT_MAX_BYTES == 64 << 20

"""The Spark recipe on the corpus, in local[2] mode: records equal `vnplan extract corpus/`
byte for byte (through the Python package and through rdd.pipe), and the Parquet tables equal
those of `vnplan extract --tables` row for row.

Needs pyspark, the vnplan package and Java 17 (JAVA_HOME); VNPLAN_BIN names the CLI.
tests/python.rs runs this with everything set.
"""

import os
import pathlib
from collections import Counter
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import vnplan_spark  # noqa: E402

os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
# Workers must run the Python that holds the vnplan package, not python3 from PATH.
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
if "JAVA_HOME" not in os.environ and os.path.isdir("/usr/lib/jvm/java-17-openjdk-amd64"):
    os.environ["JAVA_HOME"] = "/usr/lib/jvm/java-17-openjdk-amd64"


@pytest.fixture(scope="module")
def vnplan_bin() -> str:
    path = os.environ.get("VNPLAN_BIN", "")
    if not os.path.isfile(path):
        pytest.fail("set VNPLAN_BIN to the vnplan binary to compare with")
    return path


@pytest.fixture(scope="module")
def cli(vnplan_bin, tmp_path_factory):
    """`vnplan extract corpus/ --tables DIR -o records.jsonl` from the repository root."""
    out = tmp_path_factory.mktemp("cli")
    run = subprocess.run([vnplan_bin, "extract", "--quiet", "--tables", str(out / "tables"), "-o", str(out / "records.jsonl"), "corpus/"], cwd=REPO)
    assert run.returncode == 0
    return out


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    os.chdir(REPO)  # the CLI's paths are relative to the repository root: corpus/…
    warehouse = tmp_path_factory.mktemp("warehouse")
    s = (
        vnplan_spark.SparkSession.builder.master("local[2]")
        .appName("vnplan-test")
        .config("spark.driver.memory", "2g")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    yield s
    s.stop()


def part_files(directory: pathlib.Path, suffix: str) -> bytes:
    parts = sorted(p for p in directory.iterdir() if p.name.startswith("part-") and p.name.endswith(suffix))
    assert parts, f"no part files in {directory}"
    return b"".join(p.read_bytes() for p in parts)


def assert_same_lines(got: bytes, want: bytes, at_least: int = 25) -> None:
    got_lines, want_lines = got.splitlines(keepends=True), want.splitlines(keepends=True)
    assert len(got_lines) == len(want_lines) >= at_least
    for g, w in zip(got_lines, want_lines):
        assert g == w, f"record differs: {w[:120]!r}"
    assert got == want


def test_records_through_rdd_pipe_equal_the_cli(spark, cli, vnplan_bin, tmp_path):
    records = vnplan_spark.extract_records_via_pipe(spark, "corpus/", vnplan_bin)
    vnplan_spark.write_records(records, str(tmp_path))
    assert_same_lines(part_files(tmp_path / "records", ".txt"), (cli / "records.jsonl").read_bytes())


def tables_equal(spark, ours_dir: pathlib.Path, cli_dir: pathlib.Path, names) -> dict[str, int]:
    """Each table of ours equals the CLI's Parquet file: columns, types and rows (as multisets;
    small tables, so two collects instead of four jobs)."""
    counts = {}
    for name in names:
        ours = spark.read.parquet(str(ours_dir / name))
        theirs = spark.read.parquet(str(cli_dir / f"{name}.parquet"))
        assert [(f.name, f.dataType) for f in ours.schema] == [(f.name, f.dataType) for f in theirs.schema], name
        our_rows, their_rows = Counter(map(tuple, ours.collect())), Counter(map(tuple, theirs.collect()))
        assert our_rows == their_rows, f"{name}: rows differ: {list((our_rows - their_rows).items())[:3]} vs {list((their_rows - our_rows).items())[:3]}"
        counts[name] = sum(their_rows.values())
    return counts


def test_odd_names_duplicates_and_bad_files_as_the_cli_has_them(spark, vnplan_bin, tmp_path):
    import vnplan

    plans = tmp_path / "plans dir"
    (plans / "sub").mkdir(parents=True)
    kontum = (REPO / "corpus/kontum-2019.txt").read_bytes()
    # Names whose order differs between sorting by name and by path, or that a URI would encode.
    for name in ["Kế hoạch.txt", "a b.txt", "a!b.txt", "x%41.txt", "c+d.MD", "a/b.txt", "sub.txt", "sub/z.txt"]:
        (plans / name).parent.mkdir(parents=True, exist_ok=True)
        (plans / name).write_bytes(kontum)  # the same content under every name: one document
    (plans / "binary.txt").write_bytes(b"\x00\x01 not text")
    (plans / "skip.pdf").write_bytes(b"%PDF")
    cli = tmp_path / "cli"
    cli.mkdir()
    run = subprocess.run([vnplan_bin, "extract", "--quiet", "--tables", str(cli / "tables"), "-o", str(cli / "records.jsonl"), str(plans)])
    assert run.returncode == 1, "binary.txt is not text"
    records = vnplan_spark.extract_records(spark, str(plans), partitions=3).cache()
    out = tmp_path / "out"
    vnplan_spark.write_records(records, str(out))
    assert_same_lines(part_files(out / "records", ".txt"), (cli / "records.jsonl").read_bytes(), at_least=9)
    counts = vnplan_spark.write_tables(spark, records, str(out))
    assert tables_equal(spark, out / "tables", cli / "tables", vnplan.TABLES) == counts
    assert (counts["inputs"], counts["documents"]) == (9, 2), "eight copies are one document, plus the error record"
    records.unpersist()


def test_the_script_writes_records_and_tables_equal_to_the_cli(spark, cli, tmp_path, capsys):
    import vnplan

    out = tmp_path / "out"
    vnplan_spark.main(["corpus/", str(out)])
    summary = capsys.readouterr().out
    assert summary.startswith(f"{len(list((cli / 'records.jsonl').read_bytes().splitlines()))} records in ")
    assert_same_lines(part_files(out / "records", ".txt"), (cli / "records.jsonl").read_bytes())

    counts = tables_equal(spark, out / "tables", cli / "tables", vnplan.TABLES)
    for name, n in counts.items():
        assert f"{name} {n}" in summary
    assert sum(counts.values()) > 1000
    # Rows in the CLI's order too: the part files in name order hold the inputs by path.
    parts = sorted((out / "tables" / "inputs").glob("part-*.parquet"))
    paths = [r.path for p in parts for r in spark.read.parquet(str(p)).collect()]
    cli_paths = [r.path for r in spark.read.parquet(str(cli / "tables" / "inputs.parquet")).collect()]
    assert paths == cli_paths and paths[0].startswith("corpus/")

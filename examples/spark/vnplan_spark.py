"""vnplan inside Spark: a directory of plans -> vnplan/1 records and warehouse tables (Parquet).

    # in-process, through the Python package (pip install ./python on every worker's Python)
    spark-submit examples/spark/vnplan_spark.py corpus/ out/
    # or piping through the CLI (the binary on every worker), no Python package needed
    spark-submit examples/spark/vnplan_spark.py --via pipe --vnplan target/release/vnplan corpus/ out/

Writes
    out/records/        JSON Lines text: the lines `vnplan extract corpus/` writes, in its order
                        (concatenate the part files in name order to get its output, byte for byte)
    out/tables/NAME/    Parquet, one directory per table of `vnplan tables` (docs/WAREHOUSE.md):
                        documents, inputs, sections, citations, dates, tasks, task_units, units,
                        warnings, recipients, attachments; the same columns, types and rows

The records carry the paths `vnplan extract INPUT` would give: INPUT as written joined with
each file's path below it (a local INPUT; for other file systems the full URI). Like the CLI,
only *.txt and *.md files are read (any case); unlike it, Spark skips names starting with
`.` or `_`. Run as a plain script too (`python examples/spark/vnplan_spark.py …`): it then
starts a local Spark (`--master local[2]`). docs/INTEGRATION.md has the environment to set.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shlex
from collections.abc import Iterable, Iterator
from urllib.parse import urlparse

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

# Inputs handed to vnplan at once in a partition: large enough to amortise the call, small
# enough that a partition's memory stays a few MB whatever its size.
BATCH = 32

SQL_TYPES = {
    "VARCHAR": T.StringType(),
    "BIGINT": T.LongType(),
    "DOUBLE": T.DoubleType(),
    "BOOLEAN": T.BooleanType(),
    "DATE": T.DateType(),
}

RECORDS_SCHEMA = "path string, sha256 string, record string"

_FILE_SCHEME = re.compile(r"^file:/*")


_shipped: set[int] = set()


def ship(spark: SparkSession) -> None:
    """Sends this file to the executors, whose Python imports it to run the functions below
    when they come from an imported module (under spark-submit they travel by value)."""
    ctx = spark.sparkContext
    if id(ctx) not in _shipped:
        ctx.addPyFile(os.path.abspath(__file__))
        _shipped.add(id(ctx))


def list_plans(spark: SparkSession, input_path: str) -> DataFrame:
    """Every *.txt and *.md file below input_path: (path, content), path as Spark's URI."""
    return (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(input_path)
        .where(F.lower(F.col("path")).rlike(r"\.(txt|md)$"))
        .select("path", "content")
    )


def path_mapper(input_path: str):
    """A function from Spark's file path (`file:/abs/path`, not percent-encoded) to the path
    `vnplan extract input_path` prints. The mapping keeps the order: both are one prefix
    followed by the path below input_path."""
    if urlparse(input_path).scheme not in ("", "file"):
        return lambda uri: uri
    local = _FILE_SCHEME.sub("/", input_path) if input_path.startswith("file:") else input_path
    root = os.path.abspath(local)
    single_file = os.path.isfile(local)

    def to_cli_path(uri: str) -> str:
        if single_file:
            return local
        return os.path.join(local, os.path.relpath(_FILE_SCHEME.sub("/", uri), root))

    return to_cli_path


# Every record line starts so; the path's JSON string follows.
_PATH_AT = '{"schema":"vnplan/1","source":{"path":'
# The first `"sha256":"` of a line is the source's: inside JSON strings a quote is escaped.
_SHA256 = re.compile(r'"sha256":"([0-9a-f]{64})"')
_DECODER = json.JSONDecoder()

# Plans per partition: a partition is one task (one CLI process with --via pipe), a few
# seconds of work on one core at vnplan's 5-6 MB/s for plans of tens of KB.
FILES_PER_PARTITION = 64


def keyed(line: str) -> tuple[str, str | None, str]:
    """(source.path, source.sha256 or None, line) of a record line, without parsing it all."""
    if line.startswith(_PATH_AT):
        path = _DECODER.raw_decode(line, len(_PATH_AT))[0]
    else:
        path = json.loads(line)["source"]["path"]
    sha = _SHA256.search(line)
    return path, sha.group(1) if sha else None, line


def sorted_plans(spark: SparkSession, input_path: str, partitions: int | None = None):
    """An RDD of (path, content) of every plan with the path vnplan prints, range-partitioned
    and sorted by it: partition i holds the i-th run of paths, so whatever maps the
    partitions in order writes them in the CLI's order. Only the inputs are shuffled (the
    JVM sorts them), and nothing is extracted twice: extraction comes after the sort."""
    plans = list_plans(spark, input_path)
    if partitions is None:
        files = plans.select("path").count()  # a listing; contents are not read for it
        partitions = max(2 * spark.sparkContext.defaultParallelism, files // FILES_PER_PARTITION + 1)
    to_cli_path = path_mapper(input_path)
    # An explicit count: adaptive execution would merge the shuffle into one partition (a
    # few MB) and run all extraction on one core.
    ordered = plans.repartitionByRange(partitions, "path").sortWithinPartitions("path")
    return ordered.rdd.map(lambda r: (to_cli_path(r.path), r.content))


def extract_partition(rows: Iterable) -> Iterator[tuple[str, str | None, str]]:
    """mapPartitions body: the package's batch call, one thread (Spark runs the partitions in
    parallel already), the GIL released while vnplan works."""
    import vnplan

    batch: list[tuple[bytes, str]] = []
    for path, content in rows:
        batch.append((bytes(content), path))
        if len(batch) == BATCH:
            yield from map(keyed, vnplan.extract_json_batch(batch, threads=1))
            batch = []
    if batch:
        yield from map(keyed, vnplan.extract_json_batch(batch, threads=1))


def extract_records(spark: SparkSession, input_path: str, partitions: int | None = None) -> DataFrame:
    """(path, sha256, record) per plan, in the CLI's order, through the Python package in
    mapPartitions."""
    ship(spark)
    rdd = sorted_plans(spark, input_path, partitions).mapPartitions(extract_partition)
    return spark.createDataFrame(rdd, RECORDS_SCHEMA)


def extract_records_via_pipe(spark: SparkSession, input_path: str, vnplan_bin: str, partitions: int | None = None) -> DataFrame:
    """The same through `rdd.pipe` and `vnplan extract --stdin-jsonl`: one CLI process per
    partition, one request line per file, one record line back per request, in order."""
    ship(spark)

    def request(plan) -> str:
        path, content = plan
        return json.dumps({"path": path, "bytes_b64": base64.b64encode(bytes(content)).decode("ascii")})

    # Exit 1 only means that some inputs gave error records (written in place); 2 is a failure.
    command = "sh -c " + shlex.quote('"$0" extract --stdin-jsonl --quiet -j 1; rc=$?; [ "$rc" -le 1 ]') + " " + shlex.quote(vnplan_bin)
    lines = sorted_plans(spark, input_path, partitions).map(request).pipe(command, checkCode=True)
    return spark.createDataFrame(lines.map(keyed), RECORDS_SCHEMA)


def write_records(records: DataFrame, out: str) -> None:
    """The records as JSON Lines, in their order: the CLI's for those of extract_records."""
    records.select("record").write.mode("overwrite").text(f"{out}/records")


def _table_rows(rows: Iterable) -> Iterator[tuple[str, str, int, tuple]]:
    import vnplan

    for row in rows:
        for table, table_rows in vnplan.table_rows(row.record, first=row.first).items():
            for n, cells in enumerate(table_rows):
                yield table, row.path, n, cells


def write_tables(spark: SparkSession, records: DataFrame, out: str) -> dict[str, int]:
    """The tables of `vnplan tables`, as Parquet, rows in its order; returns the row counts.

    A content seen under several paths is one document: its entities come from the first
    path in the CLI's order (the smallest), every path gets an `inputs` row."""
    import vnplan

    ship(spark)
    first = records.where(F.col("sha256").isNotNull()).groupBy("sha256").agg(F.min("path").alias("first_path"))
    flagged = records.join(first, "sha256", "left").select(
        "path", "record", (F.col("sha256").isNull() | (F.col("path") == F.col("first_path"))).alias("first")
    )
    rows = flagged.rdd.mapPartitions(_table_rows).cache()
    try:
        found = rows.map(lambda t: t[0]).countByValue()
        counts = {name: found.get(name, 0) for name in vnplan.TABLES}
        for name, columns in vnplan.TABLES.items():
            fields = [T.StructField(c, SQL_TYPES[kind]) for c, kind in columns]
            schema = T.StructType([*fields, T.StructField("_path", T.StringType()), T.StructField("_n", T.LongType())])
            table_rdd = rows.filter(lambda t, name=name: t[0] == name).map(lambda t: (*t[3], t[1], t[2]))
            df = spark.createDataFrame(table_rdd, schema).orderBy("_path", "_n").drop("_path", "_n")
            df.write.mode("overwrite").parquet(f"{out}/tables/{name}")
    finally:
        rows.unpersist()
    return counts


def session(master: str | None = None) -> SparkSession:
    """The session of spark-submit, or a local one (`local[2]`, 2 GB driver) for a script run."""
    builder = SparkSession.builder.appName("vnplan").config("spark.ui.enabled", "false")
    if master or not os.environ.get("PYSPARK_GATEWAY_PORT"):
        builder = builder.master(master or "local[2]").config("spark.driver.memory", "2g")
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="a directory of plans (or one file), local path or URI")
    ap.add_argument("out", help="output directory: records/ and tables/NAME/")
    ap.add_argument("--via", choices=["python", "pipe"], default="python", help="the Python package in mapPartitions (default) or rdd.pipe through the CLI")
    ap.add_argument("--vnplan", default="vnplan", help="the CLI binary for --via pipe (on every worker)")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[2])")
    ap.add_argument("--no-tables", action="store_true", help="only the records")
    a = ap.parse_args(argv)
    ours = SparkSession.getActiveSession() is None
    spark = session(a.master)
    records = extract_records(spark, a.input) if a.via == "python" else extract_records_via_pipe(spark, a.input, a.vnplan)
    records = records.cache()
    write_records(records, a.out)
    summary = f"{records.count()} records in {a.out}/records"
    if not a.no_tables:
        counts = write_tables(spark, records, a.out)
        summary += "; tables in " + f"{a.out}/tables: " + ", ".join(f"{k} {v}" for k, v in counts.items())
    print(summary)
    records.unpersist()
    if ours:
        spark.stop()


if __name__ == "__main__":
    main()

"""Throughput of the four ways to run vnplan (docs/INTEGRATION.md) on one directory of plans.

    python scripts/bench_integration.py DIR --vnplan target/release/vnplan [--threads 2] [--skip-spark]

Run it with the Python that holds the vnplan package and pyspark (the test venv made by
scripts/pyenv.sh will do), with JAVA_HOME, SPARK_LOCAL_IP=127.0.0.1 and PYSPARK_PYTHON set
for Spark. Prints one row per route: wall seconds and MB/s of input bytes (MB = 10^6).
"""

import argparse
import base64
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]


def plans(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".md"))


def timed(label: str, mb: float, fn, rows: list) -> None:
    start = time.perf_counter()
    fn()
    s = time.perf_counter() - start
    rows.append((label, s, mb / s))
    print(f"{label:<58} {s:8.2f} s {mb / s:8.2f} MB/s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--vnplan", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-spark", action="store_true")
    a = ap.parse_args()
    files = plans(a.dir)
    data = [(f.read_bytes(), str(f)) for f in files]
    mb = sum(len(d) for d, _ in data) / 1e6
    print(f"{len(files)} files, {mb:.1f} MB, {a.threads} threads, {os.cpu_count()} cores", flush=True)
    rows: list = []
    j = str(a.threads)
    timed("CLI: vnplan extract -j 1 DIR", mb, lambda: subprocess.run([a.vnplan, "extract", "-q", "-j", "1", str(a.dir), "-o", os.devnull], check=False), rows)
    timed(f"CLI: vnplan extract -j {j} DIR", mb, lambda: subprocess.run([a.vnplan, "extract", "-q", "-j", j, str(a.dir), "-o", os.devnull], check=False), rows)
    with tempfile.TemporaryDirectory() as tmp:
        requests = pathlib.Path(tmp) / "requests.jsonl"
        with open(requests, "w", encoding="ascii") as out:
            for raw, path in data:
                out.write(json.dumps({"id": path, "path": path, "bytes_b64": base64.b64encode(raw).decode("ascii")}) + "\n")

        def pipe():
            with open(requests, "rb") as inp, open(os.devnull, "wb") as sink:
                subprocess.run([a.vnplan, "extract", "-q", "--stdin-jsonl", "-j", j], stdin=inp, stdout=sink, check=False)

        timed(f"pipe: vnplan extract --stdin-jsonl -j {j} (bytes_b64)", mb, pipe, rows)
    import vnplan

    timed(f"Python: extract_json_batch(threads={j})", mb, lambda: vnplan.extract_json_batch(data, threads=a.threads), rows)
    timed("Python: extract_json per file (one thread)", mb, lambda: [vnplan.extract_json(d, p) for d, p in data], rows)
    timed(f"Python: extract_batch(threads={j}) -> dicts", mb, lambda: vnplan.extract_batch(data, threads=a.threads), rows)
    if a.skip_spark:
        return
    sys.path.insert(0, str(REPO / "examples/spark"))
    import vnplan_spark

    start = time.perf_counter()
    spark = vnplan_spark.session(f"local[{a.threads}]")
    spark.sparkContext.setLogLevel("ERROR")
    print(f"Spark session started in {time.perf_counter() - start:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as out:
        src = str(a.dir)
        # The first jobs of a session start the Python workers and warm the JVM up (about
        # 10 s here); reading and sorting the inputs is also what every route below pays.
        timed(f"Spark local[{j}]: warm-up, then read + sort only (no extraction)", mb, lambda: vnplan_spark.sorted_plans(spark, src).count(), rows)
        timed(f"Spark local[{j}]: read + sort only, warm", mb, lambda: vnplan_spark.sorted_plans(spark, src).count(), rows)

        def records(via):
            df = vnplan_spark.extract_records(spark, src) if via == "python" else vnplan_spark.extract_records_via_pipe(spark, src, a.vnplan)
            vnplan_spark.write_records(df, f"{out}/{via}")

        timed(f"Spark local[{j}]: records via mapPartitions + package", mb, lambda: records("python"), rows)
        timed(f"Spark local[{j}]: records via rdd.pipe + --stdin-jsonl", mb, lambda: records("pipe"), rows)

        def with_tables():
            df = vnplan_spark.extract_records(spark, src).cache()
            vnplan_spark.write_records(df, f"{out}/all")
            vnplan_spark.write_tables(spark, df, f"{out}/all")

        timed(f"Spark local[{j}]: records + 11 Parquet tables (package)", mb, with_tables, rows)
    spark.stop()


if __name__ == "__main__":
    main()

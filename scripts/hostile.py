#!/usr/bin/env python3
"""Hostile inputs at full size, timed: does each finish in time and memory linear in its size,
with the documented record or error record? (issue 5; results in docs/ROBUSTNESS.md)

    cargo build --release
    python3 scripts/hostile.py [--bin target/release/vnplan] [--quick] [--keep DIR]

Generates each input into a temporary directory (about 300 MB; --quick uses an eighth of
the sizes), runs the release binary on it under `/usr/bin/time -v`, one input at a time with
`-j1`, and prints a Markdown table: size, wall and CPU seconds, MB/s, peak RSS, and what the
input became. Families of the same input at doubling sizes show linearity: MB/s and RSS per
input byte stay flat when time and memory grow linearly.

Inputs (each named for its trap):
  flat-*        a real plan (corpus/kontum-2019.txt) repeated, every line break made a space:
                one line of up to 100 MB ("documents flattened to one paragraph")
  default-limit the 100 MB flat file under the default --max-bytes: a too_large error record
  stdin-limit   the same through stdin: read up to the limit, the rest only counted
  glued-*       letters only, no space and no line break (glued-word repair on one word)
  headings-*    10,000 to 40,000 numbered headings, each with one bullet
  deep-*        numbering 250 to 2,000 levels deep (`1.`, `1.1.`, `1.1.1.`, ...)
  crlf-*, nfd-* the plan repeated with CRLF line ends / decomposed (NFD)
  stray-*       the plan repeated with a stray invalid byte (0xFF) every 4 KB
  binary        random bytes with NULs: a not_text error record
  whitespace    spaces, tabs, CR and LF only
  empty         zero bytes
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1_000_000


def plan_text():
    with open(os.path.join(ROOT, "corpus", "kontum-2019.txt"), encoding="utf-8") as f:
        return f.read().replace("\r\n", "\n")


def repeat_to(data: bytes, size: int) -> bytes:
    """`data` repeated and cut to `size` bytes, the cut moved back to a UTF-8 boundary."""
    out = (data * (size // len(data) + 1))[:size]
    while out and (out[-1] & 0xC0) == 0x80:
        out = out[:-1]
    if out and out[-1] >= 0xC0:
        out = out[:-1]
    return out


def roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def headings(n: int) -> bytes:
    # Labels have at most three digits (four digits at a line start read as a year), so
    # Roman sections of 999 items each.
    parts = ["KẾ HOẠCH\nThử nghiệm nhiều đề mục\n\n"]
    done, r = 0, 0
    while done < n:
        r += 1
        parts.append(f"{roman(r)}. NỘI DUNG {roman(r)}\n")
        for i in range(1, min(999, n - done) + 1):
            parts.append(f"{i}. Nhiệm vụ số {i}\n- Việc cần làm.\n")
            done += 1
    return "".join(parts).encode()


def deep(levels: int) -> bytes:
    parts = ["KẾ HOẠCH\nThử nghiệm\n\nI. NỘI DUNG\n"]
    label = "1"
    for _ in range(levels):
        parts.append(f"{label}. Mục con\n")
        label += ".1"
    return "".join(parts).encode()


def stray(data: bytes, every: int) -> bytes:
    out = bytearray()
    for i in range(0, len(data), every):
        out += data[i : i + every]
        out += b"\xff"
    return bytes(out)


def inputs(quick: bool):
    """(name, what, bytes or a callable giving them, extra args, stdin?) in table order."""
    k = 8 if quick else 1
    plan = plan_text()
    flat = plan.replace("\n", " ").encode()
    crlf = plan.replace("\n", "\r\n").encode()
    nfd = unicodedata.normalize("NFD", plan).encode()
    lf = plan.encode()
    glued = "kếhoạchthựchiệntriểnkhaituyêntruyền".encode()
    rng = random.Random(5)
    yield ("empty", "zero bytes", b"", [], False)
    yield ("whitespace", "spaces, tabs, CR, LF only", repeat_to(b"  \t\r\n \n\n", 16 * MB // k), [], False)
    yield ("binary", "random bytes with NULs", rng.randbytes(2 * MB // k), [], False)
    for mb in (12.5, 25, 50, 100):
        yield (f"flat-{mb:g}M", "plan on one line, no newline", lambda mb=mb: repeat_to(flat, int(mb * MB) // k), ["--max-bytes", "0"], False)
    yield ("default-limit", "flat 100 MB, default --max-bytes", lambda: repeat_to(flat, 100 * MB // k), [] if not quick else ["--max-bytes", "8M"], False)
    yield ("stdin-limit", "flat 100 MB on stdin, default limit", lambda: repeat_to(flat, 100 * MB // k), [] if not quick else ["--max-bytes", "8M"], True)
    for mb in (2, 4, 8):
        yield (f"glued-{mb}M", "letters only, one word", lambda mb=mb: repeat_to(glued, mb * MB // k), [], False)
    for n in (10_000, 20_000, 40_000):
        yield (f"headings-{n // 1000}k", f"{n:,} numbered headings", lambda n=n: headings(n // k), [], False)
    for n in (250, 500, 1000, 2000):
        yield (f"deep-{n}", f"numbering {n:,} levels deep", lambda n=n: deep(n // k), [], False)
    for mb in (4, 8, 16):
        yield (f"crlf-{mb}M", "plan repeated, CRLF", lambda mb=mb: repeat_to(crlf, mb * MB // k), [], False)
    for mb in (4, 8, 16):
        yield (f"nfd-{mb}M", "plan repeated, NFD", lambda mb=mb: repeat_to(nfd, mb * MB // k), [], False)
    for mb in (4, 8, 16):
        yield (f"stray-{mb}M", "plan repeated, 0xFF every 4 KB", lambda mb=mb: stray(repeat_to(lf, mb * MB // k), 4096), [], False)


def parse_time(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, _, val = line.strip().rpartition(": ")
            out[key] = val
    wall = out.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "0:0")
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    cpu = float(out.get("User time (seconds)", 0)) + float(out.get("System time (seconds)", 0))
    rss_mb = int(out.get("Maximum resident set size (kbytes)", 0)) / 1024
    return secs, cpu, rss_mb, out.get("Exit status", "?")


def describe(out_path):
    with open(out_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if len(lines) != 1:
        return f"**{len(lines)} lines**"
    r = json.loads(lines[0])
    if "error" in r:
        return f"error `{r['error']['code']}`"

    def count(secs):
        return sum(1 + count(s.get("children", [])) for s in secs)

    codes = sorted({w["code"] for w in r.get("warnings", [])})
    return f"record: {count(r['sections'])} sections, {len(r['citations'])} citations" + (f"; warnings {', '.join(codes)}" if codes else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    ap.add_argument("--bin", default=os.path.join(target, "release", "vnplan"))
    ap.add_argument("--quick", action="store_true", help="an eighth of the sizes")
    ap.add_argument("--keep", help="write the inputs here and keep them")
    ap.add_argument("--only", help="run only inputs whose name starts with this")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"no binary at {args.bin}: run `cargo build --release` first (or pass --bin)")
    tmp = args.keep or tempfile.mkdtemp(prefix="vnplan-hostile-")
    os.makedirs(tmp, exist_ok=True)
    print("| input | what | size MB | wall s | CPU s | MB/s | max RSS MB | RSS / input | exit | result |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    try:
        for name, what, data, extra, use_stdin in inputs(args.quick):
            if args.only and not name.startswith(args.only):
                continue
            raw = data() if callable(data) else data
            path = os.path.join(tmp, name + ".txt")
            with open(path, "wb") as f:
                f.write(raw)
            del raw
            size = os.path.getsize(path)
            out_path, time_path = path + ".jsonl", path + ".time"
            cmd = ["/usr/bin/time", "-v", "-o", time_path, args.bin, "extract", "-q", "-j1", *extra, "-" if use_stdin else path]
            with open(out_path, "wb") as out, open(path, "rb") as stdin:
                subprocess.run(cmd, stdout=out, stdin=stdin if use_stdin else subprocess.DEVNULL, check=False)
            wall, cpu, rss, status = parse_time(time_path)
            mbs = f"{size / MB / cpu:.1f}" if cpu > 0 and size > 0 else "-"
            per = f"{rss * 1024 * 1024 / size:.1f}" if size > 0 else "-"
            print(f"| {name} | {what} | {size / MB:.1f} | {wall:.2f} | {cpu:.2f} | {mbs} | {rss:.0f} | {per} | {status} | {describe(out_path)} |", flush=True)
            for p in (path, out_path, time_path):
                if not args.keep:
                    os.remove(p)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

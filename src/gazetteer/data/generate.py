#!/usr/bin/env python3
"""Regenerates the gazetteer TSVs from the `vietnamadminunits` 1.0.4 wheel (MIT).

Usage:
    pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/vau
    python3 generate.py /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl [OUT_DIR]

OUT_DIR defaults to the folder of this script. Standard library only.

Reads, inside the wheel:
  vietnamadminunits/data/dataset.db        tables admin_units_legacy (63 provinces, 696
                                           district-level units, early-2025 state) and
                                           admin_units (34 provinces since 1/7/2025);
  vietnamadminunits/data/converter_2025.json  DICT_PROVINCE: new province key -> old keys.

Writes provinces.tsv, provinces-2025.tsv, districts.tsv: UTF-8, NFC, modern tone placement
("Hòa", "Thủy"), one header line, rows sorted by code point, no duplicates. Fails loudly
(non-zero exit) when the source does not have the shape the Rust module expects, so a new
upstream version cannot silently produce a broken table.
"""

import json
import os
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile

DB = "vietnamadminunits/data/dataset.db"
CONVERTER = "vietnamadminunits/data/converter_2025.json"

# Old style puts the tone on the second vowel of a final oa/oe/uy ("hoà", "thuỷ"); the
# modern style (used by the project's `text::fold`) puts it on the first ("hòa", "thủy").
# Same rule as `modern_tone` in src/text.rs: only at the end of a syllable, never after q.
_TONED = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ",
}
_FIRST = {"o": "òóỏõọ", "u": "ùúủũụ"}
_PAIRS = {"o": "ae", "u": "y"}


def modern_tone(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    out = list(s)
    i = 0
    while i + 1 < len(out):
        a, b = out[i], out[i + 1]
        after = out[i + 2] if i + 2 < len(out) else ""
        prev = out[i - 1] if i > 0 else ""
        la, lb = a.lower(), b.lower()
        if la in _PAIRS and not after.isalpha() and prev.lower() != "q":
            for plain in _PAIRS[la]:
                marks = _TONED[plain]
                if lb in marks:
                    tone = marks.index(lb)
                    new_a = _FIRST[la][tone]
                    out[i] = new_a.upper() if a.isupper() else new_a
                    out[i + 1] = plain.upper() if b.isupper() else plain
                    break
        i += 1
    return "".join(out)


def clean(s: str) -> str:
    s = modern_tone(" ".join(s.split()))
    assert unicodedata.is_normalized("NFC", s), s
    return s


def strip_kind(full: str, kind: str) -> str:
    """'Huyện Kông Chro' + 'Huyện' -> 'Kông Chro' (the data capitalises 'Thành Phố' at times)."""
    if not full.lower().startswith(kind.lower() + " "):
        raise SystemExit(f"unit {full!r} does not start with its kind {kind!r}")
    return full[len(kind) + 1:].strip()


def write_tsv(path, header, rows):
    rows = sorted(set(rows))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            assert all(c and c == c.strip() and "\t" not in c for c in r), r
            f.write("\t".join(r) + "\n")
    return len(rows)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    wheel = argv[1]
    out_dir = argv[2] if len(argv) > 2 else os.path.dirname(os.path.abspath(__file__))

    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        db_path = os.path.join(tmp, "dataset.db")
        with open(db_path, "wb") as f:
            f.write(z.read(DB))
        converter = json.loads(z.read(CONVERTER).decode("utf-8"))
        con = sqlite3.connect(db_path)
        legacy = con.execute(
            "SELECT DISTINCT province, provinceShort, provinceKey FROM admin_units_legacy"
        ).fetchall()
        current = con.execute(
            "SELECT DISTINCT province, provinceShort, provinceKey FROM admin_units"
        ).fetchall()
        districts = con.execute(
            "SELECT DISTINCT provinceShort, districtType, district, districtCode"
            " FROM admin_units_legacy"
        ).fetchall()
        con.close()

    def kind_of(full, short):
        kind = clean(full[: len(full) - len(short)]).lower()
        if kind not in ("tỉnh", "thành phố"):
            raise SystemExit(f"unexpected province kind in {full!r}")
        return kind

    # 34 provinces since 1/7/2025
    new_by_key = {}
    rows_2025 = []
    for full, short, key in current:
        name = clean(short)
        new_by_key[key] = name
        rows_2025.append((name, kind_of(full, short)))
    if len(new_by_key) != 34:
        raise SystemExit(f"expected 34 provinces since 1/7/2025, got {len(new_by_key)}")

    # old key -> new name, from the converter table
    new_of_old = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old in old_keys:
            if old in new_of_old:
                raise SystemExit(f"{old} maps to two new provinces")
            new_of_old[old] = new_by_key[new_key]

    rows_old = []
    for full, short, key in legacy:
        rows_old.append((clean(short), kind_of(full, short), new_of_old[key]))
    if len(rows_old) != 63 or len(new_of_old) != 63:
        raise SystemExit(f"expected 63 old provinces, got {len(rows_old)}/{len(new_of_old)}")

    rows_d = []
    codes = set()
    for prov, dtype, full, code in districts:
        if code in codes:
            raise SystemExit(f"district code {code} appears twice")
        codes.add(code)
        kind = clean(dtype).lower()
        if kind not in ("huyện", "quận", "thị xã", "thành phố"):
            raise SystemExit(f"unexpected district kind {dtype!r}")
        rows_d.append((clean(prov), kind, clean(strip_kind(full, dtype))))
    if len(set(rows_d)) != len(rows_d):
        raise SystemExit("two district-level units share province, kind and name")

    n1 = write_tsv(os.path.join(out_dir, "provinces.tsv"), ("name", "kind", "new_name"), rows_old)
    n2 = write_tsv(os.path.join(out_dir, "provinces-2025.tsv"), ("name", "kind"), rows_2025)
    n3 = write_tsv(os.path.join(out_dir, "districts.tsv"), ("province", "kind", "name"), rows_d)
    print(f"provinces.tsv: {n1} rows; provinces-2025.tsv: {n2} rows; districts.tsv: {n3} rows")


if __name__ == "__main__":
    main(sys.argv)

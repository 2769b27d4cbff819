#!/usr/bin/env python3
"""Write the seed plans re-encoded in the legacy Vietnamese encodings, for tests/encodings.rs.

    python3 scripts/reencode.py              # (re)write fixtures/encodings/<stem>.<encoding>
    python3 scripts/reencode.py --check      # exit 1 if a committed fixture is out of date
    python3 scripts/reencode.py --iconv      # also (re)write fixtures/encodings/iconv/ with glibc

Python 3 standard library only. The TCVN3, VNI and VISCII encoders read the same tables as the
Rust decoders (src/source/tables/*.tsv), so the fixtures need no iconv; Windows-1258 uses
Python's cp1258 codec. Inputs: ../shared/corpus/*.txt (UTF-8, NFC).

What cannot be encoded, and what the generator does instead (tests/encodings.rs applies the
same projection to the original before comparing):
* TCVN3 (ABC) has no toned capitals: they are written with the lower-case code, as typists did
  for the .VnTimeH capitals fonts ("ABC convention"): KẾ HOẠCH -> "KÕ HO¹CH". Ă Â Ê Ô Ơ Ư Đ
  exist as capitals and are kept.
* Characters outside a target's repertoire get an ASCII fallback from FALLBACK (“ -> ", … ->
  ..., ₁ -> 1), anything else "?". TCVN3 and VNI keep Windows-1252 punctuation (0x80-0x9F),
  VISCII has no room for it.
* UTF-16LE (with BOM) represents everything.

--iconv writes, from glibc iconv (which knows TCVN5712-1, VISCII and CP1258 but not VNI):
  iconv/<enc>.bytes.tsv  what iconv decodes each single byte to (the Rust test compares its
                         tables with these), and
  iconv/sample.<enc>     a Vietnamese sample encoded by iconv, and sample.<enc>.utf-8 the
                         text it encodes (the Rust test decodes the one to the other).
The committed files let the tests run where iconv is missing or lacks an encoding.
"""

import os
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
OUT = os.path.join(ROOT, "fixtures", "encodings")
TABLES = os.path.join(ROOT, "src", "source", "tables")

FALLBACK = {
    "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u2022": "-",
    "\u2081": "1", "\u2082": "2", "\u2083": "3",
}

# Capitals TCVN3 has; every other toned capital is written lower-case.
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def read_table(name):
    """char -> bytes from src/source/tables/<name>.tsv (columns: hex bytes, shown, U+code)."""
    table = {}
    with open(os.path.join(TABLES, name + ".tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            ch = chr(int(cols[2][2:], 16))
            if unicodedata.combining(ch):
                continue  # decode-only (TCVN 5712 VN1 combining tone marks)
            table.setdefault(ch, bytes(int(h, 16) for h in cols[0].split()))
    return table


def cp1252_byte(ch):
    try:
        b = ch.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return b if len(b) == 1 else None


def fallback(ch):
    return FALLBACK.get(ch, "?").encode("ascii")


def abc_lower(ch):
    """The ABC convention: a toned capital becomes its lower-case letter."""
    if ch.isupper() and not ch.isascii() and ch not in TCVN3_CAPITALS and ch.lower() != ch:
        return ch.lower()
    return ch


def encode_tcvn3(text, table):
    out = bytearray()
    for ch in text:
        ch = abc_lower(ch)
        if ch in table:
            out += table[ch]
        elif ch.isascii():
            out += ch.encode("ascii")
        elif ch == "\u00a0":
            out += b"\xa0"
        elif (b := cp1252_byte(ch)) is not None and 0x80 <= b[0] < 0xA0:
            out += b
        else:
            out += fallback(ch)
    return bytes(out)


def encode_vni(text, table):
    out = bytearray()
    for ch in text:
        if ch in table:
            out += table[ch]
        elif (b := cp1252_byte(ch)) is not None:
            out += b
        else:
            out += fallback(ch)
    return bytes(out)


def encode_viscii(text, table):
    out = bytearray()
    for ch in text:
        if ch in table:
            out += table[ch]
        elif ch.isascii():
            out += ch.encode("ascii")
        else:
            out += fallback(ch)
    return bytes(out)


def encode_1258(text):
    """Precomposed where cp1258 has the letter, else base letter + combining tone mark (the
    base recomposed without its tone: full NFD would leave U+0302, which cp1258 lacks)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = [c for c in parts if c in TONES]
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        try:
            out += (base + "".join(tones)).encode("cp1258")
        except UnicodeEncodeError:
            out += fallback(ch)
    return bytes(out)


def encoders():
    tcvn3, vni, viscii = read_table("tcvn3"), read_table("vni"), read_table("viscii")
    return {
        "tcvn3": lambda t: encode_tcvn3(t, tcvn3),
        "vni": lambda t: encode_vni(t, vni),
        "viscii": lambda t: encode_viscii(t, viscii),
        "windows-1258": encode_1258,
        "utf-16le": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    }


def seeds():
    for name in sorted(os.listdir(CORPUS)):
        if name.endswith(".txt"):
            with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
                yield name[: -len(".txt")], f.read()


def iconv(args, data):
    try:
        r = subprocess.run(["iconv"] + args, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        return None
    return r.stdout if r.returncode == 0 else None


ICONV = {"TCVN5712-1": "tcvn5712-1", "VISCII": "viscii", "CP1258": "cp1258"}

# Every Vietnamese letter, with the punctuation plans use. TCVN3 gets only the capitals ABC
# has: iconv would put the others in VN1 positions, which vnplan reads as Windows-1252.
LOWER = (
    "Kế hoạch hoạt động thông tin đối ngoại năm 2019; Mường Khương được người dân hưởng ứng.\n"
    "aàáảãạ ăằắẳẵặ âầấẩẫậ đ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ\n"
)
SAMPLES = {
    "TCVN5712-1": LOWER + "ĂÂÊÔƠƯĐ\n",
    "VISCII": LOWER + LOWER.upper(),
    "CP1258": LOWER + LOWER.upper(),
}


def write_iconv():
    d = os.path.join(OUT, "iconv")
    os.makedirs(d, exist_ok=True)
    for enc, stem in ICONV.items():
        if iconv(["-f", enc, "-t", "UTF-8"], b"a") is None:
            print(f"iconv lacks {enc}: skipped", file=sys.stderr)
            continue
        lines = [f"# glibc iconv -f {enc} -t UTF-8, one byte at a time: byte, code points (empty: invalid)\n"]
        for b in range(256):
            got = iconv(["-f", enc, "-t", "UTF-8"], bytes([b]))
            cps = "" if got is None else " ".join(f"U+{ord(c):04X}" for c in got.decode("utf-8"))
            lines.append(f"{b:02X}\t{cps}\n")
        with open(os.path.join(d, f"{stem}.bytes.tsv"), "w", encoding="utf-8") as f:
            f.writelines(lines)
        sample = iconv(["-f", "UTF-8", "-t", enc], SAMPLES[enc].encode("utf-8"))
        if sample is not None:
            with open(os.path.join(d, f"sample.{stem}"), "wb") as f:
                f.write(sample)
            with open(os.path.join(d, f"sample.{stem}.utf-8"), "w", encoding="utf-8") as f:
                f.write(SAMPLES[enc])


def main():
    check = "--check" in sys.argv
    os.makedirs(OUT, exist_ok=True)
    stale = []
    for stem, text in seeds():
        for enc, encode in encoders().items():
            data = encode(text)
            path = os.path.join(OUT, f"{stem}.{enc}")
            old = open(path, "rb").read() if os.path.exists(path) else None
            if old != data:
                if check:
                    stale.append(path)
                else:
                    with open(path, "wb") as f:
                        f.write(data)
                    print(f"wrote {os.path.relpath(path, ROOT)} ({len(data)} bytes)")
    if "--iconv" in sys.argv and not check:
        write_iconv()
    if stale:
        print("out of date (run scripts/reencode.py):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Regenerates src/lexicon/syllables.tsv: Vietnamese syllables and how often they occur.

usage: scripts/gen-syllables.py [SOURCE_DIR ...]   (default: ../shared/corpus ../shared/corpus-extra)

The list repairs words that PDF extraction glued together (`THỰCHIỆN` → `THỰC HIỆN`): a token
that is not a syllable but splits into two listed syllables is split where the rarer half is
most frequent. Only tokens that are phonotactically valid Vietnamese syllables are kept, so
glued words, abbreviations (UBND, TTĐN) and foreign words never enter the list. Damaged files
(`*.damaged.txt`, letters dropped) are skipped. Counts are from the files read; the list is
sorted, NFC, lower case, modern tone placement. Python 3 standard library only.
"""
import os
import re
import sys
import unicodedata
from collections import Counter

PAIRS = [("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
         ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
         ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy")]
TONES = "\u0300\u0301\u0303\u0309\u0323"
INITIAL = "(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
NUCLEUS = ("(uyê|uya|oai|oay|oeo|uây|uôi|ươi|ươu|iêu|yêu|uyu|ia|iê|yê|ua|uô|ưa|ươ|oa|oă|oe|uâ|uê|uy|"
           "ai|ay|ây|ao|au|âu|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu|a|ă|â|e|ê|i|y|o|ô|ơ|u|ư)")
FINAL = "(ch|ng|nh|c|m|n|p|t)?"
SYLLABLE = re.compile("^" + INITIAL + NUCLEUS + FINAL + "$")
WORD = re.compile(r"[^\W\d_]+")


def modern(s):
    for old, new in PAIRS:
        s = re.sub(r"(?<!q)" + old + r"(?![a-zà-ỹđ])", new, s)
    return s


def toneless(s):
    d = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))


def is_syllable(w):
    return len(w) <= 7 and SYLLABLE.match(toneless(w)) is not None


def main(dirs):
    counts = Counter()
    for d in dirs:
        for root, _, names in os.walk(d):
            for n in names:
                if n.endswith(".damaged.txt") or not n.endswith((".txt", ".md")):
                    continue
                with open(os.path.join(root, n), encoding="utf-8", errors="replace") as fh:
                    text = unicodedata.normalize("NFC", fh.read()).replace("_", " ")
                for w in WORD.findall(text):
                    w = modern(w.lower())
                    if is_syllable(w):
                        counts[w] += 1
    out = os.path.join(os.path.dirname(__file__), "..", "src", "lexicon", "syllables.tsv")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("syllable\tcount\n")
        for w in sorted(counts):
            if counts[w] >= 2:
                fh.write(f"{w}\t{counts[w]}\n")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    default = [os.path.join(here, "..", "..", "shared", "corpus"), os.path.join(here, "..", "..", "shared", "corpus-extra")]
    main(sys.argv[1:] or default)

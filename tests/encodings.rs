//! Legacy Vietnamese encodings: the seed plans re-encoded by `scripts/reencode.py` decode to
//! the same records, our byte tables agree with glibc's iconv, and clean UTF-8 is untouched.

mod common;

use std::process::Command;

use serde_json::Value;
use common::without_spans;
use vnplan::pipeline::record_for_bytes;
use vnplan::source::{decode_as, decode_detailed, restore_capitals, Source};

const ENCODINGS: &[&str] = &["tcvn3", "vni", "viscii", "windows-1258", "utf-16le"];

/// Warnings only decoding adds; the UTF-8 original cannot have them.
const DECODE_WARNINGS: &[&str] = &["tcvn3_capitals_restored", "invalid_utf8_replaced"];

/// Mirrors `FALLBACK` in scripts/reencode.py.
fn fallback(c: char) -> &'static str {
    match c {
        '“' | '”' => "\"",
        '‘' | '’' => "'",
        '–' | '—' | '•' => "-",
        '…' => "...",
        '₁' => "1",
        '₂' => "2",
        '₃' => "3",
        _ => "?",
    }
}

fn is_vietnamese_letter(c: char) -> bool {
    let lower: String = c.to_lowercase().collect();
    lower.chars().all(|l| "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ".contains(l))
}

fn in_cp1252(c: char) -> bool {
    u32::from(c) < 0x100 || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

/// What the UTF-8 original becomes through `encoding` and back when decoding is exact: the
/// generator's documented losses (scripts/reencode.py), then, for TCVN3, the decoder's
/// restoration of capitals-font headings.
fn projected(original: &str, encoding: &str) -> String {
    let mut out = String::with_capacity(original.len());
    for c in original.chars() {
        let c = if encoding == "tcvn3" && c.is_uppercase() && !c.is_ascii() && !"ĂÂÊÔƠƯĐ".contains(c) {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        };
        let keeps = c.is_ascii()
            || is_vietnamese_letter(c)
            || match encoding {
                "utf-16le" => true,
                "viscii" => false,
                // ABC's Windows fonts keep the 0x80–0x9F punctuation and the no-break space.
                "tcvn3" => c == '\u{a0}' || (in_cp1252(c) && u32::from(c) >= 0x100),
                _ => in_cp1252(c),
            };
        if keeps {
            out.push(c);
        } else {
            out.push_str(fallback(c));
        }
    }
    if encoding == "tcvn3" {
        out = restore_capitals(&out).0;
    }
    out
}

/// The record without `source` (path, size and hash differ by construction) and without the
/// warnings only decoding produces.
fn comparable(mut record: Value) -> Value {
    if let Some(m) = record.as_object_mut() {
        m.remove("source");
        if let Some(Value::Array(w)) = m.get_mut("warnings") {
            w.retain(|w| !w["code"].as_str().is_some_and(|c| DECODE_WARNINGS.contains(&c)));
        }
    }
    record
}

fn seeds() -> Vec<(String, String)> {
    common::txt_files(&common::shared().join("corpus"))
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
            (stem, std::fs::read_to_string(&p).expect("seed is UTF-8"))
        })
        .collect()
}

fn fixture(stem: &str, encoding: &str) -> Vec<u8> {
    let p = common::root().join("fixtures/encodings").join(format!("{stem}.{encoding}"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e} (run scripts/reencode.py)", p.display()))
}

/// Detection picks the right encoding for every re-encoded seed, the decoded text is exactly
/// the original up to the generator's documented losses, and so the whole record (less
/// `source` and decoding's own warnings) equals the record of that projected UTF-8 text —
/// spans included, because the decoded text is byte-for-byte that text. UTF-16LE loses nothing,
/// so its record equals the original's.
///
/// Against the *original* record: `document`, `sections` and `citations` are equal for every
/// encoding. For VISCII only modulo spans: it has no room for curly quotes, and 1-byte ASCII
/// quotes for 3-byte ones move every later span. For TCVN3 this holds because the decoder puts
/// back the capitals the seeds need (`restore_capitals`); it would not for every text (a
/// lower-case `ở` for a sentence-initial `Ở` stays lower-case).
#[test]
fn reencoded_seeds_decode_to_the_same_records() {
    let mut problems = Vec::new();
    for (stem, original) in seeds() {
        let Ok(orig_record) = record_for_bytes(&stem, original.as_bytes()) else { panic!("{stem}: seed not text") };
        for &enc in ENCODINGS {
            let raw = fixture(&stem, enc);
            let name = format!("{stem}.{enc}");
            let src = match Source::from_bytes(&name, &raw) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(format!("{name}: {e}"));
                    continue;
                }
            };
            if src.encoding != enc {
                problems.push(format!("{name}: detected as {} ({})", src.encoding, src.encoding_confidence));
                continue;
            }
            if enc != "utf-16le" && src.encoding_confidence < 0.9 {
                problems.push(format!("{name}: confidence only {}", src.encoding_confidence));
            }
            let expected = projected(&original, enc);
            if src.text != expected {
                let at = src.text.chars().zip(expected.chars()).position(|(a, b)| a != b).unwrap_or(0);
                let ctx: String = expected.chars().skip(at.saturating_sub(20)).take(60).collect();
                let got: String = src.text.chars().skip(at.saturating_sub(20)).take(60).collect();
                problems.push(format!("{name}: text differs at char {at}:\n  want {ctx:?}\n  got  {got:?}"));
                continue;
            }
            let record = vnplan::pipeline::process(src).record();
            assert_eq!(record["source"]["encoding"], enc);
            let Ok(want) = record_for_bytes(&name, expected.as_bytes()) else { panic!("{name}: projection not text") };
            if comparable(record.clone()) != comparable(want) {
                problems.push(format!("{name}: record differs from the record of the projected text"));
            }
            // VISCII turns 3-byte curly quotes into 1-byte ASCII ones, which moves every span
            // after the first; the values themselves still match.
            let spans: fn(Value) -> Value = if enc == "viscii" { without_spans } else { std::convert::identity };
            for key in ["document", "sections", "citations"] {
                if spans(record[key].clone()) != spans(orig_record[key].clone()) {
                    problems.push(format!("{name}: `{key}` differs from the original's"));
                }
            }
            for key in ["type", "number", "date", "year", "title"] {
                if spans(record["document"][key].clone()) != spans(orig_record["document"][key].clone()) {
                    problems.push(format!("{name}: document.{key} differs from the original's"));
                }
            }
            if enc == "utf-16le" && comparable(record.clone()) != comparable(orig_record.clone()) {
                problems.push(format!("{name}: UTF-16LE record differs from the original's"));
            }
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// One committed `fixtures/encodings/iconv/<enc>.bytes.tsv`: byte → what glibc decodes it to.
fn iconv_table(stem: &str) -> Vec<(u8, Option<String>)> {
    let p = common::root().join("fixtures/encodings/iconv").join(format!("{stem}.bytes.tsv"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (b, cps) = l.split_once('\t')?;
            let b = u8::from_str_radix(b, 16).ok()?;
            let s: Option<String> = if cps.is_empty() {
                None
            } else {
                cps.split(' ').map(|c| u32::from_str_radix(c.trim_start_matches("U+"), 16).ok().and_then(char::from_u32)).collect()
            };
            Some((b, s))
        })
        .collect()
}

fn decode_one(b: u8, enc: &str) -> String {
    decode_as(&[b], enc).map(|d| d.text).unwrap_or_else(|e| panic!("{enc} byte {b:02X}: {e}"))
}

/// Our tables against glibc, byte by byte, from the committed iconv output. VISCII must agree
/// everywhere; TCVN3 everywhere except where vnplan deliberately differs from TCVN 5712 VN1
/// (0x80–0x9F read as Windows-1252 punctuation, C0 bytes left as controls: ABC text has no
/// toned capitals, see src/source/legacy.rs); Windows-1258 (encoding_rs) wherever glibc
/// defines the byte.
#[test]
fn byte_tables_agree_with_glibc() {
    let mut problems = Vec::new();
    for (stem, enc) in [("viscii", "viscii"), ("tcvn5712-1", "tcvn3"), ("cp1258", "windows-1258")] {
        let table = iconv_table(stem);
        assert_eq!(table.len(), 256, "{stem}");
        for (b, glibc) in table {
            if b == 0 {
                continue;
            }
            let ours = decode_one(b, enc);
            let Some(glibc) = glibc else { continue };
            let deliberate = enc == "tcvn3" && (b < 0x20 || (0x80..0xA0).contains(&b));
            if deliberate {
                if b >= 0x80 {
                    let cp1252 = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&[b]).0.into_owned();
                    if ours != cp1252 {
                        problems.push(format!("{enc} {b:02X}: {ours:?}, not Windows-1252 {cp1252:?}"));
                    }
                }
                continue;
            }
            if ours != glibc {
                problems.push(format!("{enc} {b:02X}: ours {ours:?}, glibc {glibc:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Samples encoded by glibc iconv (committed) decode back, named and detected.
#[test]
fn iconv_samples_decode_back() {
    let dir = common::root().join("fixtures/encodings/iconv");
    for (stem, enc) in [("viscii", "viscii"), ("tcvn5712-1", "tcvn3"), ("cp1258", "windows-1258")] {
        let raw = std::fs::read(dir.join(format!("sample.{stem}"))).expect("sample");
        let want = std::fs::read_to_string(dir.join(format!("sample.{stem}.utf-8"))).expect("sample text");
        assert_eq!(decode_as(&raw, enc).expect("named").text, want, "{enc} named");
        // Detection scores syllables, so give it the sentence, not the lines of bare letters.
        let first_line = &raw[..raw.iter().position(|&b| b == b'\n').map_or(raw.len(), |i| i + 1)];
        let d = decode_detailed(first_line).expect("detected");
        assert_eq!((d.encoding, d.text.as_str()), (enc, want.lines().next().map(|l| format!("{l}\n")).unwrap_or_default().as_str()), "{enc} detected");
    }
}

/// The same round trip through the iconv on this machine, when it has the encoding (so a
/// newer glibc cannot drift from the committed files unnoticed). Skips without iconv.
#[test]
fn live_iconv_round_trip() {
    let text = "Kế hoạch hoạt động thông tin đối ngoại năm 2019; Mường Khương được người dân hưởng ứng.\n\
                Ăn ở, ươm tơ, đường, quốc phòng, ỷ lại, ỹ, ỵ, Ơn, Ưu, Đảng, Ấp, Ầm, Ổ, Ỗ\n";
    for (iconv_name, enc) in [("VISCII", "viscii"), ("CP1258", "windows-1258"), ("TCVN5712-1", "tcvn3")] {
        // ABC has only seven capitals: give iconv the text TCVN3 can hold.
        let input: String = if enc == "tcvn3" { projected(text, "tcvn3") } else { text.to_string() };
        let out = Command::new("iconv")
            .args(["-f", "UTF-8", "-t", iconv_name])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                if let Some(mut stdin) = child.stdin.take() {
                    stdin.write_all(input.as_bytes())?;
                }
                child.wait_with_output()
            });
        let out = match out {
            Ok(o) if o.status.success() => o.stdout,
            _ => {
                eprintln!("iconv without {iconv_name}: skipped");
                continue;
            }
        };
        let d = decode_detailed(&out).expect("decodes");
        assert_eq!((d.encoding, d.text.as_str()), (enc, input.as_str()), "{iconv_name}");
    }
}

/// The VNI table (no glibc to check against): all 134 non-ASCII Vietnamese letters, each once,
/// each decoding back from its bytes — and the same letter set as VISCII's table.
#[test]
fn vni_table_covers_every_letter_once() {
    let read = |name: &str| -> Vec<(Vec<u8>, char)> {
        let p = common::root().join("src/source/tables").join(format!("{name}.tsv"));
        std::fs::read_to_string(&p)
            .expect("table")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                let bytes = cols[0].split(' ').map(|h| u8::from_str_radix(h, 16).ok()).collect::<Option<Vec<u8>>>()?;
                let c = char::from_u32(u32::from_str_radix(cols.get(2)?.trim_start_matches("U+"), 16).ok()?)?;
                Some((bytes, c))
            })
            .collect()
    };
    let vni = read("vni");
    let mut letters: Vec<char> = vni.iter().map(|(_, c)| *c).collect();
    letters.sort_unstable();
    letters.dedup();
    assert_eq!((vni.len(), letters.len()), (134, 134));
    let mut viscii: Vec<char> = read("viscii").into_iter().map(|(_, c)| c).collect();
    viscii.sort_unstable();
    assert_eq!(letters, viscii);
    for (bytes, c) in &vni {
        assert_eq!(decode_as(bytes, "vni").expect("vni").text, c.to_string(), "{bytes:02X?}");
    }
}

/// Every file of corpus-extra is UTF-8 and still decodes exactly as before: same text, named
/// utf-8, full confidence, no decoding warnings — detection must not re-read real documents.
#[test]
fn corpus_extra_stays_plain_utf8() {
    let mut problems = Vec::new();
    let files = common::all_files(&common::shared().join("corpus-extra"));
    assert!(files.len() > 500, "corpus-extra has {} files", files.len());
    for p in files {
        let raw = std::fs::read(&p).expect("read");
        let Ok(text) = std::str::from_utf8(&raw) else {
            problems.push(format!("{}: not UTF-8", p.display()));
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match Source::from_bytes("x", &raw) {
            Ok(s) if s.encoding == "utf-8" && s.text == text && s.encoding_confidence == 1.0 && s.warnings.is_empty() => {}
            Ok(s) => problems.push(format!("{}: decoded as {} ({})", p.display(), s.encoding, s.encoding_confidence)),
            Err(e) => problems.push(format!("{}: {e}", p.display())),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The committed fixtures are what scripts/reencode.py writes today (skipped without python3).
#[test]
fn fixtures_are_up_to_date() {
    let script = common::root().join("scripts/reencode.py");
    match Command::new("python3").arg(&script).arg("--check").output() {
        Ok(o) => assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr)),
        Err(_) => eprintln!("no python3: skipped"),
    }
}

//! Snapshots of every corpus record and outline. Snapshots freeze the output so that any
//! change is reviewed (`cargo insta review`); they do not prove it right — `accuracy.rs`
//! scores the same records against the gold files.

mod common;

#[test]
fn corpus_records() {
    insta::glob!("../corpus", "*.txt", |path| {
        let (_, record) = common::record_of(path);
        insta::assert_json_snapshot!("record", record, { ".source.sha256" => "[sha256]" });
    });
}

/// The varied sample (`corpus/sample/`, see its SOURCES.tsv): web exports, a damaged and a
/// segmented file, one plan in five encodings. No gold: snapshots pin the output, and the
/// encoded plans must equal their UTF-8 original.
#[test]
fn sample_records() {
    insta::glob!("../corpus/sample", "*.{txt,md}", |path| {
        let (_, record) = common::record_of(path);
        assert!(record.get("error").is_none(), "{}: {}", path.display(), record["error"]);
        insta::assert_json_snapshot!("sample", record, { ".source.sha256" => "[sha256]" });
    });
}

#[test]
fn sample_encodings_give_the_plan_itself() {
    let (_, original) = common::record_of(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kontum-2019.txt"));
    for enc in ["tcvn3", "vni", "viscii", "windows-1258", "utf-16le"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("corpus/sample/kontum-2019.{enc}.txt"));
        let (_, record) = common::record_of(&path);
        // Spans too, except for VISCII: it has no curly quotes, and the 1-byte ASCII quotes
        // it decodes to move every later span (tests/encodings.rs says more).
        let spans = |v: &serde_json::Value| if enc == "viscii" { common::without_spans(v.clone()) } else { v.clone() };
        for key in ["document", "sections", "citations"] {
            assert_eq!(spans(&record[key]), spans(&original[key]), "{enc}: {key}");
        }
        assert_eq!(record["source"]["encoding"], enc, "{enc}");
    }
}

#[test]
fn corpus_outlines() {
    insta::glob!("../corpus", "*.txt", |path| {
        let raw = std::fs::read(path).expect("read");
        let src = vnplan::source::Source::from_bytes("corpus", &raw).expect("text");
        let p = vnplan::pipeline::process(src);
        insta::assert_snapshot!("outline", vnplan::pipeline::outline_text(&p));
    });
}

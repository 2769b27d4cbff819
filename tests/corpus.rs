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

#[test]
fn corpus_outlines() {
    insta::glob!("../corpus", "*.txt", |path| {
        let raw = std::fs::read(path).expect("read");
        let src = vnplan::source::Source::from_bytes("corpus", &raw).expect("text");
        let p = vnplan::pipeline::process(src);
        insta::assert_snapshot!("outline", vnplan::pipeline::outline_text(&p));
    });
}

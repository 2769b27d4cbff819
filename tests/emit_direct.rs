//! `vnplan extract` writes records straight from the extracted values
//! (`Processed::record_line`), while redaction, statistics and tables work on the `Value` of
//! `Processed::record`. The two must be the same record, byte for byte, compact and pretty:
//! checked on every document of the corpus and of `../shared/corpus-extra`.

mod common;

use vnplan::pipeline;
use vnplan::source::Source;

#[test]
fn direct_record_lines_equal_the_serialised_value_on_every_document() {
    let mut files = common::all_files(&common::root().join("corpus"));
    files.extend(common::all_files(&common::shared().join("corpus-extra")));
    let mut checked = 0;
    for path in files {
        let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let Ok(src) = Source::from_bytes(&path.display().to_string(), &raw) else { continue };
        let p = pipeline::process(src);
        let value = p.record();
        for pretty in [false, true] {
            let mut want = if pretty { serde_json::to_vec_pretty(&value) } else { serde_json::to_vec(&value) }.expect("a Value serialises");
            want.push(b'\n');
            let got = p.record_line(pretty);
            assert!(got == want, "{} (pretty: {pretty}): direct record differs from the Value record", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 550, "only {checked} documents checked");
}

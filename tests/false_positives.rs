//! Checks over every document of the corpus and of `../shared/corpus-extra` (550 real
//! documents with messy layouts) that citations and dates never come from things that only
//! look like them (issue "Cited documents and dates", Done when):
//! * no citation or date from a phone number (a run of nine or more digits, dots and spaces allowed between them);
//! * no citation or date inside a section's numbering label (`1.1.`, `II.`);
//! * no citation of the document's own number;
//! * every date value is a valid ISO date at its precision, and its span's text contains
//!   the digits of its day, month and (unless inferred) year.

mod common;

use serde_json::Value;

fn label_regions(sections: &Value, out: &mut Vec<(u64, u64)>) {
    for s in sections.as_array().into_iter().flatten() {
        let (Some(start), Some(heading)) = (s["extent"][0].as_u64(), s["span"][0].as_u64()) else { continue };
        out.push((start, heading));
        label_regions(&s["children"], out);
    }
}

fn valid_iso(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    match parts.len() {
        1 => parts[0].len() == 4 && num(0).is_some(),
        2 => parts[1].len() == 2 && num(1).is_some_and(|m| (1..=12).contains(&m)),
        3 => {
            let (Some(y), Some(m), Some(d)) = (num(0), num(1), num(2)) else { return false };
            let dim = match m {
                2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                1..=12 => 31,
                _ => 0,
            };
            parts[2].len() == 2 && (1..=dim).contains(&d)
        }
        _ => false,
    }
}

fn long_digit_run(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            run += 1;
            if run >= 9 {
                return true;
            }
        } else if c != '.' && c != ' ' {
            run = 0;
        }
    }
    false
}

fn check(name: &str, text: &str, r: &Value, problems: &mut Vec<String>) -> (usize, usize) {
    let mut labels = Vec::new();
    label_regions(&r["sections"], &mut labels);
    let in_label = |s: u64, e: u64| labels.iter().any(|&(a, b)| s < b && a < e);
    let own = match (r["document"]["number"]["seq"].as_str(), r["document"]["number"]["symbol"].as_str()) {
        (Some(seq), Some(sym)) => Some(format!("{seq}/{sym}").to_uppercase()),
        _ => None,
    };
    let cites = r["citations"].as_array().cloned().unwrap_or_default();
    let dates = r["dates"].as_array().cloned().unwrap_or_default();
    for c in &cites {
        let key = c["key"].as_str().unwrap_or("");
        let (s, e) = (c["span"][0].as_u64().unwrap_or(0), c["span"][1].as_u64().unwrap_or(0));
        let slice = text.get(s as usize..e as usize).unwrap_or("");
        if long_digit_run(c["number"].as_str().unwrap_or("")) || long_digit_run(slice) {
            problems.push(format!("{name}: citation {key} looks like a phone number: {slice:?}"));
        }
        if in_label(s, e) {
            problems.push(format!("{name}: citation {key} inside a section label"));
        }
        if own.as_deref() == Some(key.to_uppercase().as_str()) {
            problems.push(format!("{name}: citation of the document's own number {key}"));
        }
    }
    for d in &dates {
        let (s, e) = (d["span"][0].as_u64().unwrap_or(0), d["span"][1].as_u64().unwrap_or(0));
        let slice = text.get(s as usize..e as usize).unwrap_or("");
        if long_digit_run(slice) {
            problems.push(format!("{name}: date from a phone number: {slice:?}"));
        }
        if in_label(s, e) {
            problems.push(format!("{name}: date inside a section label: {slice:?}"));
        }
        let Some(v) = d["value"].as_str() else { continue };
        if !valid_iso(v) {
            problems.push(format!("{name}: date value {v:?} is not ISO"));
            continue;
        }
        let digits: String = slice.chars().filter(|c| c.is_ascii_digit()).collect();
        let parts: Vec<&str> = v.split('-').collect();
        let inferred = d["year_inferred"] == Value::Bool(true);
        for (i, p) in parts.iter().enumerate() {
            if i == 0 && inferred {
                continue;
            }
            let n = p.trim_start_matches('0');
            if !digits.contains(n) {
                problems.push(format!("{name}: date {v} from {slice:?}: {p} not in the text"));
            }
        }
    }
    (cites.len(), dates.len())
}

#[test]
fn no_citation_or_date_from_look_alikes() {
    let mut problems = Vec::new();
    let mut files = common::txt_files(&common::root().join("corpus"));
    files.extend(common::all_files(&common::shared().join("corpus-extra")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md")));
    let (mut nc, mut nd) = (0, 0);
    for path in &files {
        let raw = std::fs::read(path).expect("read");
        let Ok(src) = vnplan::source::Source::from_bytes("x", &raw) else { continue };
        let text = src.text.clone();
        let r = vnplan::pipeline::process(src).record();
        let (c, d) = check(&path.display().to_string(), &text, &r, &mut problems);
        nc += c;
        nd += d;
    }
    assert!(nc > 2000 && nd > 2000, "suspiciously few items: {nc} citations, {nd} dates");
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.iter().take(30).cloned().collect::<Vec<_>>().join("\n"));
}

//! Scoring decoded candidates by how Vietnamese they read.
//!
//! Every 8-bit decoder turns any bytes into *some* text, so only the result tells which one
//! was right (domain-facts §6.3): the right decoding turns words with Vietnamese letters into
//! real syllables, a wrong one into letter salad (`ho¹ch`, `caùc`) and stray symbols.

use crate::lexicon::syllable_count;

/// Only this much of a candidate is scored: enough words to decide, and it keeps detection
/// cheap on very large inputs. The winner is then decoded in full.
pub(crate) const SAMPLE_BYTES: usize = 128 * 1024;

/// Counts for one candidate text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Score {
    /// Words with a non-ASCII letter that are Vietnamese syllables.
    pub good: u32,
    /// Words with a non-ASCII letter that are not, plus stray symbols and control characters.
    pub bad: u32,
}

impl Score {
    /// Good minus bad: what candidates are ranked by.
    pub fn net(self) -> i64 {
        i64::from(self.good) - i64::from(self.bad)
    }

    /// Share of the scored items that look right, 0 when there is nothing to score.
    pub fn quality(self) -> f32 {
        let all = self.good + self.bad;
        if all == 0 {
            0.0
        } else {
            self.good as f32 / all as f32
        }
    }

    /// Whether a legacy decoding is plausible enough to use rather than give up: mostly real
    /// syllables, and at least three of them (two with nothing wrong, for one-line inputs).
    pub fn acceptable(self) -> bool {
        self.quality() >= 0.6 && (self.good >= 3 || (self.good >= 2 && self.bad == 0))
    }
}

/// How sure the winner is: its quality, scaled down when the runner-up comes close
/// (half the quality when they tie). Rounded to hundredths so records stay stable.
pub(crate) fn confidence(best: Score, runner_up: Option<Score>) -> f32 {
    let margin = match runner_up {
        None => 1.0,
        Some(r) => {
            let gap = (best.net() - r.net()).max(0) as f32;
            (gap / best.good.max(1) as f32).min(1.0)
        }
    };
    (best.quality() * (0.5 + 0.5 * margin) * 100.0).round() / 100.0
}

/// The first [`SAMPLE_BYTES`] of `text`, cut at a character boundary.
pub(crate) fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Scores `text`: each word (maximal run of letters) that has a non-ASCII letter is good when
/// it is a known syllable and bad otherwise; ASCII words are the same in every candidate and
/// count for nothing. Symbols outside ordinary punctuation and control characters are bad.
///
/// Words are slices of `text`, lowered into one reused buffer only when they hold a non-ASCII
/// letter, and letters are told by `text::is_letter`: a string per word and the general
/// Unicode letter table were most of the decoding time of a document that shows signs of
/// mojibake (it is scored up to four times).
pub(crate) fn score(text: &str) -> Score {
    let mut s = Score::default();
    let mut lower = String::new();
    // The current word's start, and whether it has a non-ASCII letter.
    let mut word_start: Option<usize> = None;
    let mut non_ascii = false;
    let mut finish = |word: &str, non_ascii: bool, s: &mut Score| {
        if non_ascii {
            // Lowered a character at a time: the one context rule of `str::to_lowercase`,
            // the Greek final sigma, cannot make a word Vietnamese either way.
            lower.clear();
            for c in word.chars() {
                if c.is_ascii() {
                    lower.push(c.to_ascii_lowercase());
                } else {
                    lower.extend(c.to_lowercase());
                }
            }
            if lower.chars().all(is_vietnamese_letter) && syllable_count(&lower).is_some() {
                s.good += 1;
            } else {
                s.bad += 1;
            }
        }
    };
    for (i, c) in text.char_indices() {
        if crate::text::is_letter(c) {
            word_start.get_or_insert(i);
            non_ascii |= !c.is_ascii();
            continue;
        }
        if let Some(start) = word_start.take() {
            finish(text.get(start..i).unwrap_or(""), non_ascii, &mut s);
            non_ascii = false;
        }
        if is_odd(c) {
            s.bad += 1;
        }
    }
    if let Some(start) = word_start {
        finish(text.get(start..).unwrap_or(""), non_ascii, &mut s);
    }
    s
}

/// Letters of the Vietnamese alphabet (lower case), plus the ASCII letters it lacks, which
/// foreign names and abbreviations use.
fn is_vietnamese_letter(c: char) -> bool {
    c.is_ascii_lowercase()
        || matches!(
            c,
            'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ' | 'ẫ' | 'ậ' | 'đ' | 'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế'
                | 'ể' | 'ễ' | 'ệ' | 'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' | 'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở' | 'ỡ'
                | 'ợ' | 'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' | 'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ'
        )
}

/// A character no Vietnamese text needs: control characters, U+FFFD, combining marks left
/// over, and non-ASCII symbols other than common punctuation.
fn is_odd(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | '\u{c}' => false,
        c if c.is_control() => true,
        c if c.is_ascii() => false,
        // No-break space, degree, section, the general punctuation block (dashes, quotes,
        // ellipsis, bullet), numero, arrows and bullets that word processors insert.
        '\u{a0}' | '°' | '§' | '\u{2000}'..='\u{206f}' | '№' | '\u{2190}'..='\u{21ff}' | '\u{25a0}'..='\u{25ff}' => false,
        c if c.is_whitespace() || c.is_numeric() => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_syllables_are_good_and_salad_is_bad() {
        let right = score("Kế hoạch hoạt động thông tin đối ngoại năm 2019");
        assert_eq!(right, Score { good: 8, bad: 0 });
        let wrong = score("KÕ ho¹ch ho¹t ®éng th«ng tin ®èi ngo¹i n¨m 2019");
        assert!(wrong.net() < 0, "{wrong:?}");
        assert!(right.acceptable() && !wrong.acceptable());
    }

    #[test]
    fn confidence_drops_when_the_runner_up_is_close() {
        let best = Score { good: 10, bad: 0 };
        assert_eq!(confidence(best, None), 1.0);
        assert_eq!(confidence(best, Some(Score { good: 0, bad: 10 })), 1.0);
        assert_eq!(confidence(best, Some(best)), 0.5);
    }

    /// The Vietnamese letter test answers as the string it replaced for every character.
    #[test]
    fn letter_shortcuts_agree_with_the_general_tests() {
        const LETTERS: &str = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
        let mut checked = 0;
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            assert_eq!(is_vietnamese_letter(c), c.is_ascii_lowercase() || LETTERS.contains(c), "{c:?}");
            checked += 1;
        }
        assert!(checked > 1_000_000);
    }

    /// [`score`] as it was written with a string per word.
    fn score_reference(text: &str) -> Score {
        let mut s = Score::default();
        let mut word = String::new();
        let mut non_ascii = false;
        fn finish(word: &mut String, non_ascii: &mut bool, s: &mut Score) {
            if *non_ascii {
                let lower = word.to_lowercase();
                if lower.chars().all(is_vietnamese_letter) && syllable_count(&lower).is_some() {
                    s.good += 1;
                } else {
                    s.bad += 1;
                }
            }
            word.clear();
            *non_ascii = false;
        }
        for c in text.chars() {
            if c.is_alphabetic() {
                word.push(c);
                non_ascii |= !c.is_ascii();
                continue;
            }
            finish(&mut word, &mut non_ascii, &mut s);
            if is_odd(c) {
                s.bad += 1;
            }
        }
        finish(&mut word, &mut non_ascii, &mut s);
        s
    }

    #[test]
    fn scores_equal_the_reference_on_corpus_and_damaged_text() {
        let mut texts = vec!["".to_string(), "ế".into(), "KÕ ho¹ch ho¹t ®éng th«ng tin ®èi ngo¹i n¨m 2019".into(), "Ξ ΚΕ Kelvin İstanbul ǅ ß\u{1}".into()];
        for (_, t) in crate::testing::corpus_texts() {
            texts.push(crate::source::legacy::unmojibake(&t));
            texts.push(t);
        }
        assert!(texts.len() > 10, "the corpus was read");
        for t in &texts {
            assert_eq!(score(t), score_reference(t));
        }
    }

    proptest::proptest! {
        #[test]
        fn scores_equal_the_reference_on_random_text(t in "(ho¹ch|hoạch|KẾ|x|Đ|ß|İ|K|ǅ|ĸ|\\PC|\\pL| |,|\\.|2)*") {
            proptest::prop_assert_eq!(score(&t), score_reference(&t));
        }
    }

    #[test]
    fn sample_cuts_at_a_char_boundary() {
        let text = "ế".repeat(SAMPLE_BYTES);
        assert!(sample(&text).len() <= SAMPLE_BYTES);
    }
}

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
pub(crate) fn score(text: &str) -> Score {
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

/// Letters of the Vietnamese alphabet (lower case), plus the ASCII letters it lacks, which
/// foreign names and abbreviations use.
fn is_vietnamese_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ".contains(c)
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

    #[test]
    fn sample_cuts_at_a_char_boundary() {
        let text = "ế".repeat(SAMPLE_BYTES);
        assert!(sample(&text).len() <= SAMPLE_BYTES);
    }
}

//! The way back from normalised text to the source. Built while the normaliser writes, never
//! by diffing the two texts afterwards (eyecite's `SpanUpdater` diffs; we already know every
//! edit we make).
//!
//! The map is a sorted list of pieces that cover both texts without gaps. A *kept* piece is
//! byte-identical in both texts, so offsets inside it map exactly; a *rewritten* piece maps a
//! source range to a different normalised string, so an offset inside it widens to the whole
//! source range.

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    norm_start: usize,
    norm_end: usize,
    src_start: usize,
    src_end: usize,
    kept: bool,
}

/// Normalised offsets → source offsets.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    src_len: usize,
}

impl OffsetMap {
    /// Maps a span of the normalised text to the span of source text it came from.
    ///
    /// Offsets inside kept pieces map exactly; offsets inside a rewritten piece widen to that
    /// piece's source range, so the result always covers the whole evidence.
    pub fn to_source(&self, span: Span) -> Span {
        self.to_source_from(span, &std::cell::Cell::new(0))
    }

    /// [`Self::to_source`] for a caller that maps many spans, mostly in reading order (a
    /// record's sections, then its citations, …): each start is searched from where the last
    /// start was found (`hint`, updated) and each end from its own start, galloping forward,
    /// instead of a binary search over the whole map every time. Same result for any hint.
    ///
    /// The end does not move the hint: a section's extent ends far ahead of the next
    /// section's heading, which would then be searched for behind it, over the whole map.
    pub fn to_source_from(&self, span: Span, hint: &std::cell::Cell<usize>) -> Span {
        if span.is_empty() {
            let s = self.start_to_source(span.start, hint);
            return Span::new(s, s);
        }
        let start = self.start_to_source(span.start, hint);
        let end = self.end_to_source(span.end, &std::cell::Cell::new(hint.get()));
        Span::new(start, end)
    }

    /// The first piece whose normalised side ends after `off` (`pieces.len()` for none):
    /// `partition_point(|p| p.norm_end <= off)`, searched from `hint`.
    fn piece_after(&self, off: usize, hint: &std::cell::Cell<usize>) -> usize {
        let pieces = &self.pieces;
        let before = |i: usize| pieces.get(i).is_some_and(|p| p.norm_end <= off);
        let h = hint.get().min(pieces.len());
        let i = if h > 0 && !before(h - 1) {
            // Behind the hint: an ordinary binary search of the pieces before it.
            pieces.get(..h).map_or(0, |p| p.partition_point(|p| p.norm_end <= off))
        } else {
            // Every piece before `lo` ends at or before `off`; `hi` is past the answer or the end.
            let (mut lo, mut hi, mut step) = (h, h, 1);
            while hi < pieces.len() && before(hi) {
                lo = hi + 1;
                hi += step;
                step *= 2;
            }
            let hi = hi.min(pieces.len());
            lo + pieces.get(lo..hi).map_or(0, |p| p.partition_point(|p| p.norm_end <= off))
        };
        hint.set(i);
        i
    }

    fn start_to_source(&self, off: usize, hint: &std::cell::Cell<usize>) -> usize {
        // The piece that contains `off` (pieces with an empty normalised side hold no offset).
        let i = self.piece_after(off, hint);
        match self.pieces.get(i) {
            Some(p) if p.norm_start <= off => {
                if p.kept {
                    p.src_start + (off - p.norm_start)
                } else {
                    p.src_start
                }
            }
            Some(p) => p.src_start,
            None => self.src_len,
        }
    }

    fn end_to_source(&self, off: usize, hint: &std::cell::Cell<usize>) -> usize {
        if off == 0 {
            return 0;
        }
        // The piece that contains the last byte, `off - 1`.
        let last = off - 1;
        let i = self.piece_after(last, hint);
        match self.pieces.get(i) {
            Some(p) if p.norm_start <= last => {
                if p.kept {
                    p.src_start + (off - p.norm_start)
                } else {
                    p.src_end
                }
            }
            Some(p) => p.src_start,
            None => self.src_len,
        }
    }

    /// Number of pieces (for tests and statistics).
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// True when the map has no piece (empty text).
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Checks the invariant that pieces cover `0..norm_len` and `0..src_len` in order without
    /// gaps. Used by tests; a violation is a bug in the normaliser.
    pub fn check(&self, norm_len: usize) -> Result<(), String> {
        let (mut n, mut s) = (0, 0);
        for (i, p) in self.pieces.iter().enumerate() {
            if p.norm_start != n || p.src_start != s {
                return Err(format!("piece {i} starts at ({}, {}), expected ({n}, {s})", p.norm_start, p.src_start));
            }
            if p.kept && p.norm_end - p.norm_start != p.src_end - p.src_start {
                return Err(format!("kept piece {i} has different lengths"));
            }
            n = p.norm_end;
            s = p.src_end;
        }
        if n != norm_len || s != self.src_len {
            return Err(format!("pieces end at ({n}, {s}), texts end at ({norm_len}, {})", self.src_len));
        }
        Ok(())
    }
}

/// Where a part of a [`MapBuilder`] lies in it (see [`MapBuilder::begin_at`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    out: usize,
    out_end: usize,
    pieces: usize,
    pieces_end: usize,
    src_start: usize,
    src_end: usize,
}

impl Part {
    /// How many pieces of the map the part holds.
    pub fn piece_count(&self) -> usize {
        self.pieces_end - self.pieces
    }
}

/// Writes the normalised text and its [`OffsetMap`] together, one source range at a time.
/// The caller walks the source in order and says, for every range, whether it is kept or
/// replaced by other text.
#[derive(Debug)]
pub struct MapBuilder<'s> {
    src: &'s str,
    out: String,
    pieces: Vec<Piece>,
    src_pos: usize,
    /// Pieces below this index are never extended (see [`begin_at`](Self::begin_at)).
    floor: usize,
}

impl<'s> MapBuilder<'s> {
    /// Starts writing the normalised form of `src`.
    pub fn new(src: &'s str) -> MapBuilder<'s> {
        MapBuilder { src, out: String::with_capacity(src.len()), pieces: Vec::new(), src_pos: 0, floor: 0 }
    }

    /// How many pieces of the map are written so far.
    pub fn piece_count(&self) -> usize {
        self.pieces.len()
    }

    /// Makes room for `n` more pieces of the map.
    pub fn reserve_pieces(&mut self, n: usize) {
        self.pieces.reserve(n);
    }

    /// Starts writing the normalised form of `src` from source offset `pos` on, so that one
    /// part of a text can be normalised on its own and [`append`](Self::append)ed later.
    pub fn at(src: &'s str, pos: usize) -> MapBuilder<'s> {
        MapBuilder { src, out: String::new(), pieces: Vec::new(), src_pos: pos.min(src.len()), floor: 0 }
    }

    /// Starts a new part at source offset `pos` (at or after [`src_pos`](Self::src_pos)):
    /// the source in between is left out of the map, and the part's first piece never merges
    /// with the previous part's last one. Many parts of a text (a document's lines) are so
    /// written one after another into one builder, each part then
    /// [`append_part`](Self::append_part)ed to another builder as a builder of its own would
    /// be: one buffer for all of them, not two allocations per part. Such a builder's own
    /// map has gaps: never [`finish`](Self::finish) it.
    pub fn begin_at(&mut self, pos: usize) -> Part {
        self.src_pos = pos.min(self.src.len()).max(self.src_pos);
        self.floor = self.pieces.len();
        Part { out: self.out.len(), pieces: self.pieces.len(), src_start: self.src_pos, out_end: self.out.len(), pieces_end: self.pieces.len(), src_end: self.src_pos }
    }

    /// Closes the part [`begin_at`](Self::begin_at) opened: everything written since.
    pub fn end_part(&self, part: Part) -> Part {
        Part { out_end: self.out.len(), pieces_end: self.pieces.len(), src_end: self.src_pos, ..part }
    }

    /// The text a part of this builder holds.
    pub fn part_text(&self, part: &Part) -> &str {
        self.out.get(part.out..part.out_end).unwrap_or("")
    }

    /// Appends a part another builder wrote (as [`append`](Self::append) appends a builder).
    /// The part must start where this builder stands. Pieces are shifted to their place
    /// here, the first merged into the last one when both are kept and adjacent.
    pub fn append_part(&mut self, from: &MapBuilder<'s>, part: &Part) {
        debug_assert_eq!(part.src_start, self.src_pos);
        let shift = self.out.len();
        self.out.push_str(from.part_text(part));
        for &p in from.pieces.get(part.pieces..part.pieces_end).unwrap_or_default() {
            let p = Piece { norm_start: p.norm_start - part.out + shift, norm_end: p.norm_end - part.out + shift, ..p };
            match self.pieces.last_mut() {
                Some(last) if last.kept && p.kept && last.norm_end == p.norm_start && last.src_end == p.src_start => {
                    last.norm_end = p.norm_end;
                    last.src_end = p.src_end;
                }
                _ => self.pieces.push(p),
            }
        }
        self.src_pos = self.src_pos.max(part.src_end);
    }

    /// Appends what `other` wrote. `other` must have started where this builder stands.
    pub fn append(&mut self, other: MapBuilder<'s>) {
        let src_start = other.pieces.first().map_or(self.src_pos, |p| p.src_start);
        let whole = Part { out: 0, out_end: other.out.len(), pieces: 0, pieces_end: other.pieces.len(), src_start, src_end: other.src_pos };
        self.append_part(&other, &whole);
    }

    /// The source text this builder writes the normalised form of.
    pub fn src(&self) -> &'s str {
        self.src
    }

    /// Source offset up to which everything has been written.
    pub fn src_pos(&self) -> usize {
        self.src_pos
    }

    /// The normalised text written so far.
    pub fn out(&self) -> &str {
        &self.out
    }

    /// Copies `src[src_pos..end]` unchanged.
    pub fn keep(&mut self, end: usize) {
        let end = end.min(self.src.len()).max(self.src_pos);
        if end == self.src_pos {
            return;
        }
        let text = self.src.get(self.src_pos..end).unwrap_or("");
        let norm_start = self.out.len();
        self.out.push_str(text);
        let may_merge = self.pieces.len() > self.floor;
        match self.pieces.last_mut().filter(|_| may_merge) {
            Some(p) if p.kept && p.norm_end == norm_start && p.src_end == self.src_pos => {
                p.norm_end = self.out.len();
                p.src_end = end;
            }
            _ => self.pieces.push(Piece {
                norm_start,
                norm_end: self.out.len(),
                src_start: self.src_pos,
                src_end: end,
                kept: true,
            }),
        }
        self.src_pos = end;
    }

    /// Replaces `src[src_pos..end]` with `with` (which may be empty: a deletion, or the
    /// source range may be empty: an insertion). Identical text is recorded as kept.
    pub fn rewrite(&mut self, end: usize, with: &str) {
        let end = end.min(self.src.len()).max(self.src_pos);
        if self.src.get(self.src_pos..end) == Some(with) {
            self.keep(end);
            return;
        }
        let norm_start = self.out.len();
        self.out.push_str(with);
        self.pieces.push(Piece {
            norm_start,
            norm_end: self.out.len(),
            src_start: self.src_pos,
            src_end: end,
            kept: false,
        });
        self.src_pos = end;
    }

    /// Finishes: everything not yet written is deleted (the caller decided to drop it).
    pub fn finish(mut self) -> (String, OffsetMap) {
        let len = self.src.len();
        if self.src_pos < len {
            self.rewrite(len, "");
        }
        let map = OffsetMap { pieces: self.pieces, src_len: len };
        (self.out, map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`OffsetMap::to_source`] as written before the hinted search: a binary search over
    /// every piece for each offset.
    fn to_source_reference(map: &OffsetMap, span: Span) -> Span {
        let find = |off: usize| map.pieces.partition_point(|p| p.norm_end <= off);
        let start = |off: usize| match map.pieces.get(find(off)) {
            Some(p) if p.norm_start <= off => p.src_start + if p.kept { off - p.norm_start } else { 0 },
            Some(p) => p.src_start,
            None => map.src_len,
        };
        let end = |off: usize| {
            if off == 0 {
                return 0;
            }
            match map.pieces.get(find(off - 1)) {
                Some(p) if p.norm_start < off => if p.kept { p.src_start + (off - p.norm_start) } else { p.src_end },
                Some(p) => p.src_start,
                None => map.src_len,
            }
        };
        if span.is_empty() {
            Span::new(start(span.start), start(span.start))
        } else {
            Span::new(start(span.start), end(span.end))
        }
    }

    /// Any hint, any order of spans: the same source spans as a search over the whole map.
    #[test]
    fn hinted_searches_map_as_the_whole_search() {
        for (_, text) in crate::testing::corpus_texts().into_iter().take(40) {
            let norm = crate::normalize::normalize(&text);
            let (map, n) = (&norm.map, norm.text.len());
            let hint = std::cell::Cell::new(0);
            // Forward, backward and jumping spans; offsets past the end too.
            let mut x: usize = 12345;
            for k in 0..400 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let a = if k % 3 == 0 { k * n / 400 } else { (x >> 33) % (n + 8) };
                let len = (x >> 17) % 64;
                let span = Span::new(a, a + len);
                assert_eq!(map.to_source_from(span, &hint), to_source_reference(map, span), "{span:?}");
                assert_eq!(map.to_source(span), to_source_reference(map, span), "{span:?}");
            }
        }
    }

    #[test]
    fn kept_offsets_map_exactly_and_rewrites_widen() {
        // "Ð" (U+00D0, 2 bytes) is rewritten to "Đ" (U+0110, 2 bytes); "  " collapses to " ".
        let src = "aÐb  c";
        let mut b = MapBuilder::new(src);
        b.keep(1);
        b.rewrite(3, "Đ");
        b.keep(4);
        b.rewrite(6, " ");
        b.keep(7);
        let (out, map) = b.finish();
        assert_eq!(out, "aĐb c");
        map.check(out.len()).expect("invariant");
        assert_eq!(map.to_source(Span::new(0, 1)), Span::new(0, 1));
        assert_eq!(map.to_source(Span::new(1, 3)), Span::new(1, 3));
        assert_eq!(map.to_source(Span::new(3, 6)), Span::new(3, 7)); // "b c" → "b  c"
        assert_eq!(map.to_source(Span::new(5, 6)), Span::new(6, 7));
    }

    #[test]
    fn deletions_are_skipped_at_span_edges() {
        let src = "**Số**";
        let mut b = MapBuilder::new(src);
        b.rewrite(2, "");
        b.keep(6);
        b.rewrite(8, "");
        let (out, map) = b.finish();
        assert_eq!(out, "Số");
        map.check(out.len()).expect("invariant");
        assert_eq!(map.to_source(Span::new(0, out.len())), Span::new(2, 6));
    }

    #[test]
    fn parts_of_one_builder_append_as_builders_of_their_own() {
        // Three cells: `ab`, then `cd` and `e  f` side by side (adjacent in the source, so
        // the last two must not merge into one part), each written into one shared builder
        // and into a builder of its own.
        let src = "ab|cde  f";
        let write = |b: &mut MapBuilder<'_>, end: usize| {
            if end == 9 {
                b.keep(6);
                b.rewrite(8, " ");
            }
            b.keep(end);
        };
        let mut shared = MapBuilder::at(src, 0);
        let (mut parts, mut own) = (Vec::new(), Vec::new());
        for (start, end) in [(0, 2), (3, 5), (5, 9)] {
            let part = shared.begin_at(start);
            write(&mut shared, end);
            parts.push(shared.end_part(part));
            let mut b = MapBuilder::at(src, start);
            write(&mut b, end);
            own.push(b);
        }
        assert_eq!(parts.iter().map(|p| shared.part_text(p)).collect::<Vec<_>>(), vec!["ab", "cd", "e f"]);
        assert_eq!(parts.iter().map(Part::piece_count).collect::<Vec<_>>(), vec![1, 1, 3]);
        // The document: a line break between the cells, as the normaliser writes them.
        let (mut one, mut other) = (MapBuilder::new(src), MapBuilder::new(src));
        for (b, part) in own.into_iter().zip(&parts) {
            if !one.out().is_empty() {
                one.rewrite(part.src_start, "\n");
                other.rewrite(part.src_start, "\n");
            }
            one.append(b);
            other.append_part(&shared, part);
        }
        let (one, other) = (one.finish(), other.finish());
        assert_eq!(other.0, "ab\ncd\ne f");
        assert_eq!((one.0, one.1.pieces), (other.0.clone(), other.1.pieces.clone()));
        other.1.check(other.0.len()).expect("invariant");
    }

    #[test]
    fn unwritten_tail_is_deleted() {
        let mut b = MapBuilder::new("abc   ");
        b.keep(3);
        let (out, map) = b.finish();
        assert_eq!(out, "abc");
        map.check(3).expect("invariant");
    }
}

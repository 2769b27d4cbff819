//! vnplan turns Vietnamese government plan texts into structured `vnplan/1` records.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod diag;
pub mod error;
pub mod gazetteer;
pub mod lexicon;
pub mod normalize;
pub mod source;
pub mod span;
pub mod text;

//! [`PathText`]: a path as the build state, freeze and resolve keep it.

use std::fmt::{self, Display, Write};

/// A path's segments without generic arguments (`std::vec::Vec`), immutable, stored as one
/// string with the segments joined by `::`. Segments are identifiers, so none is empty or
/// holds `::`, and the text splits back exactly; the empty text is the path of no segments
/// (the trait path of `<T>::f`).
///
/// Why one string: the build state keeps some 280k paths on std's sources (names to resolve,
/// call sites and their receivers), most of one to three segments, from the visit until
/// resolve ends. Measured there at 1 thread, peak RSS was 290 MB with `Vec<String>`, 268 MB
/// with `Box<[Box<str>]>` (16 bytes, but still one allocation per segment plus one for the
/// list), and 257 MB joined (16 bytes and one allocation). Resolve reads a path front to back
/// once per lookup, so splitting it on the fly cost nothing measurable (resolve 313–323 ms
/// against 321–333 ms with the boxed segments, on a shared machine). The order is the text's,
/// not segment by segment; nothing depends on it beyond being total.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathText(Box<str>);

const SEPARATOR: &str = "::";

impl PathText {
    /// A path of these segments; each must be an identifier (never empty, never holding `::`).
    pub fn from_segments<S: Display>(segments: impl IntoIterator<Item = S>) -> PathText {
        let mut text = String::with_capacity(32);
        for (i, segment) in segments.into_iter().enumerate() {
            if i > 0 {
                text.push_str(SEPARATOR);
            }
            // Writing to a `String` cannot fail.
            let _ = write!(text, "{segment}");
        }
        PathText(text.into_boxed_str())
    }

    /// The segments, first to last.
    pub fn segments(&self) -> Segments<'_> {
        Segments::of(&self.0)
    }

    pub fn len(&self) -> usize {
        if self.0.is_empty() {
            0
        } else {
            self.0.matches(SEPARATOR).count() + 1
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<&str> {
        self.segments().next()
    }

    pub fn last(&self) -> Option<&str> {
        self.split_last().map(|(last, _)| last)
    }

    /// The only segment of a one-segment path.
    pub fn single(&self) -> Option<&str> {
        (!self.0.is_empty() && !self.0.contains(SEPARATOR)).then_some(&*self.0)
    }

    /// The first segment, and the segments after it.
    pub fn split_first(&self) -> Option<(&str, Segments<'_>)> {
        let mut segments = self.segments();
        Some((segments.next()?, segments))
    }

    /// The last segment, and the segments before it.
    pub fn split_last(&self) -> Option<(&str, Segments<'_>)> {
        match self.0.rsplit_once(SEPARATOR) {
            Some((owner, last)) => Some((last, Segments::of(owner))),
            None if self.0.is_empty() => None,
            None => Some((&self.0, Segments::of(""))),
        }
    }
}

/// Joined by `::`, as written.
impl Display for PathText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The segments of a [`PathText`], or of a part of it ([`PathText::split_last`]).
#[derive(Clone, Debug)]
pub struct Segments<'a> {
    /// What is left, joined; `None` once every segment is taken.
    rest: Option<&'a str>,
}

impl<'a> Segments<'a> {
    fn of(joined: &'a str) -> Segments<'a> {
        Segments {
            rest: (!joined.is_empty()).then_some(joined),
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.split_once(SEPARATOR) {
            Some((segment, after)) => {
                self.rest = Some(after);
                Some(segment)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_come_back_as_given() {
        let path = PathText::from_segments(["std", "vec", "Vec"]);
        assert_eq!(path.segments().collect::<Vec<_>>(), ["std", "vec", "Vec"]);
        assert_eq!(path.len(), 3);
        assert_eq!(
            (path.first(), path.last(), path.single()),
            (Some("std"), Some("Vec"), None)
        );
        assert_eq!(path.to_string(), "std::vec::Vec");
        let (last, owner) = path.split_last().unwrap();
        assert_eq!(
            (last, owner.collect::<Vec<_>>()),
            ("Vec", vec!["std", "vec"])
        );
        let (first, rest) = path.split_first().unwrap();
        assert_eq!(
            (first, rest.collect::<Vec<_>>()),
            ("std", vec!["vec", "Vec"])
        );
    }

    #[test]
    fn one_segment_and_none() {
        let one = PathText::from_segments(["Self"]);
        assert_eq!(
            (one.len(), one.single(), one.last()),
            (1, Some("Self"), Some("Self"))
        );
        let (last, owner) = one.split_last().unwrap();
        assert_eq!((last, owner.count()), ("Self", 0));

        let none = PathText::from_segments(Vec::<&str>::new());
        assert!(none.is_empty());
        assert_eq!((none.len(), none.segments().count()), (0, 0));
        assert_eq!(
            (none.first(), none.last(), none.single()),
            (None, None, None)
        );
        assert!(none.split_last().is_none() && none.split_first().is_none());
    }
}

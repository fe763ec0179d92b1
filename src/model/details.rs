//! A node's details: what a person wants to see about it beyond its identity.
//!
//! There is one per node (258,000 on std's sources) and most of its fields are empty, so the
//! graph keeps it packed ([`Details`]): the six optional texts share one string, and the lists
//! are `ThinVec`s (one pointer, no allocation while empty). That is 56 bytes and at most one
//! text allocation a node, against 136 bytes and one allocation per text as plain fields; on
//! std, about 20 MB less at every phase after parsing. Code that builds details writes the
//! plain fields ([`DetailFields`]) and packs them once.

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt::Write;
use std::sync::Arc;
use thin_vec::ThinVec;

/// The optional texts of [`Details`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Text {
    /// Signature text of functions and methods, the header of other items.
    Signature,
    /// The first paragraph of the doc comment.
    Doc,
    /// Generic parameters and where clause, as written.
    Generics,
    /// Type text of fields, consts, statics and type aliases.
    Ty,
    /// For `use` nodes: the imported path, `*` for globs.
    Import,
    /// For `use` nodes with `as`: the new name.
    Alias,
    /// For nodes a crate's own `macro_rules!` wrote: that macro's name.
    ExpandedFrom,
}

impl Text {
    pub const ALL: [Text; 7] = [
        Text::Signature,
        Text::Doc,
        Text::Generics,
        Text::Ty,
        Text::Import,
        Text::Alias,
        Text::ExpandedFrom,
    ];

    /// The text's key in the JSON.
    pub fn key(self) -> &'static str {
        match self {
            Text::Signature => "signature",
            Text::Doc => "doc",
            Text::Generics => "generics",
            Text::Ty => "ty",
            Text::Import => "import",
            Text::Alias => "alias",
            Text::ExpandedFrom => "expanded_from",
        }
    }

    fn tag(self) -> u8 {
        match self {
            Text::Signature => b's',
            Text::Doc => b'd',
            Text::Generics => b'g',
            Text::Ty => b't',
            Text::Import => b'i',
            Text::Alias => b'a',
            Text::ExpandedFrom => b'e',
        }
    }

    fn of_tag(tag: u8) -> Option<Text> {
        Text::ALL.into_iter().find(|text| text.tag() == tag)
    }
}

/// A node's details, packed. Every field is optional so that the JSON stays small for the many
/// nodes that have none; it writes them in the order of [`DetailFields`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "DetailFields")]
pub struct Details {
    texts: Texts,
    pub derives: ThinVec<String>,
    /// Attributes other than docs, derives and cfgs, as written. Shared: the same few
    /// texts (`inline`, a crate's stability attributes) recur on many nodes, and the visit
    /// keeps each text once ([`crate::state::store::VisitorState::attr_text`]).
    pub attrs: ThinVec<Arc<str>>,
    /// The predicates of `#[cfg(...)]` attributes.
    pub cfgs: ThinVec<String>,
    /// Extra facts: `async`, `const`, `unsafe`, `extern`, `test`, `proc_macro`, ...
    /// Borrowed: the visit only ever writes words of its own (16 of them on std, 89,000
    /// flags), so none needs an allocation; a graph read back from JSON owns its flags.
    pub flags: ThinVec<Cow<'static, str>>,
    /// True when only part of the item could be read (a broken body).
    pub partial: bool,
}

impl Details {
    pub fn text(&self, which: Text) -> Option<&str> {
        self.texts
            .iter()
            .find(|&(text, _)| text == which)
            .map(|(_, value)| value)
    }

    /// Sets or, with `None`, clears one text.
    pub fn set_text(&mut self, which: Text, value: Option<&str>) {
        let texts = Texts::pack(Text::ALL.into_iter().filter_map(|text| {
            let value = if text == which {
                value
            } else {
                self.text(text)
            };
            Some((text, value?))
        }));
        self.texts = texts;
    }

    pub fn signature(&self) -> Option<&str> {
        self.text(Text::Signature)
    }

    pub fn doc(&self) -> Option<&str> {
        self.text(Text::Doc)
    }

    pub fn generics(&self) -> Option<&str> {
        self.text(Text::Generics)
    }

    pub fn ty(&self) -> Option<&str> {
        self.text(Text::Ty)
    }

    pub fn import(&self) -> Option<&str> {
        self.text(Text::Import)
    }

    pub fn alias(&self) -> Option<&str> {
        self.text(Text::Alias)
    }
}

/// [`Details`] as plain fields: what the visit fills in, and the JSON's shape.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct DetailFields {
    /// See [`Text::Signature`].
    #[serde(default)]
    pub signature: Option<Box<str>>,
    /// See [`Text::Doc`].
    #[serde(default)]
    pub doc: Option<Box<str>>,
    /// See [`Text::Generics`].
    #[serde(default)]
    pub generics: Option<Box<str>>,
    /// See [`Text::Ty`].
    #[serde(default)]
    pub ty: Option<Box<str>>,
    #[serde(default)]
    pub derives: ThinVec<String>,
    /// See [`Details::attrs`].
    #[serde(default)]
    pub attrs: ThinVec<Arc<str>>,
    /// See [`Details::cfgs`].
    #[serde(default)]
    pub cfgs: ThinVec<String>,
    /// See [`Text::Import`].
    #[serde(default)]
    pub import: Option<Box<str>>,
    /// See [`Text::Alias`].
    #[serde(default)]
    pub alias: Option<Box<str>>,
    /// See [`Text::ExpandedFrom`].
    #[serde(default)]
    pub expanded_from: Option<Box<str>>,
    /// See [`Details::flags`].
    #[serde(default)]
    pub flags: ThinVec<Cow<'static, str>>,
    /// See [`Details::partial`].
    #[serde(default)]
    pub partial: bool,
}

impl From<DetailFields> for Details {
    fn from(fields: DetailFields) -> Details {
        let texts = [
            fields.signature,
            fields.doc,
            fields.generics,
            fields.ty,
            fields.import,
            fields.alias,
            fields.expanded_from,
        ];
        Details {
            texts: Texts::pack(
                Text::ALL
                    .into_iter()
                    .zip(&texts)
                    .filter_map(|(text, value)| Some((text, value.as_deref()?))),
            ),
            derives: fields.derives,
            attrs: fields.attrs,
            cfgs: fields.cfgs,
            flags: fields.flags,
            partial: fields.partial,
        }
    }
}

/// The JSON of [`DetailFields`], empty fields left out, written straight from the packed form.
impl Serialize for Details {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (text, value) in self.texts.iter().filter(|&(text, _)| text <= Text::Ty) {
            map.serialize_entry(text.key(), value)?;
        }
        if !self.derives.is_empty() {
            map.serialize_entry("derives", &self.derives)?;
        }
        if !self.attrs.is_empty() {
            map.serialize_entry("attrs", &self.attrs)?;
        }
        if !self.cfgs.is_empty() {
            map.serialize_entry("cfgs", &self.cfgs)?;
        }
        for (text, value) in self.texts.iter().filter(|&(text, _)| text > Text::Ty) {
            map.serialize_entry(text.key(), value)?;
        }
        if !self.flags.is_empty() {
            map.serialize_entry("flags", &self.flags)?;
        }
        if self.partial {
            map.serialize_entry("partial", &true)?;
        }
        map.end()
    }
}

/// The texts that are present, in [`Text`] order, in one string: each is its tag byte, its
/// length in bytes in decimal, `:`, then the text itself. No allocation when none is present.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Texts(Box<str>);

impl Texts {
    fn pack<'a>(texts: impl Iterator<Item = (Text, &'a str)> + Clone) -> Texts {
        let size = texts
            .clone()
            .map(|(_, value)| value.len() + 2 + decimal_digits(value.len()))
            .sum();
        let mut packed = String::with_capacity(size);
        for (text, value) in texts {
            packed.push(char::from(text.tag()));
            // Writing to a `String` cannot fail.
            let _ = write!(packed, "{}:", value.len());
            packed.push_str(value);
        }
        Texts(packed.into_boxed_str())
    }

    fn iter(&self) -> impl Iterator<Item = (Text, &str)> {
        let mut rest: &str = &self.0;
        std::iter::from_fn(move || {
            let text = Text::of_tag(*rest.as_bytes().first()?)?;
            let colon = rest.find(':')?;
            let len: usize = rest.get(1..colon)?.parse().ok()?;
            let end = colon.checked_add(1)?.checked_add(len)?;
            let value = rest.get(colon + 1..end)?;
            rest = rest.get(end..)?;
            Some((text, value))
        })
    }
}

fn decimal_digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> DetailFields {
        DetailFields {
            signature: Some("fn f<T>(x: &str) -> Option<T>".into()),
            doc: Some("Digits: 12:34, and a colon.".into()),
            ty: Some(String::new().into_boxed_str()),
            alias: Some("y".repeat(1000).into()),
            flags: ThinVec::from(vec![Cow::Borrowed("async")]),
            partial: true,
            ..DetailFields::default()
        }
    }

    #[test]
    fn packed_texts_read_back_as_written() {
        let details = Details::from(fields());
        let fields = fields();
        assert_eq!(details.signature(), fields.signature.as_deref());
        assert_eq!(details.doc(), fields.doc.as_deref());
        assert_eq!(details.generics(), None);
        assert_eq!(details.ty(), Some(""));
        assert_eq!(details.import(), None);
        assert_eq!(details.alias(), fields.alias.as_deref());
    }

    #[test]
    fn setting_a_text_keeps_the_others() {
        let mut details = Details::from(fields());
        details.set_text(Text::Generics, Some("<T: Clone>"));
        details.set_text(Text::Doc, None);
        assert_eq!(details.generics(), Some("<T: Clone>"));
        assert_eq!(details.doc(), None);
        assert_eq!(details.signature(), fields().signature.as_deref());
        assert_eq!(details.alias(), fields().alias.as_deref());
    }

    #[test]
    fn json_round_trips_in_field_order() {
        let details = Details::from(fields());
        let json = serde_json::to_string(&details).unwrap();
        assert!(json.starts_with(r#"{"signature":"fn f<T>(x: &str) -> Option<T>","doc":"#));
        assert!(json.ends_with(r#""flags":["async"],"partial":true}"#));
        let ty = json.find(r#""ty":"""#).unwrap();
        let alias = json.find(r#""alias":"#).unwrap();
        let flags = json.find(r#""flags":"#).unwrap();
        assert!(ty < alias && alias < flags);
        let back: Details = serde_json::from_str(&json).unwrap();
        assert_eq!(back, details);
        assert_eq!(serde_json::to_string(&Details::default()).unwrap(), "{}");
    }
}

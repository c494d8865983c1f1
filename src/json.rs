//! A JSON document read once, its strings borrowed from the text instead of copied.
//!
//! `result.rs` reads every response through its kind's table. `serde_json::Value` would copy
//! every key and string into its own allocation and every object into a `BTreeMap`: for a license
//! that was over 300 allocations, most of the cost of reading a response. A [`Node`] borrows what
//! it can from the text (a string without escapes), keeps an object as one vector sorted for
//! lookup, and writes itself back out exactly as `serde_json::Value` does (keys sorted as
//! strings, the last of duplicate keys kept), so the JSON text a result lends out is unchanged.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

/// A JSON value whose strings and keys borrow from the text it was parsed from when they can.
#[derive(Debug, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(Cow<'a, str>),
    List(Vec<Node<'a>>),
    /// Sorted by [`key_order`], one entry per key: the last the text gave, as
    /// `serde_json::Value` keeps.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// Parses `text` as one JSON value (serde_json's parser, its errors and its nesting limit).
    pub(crate) fn parse(text: &'a str) -> serde_json::Result<Node<'a>> {
        serde_json::from_str(text)
    }

    /// The value of `key` in an object; `None` when absent or when this is not an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(entries) => entries
                .binary_search_by(|(k, _)| key_order(k, key))
                .ok()
                .map(|i| &entries[i].1),
            _ => None,
        }
    }

    /// This value as compact JSON text, byte for byte what `serde_json::Value` writes.
    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a JSON tree always serializes")
    }
}

/// The order of an object's entries: by length, then by bytes. A table lookup compares a key
/// with about six others, and most of those comparisons end at the length.
fn key_order(a: &str, b: &str) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Node<'de>, E> {
        // As serde_json::Value: a float JSON cannot hold (never produced by the parser) is null.
        Ok(serde_json::Number::from_f64(n).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(s)))
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut entries: Vec<(Cow<'de, str>, Node<'de>)> = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        // A stable sort keeps duplicates in the order the text gave them; of each run of equal keys
        // keep the last.
        entries.sort_by(|a, b| key_order(&a.0, &b.0));
        entries.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        Ok(Node::Object(entries))
    }
}

/// An object's key, borrowed from the text unless it has escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Number(n) => n.serialize(serializer),
            Node::Str(s) => serializer.serialize_str(s),
            Node::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(entries) => {
                // Sorted as strings, as serde_json::Value's BTreeMap writes them.
                let mut by_key: Vec<_> = entries.iter().collect();
                by_key.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in by_key {
                    map.serialize_entry(key.as_ref(), value)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every document here must read and write back exactly as `serde_json::Value` does.
    const DOCUMENTS: &[&str] = &[
        r#"{"b":1,"a":[true,false,null],"c":{"z":"y","x":-5}}"#,
        r#"{"k":"v\n\"q\" \u00e9 \ud83d\ude00","esc\u0041ped":"\u0000"}"#,
        r#"{"dup":1,"other":2,"dup":3,"dup":{"last":true}}"#,
        r#"[1.5,-0.0,1e300,18446744073709551615,-9223372036854775808,0.1]"#,
        r#"  {"nested":{"deeper":[{"a":{}},[]]},"empty":"","unicode":"日本"}  "#,
        r#""a bare string""#,
        r#"12"#,
        r#"null"#,
    ];

    #[test]
    fn writes_back_what_serde_json_value_writes() {
        for text in DOCUMENTS {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let node = Node::parse(text).unwrap();
            assert_eq!(node.to_json(), value.to_string(), "{text}");
        }
    }

    #[test]
    fn keeps_the_last_of_duplicate_keys_and_finds_keys() {
        let node = Node::parse(r#"{"dup":1,"b":2,"dup":3,"a":4,"dup":5}"#).unwrap();
        assert_eq!(node.get("dup"), Some(&Node::Number(5.into())));
        assert_eq!(node.get("a"), Some(&Node::Number(4.into())));
        assert_eq!(node.get("b"), Some(&Node::Number(2.into())));
        assert_eq!(node.get("missing"), None);
        assert_eq!(Node::Null.get("a"), None);
    }

    #[test]
    fn borrows_strings_without_escapes() {
        let node = Node::parse(r#"{"plain":"text","esc":"a\tb"}"#).unwrap();
        assert!(matches!(
            node.get("plain"),
            Some(Node::Str(Cow::Borrowed("text")))
        ));
        assert!(matches!(node.get("esc"), Some(Node::Str(Cow::Owned(s))) if s == "a\tb"));
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for text in ["", "{", "{\"a\":}", "[1,]", "{} x", "\"\\x\"", "nul"] {
            let value = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let node = Node::parse(text).unwrap_err();
            assert_eq!(node.to_string(), value.to_string(), "{text:?}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(
            Node::parse(&deep).is_err(),
            "serde_json's nesting limit holds"
        );
    }
}

//! Deserialisers that take what they can use from a member and pass over the rest.
//!
//! A credential is read back from whoever made it: microcred (perhaps with claims
//! concealed), or another Open Badges 3.0 issuer, whose credentials give a single value
//! where a list is expected, numbers as strings, plain strings where microcred writes
//! language maps, items with half their members, members and types of their own. A
//! reader shows what such a credential says rather than refusing it, so a member of the
//! wrong type here reads as absent (`None`, empty, the type's default) instead of failing
//! the whole document; which members a credential cannot do without is for the reader
//! to decide afterwards.
//!
//! Every deserialiser accepts any JSON value and never fails on a self-describing input
//! such as [`serde_json::Value`], so a struct whose members all use them never fails
//! either. None looks into a value it passes over, so reading is as deep as the types
//! are, whatever the input's nesting.

use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, Deserialize, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use crate::lang::LangMap;

/// The visitor methods of a lenient visitor for the kinds of value it passes over: each
/// gives `Default::default()`, lists and maps drained unread.
macro_rules! pass_over {
    ($($kind:ident),*) => { $(pass_over!(@one $kind);)* };
    (@one bool) => { fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> { Ok(Default::default()) } };
    (@one i64) => { fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> { Ok(Default::default()) } };
    (@one u64) => { fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> { Ok(Default::default()) } };
    (@one f64) => { fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> { Ok(Default::default()) } };
    (@one str) => { fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> { Ok(Default::default()) } };
    (@one unit) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> { Ok(Default::default()) }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> { Ok(Default::default()) }
    };
    (@one seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
    };
    (@one map) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
    };
}

/// A string member; anything else is `None`.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Text::deserialize(d)?.0)
}

/// A list of strings, or one; each item that is not a string is `None`, kept in its
/// place (a reader may want the first item only if it is a string).
pub fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Option<String>>, D::Error> {
    Ok(OneOrMany::<Text>::deserialize(d)?
        .0
        .into_iter()
        .map(|t| t.0)
        .collect())
}

/// A number, or a string that parses as one (`"2.5"`); anything else is `None`.
pub fn number_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number")
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Some(n as f64))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Some(n as f64))
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
            Ok(Some(n))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(s.parse().ok())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            number_or_string(d)
        }
        pass_over!(bool, unit, seq, map);
    }
    d.deserialize_any(V)
}

/// A whole number that fits a `u32`, as a JSON number (not a string); anything else is
/// `None`.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<u32>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(u32::try_from(n).ok())
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(u32::try_from(n).ok())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            count(d)
        }
        pass_over!(bool, f64, str, unit, seq, map);
    }
    d.deserialize_any(V)
}

/// A language map (`{"fi": "…", "en": "…"}`), keeping the entries whose text is a string;
/// anything but a map (a plain string too) is the empty map.
pub fn lang_map<'de, D: Deserializer<'de>>(d: D) -> Result<LangMap, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = LangMap;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a language map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = LangMap::new();
            while let Some((tag, text)) = map.next_entry::<String, Text>()? {
                if let Some(text) = text.0 {
                    out.0.insert(tag, text);
                }
            }
            Ok(out)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            lang_map(d)
        }
        pass_over!(bool, i64, u64, f64, str, unit, seq);
    }
    d.deserialize_any(V)
}

/// [`lang_map`], `None` when it has no text.
pub fn opt_lang_map<'de, D: Deserializer<'de>>(d: D) -> Result<Option<LangMap>, D::Error> {
    let m = lang_map(d)?;
    Ok((!m.is_empty()).then_some(m))
}

/// An object, as `T` (whose members are all lenient); anything but a map is
/// `T::default()`, as an object with none of its members.
pub fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Obj::<T>::deserialize(d)?.0)
}

/// Like [`object`], for a member whose presence matters: `Some` whenever the member is
/// there (with `#[serde(default)]`, an absent member is `None`).
pub fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    object(d).map(Some)
}

/// A list of objects, or one object; each item as [`object`] reads it (so an item that
/// is not an object is still an item, with no members).
pub fn objects<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(OneOrMany::<Obj<T>>::deserialize(d)?
        .0
        .into_iter()
        .map(|o| o.0)
        .collect())
}

/// A member that is either one object or a list of them (`credentialSubject`), kept as
/// it was given.
#[derive(Debug)]
pub enum OneOrList<T> {
    One(T),
    /// A list, each item as [`object`] reads it; also what anything but an object or a
    /// list reads as (an empty list).
    List(Vec<T>),
}

impl<T> Default for OneOrList<T> {
    fn default() -> Self {
        OneOrList::List(Vec::new())
    }
}

/// See [`OneOrList`].
pub fn one_or_list<'de, D, T>(d: D) -> Result<OneOrList<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
        type Value = OneOrList<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object or a list of objects")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(OneOrList::One)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<Obj<T>>()? {
                out.push(item.0);
            }
            Ok(OneOrList::List(out))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            one_or_list(d)
        }
        pass_over!(bool, i64, u64, f64, str, unit);
    }
    d.deserialize_any(V(PhantomData))
}

/// A node given either by its IRI or as an object (`issuer`: a profile, or its id).
#[derive(Debug)]
pub enum IriOr<T> {
    Iri(String),
    /// The object; also what anything but a string or an object reads as (no members).
    Object(T),
}

impl<T: Default> Default for IriOr<T> {
    fn default() -> Self {
        IriOr::Object(T::default())
    }
}

/// See [`IriOr`].
pub fn iri_or<'de, D, T>(d: D) -> Result<IriOr<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
        type Value = IriOr<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an IRI or an object")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(IriOr::Iri(s.to_string()))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(IriOr::Object)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            iri_or(d)
        }
        pass_over!(bool, i64, u64, f64, unit, seq);
    }
    d.deserialize_any(V(PhantomData))
}

/// [`text`] as a type, for items of lists and values of maps.
#[derive(Default)]
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Text(Some(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                Ok(Text(Some(s)))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                Text::deserialize(d)
            }
            pass_over!(bool, i64, u64, f64, unit, seq, map);
        }
        d.deserialize_any(V)
    }
}

/// [`object`] as a type, for items of lists.
#[derive(Default)]
struct Obj<T>(T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Obj)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                Obj::deserialize(d)
            }
            pass_over!(bool, i64, u64, f64, str, unit, seq);
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A list of `T`, or a single `T` standing for a list of one; `null` is the empty list.
/// `T` must read any value (as [`Text`] and [`Obj`] do).
struct OneOrMany<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> V<T> {
            fn one<E: de::Error>(item: impl IntoDeserializer<'de, E>) -> Result<OneOrMany<T>, E> {
                T::deserialize(item.into_deserializer()).map(|t| OneOrMany(vec![t]))
            }
        }
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list or a single value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element()? {
                    out.push(item);
                }
                Ok(OneOrMany(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                OneOrMany::deserialize(d)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Self::one(s)
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
                Self::one(b)
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Self::one(n)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Self::one(n)
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
                Self::one(n)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde::Deserialize;
    use serde_json::{json, Value};

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Item {
        #[serde(deserialize_with = "super::text")]
        name: Option<String>,
        #[serde(deserialize_with = "super::number_or_string")]
        points: Option<f64>,
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Doc {
        #[serde(deserialize_with = "super::objects")]
        items: Vec<Item>,
        #[serde(deserialize_with = "super::texts")]
        tags: Vec<Option<String>>,
        #[serde(deserialize_with = "super::lang_map")]
        title: crate::LangMap,
    }

    fn doc(v: Value) -> Doc {
        super::object(&v).unwrap()
    }

    #[test]
    fn single_values_stand_for_lists_and_numbers_may_be_strings() {
        let d = doc(json!({"items": {"name": "a", "points": "2.5"}, "tags": "fi"}));
        let a = Item {
            name: Some("a".into()),
            points: Some(2.5),
        };
        assert_eq!(d.items, vec![a]);
        assert_eq!(d.tags, vec![Some("fi".into())]);
    }

    #[test]
    fn wrong_types_read_as_absent_and_keep_their_place_in_lists() {
        let d = doc(json!({
            "items": [7, {"name": ["a"], "points": {}}, {"name": "b", "extra": [[[]]]}],
            "tags": [1, "sv", null],
            "title": {"fi": "Otsikko", "en": 3},
        }));
        assert_eq!(d.items.len(), 3);
        assert_eq!(d.items[0], Item::default());
        assert_eq!(d.items[1], Item::default());
        assert_eq!(d.items[2].name.as_deref(), Some("b"));
        assert_eq!(d.tags, vec![None, Some("sv".into()), None]);
        assert_eq!(d.title, crate::LangMap::new().with("fi", "Otsikko"));
        // Not an object at all, or a plain string for a language map.
        assert!(doc(json!([{"items": []}])).items.is_empty());
        assert!(doc(json!({"title": "Otsikko"})).title.is_empty());
    }
}

//! The query string: [`Query`], escaped as the official SDKs write it (RFC 3986), and the serde
//! serializer that writes a parameters struct straight into it, with no intermediate value:
//! nested structs and maps become dotted keys, sequences repeated keys, `None` and unit are
//! skipped. Field order is kept.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

use percent_encoding::utf8_percent_encode;

use crate::encoding::ESCAPE;
use crate::error::RequestError;

/// A query string under construction. Keys and values are escaped per RFC 3986
/// (spaces become `%20`); nested objects become dotted keys and arrays repeated keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    encoded: String,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one `key=value` pair.
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        self.encoded.extend(utf8_percent_encode(key, ESCAPE));
        self.encoded.push('=');
        self.encoded.extend(utf8_percent_encode(value, ESCAPE));
    }

    /// Appends every field of a serializable value (usually a parameters struct):
    /// `None`/null is skipped, nested objects become `outer.inner`, arrays become repeated keys,
    /// booleans `true`/`false`, numbers in their JSON form.
    pub fn extend<T: Serialize + ?Sized>(&mut self, params: &T) -> Result<(), RequestError> {
        params
            .serialize(ValueSerializer {
                query: self,
                key: None,
            })
            .map_err(|e| RequestError::Serialize(e.to_string()))
    }

    /// The encoded query, without the leading `?`.
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }
}

/// Decodes a query string written by [`Query`] into `(key, value)` pairs, in order.
/// Used by tests, the emulator and tools; returns `None` on invalid UTF-8.
pub fn decode_query(query: &str) -> Option<Vec<(String, String)>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = percent_encoding::percent_decode_str(k).decode_utf8().ok()?;
            let v = percent_encoding::percent_decode_str(v).decode_utf8().ok()?;
            Some((k.into_owned(), v.into_owned()))
        })
        .collect()
}

/// Why a value could not be written as a query.
#[derive(Debug)]
pub(crate) struct QueryError(String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl ser::Error for QueryError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        QueryError(msg.to_string())
    }
}

/// Serializes the value under `key`; `None` is the top level, where only structs, maps and
/// nothing at all are accepted.
pub(crate) struct ValueSerializer<'a> {
    pub(crate) query: &'a mut Query,
    pub(crate) key: Option<&'a str>,
}

fn top_level_error() -> QueryError {
    QueryError("query parameters must serialize to a struct or map".into())
}

/// `outer.inner`, or `inner` at the top level.
fn join(outer: Option<&str>, inner: &str) -> String {
    match outer {
        Some(outer) => format!("{outer}.{inner}"),
        None => inner.to_owned(),
    }
}

impl ValueSerializer<'_> {
    fn scalar(self, value: &str) -> Result<(), QueryError> {
        let key = self.key.ok_or_else(top_level_error)?;
        self.query.push(key, value);
        Ok(())
    }
}

macro_rules! display_scalars {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), QueryError> {
            self.scalar(&v.to_string())
        })*
    };
}

impl<'a> ser::Serializer for ValueSerializer<'a> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = MapSerializer<'a>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), QueryError>;

    display_scalars!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128, serialize_char: char
    );

    fn serialize_bool(self, v: bool) -> Result<(), QueryError> {
        self.scalar(if v { "true" } else { "false" })
    }

    fn serialize_f32(self, v: f32) -> Result<(), QueryError> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), QueryError> {
        // The JSON form (`0.0`, `1e300`), as the official SDKs write numbers.
        let number = serde_json::Number::from_f64(v).ok_or_else(|| {
            QueryError(format!(
                "`{}` is not a finite number",
                self.key.unwrap_or_default()
            ))
        })?;
        self.scalar(&number.to_string())
    }

    fn serialize_str(self, v: &str) -> Result<(), QueryError> {
        self.scalar(v)
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        Err(QueryError("bytes cannot be a query parameter".into()))
    }

    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), QueryError> {
        self.scalar(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        let key = join(self.key, variant);
        value.serialize(ValueSerializer {
            query: self.query,
            key: Some(&key),
        })
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, QueryError> {
        match self.key {
            Some(_) => Ok(self),
            None => Err(top_level_error()),
        }
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, QueryError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, QueryError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        Err(QueryError(
            "tuple variants cannot be query parameters".into(),
        ))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<MapSerializer<'a>, QueryError> {
        Ok(MapSerializer {
            query: self.query,
            key: self.key,
            pending: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, QueryError> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        Err(QueryError(
            "struct variants cannot be query parameters".into(),
        ))
    }
}

impl ser::SerializeSeq for ValueSerializer<'_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        value.serialize(ValueSerializer {
            query: self.query,
            key: self.key,
        })
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeTuple for ValueSerializer<'_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for ValueSerializer<'_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeStruct for ValueSerializer<'_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        let Some(outer) = self.key else {
            return value.serialize(ValueSerializer {
                query: self.query,
                key: Some(field),
            });
        };
        let key = join(Some(outer), field);
        value.serialize(ValueSerializer {
            query: self.query,
            key: Some(&key),
        })
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

/// Maps: keys must serialize to strings (or numbers), values go under `prefix.key`.
pub(crate) struct MapSerializer<'a> {
    query: &'a mut Query,
    key: Option<&'a str>,
    pending: Option<String>,
}

impl ser::SerializeMap for MapSerializer<'_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), QueryError> {
        let key = serde_json::to_value(key).map_err(|e| QueryError(e.to_string()))?;
        let key = match key {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            other => return Err(QueryError(format!("map key {other} is not a string"))),
        };
        self.pending = Some(join(self.key, &key));
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        let key = self
            .pending
            .take()
            .ok_or_else(|| QueryError("map value without a key".into()))?;
        value.serialize(ValueSerializer {
            query: self.query,
            key: Some(&key),
        })
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_like_the_official_sdks() {
        let mut q = Query::new();
        q.extend(&json!({
            "action_type": ["create", "view"],
            "actor": {"email": "a b@example.com"},
            "id.not": ["x"],
            "page": 2,
            "hide": true,
            "skip": null,
        }))
        .unwrap();
        assert_eq!(
            q.as_str(),
            "action_type=create&action_type=view&actor.email=a%20b%40example.com&hide=true&id.not=x&page=2"
        );
        assert_eq!(
            decode_query(q.as_str()).unwrap()[2],
            ("actor.email".to_owned(), "a b@example.com".to_owned())
        );
        assert!(Query::new().extend(&json!([1])).is_err());
        assert!(Query::new().extend(&json!("x")).is_err());
        assert!(Query::new().extend(&json!(null)).is_ok());
        // An empty key is a key like any other.
        let mut q = Query::new();
        q.extend(&json!({"": {"b": 1}, "f": 0.0, "g": 1e300}))
            .unwrap();
        assert_eq!(q.as_str(), ".b=1&f=0.0&g=1e%2B300");
    }

    #[test]
    fn structs_keep_field_order_and_nest() {
        #[derive(Serialize)]
        struct Actor {
            email: Option<&'static str>,
            ip: Option<&'static str>,
        }
        #[derive(Serialize)]
        struct Params {
            zeta: u32,
            actor: Actor,
            #[serde(rename = "id.not")]
            id_not: Vec<&'static str>,
            direction: Option<crate::types::Direction>,
            skipped: Option<u32>,
            ratio: f64,
        }
        let mut q = Query::new();
        q.extend(&Params {
            zeta: 1,
            actor: Actor {
                email: Some("x@y.z"),
                ip: None,
            },
            id_not: vec!["a", "b c"],
            direction: Some(crate::types::Direction::Asc),
            skipped: None,
            ratio: 0.5,
        })
        .unwrap();
        assert_eq!(
            q.as_str(),
            "zeta=1&actor.email=x%40y.z&id.not=a&id.not=b%20c&direction=asc&ratio=0.5"
        );
    }
}

//! Small value types shared by every resource: timestamps, dates and forward-compatible enums.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// An RFC 3339 timestamp as the API sent it.
///
/// One odd value never makes a whole response unreadable: the original text is always kept
/// ([`Timestamp::as_str`]), and [`Timestamp::get`] gives the instant when the text is valid.
/// The text is read when asked, not when the response is parsed: a listing whose dates nobody
/// looks at pays nothing for them. Two timestamps are equal when their text is.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
}

impl Timestamp {
    /// Keeps text as a timestamp; whether it is valid is seen in [`Timestamp::get`].
    pub fn parse(raw: impl Into<String>) -> Self {
        Timestamp { raw: raw.into() }
    }

    /// The instant, if the API's text is valid RFC 3339 (or, as a few responses send, whole
    /// Unix seconds). Read from the text on each call.
    pub fn get(&self) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(&self.raw, &Rfc3339).ok().or_else(|| {
            let seconds = self.raw.parse::<i64>().ok()?;
            OffsetDateTime::from_unix_timestamp(seconds).ok()
        })
    }

    /// The text exactly as received (or as formatted when built from an instant).
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Formats the instant in UTC as RFC 3339 (`2024-01-01T00:00:00Z`), so offsets with seconds
    /// never stop it from being written. Years outside 0–9999 cannot be written in RFC 3339; they
    /// fall back to Unix seconds as text, which [`Timestamp::get`] reads back where `time`
    /// can hold the instant in UTC.
    fn from(t: OffsetDateTime) -> Self {
        let raw = t
            .checked_to_offset(time::UtcOffset::UTC)
            .and_then(|utc| utc.format(&Rfc3339).ok())
            .unwrap_or_else(|| t.unix_timestamp().to_string());
        Timestamp { raw }
    }
}

impl From<std::time::SystemTime> for Timestamp {
    /// The instant in UTC, as RFC 3339.
    fn from(t: std::time::SystemTime) -> Self {
        Timestamp::from(OffsetDateTime::from(t))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.get().is_some() {
            write!(f, "{}", self.raw)
        } else {
            write!(f, "{:?} (unparsed)", self.raw)
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Ok(Timestamp::parse(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(OffsetDateTime::from_unix_timestamp(v)
                    .map(Timestamp::from)
                    .unwrap_or_else(|_| Timestamp::parse(v.to_string())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Timestamp, E> {
                match i64::try_from(v) {
                    Ok(v) => self.visit_i64(v),
                    Err(_) => Ok(Timestamp::parse(v.to_string())),
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A calendar date (`YYYY-MM-DD`), as the audit-log filters take them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub time::Date);

impl Date {
    /// A date from its parts; `None` if it does not exist.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }
}

impl From<time::Date> for Date {
    fn from(date: time::Date) -> Self {
        Date(date)
    }
}

impl From<OffsetDateTime> for Date {
    /// The instant's calendar date in UTC.
    fn from(t: OffsetDateTime) -> Self {
        Date(t.to_offset(time::UtcOffset::UTC).date())
    }
}

impl From<std::time::SystemTime> for Date {
    /// The instant's calendar date in UTC.
    fn from(t: std::time::SystemTime) -> Self {
        Date::from(OffsetDateTime::from(t))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(&s, &fmt)
            .map(Date)
            .map_err(serde::de::Error::custom)
    }
}

/// Defines a string enum that keeps values it does not know in an `Unknown(String)` variant,
/// so a new value from the API never breaks parsing.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl ::std::default::Default for $name {
            /// An empty unknown value: what a missing field reads as.
            fn default() -> Self {
                $name::Unknown(::std::string::String::new())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from(value.as_ref()))
            }
        }
    };
}

string_enum! {
    /// Sort direction of a listing.
    pub enum Direction {
        /// Ascending.
        Asc = "asc",
        /// Descending.
        Desc = "desc",
    }
}

/// One field of a partial update (`PATCH`) whose value can be left as is, set, or cleared.
///
/// Use it on a nullable, optional request field with
/// `#[serde(default, skip_serializing_if = "Patch::is_keep")]`: [`Patch::Keep`] leaves the field
/// out of the body, [`Patch::Set`] sends the value and [`Patch::Clear`] sends `null`.
/// Read back, a missing field is `Keep`, `null` is `Clear` and anything else is `Set`.
///
/// ```
/// use cloudflare_core::Patch;
///
/// let mut phone: Patch<String> = Patch::default();
/// assert!(phone.is_keep());
/// phone = Patch::Set("+1 123-123-1234".to_owned());
/// assert_eq!(phone.as_set().map(String::as_str), Some("+1 123-123-1234"));
/// assert_eq!(Patch::<String>::from(None), Patch::Clear);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Leave the value as it is: the field is not sent.
    #[default]
    Keep,
    /// Set the value.
    Set(T),
    /// Clear the value: the field is sent as `null`.
    Clear,
}

impl<T> Patch<T> {
    /// Whether the field is left as is (and so not sent).
    pub fn is_keep(&self) -> bool {
        matches!(self, Patch::Keep)
    }

    /// Whether the field is cleared (sent as `null`).
    pub fn is_clear(&self) -> bool {
        matches!(self, Patch::Clear)
    }

    /// The value to set, if any.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Patch::Set(value) => Some(value),
            Patch::Keep | Patch::Clear => None,
        }
    }

    /// Converts the value to set, keeping the state.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Keep => Patch::Keep,
            Patch::Set(value) => Patch::Set(f(value)),
            Patch::Clear => Patch::Clear,
        }
    }
}

impl<T> From<T> for Patch<T> {
    /// Sets the value.
    fn from(value: T) -> Self {
        Patch::Set(value)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some` sets the value, `None` clears it.
    fn from(value: Option<T>) -> Self {
        value.map_or(Patch::Clear, Patch::Set)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Set(value) => value.serialize(s),
            // `Keep` is normally skipped by `skip_serializing_if`; if not, it reads as `null`.
            Patch::Keep | Patch::Clear => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(d).map(Patch::from)
    }
}

/// Deserializes a number that some responses send as a string (`"count": "1"`); a negative,
/// fractional or unreadable value reads as absent.
pub(crate) fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number, a number as text, or null")
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Some(n))
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(u64::try_from(n).ok())
        }
        fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Self::Value, E> {
            Ok((f >= 0.0 && f.fract() == 0.0 && f < u64::MAX as f64).then_some(f as u64))
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(s.trim().parse().ok())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_lenient() {
        let ok: Timestamp = serde_json::from_str("\"2014-03-01T12:21:02.0000Z\"").unwrap();
        assert_eq!(ok.get().unwrap().year(), 2014);
        let odd: Timestamp = serde_json::from_str("\"yesterday\"").unwrap();
        assert!(odd.get().is_none());
        assert_eq!(odd.as_str(), "yesterday");
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"yesterday\"");
        let unix: Timestamp = serde_json::from_str("0").unwrap();
        assert_eq!(unix.as_str(), "1970-01-01T00:00:00Z");
        // An offset with seconds is written in UTC, still RFC 3339.
        let odd = OffsetDateTime::UNIX_EPOCH.to_offset(time::UtcOffset::from_hms(1, 2, 3).unwrap());
        let written = Timestamp::from(odd);
        assert_eq!(written.as_str(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::parse(written.as_str()).get(), Some(odd));
    }

    #[test]
    fn timestamps_are_read_when_asked_and_equal_by_text() {
        let far = OffsetDateTime::from_unix_timestamp(-70_000_000_000).unwrap(); // year -250
        let written = Timestamp::from(far);
        assert_eq!(written.as_str(), "-70000000000");
        assert_eq!(written.get(), Some(far));
        let sent = Timestamp::parse("2024-05-06T07:08:09Z");
        assert_eq!(sent, Timestamp::from(sent.get().unwrap()));
        assert_eq!(format!("{sent:?}"), "2024-05-06T07:08:09Z");
        assert_eq!(
            format!("{:?}", Timestamp::parse("soon")),
            "\"soon\" (unparsed)"
        );
    }

    #[test]
    fn lenient_numbers() {
        #[derive(Deserialize)]
        struct N {
            #[serde(default, deserialize_with = "lenient_u64")]
            n: Option<u64>,
        }
        let read = |json: &str| serde_json::from_str::<N>(json).map(|n| n.n);
        for (json, expected) in [
            (r#"{"n": 7}"#, Some(7)),
            (r#"{"n": "7"}"#, Some(7)),
            (r#"{"n": " 7 "}"#, Some(7)),
            (r#"{"n": 7.0}"#, Some(7)),
            (r#"{"n": 1.5}"#, None),
            (r#"{"n": -1}"#, None),
            (r#"{"n": "x"}"#, None),
            (r#"{"n": null}"#, None),
            (r#"{}"#, None),
            (r#"{"n": 1e300}"#, None),
        ] {
            assert_eq!(read(json).unwrap(), expected, "{json}");
        }
        assert!(read(r#"{"n": true}"#).is_err());
        assert!(read(r#"{"n": [1]}"#).is_err());
    }

    #[test]
    fn unknown_enum_values_are_kept() {
        let d: Direction = serde_json::from_str("\"sideways\"").unwrap();
        assert_eq!(d, Direction::Unknown("sideways".into()));
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"sideways\"");
        let asc: Direction = serde_json::from_str("\"asc\"").unwrap();
        assert_eq!(asc, Direction::Asc);
    }

    #[test]
    fn patch_three_states() {
        #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
        struct Body {
            #[serde(default, skip_serializing_if = "Patch::is_keep")]
            name: Patch<String>,
            #[serde(default, skip_serializing_if = "Patch::is_keep")]
            zip: Patch<String>,
        }
        let keep = Body::default();
        assert_eq!(serde_json::to_string(&keep).unwrap(), "{}");
        let set = Body {
            name: Patch::Set("Ada".into()),
            ..Body::default()
        };
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"name":"Ada"}"#);
        let clear = Body {
            zip: Patch::Clear,
            ..Body::default()
        };
        assert_eq!(serde_json::to_string(&clear).unwrap(), r#"{"zip":null}"#);
        let back: Body = serde_json::from_str(r#"{"zip":null,"name":"Ada"}"#).unwrap();
        assert_eq!(back.name, Patch::Set("Ada".into()));
        assert_eq!(back.zip, Patch::Clear);
        let back: Body = serde_json::from_str("{}").unwrap();
        assert_eq!(back, keep);
        // Without the skip, `Keep` serializes as null rather than failing.
        assert_eq!(serde_json::to_string(&Patch::<u8>::Keep).unwrap(), "null");
    }

    #[test]
    fn patch_conversions() {
        assert_eq!(Patch::from(5), Patch::Set(5));
        assert_eq!(Patch::<u8>::from(Some(5)), Patch::Set(5));
        assert_eq!(Patch::<u8>::from(None), Patch::Clear);
        assert!(Patch::<u8>::default().is_keep());
        assert!(Patch::<u8>::Clear.is_clear());
        assert_eq!(Patch::Set(2).map(|n| n * 2).as_set(), Some(&4));
        assert_eq!(Patch::<u8>::Clear.as_set(), None);
    }

    #[test]
    fn dates() {
        let d = Date::from_ymd(2024, 2, 29).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-02-29\"");
        assert!(Date::from_ymd(2023, 2, 29).is_none());
    }
}

//! The argument names of a server function, read from its `Deserialize` implementation: a
//! deserializer that only records the field list serde asks for. Used to refuse requests that
//! carry fields a function does not take.

use serde::{
    de::{self, Visitor},
    forward_to_deserialize_any, Deserialize, Deserializer,
};

/// The field names `T` deserializes (empty for anything that is not a plain struct).
pub fn names<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut found = None;
    let _ = T::deserialize(Recorder { found: &mut found });
    found.unwrap_or(&[])
}

struct Recorder<'a> {
    found: &'a mut Option<&'static [&'static str]>,
}

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names recorded")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Recorder<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.found = Some(fields);
        Err(Stop)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Form {
        name: String,
        #[serde(rename = "e-mail")]
        email: Option<String>,
    }

    #[test]
    fn the_field_names_of_a_struct_are_read_from_serde() {
        assert_eq!(names::<Form>(), ["name", "e-mail"]);
        assert_eq!(names::<String>(), [] as [&str; 0]);
    }
}

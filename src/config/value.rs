//! Typed config values: int, then boolean, then float, then string.
//!
//! This is the original `ConfigDict` rule: the first reading that succeeds wins, so `"0"` and
//! `"1"` are ints (never booleans), `"010"` is 10, `yes`/`no`/`true`/`false`/`on`/`off` in any case
//! are booleans, `1.5e3` is 1500.0 and an empty value stays `""`. Ints are Python 2 ints (an
//! optional sign and decimal digits, no `_` separators) that fit in 64 bits; a longer run of
//! digits reads as a float.
//!
//! ```
//! use dockertest::config::Value;
//! assert_eq!(Value::typed("010"), Value::Int(10));
//! assert_eq!(Value::typed("On"), Value::Bool(true));
//! assert_eq!(Value::typed("1.5e3"), Value::Float(1500.0));
//! assert_eq!(Value::typed("a,b"), Value::Str("a,b".into()));
//! ```

use std::fmt;

/// A typed config value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A whole number.
    Int(i64),
    /// `yes`/`true`/`on` or `no`/`false`/`off`.
    Bool(bool),
    /// A floating-point number.
    Float(f64),
    /// Anything else, including the empty value.
    Str(String),
}

/// The type a caller asks a value to be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (`getint`).
    Int,
    /// A boolean (`getboolean`): also `1` and `0`.
    Bool,
    /// A floating-point number (`getfloat`); ints are accepted.
    Float,
    /// The text itself (`get`).
    Str,
}

impl Kind {
    /// The name used in messages and by the Python face (`int`, `bool`, `float`, `str`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Int => "int",
            Kind::Bool => "bool",
            Kind::Float => "float",
            Kind::Str => "str",
        }
    }

    /// The kind called `name` (as [`Kind::name`] spells it).
    pub fn from_name(name: &str) -> Option<Kind> {
        [Kind::Int, Kind::Bool, Kind::Float, Kind::Str]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

/// Reads `text` as a Python 2 `int()` would (surrounding whitespace allowed).
pub fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Reads `text` as `ConfigParser.getboolean` would, with `yes`/`no` first as the original did.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "true" | "on" | "1" => Some(true),
        "no" | "false" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// Reads `text` as Python's `float()` would (`inf` and `nan` included).
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim();
    // Rust also reads forms Python rejects only when they hold no digit at all ("." is refused by
    // both); a value must contain a digit or be one of the inf/nan words.
    let word = t.trim_start_matches(['+', '-']).to_lowercase();
    let named = matches!(word.as_str(), "inf" | "infinity" | "nan");
    if !named && !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

impl Value {
    /// Types `text` by the int, boolean, float, string rule.
    pub fn typed(text: &str) -> Value {
        if let Some(i) = parse_int(text) {
            Value::Int(i)
        } else if let Some(b) = parse_bool(text) {
            Value::Bool(b)
        } else if let Some(f) = parse_float(text) {
            Value::Float(f)
        } else {
            Value::Str(text.to_owned())
        }
    }

    /// Reads `text` as `kind`; the error says what was expected.
    pub fn read_as(text: &str, kind: Kind) -> Result<Value, String> {
        let got = match kind {
            Kind::Int => parse_int(text).map(Value::Int),
            Kind::Bool => parse_bool(text).map(Value::Bool),
            Kind::Float => parse_float(text).map(Value::Float),
            Kind::Str => Some(Value::Str(text.to_owned())),
        };
        got.ok_or_else(|| {
            let expected = match kind {
                Kind::Int => "a whole number",
                Kind::Bool => "a boolean (yes/no, true/false, on/off, 1/0)",
                _ => "a number",
            };
            format!("cannot read {text:?} as {}: expected {expected}", kind.name())
        })
    }
}

impl fmt::Display for Value {
    /// The text Python's `str()` gives for the same value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Float(x) if x.is_nan() => f.write_str("nan"),
            Value::Float(x) if x.is_infinite() => f.write_str(if *x > 0.0 { "inf" } else { "-inf" }),
            Value::Float(x) if x.fract() == 0.0 && x.abs() < 1e16 => write!(f, "{x:.1}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => f.write_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pinned_typing_rule() {
        assert_eq!(Value::typed("0"), Value::Int(0));
        assert_eq!(Value::typed("1"), Value::Int(1));
        assert_eq!(Value::typed("010"), Value::Int(10));
        assert_eq!(Value::typed("-5"), Value::Int(-5));
        assert_eq!(Value::typed(""), Value::Str(String::new()));
        for (text, b) in [
            ("yes", true),
            ("NO", false),
            ("True", true),
            ("false", false),
            ("on", true),
            ("OFF", false),
        ] {
            assert_eq!(Value::typed(text), Value::Bool(b), "{text}");
        }
        assert_eq!(Value::typed("300.0"), Value::Float(300.0));
        assert_eq!(Value::typed("1.5e3"), Value::Float(1500.0));
        assert_eq!(Value::typed("2.5"), Value::Float(2.5));
        assert_eq!(Value::typed("a,b"), Value::Str("a,b".into()));
        assert_eq!(Value::typed("1_000"), Value::Str("1_000".into()));
        assert_eq!(Value::typed("0.9.0"), Value::Str("0.9.0".into()));
        assert_eq!(Value::typed("99999999999999999999"), Value::Float(1e20));
        assert!(matches!(Value::typed("nan"), Value::Float(x) if x.is_nan()));
        assert_eq!(Value::typed("e"), Value::Str("e".into()));
    }

    #[test]
    fn read_as_reports_the_expected_type() {
        assert_eq!(Value::read_as("1", Kind::Bool), Ok(Value::Bool(true)));
        assert_eq!(Value::read_as("7", Kind::Float), Ok(Value::Float(7.0)));
        assert_eq!(Value::read_as("x", Kind::Str), Ok(Value::Str("x".into())));
        assert_eq!(
            Value::read_as("abc", Kind::Int),
            Err("cannot read \"abc\" as int: expected a whole number".into())
        );
        assert!(Value::read_as("maybe", Kind::Bool).unwrap_err().contains("as bool"));
        assert!(Value::read_as("1,5", Kind::Float).unwrap_err().contains("as float"));
        assert_eq!(Kind::from_name("float"), Some(Kind::Float));
        assert_eq!(Kind::from_name("list"), None);
    }

    #[test]
    fn display_matches_python_str() {
        assert_eq!(Value::Float(300.0).to_string(), "300.0");
        assert_eq!(Value::Float(1.5).to_string(), "1.5");
        assert_eq!(Value::Bool(true).to_string(), "True");
        assert_eq!(Value::Int(10).to_string(), "10");
    }
}

//! Unique names for the objects a test makes (containers, images, files): the one generator that
//! both the docker listings and Autotest's `utils.get_unique_name` use.
//!
//! A name is `prefix`, a variable part and `suffix`, joined with `_`. Separators are not doubled
//! (a prefix's trailing `_`, `-` or `.` and a suffix's leading ones are dropped), and a suffix
//! starting with `:` (an image tag) is attached directly. The variable part is a counter or random
//! letters and digits. Candidates are offered to a predicate until it accepts one.
//!
//! ```
//! use dockertest::names::{unique_name, NamePattern, Variable};
//!
//! let pattern = NamePattern { prefix: "web_", suffix: ":test", variable: Variable::Counter(0), lowercase: true };
//! let name = unique_name(&pattern, 1, |n| Ok::<_, dockertest::Error>(n != "web_0:test")).unwrap();
//! assert_eq!(name, "web_1:test");
//! ```

use crate::{Error, Result};

/// How the variable part of a name is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    /// `n` random letters and digits (at least one).
    Random(usize),
    /// A decimal counter, starting at the given number.
    Counter(u64),
}

/// What a unique name looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamePattern<'a> {
    /// Text before the variable part.
    pub prefix: &'a str,
    /// Text after the variable part; one starting with `:` is attached without `_`.
    pub suffix: &'a str,
    /// The variable part.
    pub variable: Variable,
    /// Lower-case the prefix and suffix, and draw random characters from lower-case letters and
    /// digits only, as docker requires of image names. Otherwise random characters are letters of
    /// either case and digits.
    pub lowercase: bool,
}

/// How many candidates are tried before giving up.
pub const TRIES: usize = 1000;

const SEPARATORS: [char; 3] = ['_', '-', '.'];

/// A xorshift64* stream: plenty for picking names that do not collide.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        usize::try_from(self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40).unwrap_or(0) % n
    }
}

/// The first candidate name of `pattern` that `is_free` accepts, trying at most [`TRIES`]
/// candidates. `seed` seeds the random characters. An error of `is_free` ends the search.
pub fn unique_name<E: From<Error>>(
    pattern: &NamePattern<'_>,
    seed: u64,
    mut is_free: impl FnMut(&str) -> std::result::Result<bool, E>,
) -> std::result::Result<String, E> {
    const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    const MIXED: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let case = |s: &str| {
        if pattern.lowercase {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    let (prefix, suffix) = (case(pattern.prefix), case(pattern.suffix));
    let prefix = prefix.trim_end_matches(SEPARATORS);
    let alphabet = if pattern.lowercase { LOWER } else { MIXED };
    let mut random = Random(seed | 1);
    for attempt in 0..TRIES {
        let variable = match pattern.variable {
            Variable::Random(length) => (0..length.max(1))
                .map(|_| char::from(alphabet[random.below(alphabet.len())]))
                .collect(),
            Variable::Counter(start) => (start + attempt as u64).to_string(),
        };
        let name = join(prefix, &variable, &suffix);
        if is_free(&name)? {
            return Ok(name);
        }
    }
    Err(Error::Value(format!(
        "no unique name with prefix {:?} and suffix {:?} after {TRIES} tries",
        pattern.prefix, pattern.suffix
    ))
    .into())
}

fn join(prefix: &str, variable: &str, suffix: &str) -> String {
    let mut name = String::with_capacity(prefix.len() + variable.len() + suffix.len() + 2);
    if !prefix.is_empty() {
        name.push_str(prefix);
        name.push('_');
    }
    name.push_str(variable);
    if suffix.starts_with(':') {
        name.push_str(suffix);
    } else if !suffix.trim_start_matches(SEPARATORS).is_empty() {
        name.push('_');
        name.push_str(suffix.trim_start_matches(SEPARATORS));
    }
    name
}

/// [`unique_name`] with a predicate that cannot fail.
pub fn unique_name_with(pattern: &NamePattern<'_>, seed: u64, mut is_free: impl FnMut(&str) -> bool) -> Result<String> {
    unique_name(pattern, seed, |name| Ok::<_, Error>(is_free(name)))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::images::split_to_component;

    fn docker(prefix: &'static str, suffix: &'static str, length: usize) -> NamePattern<'static> {
        NamePattern {
            prefix,
            suffix,
            variable: Variable::Random(length),
            lowercase: true,
        }
    }

    #[test]
    fn image_names_avoid_existing_ones_and_are_valid() {
        let name = unique_name_with(&docker("docker_test_", ":test", 4), 42, |_| true).unwrap();
        assert!(
            name.starts_with("docker_test_") && name.ends_with(":test") && name.len() == "docker_test_abcd:test".len()
        );
        assert_eq!(split_to_component(&name).unwrap().tag.as_deref(), Some("test"));
        let taken: HashSet<String> = [name.clone()].into();
        let other = unique_name_with(&docker("docker_test_", ":test", 4), 42, |n| !taken.contains(n)).unwrap();
        assert_ne!(other, name);
        assert_eq!(unique_name_with(&docker("", "", 6), 7, |_| true).unwrap().len(), 6);
        let upper = unique_name_with(&docker("Pre", "Suf", 6), 7, |_| true).unwrap();
        assert!(upper.starts_with("pre_") && upper.ends_with("_suf") && upper == upper.to_lowercase());
    }

    #[test]
    fn counters_and_mixed_case() {
        let pattern = NamePattern {
            prefix: "pre",
            suffix: "suf",
            variable: Variable::Counter(0),
            lowercase: false,
        };
        let taken = ["pre_0_suf", "pre_1_suf"];
        assert_eq!(
            unique_name_with(&pattern, 1, |n| !taken.contains(&n)).unwrap(),
            "pre_2_suf"
        );
        let err = unique_name_with(&pattern, 1, |_| false).unwrap_err();
        assert!(err.to_string().contains("unique name"), "{err}");
        let mixed = NamePattern {
            prefix: "X",
            suffix: "",
            variable: Variable::Random(400),
            lowercase: false,
        };
        let name = unique_name_with(&mixed, 3, |_| true).unwrap();
        assert!(name.starts_with("X_") && name.len() == 402);
        assert!(name.chars().any(|c| c.is_ascii_uppercase()) && name.chars().any(|c| c.is_ascii_lowercase()));
    }

    #[test]
    fn predicate_errors_end_the_search() {
        let mut calls = 0;
        let err = unique_name(&docker("a", "", 4), 1, |_| {
            calls += 1;
            Err::<bool, Error>(Error::Value("boom".into()))
        })
        .unwrap_err();
        assert_eq!((err, calls), (Error::Value("boom".into()), 1));
    }
}

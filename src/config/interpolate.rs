//! `%(option)s` interpolation, as Python's `ConfigParser` does it.
//!
//! A reference names an option of the same section or of DEFAULTS (section first); the name is
//! lower-cased like every option name. `%%` is a literal `%`; any other `%` is an error. A value
//! that refers back to itself, directly or through others, is an error naming the chain, and a
//! result longer than [`MAX_LEN`] is refused so that references that double at every level cannot
//! exhaust memory.
//!
//! ```
//! use dockertest::config::interpolate::{expand, Scope};
//! let defaults = vec![("base".to_owned(), "/foo".to_owned())];
//! let section = vec![("opt3".to_owned(), "%(base)s/bar 100%%".to_owned())];
//! let scope = Scope::new(&section, &defaults);
//! assert_eq!(expand(&scope, "opt3").unwrap(), "/foo/bar 100%");
//! ```

use std::collections::HashMap;

/// The longest value interpolation may produce, in bytes.
pub const MAX_LEN: usize = 1 << 20;
/// How deeply references may nest (`ConfigParser` allows 10); deeper chains are refused rather
/// than risking the stack.
pub const MAX_DEPTH: usize = 64;

/// What went wrong while expanding one option; [`super::load`] adds the location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterpolationError {
    /// The option whose raw value holds the faulty text (the innermost one of a chain).
    pub option: String,
    /// What is wrong.
    pub message: String,
}

/// The options visible to interpolation: one section's, then DEFAULTS (indexed, so a lookup does
/// not scan the section; a name given twice resolves to its last value).
pub struct Scope<'a> {
    section: HashMap<&'a str, &'a str>,
    defaults: HashMap<&'a str, &'a str>,
}

impl<'a> Scope<'a> {
    /// A scope over a section's raw `(option, value)` pairs and the DEFAULTS pairs.
    pub fn new(section: &'a [(String, String)], defaults: &'a [(String, String)]) -> Self {
        let index = |pairs: &'a [(String, String)]| pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Scope {
            section: index(section),
            defaults: index(defaults),
        }
    }

    fn raw(&self, option: &str) -> Option<&'a str> {
        self.section.get(option).or_else(|| self.defaults.get(option)).copied()
    }
}

/// Expands the option `option` (lower-case) in `scope`.
pub fn expand(scope: &Scope<'_>, option: &str) -> Result<String, InterpolationError> {
    Expander::new(scope).expand(option)
}

/// Expands options of one scope, remembering each result: every option is expanded once, so
/// references that fan out stay linear in work, and a whole section costs one pass.
pub struct Expander<'s, 'a> {
    scope: &'s Scope<'a>,
    /// Options already expanded.
    done: HashMap<String, String>,
    /// The options being expanded, outermost first.
    chain: Vec<String>,
}

impl<'s, 'a> Expander<'s, 'a> {
    /// An expander over `scope`.
    pub fn new(scope: &'s Scope<'a>) -> Self {
        Expander {
            scope,
            done: HashMap::new(),
            chain: Vec::new(),
        }
    }

    /// Expands the option `option` (lower-case).
    pub fn expand(&mut self, option: &str) -> Result<String, InterpolationError> {
        // A previous call that failed may have left its chain behind.
        self.chain.clear();
        self.expand_in(option)
    }

    fn expand_in(&mut self, option: &str) -> Result<String, InterpolationError> {
        if let Some(done) = self.done.get(option) {
            return Ok(done.clone());
        }
        let Some(raw) = self.scope.raw(option) else {
            let holder = self.chain.last().map_or(option, String::as_str);
            return Err(InterpolationError {
                option: holder.to_owned(),
                message: format!(
                    "interpolation refers to missing option '{option}' (not in this section nor in DEFAULTS)"
                ),
            });
        };
        if self.chain.iter().any(|c| c == option) {
            self.chain.push(option.to_owned());
            return Err(InterpolationError {
                option: self.chain[0].clone(),
                message: format!("interpolation recurses forever: {}", self.chain.join(" -> ")),
            });
        }
        if self.chain.len() >= MAX_DEPTH {
            return Err(InterpolationError {
                option: self.chain[0].clone(),
                message: format!("interpolation nests deeper than {MAX_DEPTH} references (at '{option}')"),
            });
        }
        self.chain.push(option.to_owned());
        let value = self.substitute(option, raw)?;
        self.chain.pop();
        self.done.insert(option.to_owned(), value.clone());
        Ok(value)
    }

    fn substitute(&mut self, option: &str, raw: &str) -> Result<String, InterpolationError> {
        let syntax = |message: String| InterpolationError {
            option: option.to_owned(),
            message,
        };
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(pos) = rest.find('%') {
            out.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            if let Some(tail) = after.strip_prefix('%') {
                out.push('%');
                rest = tail;
            } else if let Some(tail) = after.strip_prefix('(') {
                let Some(close) = tail.find(")s") else {
                    return Err(syntax(format!(
                        "bad interpolation in {raw:?}: '%(' must be closed by ')s'"
                    )));
                };
                let name = tail[..close].trim().to_lowercase();
                out.push_str(&self.expand_in(&name)?);
                if out.len() > MAX_LEN {
                    return Err(syntax(format!("interpolation result exceeds {MAX_LEN} bytes")));
                }
                rest = &tail[close + 2..];
            } else {
                return Err(syntax(format!(
                    "bad interpolation in {raw:?}: '%' must be followed by '%' or '(' (write %% for a literal %)"
                )));
            }
        }
        out.push_str(rest);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn section_first_then_defaults_and_chains() {
        let defaults = pairs(&[("base", "/foo"), ("path", "%(base)s/%(leaf)s"), ("leaf", "d")]);
        let section = pairs(&[("leaf", "s"), ("x", "%(PATH)s %%(not)s")]);
        let scope = Scope::new(&section, &defaults);
        assert_eq!(expand(&scope, "x").unwrap(), "/foo/s %(not)s");
        assert_eq!(expand(&Scope::new(&[], &defaults), "path").unwrap(), "/foo/d");
    }

    #[test]
    fn missing_reference_names_the_holder() {
        let section = pairs(&[("a", "%(b)s"), ("b", "x%(nope)s")]);
        let err = expand(&Scope::new(&section, &[]), "a").unwrap_err();
        assert_eq!(err.option, "b");
        assert_eq!(
            err.message,
            "interpolation refers to missing option 'nope' (not in this section nor in DEFAULTS)"
        );
    }

    #[test]
    fn recursion_names_the_chain() {
        let section = pairs(&[("a", "%(b)s"), ("b", "%(c)s"), ("c", "%(a)s")]);
        let err = expand(&Scope::new(&section, &[]), "a").unwrap_err();
        assert_eq!(err.option, "a");
        assert_eq!(err.message, "interpolation recurses forever: a -> b -> c -> a");
        let own = pairs(&[("x", "1%(x)s")]);
        assert_eq!(
            expand(&Scope::new(&own, &[]), "x").unwrap_err().message,
            "interpolation recurses forever: x -> x"
        );
    }

    #[test]
    fn bad_percent_syntax() {
        let section = pairs(&[("a", "100%"), ("b", "%(open")]);
        assert!(expand(&Scope::new(&section, &[]), "a")
            .unwrap_err()
            .message
            .contains("'%' must be followed"));
        assert!(expand(&Scope::new(&section, &[]), "b")
            .unwrap_err()
            .message
            .contains("closed by ')s'"));
    }

    #[test]
    fn deep_chains_are_bounded() {
        let mut section: Vec<(String, String)> = (0..10_000)
            .map(|i| (format!("o{i}"), format!("%(o{})s", i + 1)))
            .collect();
        section.push(("o10000".to_owned(), "end".to_owned()));
        let err = expand(&Scope::new(&section, &[]), "o0").unwrap_err();
        assert_eq!(err.option, "o0");
        assert_eq!(err.message, "interpolation nests deeper than 64 references (at 'o64')");
        assert_eq!(expand(&Scope::new(&section, &[]), "o9990").unwrap(), "end");
    }

    #[test]
    fn doubling_references_are_bounded() {
        let mut section = vec![("l0".to_owned(), "x".repeat(1000))];
        for i in 1..40 {
            section.push((format!("l{i}"), format!("%(l{})s%(l{})s", i - 1, i - 1)));
        }
        let err = expand(&Scope::new(&section, &[]), "l39").unwrap_err();
        assert!(err.message.contains("exceeds"), "{}", err.message);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_values_never_panic(
            values in proptest::collection::vec("([a-c%()s]|%\\([a-c]\\)s){0,12}", 1..6)
        ) {
            let names = ["a", "b", "c", "d", "e", "f"];
            let section: Vec<(String, String)> =
                values.iter().enumerate().map(|(i, v)| (names[i].to_owned(), v.clone())).collect();
            let scope = Scope::new(&section, &[]);
            let mut expander = Expander::new(&scope);
            for (name, _) in &section {
                let _ = expander.expand(name);
            }
        }
    }
}

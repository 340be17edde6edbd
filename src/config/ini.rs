//! A small ini parser following the Python `ConfigParser` rules the suite's files rely on.
//!
//! Why not the `rust-ini` crate: it has no `%(option)s` interpolation, no continuation lines and
//! drops comments, so it cannot keep `#:` documentation comments either. The rules here are:
//!
//! - `[name]` opens a section; the name is kept as written (trimmed), so it is case-sensitive.
//! - `option = value` or `option: value` (the first `=` or `:` splits); option names are
//!   lower-cased and values trimmed. A line that begins with whitespace continues the previous
//!   value (joined with a newline). Blank lines and comments do not end a value.
//! - A line whose first non-blank character is `#` or `;` is a comment; `#:` comments document the
//!   next option (several `#:` lines are joined with a space). There are no inline comments.
//! - An option set twice in one section of one file keeps the later value, and a section that
//!   appears twice in one file merges into the first (later values winning), as Python 2's
//!   `ConfigParser` read them; each such repeat gives a warning naming the file, line, section and
//!   option, so a typo does not pass silently.
//! - An option before any section, and any other line, are errors naming the file and line.
//! - Parsing is linear in the size of the file (sections and options are found through indexes),
//!   and [`parse_file`] asks a caller-supplied check every [`CHECK_EVERY`] lines whether to stop.
//!
//! ```
//! use dockertest::config::ini::parse_str;
//! let s = parse_str("[a]\n#: The answer.\nKey = 4\n  2\n", None).unwrap();
//! assert_eq!((s[0].options[0].name.as_str(), s[0].options[0].value.as_str()), ("key", "4\n2"));
//! assert_eq!(s[0].options[0].doc.as_deref(), Some("The answer."));
//! ```

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::Location;
use crate::Result;

/// One `option = value` of a parsed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniOption {
    /// The lower-cased option name.
    pub name: String,
    /// The raw value (trimmed, continuation lines joined with `\n`), not yet interpolated.
    pub value: String,
    /// The 1-based line of `option = value`.
    pub line: usize,
    /// The text of the `#:` comments just above the option, if any.
    pub doc: Option<String>,
}

/// One `[section]` of a parsed file, with its options in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniSection {
    /// The section name, as written.
    pub name: String,
    /// The 1-based line of the `[section]` header.
    pub line: usize,
    /// The options, in file order.
    pub options: Vec<IniOption>,
}

impl IniSection {
    /// The option called `name` (already lower-cased), if the section has it.
    pub fn get(&self, name: &str) -> Option<&IniOption> {
        self.options.iter().find(|o| o.name == name)
    }
}

/// How many lines the parser reads between two calls of the caller's stop check.
pub const CHECK_EVERY: usize = 4096;

/// The message of the error a parse or load stopped by its stop check returns.
pub const INTERRUPTED: &str = "loading was interrupted";

/// One parsed file: its sections, and the warnings about repeated sections and options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IniFile {
    /// The sections, in the order they first appear.
    pub sections: Vec<IniSection>,
    /// One line per repeated section or option, naming the file, line, section and option.
    pub warnings: Vec<String>,
}

/// Parses the bytes of one ini file; `file` is only used in error messages. Warnings are dropped.
pub fn parse(bytes: &[u8], file: Option<&Path>) -> Result<Vec<IniSection>> {
    Ok(parse_file(bytes, file, &|| false)?.sections)
}

/// Parses the text of one ini file; `file` is only used in error messages. Warnings are dropped.
pub fn parse_str(text: &str, file: Option<&Path>) -> Result<Vec<IniSection>> {
    Ok(parse_text(text, file, &|| false)?.sections)
}

/// Parses the bytes of one ini file, keeping the warnings. `stop` is called every
/// [`CHECK_EVERY`] lines; when it returns true, parsing ends with an [`INTERRUPTED`] error.
pub fn parse_file(bytes: &[u8], file: Option<&Path>, stop: &dyn Fn() -> bool) -> Result<IniFile> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_text(text, file, stop),
        Err(err) => {
            let line = bytes[..err.valid_up_to()].split(|&b| b == b'\n').count();
            Err(Location::at(file.map(Path::to_path_buf), line).error("the file is not valid UTF-8"))
        }
    }
}

/// Parses the text of one ini file, keeping the warnings; `stop` as for [`parse_file`].
pub fn parse_text(text: &str, file: Option<&Path>, stop: &dyn Fn() -> bool) -> Result<IniFile> {
    let mut parser = Parser {
        file: file.map(Path::to_path_buf),
        out: IniFile::default(),
        section_index: HashMap::new(),
        option_index: Vec::new(),
        current: None,
        doc: Vec::new(),
        open: None,
    };
    for (index, raw) in text.split('\n').enumerate() {
        if index % CHECK_EVERY == 0 && index > 0 && stop() {
            return Err(Location::at(parser.file.clone(), index + 1).error(INTERRUPTED));
        }
        parser.line(index + 1, raw.strip_suffix('\r').unwrap_or(raw))?;
    }
    Ok(parser.out)
}

struct Parser {
    file: Option<PathBuf>,
    out: IniFile,
    /// Section name → its index in `out.sections`.
    section_index: HashMap<String, usize>,
    /// For each section, option name → its index in that section's options.
    option_index: Vec<HashMap<String, usize>>,
    /// The section the lines now belong to.
    current: Option<usize>,
    /// `#:` lines waiting for the option they document.
    doc: Vec<String>,
    /// The option (section index, option index) that may still take continuation lines.
    open: Option<(usize, usize)>,
}

impl Parser {
    fn at(&self, line: usize) -> Location {
        let at = Location::at(self.file.clone(), line);
        match self.current {
            Some(index) => at.in_section(&self.out.sections[index].name),
            None => at,
        }
    }

    fn line(&mut self, number: usize, line: &str) -> Result<()> {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return Ok(());
        }
        if let Some(doc) = trimmed.strip_prefix("#:") {
            self.doc.push(doc.trim().to_owned());
            return Ok(());
        }
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            return Ok(());
        }
        if line.starts_with([' ', '\t']) {
            return self.continuation(number, trimmed);
        }
        self.open = None;
        if trimmed.starts_with('[') {
            return self.header(number, trimmed);
        }
        self.option(number, trimmed)
    }

    fn continuation(&mut self, number: usize, trimmed: &str) -> Result<()> {
        let Some((section, option)) = self.open else {
            return Err(self.at(number).error(format!(
                "malformed line {trimmed:?}: an indented line continues a value, but no option precedes it"
            )));
        };
        let value = &mut self.out.sections[section].options[option].value;
        value.push('\n');
        value.push_str(trimmed);
        Ok(())
    }

    fn header(&mut self, number: usize, trimmed: &str) -> Result<()> {
        let name = trimmed
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .map(str::trim);
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return Err(Location::at(self.file.clone(), number).error(format!(
                "malformed section header {trimmed:?}: expected '[section name]'"
            )));
        };
        self.doc.clear();
        if let Some(&index) = self.section_index.get(name) {
            let first = self.out.sections[index].line;
            let at = Location::at(self.file.clone(), number).in_section(name);
            self.out.warnings.push(format!(
                "{at}: section repeated (first at line {first} of this file); its options merge into the first, \
                 a later value replacing an earlier one, as Python's ConfigParser read it"
            ));
            self.current = Some(index);
            return Ok(());
        }
        self.section_index.insert(name.to_owned(), self.out.sections.len());
        self.current = Some(self.out.sections.len());
        self.out.sections.push(IniSection {
            name: name.to_owned(),
            line: number,
            options: Vec::new(),
        });
        self.option_index.push(HashMap::new());
        Ok(())
    }

    fn option(&mut self, number: usize, trimmed: &str) -> Result<()> {
        let Some(split) = trimmed.find(['=', ':']) else {
            return Err(self.at(number).error(format!(
                "malformed line {trimmed:?}: expected 'option = value', '[section]' or a comment"
            )));
        };
        let name = trimmed[..split].trim().to_lowercase();
        let value = trimmed[split + 1..].trim().to_owned();
        if name.is_empty() {
            return Err(self
                .at(number)
                .error(format!("malformed line {trimmed:?}: the option name is empty")));
        }
        let at = self.at(number).with_option(&name);
        let doc = if self.doc.is_empty() {
            None
        } else {
            Some(self.doc.join(" "))
        };
        self.doc.clear();
        let Some(section) = self.current else {
            return Err(at.error("option outside any section: put a '[section]' header above it"));
        };
        let options = &mut self.out.sections[section].options;
        if let Some(&index) = self.option_index[section].get(&name) {
            let old = &mut options[index];
            self.out.warnings.push(format!(
                "{at}: option set again (first at line {}); the later value wins, as Python's ConfigParser read it",
                old.line
            ));
            old.value = value;
            old.line = number;
            if doc.is_some() {
                old.doc = doc;
            }
            self.open = Some((section, index));
            return Ok(());
        }
        self.option_index[section].insert(name.clone(), options.len());
        self.open = Some((section, options.len()));
        options.push(IniOption {
            name,
            value,
            line: number,
            doc,
        });
        Ok(())
    }
}

/// Renders a `#:` documentation text: `{n}` is a newline, `{t}` a four-space indent, and `{{` and
/// `}}` are literal braces.
pub fn render_doc(doc: &str) -> String {
    doc.replace("{{", "\u{0}")
        .replace("}}", "\u{1}")
        .replace("{n}", "\n")
        .replace("{t}", "    ")
        .replace('\u{0}', "{")
        .replace('\u{1}', "}")
}

/// Writes sections back as ini text; multi-line values become continuation lines.
pub fn format(sections: &[(String, Vec<(String, String)>)]) -> String {
    let mut out = String::new();
    for (name, options) in sections {
        let _ = writeln!(out, "[{name}]");
        for (option, value) in options {
            let value = value.replace('\n', "\n    ");
            if value.is_empty() {
                let _ = writeln!(out, "{option} =");
            } else {
                let _ = writeln!(out, "{option} = {value}");
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_str(text, Some(Path::new("x.ini"))).unwrap_err().to_string()
    }

    #[test]
    fn options_values_and_continuations() {
        let text =
            "; comment\n[s/t]\nA = 1\nb: two words \n\n  more\n\t# not a value\n\tend\nc =\n[DEFAULTS]\nd=%(a)s\r\n";
        let s = parse_str(text, None).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].name, "s/t");
        let got: Vec<(&str, &str, usize)> = s[0]
            .options
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_str(), o.line))
            .collect();
        assert_eq!(got, vec![("a", "1", 3), ("b", "two words\nmore\nend", 4), ("c", "", 9)]);
        assert_eq!(s[1].get("d").unwrap().value, "%(a)s");
    }

    #[test]
    fn doc_comments_attach_to_the_next_option() {
        let s = parse_str(
            "[s]\n#: First line\n#: and second.\n# plain\nx = 1\ny = 2\n#: dangling\n[t]\nz = 3\n",
            None,
        )
        .unwrap();
        assert_eq!(s[0].get("x").unwrap().doc.as_deref(), Some("First line and second."));
        assert_eq!(s[0].get("y").unwrap().doc, None);
        assert_eq!(s[1].get("z").unwrap().doc, None);
    }

    #[test]
    fn bad_lines_name_file_line_and_section() {
        assert_eq!(
            err("[s]\nx = 1\nnonsense\n"),
            "file x.ini, line 3, section [s]: malformed line \"nonsense\": expected 'option = value', '[section]' or a comment"
        );
        assert_eq!(
            err("x = 1\n"),
            "file x.ini, line 1, option 'x': option outside any section: put a '[section]' header above it"
        );
        assert!(err("[s\n").starts_with("file x.ini, line 1: malformed section header"));
        assert!(err("[ ]\n").contains("malformed section header"));
        assert!(err("[s]\n= 1\n").contains("the option name is empty"));
        assert!(err("  x = 1\n").contains("no option precedes it"));
        assert!(err("[s]\n  x\n").contains("line 2, section [s]: malformed line"));
    }

    #[test]
    fn repeats_keep_the_later_value_and_warn() {
        let text = "[s]\nx = 1\n#: Doc.\ny = a\n  b\n[t]\nz = 0\n[s]\nX = 2\n  more\nw = 3\nz = 4\n";
        let parsed = parse_text(text, Some(Path::new("x.ini")), &|| false).unwrap();
        let names: Vec<&str> = parsed.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["s", "t"]);
        let s = &parsed.sections[0];
        let got: Vec<(&str, &str, usize)> = s
            .options
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_str(), o.line))
            .collect();
        assert_eq!(
            got,
            [("x", "2\nmore", 9), ("y", "a\nb", 4), ("w", "3", 11), ("z", "4", 12)]
        );
        assert_eq!(s.get("y").unwrap().doc.as_deref(), Some("Doc."));
        assert_eq!(parsed.sections[1].get("z").unwrap().value, "0");
        assert_eq!(
            parsed.warnings,
            [
                "file x.ini, line 8, section [s]: section repeated (first at line 1 of this file); its options merge \
                 into the first, a later value replacing an earlier one, as Python's ConfigParser read it",
                "file x.ini, line 9, section [s], option 'x': option set again (first at line 2); the later value \
                 wins, as Python's ConfigParser read it",
            ]
        );
        assert_eq!(parse_str(text, None).unwrap(), parsed.sections);
    }

    #[test]
    fn a_stop_check_interrupts_a_long_parse() {
        let text = (0..3 * CHECK_EVERY).fold(String::from("[s]\n"), |mut out, i| {
            let _ = writeln!(out, "o{i} = {i}");
            out
        });
        let calls = std::cell::Cell::new(0);
        let stop = || {
            calls.set(calls.get() + 1);
            calls.get() == 2
        };
        let err = parse_text(&text, Some(Path::new("big.ini")), &stop).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("file big.ini, line {}: {INTERRUPTED}", 2 * CHECK_EVERY + 1)
        );
        assert_eq!(
            parse_text(&text, None, &|| false).unwrap().sections[0].options.len(),
            3 * CHECK_EVERY
        );
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let e = parse(b"[s]\nx = 1\ny = \xff\n", Some(Path::new("bad.ini"))).unwrap_err();
        assert_eq!(e.to_string(), "file bad.ini, line 3: the file is not valid UTF-8");
        assert_eq!(parse(b"\xef\xbb\xbf[s]\n", None).unwrap()[0].name, "s");
    }

    #[test]
    fn docs_render_and_sections_format() {
        assert_eq!(render_doc("a{n}{t}b {{x}}"), "a\n    b {x}");
        let text = format(&[(
            "s".into(),
            vec![("a".into(), "1\n2".into()), ("b".into(), String::new())],
        )]);
        assert_eq!(text, "[s]\na = 1\n    2\nb =\n\n");
        let back = parse_str(&text, None).unwrap();
        assert_eq!(back[0].get("a").unwrap().value, "1\n2");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = parse(&bytes, None);
        }

        #[test]
        fn ini_shaped_text_never_panics(text in "([\\[\\]=:#; \\t\\n%()a-zA-Z0-9]|#:){0,300}") {
            let _ = parse_str(&text, None);
        }
    }
}

//! Splitting legacy sub-argument strings such as `"/bin/sh -c 'echo hi'"` into an argv, as a POSIX
//! shell would, without ever handing the text to a shell.
//!
//! Quotes and backslashes work as in `sh`. Anything that would need a real shell (pipes,
//! redirections, `;`, `&`, substitutions with `$` or backticks, globs, `~`, comments) is rejected
//! with an error naming the character and its column, because passing it through literally would
//! silently run something else than the author meant.
//!
//! ```
//! use dockertest::shlex::split_subargs;
//!
//! assert_eq!(split_subargs("/bin/sh -c 'echo hi; exit 3'").unwrap(), ["/bin/sh", "-c", "echo hi; exit 3"]);
//! assert!(split_subargs("echo hi | cat").is_err());
//! ```

use crate::{Error, Result};

fn needs_shell(text: &str, chars: &[char], index: usize, what: &str) -> Error {
    let end = chars[index..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |n| index + n);
    let offending: String = chars[index..end].iter().collect();
    Error::Value(format!(
        "cannot split {text:?} without a shell: {what} at column {} (in {offending:?}) needs shell features, and \
         nothing is ever handed to a shell on the host; quote it ('single quotes' keep it literal), or pass the \
         arguments as a list",
        index + 1
    ))
}

/// Splits `text` into words like a POSIX shell (quote removal, backslash escapes), rejecting
/// anything that needs expansion, redirection or command chaining.
pub fn split_subargs(text: &str) -> Result<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                let end = chars[i + 1..].iter().position(|&q| q == '\'').ok_or_else(|| {
                    Error::Value(format!("cannot split {text:?}: the ' at column {col} is never closed"))
                })?;
                word.extend(&chars[i + 1..i + 1 + end]);
                in_word = true;
                i += end + 1;
            }
            '"' => {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(Error::Value(format!(
                                "cannot split {text:?}: the \" at column {col} is never closed"
                            )))
                        }
                        Some('"') => break,
                        Some('\\') if matches!(chars.get(i + 1), Some('$' | '`' | '"' | '\\')) => {
                            word.push(chars[i + 1]);
                            i += 1;
                        }
                        Some('\\') if chars.get(i + 1) == Some(&'\n') => i += 1,
                        Some(&q @ ('$' | '`')) => {
                            return Err(needs_shell(text, &chars, i, &format!("{q:?} in double quotes")))
                        }
                        Some(&other) => word.push(other),
                    }
                    i += 1;
                }
                in_word = true;
            }
            '\\' => match chars.get(i + 1) {
                None => {
                    return Err(Error::Value(format!(
                        "cannot split {text:?}: it ends with a lone backslash"
                    )))
                }
                Some('\n') => i += 1, // line continuation
                Some(&next) => {
                    word.push(next);
                    in_word = true;
                    i += 1;
                }
            },
            '|' | '&' | ';' | '<' | '>' | '(' | ')' | '$' | '`' => {
                return Err(needs_shell(text, &chars, i, &format!("unquoted {c:?}")));
            }
            '*' | '?' | '[' => return Err(needs_shell(text, &chars, i, &format!("the glob character {c:?}"))),
            '~' | '#' if !in_word => {
                let what = if c == '~' {
                    "a leading '~' (home directory)"
                } else {
                    "'#' (a comment)"
                };
                return Err(needs_shell(text, &chars, i, what));
            }
            other => {
                word.push(other);
                in_word = true;
            }
        }
        i += 1;
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(s: &str) -> Vec<String> {
        split_subargs(s).unwrap()
    }

    #[test]
    fn quotes_and_escapes_like_sh() {
        assert_eq!(split("/bin/sh -c 'echo hi'"), ["/bin/sh", "-c", "echo hi"]);
        assert_eq!(split("sh -c 'echo hello; exit 3'"), ["sh", "-c", "echo hello; exit 3"]);
        assert_eq!(split(r#"a"b c"d 'e'"f" "" ''"#), ["ab cd", "ef", "", ""]);
        assert_eq!(split(r#""a \"q\" \$x \\ \n""#), [r#"a "q" $x \ \n"#]);
        assert_eq!(split(r"a\ b c\|d"), ["a b", "c|d"]);
        assert_eq!(split("  --name=x\t--rm \\\n  img  "), ["--name=x", "--rm", "img"]);
        assert_eq!(split("a#b x~y"), ["a#b", "x~y"]);
        assert!(split("").is_empty() && split("   ").is_empty());
    }

    #[test]
    fn shell_features_are_rejected_with_the_column() {
        for (text, col) in [
            ("echo hi | cat", 9),
            ("a; b", 2),
            ("a && b", 3),
            ("cat < f", 5),
            ("echo $HOME", 6),
            ("echo `id`", 6),
            ("ls *.txt", 4),
            ("ls ~/x", 4),
            ("echo hi # c", 9),
            ("echo \"$(id)\"", 7),
        ] {
            let err = split_subargs(text).unwrap_err().to_string();
            assert!(
                err.contains(&format!("column {col}")) && err.contains("needs shell features"),
                "{text}: {err}"
            );
        }
        let err = split_subargs("run --rm img sh -c 'echo $HOME' ${X}y")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unquoted '$' at column 33 (in \"${X}y\")"), "{err}");
        assert!(err.contains("nothing is ever handed to a shell on the host"), "{err}");
        for bad in ["'open", "\"open", "end\\"] {
            assert!(split_subargs(bad).unwrap_err().to_string().contains(bad), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn splitter_never_panics(text in "\\PC*") {
            let _ = split_subargs(&text);
        }

        #[test]
        fn single_quoted_words_round_trip(words in proptest::collection::vec("[^']{0,8}", 0..6)) {
            let line: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
            prop_assert_eq!(split_subargs(&line.join(" ")).unwrap(), words);
        }
    }
}

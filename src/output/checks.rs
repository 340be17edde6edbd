//! The checks behind `OutputGood` and `OutputNotBad`: each looks at one stripped stream (stdout or
//! stderr) of a docker command and returns true when the text is good.
//!
//! ```
//! use dockertest::output::checks::{crash_check, error_check};
//!
//! assert!(!crash_check("panic: runtime error: slice bounds out of range"));
//! assert!(!error_check("ok\nError: No such container: x"));
//! assert!(error_check("no trouble here"));
//! ```

use std::sync::LazyLock;

use regex::Regex;

static PANIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*panic:\s*.+error.*").expect("valid regex"));
static USAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*usage:\s+docker\s+.*").expect("valid regex"));
static FATA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"FATA\[\d+").expect("valid regex"));

/// False if a line is a Go panic (`panic: … error …`).
pub fn crash_check(text: &str) -> bool {
    !text.lines().any(|l| PANIC.is_match(l))
}

/// False if a line is docker's usage text (`Usage: docker …`, any case).
pub fn usage_check(text: &str) -> bool {
    !text.lines().any(|l| USAGE.is_match(l))
}

/// False if any lower-cased line contains `error: ` (the 0.6.4 rule: every line, with the colon).
pub fn error_check(text: &str) -> bool {
    !text.lines().any(|l| l.to_lowercase().contains("error: "))
}

/// False if a line carries a logrus fatal marker (`FATA[0000]`).
pub fn fata_check(text: &str) -> bool {
    !text.lines().any(|l| FATA.is_match(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_examples() {
        assert!(!crash_check("panic: runtime error: slice bounds out of range"));
        assert!(!usage_check("Usage: docker [OPTIONS] COMMAND [arg...]"));
        assert!(!usage_check("  USAGE:  docker run"));
        assert!(
            crash_check("all fine") && usage_check("all fine") && error_check("all fine") && fata_check("all fine")
        );
    }

    #[test]
    fn error_check_reads_every_line_and_needs_the_colon() {
        assert!(error_check("error without colon"));
        assert!(!error_check("first\nsecond ERROR: bad"));
        assert!(!fata_check("time=x FATA[0001] boom"));
        assert!(crash_check("panic: nothing to see"));
    }
}

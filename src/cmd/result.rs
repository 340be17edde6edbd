//! The outcome of a command: [`CmdResult`], the one result type of the runner and of Autotest's
//! `utils.CmdResult`, and its text form ([`CmdResult::report`]).

use std::fmt;

/// The outcome of a command: finished, or partial while it still runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CmdResult {
    /// The command as text ([`super::CmdSpec::command_line`]).
    pub command: String,
    /// The exit code, or minus the signal number that ended the process (`-15` after a timeout);
    /// `None` only while the command is still running (or for a result built with no status).
    pub exit_status: Option<i32>,
    /// Everything the command wrote to stdout, decoded as UTF-8 (invalid bytes become U+FFFD).
    pub stdout: String,
    /// Everything the command wrote to stderr, decoded the same way.
    pub stderr: String,
    /// Wall time from start to the end of the output, in seconds.
    pub duration: f64,
    /// Whether the timeout expired and the process group was killed.
    pub timed_out: bool,
    /// The process id of the command (also its process group id); 0 for a result not run here.
    pub pid: u32,
}

impl CmdResult {
    /// Autotest's text form of a result, as `str()` and `repr()` of `utils.CmdResult` show it:
    ///
    /// ```text
    /// * Command: <command>
    /// Exit status: <status or None>
    /// Duration: <seconds, as Python writes a float>
    ///
    /// stdout:
    /// <stdout without trailing white space>
    /// stderr:
    /// <stderr without trailing white space>
    /// ```
    pub fn report(&self) -> String {
        let status = self.exit_status.map_or_else(|| "None".to_owned(), |s| s.to_string());
        format!(
            "* Command: {}\nExit status: {status}\nDuration: {}\n\nstdout:\n{}\nstderr:\n{}",
            self.command,
            PyFloat(self.duration),
            self.stdout.trim_end(),
            self.stderr.trim_end()
        )
    }
}

/// A float written as Python's `repr(float)` writes it: the shortest digits that read back the same
/// value, with a `.0` on whole numbers, and in exponent form (`1.5e-05`, `1e+16`) when the decimal
/// exponent is below -4 or at least 16.
struct PyFloat(f64);

impl fmt::Display for PyFloat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        if value.is_nan() {
            return f.write_str("nan");
        }
        if value.is_infinite() {
            return f.write_str(if value > 0.0 { "inf" } else { "-inf" });
        }
        let scientific = format!("{value:e}");
        let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        if (-4..16).contains(&exponent) {
            let plain = value.to_string();
            if plain.contains('.') {
                f.write_str(&plain)
            } else {
                write!(f, "{plain}.0")
            }
        } else {
            let sign = if exponent < 0 { '-' } else { '+' };
            write!(f, "{mantissa}e{sign}{:02}", exponent.abs())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CmdResult, PyFloat};

    #[test]
    fn floats_are_written_as_python_writes_them() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (0.0123, "0.0123"),
            (2.5, "2.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-5, "1.5e-05"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.234e100, "1.234e+100"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (value, python) in cases {
            assert_eq!(PyFloat(value).to_string(), python, "{value:?}");
        }
    }

    #[test]
    fn the_report_is_autotests_layout() {
        let result = CmdResult {
            command: "ls /x".into(),
            exit_status: Some(2),
            stdout: "out\n\n".into(),
            stderr: "err  \n".into(),
            duration: 0.25,
            ..CmdResult::default()
        };
        assert_eq!(
            result.report(),
            "* Command: ls /x\nExit status: 2\nDuration: 0.25\n\nstdout:\nout\nstderr:\nerr"
        );
        let empty = CmdResult::default().report();
        assert_eq!(
            empty,
            "* Command: \nExit status: None\nDuration: 0.0\n\nstdout:\n\nstderr:\n"
        );
    }
}

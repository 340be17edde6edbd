//! The command runner: run a program or a shell command line with a timeout, stdin and captured
//! text output.
//!
//! Every command runs in a process group of its own. On timeout (or [`AsyncCmd::kill`]) the whole
//! group is signalled, so nothing the command started outlives it. Output is decoded incrementally
//! as UTF-8 ([`Utf8Decoder`]), so a multi-byte character split between two reads stays intact.
//! The result follows avocado's `process.run` shape: [`CmdResult`] with the command, exit status,
//! stdout, stderr, duration, whether it timed out, and the pid; it is also the one result type
//! Python sees (Autotest's `utils.CmdResult`), shown in Autotest's layout ([`CmdResult::report`]).
//!
//! A command ends when its process has exited and both pipes are closed, as with Python's
//! `subprocess.run`: a background process that inherits the pipes keeps the command running. With a
//! timeout, such a process is killed with the group when the time is up.
//!
//! ```
//! use std::time::Duration;
//! use dockertest::cmd::{run, CmdSpec};
//!
//! let result = run(&CmdSpec::shell("printf 'héllo'; exit 3")).unwrap();
//! assert_eq!((result.exit_status, result.stdout.as_str()), (Some(3), "héllo"));
//!
//! let slow = CmdSpec::argv(["sleep", "10"]).timeout(Some(Duration::from_millis(100)));
//! let result = run(&slow).unwrap();
//! assert!(result.timed_out);
//! assert_eq!(result.exit_status, Some(-15));
//! ```

mod decode;
mod job;
mod result;

use std::path::PathBuf;
use std::time::Duration;

pub use decode::Utf8Decoder;
pub use job::AsyncCmd;
pub use result::CmdResult;

use crate::Result;

/// The shell that runs command lines given as one string, as Autotest's `utils.run` does.
pub const SHELL: &str = "/bin/sh";

/// What to execute: a program with its arguments, or one command line for `/bin/sh -c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    /// The program and its arguments, run directly with no shell.
    Argv(Vec<String>),
    /// A command line run as `/bin/sh -c <line>`.
    Shell(String),
}

/// A command to run and how to run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmdSpec {
    /// The program or command line.
    pub program: Program,
    /// Variables set in the child's environment on top of the inherited one.
    pub env: Vec<(String, String)>,
    /// The child's working directory; the caller's when `None`.
    pub cwd: Option<PathBuf>,
    /// How long the command may run before its process group is killed; no limit when `None`.
    pub timeout: Option<Duration>,
    /// Bytes written to the child's stdin, which is then closed; `/dev/null` when `None`.
    pub stdin: Option<Vec<u8>>,
    /// A file the child reads as its stdin instead (opened when the command starts), for instance
    /// `/proc/self/fd/N` for a pipe the caller holds open and writes to while the command runs.
    pub stdin_file: Option<PathBuf>,
}

impl CmdSpec {
    /// A command line for `/bin/sh -c`.
    pub fn shell(line: impl Into<String>) -> Self {
        Self::new(Program::Shell(line.into()))
    }

    /// A program and its arguments, run with no shell.
    pub fn argv<I, S>(argv: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(Program::Argv(argv.into_iter().map(Into::into).collect()))
    }

    fn new(program: Program) -> Self {
        Self {
            program,
            env: Vec::new(),
            cwd: None,
            timeout: None,
            stdin: None,
            stdin_file: None,
        }
    }

    /// Sets the timeout.
    #[must_use]
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the bytes fed to stdin.
    #[must_use]
    pub fn stdin(mut self, stdin: Option<Vec<u8>>) -> Self {
        self.stdin = stdin;
        self
    }

    /// Makes the child read its stdin from `path`, opened when the command starts.
    #[must_use]
    pub fn stdin_file(mut self, path: Option<PathBuf>) -> Self {
        self.stdin_file = path;
        self
    }

    /// Makes the child read its stdin from the caller's open descriptor `fd` (a pipe, a FIFO or a
    /// terminal), reopened through `/proc/self/fd` so the caller's own descriptor stays as it is.
    #[must_use]
    pub fn stdin_fd(self, fd: i32) -> Self {
        self.stdin_file(Some(PathBuf::from(format!("/proc/self/fd/{fd}"))))
    }

    /// Sets the working directory.
    #[must_use]
    pub fn cwd(mut self, cwd: Option<PathBuf>) -> Self {
        self.cwd = cwd;
        self
    }

    /// Adds one environment variable.
    #[must_use]
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The command as text: the shell line itself, or the argv joined by spaces.
    pub fn command_line(&self) -> String {
        match &self.program {
            Program::Shell(line) => line.clone(),
            Program::Argv(argv) => argv.join(" "),
        }
    }
}

/// Runs a command to completion (or to its timeout) and returns its result.
///
/// A non-zero exit is not an error here; callers decide. The error is only for a command that
/// could not be started ([`crate::Error::Command`]).
pub fn run(spec: &CmdSpec) -> Result<CmdResult> {
    let job = AsyncCmd::start(spec)?;
    Ok(job.wait(None).unwrap_or_else(|| job.snapshot()))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::{run, AsyncCmd, CmdSpec};
    use crate::Error;

    #[test]
    fn shell_mode_captures_both_streams_and_the_exit_code() {
        let result = run(&CmdSpec::shell("echo out; echo err >&2; exit 7")).unwrap();
        assert_eq!(result.command, "echo out; echo err >&2; exit 7");
        assert_eq!(result.exit_status, Some(7));
        assert_eq!(result.stdout, "out\n");
        assert_eq!(result.stderr, "err\n");
        assert!(!result.timed_out);
        assert!(result.pid > 0);
    }

    #[test]
    fn argv_mode_passes_arguments_verbatim() {
        let result = run(&CmdSpec::argv(["printf", "%s|", "a b", "$HOME"])).unwrap();
        assert_eq!(result.stdout, "a b|$HOME|");
        assert_eq!(result.command, "printf %s| a b $HOME");
    }

    #[test]
    fn stdin_can_be_a_file_opened_when_the_command_starts() {
        let path = std::env::temp_dir().join(format!("dockertest-stdin-{}", std::process::id()));
        std::fs::write(&path, "from a file\n").unwrap();
        let result = run(&CmdSpec::argv(["cat"]).stdin_file(Some(path.clone()))).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(result.stdout, "from a file\n");
        let err = run(&CmdSpec::argv(["cat"]).stdin_fd(-5)).unwrap_err().to_string();
        assert!(err.contains("cannot open /proc/self/fd/-5 as its stdin"), "{err}");
    }

    #[test]
    fn stdin_env_and_cwd_reach_the_child() {
        let spec = CmdSpec::shell("cat; printf \" $DT_X \"; pwd")
            .stdin(Some("naïve\n".as_bytes().to_vec()))
            .env("DT_X", "set")
            .cwd(Some("/".into()));
        let result = run(&spec).unwrap();
        assert_eq!(result.stdout, "naïve\n set /\n");
    }

    #[test]
    fn large_stdin_does_not_deadlock_with_large_output() {
        let data = "x".repeat(1 << 20).into_bytes();
        let result = run(&CmdSpec::argv(["cat"]).stdin(Some(data))).unwrap();
        assert_eq!(result.stdout.len(), 1 << 20);
    }

    #[test]
    fn multibyte_output_survives_pipe_reads() {
        let result = run(&CmdSpec::argv(["python3", "-c", "print('a' + 'é' * 30000)"])).unwrap();
        assert_eq!(result.stdout, format!("a{}\n", "é".repeat(30000)));
    }

    #[test]
    fn timeout_kills_the_whole_process_group() {
        let started = Instant::now();
        let spec = CmdSpec::shell("sleep 30 & echo $!; wait").timeout(Some(Duration::from_millis(300)));
        let result = run(&spec).unwrap();
        assert!(result.timed_out);
        assert_eq!(result.exit_status, Some(-15));
        assert!(started.elapsed() < Duration::from_secs(10));
        let grandchild = result.stdout.trim();
        assert!(!grandchild.is_empty());
        assert!(
            !is_running(grandchild),
            "the background sleep {grandchild} survived the timeout"
        );
    }

    /// Whether a process exists and is not a zombie waiting to be reaped by its new parent.
    fn is_running(pid: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
                Ok(stat) if !stat.rsplit(')').next().unwrap_or("").trim_start().starts_with('Z') => {}
                _ => return false,
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    #[test]
    fn huge_timeouts_mean_no_timeout() {
        let forever = Some(Duration::MAX);
        let result = run(&CmdSpec::argv(["true"]).timeout(forever)).unwrap();
        assert_eq!((result.exit_status, result.timed_out), (Some(0), false));
        let job = AsyncCmd::start(&CmdSpec::argv(["true"])).unwrap();
        assert_eq!(job.wait(forever).unwrap().exit_status, Some(0));
    }

    #[test]
    fn a_missing_program_is_one_clear_error() {
        let err = run(&CmdSpec::argv(["/nonexistent/prog", "x"])).unwrap_err();
        let Error::Command { ref command, .. } = err else {
            panic!("wrong error {err:?}")
        };
        assert_eq!(command, "/nonexistent/prog x");
        assert!(
            err.to_string()
                .starts_with("cannot start command \"/nonexistent/prog x\": "),
            "{err}"
        );
        let empty = run(&CmdSpec::argv(Vec::<String>::new())).unwrap_err();
        assert_eq!(
            empty.to_string(),
            "cannot start command \"\": the argument list is empty"
        );
    }

    #[test]
    fn async_job_reports_progress_and_can_be_killed() {
        let job = AsyncCmd::start(&CmdSpec::shell("echo first; sleep 30")).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while job.stdout_so_far() != "first\n" && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(job.stdout_so_far(), "first\n");
        assert_eq!(job.poll(), None);
        assert!(job.wait(Some(Duration::from_millis(50))).is_none());
        job.kill(libc::SIGKILL);
        let result = job.wait(Some(Duration::from_secs(10))).unwrap();
        assert_eq!(result.exit_status, Some(-9));
        assert!(!result.timed_out);
        assert_eq!(job.poll(), Some(-9));
    }
}

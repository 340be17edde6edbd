//! A command running in the background: start it, watch its output grow, wait, or kill it.
//!
//! Each command is driven by a small single-threaded tokio runtime on a thread of its own, which
//! feeds stdin, decodes stdout and stderr as they arrive and enforces the timeout. The caller's
//! thread only takes a lock to read the output so far, or waits on a condition variable, so a
//! binding can release the interpreter lock around every blocking call.

use std::process::{ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

use super::{CmdResult, CmdSpec, Program, Utf8Decoder, SHELL};
use crate::{Error, Result};

/// How long a process group gets between SIGTERM and SIGKILL after a timeout.
const KILL_GRACE: Duration = Duration::from_secs(1);
/// How long to wait for the pipes to close once the process group has been killed.
const DRAIN_GRACE: Duration = Duration::from_secs(2);
/// The size of one read from stdout or stderr.
const READ_SIZE: usize = 4096;

/// What the driver thread has seen so far.
#[derive(Debug, Default)]
struct State {
    stdout: String,
    stderr: String,
    exit_status: Option<i32>,
    timed_out: bool,
    /// Set once the process has exited and both pipes are drained: the duration in seconds.
    finished: Option<f64>,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    done: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means a reader panicked; the state itself stays consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A started command. Dropping the handle does not stop the command.
#[derive(Debug)]
pub struct AsyncCmd {
    command: String,
    pid: u32,
    started: Instant,
    shared: Arc<Shared>,
}

impl AsyncCmd {
    /// Starts the command and returns as soon as it runs.
    ///
    /// Fails with [`Error::Command`] when the program cannot be started (not found, not
    /// executable, bad working directory, empty argv).
    pub fn start(spec: &CmdSpec) -> Result<Self> {
        let shared = Arc::new(Shared::default());
        let (tx, rx) = mpsc::channel();
        let started = Instant::now();
        let driver_spec = spec.clone();
        let driver_shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("dockertest-cmd".into())
            .spawn(move || drive(&driver_spec, &driver_shared, &tx, started))
            .map_err(|err| start_error(spec, &err))?;
        let pid = rx
            .recv()
            .map_err(|_| start_error(spec, &"the runner thread stopped"))??;
        Ok(Self {
            command: spec.command_line(),
            pid,
            started,
            shared,
        })
    }

    /// The process id, which is also the id of the command's process group.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The command as text.
    pub fn command(&self) -> &str {
        &self.command
    }

    /// The time the command was started.
    pub fn started(&self) -> Instant {
        self.started
    }

    /// The exit status once the process has exited (its output may still be draining).
    pub fn poll(&self) -> Option<i32> {
        self.shared.lock().exit_status
    }

    /// Whether the process has exited and all its output has been read.
    pub fn is_finished(&self) -> bool {
        self.shared.lock().finished.is_some()
    }

    /// Everything read from stdout so far.
    pub fn stdout_so_far(&self) -> String {
        self.shared.lock().stdout.clone()
    }

    /// Everything read from stderr so far.
    pub fn stderr_so_far(&self) -> String {
        self.shared.lock().stderr.clone()
    }

    /// Waits until the command has finished, or at most `timeout`; `None` if it is still running.
    ///
    /// The command's own timeout (from [`CmdSpec`]) is enforced by the runner whether or not
    /// anybody waits. This wait does not kill anything.
    pub fn wait(&self, timeout: Option<Duration>) -> Option<CmdResult> {
        let mut state = self.shared.lock();
        // A timeout too far away to represent is no timeout at all.
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        while state.finished.is_none() {
            state = match deadline {
                None => self.shared.done.wait(state).unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return None;
                    }
                    self.shared
                        .done
                        .wait_timeout(state, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
        drop(state);
        Some(self.snapshot())
    }

    /// The result as it stands: final once finished, otherwise partial with `exit_status` `None`
    /// (or set, when the process has exited but its output is still draining).
    pub fn snapshot(&self) -> CmdResult {
        let state = self.shared.lock();
        CmdResult {
            command: self.command.clone(),
            exit_status: state.exit_status,
            stdout: state.stdout.clone(),
            stderr: state.stderr.clone(),
            duration: state.finished.unwrap_or_else(|| self.started.elapsed().as_secs_f64()),
            timed_out: state.timed_out,
            pid: self.pid,
        }
    }

    /// Sends `signal` to the command's whole process group, unless the command has already exited.
    pub fn kill(&self, signal: i32) {
        // Once the exit is recorded the group may be gone and its id reused, so never signal it
        // then. Members the leader left behind are killed by the runner's timeout path.
        if self.shared.lock().exit_status.is_none() {
            signal_group(self.pid, signal);
        }
    }
}

fn start_error(spec: &CmdSpec, err: &dyn std::fmt::Display) -> Error {
    Error::Command {
        command: spec.command_line(),
        reason: err.to_string(),
    }
}

fn signal_group(pid: u32, signal: i32) {
    if let Ok(pgid) = libc::pid_t::try_from(pid) {
        if pgid > 0 {
            // SAFETY: killpg has no memory-safety preconditions; a vanished group gives ESRCH.
            unsafe {
                libc::killpg(pgid, signal);
            }
        }
    }
}

fn exit_code(status: ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status.code().or_else(|| status.signal().map(|sig| -sig)).unwrap_or(-1)
}

fn build_command(spec: &CmdSpec) -> Result<Command> {
    let mut cmd = match &spec.program {
        Program::Shell(line) => {
            let mut cmd = Command::new(SHELL);
            cmd.arg("-c").arg(line);
            cmd
        }
        Program::Argv(argv) => {
            let Some((program, rest)) = argv.split_first() else {
                return Err(start_error(spec, &"the argument list is empty"));
            };
            let mut cmd = Command::new(program);
            cmd.args(rest);
            cmd
        }
    };
    cmd.envs(spec.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(cwd) = &spec.cwd {
        cmd.current_dir(cwd);
    }
    let stdin = if let Some(path) = &spec.stdin_file {
        let file = std::fs::File::open(path)
            .map_err(|err| start_error(spec, &format!("cannot open {} as its stdin: {err}", path.display())))?;
        Stdio::from(file)
    } else if spec.stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    cmd.stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    Ok(cmd)
}

/// The driver thread: spawn, report the pid (or the start error), pump the pipes, enforce the
/// timeout and publish the result.
fn drive(spec: &CmdSpec, shared: &Arc<Shared>, tx: &mpsc::Sender<Result<u32>>, started: Instant) {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            let _ = tx.send(Err(start_error(spec, &err)));
            return;
        }
    };
    runtime.block_on(async {
        let spawned = build_command(spec).and_then(|mut cmd| cmd.spawn().map_err(|err| start_error(spec, &err)));
        let mut child = match spawned {
            Ok(child) => child,
            Err(err) => {
                let _ = tx.send(Err(err));
                return;
            }
        };
        let pid = child.id().unwrap_or(0);
        let _ = tx.send(Ok(pid));
        supervise(spec, shared, &mut child, pid).await;
    });
    let mut state = shared.lock();
    state.finished = Some(started.elapsed().as_secs_f64());
    drop(state);
    shared.done.notify_all();
}

async fn supervise(spec: &CmdSpec, shared: &Arc<Shared>, child: &mut Child, pid: u32) {
    if let (Some(mut pipe), Some(data)) = (child.stdin.take(), spec.stdin.clone()) {
        tokio::spawn(async move {
            // A child that exits without reading all of stdin gives EPIPE; that is its choice.
            let _ = pipe.write_all(&data).await;
        });
    }
    let out = tokio::spawn(pump(child.stdout.take(), Arc::clone(shared), false));
    let err = tokio::spawn(pump(child.stderr.take(), Arc::clone(shared), true));
    let readers = async {
        let _ = out.await;
        let _ = err.await;
    };
    tokio::pin!(readers);
    let deadline = spec.timeout.and_then(|t| tokio::time::Instant::now().checked_add(t));

    let waited = match deadline {
        None => child.wait().await,
        Some(deadline) => tokio::select! {
            status = child.wait() => status,
            () = tokio::time::sleep_until(deadline) => {
                shared.lock().timed_out = true;
                terminate(child, pid).await
            }
        },
    };
    let status = waited.map_or(-1, exit_code);
    shared.lock().exit_status = Some(status);

    // The leader is gone; a process it left behind may still hold the pipes open.
    let drained = match deadline {
        Some(deadline) if !shared.lock().timed_out => tokio::time::timeout_at(deadline, &mut readers).await.is_ok(),
        Some(_) => false,
        None => {
            (&mut readers).await;
            true
        }
    };
    if !drained {
        shared.lock().timed_out = true;
        signal_group(pid, libc::SIGKILL);
        let _ = tokio::time::timeout(DRAIN_GRACE, &mut readers).await;
    }
}

/// SIGTERM to the group, SIGKILL after a grace period, then SIGKILL again for any member that
/// outlived the leader.
async fn terminate(child: &mut Child, pid: u32) -> std::io::Result<ExitStatus> {
    signal_group(pid, libc::SIGTERM);
    let status = if let Ok(status) = tokio::time::timeout(KILL_GRACE, child.wait()).await {
        status
    } else {
        signal_group(pid, libc::SIGKILL);
        child.wait().await
    };
    signal_group(pid, libc::SIGKILL);
    status
}

async fn pump<R: AsyncRead + Unpin>(pipe: Option<R>, shared: Arc<Shared>, is_stderr: bool) {
    let Some(mut pipe) = pipe else { return };
    let mut decoder = Utf8Decoder::default();
    let mut buf = vec![0u8; READ_SIZE];
    let mut text = String::new();
    loop {
        let n = match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        decoder.feed(&buf[..n], &mut text);
        append(&shared, is_stderr, &text);
        text.clear();
    }
    decoder.finish(&mut text);
    append(&shared, is_stderr, &text);
}

fn append(shared: &Shared, is_stderr: bool, text: &str) {
    if text.is_empty() {
        return;
    }
    let mut state = shared.lock();
    if is_stderr {
        state.stderr.push_str(text);
    } else {
        state.stdout.push_str(text);
    }
}

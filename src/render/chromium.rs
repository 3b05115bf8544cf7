//! Finding and starting headless Chromium. The browser is the one installed
//! on the machine (`CHROMIUM`, else `chromium`, `chromium-browser`,
//! `google-chrome` or `google-chrome-stable` on `PATH`); it is never
//! downloaded. Each start gets a fresh profile directory, removed when the
//! browser is dropped, and runs in its own process group so that killing it
//! also ends its renderers and helpers (a distribution's `chromium` is often
//! a shell script that does not `exec`).
//!
//! The browser is driven over its DevTools pipe (`--remote-debugging-pipe`,
//! see [`super::cdp`]), never a debugging port: nothing else on the machine
//! can reach it, and since its own process group puts it out of reach of a
//! kill meant for this process, the pipe is what ends it when this process
//! dies without cleaning up (`kill -9`, the OOM killer): Chromium 156, the
//! headless shell and the full browser, behind Debian's wrapper scripts or
//! not, shuts down with all its processes within half a second of the pipe
//! closing.

use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use command_fds::{CommandFdExt, FdMapping};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::unix::pipe;
use tokio::process::{Child, Command};

use super::RenderError;
use super::cdp::{Cdp, CdpError};

/// The names looked for on `PATH`, in order: first the headless shell, the
/// browser's build for automation (Debian's `chromium-headless-shell`,
/// Chrome for Testing's `chrome-headless-shell`): the same Blink and V8
/// without the desktop browser's interface, whose browser process ran the
/// benchmark's renders on less than half the CPU (`scripts/bench-render.sh`,
/// README); then the full browsers, started in their headless mode.
const NAMES: &[&str] = &[
    "chromium-headless-shell",
    "chrome-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long a starting browser may take to answer its first command.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The renderer's JavaScript heap limit (MB): a page that allocates without
/// end crashes its own renderer instead of taking the machine's memory.
pub const JS_HEAP_MB: u32 = 512;

/// The Chromium executable: `$CHROMIUM` when set, else the first of
/// [`NAMES`] on `PATH`.
///
/// # Errors
/// [`RenderError::NoBrowser`] when there is none.
pub fn find() -> Result<PathBuf, RenderError> {
    find_with(std::env::var_os("CHROMIUM"), std::env::var_os("PATH"))
}

/// [`find`] with the values of `CHROMIUM` and `PATH` given.
fn find_with(
    chromium: Option<std::ffi::OsString>,
    path: Option<std::ffi::OsString>,
) -> Result<PathBuf, RenderError> {
    if let Some(path) = chromium.filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(RenderError::NoBrowser(format!(
                "CHROMIUM={} is not a file",
                path.display()
            )))
        };
    }
    let dirs: Vec<PathBuf> = path
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    NAMES
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            RenderError::NoBrowser(format!(
                "none of {} on PATH and CHROMIUM is not set",
                NAMES.join(", ")
            ))
        })
}

/// How much room `/dev/shm` must have for Chromium to keep its shared
/// buffers there (every response body and frame passes through one): an
/// `all` render of the benchmark with two tabs and a measured page peaked at
/// 160 MB. Where it has less — a Docker container's is 64 MB unless told
/// otherwise — Chromium would run out and crash pages, so it is told to use
/// temporary files instead (`--disable-dev-shm-usage`), which costs: on a
/// disk-backed `/tmp` each new buffer is page faults and file-system work,
/// the network service's largest cost in a profile of the benchmark, whose
/// renders took 0.40 CPU-seconds a page that way against 0.33 in `/dev/shm`.
pub const SHM_NEEDED: u64 = 1 << 30;

/// The start of a browser profile folder's name, followed by the id of the
/// process that made it and a random part.
const PROFILE_PREFIX: &str = "portal-audit-chromium-";

/// Removes from `dir` the profile folders whose process no longer exists:
/// a tool ended without cleaning up (`kill -9`, the OOM killer) takes its
/// browser with it (the pipe closes), not the folder. A folder whose
/// process exists, or whose name says no process (made by a version before
/// the id was in it), is left.
fn sweep_profiles(dir: &Path) {
    crate::process::remove_left_by_gone(dir, |name| {
        let (pid, _) = name.strip_prefix(PROFILE_PREFIX)?.split_once('-')?;
        pid.parse().ok()
    });
}

/// Whether the file system at `path` has [`SHM_NEEDED`] bytes available.
fn roomy(path: &Path) -> bool {
    rustix::fs::statvfs(path).is_ok_and(|fs| fs.f_bavail.saturating_mul(fs.f_frsize) >= SHM_NEEDED)
}

/// The flags every start uses: headless, no sandbox (containers and CI run
/// as root), nothing that talks to the network on its own, no back-forward
/// cache, a bounded JS heap, and no process the tool does not use: no
/// startup window (its blank page would keep a renderer of its own; the
/// tabs are made over the protocol), no spare renderer kept warm, the
/// GPU's (software) compositing in the browser process, and no process per
/// site for a page's cross-site frames (no user's data is in this browser
/// for site isolation to protect, and a page with a dozen embeds would
/// otherwise start a dozen renderers).
/// With `proxy` (the port of [`super::proxy::Proxy`]) every connection goes
/// through it — loopback included (`<-loopback>`), WebRTC's UDP refused —
/// and the browser resolves no name itself (the proxy does). Without
/// `roomy_shm` (see [`SHM_NEEDED`]) its shared buffers are temporary files.
fn flags(profile: &Path, proxy: Option<u16>, roomy_shm: bool) -> Vec<String> {
    let mut flags: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--mute-audio",
        "--hide-scrollbars",
        "--remote-debugging-pipe",
        "--no-startup-window",
        "--in-process-gpu",
        "--disable-site-isolation-trials",
        // A kept tab moves from page to page: the back-forward cache would
        // keep each page it left alive, a renderer process of its own.
        "--disable-features=Translate,MediaRouter,OptimizationHints,InterestFeedContentSuggestions,BackForwardCache,SpareRendererForSitePerProcess,IsolateOrigins,site-per-process",
    ]
    .iter()
    .map(|f| (*f).to_string())
    .collect();
    if !roomy_shm {
        flags.push("--disable-dev-shm-usage".to_string());
    }
    flags.push(format!("--js-flags=--max-old-space-size={JS_HEAP_MB}"));
    flags.push(format!("--user-data-dir={}", profile.display()));
    if let Some(port) = proxy {
        flags.push(format!("--proxy-server=socks5://127.0.0.1:{port}"));
        flags.push("--proxy-bypass-list=<-loopback>".to_string());
        flags.push("--force-webrtc-ip-handling-policy=disable_non_proxied_udp".to_string());
        flags.push("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1".to_string());
    }
    flags
}

/// A running browser: its process group, its connection and its profile.
pub struct Browser {
    child: Child,
    /// The DevTools connection.
    pub cdp: Arc<Cdp>,
    /// The answer to `Browser.getVersion`, the first command of each start.
    pub version: Value,
    _profile: tempfile::TempDir,
}

/// How many of a browser's first lines on stderr say why it did not start.
const STDERR_SAID: usize = 5;

impl Browser {
    /// Starts `executable` headless (behind the proxy on port `proxy`, when
    /// given) and connects to it over its DevTools pipe.
    ///
    /// # Errors
    /// [`RenderError::Start`] when it does not start, or does not answer
    /// `Browser.getVersion` within [`START_TIMEOUT`].
    pub async fn launch(executable: &Path, proxy: Option<u16>) -> Result<Browser, RenderError> {
        let start = |why: String| RenderError::Start(format!("{}: {why}", executable.display()));
        static SWEPT: std::sync::Once = std::sync::Once::new();
        SWEPT.call_once(|| sweep_profiles(&std::env::temp_dir()));
        let profile = tempfile::Builder::new()
            .prefix(&format!("{PROFILE_PREFIX}{}-", std::process::id()))
            .tempdir()
            .map_err(|e| start(format!("profile directory: {e}")))?;
        let roomy_shm = roomy(Path::new("/dev/shm"));
        if !roomy_shm {
            tracing::debug!(
                "/dev/shm has less than {} MB free: Chromium shares its buffers through temporary files",
                SHM_NEEDED >> 20
            );
        }
        let pipe_failed = |e: std::io::Error| start(format!("DevTools pipe: {e}"));
        // The browser reads commands on its fd 3 and writes on its fd 4.
        let (browser_reads, commands) = std::io::pipe().map_err(pipe_failed)?;
        let (answers, browser_writes) = std::io::pipe().map_err(pipe_failed)?;
        let mut command = Command::new(executable);
        command
            .args(flags(profile.path(), proxy, roomy_shm))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .kill_on_drop(true)
            .fd_mappings(vec![
                FdMapping {
                    parent_fd: OwnedFd::from(browser_reads),
                    child_fd: 3,
                },
                FdMapping {
                    parent_fd: OwnedFd::from(browser_writes),
                    child_fd: 4,
                },
            ])
            .map_err(|e| start(e.to_string()))?;
        let spawned = command.spawn();
        // The command holds the browser's ends of the pipes: closed here, so
        // that the browser's exit ends the reading of `answers`.
        drop(command);
        let mut child = spawned.map_err(|e| start(e.to_string()))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| start("no stderr".into()))?;
        let guard = Guard(Some(child));
        let commands = pipe::Sender::from_owned_fd(OwnedFd::from(commands)).map_err(pipe_failed)?;
        let answers = pipe::Receiver::from_owned_fd(OwnedFd::from(answers)).map_err(pipe_failed)?;
        let cdp = Cdp::over_pipe(commands, answers);
        // Stderr is read to its end, so the browser never blocks on a full
        // pipe; its first lines say why a browser did not start.
        let said = Arc::new(Mutex::new(Vec::new()));
        let mut stderr_read = tokio::spawn({
            let said = Arc::clone(&said);
            async move {
                let mut lines = BufReader::new(stderr).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    let mut said = said.lock().unwrap_or_else(|p| p.into_inner());
                    if said.len() < STDERR_SAID {
                        said.push(line);
                    }
                }
            }
        });
        let version = tokio::time::timeout(
            START_TIMEOUT,
            cdp.call(None, "Browser.getVersion", serde_json::json!({})),
        )
        .await;
        let version = match version {
            Ok(Ok(version)) => version,
            Ok(Err(CdpError::Closed)) => {
                // The pipe closed: the browser exited. What it said on the
                // way out may still be in its stderr.
                let _ = tokio::time::timeout(Duration::from_secs(2), &mut stderr_read).await;
                let said = said.lock().unwrap_or_else(|p| p.into_inner()).join(" / ");
                return Err(start(format!("exited: {said}")));
            }
            Ok(Err(e)) => return Err(start(e.to_string())),
            Err(_) => {
                return Err(start(format!(
                    "no answer to Browser.getVersion within {} s",
                    START_TIMEOUT.as_secs()
                )));
            }
        };
        let child = guard.defuse();
        Ok(Browser {
            child,
            cdp,
            version,
            _profile: profile,
        })
    }

    /// The browser's process id (its process group's id).
    #[must_use]
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Whether the browser process has exited.
    pub fn has_exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }
}

/// Kills a child's whole process group.
fn kill_group(child: &mut Child) {
    if let Some(pid) = child.id().and_then(|id| i32::try_from(id).ok())
        && let Some(pid) = rustix::process::Pid::from_raw(pid)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.start_kill();
}

/// Kills a half-started browser when launching fails.
struct Guard(Option<Child>);

impl Guard {
    /// The child, no longer killed by the guard.
    fn defuse(mut self) -> Child {
        self.0
            .take()
            .expect("a guard holds its child until defused")
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            kill_group(child);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        kill_group(&mut self.child);
        // Reap it, so no zombie is left (the kill is immediate).
        for _ in 0..50 {
            if !matches!(self.child.try_wait(), Ok(None)) {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_browser_is_driven_over_its_pipe_and_opens_no_port() {
        let flags = flags(Path::new("/tmp/profile"), Some(1080), true);
        assert!(flags.contains(&"--remote-debugging-pipe".to_string()));
        assert!(
            !flags
                .iter()
                .any(|f| f.starts_with("--remote-debugging-port")
                    || f.starts_with("--remote-allow-origins")),
            "{flags:?}"
        );
    }

    /// An executable shell script in a folder of its own.
    fn script(body: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chromium");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        (dir, path)
    }

    /// [`Browser::launch`] of a script just written, which another test's
    /// process, forked while the file was open for writing, may hold open
    /// for a moment ("Text file busy").
    async fn launch(fake: &Path) -> Result<Browser, RenderError> {
        for _ in 0..20 {
            match Browser::launch(fake, None).await {
                Err(e) if e.to_string().contains("Text file busy") => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                other => return other,
            }
        }
        Browser::launch(fake, None).await
    }

    #[tokio::test]
    async fn the_browser_reads_commands_on_fd_3_and_answers_on_fd_4() {
        // Answers the first command (id 1, `Browser.getVersion`) once a
        // byte of it arrived on fd 3, then waits to be killed.
        let (_dir, fake) = script(
            "head -c 1 <&3 >/dev/null\nprintf '{\"id\":1,\"result\":{\"product\":\"Fake/1\"}}\\0' >&4\nexec sleep 60",
        );
        let browser = launch(&fake).await.unwrap();
        assert_eq!(browser.version["product"], "Fake/1");
        assert!(!browser.cdp.is_closed());
    }

    #[tokio::test]
    async fn a_browser_that_exits_at_start_says_why_in_the_error() {
        let (_dir, fake) =
            script("echo 'Missing X server or $DISPLAY' >&2\necho 'second line' >&2\nexit 1");
        let err = launch(&fake).await.err().unwrap();
        assert_eq!(
            err.to_string(),
            format!(
                "Chromium did not start: {}: exited: Missing X server or $DISPLAY / second line",
                fake.display()
            )
        );
    }

    #[test]
    fn shared_buffers_go_to_temporary_files_only_without_room_in_dev_shm() {
        let profile = Path::new("/tmp/profile");
        let flag = "--disable-dev-shm-usage".to_string();
        assert!(!flags(profile, None, true).contains(&flag));
        assert!(flags(profile, Some(1080), false).contains(&flag));
        // A folder that does not exist has no room.
        assert!(!roomy(Path::new("/nonexistent/shm")));
    }

    #[test]
    fn profile_folders_whose_process_is_gone_are_removed_and_no_other() {
        let tmp = tempfile::tempdir().unwrap();
        // A process that has ended and been reaped.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let folder = |name: &str| {
            let path = tmp.path().join(name);
            std::fs::create_dir(&path).unwrap();
            std::fs::write(path.join("Local State"), "{}").unwrap();
            path
        };
        let dead = folder(&format!("{PROFILE_PREFIX}{gone}-a1B2c3"));
        let ours = folder(&format!("{PROFILE_PREFIX}{}-x", std::process::id()));
        let init = folder(&format!("{PROFILE_PREFIX}1-x"));
        let unnamed = folder(&format!("{PROFILE_PREFIX}a1B2c3"));
        let older = folder(&format!("{PROFILE_PREFIX}{gone}"));
        let other = folder(&format!("other-{gone}-x"));
        sweep_profiles(tmp.path());
        assert!(!dead.exists());
        for kept in [ours, init, unnamed, older, other] {
            assert!(kept.exists(), "{}", kept.display());
        }
    }

    #[test]
    fn the_headless_shell_is_preferred_to_the_full_browser_and_chromium_to_both() {
        let full = tempfile::tempdir().unwrap();
        let shell = tempfile::tempdir().unwrap();
        std::fs::write(full.path().join("chromium"), "").unwrap();
        std::fs::write(shell.path().join("chromium-headless-shell"), "").unwrap();
        // The full browser's folder comes first on PATH: the name decides.
        let path = std::env::join_paths([full.path(), shell.path()]).unwrap();
        assert_eq!(
            find_with(None, Some(path.clone())).unwrap(),
            shell.path().join("chromium-headless-shell")
        );
        let only_full = std::env::join_paths([full.path()]).unwrap();
        assert_eq!(
            find_with(None, Some(only_full)).unwrap(),
            full.path().join("chromium")
        );
        // CHROMIUM names the browser, whatever PATH has.
        let chosen = full.path().join("chromium");
        assert_eq!(
            find_with(Some(chosen.clone().into_os_string()), Some(path.clone())).unwrap(),
            chosen
        );
        let missing = full.path().join("nothing");
        let err = find_with(Some(missing.into_os_string()), Some(path)).unwrap_err();
        assert!(err.to_string().contains("is not a file"), "{err}");
        let err = find_with(None, None).unwrap_err();
        assert!(
            err.to_string()
                .contains("chromium-headless-shell, chrome-headless-shell, chromium"),
            "{err}"
        );
    }
}

//! Finding and starting headless Chromium. The browser is the one installed
//! on the machine (`CHROMIUM`, else `chromium`, `chromium-browser`,
//! `google-chrome` or `google-chrome-stable` on `PATH`); it is never
//! downloaded. Each start gets a fresh profile directory, removed when the
//! browser is dropped, and runs in its own process group so that killing it
//! also ends its renderers and helpers (a distribution's `chromium` is often
//! a shell script that does not `exec`).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use super::RenderError;
use super::cdp::Cdp;

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

/// How long a starting browser may take to open its DevTools socket.
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
        "--remote-debugging-port=0",
        "--remote-allow-origins=*",
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
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `executable` headless (behind the proxy on port `proxy`, when
    /// given) and connects to it.
    ///
    /// # Errors
    /// [`RenderError::Start`] when it does not start or never opens its
    /// DevTools socket.
    pub async fn launch(executable: &Path, proxy: Option<u16>) -> Result<Browser, RenderError> {
        let start = |why: String| RenderError::Start(format!("{}: {why}", executable.display()));
        let profile = tempfile::Builder::new()
            .prefix("portal-audit-chromium-")
            .tempdir()
            .map_err(|e| start(format!("profile directory: {e}")))?;
        let roomy_shm = roomy(Path::new("/dev/shm"));
        if !roomy_shm {
            tracing::debug!(
                "/dev/shm has less than {} MB free: Chromium shares its buffers through temporary files",
                SHM_NEEDED >> 20
            );
        }
        let mut child = Command::new(executable)
            .args(flags(profile.path(), proxy, roomy_shm))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| start(e.to_string()))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| start("no stderr".into()))?;
        let mut lines = BufReader::new(stderr).lines();
        let mut said = Vec::new();
        let ws_url = tokio::time::timeout(START_TIMEOUT, async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return Some(url.trim().to_string());
                }
                if said.len() < 5 {
                    said.push(line);
                }
            }
            None
        })
        .await;
        let mut browser_guard = Guard(Some(child));
        let ws_url = match ws_url {
            Ok(Some(url)) => url,
            Ok(None) => return Err(start(format!("exited: {}", said.join(" / ")))),
            Err(_) => return Err(start("no DevTools socket within 30 s".into())),
        };
        // Keep reading stderr so the browser never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let cdp = Cdp::connect(&ws_url)
            .await
            .map_err(|e| start(e.to_string()))?;
        let child = browser_guard.0.take().ok_or_else(|| start("lost".into()))?;
        Ok(Browser {
            child,
            cdp,
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
    use super::*;

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

//! A tool killed with SIGKILL in the middle of a render leaves no browser
//! behind. Chromium runs in a process group of its own (so that killing it
//! ends its renderers too), which also means nothing kills it when the tool
//! dies without running its destructors: a yearly cron of a hundred sites
//! would pile up orphaned browsers. The browser must notice by itself that
//! the tool is gone (its DevTools pipe closes).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::chromium;
use crate::support::cli::binary;
use crate::support::server::{Reply, Server};

/// One process as `/proc/PID/stat` describes it.
#[derive(Debug)]
pub(super) struct Process {
    pub pid: u32,
    /// `R`, `S`, …; `Z` for a zombie (ended, not yet reaped).
    pub state: char,
    pub parent: u32,
    pub group: u32,
    pub cmdline: String,
}

/// Every process on the machine (those that end while being read are left out).
pub(super) fn processes() -> Vec<Process> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …: the command's name may hold spaces
        // and parentheses, so the fields are read after its last ")".
        let Some((_, after)) = stat.rsplit_once(") ") else {
            continue;
        };
        let fields: Vec<&str> = after.split_whitespace().collect();
        let (Some(state), Some(parent), Some(group)) = (
            fields.first().and_then(|s| s.chars().next()),
            fields.get(1).and_then(|s| s.parse().ok()),
            fields.get(2).and_then(|s| s.parse().ok()),
        ) else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline"))
            .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
            .unwrap_or_default();
        found.push(Process {
            pid,
            state,
            parent,
            group,
            cmdline,
        });
    }
    found
}

/// The processes of process group `group` that still run (zombies left out:
/// whether the machine's init reaps them is not the tool's business).
fn alive_in_group(group: u32) -> Vec<Process> {
    processes()
        .into_iter()
        .filter(|p| p.group == group && p.state != 'Z')
        .collect()
}

/// Kills a process group when dropped, so a failing test leaves no browser.
struct KillGroup(Option<u32>);

impl Drop for KillGroup {
    fn drop(&mut self) {
        if let Some(pid) = self
            .0
            .and_then(|g| i32::try_from(g).ok())
            .and_then(rustix::process::Pid::from_raw)
        {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
    }
}

#[test]
fn a_killed_tool_leaves_no_browser_running() {
    if !chromium() {
        return;
    }
    // The page's image is added by a script, so only the browser asks for
    // it, and it never comes: the render is still in progress when the tool
    // is killed.
    let server = Server::start(vec![
        (
            "/",
            Reply::Html(
                "<!doctype html>\n<html lang=\"vi\"><head><title>Trang treo</title></head><body><h1>Trang treo</h1><script>const img = document.createElement('img'); img.src = '/treo.png'; img.alt = ''; document.body.appendChild(img);</script></body></html>\n"
                    .to_string(),
            ),
        ),
        ("/treo.png", Reply::Hang),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let mut tool = Command::new(binary())
        .args([
            "check",
            &server.url("/"),
            "--out",
            "out",
            "--format",
            "json",
            "--quiet",
            "--rule",
            "img-alt-missing",
            "--render",
            "chromium",
            "--render-deadline",
            "120",
            "--measure-runs",
            "0",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let tool_pid = tool.id();

    // The browser: the tool's child that leads a process group of its own
    // (a wrapper script that does not `exec` leads it too, and Chromium is
    // in its group). Found once the browser asked for the hanging image.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut cleanup = KillGroup(None);
    let group = loop {
        let browser = processes()
            .into_iter()
            .find(|p| p.parent == tool_pid && p.group == p.pid);
        if let Some(browser) = &browser {
            cleanup.0 = Some(browser.group);
        }
        if let Some(browser) = browser
            && server.hits("/treo.png") > 0
        {
            break browser.group;
        }
        assert!(
            Instant::now() < deadline,
            "no browser loading the page within a minute (exited: {:?})",
            tool.try_wait()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let before = alive_in_group(group);
    assert!(
        before.iter().any(|p| p.cmdline.contains("--type=renderer")),
        "the browser renders the page: {before:#?}"
    );
    // The killed tool cannot remove the browser's profile (its next run
    // that starts a browser would): the test does.
    let profile = before.iter().find_map(|p| {
        p.cmdline
            .split(' ')
            .find_map(|arg| arg.strip_prefix("--user-data-dir="))
            .map(std::path::PathBuf::from)
    });

    tool.kill().unwrap(); // SIGKILL: no destructor runs.
    tool.wait().unwrap();
    let killed = Instant::now();
    let mut left = alive_in_group(group);
    while !left.is_empty() && killed.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
        left = alive_in_group(group);
    }
    assert!(
        left.is_empty(),
        "{} of the browser's {} processes still run 10 s after the tool was killed: {:#?}",
        left.len(),
        before.len(),
        left.iter().map(|p| &p.cmdline).collect::<Vec<_>>()
    );
    eprintln!(
        "the browser's {} processes ended {} ms after the tool was killed",
        before.len(),
        killed.elapsed().as_millis()
    );
    if let Some(profile) = profile {
        let _ = std::fs::remove_dir_all(profile);
    }
}

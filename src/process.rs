//! What a killed run of the tool leaves behind, found by the process id in
//! its name: whether that process still runs, and the removal of what only
//! processes that no longer run left (a report's temporary file, a browser
//! profile folder).

use std::path::Path;

/// Whether no process `pid` exists (it ended). A process of another user
/// exists; where it cannot be told, the process is taken to exist.
#[must_use]
pub fn gone(pid: u32) -> bool {
    i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
        .is_some_and(|pid| rustix::process::test_kill_process(pid) == Err(rustix::io::Errno::SRCH))
}

/// Removes each entry of `dir` (file or folder) whose name `pid_in` reads a
/// process id from, when that process is gone and is not this one; every
/// other entry is left.
pub fn remove_left_by_gone(dir: &Path, pid_in: impl Fn(&str) -> Option<u32>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(&pid_in) else {
            continue;
        };
        if pid == std::process::id() || !gone(pid) {
            continue;
        }
        let path = entry.path();
        tracing::debug!("removing {}: its process {pid} is gone", path.display());
        let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_entries_of_gone_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let ended = child.id();
        child.wait().unwrap();
        assert!(gone(ended));
        assert!(!gone(std::process::id()));
        assert!(!gone(1), "init runs (another user's process exists)");
        let file = dir.path().join(format!("f-{ended}"));
        let folder = dir.path().join(format!("d-{ended}"));
        std::fs::write(&file, "x").unwrap();
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("inside"), "x").unwrap();
        let ours = dir.path().join(format!("f-{}", std::process::id()));
        let init = dir.path().join("f-1");
        let other = dir.path().join("g-1");
        for kept in [&ours, &init, &other] {
            std::fs::write(kept, "x").unwrap();
        }
        remove_left_by_gone(dir.path(), |name| {
            name.split_once('-')
                .filter(|(kind, _)| *kind == "f" || *kind == "d")
                .and_then(|(_, pid)| pid.parse().ok())
        });
        assert!(!file.exists() && !folder.exists());
        for kept in [ours, init, other] {
            assert!(kept.exists(), "{}", kept.display());
        }
    }
}

//! How busy the machine is while a page is measured: the idle share of its
//! cores, from the kernel's CPU counters (`/proc/stat`, Linux; elsewhere
//! nothing is known).
//!
//! A measured load's timings are only the page's own when the page had the
//! core the emulation assumes: the mobile profile slows the page's main
//! thread fourfold by making it spin three quarters of the time
//! ([`super::measure_tabs`]), so on a machine busy with other work (an
//! audit's crawl, other renders, other programs) the same page measures
//! slower. Each measured run therefore records how many cores stayed idle
//! while it ran ([`LoadRun::free_cores`](crate::page::rendered::LoadRun)),
//! the measured page's own spinning thread counted as busy.

/// The machine's CPU time counters at one moment, summed over its cores, in
/// clock ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuTimes {
    /// Ticks spent idle (waiting for I/O included).
    idle: u64,
    /// Ticks spent in any state.
    total: u64,
    /// Cores the counters cover.
    cores: usize,
}

/// Reads the counters now; `None` where `/proc/stat` is not readable.
#[must_use]
pub fn cpu_times() -> Option<CpuTimes> {
    std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|text| parse(&text))
}

/// The counters of a `/proc/stat` text: its first line (`cpu  user nice
/// system idle iowait irq softirq steal …`, every core summed) and the number
/// of `cpuN` lines.
fn parse(text: &str) -> Option<CpuTimes> {
    let mut lines = text.lines();
    let first = lines.next()?;
    let mut fields = first.split_whitespace();
    if fields.next()? != "cpu" {
        return None;
    }
    // user, nice, system, idle, iowait, irq, softirq, steal: guest time is
    // counted in user already.
    let ticks: Vec<u64> = fields.take(8).map_while(|f| f.parse().ok()).collect();
    if ticks.len() < 5 {
        return None;
    }
    let cores = lines
        .take_while(|l| l.starts_with("cpu"))
        .filter(|l| l[3..].starts_with(|c: char| c.is_ascii_digit()))
        .count();
    Some(CpuTimes {
        idle: ticks[3] + ticks[4],
        total: ticks.iter().sum(),
        cores: cores.max(1),
    })
}

/// How many cores were idle, on average, between two readings (two
/// decimals); `None` when no tick passed or the readings do not belong
/// together.
#[must_use]
pub fn free_cores(before: CpuTimes, after: CpuTimes) -> Option<f64> {
    let total = after.total.checked_sub(before.total)?;
    let idle = after.idle.checked_sub(before.idle)?;
    if total == 0 || idle > total || before.cores != after.cores {
        return None;
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "tick counts and core counts far below 2^52"
    )]
    let free = idle as f64 / total as f64 * after.cores as f64;
    Some((free * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEFORE: &str = "cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\ncpu1 50 0 25 400 25 0 0 0 0 0\nintr 12345\nctxt 99\n";
    const AFTER: &str = "cpu  250 0 100 900 50 0 0 0 0 0\ncpu0 125 0 50 450 25 0 0 0 0 0\ncpu1 125 0 50 450 25 0 0 0 0 0\nintr 12400\nctxt 120\n";

    #[test]
    fn the_counters_are_the_summed_line_and_the_cores_are_its_cpu_lines() {
        let times = parse(BEFORE).unwrap();
        assert_eq!(
            times,
            CpuTimes {
                idle: 850,
                total: 1000,
                cores: 2
            }
        );
        assert_eq!(parse("intr 1\n"), None);
        assert_eq!(parse("cpu  1 2\n"), None);
    }

    #[test]
    fn free_cores_are_the_idle_share_of_the_ticks_between_two_readings() {
        let (before, after) = (parse(BEFORE).unwrap(), parse(AFTER).unwrap());
        // 300 ticks passed, 100 of them idle, on two cores: 0.67 of a core.
        assert_eq!(free_cores(before, after), Some(0.67));
        // No tick between two readings, or readings in the wrong order.
        assert_eq!(free_cores(before, before), None);
        assert_eq!(free_cores(after, before), None);
    }

    #[test]
    fn this_machine_has_counters() {
        if cfg!(target_os = "linux") {
            let times = cpu_times().unwrap();
            assert!(times.cores >= 1 && times.total >= times.idle);
        }
    }
}

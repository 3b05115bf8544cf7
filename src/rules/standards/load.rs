//! What the four page-load rules share: one measured value of the rendered
//! page's metrics (medians of the measured loads, `page::rendered`) against
//! the limit their metadata sets (`threshold_ms` in `rulesets/standards.toml`:
//! the 2025 national criteria's values). The browser measured; these rules
//! only compare.

use crate::page::Page;
use crate::page::rendered::{BUSY_FREE_CORES, LoadRun};
use crate::rules::Findings;

/// Seconds with two decimals, as `args` keep them (`3.25`; the Vietnamese
/// message says `3,25`).
fn seconds(ms: f64) -> String {
    format!("{:.2}", ms / 1000.0)
}

/// Judges `value` of the page's median run against the rule's limit:
/// inapplicable on a page that was not measured (a served page, or a render
/// without measurement), cant_tell when the browser did not report the
/// value (nothing painted, no largest-content candidate), failed at or over
/// the limit, passed under it. The finding is on the `<html>` element, with
/// the value, the limit, the profile and the number of loads measured.
///
/// A value over the limit measured while the machine was busy (the median
/// run had fewer than [`BUSY_FREE_CORES`] idle cores) is cant_tell, said by
/// the rule's `busy` message (the idle cores in `free_cores`): a busy
/// machine only slows a load, so a pass stands, but a failure may be the
/// machine's and is measured again on an idle one before it is signed.
pub fn judge(page: &Page, out: &mut Findings, value: fn(&LoadRun) -> Option<f64>) {
    let (Some(metrics), Some(limit), Some(root)) =
        (page.load_metrics(), out.threshold_ms(), page.root())
    else {
        return;
    };
    let limit = f64::from(limit);
    let finding = match (value(&metrics.median), metrics.median.free_cores) {
        (Some(v), _) if v < limit => {
            out.pass();
            return;
        }
        (Some(v), Some(free)) if free < BUSY_FREE_CORES => out
            .cant_tell(root)
            .variant("busy")
            .decimal_arg("value", seconds(v))
            .decimal_arg("free_cores", format!("{free:.2}")),
        (Some(v), _) => out.fail(root).decimal_arg("value", seconds(v)),
        (None, _) => out.cant_tell(root).decimal_arg("value", "?"),
    };
    finding
        .decimal_arg("threshold", seconds(limit))
        .arg("profile", metrics.profile.clone())
        .arg("runs", metrics.runs.len().to_string());
}

#[cfg(test)]
mod tests {
    #[test]
    fn seconds_have_two_decimals() {
        assert_eq!(super::seconds(3000.0), "3.00");
        assert_eq!(super::seconds(4_216.4), "4.22");
    }
}

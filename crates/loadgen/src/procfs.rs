//! CPU time and memory of a process from Linux `/proc`.

use anyhow::{anyhow, Context, Result};

/// `USER_HZ`: the unit of CPU times in `/proc/*/stat`, 100 on every Linux architecture
/// in common use.
pub const TICKS_PER_SEC: f64 = 100.0;

#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// User plus system time, in ticks.
    pub cpu_ticks: u64,
    /// Peak resident set size (`VmHWM`), KiB.
    pub vm_hwm_kib: u64,
    /// Resident set size now (`VmRSS`), KiB.
    pub vm_rss_kib: u64,
}

pub fn sample(pid: u32) -> Result<Sample> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .with_context(|| format!("cannot read /proc/{pid}/stat: is the server's pid right?"))?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("cannot read /proc/{pid}/status"))?;
    Ok(Sample {
        cpu_ticks: cpu_ticks(&stat)?,
        vm_hwm_kib: status_kib(&status, "VmHWM")?,
        vm_rss_kib: status_kib(&status, "VmRSS")?,
    })
}

/// Resets the process's peak RSS (`VmHWM`) to its current RSS, so the next reading is
/// the peak since now (Linux 4.0+; needs the right to write `/proc/PID/clear_refs`).
pub fn reset_peak(pid: u32) -> Result<()> {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5")
        .with_context(|| format!("cannot reset the peak RSS of {pid} (/proc/{pid}/clear_refs)"))
}

pub fn self_cpu_ticks() -> Result<u64> {
    cpu_ticks(&std::fs::read_to_string("/proc/self/stat")?)
}

/// CPU time of the whole machine that was not idle (all CPUs), in ticks, from the first
/// line of `/proc/stat`.
pub fn machine_busy_ticks() -> Result<u64> {
    let stat = std::fs::read_to_string("/proc/stat")?;
    let line = stat
        .lines()
        .next()
        .filter(|l| l.starts_with("cpu "))
        .ok_or_else(|| anyhow!("unexpected /proc/stat"))?;
    busy_ticks(line)
}

/// user nice system idle iowait irq softirq steal …: all but idle and iowait. Guest
/// time is already inside user and nice.
fn busy_ticks(cpu_line: &str) -> Result<u64> {
    let v: Vec<u64> = cpu_line
        .split_whitespace()
        .skip(1)
        .take(8)
        .map(|f| f.parse().map_err(|_| anyhow!("unexpected /proc/stat")))
        .collect::<Result<_>>()?;
    if v.len() < 8 {
        return Err(anyhow!("unexpected /proc/stat"));
    }
    Ok(v[0] + v[1] + v[2] + v[5] + v[6] + v[7])
}

/// `utime + stime` from a `stat` line. The command name may hold spaces and
/// parentheses, so fields are counted from the last `)`.
fn cpu_ticks(stat: &str) -> Result<u64> {
    let rest = stat
        .rfind(')')
        .map(|i| &stat[i + 1..])
        .ok_or_else(|| anyhow!("unexpected /proc stat line"))?;
    // After the name: field 3 (state) is index 0, so utime (14) is 11, stime (15) 12.
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| -> Result<u64> {
        fields
            .get(i)
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| anyhow!("unexpected /proc stat line"))
    };
    Ok(field(11)? + field(12)?)
}

fn status_kib(status: &str, key: &str) -> Result<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow!("no {key} in /proc status"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stat_and_status() -> Result<()> {
        let stat = "42 (tokio-rt (x) 1) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0";
        assert_eq!(cpu_ticks(stat)?, 300);
        let status =
            "Name:\tmicrocred\nVmPeak:\t  200 kB\nVmHWM:\t   51200 kB\nVmRSS:\t   40960 kB\n";
        assert_eq!(status_kib(status, "VmHWM")?, 51200);
        assert_eq!(status_kib(status, "VmRSS")?, 40960);
        assert!(status_kib(status, "VmSwap").is_err());
        let cpu = "cpu  100 5 20 1000 7 1 2 3 0 0";
        assert_eq!(busy_ticks(cpu)?, 131);
        assert!(busy_ticks("cpu 1 2").is_err());
        Ok(())
    }

    #[test]
    fn reads_its_own_process() -> Result<()> {
        let s = sample(std::process::id())?;
        assert!(s.vm_hwm_kib >= s.vm_rss_kib / 2 && s.vm_hwm_kib > 0);
        Ok(())
    }
}

//! What `query_bench` and `tantivy_bench` print: one JSON line of latency percentiles over the
//! timed queries, the load time and the resident memory, so both engines are reported alike.

/// Prints `{"queries": n, "p50_us": …, "p99_us": …, "mean_us": …, "max_us": …, "load_ms": …,
/// "rss_mb": …}` for per-query latencies in microseconds.
pub fn print_json_line(mut micros: Vec<f64>, load_ms: f64) {
    let n = micros.len();
    micros.sort_by(f64::total_cmp);
    let at = |q: f64| -> f64 {
        if n == 0 {
            return 0.0;
        }
        micros[((n as f64 * q).ceil() as usize).clamp(1, n) - 1]
    };
    let mean = if n == 0 {
        0.0
    } else {
        micros.iter().sum::<f64>() / n as f64
    };
    println!(
        "{{\"queries\": {n}, \"p50_us\": {:.1}, \"p99_us\": {:.1}, \"mean_us\": {:.1}, \"max_us\": {:.1}, \"load_ms\": {load_ms:.1}, \"rss_mb\": {:.1}}}",
        at(0.50),
        at(0.99),
        mean,
        micros.last().copied().unwrap_or(0.0),
        rss_mib().unwrap_or(f64::NAN)
    );
}

/// Resident memory in MiB, from /proc (Linux); `None` elsewhere.
pub fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

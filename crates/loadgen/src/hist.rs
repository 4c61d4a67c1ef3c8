//! A fixed log-linear latency histogram in microseconds: exact below 128 µs, then 64
//! buckets per power of two (at most 1.6 % relative error), so no allocation while
//! recording and histograms of different workers merge by adding counts.

/// Sub-buckets per power of two, as a power of two.
const SUB_BITS: u32 = 6;
const SUB: u64 = 1 << SUB_BITS;
/// Values below this are their own bucket.
const LINEAR: u64 = SUB * 2;
/// Enough buckets for any `u64`.
const BUCKETS: usize = (LINEAR + (64 - SUB_BITS as u64 - 1) * SUB) as usize;

#[derive(Clone)]
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
    sum: u128,
    max: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            total: 0,
            sum: 0,
            max: 0,
        }
    }
}

fn index(v: u64) -> usize {
    if v < LINEAR {
        return v as usize;
    }
    let exp = 63 - v.leading_zeros();
    let shift = exp - SUB_BITS;
    let mantissa = v >> shift;
    (LINEAR + u64::from(exp - SUB_BITS - 1) * SUB + (mantissa - SUB)) as usize
}

/// The largest value that lands in bucket `i`.
fn upper(i: usize) -> u64 {
    let i = i as u64;
    if i < LINEAR {
        return i;
    }
    let k = i - LINEAR;
    let shift = k / SUB + 1;
    let mantissa = k % SUB + SUB;
    let edge = (u128::from(mantissa) + 1) << shift;
    u64::try_from(edge - 1).unwrap_or(u64::MAX)
}

impl Histogram {
    pub fn record(&mut self, micros: u64) {
        self.counts[index(micros)] += 1;
        self.total += 1;
        self.sum += u128::from(micros);
        self.max = self.max.max(micros);
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.total += other.total;
        self.sum += other.sum;
        self.max = self.max.max(other.max);
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    pub fn max(&self) -> u64 {
        self.max
    }

    pub fn mean(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.sum as f64 / self.total as f64
        }
    }

    /// The value at quantile `q` (0–1): the upper edge of the bucket holding it, never
    /// above the largest value seen.
    pub fn quantile(&self, q: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return upper(i).min(self.max);
            }
        }
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_their_values() {
        for v in (0..200_000u64).chain([u64::MAX / 3, u64::MAX - 1, u64::MAX]) {
            let i = index(v);
            assert!(i < BUCKETS, "{v}");
            assert!(upper(i) >= v, "{v}: upper {}", upper(i));
            if i > 0 {
                assert!(upper(i - 1) < v, "{v}: previous upper {}", upper(i - 1));
            }
        }
    }

    #[test]
    fn relative_error_is_small() {
        for v in [150u64, 1_000, 12_345, 987_654, 30_000_000] {
            let u = upper(index(v));
            assert!((u - v) as f64 / v as f64 <= 1.0 / SUB as f64, "{v} -> {u}");
        }
    }

    #[test]
    fn quantiles() {
        let mut h = Histogram::default();
        for v in 1..=1000 {
            h.record(v);
        }
        assert_eq!(h.count(), 1000);
        assert!(
            (500..=508).contains(&h.quantile(0.5)),
            "{}",
            h.quantile(0.5)
        );
        assert!(h.quantile(0.99) >= 990 && h.quantile(0.99) <= 1000);
        assert_eq!(h.quantile(1.0), 1000);
        assert_eq!(h.max(), 1000);
        let mut g = Histogram::default();
        g.record(5000);
        h.merge(&g);
        assert_eq!(h.max(), 5000);
        assert_eq!(h.count(), 1001);
    }
}

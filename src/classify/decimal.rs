//! Scores in reasons with one decimal, as `{:.1}` writes them, without the float
//! formatter's exact path: scores such as 0.25 or 2.75 are ties at one decimal, and
//! for ties the standard formatter falls back to big-number arithmetic, which took a
//! tenth of the classifier's time.

use std::fmt;

/// Displays like `format!("{:.1}", x)` (and `{:+.1}` with the `+` flag): the exact
/// binary value rounded to tenths, ties to even, a minus sign for negative values and
/// negative zero.
#[derive(Debug, Clone, Copy)]
pub struct OneDecimal(pub f64);

impl fmt::Display for OneDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        // Beyond 2^53 / 10 the tenths no longer fit the exact arithmetic below; scores
        // never get there, but the standard formatter stays right for them.
        if !x.is_finite() || x.abs() >= 1e14 {
            return if f.sign_plus() {
                write!(f, "{x:+.1}")
            } else {
                write!(f, "{x:.1}")
            };
        }
        let sign = if x.is_sign_negative() {
            "-"
        } else if f.sign_plus() {
            "+"
        } else {
            ""
        };
        let tenths = tenths_rounded(x.abs());
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// `x * 10` rounded to an integer, ties to even, computed exactly: a finite `x` is
/// `m * 2^e` with `m < 2^53`, so `10 * m` fits 57 bits and the shift is exact.
fn tenths_rounded(x: f64) -> u64 {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    let scaled = u128::from(mantissa) * 10;
    if exponent >= 0 {
        return (scaled << exponent) as u64;
    }
    let shift = exponent.unsigned_abs();
    if shift > 100 {
        return 0; // below 2^-40: rounds to zero tenths
    }
    let whole = scaled >> shift;
    let rest = scaled & ((1 << shift) - 1);
    let half = 1 << (shift - 1);
    let up = rest > half || (rest == half && whole & 1 == 1);
    (whole + u128::from(up)) as u64
}

#[cfg(test)]
mod tests {
    use super::OneDecimal;

    fn same_as_std(x: f64) {
        assert_eq!(format!("{}", OneDecimal(x)), format!("{x:.1}"), "{x:e}");
        assert_eq!(format!("{:+}", OneDecimal(x)), format!("{x:+.1}"), "{x:e}");
    }

    #[test]
    fn writes_what_the_standard_formatter_writes() {
        // Ties at one decimal (exact in binary), their neighbours, values just off a
        // tie in binary (0.35 is below 0.35), zeros and the extremes.
        for x in [
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            0.75,
            1.25,
            2.5,
            2.75,
            -0.25,
            -0.04,
            -1.25,
            9.95,
            99.95,
            0.049_999_999,
            1e-300,
            5e-324,
            -5e-324,
            1e13,
            99_999_999.95,
            1e14,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MAX,
            f64::MIN,
        ] {
            same_as_std(x);
        }
        // Every quarter, eighth and hundredth a score can take, and a pseudo-random walk.
        for i in -4_000..4_000 {
            same_as_std(f64::from(i) / 4.0);
            same_as_std(f64::from(i) / 8.0);
            same_as_std(f64::from(i) / 100.0);
            same_as_std(f64::from(i) * 0.05);
        }
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state);
            if x.is_finite() {
                same_as_std(x);
            }
            same_as_std((state % 1_000_000) as f64 / 1_000.0 - 500.0);
        }
    }
}

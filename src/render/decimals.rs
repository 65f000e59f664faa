//! Numbers with a fixed count of decimals, as `format!("{x:.2}")` writes
//! them but by integer arithmetic: for most fractions the standard
//! library's fixed-precision formatting falls back to arbitrary precision
//! (a client page's chart took 50,000 instructions, and amounts, scores
//! and shares are written on every page).

use std::fmt::Write;

/// `x` with `digits` decimals, byte for byte as `format!("{x:.digits$}")`
/// writes it.
pub fn decimals(x: f64, digits: usize) -> String {
    let mut out = String::new();
    let _ = write_decimals(&mut out, x, digits);
    out
}

/// Writes `x` with `digits` decimals into `out`, as [`decimals`] does.
pub fn write_decimals(out: &mut impl Write, x: f64, digits: usize) -> std::fmt::Result {
    let Some((negative, units)) = (digits <= 3).then(|| fixed(x, digits as u32)).flatten() else {
        return write!(out, "{x:.digits$}");
    };
    // Written right to left into a buffer: the formatting machinery took
    // more than the arithmetic (`units` < 10^18, 19 digits at most).
    let mut buffer = [0u8; 24];
    let mut at = buffer.len();
    let mut put = |byte: u8| {
        at -= 1;
        buffer[at] = byte;
    };
    let mut rest = units;
    for _ in 0..digits {
        put(b'0' + (rest % 10) as u8);
        rest /= 10;
    }
    if digits > 0 {
        put(b'.');
    }
    loop {
        put(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if negative {
        put(b'-');
    }
    out.write_str(std::str::from_utf8(&buffer[at..]).unwrap_or_default())
}

/// `|x|` × 10^`digits`, rounded to the nearest integer (ties to even) from
/// the exact value of `x`, and whether `x` is negative (`-0.0` is); `None`
/// for values out of range, left to the float's own formatting.
fn fixed(x: f64, digits: u32) -> Option<(bool, u64)> {
    if !x.is_finite() || x.abs() >= 1e15 {
        return None;
    }
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // x = mantissa × 2^power
    let (mantissa, power) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, exponent - 1075)
    };
    let scaled = u128::from(mantissa) * u128::from(10u64.pow(digits));
    let units = if power >= 0 {
        scaled << power
    } else {
        let shift = power.unsigned_abs();
        if shift >= 127 {
            0
        } else {
            let whole = scaled >> shift;
            let rest = scaled & ((1u128 << shift) - 1);
            let half = 1u128 << (shift - 1);
            if rest > half || (rest == half && whole & 1 == 1) {
                whole + 1
            } else {
                whole
            }
        }
    };
    Some((negative, u64::try_from(units).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random bit patterns, sums and ratios as the pages make them, exact
    /// ties, amounts in 万 and 亿.
    #[test]
    fn decimals_are_written_as_floats_write_themselves() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.05,
            0.15,
            0.25,
            0.35,
            1e15,
            1e-300,
            -0.001,
            f64::NAN,
            f64::INFINITY,
        ];
        for k in 0..2_000 {
            values.push(f64::from(k) / 2.0);
            values.push(f64::from(k) / 20.0);
            values.push(f64::from(k) * 0.1);
            values.push(-f64::from(k) / 8.0);
        }
        for _ in 0..60_000 {
            let bits = next();
            values.push(f64::from_bits(bits));
            let a = (next() % 1_000_000) as f64;
            let b = (next() % 1_000 + 1) as f64;
            values.push(a / b * 320.0 + 4.0);
            values.push(4.0 + 26.0 * (next() % 50) as f64 + 14.0 + a / 7.0);
            values.push((next() % 100_000_000_000) as f64 / 1e4);
            values.push((next() % 100_000_000_000_000) as f64 / 1e8);
        }
        for v in values {
            for d in 0..=4 {
                assert_eq!(
                    decimals(v, d),
                    format!("{v:.d$}"),
                    "{v:e} with {d} decimals"
                );
            }
        }
    }
}

//! Amounts of money as a sales team writes them: `85万`, `1.2亿`, `120k`,
//! `¥850,000`, `850,000元`, `1,200,000`, read exactly in decimal. What
//! cannot be read without a guess is refused, with the number to write
//! when there is one.

use rust_decimal::Decimal;

/// Why a written amount was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAnAmount {
    /// The number it most likely is, to suggest writing plainly
    /// (`1.200.000` → `1200000`).
    Ambiguous(Option<String>),
}

/// Currency signs and words before or after an amount.
const CURRENCY_BEFORE: &[&str] = &["¥", "￥", "$", "€", "£", "RMB", "CNY", "USD", "EUR"];
const CURRENCY_AFTER: &[&str] = &["元", "块", "RMB", "CNY", "USD", "EUR"];

/// Multipliers written after the number.
const MULTIPLIERS: &[(&str, u64)] = &[
    ("亿", 100_000_000),
    ("万", 10_000),
    ("千", 1_000),
    ("w", 10_000),
    ("W", 10_000),
    ("k", 1_000),
    ("K", 1_000),
];

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let at = text.len().checked_sub(suffix.len())?;
    let tail = text.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..at])
}

/// Reads `written` as an amount; `Ok(None)` when it is not written as one
/// at all (no digit in it).
pub fn read(written: &str) -> Result<Option<Decimal>, NotAnAmount> {
    let mut text = written.trim();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    for sign in CURRENCY_BEFORE {
        if let Some(rest) = strip_prefix_ci(text, sign) {
            text = rest.trim_start();
            break;
        }
    }
    for word in CURRENCY_AFTER {
        if let Some(rest) = strip_suffix_ci(text, word) {
            text = rest.trim_end();
            break;
        }
    }
    let mut factor = Decimal::ONE;
    for (suffix, times) in MULTIPLIERS {
        if let Some(rest) = text.strip_suffix(suffix) {
            text = rest.trim_end();
            factor = Decimal::from(*times);
            break;
        }
    }
    let number = plain(text)?;
    Ok(Some(number * factor))
}

/// A number with optional thousands commas in groups of three
/// (`1,200,000.50`); anything else that looks like a number is ambiguous.
fn plain(text: &str) -> Result<Decimal, NotAnAmount> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) if !f.contains('.') => (w, Some(f)),
        Some(_) => {
            // `1.200.000`: dots as thousands separators.
            let groups: Vec<&str> = text.split('.').collect();
            let grouped = groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3)
                && groups
                    .iter()
                    .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
            return Err(NotAnAmount::Ambiguous(grouped.then(|| groups.concat())));
        }
        None => (text, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let grouped =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !groups.iter().all(|g| digits(g)) || !grouped {
        return Err(NotAnAmount::Ambiguous(None));
    }
    if fraction.is_some_and(|f| !digits(f)) {
        return Err(NotAnAmount::Ambiguous(None));
    }
    let mut plain = groups.concat();
    if let Some(f) = fraction {
        plain.push('.');
        plain.push_str(f);
    }
    plain
        .parse::<Decimal>()
        .map_err(|_| NotAnAmount::Ambiguous(None))
}

/// A percentage written with its sign (`60%`, `60 %`, `60％`): the number.
pub fn percent(written: &str) -> Option<Decimal> {
    let text = written.trim();
    let number = text
        .strip_suffix('%')
        .or_else(|| text.strip_suffix('％'))?
        .trim_end();
    plain(number).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Option<String> {
        read(text).ok().flatten().map(|d| d.normalize().to_string())
    }

    #[test]
    fn reads_amounts_as_they_are_written() {
        assert_eq!(amount("85万").as_deref(), Some("850000"));
        assert_eq!(amount("1.2亿").as_deref(), Some("120000000"));
        assert_eq!(amount("120k").as_deref(), Some("120000"));
        assert_eq!(amount("¥850,000").as_deref(), Some("850000"));
        assert_eq!(amount("850,000元").as_deref(), Some("850000"));
        assert_eq!(amount("1,200,000").as_deref(), Some("1200000"));
        assert_eq!(amount("85万元").as_deref(), Some("850000"));
        assert_eq!(amount("RMB 1,200.50").as_deref(), Some("1200.5"));
        assert_eq!(amount("0.1万").as_deref(), Some("1000"));
        // Exact in decimal: 3 × 0.1万 is 3000, not 2999.9999.
        assert_eq!(amount("0.3万").as_deref(), Some("3000"));
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        assert_eq!(
            read("1.200.000"),
            Err(NotAnAmount::Ambiguous(Some("1200000".into())))
        );
        assert_eq!(read("1,2"), Err(NotAnAmount::Ambiguous(None)));
        assert_eq!(read("12,00,000"), Err(NotAnAmount::Ambiguous(None)));
        assert_eq!(read("约85万"), Err(NotAnAmount::Ambiguous(None)));
        assert_eq!(read("很多"), Ok(None));
    }

    #[test]
    fn reads_a_percentage_with_its_sign() {
        assert_eq!(percent("60%"), Some(Decimal::from(60)));
        assert_eq!(percent("60 ％"), Some(Decimal::from(60)));
        assert_eq!(percent("60"), None);
    }
}

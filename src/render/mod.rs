//! Rendering: Markdown to HTML, interface words, page URLs and templates.

pub mod catalog;
pub mod charts;
pub mod decimals;
pub mod i18n;
pub mod markdown;
pub mod obsidian;
pub mod templates;
pub mod urls;

/// `text` escaped for HTML and SVG text and attribute values.
pub fn escape(text: &str) -> String {
    // Room for the text and a few entities: grown from nothing, a short
    // text was copied three or four times.
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text);
    out
}

/// `text`, escaped for HTML, after what `out` already holds.
pub fn escape_into(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

/// `12000000000` → `12,000,000,000`; fractions keep two decimals.
pub fn money(value: f64) -> String {
    let negative = value < 0.0;
    let value = value.abs();
    let whole = value.trunc() as u128;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    let cents = ((value - value.trunc()) * 100.0).round() as u32;
    if cents > 0 {
        out.push_str(&format!(".{cents:02}"));
    }
    if negative {
        out.insert(0, '-');
    }
    out
}

/// An amount as the site shows it, the same in headline cards and tables:
/// in the zh interface in 万 and 亿 from ten thousand up (`45万`,
/// `33.75万`, `120亿`), in en with thousands separators (`450,000`); with
/// the config's `currency`, a symbol before the figure (`¥45万`) or a code
/// or word after it (`450,000 USD`, `45万元`).
pub fn amount(value: f64, zh: bool, currency: &str) -> String {
    let figure = if zh { zh_amount(value) } else { money(value) };
    let currency = currency.trim();
    if currency.is_empty() {
        return figure;
    }
    let mut chars = currency.chars();
    let symbol = chars
        .next()
        .filter(|c| !c.is_alphanumeric() && chars.next().is_none());
    match symbol {
        Some(_) => match figure.strip_prefix('-') {
            Some(rest) => format!("-{currency}{rest}"),
            None => format!("{currency}{figure}"),
        },
        None if currency.chars().all(|c| !c.is_ascii()) => format!("{figure}{currency}"),
        None => format!("{figure} {currency}"),
    }
}

/// One unit on a page: an amount under ten thousand is a part of 万 too
/// (`0.8万`, exact to the yuan with up to four decimals), not `8,000`
/// beside `45万`; only a whole number under a hundred stays as it is.
fn zh_amount(value: f64) -> String {
    let trim = |s: String| s.trim_end_matches('0').trim_end_matches('.').to_owned();
    let abs = value.abs();
    if abs >= 1e8 {
        format!("{}亿", trim(decimals::decimals(value / 1e8, 2)))
    } else if abs >= 1e4 {
        format!("{}万", trim(decimals::decimals(value / 1e4, 2)))
    } else if abs >= 100.0 {
        format!("{}万", trim(decimals::decimals(value / 1e4, 4)))
    } else {
        money(value)
    }
}

#[cfg(test)]
mod tests {
    use super::{amount, money};

    #[test]
    fn amounts_in_wan_and_yi_in_chinese_with_separators_in_english() {
        assert_eq!(amount(450000.0, true, ""), "45万");
        assert_eq!(amount(337500.0, true, ""), "33.75万");
        assert_eq!(amount(12_000_000_000.0, true, ""), "120亿");
        assert_eq!(amount(9800.0, true, ""), "0.98万");
        assert_eq!(amount(8350.0, true, ""), "0.835万");
        assert_eq!(amount(50.0, true, ""), "50");
        assert_eq!(amount(450000.0, false, ""), "450,000");
        assert_eq!(amount(450000.0, true, "¥"), "¥45万");
        assert_eq!(amount(450000.0, true, "元"), "45万元");
        assert_eq!(amount(450000.0, false, "USD"), "450,000 USD");
        assert_eq!(amount(-5.0, false, "$"), "-$5");
    }

    #[test]
    fn money_has_thousands_separators() {
        assert_eq!(money(450000.0), "450,000");
        assert_eq!(money(12000000000.0), "12,000,000,000");
        assert_eq!(money(999.5), "999.50");
        assert_eq!(money(0.0), "0");
    }
}

//! Rendering: Markdown to HTML, interface words, page URLs and templates.

pub mod charts;
pub mod i18n;
pub mod markdown;
pub mod obsidian;
pub mod reasons;
pub mod tables;
pub mod templates;
pub mod urls;

/// `text` escaped for HTML and SVG text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
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

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_has_thousands_separators() {
        assert_eq!(money(450000.0), "450,000");
        assert_eq!(money(12000000000.0), "12,000,000,000");
        assert_eq!(money(999.5), "999.50");
        assert_eq!(money(0.0), "0");
    }
}

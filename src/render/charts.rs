//! Charts as inline SVG, drawn at build time: they need no JavaScript, keep
//! their labels as text (selectable, read by screen readers through
//! `<title>`) and print as they look. Every text is escaped here; the
//! templates insert the result as is.

use std::fmt::Write;

/// Colours that read on screen and on paper.
pub const BLUE: &str = "#2659d9";
pub const LIGHT_BLUE: &str = "#9db5f0";
pub const GREEN: &str = "#2f855a";
pub const YELLOW: &str = "#d69e2e";
pub const RED: &str = "#c0362c";
pub const GREY: &str = "#98a2b3";

use crate::render::decimals::write_decimals;
use crate::render::{escape as esc, escape_into};

/// Width in px of a label, counting wide (CJK) characters double.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.05 } * size)
        .sum()
}

/// A coordinate, written with the precision of its format (`{:.1}`) by
/// [`write_decimals`]: exactly as the float itself is, without its slow
/// path. Values out of range (and `{}` without a precision) are left to
/// the float's own formatting.
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match f.precision() {
            // Written into `f` through arguments of their own: its
            // precision is not theirs.
            Some(digits) => write_decimals(f, self.0, digits),
            None => std::fmt::Display::fmt(&self.0, f),
        }
    }
}

/// `x` with `digits` decimals, as `{:.digits$}` writes it.
fn px(out: &mut String, x: f64, digits: usize) {
    let _ = write_decimals(out, x, digits);
}

/// `<svg>` with a title that names the chart for assistive technology.
fn open(out: &mut String, width: f64, height: f64, title: &str) {
    let (width, height) = (Px(width), Px(height));
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="13"><title>{}</title>"#,
        esc(title)
    );
}

/// The names of a chart's series, each after a square of its colour, in a
/// row from `left` at the top.
fn legend_row(out: &mut String, left: f64, legend: &[&str], colors: &[&str]) {
    let mut x = left;
    for (name, color) in legend.iter().zip(colors) {
        let _ = write!(
            out,
            r#"<rect x="{x:.0}" y="6" width="12" height="12" fill="{color}"/><text x="{tx:.0}" y="16" fill="currentColor">{}</text>"#,
            esc(name),
            x = Px(x),
            tx = Px(x + 16.0)
        );
        x += 26.0 + text_width(name, 13.0);
    }
}

/// One bar of a horizontal bar chart.
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Shown after the bar: the figure as the reader should see it.
    pub text: String,
    pub color: &'static str,
}

/// Horizontal bars, one per row, scaled to `max` (else the largest value).
pub fn bars(title: &str, bars: &[Bar], max: Option<f64>) -> String {
    let label_w = bars
        .iter()
        .map(|b| text_width(&b.label, 13.0))
        .fold(40.0, f64::max)
        .min(220.0)
        + 12.0;
    let text_w = bars
        .iter()
        .map(|b| text_width(&b.text, 13.0))
        .fold(30.0, f64::max)
        + 12.0;
    let area = 320.0;
    let row = 26.0;
    let max = max.unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max));
    let width = label_w + area + text_w;
    let height = row * bars.len() as f64 + 8.0;
    // About 400 bytes a bar: room from the start.
    let mut out = String::with_capacity(400 * (bars.len() + 1));
    open(&mut out, width, height, title);
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let w = if max > 0.0 {
            (bar.value / max * area).max(if bar.value > 0.0 { 2.0 } else { 0.0 })
        } else {
            0.0
        };
        // Pushed piece by piece: a chart per client page, and `write!`
        // took twice the work of the pieces.
        let (label, text) = (&bar.label, &bar.text);
        out.push_str("<g><title>");
        escape_into(&mut out, label);
        out.push_str(": ");
        escape_into(&mut out, text);
        out.push_str("</title><text x=\"");
        px(&mut out, label_w - 8.0, 0);
        out.push_str("\" y=\"");
        px(&mut out, y + 14.0, 1);
        out.push_str("\" text-anchor=\"end\" fill=\"currentColor\">");
        escape_into(&mut out, label);
        out.push_str("</text><rect x=\"");
        px(&mut out, label_w, 0);
        out.push_str("\" y=\"");
        px(&mut out, y + 1.0, 1);
        out.push_str("\" width=\"");
        px(&mut out, w, 1);
        out.push_str("\" height=\"18\" rx=\"2\" fill=\"");
        out.push_str(bar.color);
        out.push_str("\"/><text x=\"");
        px(&mut out, label_w + w + 6.0, 1);
        out.push_str("\" y=\"");
        px(&mut out, y + 14.0, 1);
        out.push_str("\" fill=\"currentColor\">");
        escape_into(&mut out, text);
        out.push_str("</text></g>");
    }
    out.push_str("</svg>");
    out
}

/// One stage of a funnel chart.
pub struct Step {
    pub label: String,
    pub value: f64,
    /// Inside or beside the band: count and amount.
    pub text: String,
    /// To the right: the conversion from the step before.
    pub note: String,
}

/// A funnel: centred bands whose width follows `value`.
pub fn funnel(title: &str, steps: &[Step]) -> String {
    let label_w = steps
        .iter()
        .map(|s| text_width(&s.label, 13.0))
        .fold(40.0, f64::max)
        .min(200.0)
        + 12.0;
    let area = 360.0;
    let note_w = steps
        .iter()
        .map(|s| text_width(&s.note, 12.0))
        .fold(30.0, f64::max)
        + 16.0;
    let row = 34.0;
    let max = steps.iter().map(|s| s.value).fold(0.0, f64::max);
    let width = label_w + area + note_w;
    let height = row * steps.len() as f64 + 6.0;
    let mut out = String::new();
    open(&mut out, width, height, title);
    for (i, step) in steps.iter().enumerate() {
        let y = 3.0 + row * i as f64;
        let w = if max > 0.0 {
            (step.value / max * area).max(if step.value > 0.0 { 4.0 } else { 0.0 })
        } else {
            0.0
        };
        let x = label_w + (area - w) / 2.0;
        let shade = if i % 2 == 0 { BLUE } else { "#3f6fe0" };
        // A stage with nothing in it draws no bar: its count stands alone
        // in the page's colour, not in white on a bar that is not there.
        let (bar, ink) = if w > 0.0 {
            (
                format!(
                    r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="28" rx="3" fill="{shade}"/>"##,
                    Px(x),
                    Px(y + 1.0),
                    Px(w)
                ),
                format!(r##"fill="#fff" stroke="{shade}" stroke-width="3" paint-order="stroke""##),
            )
        } else {
            (String::new(), r#"fill="currentColor""#.to_owned())
        };
        let _ = write!(
            out,
            r##"<g><title>{label}: {text} {note}</title><text x="{lx:.0}" y="{ty:.1}" text-anchor="end" fill="currentColor">{label}</text>{bar}<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle" {ink}>{text}</text><text x="{nx:.1}" y="{ty:.1}" fill="currentColor" font-size="12">{note}</text></g>"##,
            label = esc(&step.label),
            text = esc(&step.text),
            note = esc(&step.note),
            lx = Px(label_w - 8.0),
            ty = Px(y + 19.0),
            cx = Px(label_w + area / 2.0),
            nx = Px(label_w + area + 10.0),
        );
    }
    out.push_str("</svg>");
    out
}

/// One group of vertical columns (a month of the forecast).
pub struct Column {
    pub label: String,
    /// Up to two values drawn side by side, with their texts.
    pub values: Vec<(f64, String)>,
}

/// Vertical columns in groups, with a legend naming each series.
pub fn columns(title: &str, legend: &[&str], groups: &[Column]) -> String {
    let colors = [BLUE, LIGHT_BLUE];
    let plot_h = 170.0;
    let group_w = 86.0;
    let bar_w = 30.0;
    let left = 10.0;
    let top = 40.0;
    let max = groups
        .iter()
        .flat_map(|g| g.values.iter().map(|v| v.0))
        .fold(0.0, f64::max);
    let width = (left * 2.0 + group_w * groups.len() as f64).max(260.0);
    let height = top + plot_h + 30.0;
    let mut out = String::new();
    open(&mut out, width, height, title);
    legend_row(&mut out, left, legend, &colors);
    let base = top + plot_h;
    let _ = write!(
        out,
        r#"<line x1="{left:.0}" y1="{base:.0}" x2="{x2:.0}" y2="{base:.0}" stroke="{GREY}"/>"#,
        left = Px(left),
        base = Px(base),
        x2 = Px(width - left)
    );
    for (g, group) in groups.iter().enumerate() {
        let gx = left + group_w * g as f64 + 8.0;
        let mut tip = esc(&group.label);
        for (name, (_, text)) in legend.iter().zip(&group.values) {
            let _ = write!(tip, " · {}: {}", esc(name), esc(text));
        }
        let _ = write!(out, "<g><title>{tip}</title>");
        for (k, ((value, text), color)) in group.values.iter().zip(colors).enumerate() {
            let h = if max > 0.0 {
                value / max * (plot_h - 18.0)
            } else {
                0.0
            };
            let bx = gx + k as f64 * (bar_w + 4.0);
            let _ = write!(
                out,
                r#"<rect x="{bx:.1}" y="{y:.1}" width="{bar_w:.0}" height="{h:.1}" fill="{color}"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="middle" font-size="11" fill="currentColor">{}</text>"#,
                esc(text),
                bx = Px(bx),
                bar_w = Px(bar_w),
                h = Px(h),
                y = Px(base - h),
                tx = Px(bx + bar_w / 2.0),
                ty = Px(base - h - 4.0),
            );
        }
        let _ = write!(
            out,
            r#"<text x="{tx:.1}" y="{ty:.0}" text-anchor="middle" fill="currentColor">{}</text></g>"#,
            esc(&group.label),
            tx = Px(gx + bar_w + 2.0),
            ty = Px(base + 18.0),
        );
    }
    out.push_str("</svg>");
    out
}

/// One point in time of a line chart (a week's end of the trend).
pub struct Point {
    pub label: String,
    /// One value per series, with its text.
    pub values: Vec<(f64, String)>,
    /// Said in the point's tooltip after the values (the open count).
    pub note: String,
}

/// Lines over time, one per series of the legend, with a dot at each
/// point whose tooltip says every value; every fourth point (counted back
/// from the last) is labelled.
pub fn lines(title: &str, legend: &[&str], points: &[Point]) -> String {
    let colors = [BLUE, GREEN];
    let plot_h = 170.0;
    let step = 26.0;
    let left = 14.0;
    let top = 40.0;
    let max = points
        .iter()
        .flat_map(|p| p.values.iter().map(|v| v.0))
        .fold(0.0, f64::max);
    let width = (left * 2.0 + step * points.len().saturating_sub(1) as f64 + 40.0).max(260.0);
    let height = top + plot_h + 30.0;
    let base = top + plot_h;
    let x_of = |i: usize| left + 20.0 + step * i as f64;
    let y_of = |v: f64| {
        if max > 0.0 {
            base - v / max * (plot_h - 10.0)
        } else {
            base
        }
    };
    let mut out = String::new();
    open(&mut out, width, height, title);
    legend_row(&mut out, left, legend, &colors);
    let _ = write!(
        out,
        r#"<line x1="{left:.0}" y1="{base:.0}" x2="{x2:.0}" y2="{base:.0}" stroke="{GREY}"/>"#,
        left = Px(left),
        base = Px(base),
        x2 = Px(width - left)
    );
    for (k, color) in colors.iter().enumerate().take(legend.len()) {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                p.values
                    .get(k)
                    .map(|v| format!("{:.1},{:.1}", Px(x_of(i)), Px(y_of(v.0))))
            })
            .collect();
        if !path.is_empty() {
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"#,
                path.join(" ")
            );
        }
    }
    for (i, p) in points.iter().enumerate() {
        let mut tip = esc(&p.label);
        for (name, (_, text)) in legend.iter().zip(&p.values) {
            let _ = write!(tip, " · {}: {}", esc(name), esc(text));
        }
        if !p.note.is_empty() {
            let _ = write!(tip, " · {}", esc(&p.note));
        }
        let _ = write!(out, "<g><title>{tip}</title>");
        for ((value, _), color) in p.values.iter().zip(colors) {
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{color}"/>"#,
                Px(x_of(i)),
                Px(y_of(*value))
            );
        }
        out.push_str("</g>");
        // Counted from the last point, which is always labelled.
        if (points.len() - 1 - i).is_multiple_of(4) {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.0}" text-anchor="middle" font-size="11" fill="currentColor">{}</text>"#,
                Px(x_of(i)),
                Px(base + 18.0),
                esc(&p.label)
            );
        }
    }
    if let Some((_, text)) = points
        .iter()
        .flat_map(|p| p.values.iter())
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(v, _)| *v > 0.0)
    {
        let _ = write!(
            out,
            r#"<text x="{:.0}" y="{:.1}" font-size="11" fill="currentColor">{}</text>"#,
            Px(left),
            Px(y_of(max) - 4.0),
            esc(text)
        );
    }
    out.push_str("</svg>");
    out
}

/// Money in few characters for chart labels: `1.2M` / `120万`.
pub fn short_money(value: f64, zh: bool) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    };
    let abs = value.abs();
    if zh {
        if abs >= 1e8 {
            format!("{}亿", trim(format!("{:.2}", value / 1e8)))
        } else if abs >= 1e4 {
            format!("{}万", trim(format!("{:.1}", value / 1e4)))
        } else {
            trim(format!("{value:.0}"))
        }
    } else if abs >= 1e9 {
        format!("{}B", trim(format!("{:.2}", value / 1e9)))
    } else if abs >= 1e6 {
        format!("{}M", trim(format!("{:.2}", value / 1e6)))
    } else if abs >= 1e3 {
        format!("{}k", trim(format!("{:.1}", value / 1e3)))
    } else {
        trim(format!("{value:.0}"))
    }
}

#[cfg(test)]
mod tests {

    /// A stage with nothing in it draws no bar, and its count is in the
    /// page's colour.
    #[test]
    fn a_zero_funnel_step_draws_no_bar() {
        let step = |label: &str, value: f64| Step {
            label: label.into(),
            value,
            text: format!("{value}"),
            note: String::new(),
        };
        let svg = funnel("F", &[step("A", 3.0), step("B", 0.0)]);
        assert_eq!(svg.matches("<rect").count(), 1, "{svg}");
        assert!(
            svg.contains(r#"text-anchor="middle" fill="currentColor">0</text>"#),
            "{svg}"
        );
    }
    use super::*;

    /// `Px` writes with its format's precision what `decimals` writes
    /// (which its own tests compare with the float's formatting), and
    /// without one what the float writes.
    #[test]
    fn coordinates_are_written_with_their_formats_precision() {
        for v in [0.0, -0.0, 2.5, 0.15, 18.0, 264.6, 1e15, 1e-300, f64::NAN] {
            for d in 0..=4 {
                assert_eq!(format!("{:.*}", d, Px(v)), format!("{v:.d$}"), "{v:e} {d}");
            }
            assert_eq!(format!("{}", Px(v)), format!("{v}"));
        }
    }

    #[test]
    fn labels_are_escaped_and_titled() {
        let svg = bars(
            "a <b>",
            &[Bar {
                label: "<script>".into(),
                value: 1.0,
                text: "1 & 2".into(),
                color: BLUE,
            }],
            None,
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<title>a &lt;b&gt;</title>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("1 &amp; 2"));
    }

    #[test]
    fn empty_and_zero_charts_draw_no_bars_of_nan_width() {
        let svg = bars(
            "x",
            &[Bar {
                label: "a".into(),
                value: 0.0,
                text: "0".into(),
                color: RED,
            }],
            None,
        );
        assert!(!svg.contains("NaN"));
        assert!(!funnel("f", &[]).contains("NaN"));
        assert!(!columns("c", &["a"], &[]).contains("NaN"));
        assert!(!lines("l", &["a"], &[]).contains("NaN"));
        let flat = lines(
            "l",
            &["a"],
            &[Point {
                label: "x".into(),
                values: vec![(0.0, "0".into())],
                note: String::new(),
            }],
        );
        assert!(!flat.contains("NaN"));
    }

    #[test]
    fn short_money_reads_in_each_language() {
        assert_eq!(short_money(1_200_000.0, true), "120万");
        assert_eq!(short_money(450_000.0, false), "450k");
        assert_eq!(short_money(48_000_000_000.0, true), "480亿");
        assert_eq!(short_money(1_250_000.0, false), "1.25M");
        assert_eq!(short_money(0.0, false), "0");
    }
}

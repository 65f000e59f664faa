//! What the templates see: small serialisable views, not the domain types,
//! so a template cannot reach a field the site does not mean to publish.

use serde::Serialize;

#[derive(Serialize)]
pub struct NavItem {
    pub label: String,
    pub href: String,
    pub active: bool,
    pub count: Option<usize>,
}

#[derive(Serialize)]
pub struct ProblemCounts {
    pub errors: usize,
    pub warnings: usize,
    pub href: String,
}

/// Shared by every page: the frame around the content.
#[derive(Serialize)]
pub struct Layout<'a> {
    // The interface words are the templates' global `t`, set once per build.
    pub lang: &'static str,
    pub site_title: &'a str,
    pub title: String,
    /// `../` back to the site root from this page.
    pub root: String,
    pub nav: Vec<NavItem>,
    pub as_of: String,
    pub problems: ProblemCounts,
}

#[derive(Serialize)]
pub struct Prop {
    pub label: String,
    pub value: String,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct NoteLink {
    pub title: String,
    pub path: String,
    pub href: String,
    pub kind: String,
}

#[derive(Serialize)]
pub struct ClientRow {
    pub code: String,
    pub name: String,
    pub href: String,
    pub tier: String,
    pub tier_key: String,
    pub status: String,
    pub owner: String,
    pub industry: String,
    pub region: String,
    pub contract_value: String,
}

#[derive(Serialize)]
pub struct NoteGroup {
    pub label: String,
    pub notes: Vec<NoteLink>,
}

#[derive(Serialize)]
pub struct IndexPage {
    pub clients: Vec<ClientRow>,
    pub groups: Vec<NoteGroup>,
}

#[derive(Serialize)]
pub struct ContactRow {
    pub name: String,
    pub title: String,
    pub department: String,
    pub level: String,
    pub role: String,
    pub role_key: String,
    pub relationship: String,
    /// Empty unless the config publishes it.
    pub email: String,
    pub phone: String,
}

#[derive(Serialize)]
pub struct HealthRow {
    pub label: String,
    pub score: u8,
    pub note: String,
}

#[derive(Serialize)]
pub struct OpportunityRow {
    pub code: String,
    pub name: String,
    pub href: Option<String>,
    pub stage: String,
    pub stage_key: String,
    pub probability: String,
    pub amount: String,
    pub expected_close: String,
    pub owner: String,
}

#[derive(Serialize)]
pub struct ClientPage {
    pub code: String,
    pub name: String,
    /// The anchor of the note's own opening title, shown as the page title.
    pub title_id: Option<String>,
    pub tags: Vec<String>,
    pub props: Vec<Prop>,
    pub contacts: Vec<ContactRow>,
    pub show_email: bool,
    pub show_phone: bool,
    pub health: Vec<HealthRow>,
    pub opportunities: Vec<OpportunityRow>,
    pub body: String,
    pub backlinks: Vec<NoteLink>,
}

#[derive(Serialize)]
pub struct NotePage {
    pub kind: String,
    pub code: String,
    pub title: String,
    /// The anchor of the note's own opening title, shown as the page title.
    pub title_id: Option<String>,
    pub tags: Vec<String>,
    pub props: Vec<Prop>,
    pub contacts: Vec<ContactRow>,
    pub body: String,
    pub backlinks: Vec<NoteLink>,
}

#[derive(Serialize)]
pub struct FolderLink {
    pub name: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct FolderPage {
    pub title: String,
    pub path: String,
    pub folders: Vec<FolderLink>,
    pub notes: Vec<NoteLink>,
}

#[derive(Serialize)]
pub struct ProblemRow {
    pub severity: &'static str,
    pub severity_label: String,
    pub code: &'static str,
    pub file: String,
    pub href: Option<String>,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Serialize)]
pub struct ProblemsPage {
    pub problems: Vec<ProblemRow>,
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

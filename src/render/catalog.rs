//! The catalog of the site's own pages: every page the site makes at its
//! root, with its path, its template, the words of its title and its place
//! in the menu, and the names the site keeps for its files. The build, the
//! preview, the menu and the check that no note takes a page's name all
//! read this table; adding a page is an entry here, a view that fills its
//! template (`site::pages`) and the template.

/// A page of the book, as the catalog names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageId {
    Dashboard,
    Clients,
    Pipeline,
    FollowUps,
    Changes,
    Classification,
    Health,
    Rfm,
    Risk,
    Contacts,
    Notes,
    Tags,
    Problems,
}

impl PageId {
    /// What the page shows, in a line (for `llms.txt`).
    pub fn describe(self) -> &'static str {
        match self {
            PageId::Dashboard => {
                "the front page: today's to-dos, headline figures, funnel, trend, risk and health"
            }
            PageId::Clients => {
                "every client with code, owner, tier, health, last contact and follow-up"
            }
            PageId::Pipeline => {
                "the funnel, the deals by stage, the forecast, rotting and slipping deals, forecast accuracy, win rates by stage"
            }
            PageId::FollowUps => {
                "overdue follow-ups and next steps, missing last contacts, closes due"
            }
            PageId::Changes => "what moved in the last week, month and quarter, read from Git",
            PageId::Classification => "clients by tier, industry, region and other classifications",
            PageId::Health => "each client's health scores and grade",
            PageId::Rfm => "clients by recency, frequency and monetary value",
            PageId::Risk => "contact-coverage risk and the action plan",
            PageId::Contacts => "everyone known at clients and partners",
            PageId::Notes => "every published note by kind",
            PageId::Tags => "every tag with its notes",
            PageId::Problems => "the mistakes in the notes, each at its file and line",
        }
    }
}

/// How a page of the catalog is named.
#[derive(Debug, Clone, Copy)]
pub enum Naming {
    /// One page at this path.
    One(&'static str),
    /// Pages of a list: `base.html`, `base-2.html`, ...
    Numbered(&'static str),
    /// A page per classification dimension: `by-value-tier.html`.
    PerDimension,
}

/// One page of the catalog.
#[derive(Debug, Clone, Copy)]
pub struct PageEntry {
    pub id: PageId,
    pub naming: Naming,
    /// The template it is rendered with, and the built-in one's text.
    pub template: &'static str,
    pub text: &'static str,
    /// The interface word of its title and its menu entry (`i18n`).
    pub title: &'static str,
    /// Whether it has an entry in the menu, which lists the pages in the
    /// catalog's order.
    pub in_nav: bool,
    /// A page of the client book: a vault with no client, deal, project
    /// or interaction (a knowledge vault) has none of them.
    pub crm: bool,
}

const fn page(
    id: PageId,
    naming: Naming,
    (template, text): (&'static str, &'static str),
    title: &'static str,
) -> PageEntry {
    PageEntry {
        id,
        naming,
        template,
        text,
        title,
        in_nav: true,
        crm: !matches!(
            id,
            PageId::Dashboard | PageId::Notes | PageId::Tags | PageId::Problems
        ),
    }
}

/// A built-in template by its name: `("pipeline.html", its text)`.
macro_rules! template {
    ($name:literal) => {
        ($name, include_str!(concat!("../../templates/", $name)))
    };
}

/// Every page of the book, in the order of the menu.
pub const PAGES: &[PageEntry] = &[
    page(
        PageId::Dashboard,
        Naming::One("index.html"),
        template!("index.html"),
        "dashboard",
    ),
    page(
        PageId::Clients,
        Naming::Numbered("clients"),
        template!("clients.html"),
        "clients",
    ),
    page(
        PageId::Pipeline,
        Naming::One("pipeline.html"),
        template!("pipeline.html"),
        "pipeline",
    ),
    page(
        PageId::FollowUps,
        Naming::One("follow-ups.html"),
        template!("follow-ups-page.html"),
        "follow_ups_page",
    ),
    page(
        PageId::Changes,
        Naming::One("changes.html"),
        template!("changes.html"),
        "changes",
    ),
    page(
        PageId::Classification,
        Naming::PerDimension,
        template!("classification.html"),
        "classifications",
    ),
    page(
        PageId::Health,
        Naming::One("health.html"),
        template!("health.html"),
        "health",
    ),
    page(
        PageId::Rfm,
        Naming::One("rfm.html"),
        template!("rfm.html"),
        "rfm",
    ),
    page(
        PageId::Risk,
        Naming::One("risk.html"),
        template!("risk.html"),
        "contact_risk",
    ),
    page(
        PageId::Contacts,
        Naming::Numbered("contacts"),
        template!("contacts.html"),
        "contacts",
    ),
    page(
        PageId::Notes,
        Naming::Numbered("notes"),
        template!("notes.html"),
        "notes",
    ),
    page(
        PageId::Tags,
        Naming::One("tags.html"),
        template!("tags.html"),
        "tags",
    ),
    page(
        PageId::Problems,
        Naming::Numbered("problems"),
        template!("problems.html"),
        "problems",
    ),
];

/// Files the site writes at its root besides the pages of the catalog.
pub const ROOT_FILES: &[&str] = &["clients.csv", "action-plan.csv", "404.html", "llms.txt"];

/// Files the site writes inside folders a vault may have too: only the
/// file is the site's, the folder's other files are copied as ever.
pub const DEEP_FILES: &[&str] = &["data/report.json"];

/// Folders of the site's own files; no note or attachment goes in them.
pub const SITE_FOLDERS: &[&str] = &["_assets", "_tags", "_search"];

/// The prefix of the pages of one classification dimension.
const DIMENSION_PREFIX: &str = "by-";

/// The catalog's entry of a page.
pub fn entry(id: PageId) -> &'static PageEntry {
    PAGES
        .iter()
        .find(|e| e.id == id)
        .expect("every page is in the catalog")
}

/// The first page of an entry: where the menu links to (for the
/// classifications, the tiers').
pub fn first_page(entry: &PageEntry) -> String {
    match entry.naming {
        Naming::One(path) => path.to_owned(),
        Naming::Numbered(base) => format!("{base}.html"),
        Naming::PerDimension => classification_page("tier"),
    }
}

/// Page `number` (from 1) of a numbered list: `clients.html`,
/// `clients-2.html`.
pub fn numbered_page(base: &str, number: usize) -> String {
    if number <= 1 {
        format!("{base}.html")
    } else {
        format!("{base}-{number}.html")
    }
}

/// The page of one classification dimension: `by-value-tier.html`.
pub fn classification_page(dimension: &str) -> String {
    format!("{DIMENSION_PREFIX}{}.html", dimension.replace('_', "-"))
}

/// Whether `page` (a path at the root) is one of the catalog's pages, or
/// of its numbered or per-dimension pages.
pub fn is_catalog_page(page: &str) -> bool {
    PAGES.iter().any(|e| match e.naming {
        Naming::One(path) => page == path,
        Naming::Numbered(base) => page
            .strip_prefix(base)
            .is_some_and(|rest| rest == ".html" || rest.starts_with('-')),
        Naming::PerDimension => page.starts_with(DIMENSION_PREFIX),
    })
}

/// Whether a root name is the site's: a page of the catalog, one of its
/// files or folders. A note's page never takes it.
pub fn is_reserved_root(name: &str) -> bool {
    is_catalog_page(name) || ROOT_FILES.contains(&name) || SITE_FOLDERS.contains(&name)
}

/// Whether `path` is inside one of the site's folders.
pub fn in_site_folder(path: &str) -> bool {
    SITE_FOLDERS.iter().any(|f| {
        path.strip_prefix(f)
            .is_some_and(|rest| rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserves_every_page_file_and_folder_of_the_site() {
        for name in [
            "index.html",
            "clients.html",
            "clients-2.html",
            "by-value-tier.html",
            "problems-3.html",
            "tags.html",
            "clients.csv",
            "404.html",
            "_assets",
        ] {
            assert!(is_reserved_root(name), "{name}");
        }
        for name in ["clientsx.html", "about.html", "by.html", "notes.md"] {
            assert!(!is_reserved_root(name), "{name}");
        }
        assert!(in_site_folder("_tags/a.html"));
        assert!(!in_site_folder("_tagsx/a.html"));
    }

    #[test]
    fn every_page_has_one_entry() {
        let mut ids: Vec<PageId> = PAGES.iter().map(|e| e.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), PAGES.len());
        assert_eq!(first_page(entry(PageId::Classification)), "by-tier.html");
    }
}

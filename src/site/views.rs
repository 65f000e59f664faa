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
    /// The site's menu as the templates see it (`layout.nav`), made once
    /// per folder and active page (`SiteIndex::nav`) and set beside the
    /// rest when the page is rendered.
    #[serde(skip)]
    pub nav: tera::Value,
    /// The menu written out by `nav.html` (`layout.nav_html`): the same
    /// for every page of a folder with the same active page, so written
    /// the first time one of them is rendered, with only `layout.nav` and
    /// `layout.root` to see.
    #[serde(skip)]
    pub nav_html: std::sync::Arc<std::sync::OnceLock<tera::Value>>,
    pub as_of: String,
    /// Whether the site is a client book (else a knowledge site: no page
    /// of the book, search over notes).
    pub crm: bool,
    pub problems: ProblemCounts,
}

#[derive(Serialize)]
pub struct Prop {
    pub label: String,
    pub value: String,
    pub href: Option<String>,
    /// A property of the note's own, in pieces (its links as links); the
    /// fields dossier reads have `value` and `href` instead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PropPiece>,
}

impl PropPiece {
    pub fn text(text: &str) -> PropPiece {
        PropPiece {
            text: text.to_owned(),
            href: None,
            class: None,
            title: None,
        }
    }
}

/// A piece of a property's value: text, a link, or a link that leads
/// nowhere shown as text with the reason (`class`, `title`).
#[derive(Serialize)]
pub struct PropPiece {
    pub text: String,
    pub href: Option<String>,
    pub class: Option<&'static str>,
    pub title: Option<String>,
}

#[derive(Serialize)]
pub struct NoteLink {
    pub title: String,
    pub path: String,
    pub href: String,
    pub kind: String,
}

/// A client named and linked from the page it appears on.
#[derive(Serialize, Clone)]
pub struct ClientRef {
    pub code: String,
    pub name: String,
    pub href: Option<String>,
}

/// A chart, drawn as inline SVG.
pub type Svg = String;

#[derive(Serialize)]
pub struct ClientRow {
    pub client: ClientRef,
    pub tier: String,
    pub tier_key: String,
    pub value_tier: String,
    pub value_tier_key: String,
    pub status: String,
    pub owner: String,
    pub industry: String,
    pub region: String,
    pub contract_value: String,
    pub health: String,
    pub grade_key: String,
    pub risk: String,
    pub risk_key: String,
    /// Days past the follow-up cadence; empty when on time or unknown.
    pub overdue_days: String,
}

#[derive(Serialize)]
pub struct NoteGroup {
    pub label: String,
    pub notes: Vec<NoteLink>,
}

#[derive(Serialize)]
pub struct ClientsPage {
    /// Clients in the whole directory, and the number of this page's first.
    pub total: usize,
    pub first: usize,
    pub clients: Vec<ClientRow>,
    /// Links to the directory's pages when it takes more than one.
    pub pager: Vec<Tab>,
    /// The most overdue follow-ups (first page only), and how many there are.
    pub overdue: Vec<FollowUpRow>,
    pub overdue_total: usize,
    pub csv_href: String,
}

#[derive(Serialize)]
pub struct NotesPage {
    pub groups: Vec<NoteGroup>,
    /// Links to the list's pages when it takes more than one.
    pub pager: Vec<Tab>,
}

/// One person in the contacts directory.
#[derive(Serialize)]
pub struct DirectoryRow {
    pub contact: ContactRow,
    pub organisation: String,
    pub organisation_href: Option<String>,
}

#[derive(Serialize)]
pub struct ContactsPage {
    pub total: usize,
    pub first: usize,
    pub contacts: Vec<DirectoryRow>,
    pub pager: Vec<Tab>,
    pub show_email: bool,
    pub show_phone: bool,
}

#[derive(Serialize)]
pub struct ContactRow {
    pub name: String,
    /// The person's own note, for person notes.
    pub href: Option<String>,
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
    /// As written: `4`, `4.5`.
    pub score: String,
    /// Its whole part, for styling (`score-4`).
    pub score_class: u8,
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
    pub weighted_amount: String,
    pub expected_close: String,
    pub owner: String,
    /// Open, won or lost by its stage; `None`: its stage does not read.
    #[serde(skip)]
    pub outcome: Option<crate::config::Outcome>,
}

/// A project of a client, on the client's page.
#[derive(Serialize)]
pub struct ProjectRow {
    pub code: String,
    pub name: String,
    pub href: Option<String>,
    pub status: String,
    pub amount: String,
    pub owner: String,
}

/// The headings of a client page's own sections. A heading the note's
/// text also has is told apart, so that no two headings of the page read
/// the same.
#[derive(Serialize)]
pub struct ClientSections {
    pub status: String,
    pub open_deals: String,
    pub projects: String,
    pub profile: String,
    pub contacts: String,
    pub health: String,
    pub closed_deals: String,
    pub timeline: String,
    pub note: String,
    pub backlinks: String,
}

/// One thing that happened with a client, on its page's timeline.
#[derive(Serialize)]
pub struct TimelineRow {
    pub date: String,
    /// What kind of event: an interaction's channel, a project's start or
    /// end.
    pub what: String,
    pub title: String,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct ClientPage {
    pub code: String,
    pub name: String,
    /// Where to open the note for editing (`[site]`).
    pub edit: Vec<EditLink>,
    /// The anchor of the note's own opening title, shown as the page title.
    pub title_id: Option<String>,
    pub tags: Vec<TagLink>,
    pub props: Vec<Prop>,
    pub contacts: Vec<ContactRow>,
    pub show_email: bool,
    pub show_phone: bool,
    pub health: Vec<HealthRow>,
    pub open_deals: Vec<OpportunityRow>,
    pub closed_deals: Vec<OpportunityRow>,
    /// Deals whose stage could not be read: in no figure, shown with the
    /// page's problems.
    pub uncounted_deals: Vec<OpportunityRow>,
    /// The problems of the client's note.
    pub problems: Vec<ProblemRow>,
    pub projects: Vec<ProjectRow>,
    /// Newest first.
    pub timeline: Vec<TimelineRow>,
    /// The client's figures; absent when the client is not in the book.
    pub book: Option<ClientBook>,
    pub sections: ClientSections,
    pub body: String,
    pub backlinks: Vec<NoteLink>,
}

/// What a deal's page says beyond its fields.
#[derive(Serialize)]
pub struct DealSections {
    pub next_step: Option<NextStep>,
    /// "Rotting: 30 days in Proposal, the limit is 20", when it rots.
    pub rotting: Option<String>,
    pub stages: Vec<StageRow>,
    /// The expected close dates it went through, oldest first
    /// (`2025-09-30 → 2025-10-31 → 2025-12-15`); empty without a change.
    pub close_path: String,
    pub close_changes: Vec<CloseRow>,
    /// "slipped twice", when it slipped.
    pub slipped: String,
    /// Why there is no stage path: the history's state in words.
    pub history_note: Option<String>,
    pub interactions: Vec<InteractionRow>,
}

#[derive(Serialize)]
pub struct NextStep {
    pub text: String,
    pub date: String,
    /// "6 days overdue", when it is.
    pub overdue: Option<String>,
}

#[derive(Serialize)]
pub struct StageRow {
    pub stage: String,
    pub stage_key: String,
    pub entered: String,
    pub left: String,
    pub days: i64,
    pub author: String,
}

#[derive(Serialize)]
pub struct CloseRow {
    pub date: String,
    pub from: String,
    pub to: String,
    pub later: bool,
    pub author: String,
}

#[derive(Serialize)]
pub struct InteractionRow {
    pub date: String,
    pub title: String,
    pub href: Option<String>,
    pub channel: String,
}

#[derive(Serialize)]
pub struct NotePage {
    /// Where to open the note for editing (`[site]`).
    pub edit: Vec<EditLink>,
    pub kind: String,
    pub code: String,
    pub title: String,
    /// The anchor of the note's own opening title, shown as the page title.
    pub title_id: Option<String>,
    pub tags: Vec<TagLink>,
    pub props: Vec<Prop>,
    pub contacts: Vec<ContactRow>,
    pub body: String,
    pub backlinks: Vec<NoteLink>,
    /// The problems of the note.
    pub problems: Vec<ProblemRow>,
    /// For a deal's note: its next step, stage path, close dates and
    /// interactions.
    pub deal: Option<DealSections>,
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
    /// Links to the listing's pages when it takes more than one.
    pub pager: Vec<Tab>,
}

/// A tag as a note's page shows it: linked to the tag's page.
#[derive(Serialize, Clone)]
pub struct TagLink {
    pub name: String,
    pub href: Option<String>,
}

/// The page of one tag: its notes.
#[derive(Serialize)]
pub struct TagPage {
    pub name: String,
    pub count: usize,
    pub notes: Vec<NoteLink>,
    pub pager: Vec<Tab>,
}

/// One line of the tag index.
#[derive(Serialize)]
pub struct TagEntry {
    pub name: String,
    pub href: String,
    pub count: usize,
    /// How many `/` deep the tag is nested.
    pub depth: usize,
}

#[derive(Serialize)]
pub struct TagsPage {
    pub tags: Vec<TagEntry>,
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
    /// Where to open the file for editing (`[site]`).
    pub edit: Vec<EditLink>,
}

/// A link that opens a note for editing: in Obsidian, or in the Git
/// host's editor.
#[derive(Serialize, Clone)]
pub struct EditLink {
    pub label: String,
    pub href: String,
}

/// Problems about one client (its note and the notes of its deals,
/// projects, people and interactions), or of one other file.
#[derive(Serialize)]
pub struct ProblemGroup {
    pub client: Option<ClientRef>,
    pub owner: String,
    pub owner_href: Option<String>,
    /// The file, for a group of a note of no client.
    pub file: String,
    pub file_href: Option<String>,
    pub rows: Vec<ProblemRow>,
}

#[derive(Serialize)]
pub struct ProblemsPage {
    /// Problems in the whole list, the number of this page's first, and
    /// how many this page shows.
    pub total: usize,
    pub first: usize,
    pub shown: usize,
    /// Problems of the files (errors among them and warnings), and the
    /// to-dos of the book (overdue follow-ups and closes, tiers, missing
    /// head counts), each part with a link to where it starts.
    pub data_total: usize,
    pub data_errors: usize,
    pub data_warnings: usize,
    pub todos_total: usize,
    /// This page's problems of the files, by client (and owner), then by
    /// file.
    pub groups: Vec<ProblemGroup>,
    /// Links to the list's pages when it takes more than one.
    pub pager: Vec<Tab>,
}

/// A headline figure of the dashboard.
#[derive(Serialize)]
pub struct Headline {
    pub label: String,
    pub value: String,
    pub note: String,
    pub href: String,
    /// `good`, `warn` or `bad` colours the figure; empty leaves it plain.
    pub tone: &'static str,
}

#[derive(Serialize)]
pub struct FollowUpRow {
    pub client: ClientRef,
    pub tier: String,
    pub owner: String,
    pub last_contact: String,
    pub cadence_days: u32,
    pub overdue_days: i64,
}

#[derive(Serialize)]
pub struct StaleRow {
    pub code: String,
    pub name: String,
    pub href: Option<String>,
    pub client: Option<ClientRef>,
    pub stage: String,
    pub stage_key: String,
    pub owner: String,
    pub amount: String,
    pub last_follow_up: String,
    /// The days it is counted by (in its stage for a stage with
    /// `rot_days`, else since its last follow-up), or the word for
    /// "never".
    pub days: String,
    /// The limit it passed, in days.
    pub limit: String,
}

/// A deal with what to do about it.
#[derive(Serialize)]
pub struct DealTodo {
    pub code: String,
    pub name: String,
    pub href: Option<String>,
    pub client: Option<ClientRef>,
    pub stage: String,
    pub stage_key: String,
    pub owner: String,
    pub amount: String,
    pub expected_close: String,
    pub next_step: String,
    pub next_step_date: String,
    /// Why it is listed: no next step, or how many days it is overdue.
    pub why: String,
    pub overdue: bool,
}

/// What the team has to do today: the front page's first section.
#[derive(Serialize)]
pub struct Today {
    pub figures: Vec<Headline>,
    /// Next steps overdue or due within a week, and open deals without
    /// one, most urgent first.
    pub next_steps: Vec<DealTodo>,
    pub next_steps_total: usize,
    /// Deals whose expected close date moved later twice or more
    /// (`[history] slipping_after`).
    pub slipping: Vec<DealTodo>,
    pub owners: Vec<OwnerToday>,
}

/// One owner's share of today's work, linked to their page.
#[derive(Serialize)]
pub struct OwnerToday {
    pub name: String,
    pub href: Option<String>,
    pub overdue_follow_ups: usize,
    pub next_steps: usize,
    pub rotting: usize,
    pub open_amount: String,
}

#[derive(Serialize)]
pub struct DashboardPage {
    pub today: Today,
    pub headlines: Vec<Headline>,
    pub funnel_chart: Svg,
    /// The open pipeline over the last 26 weeks; empty without a history.
    pub trend_chart: Svg,
    pub risk_chart: Svg,
    pub health_chart: Svg,
    pub overdue: Vec<FollowUpRow>,
    pub overdue_total: usize,
    pub stale: Vec<StaleRow>,
    pub stale_total: usize,
}

#[derive(Serialize)]
pub struct FunnelRow {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub amount: String,
    pub weighted_amount: String,
    pub reached: usize,
    pub conversion: String,
}

#[derive(Serialize)]
pub struct DealCard {
    pub code: String,
    pub name: String,
    pub href: Option<String>,
    pub client: Option<ClientRef>,
    pub amount: String,
    pub weighted_amount: String,
    pub probability: String,
    pub expected_close: String,
    pub owner: String,
    /// Its own owner, else its client's: whose book it is in.
    pub owner_key: String,
    pub close_overdue: bool,
    pub stale: bool,
}

#[derive(Serialize)]
pub struct StageColumn {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub amount: String,
    pub weighted_amount: String,
    pub cards: Vec<DealCard>,
    /// Deals of the stage not shown as cards.
    pub more: usize,
}

#[derive(Serialize)]
pub struct ForecastRow {
    pub month: String,
    pub count: usize,
    pub amount: String,
    pub weighted_amount: String,
}

#[derive(Serialize)]
pub struct OwnerRow {
    pub owner: String,
    /// The owner's page.
    pub href: Option<String>,
    pub open_count: usize,
    pub open_amount: String,
    pub weighted_amount: String,
    pub won_count: usize,
    pub won_amount: String,
    pub lost_count: usize,
}

/// The open pipeline at one week's end.
#[derive(Serialize)]
pub struct TrendRow {
    pub week_end: String,
    pub open_count: usize,
    pub open_amount: String,
    pub weighted_amount: String,
}

#[derive(Serialize)]
pub struct PipelinePage {
    pub funnel_chart: Svg,
    pub funnel: Vec<FunnelRow>,
    pub open_count: usize,
    pub open_amount: String,
    pub weighted_amount: String,
    pub won_count: usize,
    pub won_amount: String,
    pub lost_count: usize,
    pub win_rate: String,
    pub columns: Vec<StageColumn>,
    pub forecast_chart: Svg,
    pub forecast: Vec<ForecastRow>,
    /// The open pipeline over the last 26 weeks; empty without a history.
    pub trend_chart: Svg,
    pub trend: Vec<TrendRow>,
    /// Open deals left out of the forecast for want of a close date.
    pub undated: usize,
    pub stale: Vec<StaleRow>,
    pub stale_total: usize,
    pub owners: Vec<OwnerRow>,
    pub amount_at_risk: String,
    pub rotting_count: usize,
    /// Slipping deals, forecast accuracy and stage conversion.
    pub past: super::pages::PastSection,
}

#[derive(Serialize)]
pub struct Tab {
    pub label: String,
    pub href: String,
    pub active: bool,
}

#[derive(Serialize)]
pub struct ClassValue {
    pub label: String,
    pub count: usize,
    pub contract_value: String,
    pub share: String,
    pub clients: Vec<ClientRef>,
    /// Clients with this value not listed.
    pub more: usize,
}

#[derive(Serialize)]
pub struct ClassificationPage {
    pub dimension: String,
    pub tabs: Vec<Tab>,
    pub chart: Svg,
    pub values: Vec<ClassValue>,
}

#[derive(Serialize)]
pub struct HealthTableRow {
    pub client: ClientRef,
    pub score: String,
    pub grade: String,
    pub grade_key: String,
    /// One per configured dimension, empty where not scored.
    pub scores: Vec<String>,
}

#[derive(Serialize)]
pub struct RfmRow {
    pub client: ClientRef,
    pub recency_days: String,
    pub frequency: usize,
    pub monetary: String,
}

#[derive(Serialize)]
pub struct RfmSegment {
    pub key: &'static str,
    pub name: String,
    /// `R↑ F↓ M↑`.
    pub letters: String,
    pub count: usize,
    pub rows: Vec<RfmRow>,
    pub more: usize,
}

/// The changes page: what moved in the last 7 days and the quarter to
/// date, read from Git.
#[derive(Serialize)]
pub struct ChangesPage {
    /// Why there is no history, in words; empty when it was read.
    pub unavailable: String,
    pub commits: usize,
    pub first_commit: String,
    pub last_commit: String,
    /// The weekly digest (`dossier digest`): its period and sections.
    pub digest_since: String,
    pub digest: Vec<DigestSection>,
    pub periods: Vec<ChangesPeriod>,
}

#[derive(Serialize)]
pub struct DigestSection {
    pub title: String,
    pub lines: Vec<crate::report::digest::Line>,
}

#[derive(Serialize)]
pub struct ChangesPeriod {
    pub key: &'static str,
    pub title: String,
    pub since: String,
    pub until: String,
    /// How many changes, of every kind.
    pub total: usize,
    /// Only the kinds of change that happened.
    pub groups: Vec<ChangeGroup>,
}

/// One kind of change (new clients, stage moves...) and its rows.
#[derive(Serialize)]
pub struct ChangeGroup {
    pub key: &'static str,
    pub title: String,
    pub count: usize,
    /// Whether the rows say from what to what.
    pub moves: bool,
    /// Whether a row names who moved it.
    pub by: bool,
    pub rows: Vec<ChangeRow>,
    pub more: usize,
}

/// A client or a deal that changed; a deal names its client.
#[derive(Serialize)]
pub struct ChangeRow {
    pub code: String,
    pub name: String,
    pub href: Option<String>,
    pub client: Option<ClientRef>,
    pub from: String,
    pub to: String,
    /// Who moved the deal (`Changes::authors`), else empty.
    pub author: String,
}

#[derive(Serialize)]
pub struct RfmPage {
    pub window_days: u32,
    pub mean_recency_days: String,
    pub mean_frequency: String,
    pub mean_monetary: String,
    pub segments: Vec<RfmSegment>,
}

#[derive(Serialize)]
pub struct HealthPage {
    pub chart: Svg,
    pub dimensions: Vec<String>,
    pub rows: Vec<HealthTableRow>,
    pub more: usize,
    /// The warnings about the figures behind health and tiers (a declared
    /// tier far from the value tier, no head count), by client.
    pub warnings: Vec<ProblemGroup>,
    pub warnings_total: usize,
}

/// The book's to-dos of the as-of date.
#[derive(Serialize)]
pub struct FollowUpsPage {
    pub overdue: Vec<FollowUpRow>,
    pub overdue_total: usize,
    pub next_steps: Vec<DealTodo>,
    pub next_steps_total: usize,
    /// Open deals past their expected close date.
    pub close_overdue: Vec<DealTodo>,
    /// The warnings behind them, by client.
    pub warnings: Vec<ProblemGroup>,
    pub warnings_total: usize,
}

#[derive(Serialize)]
pub struct PlanRow {
    pub priority: &'static str,
    pub client: ClientRef,
    pub owner: String,
    pub annual_revenue: String,
    pub reasons: Vec<String>,
    pub actions: Vec<String>,
}

#[derive(Serialize)]
pub struct RiskRow {
    pub client: ClientRef,
    pub level: String,
    pub level_key: &'static str,
    pub contacts: usize,
    pub density: String,
    pub decision_share: String,
    pub missing: String,
    pub reasons: Vec<String>,
}

#[derive(Serialize)]
pub struct RiskPage {
    pub chart: Svg,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub plan: Vec<PlanRow>,
    pub plan_more: usize,
    pub rows: Vec<RiskRow>,
    pub rows_more: usize,
    pub csv_href: String,
}

/// A client's figures on its own page.
#[derive(Serialize)]
pub struct ClientBook {
    pub health_score: String,
    pub health_grade: String,
    pub grade_key: String,
    pub health_chart: Svg,
    pub risk: String,
    pub risk_key: &'static str,
    pub risk_reasons: Vec<String>,
    pub risk_actions: Vec<String>,
    pub density: String,
    pub decision_share: String,
    pub value_tier: String,
    pub declared_tier: String,
    pub tier_mismatch: bool,
    pub last_contact: String,
    pub cadence_days: u32,
    pub follow_up_due: String,
    pub overdue_days: i64,
    /// `written` or `interaction`: where the last contact comes from.
    pub last_contact_source: String,
    pub segment: String,
    pub segment_key: &'static str,
    /// `r_high`, `f_high`, `m_high` as the three letters of the segment.
    pub rfm_letters: String,
}

pub use crate::render::money;

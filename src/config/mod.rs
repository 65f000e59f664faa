//! `dossier.toml`: every key optional, every default written down here.
//!
//! The config is read once per run; a config that cannot be read or parsed
//! stops the command (exit 2) with a message naming the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use crate::diagnostics::Level;
use crate::gate;

mod kind;
mod validate;
pub mod values;
pub use kind::Kind;

/// The file name looked for at the vault root when `--config` is not given.
pub const CONFIG_FILE: &str = "dossier.toml";

pub use crate::diagnostics::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Open,
    Won,
    Lost,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub key: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub probability: u8,
    #[serde(default = "open")]
    pub outcome: Outcome,
    /// Days a deal may stay in this stage before it rots (Pipedrive's
    /// rotting): in its place of `stale_after_days` for deals in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rot_days: Option<u32>,
}

fn open() -> Outcome {
    Outcome::Open
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub key: String,
    #[serde(default)]
    pub label: String,
    pub cadence_days: u32,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct HealthDimension {
    pub key: String,
    #[serde(default)]
    pub label: String,
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Grades {
    pub excellent: f64,
    pub good: f64,
    pub fair: f64,
}

impl Default for Grades {
    fn default() -> Self {
        Grades {
            excellent: 4.5,
            good: 3.5,
            fair: 2.5,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Health {
    pub dimensions: Vec<HealthDimension>,
    pub grades: Grades,
    /// Traffic-light words and emoji, and the score each stands for. A
    /// table in the config overrides the lights it names; the others keep
    /// their defaults.
    #[serde(deserialize_with = "lights_over_defaults")]
    pub lights: BTreeMap<String, f64>,
}

impl Default for Health {
    fn default() -> Self {
        let dims = [
            ("relationship", "关系", "Relationship"),
            ("decision_reach", "决策触达", "Decision reach"),
            ("payment", "回款", "Payment"),
            ("willingness", "合作意愿", "Willingness"),
        ];
        Health {
            dimensions: dims
                .iter()
                .map(|(key, _, _)| HealthDimension {
                    key: (*key).into(),
                    label: String::new(),
                    weight: 1.0,
                })
                .collect(),
            grades: Grades::default(),
            lights: default_lights(),
        }
    }
}

fn default_lights() -> BTreeMap<String, f64> {
    [
        ("green", 5.0),
        ("yellow", 3.0),
        ("red", 1.0),
        ("🟢", 5.0),
        ("🟡", 3.0),
        ("🔴", 1.0),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn lights_over_defaults<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, f64>, D::Error> {
    let given = BTreeMap::<String, f64>::deserialize(d)?;
    let mut lights = default_lights();
    lights.extend(given.into_iter().map(|(k, v)| (k.to_lowercase(), v)));
    Ok(lights)
}

/// `value` as the decimal it was written as: the shortest decimal that
/// reads back as the same `f64` (`0.3`, not 0.2999…); `None` for NaN and
/// infinities.
pub fn exact(value: f64) -> Option<rust_decimal::Decimal> {
    if !value.is_finite() {
        return None;
    }
    // Whole amounts, most of them, convert as they are (zero aside: its
    // sign is read from its text).
    if value != 0.0 && value.fract() == 0.0 && value.abs() < 1e15 {
        return Some(rust_decimal::Decimal::from(value as i64));
    }
    use std::str::FromStr;
    rust_decimal::Decimal::from_str(&format!("{value}")).ok()
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContactRisk {
    pub min_density_permille: f64,
    pub min_decision_share: f64,
    pub departments: Vec<String>,
    pub decision_levels: Vec<String>,
    /// Shares of the action plan, ranked by annual revenue, that are P0 and
    /// P0 + P1.
    pub p0_share: f64,
    pub p1_share: f64,
}

impl Default for ContactRisk {
    fn default() -> Self {
        ContactRisk {
            min_density_permille: 5.0,
            min_decision_share: 0.15,
            departments: strings(&["sales", "finance", "operations", "it", "hr"]),
            decision_levels: strings(&["c_level", "vp"]),
            p0_share: 0.1,
            p1_share: 0.3,
        }
    }
}

/// Cumulative shares of clients, ranked by contract value, that make up each
/// value tier.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ValueTiers {
    pub strategic: f64,
    pub core: f64,
    pub potential: f64,
}

impl Default for ValueTiers {
    fn default() -> Self {
        ValueTiers {
            strategic: 0.05,
            core: 0.15,
            potential: 0.30,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Enums {
    pub scale: Vec<String>,
    pub status: Vec<String>,
    pub source: Vec<String>,
    pub department: Vec<String>,
    pub level: Vec<String>,
    pub role: Vec<String>,
    pub project_status: Vec<String>,
    /// How an interaction took place.
    pub channel: Vec<String>,
}

impl Default for Enums {
    fn default() -> Self {
        Enums {
            scale: strings(&["large", "medium", "small"]),
            status: strings(&["prospect", "negotiating", "active", "dormant", "churned"]),
            source: strings(&[
                "referral",
                "exhibition",
                "partner",
                "inbound",
                "outbound",
                "event",
                "other",
            ]),
            department: strings(&[
                "sales",
                "finance",
                "operations",
                "it",
                "hr",
                "management",
                "production",
                "procurement",
                "other",
            ]),
            level: strings(&["c_level", "vp", "director", "manager", "staff"]),
            role: strings(&[
                "decision_maker",
                "influencer",
                "champion",
                "user",
                "gatekeeper",
            ]),
            project_status: strings(&["planned", "active", "paused", "delivered", "cancelled"]),
            channel: strings(&["meeting", "call", "visit", "email", "other"]),
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Required {
    pub client: Vec<String>,
    pub opportunity: Vec<String>,
    pub project: Vec<String>,
    pub partner: Vec<String>,
    pub contact: Vec<String>,
    pub interaction: Vec<String>,
}

impl Default for Required {
    fn default() -> Self {
        // `code` is optional (a client without one is known by its note)
        // and `name` defaults to the note's title.
        Required {
            client: strings(&["owner"]),
            opportunity: strings(&["stage"]),
            project: strings(&["client"]),
            partner: Vec::new(),
            contact: Vec::new(),
            // An interaction is about when it happened.
            interaction: strings(&["date"]),
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CodePatterns {
    pub client: String,
    pub opportunity: String,
    pub project: String,
}

impl Default for CodePatterns {
    fn default() -> Self {
        CodePatterns {
            client: r"^C\d{3,}$".into(),
            opportunity: String::new(),
            project: String::new(),
        }
    }
}

/// The whole of `dossier.toml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    /// Whether the config gives `title` (the default suits a client book;
    /// a knowledge site is titled otherwise).
    #[serde(skip)]
    pub title_given: bool,
    pub language: Language,
    pub output_dir: String,
    pub ignore: Vec<String>,
    pub stages: Vec<Stage>,
    pub tiers: Vec<Tier>,
    pub stale_after_days: u32,
    pub enums: Enums,
    pub health: Health,
    pub contact_risk: ContactRisk,
    pub value_tiers: ValueTiers,
    pub required: Required,
    pub codes: CodePatterns,
    /// Other spellings of field names: `客户编号 = "code"`, and per kind
    /// (`[aliases.opportunity] value = "amount"`).
    pub aliases: Aliases,
    /// A note's `type:` value (or `#tag`) → the kind it is:
    /// `company = "client"`, `"#deal" = "opportunity"`. Read before the
    /// kind names themselves.
    pub types: BTreeMap<String, String>,
    /// How probabilities are written: `percent` (0-100) or `fraction` (0-1).
    pub probability_scale: ProbabilityScale,
    /// Soft line breaks as written (`true`), or as `<br>` like Obsidian's
    /// default (`false`). Unset: Obsidian's own setting in
    /// `.obsidian/app.json`, else `false`.
    pub strict_line_breaks: Option<bool>,
    /// The kind of note a folder holds when a note does not say `type:`.
    pub folders: BTreeMap<String, String>,
    /// Which of a contact's `phone` and `email` appear in the site.
    pub publish_contact_fields: Vec<String>,
    /// Labels for enum values shown in the site (`c_level = "高管"`); a
    /// note may write a value by its label too.
    pub labels: BTreeMap<String, String>,
    /// Spellings of an enumerated field's values, by field: `[enum_values.
    /// status] "false" = "churned"` reads a boolean property as a status.
    pub enum_values: BTreeMap<String, BTreeMap<String, String>>,
    /// Files larger than this are reported and not read.
    pub max_file_bytes: u64,
    /// Raise or lower a diagnostic: `"E-link-broken" = "warning"`.
    pub severity: BTreeMap<String, Level>,
    /// The kinds of file (by extension) that are copied into the site when a
    /// published note links to them; anything else could run script in the
    /// site's origin and is not copied.
    pub attachments: Vec<String>,
    /// The currency amounts are in, shown with them in the site: a symbol
    /// (`¥`, `$`) before the figure, or a code or word (`CNY`, `元`) after
    /// it. Empty: figures alone.
    pub currency: String,
    /// The site's CSV downloads with headers and values in the site's
    /// language (`客户编号`, `战略客户`) instead of keys.
    pub csv_labels: bool,
    /// An interaction without `date:` takes the date its file name starts
    /// with (`2025-11-03 东义集团技术交流.md`).
    pub dates_from_file_names: bool,
    /// Recency, frequency and monetary value of each client.
    pub rfm: Rfm,
    /// Whether the pipeline's past is read from Git.
    pub history: History,
    /// Where a note can be opened for editing (`[site]`).
    pub site: SiteLinks,
}

/// Where the site sends a reader to edit a note: the only absolute links
/// it writes.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteLinks {
    /// The name Obsidian knows the vault by: each note and problem gets
    /// an `obsidian://open?vault=…&file=…` link.
    pub obsidian_vault: Option<String>,
    /// The Git host's editor, `{path}` standing for the vault-relative
    /// path: `https://github.com/acme/book/edit/main/{path}` (mdBook's
    /// `edit-url-template`).
    pub edit_url: Option<String>,
}

/// Reading the vault's Git history: on by default; a vault kept in a
/// repository whose commits are not its book's (a project's example, a
/// monorepo's fixtures) turns it off.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct History {
    pub enabled: bool,
    /// Whether the commit author's name stands beside each stage move and
    /// close-date change (never the e-mail).
    pub authors: bool,
    /// How many times an open deal's expected close date may move later
    /// before it is listed as slipping.
    pub slipping_after: u32,
}

impl Default for History {
    fn default() -> Self {
        History {
            enabled: true,
            authors: true,
            slipping_after: 2,
        }
    }
}

/// How RFM is worked out: interactions count when dated in the last
/// `window_days` up to the as-of date.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rfm {
    pub window_days: u32,
}

impl Default for Rfm {
    fn default() -> Self {
        Rfm { window_days: 365 }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            title_given: false,
            language: Language::En,
            output_dir: "public".into(),
            ignore: Vec::new(),
            stages: Vec::new(),
            tiers: Vec::new(),
            stale_after_days: 30,
            enums: Enums::default(),
            health: Health::default(),
            contact_risk: ContactRisk::default(),
            value_tiers: ValueTiers::default(),
            required: Required::default(),
            codes: CodePatterns::default(),
            aliases: Aliases::default(),
            types: BTreeMap::new(),
            probability_scale: ProbabilityScale::Percent,
            strict_line_breaks: None,
            folders: BTreeMap::new(),
            publish_contact_fields: Vec::new(),
            labels: BTreeMap::new(),
            enum_values: BTreeMap::new(),
            max_file_bytes: 8 * 1024 * 1024,
            severity: BTreeMap::new(),
            attachments: strings(PASSIVE_ATTACHMENTS),
            currency: String::new(),
            csv_labels: false,
            dates_from_file_names: true,
            rfm: Rfm::default(),
            history: History::default(),
            site: SiteLinks::default(),
        }
    }
}

/// How a vault writes probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProbabilityScale {
    /// `probability: 60` is 60 %.
    Percent,
    /// `probability: 0.6` is 60 %.
    Fraction,
}

/// Other spellings of field names: for every kind, and for one kind.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Aliases {
    /// Written name → field, for every kind.
    #[serde(flatten)]
    pub global: BTreeMap<String, String>,
    /// Kind → written name → field, read before the global ones.
    #[serde(flatten)]
    pub kinds: BTreeMap<String, BTreeMap<String, String>>,
}

impl<'de> Deserialize<'de> for Aliases {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<String, toml::Value>::deserialize(d)?;
        let mut out = Aliases::default();
        for (key, entry) in entries {
            match entry {
                toml::Value::String(field) => {
                    out.global.insert(key, field);
                }
                toml::Value::Table(table) => {
                    if Kind::from_name(&key).is_none() {
                        return Err(serde::de::Error::custom(format!(
                            "[aliases.{key}]: `{key}` is not a kind (one of: {})",
                            Kind::NAMES.join(", ")
                        )));
                    }
                    let mut fields = BTreeMap::new();
                    for (written, field) in table {
                        let toml::Value::String(field) = field else {
                            return Err(serde::de::Error::custom(format!(
                                "[aliases.{key}]: `{written}` should name a field (text)"
                            )));
                        };
                        fields.insert(written, field);
                    }
                    out.kinds.insert(key, fields);
                }
                other => {
                    return Err(serde::de::Error::custom(format!(
                        "aliases: `{key}` should name a field (`{key} = \"code\"`) or be a kind's table (`[aliases.opportunity]`), found {}",
                        other.type_str()
                    )));
                }
            }
        }
        Ok(out)
    }
}

impl Aliases {
    /// The field `key` means in a note of `kind` (per-kind aliases first).
    pub fn field<'a>(&'a self, kind: Option<Kind>, key: &'a str) -> &'a str {
        kind.and_then(|k| self.kinds.get(k.name()))
            .and_then(|table| table.get(key))
            .or_else(|| self.global.get(key))
            .map_or(key, String::as_str)
    }
}

/// Why a config could not be used.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `explicit`, or `VAULT/dossier.toml` when it exists, or the defaults.
    pub fn load(vault: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, read) = match explicit {
            // A file the user names may be anywhere.
            Some(p) => (
                p.to_path_buf(),
                gate::read_regular(p, gate::CONFIG_MAX_BYTES),
            ),
            None => {
                let p = vault.join(CONFIG_FILE);
                if std::fs::symlink_metadata(&p).is_err() {
                    let mut config = Config::default().finish();
                    config.read_obsidian(vault);
                    return Ok(config);
                }
                let root = vault.canonicalize().unwrap_or_else(|_| vault.to_path_buf());
                let read = gate::read_inside(&root, &p, gate::CONFIG_MAX_BYTES);
                (p, read)
            }
        };
        let message = |e: &dyn std::fmt::Display| format!("cannot read {}: {e}", path.display());
        let bytes = read.map_err(|e| ConfigError {
            path: path.clone(),
            message: message(&e),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| ConfigError {
            path: path.clone(),
            message: message(&e),
        })?;
        let mut config = Config::parse(&text).map_err(|message| ConfigError { path, message })?;
        config.read_obsidian(vault);
        Ok(config)
    }

    /// Takes what the config leaves unset from the vault's Obsidian
    /// settings (`.obsidian/app.json`): its line-break setting.
    fn read_obsidian(&mut self, vault: &Path) {
        if self.strict_line_breaks.is_none() {
            self.strict_line_breaks = crate::gate::read_setting(vault, "app.json")
                .and_then(|app| app.get("strictLineBreaks")?.as_bool());
        }
    }

    /// Whether soft line breaks stay as written.
    pub fn strict_line_breaks(&self) -> bool {
        self.strict_line_breaks.unwrap_or(false)
    }

    /// Parses config text and fills in the defaults that depend on other keys.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.finish().validate()
    }

    fn finish(mut self) -> Config {
        let zh = self.language == Language::Zh;
        self.title_given = !self.title.is_empty();
        if self.title.is_empty() {
            self.title = if zh { "客户档案" } else { "Client book" }.into();
        }
        if self.stages.is_empty() {
            self.stages = default_stages(zh);
        }
        if self.tiers.is_empty() {
            self.tiers = default_tiers(zh);
        }
        for stage in &mut self.stages {
            if stage.label.is_empty() {
                stage.label = stage.key.clone();
            }
        }
        for tier in &mut self.tiers {
            if tier.label.is_empty() {
                tier.label = tier.key.clone();
            }
        }
        self
    }

    pub fn stage(&self, key: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.key == key)
    }

    pub fn tier(&self, key: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.key == key)
    }

    pub fn publishes(&self, field: &str) -> bool {
        self.publish_contact_fields.iter().any(|f| f == field)
    }

    /// Whether the attachment at `path` may be copied into the site: its
    /// extension is one of `attachments`.
    pub fn publishes_attachment(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && self.attachments.iter().any(|a| a.eq_ignore_ascii_case(ext))
        })
    }

    /// The glob set of `ignore`, already known to compile.
    pub fn ignore_set(&self) -> globset::GlobSet {
        globset_for(&self.ignore).unwrap_or_else(|_| globset::GlobSet::empty())
    }
}

/// The attachments copied by default: passive types a browser shows or
/// downloads without running anything (images, audio, video, PDF, office
/// documents, plain text, CSV, archives, and Obsidian's own canvases and
/// bases, which are JSON and YAML text). SVG, HTML, XML and scripts are
/// not among them: opened from the site, they could run script there.
pub const PASSIVE_ATTACHMENTS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "heic", "mp3", "m4a",
    "wav", "ogg", "oga", "opus", "flac", "aac", "mp4", "m4v", "webm", "mov", "ogv", "pdf", "doc",
    "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv", "tsv", "zip",
    "7z", "gz", "tgz", "bz2", "xz", "rar", "tar", "canvas", "base",
];

fn globset_for(patterns: &[String]) -> Result<globset::GlobSet, String> {
    let mut builder = globset::GlobSetBuilder::new();
    for p in patterns {
        let glob = globset::Glob::new(p).map_err(|e| format!("ignore: {e}"))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| format!("ignore: {e}"))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn default_stages(zh: bool) -> Vec<Stage> {
    let rows = [
        ("contacted", "首次接触", "Contacted", 10, Outcome::Open),
        ("qualified", "需求确认", "Qualified", 25, Outcome::Open),
        ("proposal", "方案报价", "Proposal", 50, Outcome::Open),
        ("negotiation", "商务洽谈", "Negotiation", 75, Outcome::Open),
        ("won", "签约成交", "Won", 100, Outcome::Won),
        ("lost", "丢单", "Lost", 0, Outcome::Lost),
    ];
    rows.iter()
        .map(|(key, zh_label, en_label, p, outcome)| Stage {
            key: (*key).into(),
            label: if zh { *zh_label } else { *en_label }.into(),
            probability: *p,
            outcome: *outcome,
            rot_days: None,
        })
        .collect()
}

fn default_tiers(zh: bool) -> Vec<Tier> {
    let rows = [
        ("strategic", "战略客户", "Strategic", 7),
        ("core", "核心客户", "Core", 14),
        ("potential", "潜力客户", "Potential", 30),
        ("normal", "普通客户", "Normal", 30),
    ];
    rows.iter()
        .map(|(key, zh_label, en_label, days)| Tier {
            key: (*key).into(),
            label: if zh { *zh_label } else { *en_label }.into(),
            cadence_days: *days,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_has_brief_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.stages.len(), 6);
        assert_eq!(c.tier("strategic").unwrap().cadence_days, 7);
        assert_eq!(c.output_dir, "public");
        assert!(c.publish_contact_fields.is_empty());
    }

    #[test]
    fn chinese_language_gives_chinese_stage_labels() {
        let c = Config::parse("language = \"zh\"").unwrap();
        assert_eq!(c.stage("negotiation").unwrap().label, "商务洽谈");
    }

    #[test]
    fn exact_reads_whole_numbers_as_their_text_does() {
        use std::str::FromStr;
        for value in [
            1.0,
            -1.0,
            1_770_000.0,
            -42.0,
            999_999_999_999_999.0,
            1e14,
            0.0,
            -0.0,
        ] {
            let text = rust_decimal::Decimal::from_str(&format!("{value}")).ok();
            assert_eq!(exact(value), text, "{value}");
            assert_eq!(
                exact(value).map(|d| d.to_string()),
                text.map(|d| d.to_string()),
                "{value}"
            );
        }
    }

    #[test]
    fn severity_overrides_name_known_codes() {
        let c = Config::parse("[severity]\n\"E-link-broken\" = \"warning\"\n").unwrap();
        assert_eq!(c.severity["E-link-broken"], Level::Warning);
        let err = Config::parse("[severity]\n\"E-link-brokn\" = \"off\"\n").unwrap_err();
        assert!(err.contains("did you mean `E-link-broken`"), "{err}");
    }

    #[test]
    fn unknown_key_is_refused() {
        let err = Config::parse("titel = \"x\"").unwrap_err();
        assert!(err.contains("titel"), "{err}");
    }
}

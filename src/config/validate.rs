//! What a config may say: values the docs call errors stop the command
//! (exit 2) with a message naming the key, instead of surfacing later as a
//! panic, an overflow or a figure that means nothing.

use std::collections::BTreeSet;

use super::{Config, Kind, Outcome, globset_for};

/// The longest follow-up cadence or stale period accepted: a century.
pub const MAX_DAYS: u32 = 36_500;

impl Config {
    pub(super) fn validate(self) -> Result<Config, String> {
        unique("stages", self.stages.iter().map(|s| s.key.as_str()))?;
        unique("tiers", self.tiers.iter().map(|t| t.key.as_str()))?;
        unique(
            "health.dimensions",
            self.health.dimensions.iter().map(|d| d.key.as_str()),
        )?;
        if self
            .stages
            .iter()
            .filter(|s| s.outcome == Outcome::Won)
            .count()
            > 1
        {
            return Err("stages: more than one stage has outcome = \"won\"".into());
        }
        if let Some(s) = self.stages.iter().find(|s| s.probability > 100) {
            return Err(format!(
                "stages: stage `{}` has probability {} (0-100)",
                s.key, s.probability
            ));
        }
        if let Some(s) = self
            .stages
            .iter()
            .find(|s| s.rot_days.is_some_and(|d| d > MAX_DAYS))
        {
            return Err(format!(
                "stages: stage `{}` has rot_days = {} (at most {MAX_DAYS})",
                s.key,
                s.rot_days.unwrap_or_default()
            ));
        }
        if let Some(url) = &self.site.edit_url {
            let lower = url.trim().to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://"))
                || !url.contains("{path}")
                || url
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || c == '"')
            {
                return Err(format!(
                    "site.edit_url = \"{url}\" (an http:// or https:// address with {{path}} in it, e.g. \"https://github.com/acme/book/edit/main/{{path}}\")"
                ));
            }
        }
        if self
            .site
            .obsidian_vault
            .as_deref()
            .is_some_and(|v| v.trim().is_empty())
        {
            return Err("site.obsidian_vault is empty (the vault's name in Obsidian)".into());
        }
        if let Some(t) = self.tiers.iter().find(|t| t.cadence_days > MAX_DAYS) {
            return Err(format!(
                "tiers: tier `{}` has cadence_days = {} (at most {MAX_DAYS})",
                t.key, t.cadence_days
            ));
        }
        if self.stale_after_days > MAX_DAYS {
            return Err(format!(
                "stale_after_days = {} (at most {MAX_DAYS})",
                self.stale_after_days
            ));
        }
        if !(1..=MAX_DAYS).contains(&self.rfm.window_days) {
            return Err(format!(
                "rfm.window_days = {} (1 to {MAX_DAYS})",
                self.rfm.window_days
            ));
        }
        for d in &self.health.dimensions {
            if !(d.weight.is_finite() && d.weight > 0.0 && d.weight <= 1e6) {
                return Err(format!(
                    "health.dimensions: `{}` has weight {} (a number above 0)",
                    d.key, d.weight
                ));
            }
        }
        let grades = &self.health.grades;
        for (key, value) in [
            ("health.grades.excellent", grades.excellent),
            ("health.grades.good", grades.good),
            ("health.grades.fair", grades.fair),
        ] {
            in_range(key, value, 0.0, 5.0)?;
        }
        if !(grades.excellent >= grades.good && grades.good >= grades.fair) {
            return Err(
                "health.grades: excellent, good and fair must not increase in that order".into(),
            );
        }
        for (light, score) in &self.health.lights {
            in_range(&format!("health.lights.{light}"), *score, 1.0, 5.0)?;
        }
        let risk = &self.contact_risk;
        in_range(
            "contact_risk.min_density_permille",
            risk.min_density_permille,
            0.0,
            1000.0,
        )?;
        in_range(
            "contact_risk.min_decision_share",
            risk.min_decision_share,
            0.0,
            1.0,
        )?;
        in_range("contact_risk.p0_share", risk.p0_share, 0.0, 1.0)?;
        in_range("contact_risk.p1_share", risk.p1_share, 0.0, 1.0)?;
        if risk.p0_share > risk.p1_share {
            return Err("contact_risk: p0_share is above p1_share (they are cumulative)".into());
        }
        let tiers = &self.value_tiers;
        for (key, value) in [
            ("value_tiers.strategic", tiers.strategic),
            ("value_tiers.core", tiers.core),
            ("value_tiers.potential", tiers.potential),
        ] {
            in_range(key, value, 0.0, 1.0)?;
        }
        if !(tiers.strategic <= tiers.core && tiers.core <= tiers.potential) {
            return Err(
                "value_tiers: strategic, core and potential are cumulative shares and must not decrease in that order"
                    .into(),
            );
        }
        for (name, pattern) in [
            ("codes.client", &self.codes.client),
            ("codes.opportunity", &self.codes.opportunity),
            ("codes.project", &self.codes.project),
        ] {
            if let Err(e) = regex::Regex::new(pattern) {
                return Err(format!("{name}: invalid pattern: {e}"));
            }
        }
        for kind in self.folders.values() {
            if !Kind::NAMES.contains(&kind.as_str()) {
                return Err(format!(
                    "folders: unknown kind `{kind}` (one of {})",
                    Kind::NAMES.join(", ")
                ));
            }
        }
        for (written, kind) in &self.types {
            if !Kind::NAMES.contains(&kind.as_str()) {
                return Err(format!(
                    "types: `{written}` maps to unknown kind `{kind}` (one of {})",
                    Kind::NAMES.join(", ")
                ));
            }
            if written.trim_start_matches('#').trim().is_empty() {
                return Err("types: an empty type or tag".into());
            }
        }
        for field in &self.publish_contact_fields {
            if field != "phone" && field != "email" {
                return Err(format!(
                    "publish_contact_fields: `{field}` (only \"phone\" and \"email\")"
                ));
            }
        }
        for ext in &self.attachments {
            let dangerous = [
                "html", "htm", "xhtml", "xht", "xhtm", "shtml", "mht", "mhtml", "svg", "svgz",
                "xml", "xsl", "xslt", "js", "mjs", "es", "swf",
            ];
            if dangerous.iter().any(|d| d.eq_ignore_ascii_case(ext)) {
                return Err(format!(
                    "attachments: `{ext}` files can run script in the site; they are never copied"
                ));
            }
        }
        globset_for(&self.ignore)?;
        for (field, spellings) in &self.enum_values {
            let keys: Vec<&str> = match field.as_str() {
                "stage" | "lost_at" => self.stages.iter().map(|s| s.key.as_str()).collect(),
                "tier" => self.tiers.iter().map(|t| t.key.as_str()).collect(),
                "status" => self
                    .enums
                    .status
                    .iter()
                    .chain(&self.enums.project_status)
                    .map(String::as_str)
                    .collect(),
                "scale" => self.enums.scale.iter().map(String::as_str).collect(),
                "source" => self.enums.source.iter().map(String::as_str).collect(),
                "department" => self.enums.department.iter().map(String::as_str).collect(),
                "level" => self.enums.level.iter().map(String::as_str).collect(),
                "role" => self.enums.role.iter().map(String::as_str).collect(),
                "channel" => self.enums.channel.iter().map(String::as_str).collect(),
                other => {
                    return Err(format!(
                        "enum_values: `{other}` is not an enumerated field (stage, tier, status, scale, source, department, level, role, channel)"
                    ));
                }
            };
            for (written, key) in spellings {
                if !keys.is_empty() && !keys.contains(&key.as_str()) {
                    return Err(format!(
                        "enum_values.{field}: `{written}` maps to `{key}`, which is not one of: {}",
                        keys.join(", ")
                    ));
                }
            }
        }
        for code in self.severity.keys() {
            use crate::diagnostics::Code;
            if Code::from_id(code).is_none() {
                return Err(format!(
                    "severity: unknown diagnostic code `{code}`{}",
                    crate::diagnostics::suggest(code, Code::ALL.iter().map(|c| c.id()))
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default()
                ));
            }
        }
        Ok(self)
    }
}

/// Refuses a list of keys where one repeats.
fn unique<'a>(what: &str, keys: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for key in keys {
        if !seen.insert(key) {
            return Err(format!("{what}: `{key}` is given twice"));
        }
    }
    Ok(())
}

/// Refuses a number outside `min..=max`, NaN included.
fn in_range(key: &str, value: f64, min: f64, max: f64) -> Result<(), String> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(format!("{key} = {value} (a number from {min} to {max})"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;

    #[test]
    fn values_the_docs_call_errors_are_refused_naming_the_key() {
        for (text, key) in [
            (
                "[[stages]]\nkey = \"a\"\n[[stages]]\nkey = \"a\"\n",
                "stages: `a` is given twice",
            ),
            (
                "[[health.dimensions]]\nkey = \"x\"\nweight = 0\n",
                "health.dimensions",
            ),
            (
                "[[health.dimensions]]\nkey = \"x\"\nweight = -1\n",
                "health.dimensions",
            ),
            ("[value_tiers]\nstrategic = 1.5\n", "value_tiers.strategic"),
            (
                "[value_tiers]\nstrategic = 0.5\ncore = 0.2\n",
                "value_tiers",
            ),
            ("[health.grades]\ngood = nan\n", "health.grades.good"),
            ("[contact_risk]\nmin_decision_share = inf\n", "contact_risk"),
            (
                "[[tiers]]\nkey = \"t\"\ncadence_days = 4000000000\n",
                "cadence_days",
            ),
            ("stale_after_days = 99999999\n", "stale_after_days"),
            ("[health.lights]\ngreen = 9\n", "health.lights.green"),
            ("attachments = [\"svg\"]\n", "attachments"),
            ("[types]\ncompany = \"clients\"\n", "types: `company`"),
            ("[aliases.deal]\nvalue = \"amount\"\n", "[aliases.deal]"),
            ("probability_scale = \"ratio\"\n", "probability_scale"),
            (
                "[site]\nedit_url = \"https://git.example.com/edit\"\n",
                "site.edit_url",
            ),
            (
                "[site]\nedit_url = \"javascript:alert(1)//{path}\"\n",
                "site.edit_url",
            ),
            ("[site]\nobsidian_vault = \" \"\n", "site.obsidian_vault"),
            ("[[stages]]\nkey = \"a\"\nrot_days = 99999999\n", "rot_days"),
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(err.contains(key), "{text:?}: {err}");
        }
    }

    #[test]
    fn lights_take_decimals_and_a_partial_table_keeps_the_other_defaults() {
        let c = Config::parse("[health.lights]\ngreen = 4.5\n").unwrap();
        assert_eq!(c.health.lights["green"], 4.5);
        assert_eq!(c.health.lights["red"], 1.0);
        assert_eq!(c.health.lights["🟡"], 3.0);
    }
}

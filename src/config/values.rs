//! The values of enumerated fields as people write them: each built-in
//! value's label in every language dossier speaks, and how a written value
//! (a key, a label, a mapped spelling) is read as its key.

use super::Config;

/// `(label key, zh, en)`: the labels of the built-in values of enumerated
/// fields. A stage's label key is `stage:KEY`, a tier's `tier:KEY`, a
/// channel's `channel:KEY`; the others are the value itself.
pub const VALUE_LABELS: &[(&str, &str, &str)] = &[
    ("stage:contacted", "首次接触", "Contacted"),
    ("stage:qualified", "需求确认", "Qualified"),
    ("stage:proposal", "方案报价", "Proposal"),
    ("stage:negotiation", "商务洽谈", "Negotiation"),
    ("stage:won", "签约成交", "Won"),
    ("stage:lost", "丢单", "Lost"),
    ("large", "大型", "Large"),
    ("medium", "中型", "Medium"),
    ("small", "小型", "Small"),
    ("prospect", "潜在", "Prospect"),
    ("negotiating", "洽谈中", "Negotiating"),
    ("active", "合作中", "Active"),
    ("dormant", "休眠", "Dormant"),
    ("churned", "已流失", "Churned"),
    ("referral", "转介绍", "Referral"),
    ("exhibition", "展会", "Exhibition"),
    ("inbound", "主动咨询", "Inbound"),
    ("outbound", "主动开发", "Outbound"),
    ("event", "活动", "Event"),
    ("other", "其他", "Other"),
    ("sales", "销售", "Sales"),
    ("finance", "财务", "Finance"),
    ("operations", "运营", "Operations"),
    ("it", "信息技术", "IT"),
    ("hr", "人力资源", "HR"),
    ("management", "管理层", "Management"),
    ("production", "生产", "Production"),
    ("procurement", "采购", "Procurement"),
    ("c_level", "高管", "C-level"),
    ("vp", "副总", "VP"),
    ("director", "总监", "Director"),
    ("manager", "经理", "Manager"),
    ("staff", "员工", "Staff"),
    ("decision_maker", "决策者", "Decision maker"),
    ("influencer", "影响者", "Influencer"),
    ("champion", "支持者", "Champion"),
    ("user", "使用者", "User"),
    ("gatekeeper", "把关者", "Gatekeeper"),
    ("planned", "计划中", "Planned"),
    ("paused", "暂停", "Paused"),
    ("delivered", "已交付", "Delivered"),
    ("cancelled", "已取消", "Cancelled"),
    // The value tiers are these four whatever `[[tiers]]` declares.
    ("tier:strategic", "战略客户", "Strategic"),
    ("tier:core", "核心客户", "Core"),
    ("tier:potential", "潜力客户", "Potential"),
    ("tier:normal", "普通客户", "Normal"),
    ("channel:meeting", "会议", "Meeting"),
    ("channel:call", "电话", "Call"),
    ("channel:visit", "拜访", "Visit"),
    ("channel:email", "邮件", "Email"),
    ("channel:other", "其他", "Other"),
];

/// Health lights as written in Chinese, beside `green`, `yellow`, `red`
/// and their emoji.
pub const LIGHT_LABELS: &[(&str, &str)] = &[
    ("绿", "green"),
    ("绿灯", "green"),
    ("黄", "yellow"),
    ("黄灯", "yellow"),
    ("红", "red"),
    ("红灯", "red"),
];

/// The key a value's labels are found under.
pub fn label_key(field: &str, key: &str) -> String {
    match field {
        "stage" | "lost_at" => format!("stage:{key}"),
        "tier" => format!("tier:{key}"),
        "channel" => format!("channel:{key}"),
        _ => key.to_owned(),
    }
}

/// `text` and `other` are the same word: equal once trimmed, ASCII letters
/// compared without case.
fn same(text: &str, other: &str) -> bool {
    text.trim().eq_ignore_ascii_case(other.trim())
}

impl Config {
    /// The `label` a stage or tier of the config gives value `key`.
    fn own_label(&self, field: &str, key: &str) -> Option<&str> {
        match field {
            "stage" | "lost_at" => self.stage(key).map(|s| s.label.as_str()),
            "tier" => self.tier(key).map(|t| t.label.as_str()),
            _ => None,
        }
    }

    /// Every label of value `key` of `field`: the built-in ones in each
    /// language, the config's own (`label` of a stage or tier, `[labels]`).
    pub fn value_labels(&self, field: &str, key: &str) -> Vec<&str> {
        let label_key = label_key(field, key);
        let mut out: Vec<&str> = VALUE_LABELS
            .iter()
            .filter(|(k, _, _)| *k == label_key)
            .flat_map(|(_, zh, en)| [*zh, *en])
            .collect();
        out.extend(self.own_label(field, key));
        out.extend(self.labels.get(&label_key).map(String::as_str));
        out.retain(|l| !l.is_empty());
        out.dedup();
        out
    }

    /// The label of value `key` of `field` in the vault's language: the
    /// config's own, else the built-in one.
    pub fn value_label(&self, field: &str, key: &str) -> Option<&str> {
        let label_key = label_key(field, key);
        self.own_label(field, key)
            .filter(|l| !l.is_empty() && *l != key)
            .or_else(|| self.labels.get(&label_key).map(String::as_str))
            .or_else(|| {
                VALUE_LABELS
                    .iter()
                    .find(|(k, _, _)| *k == label_key)
                    .map(|(_, zh, en)| match self.language {
                        super::Language::Zh => *zh,
                        super::Language::En => *en,
                    })
            })
    }

    /// The key of `allowed` that `written` stands for in `field`: a
    /// spelling mapped in `[enum_values.FIELD]` (`"false" = "churned"`),
    /// the key itself, or one of its labels (`商务洽谈` for `negotiation`),
    /// ASCII letters compared without case.
    pub fn value_key<'a>(
        &self,
        field: &str,
        written: &str,
        allowed: &'a [String],
    ) -> Option<&'a str> {
        let find = |key: &str| allowed.iter().find(|a| *a == key).map(String::as_str);
        if let Some(mapped) = self
            .enum_values
            .get(field)
            .and_then(|m| m.iter().find(|(w, _)| same(w, written)))
            .and_then(|(_, key)| find(key))
        {
            return Some(mapped);
        }
        if let Some(key) = allowed.iter().find(|k| same(k, written)) {
            return Some(key);
        }
        allowed
            .iter()
            .find(|key| {
                self.value_labels(field, key)
                    .iter()
                    .any(|l| same(l, written))
            })
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_labels_in_any_language_and_mapped_spellings() {
        let config = Config::parse(
            "language = \"en\"\n[enum_values.status]\n\"false\" = \"churned\"\n\"true\" = \"active\"\n",
        )
        .unwrap();
        let stages: Vec<String> = config.stages.iter().map(|s| s.key.clone()).collect();
        assert_eq!(
            config.value_key("stage", "商务洽谈", &stages),
            Some("negotiation")
        );
        assert_eq!(
            config.value_key("stage", "Negotiation", &stages),
            Some("negotiation")
        );
        assert_eq!(
            config.value_key("stage", "NEGOTIATION", &stages),
            Some("negotiation")
        );
        assert_eq!(config.value_key("stage", "洽谈", &stages), None);
        let status = &config.enums.status;
        assert_eq!(config.value_key("status", "false", status), Some("churned"));
        assert_eq!(config.value_key("status", "合作中", status), Some("active"));
        let tiers: Vec<String> = config.tiers.iter().map(|t| t.key.clone()).collect();
        assert_eq!(config.value_key("tier", "核心客户", &tiers), Some("core"));
    }

    #[test]
    fn a_spelling_must_map_to_a_value_of_its_field() {
        let bad = Config::parse("[enum_values.status]\n\"false\" = \"gone\"\n").unwrap_err();
        assert!(bad.contains("`false` maps to `gone`"), "{bad}");
        let bad = Config::parse("[enum_values.colour]\n\"x\" = \"y\"\n").unwrap_err();
        assert!(bad.contains("`colour` is not an enumerated field"), "{bad}");
    }
}

//! The words of the site's interface, in each language it speaks.

use std::collections::BTreeMap;

use crate::config::{Config, Language};

/// `(key, zh, en)`: interface words, then labels of the default enum values.
const WORDS: &[(&str, &str, &str)] = &[
    ("clients", "客户", "Clients"),
    (
        "body_changed",
        "这条笔记在生成站点时被修改，请重新生成。",
        "This note changed while the site was being built; build again.",
    ),
    (
        "body_unreadable",
        "这条笔记现在无法读取。",
        "This note cannot be read now.",
    ),
    ("dashboard", "概览", "Dashboard"),
    ("pipeline", "商机管道", "Pipeline"),
    ("classifications", "客户分类", "Classifications"),
    ("contact_risk", "联系人风险", "Contact risk"),
    ("open_pipeline", "在途商机", "Open pipeline"),
    ("weighted_pipeline", "加权在途金额", "Weighted pipeline"),
    ("win_rate", "赢单率", "Win rate"),
    ("high_risk", "高风险客户", "High-risk clients"),
    ("overdue_follow_ups", "逾期未跟进", "Overdue follow-ups"),
    ("funnel", "销售漏斗", "Funnel"),
    ("reached", "到达", "Reached"),
    ("conversion", "转化率", "Conversion"),
    ("count", "数量", "Count"),
    ("weighted_amount", "加权金额", "Weighted amount"),
    ("forecast", "按预计成交月份", "Forecast by month"),
    ("month", "月份", "Month"),
    ("stale_deals", "停滞商机", "Stale deals"),
    ("days_since_follow_up", "未跟进天数", "Days since follow-up"),
    ("never", "从未跟进", "never"),
    ("value_tier", "价值分级", "Value tier"),
    ("declared_tier", "声明分级", "Declared tier"),
    ("risk_level", "风险等级", "Risk level"),
    ("risk:high", "高风险", "High"),
    ("risk:low", "低风险", "Low"),
    ("risk:medium", "中风险", "Medium"),
    ("grade:excellent", "优秀", "Excellent"),
    ("grade:good", "良好", "Good"),
    ("grade:fair", "一般", "Fair"),
    ("grade:poor", "较差", "Poor"),
    ("not_scored", "未评分", "Not scored"),
    ("grade", "等级", "Grade"),
    ("density", "联系人密度", "Contact density"),
    ("decision_share", "高层占比", "Decision-level share"),
    ("missing_departments", "缺少部门", "Missing departments"),
    ("reasons", "原因", "Reasons"),
    ("actions", "建议行动", "Actions"),
    ("priority", "优先级", "Priority"),
    ("action_plan", "行动计划", "Action plan"),
    ("download_csv", "下载 CSV", "Download CSV"),
    ("overdue_days", "逾期天数", "Days overdue"),
    ("cadence_days", "跟进周期（天）", "Cadence (days)"),
    ("follow_up_due", "下次跟进", "Next follow-up"),
    ("follow_up", "跟进", "Follow-up"),
    ("on_time", "按时", "on time"),
    ("days", "天", "days"),
    ("deals", "个商机", "deals"),
    ("deal_one", "个商机", "deal"),
    ("share", "占比", "Share"),
    ("organisation", "所属", "Organisation"),
    ("not_set", "未填写", "Not set"),
    ("by_owner", "按负责人", "By owner"),
    (
        "no_close_date",
        "个在途商机没有预计成交日期",
        "open deals have no expected close",
    ),
    ("health_distribution", "健康度分布", "Health distribution"),
    ("risk_distribution", "风险分布", "Risk distribution"),
    ("overall", "综合", "Overall"),
    ("weighted", "加权", "Weighted"),
    ("close_overdue", "已过预计成交日", "past expected close"),
    ("stale", "停滞", "stale"),
    ("show_all", "查看全部", "See all"),
    ("more_not_shown", "项未列出", "more not shown"),
    (
        "full_list_in_csv",
        "完整列表见 CSV 下载",
        "the CSV download has them all",
    ),
    (
        "full_list_in_report",
        "完整列表见 dossier report",
        "`dossier report` lists them all",
    ),
    ("headline_clients", "客户数", "Clients"),
    ("won", "赢单", "Won"),
    ("lost", "丢单", "Lost"),
    ("open", "在途", "Open"),
    ("no_deals", "暂无商机。", "No deals."),
    (
        "none_overdue",
        "没有逾期未跟进的客户。",
        "No follow-up is overdue.",
    ),
    ("none_stale", "没有停滞的商机。", "No deal is stale."),
    ("no_contacts", "还没有联系人。", "No contacts yet."),
    (
        "value_vs_declared",
        "价值分级 / 声明分级",
        "Value tier / declared tier",
    ),
    (
        "employees_unknown",
        "员工数未知，无法计算",
        "unknown without employees",
    ),
    ("client", "客户", "Client"),
    ("opportunity", "商机", "Opportunity"),
    ("opportunities", "商机", "Opportunities"),
    ("project", "项目", "Project"),
    ("projects", "项目", "Projects"),
    ("partner", "合作伙伴", "Partner"),
    ("partners", "合作伙伴", "Partners"),
    ("contact", "联系人", "Contact"),
    ("contacts", "联系人", "Contacts"),
    ("interaction", "往来记录", "Interaction"),
    ("interactions", "往来记录", "Interactions"),
    ("date", "日期", "Date"),
    ("channel", "方式", "Channel"),
    ("note_problems", "这条笔记的问题", "Problems in this note"),
    ("deals_not_counted", "未计入的商机", "Deals not counted"),
    (
        "deals_not_counted_help",
        "阶段无法识别：不计入商机管道和合计，见本页的问题。",
        "Their stage is not one of the stages: they are in no figure of the pipeline; see this page's problems.",
    ),
    ("timeline", "往来时间线", "Timeline"),
    ("project_started", "项目开始", "Project started"),
    ("project_ended", "项目结束", "Project ended"),
    ("last_contact_from:written", "手填", "as written"),
    (
        "last_contact_from:interaction",
        "来自往来记录",
        "from an interaction",
    ),
    (
        "last_contact_from:interaction_file_name",
        "来自往来记录的文件名",
        "from an interaction's file name",
    ),
    ("changes", "近期变化", "Changes"),
    ("changes:week", "最近 7 天", "Last 7 days"),
    ("changes:quarter", "本季度至今", "Quarter to date"),
    (
        "changes_compared",
        "对比的是该日结束前的最后一次提交",
        "compared with the last commit on or before the end of that day",
    ),
    (
        "changes_none",
        "这段时间没有变化。",
        "Nothing moved in this period.",
    ),
    ("change:new_clients", "新增客户", "New clients"),
    ("change:removed_clients", "移除的客户", "Removed clients"),
    ("change:new_opportunities", "新增商机", "New deals"),
    ("change:stage_moves", "阶段变化", "Stage moves"),
    ("change:won", "赢单", "Won"),
    ("change:lost", "丢单", "Lost"),
    ("change:amount_changes", "金额变化", "Amount changes"),
    ("change:health_changes", "健康度变化", "Health changes"),
    (
        "change:risk_changes",
        "联系人风险变化",
        "Contact-risk changes",
    ),
    ("from", "之前", "From"),
    ("to", "之后", "To"),
    ("history", "Git 历史", "History from Git"),
    ("history_commits", "次提交", "commits"),
    (
        "history:off",
        "历史已在 dossier.toml 中关闭（[history] enabled = false）。",
        "History is off in dossier.toml ([history] enabled = false).",
    ),
    (
        "history:not_a_repository",
        "这个库不在 Git 工作区中，没有历史可读。",
        "The vault is not inside a Git work tree: there is no history to read.",
    ),
    (
        "history:shallow_clone",
        "这是浅克隆，缺少较早的提交；运行 git fetch --unshallow 后即可读取历史。",
        "This is a shallow clone without its older commits; run git fetch --unshallow to read the history.",
    ),
    (
        "history:no_commits",
        "仓库还没有任何提交。",
        "The repository has no commit yet.",
    ),
    (
        "history:unreadable",
        "Git 对象库无法读取。",
        "The Git object store could not be read.",
    ),
    ("next_step", "下一步", "Next step"),
    ("amount_at_risk", "停滞金额", "Amount at risk"),
    ("today", "今日待办", "Today"),
    ("follow_ups_page", "跟进", "Follow-ups"),
    (
        "health_warnings",
        "这些数字背后的警告",
        "Warnings behind these figures",
    ),
    (
        "close_overdue_deals",
        "已过预计成交日的商机",
        "Deals past their expected close date",
    ),
    ("edit_in_obsidian", "在 Obsidian 中编辑", "Edit in Obsidian"),
    ("edit_on_host", "在线编辑", "Edit online"),
    ("today_overdue", "已逾期", "Overdue"),
    ("today_this_week", "本周到期", "Due this week"),
    ("follow_ups", "项跟进", "follow-ups"),
    ("follow_up_one", "项跟进", "follow-up"),
    ("next_steps", "项下一步", "next steps"),
    ("next_step_one", "项下一步", "next step"),
    ("slipping_deals", "一再推迟", "Slipping"),
    (
        "slipping_note",
        "预计成交日推迟 {n} 次以上",
        "close date moved later {n} times or more",
    ),
    (
        "next_steps_due",
        "下一步：逾期、本周到期或未写",
        "Next steps: overdue, due this week, or missing",
    ),
    ("owners", "负责人", "Owners"),
    ("none_due", "没有需要处理的。", "Nothing due."),
    (
        "deals_needing_next_step",
        "缺少下一步或下一步已逾期的商机",
        "Deals without a next step, or with one overdue",
    ),
    ("rotting_deals", "停滞的商机", "Rotting deals"),
    (
        "closing_this_month",
        "本月预计成交",
        "Expected to close this month",
    ),
    ("days_idle", "停滞天数", "Days idle"),
    ("rot_limit", "上限", "Limit"),
    ("no_next_step", "还没有写下一步。", "No next step written."),
    ("days_overdue", "已逾期 {n} 天", "{n} days overdue"),
    (
        "rotting_in_stage",
        "停滞：在「{stage}」已 {days} 天，上限 {limit} 天",
        "Rotting: {days} days in {stage}, the limit is {limit}",
    ),
    (
        "rotting_since_follow_up",
        "停滞：距上次跟进已 {days} 天，上限 {limit} 天",
        "Rotting: {days} days since the last follow-up, the limit is {limit}",
    ),
    (
        "rotting_no_day",
        "停滞：从未跟进（上限 {limit} 天）",
        "Rotting: never followed up (the limit is {limit} days)",
    ),
    ("days_col", "天数", "Days"),
    ("stage_path", "阶段历程", "Stage path"),
    ("entered", "进入", "Entered"),
    ("left_stage", "离开", "Left"),
    ("moved_by", "操作人", "Moved by"),
    (
        "no_stage_path",
        "历史中还没有这个商机的阶段记录。",
        "The history holds no stage of this deal yet.",
    ),
    (
        "close_date_changes",
        "预计成交日的变更",
        "Expected close date",
    ),
    ("slipped_once", "推迟 1 次", "slipped once"),
    ("slipped_times", "推迟 {n} 次", "slipped {n} times"),
    ("deal_opened", "新建商机", "Deal opened"),
    ("deal_moved", "阶段变更", "Stage changed"),
    ("deal_won", "赢单", "Deal won"),
    ("deal_lost", "丢单", "Deal lost"),
    (
        "pipeline_trend",
        "在途商机走势（近 26 周）",
        "Open pipeline, last 26 weeks",
    ),
    ("week_end", "周末", "Week ending"),
    ("rfm", "RFM 客户分群", "RFM segments"),
    ("rfm_segment", "RFM 分群", "RFM segment"),
    ("recency_days", "最近联系（天前）", "Recency (days)"),
    ("frequency", "往来次数", "Frequency"),
    ("monetary", "成交金额", "Monetary"),
    ("segment:important_value", "重要价值客户", "Important value"),
    (
        "segment:important_develop",
        "重要发展客户",
        "Important to develop",
    ),
    (
        "segment:important_retain",
        "重要保持客户",
        "Important to retain",
    ),
    (
        "segment:important_winback",
        "重要挽留客户",
        "Important to win back",
    ),
    ("segment:general_value", "一般价值客户", "General value"),
    (
        "segment:general_develop",
        "一般发展客户",
        "General to develop",
    ),
    (
        "segment:general_retain",
        "一般保持客户",
        "General to retain",
    ),
    (
        "segment:general_winback",
        "一般挽留客户",
        "General to win back",
    ),
    (
        "rfm_means",
        "对比全部客户的平均值",
        "against the means of all clients",
    ),
    ("rfm_window", "统计窗口", "window"),
    ("note", "笔记", "Note"),
    ("notes", "笔记", "Notes"),
    ("problems", "问题", "Problems"),
    ("recent_notes", "最近的笔记", "Recent notes"),
    ("no_notes", "还没有笔记。", "No notes yet."),
    ("notes_site", "笔记", "Notes"),
    ("home", "首页", "Home"),
    ("folder", "文件夹", "Folder"),
    ("code", "编号", "Code"),
    ("name", "名称", "Name"),
    ("owner", "负责人", "Owner"),
    ("industry", "行业", "Industry"),
    ("region", "地区", "Region"),
    ("scale", "规模", "Scale"),
    ("employees", "员工数", "Employees"),
    ("annual_revenue", "年营收", "Annual revenue"),
    ("contract_value", "合同额", "Contract value"),
    ("tier", "客户分级", "Tier"),
    ("status", "状态", "Status"),
    ("source", "来源", "Source"),
    ("referred_by", "介绍人", "Referred by"),
    ("since", "首次接触", "Since"),
    ("last_contact", "最近联系", "Last contact"),
    ("tags", "标签", "Tags"),
    ("title", "职务", "Title"),
    ("department", "部门", "Department"),
    ("level", "层级", "Level"),
    ("role", "角色", "Role"),
    ("email", "邮箱", "Email"),
    ("phone", "电话", "Phone"),
    ("relationship", "关系", "Relationship"),
    ("health", "客户健康度", "Health"),
    ("dimension", "维度", "Dimension"),
    ("score", "得分", "Score"),
    ("remark", "备注", "Note"),
    ("stage", "阶段", "Stage"),
    ("probability", "赢率", "Probability"),
    ("amount", "金额", "Amount"),
    ("expected_close", "预计成交", "Expected close"),
    ("last_follow_up", "最近跟进", "Last follow-up"),
    ("lost_at", "丢单阶段", "Lost at"),
    ("start", "开始", "Start"),
    ("end", "结束", "End"),
    ("backlinks", "引用本页的笔记", "Linked from"),
    ("profile", "基本信息", "Profile"),
    ("severity", "级别", "Severity"),
    ("message", "说明", "Message"),
    ("file", "文件", "File"),
    ("position", "位置", "Position"),
    ("error", "错误", "error"),
    ("warning", "警告", "warning"),
    ("no_problems", "没有发现问题。", "No problems found."),
    ("no_clients", "还没有客户。", "No clients yet."),
    (
        "empty_folder",
        "这个文件夹没有可发布的笔记。",
        "This folder has no published notes.",
    ),
    ("as_of", "数据截至", "As of"),
    ("kind", "类型", "Kind"),
    ("broken_link", "失效链接", "broken link"),
    ("private_link", "私密笔记", "private note"),
    (
        "template_link",
        "Obsidian 笔记模板，不发布",
        "Obsidian note template, not published",
    ),
    (
        "unsafe_attachment",
        "此类附件不发布",
        "this kind of file is not published",
    ),
    ("errors_count", "个错误", "errors"),
    ("warnings_count", "个警告", "warnings"),
    ("all_notes", "全部笔记", "All notes"),
    ("no_tags", "还没有标签。", "No tags yet."),
    ("notes_tagged", "篇笔记", "notes"),
    ("none", "—", "—"),
    ("decision_reach", "决策触达", "Decision reach"),
    ("payment", "回款", "Payment"),
    ("willingness", "合作意愿", "Willingness"),
    ("contact_count", "联系人数", "Contacts"),
    ("health_score", "健康度得分", "Health score"),
    ("density_permille", "联系人密度（‰）", "Contact density (‰)"),
    ("stage_key", "阶段键", "Stage key"),
    ("failure:density", "联系人密度不足", "contact density"),
    (
        "failure:decision_share",
        "高层占比不足",
        "decision-level share",
    ),
    ("failure:departments", "部门覆盖不全", "department coverage"),
    ("open_amount", "在途金额", "Open amount"),
    ("client_status", "客户现状", "Status"),
    ("data_problems", "数据问题", "Problems in the notes"),
    ("business_todos", "业务待办", "To-dos of the book"),
    (
        "business_todos_help",
        "按截至日期算出的待办：逾期未跟进、缺少最近联系日期、商机过了预计成交日、下一步未写或已逾期。分级与合同额不符、缺少员工数见客户健康度页面。",
        "What the as-of date calls for: overdue follow-ups, missing last contacts, deals past their expected close, next steps missing or overdue. Tiers far from the contract value and missing head counts are on the health page.",
    ),
    ("no_todos", "没有待办。", "Nothing to do."),
    ("problem_code", "代码", "Code"),
    ("task_done", "已完成", "done"),
    ("task_open", "未完成", "to do"),
    ("open_deals", "在途商机", "Open deals"),
    ("closed_deals", "已结束的商机", "Closed deals"),
    ("note_text", "笔记", "Notes"),
    ("of_the_record", "（档案）", " (record)"),
    ("overdue_by", "已逾期", "overdue by"),
    ("won_amount", "赢单金额", "Won amount"),
    ("digest_title", "每周摘要", "Weekly digest"),
    ("digest_slips", "预计成交日推迟", "Close dates moved later"),
    (
        "digest_newly_overdue",
        "新逾期的跟进",
        "Follow-ups newly overdue",
    ),
    ("digest_rotting", "停滞商机", "Rotting deals"),
    (
        "digest_next_steps",
        "本周到期的下一步",
        "Next steps due this week",
    ),
    (
        "digest_nothing",
        "这段时间没有变化。",
        "Nothing moved in this period.",
    ),
    ("digest_due", "到期 {date}", "due {date}"),
    ("digest_idle", "停滞 {n} 天", "idle {n} days"),
    ("forecast_accuracy", "预测准确度", "Forecast accuracy"),
    (
        "forecast_accuracy_help",
        "每月：上月末时预计当月成交的在途商机（加权），与当月实际赢单相比。",
        "Each month: the open deals expected to close in it as the book stood at the end of the month before (weighted), against what was won in it.",
    ),
    ("forecast_weighted", "预测（加权）", "Forecast (weighted)"),
    ("forecast_deals", "预测商机数", "Deals forecast"),
    ("won_deals", "赢单数", "Deals won"),
    ("won_from_forecast", "其中来自预测", "Won from the forecast"),
    ("accuracy", "准确度", "Accuracy"),
    (
        "stage_conversion",
        "各阶段的实际赢单率",
        "Win rate by stage, from the past",
    ),
    (
        "stage_conversion_help",
        "曾处于该阶段的商机（按提交历史）中，已赢单 ÷（赢单 + 丢单）；旁为配置的概率。",
        "Of the deals the history shows in the stage: won ÷ (won + lost), beside the configured probability.",
    ),
    ("learned_win_rate", "实际赢单率", "Learned win rate"),
    (
        "configured_probability",
        "配置概率",
        "Configured probability",
    ),
    ("median_days", "停留天数中位数", "Median days"),
    ("deals_in_stage", "商机数", "Deals"),
    (
        "differs_from_configured",
        "与配置相差超过 20 个百分点（10 个以上已决商机）",
        "more than 20 points from the configured probability (10 or more decided deals)",
    ),
    (
        "slipping_help",
        "预计成交日期推迟 {n} 次及以上的在途商机。",
        "Open deals whose close date moved later {n} times or more.",
    ),
    (
        "history_needed",
        "需要 Git 历史。",
        "Needs the Git history.",
    ),
    ("skip_to_content", "跳到正文", "Skip to content"),
    ("site_navigation", "站点导航", "Site"),
    ("menu", "更多", "More"),
    ("search", "搜索", "Search"),
    (
        "search_placeholder",
        "搜索客户、联系人、商机、笔记（/）",
        "Search clients, contacts, deals, notes (/)",
    ),
    (
        "search_placeholder_notes",
        "搜索笔记（/）",
        "Search notes (/)",
    ),
    ("search_loading", "正在载入索引…", "Loading the index…"),
    (
        "search_failed",
        "无法载入搜索索引。",
        "The search index could not be loaded.",
    ),
    ("no_results", "没有找到。", "Nothing found."),
    ("more_results", "项未显示", "more"),
    ("in_text", "正文提及", "in the text"),
    ("pinyin", "拼音", "pinyin"),
    ("sort", "排序", "Sort"),
    ("all", "全部", "All"),
    ("not_found", "页面不存在", "Page not found"),
    (
        "not_found_help",
        "这个地址没有页面：笔记可能已改名、删除或设为私密。",
        "There is no page at this address: the note may have been renamed, deleted or made private.",
    ),
];

/// The words the page script shows, as the JSON it reads from the page.
pub fn script_words(words: &Words) -> String {
    let keys = [
        "sort",
        "all",
        "search_loading",
        "search_failed",
        "no_results",
        "more_results",
        "in_text",
        "pinyin",
    ];
    let map: BTreeMap<&str, &str> = keys.iter().map(|k| (*k, label(words, k))).collect();
    serde_json::to_string(&map).unwrap_or_default()
}

/// The interface words of one language, by key: looked up for every
/// label of every page, so hashed rather than ordered.
pub type Words = ahash::AHashMap<String, String>;

/// The interface words of one language, with `[labels]` from the config
/// laid over them.
pub fn words(config: &Config) -> Words {
    let mut out: Words = WORDS
        .iter()
        .chain(crate::config::values::VALUE_LABELS)
        .map(|(key, zh, en)| {
            let word = match config.language {
                Language::Zh => zh,
                Language::En => en,
            };
            ((*key).to_owned(), (*word).to_owned())
        })
        .collect();
    for stage in &config.stages {
        out.insert(format!("stage:{}", stage.key), stage.label.clone());
    }
    for tier in &config.tiers {
        out.insert(format!("tier:{}", tier.key), tier.label.clone());
    }
    for dim in &config.health.dimensions {
        if !dim.label.is_empty() {
            out.insert(dim.key.clone(), dim.label.clone());
        }
    }
    for (key, label) in &config.labels {
        out.insert(key.clone(), label.clone());
    }
    out
}

/// The label of an enum value, or the value itself (`tier:gold` without
/// a label is `gold`).
/// `n` and the word for what is counted: `1 deal`, `2 deals` (Chinese
/// has one word for both). `many` is the key of the plural, `one` of the
/// singular.
pub fn counted(words: &Words, n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", label(words, if n == 1 { one } else { many }))
}

pub fn label<'a>(words: &'a Words, key: &'a str) -> &'a str {
    words.get(key).map_or_else(
        || key.split_once(':').map_or(key, |(_, value)| value),
        String::as_str,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_exists_in_both_languages() {
        let all = || WORDS.iter().chain(crate::config::values::VALUE_LABELS);
        for (key, zh, en) in all() {
            assert!(!zh.is_empty() && !en.is_empty(), "{key}");
        }
        let mut keys: Vec<_> = all().map(|w| w.0).collect();
        keys.sort();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key is listed twice");
    }

    #[test]
    fn custom_tiers_keep_the_value_tiers_labels_and_show_no_raw_keys() {
        let config = Config::parse(
            "[[tiers]]\nkey = \"gold\"\ncadence_days = 7\n[[tiers]]\nkey = \"silver\"\nlabel = \"Silver\"\ncadence_days = 30\n",
        )
        .unwrap();
        let w = words(&config);
        assert_eq!(label(&w, "tier:normal"), "Normal");
        assert_eq!(label(&w, "tier:strategic"), "Strategic");
        assert_eq!(label(&w, "tier:silver"), "Silver");
        assert_eq!(label(&w, "tier:gold"), "gold");
        assert_eq!(label(&w, "tier:bronze"), "bronze");
    }

    #[test]
    fn one_deal_is_a_deal() {
        let en = words(&Config::default());
        assert_eq!(counted(&en, 1, "deal_one", "deals"), "1 deal");
        assert_eq!(counted(&en, 0, "deal_one", "deals"), "0 deals");
        assert_eq!(counted(&en, 2, "deal_one", "deals"), "2 deals");
        let zh = words(&Config::parse("language = \"zh\"\n").unwrap());
        assert_eq!(counted(&zh, 1, "deal_one", "deals"), "1 个商机");
    }

    #[test]
    fn config_labels_win() {
        let config = Config::parse("language = \"zh\"\n[labels]\nc_level = \"董事会\"\n").unwrap();
        let w = words(&config);
        assert_eq!(label(&w, "c_level"), "董事会");
        assert_eq!(label(&w, "stage:won"), "签约成交");
    }
}

//! Every message in Chinese. Keys, values and paths quoted from the vault
//! stay as written; the words around them are Chinese.

use super::{Words, list, quoted};
use crate::diagnostics::message::{
    Before, Chosen, Danger, Expected, Found, GapAt, GapWhy, Hint, IoProblem, LinkKind, Message,
    Record, ValueKind, YamlProblem,
};

fn record(r: Record) -> &'static str {
    match r {
        Record::Client => "客户",
        Record::Opportunity => "商机",
        Record::Project => "项目",
        Record::Partner => "合作伙伴",
        Record::Contact => "联系人",
        Record::Interaction => "往来记录",
        Record::Note => "普通笔记",
    }
}

fn kind(k: ValueKind) -> &'static str {
    match k {
        ValueKind::Nothing => "空值",
        ValueKind::Boolean => "布尔值",
        ValueKind::Integer => "整数",
        ValueKind::Number => "数字",
        ValueKind::Text => "文字",
        ValueKind::List => "列表",
        ValueKind::Mapping => "映射",
    }
}

fn found(f: &Found) -> String {
    match &f.text {
        Some(text) => format!("{} `{text}`", kind(f.kind)),
        None => kind(f.kind).to_owned(),
    }
}

fn expected(e: &Expected) -> String {
    match e {
        Expected::Text => "文字".to_owned(),
        Expected::Texts => "文字的列表".to_owned(),
        Expected::TextsOrLinks => "文字或 `[[链接]]` 的列表".to_owned(),
        Expected::Number => "数字".to_owned(),
        Expected::WholeNumber { min, max: None } => format!("{min} 或更大的整数"),
        Expected::WholeNumber {
            min,
            max: Some(max),
        } => format!("{min} 到 {max} 之间的整数"),
        Expected::Money => "金额（一个普通数字）".to_owned(),
        Expected::Fraction => "0 到 1 之间的赢率".to_owned(),
        Expected::Boolean => "`true` 或 `false`".to_owned(),
        Expected::Mapping => "映射".to_owned(),
        Expected::Mappings => "映射的列表（`- name: ...`）".to_owned(),
    }
}

fn link(l: LinkKind) -> &'static str {
    match l {
        LinkKind::Link => "链接",
        LinkKind::Embed => "嵌入",
        LinkKind::Attachment => "图片或附件",
    }
}

fn io(p: &IoProblem) -> String {
    match p {
        IoProblem::NotFound => "文件不存在".to_owned(),
        IoProblem::PermissionDenied => "没有读取权限".to_owned(),
        IoProblem::NotRegular => "不是普通文件".to_owned(),
        IoProblem::Outside => "它指向笔记库之外".to_owned(),
        IoProblem::TooLarge { bytes, limit } => {
            format!("有 {bytes} 字节，超过了 {limit} 字节的上限")
        }
        IoProblem::Other { detail } => format!("系统报告：{detail}"),
    }
}

fn hint(h: &Hint, lead: &str) -> Option<String> {
    match h {
        Hint::None => None,
        Hint::DidYouMean(near) => Some(format!("是否想写 `{near}`？")),
        Hint::OneOf(all) => Some(format!("{lead}：{}", list(all, "、"))),
    }
}

fn yaml(p: &YamlProblem) -> String {
    match p {
        YamlProblem::Parser { detail } => format!("YAML 语法错误（解析器报告：{detail}）"),
        YamlProblem::EndsEarly => "YAML 在一个值的中间结束了".to_owned(),
        YamlProblem::TooDeep { limit } => format!("值的嵌套超过了 {limit} 层"),
        YamlProblem::TooManyValues { limit } => {
            format!("别名展开后超过 {limit} 个值；不读取这段属性区")
        }
        YamlProblem::UnknownAnchor => "别名指向不存在的锚点".to_owned(),
    }
}

const SAVE_AS_UTF8: &str = "把文件存为 UTF-8；在此之前笔记不发布";
const FIX_TEMPLATE: &str = "修好模板，或删掉它以使用内置模板";
const OWN_TEMPLATE: &str = "把文件本身放进笔记库的 `templates/`；目前使用内置的";
const GIT_FSCK: &str = "历史数据不含这一部分；`git fsck` 可检查仓库";
const OBSIDIAN_DEFAULTS: &str = "改用 Obsidian 的默认设置";
const NOT_PUBLISHED: &str = "属性区能读取之前，笔记不发布";

pub fn words(m: &Message) -> Words {
    use Message as M;
    let (message, help): (String, Option<String>) = match m {
        M::FileUnreadable { io: p } => (format!("无法读取文件：{}", io(p)), None),
        M::FileUtf16 => (
            "文件是 UTF-16 文本，不是 UTF-8；未读取".into(),
            Some(SAVE_AS_UTF8.into()),
        ),
        M::FileNul => (
            "文件含有 NUL 字节：不是 UTF-8 文本（可能是 UTF-16）；未读取".into(),
            Some(SAVE_AS_UTF8.into()),
        ),
        M::NotRegularFile => ("不是普通文件；未读取".into(), None),
        M::SymlinkNotRegular => ("符号链接指向的不是普通文件；未读取".into(), None),
        M::FileTooLarge { bytes, limit } => (
            format!("文件有 {bytes} 字节，超过了 {limit} 字节的上限；未读取"),
            Some("拆分笔记，或调大 dossier.toml 的 `max_file_bytes`".into()),
        ),
        M::NameNotUtf8 => (
            "名称不是有效的 UTF-8；已跳过".into(),
            Some("用 UTF-8 重新命名".into()),
        ),
        M::NfcTwin => (
            "另一个文件同名，只是重音符号的编码方式不同（NFC 与 NFD）；这个文件未读取".into(),
            Some("给其中一个文件改名".into()),
        ),
        M::Utf8Invalid { byte } => (
            format!("文件不是有效的 UTF-8（第 {byte} 字节）"),
            Some(SAVE_AS_UTF8.into()),
        ),
        M::NoteEmpty => ("笔记是空的".into(), None),
        M::SymlinkOutside { target } => (
            format!("符号链接指向笔记库之外（{target}）；不跟随"),
            Some("改为把文件复制到笔记库里".into()),
        ),
        M::SymlinkBroken { io: p } => (format!("符号链接的目标无法读取：{}", io(p)), None),
        M::SymlinkLoop => ("符号链接循环；不跟随".into(), None),
        M::SymlinkLoopFolder => ("符号链接指向包含它的文件夹，形成循环；不跟随".into(), None),
        M::SymlinkFolder => (
            "笔记库内的符号链接文件夹；不跟随（其中的笔记按真实位置读取）".into(),
            None,
        ),
        M::SettingOutside => (
            "符号链接指向笔记库之外；未读取".into(),
            Some(OBSIDIAN_DEFAULTS.into()),
        ),
        M::SettingUnreadable { io: p } => (
            format!("无法读取文件：{}", io(p)),
            Some(OBSIDIAN_DEFAULTS.into()),
        ),
        M::TemplateOutside => (
            "符号链接指向笔记库之外；未读取".into(),
            Some(OWN_TEMPLATE.into()),
        ),
        M::TemplateBroken => (
            "符号链接的目标无法读取；未读取".into(),
            Some(OWN_TEMPLATE.into()),
        ),
        M::TemplateUnreadable { io: p } => (
            format!("无法读取文件：{}", io(p)),
            Some(OWN_TEMPLATE.into()),
        ),
        M::FrontMatterUnclosed => (
            "以 `---` 开始的属性区没有结束".into(),
            Some("在最后一个字段后加一行 `---`；在此之前笔记不发布".into()),
        ),
        M::FrontMatterTooLarge { bytes, limit } => (
            format!("属性区有 {bytes} 字节，超过了 {limit} 字节的上限"),
            Some(NOT_PUBLISHED.into()),
        ),
        M::FrontMatterMisplaced { before } => (
            format!(
                "属性区必须从第一行开始；这个 `---` 前面有{}",
                match before {
                    Before::BlankLines => "空行",
                    Before::Spaces => "空格",
                    Before::Invisible => "不可见字符（字节顺序标记或零宽空格）",
                }
            ),
            Some("删除 `---` 之前的内容；在此之前笔记不发布".into()),
        ),
        M::YamlSyntax { problem } => (yaml(problem), Some(NOT_PUBLISHED.into())),
        M::FrontMatterNotMapping { found } => (
            format!("属性区必须是 `键: 值` 的行，实际是{}", kind(*found)),
            None,
        ),
        M::PrivateSpelling { written } => (
            format!("`{written}` 按 `private` 读取；笔记不发布"),
            Some("把键写成 `private`（小写，不加强调）".into()),
        ),
        M::KindUnknown {
            written,
            meant,
            kind,
        } => (
            format!("`type: {written}` 不是已知的类型；这条笔记按普通笔记读取"),
            Some(format!(
                "是否想写 `{meant}`？（或在 dossier.toml 的 `[types]` 中映射：`{written} = \"{kind}\"`）"
            )),
        ),
        M::FieldMissing { record: r, field } => (
            format!("{}缺少 `{field}`", record(*r)),
            Some(format!("添加 `{field}: ...`")),
        ),
        M::HealthScoreMissing { dimension } => (format!("健康度 `{dimension}` 缺少 `score`"), None),
        M::FieldType {
            field,
            expected: e,
            found: f,
            plain,
        } => (
            format!("`{field}` 应该是{}，实际是{}", expected(e), found(f)),
            plain
                .as_ref()
                .map(|n| format!("写成普通数字：`{field}: {n}`")),
        ),
        M::PrivateNotBoolean { found: f } => (
            format!("`private` 应该是 `true` 或 `false`，实际是{}", found(f)),
            Some("写 `private: true` 或 `private: false`；在此之前笔记不发布".into()),
        ),
        M::ContactItem { found } => (
            format!(
                "`contacts` 的每一项应是映射（`- name: ...`）、姓名或 `[[链接]]`，实际是{}",
                kind(*found)
            ),
            None,
        ),
        M::NotWhole {
            field,
            written,
            expected: e,
        } => (
            format!("`{field}` 是 {written}，但它必须是{}", expected(e)),
            None,
        ),
        M::OutOfRange {
            field,
            written,
            min,
            max,
        } => (
            format!("`{field}` 是 {written}，超出了 {min} 到 {max} 的范围"),
            None,
        ),
        M::FractionRange {
            field,
            written,
            as_fraction,
        } => (
            format!("`{field}` 是 {written}，超出了 0 到 1 的范围"),
            as_fraction.as_ref().map(|f| {
                format!("dossier.toml 的 `probability_scale` 是 `fraction`：{written}% 应写作 {f}")
            }),
        ),
        M::MoneyNegative { field, written } => {
            (format!("`{field}` 是 {written}，金额不能为负"), None)
        }
        M::MoneyTooLarge { field, written } => (
            format!("`{field}` 是 {written}，超过了 10^15"),
            Some("检查零的个数".into()),
        ),
        M::HealthScore { dimension, written } => (
            format!("健康度 `{dimension}` 是 `{written}`；分数应为 1 到 5 的数字或红黄绿灯"),
            Some("写 1 到 5 的数字（4.5 也可以），或 `green`/`yellow`/`red`（🟢/🟡/🔴）".into()),
        ),
        M::DateInvalid { field, written } => (
            format!("`{field}` 不是日期：`{written}`"),
            Some("日期写成 YYYY-MM-DD，例如 2025-11-30（后面可以带时间：2025-11-30 09:30）".into()),
        ),
        M::DateRange { field, day } => (
            format!("`{field}` 是 {day}，超出了 1900-01-01 到 9999-12-31 的范围"),
            Some("检查年份".into()),
        ),
        M::UnknownValue {
            field,
            value,
            hint: h,
        } => (
            format!("`{field}` 的取值 `{value}` 不在允许的范围内"),
            hint(h, "可选"),
        ),
        M::LostAtNotOpen { value } => (
            format!("`lost_at` 必须是一个在途阶段，不能是 `{value}`"),
            Some("写出丢单前到达的最远阶段".into()),
        ),
        M::LostAtUnused => ("`lost_at` 只用于丢单的商机".into(), None),
        M::FieldDuplicate { field, first_line } => (
            format!("`{field}` 写了两次（第一次在第 {first_line} 行）"),
            Some("只保留一个；别名与原字段算作同一字段".into()),
        ),
        M::FieldTypo { field, meant } => (
            format!("未知字段 `{field}`"),
            Some(format!(
                "是否想写 `{meant}`？（或在 dossier.toml 的 `[aliases]` 中映射）"
            )),
        ),
        M::FieldUnknown { field, hint: h } => {
            (format!("未知字段 `{field}`"), hint(h, "这里的字段有"))
        }
        M::HealthUnknown { dimension, hint: h } => (
            format!("`{dimension}` 不是已配置的健康度维度"),
            hint(h, "维度有"),
        ),
        M::CodeAlsoUsed {
            record: r,
            code,
            first,
        } => (
            format!("{}编号 `{code}` 在 {first} 也用了", record(*r)),
            Some(format!("每个{}用各自的编号", record(*r))),
        ),
        M::CodeUsedTimes {
            record: r,
            code,
            times,
            others,
        } => (
            format!(
                "{}编号 `{code}` 用了 {times} 次，另见 {}",
                record(*r),
                list(others, "、")
            ),
            Some(format!("每个{}用各自的编号", record(*r))),
        ),
        M::CodePattern {
            record: r,
            code,
            pattern,
        } => (
            format!("{}编号 `{code}` 不符合格式 `{pattern}`", record(*r)),
            Some(format!(
                "dossier.toml 的 `[codes]` 规定{}编号的格式",
                record(*r)
            )),
        ),
        M::RefNotClient {
            written,
            target,
            kind,
        } => (
            format!(
                "`{written}` 指向 {target}，它是{}，不是客户",
                match kind {
                    Record::Note => "普通笔记".to_owned(),
                    k => format!("{}笔记", record(*k)),
                }
            ),
            Some(format!(
                "给 {target} 加上 `type: client`，或在 `[types]` 中把它的类型映射为客户"
            )),
        ),
        M::RefNamesNothing { written, hint: h } => {
            (format!("`{written}` 没有对应的笔记"), hint(h, "可选"))
        }
        M::ClientConflict {
            record: r,
            listed,
            own,
            place,
        } => (
            format!(
                "这个客户列出了{} `{listed}`，而它自己的 `client:` 是 `{own}`（{place}）",
                record(*r)
            ),
            Some("保留对的那一处：从这个列表中删除它，或改它的 `client:`".into()),
        ),
        M::RefUnreadable { code, file, at } => (
            format!("客户 `{code}` 定义在 {file}，而它的属性区无法读取（{at}）"),
            Some(format!("先修好 {file}")),
        ),
        M::NoClientCode { code, hint: h } => {
            (format!("没有编号为 `{code}` 的客户"), hint(h, "可选"))
        }
        M::LinkMissing {
            link: l,
            written,
            path,
            hint: h,
        } => (
            format!("{} `{written}`：`{path}` 不存在", link(*l)),
            hint(h, "可选"),
        ),
        M::LinkByAlias {
            link: l,
            written,
            path,
            owner,
            stem,
        } => (
            format!("{} `{written}`：`{path}` 不存在", link(*l)),
            Some(format!(
                "`{path}` 是 {owner} 的别名；Obsidian 按文件名链接，应写作 `[[{stem}|{path}]]`"
            )),
        ),
        M::LinkOutside { link: l, written } => {
            (format!("{} `{written}` 指向笔记库之外", link(*l)), None)
        }
        M::LinkAboveRoot { written, read_as } => (
            format!("`{written}` 越过了笔记库的根目录；与 Obsidian 一样按 `{read_as}` 读取"),
            Some(format!("从根目录写成 `{read_as}`，或少写一个 `../`")),
        ),
        M::AnchorBroken {
            written,
            target,
            heading,
            hint: h,
        } => (
            format!("`{written}`：{target} 没有标题 `{heading}`；链接指向笔记开头"),
            match h {
                Hint::OneOf(all) => Some(format!("标题有：{}", quoted(all, "、"))),
                h => hint(h, "标题有"),
            },
        ),
        M::BlockBroken {
            written,
            target,
            id,
            hint: h,
        } => (
            format!("`{written}`：{target} 没有块 `^{id}`"),
            hint(h, "块有").or_else(|| {
                Some(format!(
                    "在 {target} 中段落或列表项的末尾加上 ` ^{id}` 来命名它"
                ))
            }),
        ),
        M::WikilinkAmbiguous {
            written,
            chosen,
            others,
            why,
        } => (
            format!(
                "`{written}` 可能是 {chosen} 或 {}；与 Obsidian 一样链接到 {chosen}，因为{}",
                list(others, "、"),
                match why {
                    Chosen::SameFolder => "它与本笔记在同一文件夹",
                    Chosen::Shortest => "它的路径最短",
                }
            ),
            Some(format!(
                "写出路径以指明是哪一个：`[[{}]]`",
                chosen.trim_end_matches(".md")
            )),
        ),
        M::WikilinkSplit => (
            "表格这一行里的 `|` 把维基链接切成了两半".into(),
            Some("在表格里写 `[[Note\\|text]]`：`\\|` 是别名分隔符".into()),
        ),
        M::EmbedPrivate { written } => (
            format!("`{written}` 嵌入了未发布的笔记；页面上不显示"),
            Some("私密笔记不会显示在别的笔记里：删除嵌入，或用 `[[...]]` 链接".into()),
        ),
        M::EmbedCycle { written } => (
            format!("`{written}` 通过嵌入又回到了本笔记；页面上改为链接"),
            Some("用 `[[...]]` 链接，而不是嵌入".into()),
        ),
        M::LinkPrivate { written } => (
            format!("`{written}` 指向私密笔记；站点只显示文字，不加链接"),
            None,
        ),
        M::LinkUnsafe { scheme, danger } => (
            format!(
                "`{scheme}:` 链接{}；站点只显示文字，不加链接",
                match danger {
                    Danger::RunsCode => "可以运行代码",
                    Danger::LocalFiles => "会打开读者电脑上的文件",
                    Danger::OtherProgram => "会打开其他程序而不是页面",
                }
            ),
            None,
        ),
        M::AttachmentUnsafe { path } => (
            format!(
                "`{path}` 不会复制到站点：只复制图片、音频、视频、PDF、办公文档、文本、CSV 和压缩包（dossier.toml 的 `attachments`）"
            ),
            Some(
                "改用 PDF 或图片附上；如果这类文件不能运行脚本，也可以把扩展名加进 `attachments`"
                    .into(),
            ),
        ),
        M::PageNameTooLong { bytes, limit } => (
            format!("这条笔记的页面文件名会有 {bytes} 字节，超过文件系统的上限（{limit}）；未写出"),
            Some("给笔记起个短一些的文件名".into()),
        ),
        M::PageTaken { other, page } => (
            format!("这条笔记和 {other} 都会写到 {page}；这一条未写出"),
            Some("给其中一条笔记改名".into()),
        ),
        M::SiteFile { path } => (
            format!("`{path}` 是站点自己要写的文件；未复制"),
            Some("给文件改名".into()),
        ),
        M::PastUnreadable { since, detail } => (
            format!("{since} 时的客户簿无法读取（{detail}）；变化页不含这一段"),
            Some(GIT_FSCK.into()),
        ),
        M::HistoryGap { commit, at, why } => {
            let why = match why {
                GapWhy::AuthorDate { day } => format!("作者日期无法读取；按 {day} 计"),
                GapWhy::TooLarge { bytes, limit } => {
                    format!("这个版本有 {bytes} 字节，超过了 `max_file_bytes`（{limit}）；未读取")
                }
                GapWhy::Git { detail } => format!("Git 报告：{detail}"),
            };
            (
                match at {
                    GapAt::Commit => format!("提交 {commit}：{why}"),
                    GapAt::ThisNote => format!("在提交 {commit}：{why}"),
                    GapAt::UnnamedNote => format!("提交 {commit}：一条笔记：{why}"),
                },
                Some(GIT_FSCK.into()),
            )
        }
        M::Template { detail } => (
            format!("模板无法使用（模板引擎报告：{detail}）"),
            Some(FIX_TEMPLATE.into()),
        ),
        M::TemplateNotUtf8 => ("文件不是有效的 UTF-8".into(), Some(FIX_TEMPLATE.into())),
        M::Config { detail } => (
            format!("配置无法使用（报告：{detail}）"),
            Some("修好配置；在此之前使用上一份能读取的配置".into()),
        ),
        M::FollowUpOverdue {
            last,
            via,
            overdue_days,
            cadence_days,
            tier,
        } => (
            format!(
                "最近联系 {last}{} 已超过 `{tier}` 分级 {cadence_days} 天的跟进周期 {overdue_days} 天",
                via.as_ref().map_or(String::new(), |v| format!("（{v}）"))
            ),
            Some("联系客户后记下这次会议或电话，或更新 `last_contact`".into()),
        ),
        M::LastContactMissing => (
            "没有 `last_contact`，也没有往来记录：无法跟踪这个客户的跟进".into(),
            Some("添加 `last_contact: YYYY-MM-DD`，或记下最近一次会议或电话".into()),
        ),
        M::CloseOverdue { deal, close, days } => (
            format!("在途商机 {deal} 预计 {close} 成交，已过去 {days} 天"),
            Some("改一下 `expected_close`，或把商机记为赢单或丢单".into()),
        ),
        M::NextStepMissing { deal } => (
            format!("在途商机 {deal} 没有下一步"),
            Some("写上 `next_step`（做什么）和 `next_step_date`（何时做）".into()),
        ),
        M::NextStepOverdue {
            record: r,
            name,
            step,
            date,
            days,
        } => (
            if step.is_empty() {
                format!(
                    "{} {name} 的下一步应在 {date} 完成，已过去 {days} 天",
                    record(*r)
                )
            } else {
                format!(
                    "{} {name} 的下一步「{step}」应在 {date} 完成，已过去 {days} 天",
                    record(*r)
                )
            },
            Some(format!(
                "记下完成它的互动（日期不早于 {date}），或改 `next_step_date`"
            )),
        ),
        M::TierMismatch {
            declared,
            steps,
            value_tier,
        } => (
            format!(
                "声明分级 `{declared}` 与按合同额得出的价值分级 `{value_tier}` 相差 {steps} 级"
            ),
            Some("复核客户分级或合同额".into()),
        ),
        M::EmployeesMissing => (
            "没有客户的员工数，无法计算联系人密度".into(),
            Some("添加 `employees:`，填写客户的员工人数".into()),
        ),
        M::ContactDuplicate {
            name,
            client,
            first,
            second,
        } => (
            format!("客户 {client} 的 `{name}` 有两份人员笔记：{first} 和 {second}，都计为联系人"),
            Some("如果是同一个人，请合并这两份笔记".into()),
        ),
    };
    Words { message, help }
}

/// The lines around the list of problems.
pub fn frame(f: &super::Frame) -> String {
    use super::Frame as F;
    match f {
        F::Summary {
            errors,
            warnings,
            files,
        } => format!("{errors} 个错误，{warnings} 个警告，共 {files} 个文件"),
        F::NotShownQuiet => "（未显示：--quiet）".into(),
        F::NotShown => "（未显示）".into(),
        F::SomeNotShown { hidden } => format!("（{hidden} 个未显示：--max-per-code 0 显示全部）"),
        F::In { place } => format!("位置：{place}"),
        F::Help => "提示".into(),
        F::InTheVault { errors, warnings } => {
            format!("笔记库有 {errors} 个错误，{warnings} 个警告（`dossier check` 会列出）")
        }
    }
}

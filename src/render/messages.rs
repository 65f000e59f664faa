//! Diagnostics in the zh interface: the problems page and the preview's
//! overlay speak the site's language, while the command line stays
//! English and codes stay the same. Each message and help of the checks
//! is matched by its English form and written again in Chinese with the
//! same values; one that no form matches (a YAML parser's own words) is
//! shown under the Chinese summary of its code. `tests::every_message_of_
//! the_fixtures_is_translated` keeps the forms in step with the checks.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use crate::diagnostics::Diagnostic;

/// What each code means, in Chinese: the line a problem is shown under
/// when its message has no Chinese form.
const SUMMARIES: &[(&str, &str)] = &[
    ("E-file-unreadable", "文件无法读取"),
    ("E-file-too-large", "文件过大，未读取"),
    ("E-name-encoding", "文件名不是 UTF-8，已跳过"),
    ("E-utf8-invalid", "文本不是 UTF-8"),
    ("W-file-empty", "笔记是空的"),
    (
        "E-frontmatter-unclosed",
        "front matter 没有结束，笔记未发布",
    ),
    ("E-frontmatter-too-large", "front matter 过大，笔记未发布"),
    (
        "E-frontmatter-misplaced",
        "front matter 不在第一行，笔记未发布",
    ),
    ("E-yaml-syntax", "YAML 语法错误，笔记未发布"),
    ("E-yaml-not-mapping", "front matter 不是 `键: 值` 的形式"),
    ("W-kind-unknown", "type 不是已知的类型"),
    ("E-field-missing", "缺少必填字段"),
    ("E-field-type", "字段类型不对"),
    ("E-field-range", "取值超出范围"),
    ("E-field-enum", "取值不在允许的范围内"),
    ("E-date-invalid", "日期写法不对"),
    ("E-date-range", "日期超出 1900-01-01 到 9999-12-31"),
    ("E-field-duplicate", "字段写了两次"),
    ("W-field-unknown", "未知字段"),
    ("W-health-unknown", "未配置的健康度维度"),
    ("W-lost-at-unused", "lost_at 只用于丢单的商机"),
    ("E-code-duplicate", "编号重复"),
    ("E-code-pattern", "编号不符合规定的格式"),
    ("E-ref-dangling", "引用的客户不存在"),
    ("E-ref-unreadable", "引用的客户所在笔记无法读取"),
    ("E-link-broken", "链接失效"),
    ("E-asset-missing", "图片或附件不存在"),
    ("E-anchor-broken", "链接的标题不存在"),
    ("W-wikilink-ambiguous", "维基链接有多个同名笔记"),
    ("W-wikilink-split", "表格里的 `|` 把维基链接切断了"),
    ("E-block-broken", "链接的块不存在"),
    ("E-embed-private", "嵌入了未发布的笔记"),
    ("W-embed-cycle", "嵌入形成循环"),
    ("W-link-private", "链接指向私密笔记"),
    ("W-link-unsafe", "不安全的链接"),
    ("W-attachment-unsafe", "此类附件不会复制到站点"),
    ("W-symlink-outside", "符号链接指向笔记库之外"),
    ("W-private-spelling", "按 private 读取，笔记不发布"),
    ("W-history-partial", "Git 历史有一部分无法读取"),
    ("W-symlink-loop", "符号链接形成循环"),
    ("W-symlink-folder", "笔记库内的符号链接文件夹"),
    ("W-symlink-broken", "符号链接指向的目标不存在"),
    ("W-follow-up-overdue", "跟进逾期"),
    ("W-last-contact-missing", "没有最近联系日期"),
    ("W-close-overdue", "商机已过预计成交日"),
    ("W-tier-mismatch", "声明分级与价值分级相差较大"),
    ("W-employees-missing", "没有员工数"),
    ("W-contact-duplicate", "同一客户有两份同名的人员笔记"),
    ("E-template", "模板无法使用"),
    ("E-config", "配置无法使用"),
    ("E-page-collision", "两个文件会写到同一个页面"),
];

/// The Chinese summary of a code.
pub fn summary_zh(code: &str) -> &'static str {
    SUMMARIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("问题", |(_, s)| s)
}

/// How one English form is written in Chinese.
type Write = fn(&Captures) -> String;

/// One English form and how it is written in Chinese. Its regex is
/// compiled the first time a text starts with the form's literal
/// beginning: a build meets a few of the forms, and compiling all of them
/// took longer than translating every message of a 1,000-client vault.
struct Form {
    literal: String,
    pattern: String,
    regex: OnceLock<Regex>,
    write: Write,
}

/// Nouns the English messages use, in Chinese.
fn noun(english: &str) -> &str {
    match english {
        "client" => "客户",
        "opportunity" => "商机",
        "project" => "项目",
        "partner" => "合作伙伴",
        "contact" => "联系人",
        "interaction" => "往来记录",
        "an interaction" => "往来记录",
        "link" => "链接",
        "embed" => "嵌入",
        "image or attachment" => "图片或附件",
        "a list" => "列表",
        "a mapping" => "映射",
        "nothing" => "空值",
        "blank lines" => "空行",
        "invisible characters (a byte-order mark or a zero-width space)" => {
            "不可见字符（字节顺序标记或零宽空格）"
        }
        "its path is the shortest" => "它的路径最短",
        "it is in this note's folder" => "它与本笔记在同一文件夹",
        "can run code" => "可以运行代码",
        "open files on the reader's own computer" => "会打开读者电脑上的文件",
        "open another program, not a page" => "会打开其他程序而不是页面",
        "a plain note" => "普通笔记",
        other => other,
    }
}

/// A value as the messages describe it (`text `x``, `an integer `1``).
fn found(english: &str) -> String {
    let (kind, rest) = english.split_once(' ').unwrap_or((english, ""));
    let kind = match kind {
        "text" => "文字",
        "an" if rest.starts_with("integer") => return format!("整数{}", &rest[7..]),
        "a" if rest.starts_with("number") => return format!("数字{}", &rest[6..]),
        "a" if rest.starts_with("boolean") => return format!("布尔值{}", &rest[7..]),
        _ => return noun(english).to_owned(),
    };
    format!("{kind} {rest}")
}

/// What a field should be, as the messages say it.
fn expected(english: &str) -> String {
    let known = [
        ("a whole number, 0 or more", "0 或更大的整数"),
        (
            "an amount of money (a plain number)",
            "金额（一个普通数字）",
        ),
        ("`true` or `false`", "`true` 或 `false`"),
        ("a list of texts or `[[links]]`", "文字或 `[[链接]]` 的列表"),
        (
            "a list of mappings (`- name: ...`)",
            "映射的列表（`- name: ...`）",
        ),
        ("a probability from 0 to 1", "0 到 1 之间的赢率"),
        ("a date", "日期"),
        ("a text", "文字"),
        ("text", "文字"),
        ("a number", "数字"),
    ];
    if let Some((_, zh)) = known.iter().find(|(en, _)| *en == english) {
        return (*zh).to_owned();
    }
    if let Some(rest) = english.strip_prefix("a whole number from ")
        && let Some((min, max)) = rest.split_once(" to ")
    {
        return format!("{min} 到 {max} 之间的整数");
    }
    if let Some(min) = english
        .strip_prefix("a whole number, ")
        .and_then(|r| r.strip_suffix(" or more"))
    {
        return format!("{min} 或更大的整数");
    }
    english.to_owned()
}

fn forms(list: &[(&str, Write)]) -> Vec<Form> {
    list.iter()
        .map(|(pattern, write)| Form {
            literal: literal_start(pattern),
            pattern: format!("^(?s:{pattern})$"),
            regex: OnceLock::new(),
            write: *write,
        })
        .collect()
}

/// The text every match of `pattern` begins with: its characters up to
/// the first one with a meaning of its own (an escaped punctuation mark
/// stands for itself); a character a quantifier follows is left out, and
/// an alternation outside every group leaves nothing certain.
fn literal_start(pattern: &str) -> String {
    if alternates_at_top(pattern) {
        return String::new();
    }
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n) if n.is_ascii_punctuation() => out.push(n),
                _ => break,
            },
            '*' | '+' | '?' | '{' => {
                out.pop();
                break;
            }
            '(' | ')' | '[' | ']' | '}' | '.' | '^' | '$' | '|' => break,
            _ => out.push(c),
        }
    }
    out
}

/// Whether `pattern` has a `|` outside every group.
fn alternates_at_top(pattern: &str) -> bool {
    let mut depth = 0i32;
    let mut escaped = false;
    pattern.chars().any(|c| {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' => depth -= 1,
            '|' => return depth == 0,
            _ => {}
        }
        false
    })
}

fn message_forms() -> &'static [Form] {
    static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
    FORMS.get_or_init(|| {
        forms(&[
            (r"last contact (\S+)(?: \((.*)\))? is (\d+) days past the (\d+)-day follow-up cadence of tier `(.*)`", |c| {
                let from = c.get(2).map_or(String::new(), |m| format!("（{}）", m.as_str()));
                format!("最近联系 {}{from} 已超过 `{}` 分级 {} 天的跟进周期 {} 天", &c[1], &c[5], &c[4], &c[3])
            }),
            (r"no `last_contact` and no interaction: follow-ups of this client cannot be tracked", |_| {
                "没有 `last_contact`，也没有往来记录：无法跟踪这个客户的跟进".into()
            }),
            (r"open deal (.*) was expected to close on (\S+), (\d+) days before the as-of date", |c| {
                format!("在途商机 {} 预计 {} 成交，已过去 {} 天", &c[1], &c[2], &c[3])
            }),
            (r"declared tier `(.*)` is (\d+) steps from the value tier `(.*)` its contract value ranks it in", |c| {
                format!("声明分级 `{}` 与按合同额得出的价值分级 `{}` 相差 {} 级", &c[1], &c[3], &c[2])
            }),
            (r"contact density cannot be computed without the client's head count", |_| {
                "没有客户的员工数，无法计算联系人密度".into()
            }),
            (r"`(.*)` of client (.*) has two person notes, (.*) and (.*); both count as contacts", |c| {
                format!("客户 {} 的 `{}` 有两份人员笔记：{} 和 {}，都计为联系人", &c[2], &c[1], &c[3], &c[4])
            }),
            (r"(client|opportunity|project) code `(.*)` is used (\d+) times; also in (.*)", |c| {
                format!("{}编号 `{}` 用了 {} 次，另见 {}", noun(&c[1]), &c[2], &c[3], &c[4])
            }),
            (r"(client|opportunity|project) code `(.*)` is also used in (.*)", |c| {
                format!("{}编号 `{}` 在 {} 也用了", noun(&c[1]), &c[2], &c[3])
            }),
            (r"(client|opportunity|project) code `(.*)` does not match `(.*)`", |c| {
                format!("{}编号 `{}` 不符合格式 `{}`", noun(&c[1]), &c[2], &c[3])
            }),
            (r"no client has the code `(.*)`", |c| format!("没有编号为 `{}` 的客户", &c[1])),
            (r"`(.*)` links to (.*), which is (.*), not a client", |c| {
                format!("`{}` 指向 {}，它是{}，不是客户", &c[1], &c[2], noun(&c[3]))
            }),
            (r"`(.*)` names no note", |c| format!("`{}` 没有对应的笔记", &c[1])),
            (r"client `(.*)` is defined in (.*), whose front matter cannot be read \((.*)\)", |c| {
                format!("客户 `{}` 定义在 {}，而它的 front matter 无法读取（{}）", &c[1], &c[2], &c[3])
            }),
            (r"unknown field `(.*)`", |c| format!("未知字段 `{}`", &c[1])),
            (r"unknown (\S+) `(.*)`", |c| format!("{} 的取值 `{}` 不在允许的范围内", &c[1], &c[2])),
            (r"(a|an) (client|opportunity|project|partner|contact) has no `(.*)`", |c| {
                format!("{}缺少 `{}`", noun(&c[2]), &c[3])
            }),
            (r"(.+) has no `(.*)`", |c| format!("{} 缺少 `{}`", &c[1], &c[2])),
            (r"`(.*)` is given twice \(first at line (\d+)\)", |c| {
                format!("`{}` 写了两次（第一次在第 {} 行）", &c[1], &c[2])
            }),
            (r"`(.*)` should be (.*), found (.*)", |c| {
                format!("`{}` 应该是{}，实际是{}", &c[1], expected(&c[2]), found(&c[3]))
            }),
            (r"`(.*)` is (\S+), but money cannot be negative", |c| {
                format!("`{}` 是 {}，金额不能为负", &c[1], &c[2])
            }),
            (r"`(.*)` is (\S+), more than 10\^15", |c| {
                format!("`{}` 是 {}，超过了 10^15", &c[1], &c[2])
            }),
            (r"`(.*)` is (\S+), but it must be (.*)", |c| {
                format!("`{}` 是 {}，但它必须是{}", &c[1], &c[2], expected(&c[3]))
            }),
            (r"`(.*)` is (\S+), outside (\S+)\.\.=(\S+)", |c| {
                format!("`{}` 是 {}，超出了 {} 到 {} 的范围", &c[1], &c[2], &c[3], &c[4])
            }),
            (r"health `(.*)` is `(.*)`; a score is a number from 1 to 5 or a traffic light", |c| {
                format!("健康度 `{}` 是 `{}`；分数应为 1 到 5 的数字或红黄绿灯", &c[1], &c[2])
            }),
            (r"health `(.*)` has no `score`", |c| format!("健康度 `{}` 缺少 `score`", &c[1])),
            (r"`(.*)` is not a configured health dimension", |c| {
                format!("`{}` 不是已配置的健康度维度", &c[1])
            }),
            (r"`(.*)` is not a date: `(.*)`", |c| format!("`{}` 不是日期：`{}`", &c[1], &c[2])),
            (r"`lost_at` is only read for lost deals", |_| "`lost_at` 只用于丢单的商机".into()),
            (r"`lost_at` must be an open stage, not `(.*)`", |c| {
                format!("`lost_at` 必须是一个在途阶段，不能是 `{}`", &c[1])
            }),
            (r"`type: (.*)` is not a kind; the note is read as a plain note", |c| {
                format!("`type: {}` 不是已知的类型；这条笔记按普通笔记读取", &c[1])
            }),
            (r"`contacts` items should be mappings \(`- name: \.\.\.`\), names or `\[\[links\]\]`, found (.*)", |c| {
                format!("`contacts` 的每一项应是映射（`- name: ...`）、姓名或 `[[链接]]`，实际是{}", found(&c[1]))
            }),
            (r"the note is empty", |_| "笔记是空的".into()),
            (r"the file is not valid UTF-8 \(byte (\d+)\)", |c| {
                format!("文件不是有效的 UTF-8（第 {} 字节）", &c[1])
            }),
            (r"the file is (\d+) bytes, over the limit of (\d+); it is not read", |c| {
                format!("文件有 {} 字节，超过了 {} 字节的上限；未读取", &c[1], &c[2])
            }),
            (r"front matter must be a mapping of `key: value` lines, found (.*)", |c| {
                format!("front matter 必须是 `键: 值` 的行，实际是{}", noun(&c[1]))
            }),
            (r"front matter opened with `---` is never closed", |_| {
                "以 `---` 开始的 front matter 没有结束".into()
            }),
            (r"front matter is (\d+) bytes, over the limit of (\d+)", |c| {
                format!("front matter 有 {} 字节，超过了 {} 字节的上限", &c[1], &c[2])
            }),
            (r"front matter must start on the first line; this `---` comes after (.*)", |c| {
                format!("front matter 必须从第一行开始；这个 `---` 前面有{}", noun(&c[1]))
            }),
            (r"aliases expand to more than (\d+) values; the front matter is refused", |c| {
                format!("别名展开后超过 {} 个值；不读取这段 front matter", &c[1])
            }),
            (r"a `\|` in this table row cuts the wikilink in two", |_| {
                "表格这一行里的 `|` 把维基链接切成了两半".into()
            }),
            (r"the name is not valid UTF-8; the entry is skipped", |_| {
                "名称不是有效的 UTF-8；已跳过".into()
            }),
            (r"not a regular file; it is not read", |_| "不是普通文件；未读取".into()),
            (r"cannot read: (.*)", |c| format!("无法读取：{}", &c[1])),
            (r"symlink points outside the vault \(to (.*)\); not followed", |c| {
                format!("符号链接指向笔记库之外（{}）；不跟随", &c[1])
            }),
            (r"symlink target cannot be read: (.*)", |c| format!("符号链接的目标无法读取：{}", &c[1])),
            (r"symlinked folder inside the vault; not followed \(its notes are read where they really are\)", |_| {
                "笔记库内的符号链接文件夹；不跟随（其中的笔记按真实位置读取）".into()
            }),
            (r"symlink to a folder that holds it: a loop; not followed", |_| {
                "符号链接指向包含它的文件夹，形成循环；不跟随".into()
            }),
            (r"symlink loop; not followed", |_| "符号链接循环；不跟随".into()),
            (r"symlink to something that is not a regular file; it is not read", |_| {
                "符号链接指向的不是普通文件；未读取".into()
            }),
            (r"(link|embed|image or attachment) `(.*)`: nothing at `(.*)`", |c| {
                format!("{} `{}`：`{}` 不存在", noun(&c[1]), &c[2], &c[3])
            }),
            (r"(link|embed|image or attachment) `(.*)` points outside the vault", |c| {
                format!("{} `{}` 指向笔记库之外", noun(&c[1]), &c[2])
            }),
            (r"`(.*)`: (.*) has no heading `(.*)`; the link goes to the top of the note", |c| {
                format!("`{}`：{} 没有标题 `{}`；链接指向笔记开头", &c[1], &c[2], &c[3])
            }),
            (r"`(.*)`: (.*) has no block `(.*)`", |c| {
                format!("`{}`：{} 没有块 `{}`", &c[1], &c[2], &c[3])
            }),
            (r"`(.*)` could be (.*); it links to (.*), as Obsidian does, since (.*)", |c| {
                let options = c[2].replace(" or ", "、").replace(", ", "、");
                format!("`{}` 可能是 {}；与 Obsidian 一样链接到 {}，因为{}", &c[1], options, &c[3], noun(&c[4]))
            }),
            (r"`(.*)` embeds a note that is not published; it is left out of the page", |c| {
                format!("`{}` 嵌入了未发布的笔记；页面上不显示", &c[1])
            }),
            (r"`(.*)` leads back to this note through embeds; the page links to it instead", |c| {
                format!("`{}` 通过嵌入又回到了本笔记；页面上改为链接", &c[1])
            }),
            (r"`(.*)` points to a private note; the site shows the text without a link", |c| {
                format!("`{}` 指向私密笔记；站点只显示文字，不加链接", &c[1])
            }),
            (r"`(.*):` links (.*); the site shows the text without a link", |c| {
                format!("`{}:` 链接{}；站点只显示文字，不加链接", &c[1], noun(&c[2]))
            }),
            (r"`(.*)` is not copied into the site: only images, audio, video, PDF, office documents, text, CSV and archives are \(`attachments` in dossier\.toml\)", |c| {
                format!("`{}` 不会复制到站点：只复制图片、音频、视频、PDF、办公文档、文本、CSV 和压缩包（dossier.toml 的 `attachments`）", &c[1])
            }),
            (r"the page of this note would be named with (\d+) bytes, more than file systems take \((\d+)\); it is not written", |c| {
                format!("这条笔记的页面文件名会有 {} 字节，超过文件系统的上限（{}）；未写出", &c[1], &c[2])
            }),
            (r"this note and (.*) would both be written to (.*); this one is not written", |c| {
                format!("这条笔记和 {} 都会写到 {}；这一条未写出", &c[1], &c[2])
            }),
            (r"`(.*)` is a file the site writes itself; it is not copied", |c| {
                format!("`{}` 是站点自己要写的文件；未复制", &c[1])
            }),
            (r"`probability_scale` is `fraction` in dossier\.toml: write (\S+) for (\S+)%", |c| {
                format!("dossier.toml 的 `probability_scale` 是 `fraction`：{}% 应写作 {}", &c[2], &c[1])
            }),
        ])
    })
}

fn help_forms() -> &'static [Form] {
    static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
    FORMS.get_or_init(|| {
        forms(&[
            (r"did you mean `(.*)`\? \(or map it in \[aliases\] of dossier\.toml\)", |c| {
                format!("是否想写 `{}`？（或在 dossier.toml 的 [aliases] 中映射）", &c[1])
            }),
            (r"did you mean `(.*)`\? \(or map it in \[types\] of dossier\.toml: `(.*)`\)", |c| {
                format!("是否想写 `{}`？（或在 dossier.toml 的 [types] 中映射：`{}`）", &c[1], &c[2])
            }),
            (r"did you mean `(.*)`\?", |c| format!("是否想写 `{}`？", &c[1])),
            (r"one of: (.*)", |c| format!("可选：{}", &c[1])),
            (r"headings: (.*)", |c| format!("标题有：{}", &c[1])),
            (r"dimensions: (.*)", |c| format!("维度有：{}", &c[1])),
            (r"the fields here are: (.*)", |c| format!("这里的字段有：{}", &c[1])),
            (r"add `(.*)`", |c| format!("添加 `{}`", &c[1])),
            (r"get in touch, then note the meeting or call, or update `last_contact`", |_| {
                "联系客户后记下这次会议或电话，或更新 `last_contact`".into()
            }),
            (r"add `last_contact: YYYY-MM-DD`, or a note of the last meeting or call", |_| {
                "添加 `last_contact: YYYY-MM-DD`，或记下最近一次会议或电话".into()
            }),
            (r"add `employees:` with the number of people the client employs", |_| {
                "添加 `employees:`，填写客户的员工人数".into()
            }),
            (r"review the tier, or the contract value", |_| "复核客户分级或合同额".into()),
            (r"merge the two notes if they are one person", |_| "如果是同一个人，请合并这两份笔记".into()),
            (r"give each (client|opportunity|project) its own code", |c| {
                format!("每个{}用各自的编号", noun(&c[1]))
            }),
            (r"codes\.(\w+) in dossier\.toml sets the pattern", |c| {
                format!("dossier.toml 的 codes.{} 规定编号格式", &c[1])
            }),
            (r"keep one of them; an alias counts as the same field", |_| {
                "只保留一个；别名与原字段算作同一字段".into()
            }),
            (r"write it as a plain number: `(.*)`", |c| format!("写成普通数字：`{}`", &c[1])),
            (r"write dates as YYYY-MM-DD, e\.g\. 2025-11-30 \(a time may follow: 2025-11-30 09:30\)", |_| {
                "日期写成 YYYY-MM-DD，例如 2025-11-30（后面可以带时间：2025-11-30 09:30）".into()
            }),
            (r"write a number from 1 to 5 \(4\.5 is fine\), or green/yellow/red \(🟢/🟡/🔴\)", |_| {
                "写 1 到 5 的数字（4.5 也可以），或 green/yellow/red（🟢/🟡/🔴）".into()
            }),
            (r"name the furthest stage the deal reached before it was lost", |_| {
                "写出丢单前到达的最远阶段".into()
            }),
            (r"add a line `---` after the last field; the note is not published until then", |_| {
                "在最后一个字段后加一行 `---`；在此之前笔记不发布".into()
            }),
            (r"the note is not published until its front matter reads", |_| {
                "front matter 能读取之前，笔记不发布".into()
            }),
            (r"remove what comes before `---`; the note is not published until then", |_| {
                "删除 `---` 之前的内容；在此之前笔记不发布".into()
            }),
            (r"write `private: true` or `private: false`; until then the note is not published", |_| {
                "写 `private: true` 或 `private: false`；在此之前笔记不发布".into()
            }),
            (r"rename it using UTF-8", |_| "用 UTF-8 重新命名".into()),
            (r"copy the file into the vault instead", |_| "改为把文件复制到笔记库里".into()),
            (r"save the file as UTF-8; the note is not published until then", |_| {
                "把文件存为 UTF-8；在此之前笔记不发布".into()
            }),
            (r"save the file as UTF-8", |_| "把文件存为 UTF-8".into()),
            (r"write the key as `private` \(lowercase, no emphasis\)", |_| {
                "把键写成 `private`（小写，不加强调）".into()
            }),
            (r"put the file itself in the vault's `templates/`; the built-in one is used", |_| {
                "把文件本身放进笔记库的 `templates/`；目前使用内置的".into()
            }),
            (r"split the note, or raise `max_file_bytes` in dossier\.toml", |_| {
                "拆分笔记，或调大 dossier.toml 的 `max_file_bytes`".into()
            }),
            (r"check the number of zeros", |_| "检查零的个数".into()),
            (r"check the year", |_| "检查年份".into()),
            (r"Obsidian's defaults are used in its place", |_| "改用 Obsidian 的默认设置".into()),
            (r"the history's figures go on without it; `git fsck` checks the repository", |_| {
                "历史数据不含这一部分；`git fsck` 可检查仓库".into()
            }),
            (r"move `expected_close`, or record the deal as won or lost", |_| {
                "改一下 `expected_close`，或把商机记为赢单或丢单".into()
            }),
            (r"fix (.*) first", |c| format!("先修好 {}", &c[1])),
            (r"attach it as a PDF or image, or add its extension to `attachments` if it cannot run script", |_| {
                "改用 PDF 或图片附上；如果这类文件不能运行脚本，也可以把扩展名加进 `attachments`".into()
            }),
            (r"write the path to say which: `(.*)`", |c| format!("写出路径以指明是哪一个：`{}`", &c[1])),
            (r"`probability_scale` is `fraction` in dossier\.toml: write (\S+) for (\S+)%", |c| {
                format!("dossier.toml 的 `probability_scale` 是 `fraction`：{}% 应写作 {}", &c[2], &c[1])
            }),
            (r"give (.*) `type: client`, or map its type to client in \[types\]", |c| {
                format!("给 {} 加上 `type: client`，或在 [types] 中把它的类型映射为 client", &c[1])
            }),
            (r"link it with `\[\[\.\.\.\]\]` instead of embedding it", |_| {
                "用 `[[...]]` 链接，而不是嵌入".into()
            }),
            (r"`(.*)` is an alias of (.*); Obsidian links by file name, so write `(.*)`", |c| {
                format!("`{}` 是 {} 的别名；Obsidian 按文件名链接，应写作 `{}`", &c[1], &c[2], &c[3])
            }),
            (r"end the paragraph or list item with ` (\^.*)` in (.*) to name it", |c| {
                format!("在 {} 中段落或列表项的末尾加上 ` {}` 来命名它", &c[2], &c[1])
            }),
            (r"in a table write `(.*)`: the `\\\|` is the alias separator", |c| {
                format!("在表格里写 `{}`：`\\|` 是别名分隔符", &c[1])
            }),
            (r"a private note is never shown inside another: remove the embed, or link it with `\[\[\.\.\.\]\]`", |_| {
                "私密笔记不会显示在别的笔记里：删除嵌入，或用 `[[...]]` 链接".into()
            }),
            (r"fix the template, or remove it to use the built-in one", |_| {
                "修好模板，或删掉它以使用内置模板".into()
            }),
            (r"fix the config; until then the last config that could be read is used", |_| {
                "修好配置；在此之前使用上一份能读取的配置".into()
            }),
            (r"rename one of the two notes", |_| "给其中一条笔记改名".into()),
            (r"give the note a shorter file name", |_| "给笔记起个短一些的文件名".into()),
            (r"rename the file", |_| "给文件改名".into()),
        ])
    })
}

fn translate(forms: &[Form], english: &str) -> Option<String> {
    forms
        .iter()
        .filter(|form| english.starts_with(&form.literal))
        .find_map(|form| {
            let regex = form
                .regex
                .get_or_init(|| Regex::new(&form.pattern).expect("a valid form"));
            regex.captures(english).map(|c| (form.write)(&c))
        })
}

/// A diagnostic's message and help in Chinese. A message without a Chinese
/// form is its code's summary and the English words; a help without one
/// is left as it is.
pub fn zh(d: &Diagnostic) -> (String, Option<String>) {
    let message = translate(message_forms(), &d.message)
        .unwrap_or_else(|| format!("{}：{}", summary_zh(d.code), d.message));
    let help = d
        .help
        .as_ref()
        .map(|h| translate(help_forms(), h).unwrap_or_else(|| h.clone()));
    (message, help)
}

/// Whether the message has a Chinese form (for the tests).
pub fn has_zh_form(message: &str) -> bool {
    translate(message_forms(), message).is_some()
}

/// Whether the help has a Chinese form (for the tests).
pub fn has_zh_help(help: &str) -> bool {
    translate(help_forms(), help).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{CODES, Pos};

    #[test]
    fn every_form_compiles_and_begins_with_its_literal() {
        for form in message_forms().iter().chain(help_forms()) {
            Regex::new(&form.pattern).expect("a valid form");
            // `^(?s:` and the form as written, escapes taken off.
            let body = form.pattern["^(?s:".len()..].replace('\\', "");
            assert!(
                body.starts_with(&form.literal),
                "{} / {:?}",
                form.pattern,
                form.literal
            );
        }
        assert_eq!(literal_start(r"did you mean `(.*)`\?"), "did you mean `");
        assert_eq!(literal_start(r"deals? are"), "deal");
        assert_eq!(literal_start(r"a\.b\d"), "a.b");
        assert_eq!(literal_start(r"ab|cd"), "");
        assert_eq!(literal_start(r"a(b|c)d"), "a");
        assert_eq!(literal_start(r"x{2}"), "");
    }

    #[test]
    fn every_code_has_a_chinese_summary() {
        for code in CODES {
            assert!(
                SUMMARIES.iter().any(|(c, _)| c == code),
                "{code} has no summary"
            );
        }
    }

    #[test]
    fn messages_and_helps_read_in_chinese_with_their_values() {
        let d = Diagnostic::new(
            "W-follow-up-overdue",
            "a.md",
            Pos::new(1, 1),
            "last contact 2025-11-03 is 13 days past the 7-day follow-up cadence of tier `strategic`",
        )
        .help("get in touch, then note the meeting or call, or update `last_contact`");
        let (message, help) = zh(&d);
        assert_eq!(
            message,
            "最近联系 2025-11-03 已超过 `strategic` 分级 7 天的跟进周期 13 天"
        );
        assert_eq!(
            help.as_deref(),
            Some("联系客户后记下这次会议或电话，或更新 `last_contact`")
        );
        let d = Diagnostic::new(
            "W-follow-up-overdue",
            "a.md",
            Pos::new(1, 1),
            "last contact 2025-11-20 (会议纪要/a b.md) is 3 days past the 7-day follow-up cadence of tier `strategic`",
        );
        assert_eq!(
            zh(&d).0,
            "最近联系 2025-11-20（会议纪要/a b.md） 已超过 `strategic` 分级 7 天的跟进周期 3 天"
        );
        let d = Diagnostic::new(
            "E-field-enum",
            "a.md",
            Pos::new(1, 1),
            "unknown stage `negociation`",
        )
        .help("did you mean `negotiation`?");
        assert_eq!(zh(&d).0, "stage 的取值 `negociation` 不在允许的范围内");
        assert_eq!(zh(&d).1.as_deref(), Some("是否想写 `negotiation`？"));
        let d = Diagnostic::new(
            "E-yaml-syntax",
            "a.md",
            Pos::new(1, 1),
            "unclosed bracket '['",
        );
        assert_eq!(zh(&d).0, "YAML 语法错误，笔记未发布：unclosed bracket '['");
    }
}

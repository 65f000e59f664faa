//! Every diagnostic code: its id, severity, one-line summary in each
//! language and its line in `docs/diagnostics.md`, in one table. A test
//! checks the documentation against it.

use serde::Serialize;

use super::Severity;

/// What one code is, as the table below gives it.
pub struct CodeInfo {
    pub id: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    /// The code's row in `docs/diagnostics.md`.
    pub doc: &'static str,
}

macro_rules! codes {
    ($($variant:ident = $id:literal, en: $en:literal, zh: $zh:literal, doc: $doc:literal;)*) => {
        /// A diagnostic's stable code. `E-` codes are errors and `W-` codes
        /// warnings, unless `[severity]` in the config says otherwise.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of the documentation.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub const fn info(self) -> CodeInfo {
                match self {
                    $(Code::$variant => CodeInfo { id: $id, en: $en, zh: $zh, doc: $doc },)*
                }
            }
        }
    };
}

codes! {
    FileUnreadable = "E-file-unreadable",
        en: "the file cannot be read",
        zh: "文件无法读取",
        doc: "the file cannot be read (or is not a regular file)";
    FileTooLarge = "E-file-too-large",
        en: "the file is too large; it is not read",
        zh: "文件过大，未读取",
        doc: "the file is over `max_file_bytes`; it is not read";
    NameEncoding = "E-name-encoding",
        en: "a name is not UTF-8; it is skipped",
        zh: "文件名不是 UTF-8，已跳过",
        doc: "a file or folder name is not UTF-8; it is skipped";
    Utf8Invalid = "E-utf8-invalid",
        en: "the text is not UTF-8",
        zh: "文本不是 UTF-8",
        doc: "the text is not UTF-8 (reported at the first bad byte)";
    FileEmpty = "W-file-empty",
        en: "the note is empty",
        zh: "笔记是空的",
        doc: "the note is empty";
    FrontmatterUnclosed = "E-frontmatter-unclosed",
        en: "front matter never closes; the note is not published",
        zh: "属性区没有结束，笔记未发布",
        doc: "`---` opens front matter that never closes; the note is not published";
    FrontmatterTooLarge = "E-frontmatter-too-large",
        en: "front matter too large; the note is not published",
        zh: "属性区过大，笔记未发布",
        doc: "front matter over 64 KiB; the note is not published";
    FrontmatterMisplaced = "E-frontmatter-misplaced",
        en: "front matter not on the first line; the note is not published",
        zh: "属性区不在第一行，笔记未发布",
        doc: "`---` front matter after blank lines, spaces or invisible characters (a second BOM, a zero-width space); the note is not published";
    YamlSyntax = "E-yaml-syntax",
        en: "YAML syntax error; the note is not published",
        zh: "YAML 语法错误，笔记未发布",
        doc: "the YAML does not parse (or its aliases expand too far); the note is not published";
    YamlNotMapping = "E-yaml-not-mapping",
        en: "front matter is not `key: value` lines",
        zh: "属性区不是 `键: 值` 的形式",
        doc: "the front matter is a list or a scalar, not `key: value` lines";
    KindUnknown = "W-kind-unknown",
        en: "`type` is not a known kind",
        zh: "`type` 不是已知的类型",
        doc: "`type:` is close to a kind's name but is none (`clinet`); the note is read as a plain note (a `type:` that is simply a vault's own word, `meeting`, is a plain note without a warning; `[types]` maps such words to kinds)";
    FieldMissing = "E-field-missing",
        en: "a required field is missing",
        zh: "缺少必填字段",
        doc: "a required field is absent";
    FieldType = "E-field-type",
        en: "a value of the wrong type",
        zh: "字段类型不对",
        doc: "a value of the wrong type (`employees: 很多`)";
    FieldRange = "E-field-range",
        en: "a value out of range",
        zh: "取值超出范围",
        doc: "out of range: probability 0-100, scores 1-5, money ≥ 0";
    FieldEnum = "E-field-enum",
        en: "a value that is not allowed",
        zh: "取值不在允许的范围内",
        doc: "not an allowed value (stage, tier, level, department, role, ...), with \"did you mean\"";
    DateInvalid = "E-date-invalid",
        en: "not a date",
        zh: "日期写法不对",
        doc: "not a `YYYY-MM-DD` date (optionally with a time)";
    DateRange = "E-date-range",
        en: "a date outside 1900-01-01 to 9999-12-31",
        zh: "日期超出 1900-01-01 到 9999-12-31",
        doc: "a date before 1900-01-01 or after 9999-12-31";
    FieldDuplicate = "E-field-duplicate",
        en: "a field given twice",
        zh: "字段写了两次",
        doc: "a field given twice (an alias counts as its field)";
    FieldUnknown = "W-field-unknown",
        en: "an unknown field",
        zh: "未知字段",
        doc: "a field the kind does not have, with \"did you mean\"";
    HealthUnknown = "W-health-unknown",
        en: "a health dimension that is not configured",
        zh: "未配置的健康度维度",
        doc: "a health dimension that is not configured";
    LostAtUnused = "W-lost-at-unused",
        en: "`lost_at` is only read for lost deals",
        zh: "`lost_at` 只用于丢单的商机",
        doc: "`lost_at` on a deal that is not lost";
    CodeDuplicate = "E-code-duplicate",
        en: "a code used twice",
        zh: "编号重复",
        doc: "a client, opportunity or project code used twice; both places are named";
    CodePattern = "E-code-pattern",
        en: "a code that does not match its pattern",
        zh: "编号不符合规定的格式",
        doc: "a code that does not match `[codes]`";
    RefDangling = "E-ref-dangling",
        en: "a reference to a client that does not exist",
        zh: "引用的客户不存在",
        doc: "`client: C404` names no client";
    ClientConflict = "E-client-conflict",
        en: "a client lists a deal or project that names another client",
        zh: "客户列出的商机或项目写的是另一个客户",
        doc: "a client's `opportunities:` or `projects:` links to a note whose own `client:` names another client; both places are named";
    RefUnreadable = "E-ref-unreadable",
        en: "a reference to a client whose note cannot be read",
        zh: "引用的客户所在笔记无法读取",
        doc: "`client: C010` names a client whose note's front matter cannot be read; the message says where it fails";
    LinkBroken = "E-link-broken",
        en: "a broken link",
        zh: "链接失效",
        doc: "a link to nothing, or out of the vault";
    AssetMissing = "E-asset-missing",
        en: "an image or attachment that does not exist",
        zh: "图片或附件不存在",
        doc: "an image or attachment that does not exist";
    AnchorBroken = "E-anchor-broken",
        en: "a link to a heading that does not exist",
        zh: "链接的标题不存在",
        doc: "a `#heading` (or `#A#B` heading path) that the target does not have; the page still links to the note";
    BlockBroken = "E-block-broken",
        en: "a link to a block that does not exist",
        zh: "链接的块不存在",
        doc: "a `#^block` id that the target does not have; the page still links to the note";
    LinkAboveRoot = "W-link-above-root",
        en: "a relative link climbs above the vault's root",
        zh: "相对链接越过了笔记库的根目录",
        doc: "a relative link climbs above the vault's root (`../../images/x.png` from one folder deep); it is read from the root, as Obsidian reads it";
    WikilinkAmbiguous = "W-wikilink-ambiguous",
        en: "a wikilink that several notes match",
        zh: "维基链接有多个同名笔记",
        doc: "`[[Name]]` (or a link by bare file name) matches notes in several folders; it goes where Obsidian takes it (the linking note's folder, else the shortest path), and the warning names the others";
    WikilinkSplit = "W-wikilink-split",
        en: "a `|` in a table cuts a wikilink in two",
        zh: "表格里的 `|` 把维基链接切断了",
        doc: "an unescaped `|` in a table row cuts a `[[wikilink|text]]` in two (write `\\|`)";
    EmbedPrivate = "E-embed-private",
        en: "an embed of a note that is not published",
        zh: "嵌入了未发布的笔记",
        doc: "`![[Note]]` embeds a note that is not published; it is left out of the page";
    EmbedCycle = "W-embed-cycle",
        en: "embeds that lead back to their note",
        zh: "嵌入形成循环",
        doc: "an embed leads back to its own note through embeds; the page links instead";
    LinkPrivate = "W-link-private",
        en: "a link to a private note",
        zh: "链接指向私密笔记",
        doc: "a published note links to a private one; the site shows the text only";
    LinkUnsafe = "W-link-unsafe",
        en: "an unsafe link",
        zh: "不安全的链接",
        doc: "a `javascript:`-style link; the site shows the text only";
    AttachmentUnsafe = "W-attachment-unsafe",
        en: "an attachment of a kind never copied into the site",
        zh: "此类附件不会复制到站点",
        doc: "a link to an HTML, SVG, XML or script file, which is never copied into the site";
    SymlinkOutside = "W-symlink-outside",
        en: "a symlink out of the vault",
        zh: "符号链接指向笔记库之外",
        doc: "a symlink leading out of the vault (a note, template or style sheet); not followed";
    HistoryPartial = "W-history-partial",
        en: "part of the Git history cannot be read",
        zh: "Git 历史有一部分无法读取",
        doc: "a commit's date or a past version of a note could not be read (corrupt, missing, over `max_file_bytes`); the history goes on without it";
    PrivateSpelling = "W-private-spelling",
        en: "read as `private`; the note is not published",
        zh: "按 `private` 读取，笔记不发布",
        doc: "`Private`, `PRIVATE` or `**private**::` read as `private`: the note is withheld";
    SymlinkLoop = "W-symlink-loop",
        en: "a symlink loop",
        zh: "符号链接形成循环",
        doc: "a symlink loop; not followed";
    SymlinkFolder = "W-symlink-folder",
        en: "a symlinked folder inside the vault",
        zh: "笔记库内的符号链接文件夹",
        doc: "a symlinked folder inside the vault; not followed";
    SymlinkBroken = "W-symlink-broken",
        en: "a symlink to nothing",
        zh: "符号链接指向的目标不存在",
        doc: "a symlink to nothing";
    Template = "E-template",
        en: "a template cannot be used",
        zh: "模板无法使用",
        doc: "a template in `VAULT/templates/` does not parse or render (`check` renders one page with each template the vault replaces)";
    PageCollision = "E-page-collision",
        en: "two files would be written to one page",
        zh: "两个文件会写到同一个页面",
        doc: "two notes would be written to one page (`index.md` and `index.note.md`; `a.md` and `A.md` on a disk that ignores case), a note's page name is too long for file systems, or a linked attachment sits where the site writes a file of its own (`clients.csv`, `_assets/`); the one not written is named";
    Config = "E-config",
        en: "the config cannot be used",
        zh: "配置无法使用",
        doc: "`serve` only: the changed `dossier.toml` cannot be used; the last one that could stands in (the other commands stop with exit 2)";
    FollowUpOverdue = "W-follow-up-overdue",
        en: "a follow-up is overdue",
        zh: "跟进逾期",
        doc: "the client's `last_contact` is older than its tier's cadence";
    LastContactMissing = "W-last-contact-missing",
        en: "no last contact date",
        zh: "没有最近联系日期",
        doc: "a client without `last_contact`: its follow-ups cannot be tracked";
    CloseOverdue = "W-close-overdue",
        en: "a deal past its expected close date",
        zh: "商机已过预计成交日",
        doc: "an open deal whose `expected_close` is before the as-of date";
    NextStepMissing = "W-next-step-missing",
        en: "an open deal without a next step",
        zh: "在途商机没有下一步",
        doc: "an open deal with neither `next_step` nor `next_step_date`";
    NextStepOverdue = "W-next-step-overdue",
        en: "a next step past its date",
        zh: "下一步已过期",
        doc: "a deal's or client's `next_step_date` is before the as-of date and no interaction of the client is dated on or after it";
    TierMismatch = "W-tier-mismatch",
        en: "declared tier far from the value tier",
        zh: "声明分级与价值分级相差较大",
        doc: "a declared tier two or more steps from the value tier";
    EmployeesMissing = "W-employees-missing",
        en: "no head count",
        zh: "没有员工数",
        doc: "a client without `employees`: contact density cannot be computed";
    ContactDuplicate = "W-contact-duplicate",
        en: "two person notes of one name for one client",
        zh: "同一客户有两份同名的人员笔记",
        doc: "two person notes of one name for one client; both count, the warning names both files";
}

impl Code {
    /// `E-file-unreadable`.
    pub const fn id(self) -> &'static str {
        self.info().id
    }

    /// The code an id names, as the config's `[severity]` writes it.
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }

    pub fn severity(self) -> Severity {
        if self.id().starts_with("W-") {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// The code's one-line summary in `language`.
    pub fn summary(self, language: super::Language) -> &'static str {
        match language {
            super::Language::En => self.info().en,
            super::Language::Zh => self.info().zh,
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_prefixed() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.id()), "{} twice", code.id());
            assert!(code.id().starts_with("E-") || code.id().starts_with("W-"));
            assert_eq!(Code::from_id(code.id()), Some(*code));
        }
    }
}

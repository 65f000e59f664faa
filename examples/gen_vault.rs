//! Writes a synthetic vault for benchmarks: realistic client notes (front
//! matter as in the brief, ~60-line bodies with tables, lists, CJK text and
//! links between notes), the same bytes for the same seed.
//!
//! `cargo run --release --example gen_vault -- --clients 10000 --seed 1 DIR`
//!
//! With `--commits N` the folder becomes a Git repository (the `git`
//! program writes it) whose first commit holds every note and each of the
//! next `N - 1` moves the first deal of `--per-commit` clients one stage on
//! (now and then its amount too), a commit every 17 hours from 2024-01-01;
//! the work tree is left at the last commit.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// How many client notes to write
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// Seed of the generator; the same seed gives the same vault
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Commits of history to write (0: the folder is no repository)
    #[arg(long, default_value_t = 0)]
    commits: usize,
    /// Client notes each commit after the first changes
    #[arg(long, default_value_t = 20)]
    per_commit: usize,
    /// Folder to write into (created; must be empty or absent)
    dir: PathBuf,
}

/// splitmix64: small, fast and stable across versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const REGIONS: &[&str] = &[
    "山西",
    "江苏",
    "上海",
    "北京",
    "广东",
    "四川",
    "浙江",
    "河南",
    "陕西",
    "内蒙古",
    "云南",
    "山东",
];
const INDUSTRIES: &[&str] = &[
    "煤化工",
    "电力",
    "制造业",
    "物流",
    "医药",
    "金融",
    "零售",
    "化工",
    "矿业",
    "教育",
    "食品",
    "新能源",
];
const WORDS: &[&str] = &[
    "东方", "华能", "远景", "鸿运", "长城", "金石", "蓝海", "瑞丰", "天成", "恒信", "中联", "星河",
];
const SUFFIXES: &[&str] = &["集团", "股份", "科技", "实业", "控股", "有限公司"];
const OWNERS: &[&str] = &["张伟", "李娜", "王强", "赵磊", "陈静", "刘洋"];
const SURNAMES: &[&str] = &[
    "曹", "赵", "刘", "孙", "周", "吴", "郑", "王", "冯", "陈", "许", "何",
];
const DEPTS: &[&str] = &[
    "sales",
    "finance",
    "operations",
    "it",
    "hr",
    "management",
    "production",
    "procurement",
];
const LEVELS: &[&str] = &["c_level", "vp", "director", "manager", "staff"];
const ROLES: &[&str] = &[
    "decision_maker",
    "influencer",
    "champion",
    "user",
    "gatekeeper",
];
const TIERS: &[&str] = &["strategic", "core", "potential", "normal"];
const STATUSES: &[&str] = &["prospect", "negotiating", "active", "dormant", "churned"];
const SOURCES: &[&str] = &["referral", "exhibition", "partner", "inbound", "outbound"];
const STAGES: &[&str] = &[
    "contacted",
    "qualified",
    "proposal",
    "negotiation",
    "won",
    "lost",
];
const LIGHTS: &[&str] = &["green", "yellow", "red", "🟢", "🟡", "🔴"];
const SENTENCES: &[&str] = &[
    "客户对数字化转型的预算在逐年增加，但决策流程较长。",
    "本次交流重点讨论了数据接入方案与上线节奏。",
    "对方信息中心希望先做小范围试点，再逐步推广到全部产线。",
    "财务部门关注付款节奏，倾向按里程碑分期支付。",
    "竞争对手报价更低，但缺少行业案例与交付团队。",
    "The plant manager asked for a written summary of the pilot results.",
    "Next quarter the procurement team will run a formal tender.",
    "现场调研发现历史数据质量一般，需要预留清洗时间。",
];

fn client_name(i: usize, rng: &mut Rng) -> String {
    format!(
        "{}{}{}{:05}",
        rng.pick(REGIONS),
        rng.pick(WORDS),
        rng.pick(SUFFIXES),
        i
    )
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut rng = Rng(args.seed);
    let n = args.clients;
    std::fs::create_dir_all(args.dir.join("clients"))?;
    std::fs::create_dir_all(args.dir.join("projects"))?;
    let config = "title = \"Synthetic vault\"\nlanguage = \"zh\"\n\n[folders]\nclients = \"client\"\nprojects = \"project\"\n";
    std::fs::write(args.dir.join("dossier.toml"), config)?;
    // Every file written (path in the vault, text), for the history.
    let mut files: Vec<(String, String)> = Vec::new();
    let keep = args.commits > 0;
    if keep {
        files.push(("dossier.toml".to_owned(), config.to_owned()));
    }
    let names: Vec<String> = (1..=n).map(|i| client_name(i, &mut rng)).collect();
    let mut bytes = 0usize;
    for i in 1..=n {
        let name = &names[i - 1];
        let mut t = String::with_capacity(6000);
        let code = format!("C{i:05}");
        let _ = writeln!(
            t,
            "---\ntype: client\ncode: {code}\nname: {name}\nowner: {}",
            rng.pick(OWNERS)
        );
        let industry = rng.pick(INDUSTRIES);
        let _ = writeln!(
            t,
            "industry: {industry}\nregion: {}\nscale: {}",
            rng.pick(REGIONS),
            rng.pick(&["large", "medium", "small"])
        );
        let _ = writeln!(
            t,
            "employees: {}\nannual_revenue: {}",
            50 + rng.below(20000),
            1_000_000 * (1 + rng.below(20000))
        );
        if rng.below(10) > 0 {
            let _ = writeln!(t, "contract_value: {}", 10_000 * (1 + rng.below(100)));
        }
        let _ = writeln!(
            t,
            "tier: {}\nstatus: {}\nsource: {}",
            rng.pick(TIERS),
            rng.pick(STATUSES),
            rng.pick(SOURCES)
        );
        let _ = writeln!(
            t,
            "since: 2024-{:02}-{:02}\nlast_contact: 2025-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28),
            1 + rng.below(11),
            1 + rng.below(28)
        );
        let _ = writeln!(t, "tags: [{industry}, 重点]\ncontacts:");
        for _ in 0..rng.below(8) {
            let _ = writeln!(
                t,
                "  - {{name: {}总, title: 部门负责人, department: {}, level: {}, role: {}, relationship: {}}}",
                rng.pick(SURNAMES),
                rng.pick(DEPTS),
                rng.pick(LEVELS),
                rng.pick(ROLES),
                1 + rng.below(5)
            );
        }
        let _ = writeln!(
            t,
            "health:\n  relationship: {}\n  decision_reach: {}\n  payment: {}\n  willingness: {{score: {}, note: 意愿稳定}}",
            1 + rng.below(5),
            1 + rng.below(5),
            rng.pick(LIGHTS),
            1 + rng.below(5)
        );
        let _ = writeln!(t, "opportunities:");
        for k in 0..1 + rng.below(3) {
            let stage = rng.pick(STAGES);
            let _ = writeln!(
                t,
                "  - code: O{i:05}{k}\n    name: {industry}智能化项目{k}\n    stage: {stage}\n    amount: {}",
                10_000 * (1 + rng.below(200))
            );
            let _ = writeln!(
                t,
                "    expected_close: 2026-{:02}-{:02}\n    last_follow_up: 2025-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28),
                1 + rng.below(11),
                1 + rng.below(28)
            );
            if *stage == "lost" {
                let _ = writeln!(t, "    lost_at: {}", rng.pick(&STAGES[..4]));
            }
        }
        let _ = writeln!(t, "---\n# {name}\n\n## 概况\n");
        for _ in 0..4 {
            let _ = writeln!(
                t,
                "{}{}{}\n",
                rng.pick(SENTENCES),
                rng.pick(SENTENCES),
                rng.pick(SENTENCES)
            );
        }
        let _ = writeln!(
            t,
            "## 跟进记录\n\n| 日期 | 事项 | 负责人 |\n| --- | --- | --- |"
        );
        for _ in 0..8 {
            let _ = writeln!(
                t,
                "| 2025-{:02}-{:02} | {} | {} |",
                1 + rng.below(11),
                1 + rng.below(28),
                rng.pick(SENTENCES),
                rng.pick(OWNERS)
            );
        }
        let _ = writeln!(t, "\n## 关联客户\n");
        for _ in 0..5 {
            let j = rng.below(n);
            let _ = writeln!(
                t,
                "- [[C{:05}-{}|{}]]：同行业参考，见 [概况](C{:05}-{}.md#概况)。",
                j + 1,
                names[j],
                names[j],
                j + 1,
                names[j]
            );
        }
        let p = (i - 1) / 10 + 1;
        let _ = writeln!(t, "- 项目：[P{p:05}](../projects/P{p:05}.md)\n\n## 待办\n");
        for _ in 0..6 {
            let _ = writeln!(t, "- [ ] {}", rng.pick(SENTENCES));
        }
        let _ = writeln!(t, "\n## 纪要\n");
        for _ in 0..6 {
            let _ = writeln!(t, "> {}\n", rng.pick(SENTENCES));
        }
        let _ = writeln!(t, "```text\n{code} 备注：{}\n```", rng.pick(SENTENCES));
        bytes += t.len();
        let rel = format!("clients/{code}-{name}.md");
        std::fs::write(args.dir.join(&rel), &t)?;
        if keep {
            files.push((rel, t));
        }
    }
    let clients_end = files.len();
    for p in 1..=n.div_ceil(10) {
        let first = (p - 1) * 10 + 1;
        let t = format!(
            "---\ntype: project\ncode: P{p:05}\nname: 项目{p}\nclient: C{first:05}\nstatus: active\namount: 100000\n---\n# 项目{p}\n\n客户：[[C{first:05}-{}]]。\n",
            names[first - 1]
        );
        bytes += t.len();
        let rel = format!("projects/P{p:05}.md");
        std::fs::write(args.dir.join(&rel), &t)?;
        if keep {
            files.push((rel, t));
        }
    }
    if keep {
        // files[0] is the config.
        write_history(&args, &mut files, 1..clients_end, &mut rng)?;
    }
    eprintln!(
        "wrote {n} clients, {} projects, {:.1} MB{} to {}",
        n.div_ceil(10),
        bytes as f64 / 1e6,
        if keep {
            format!(", {} commits", args.commits)
        } else {
            String::new()
        },
        args.dir.display()
    );
    Ok(())
}

/// Seconds from 1970 of 2024-01-01 00:00 in UTC+8, the first commit.
const FIRST_COMMIT: i64 = 1_704_038_400;
/// Between two commits: 17 hours.
const COMMIT_EVERY: i64 = 17 * 3600;

fn git(dir: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

/// Writes `args.commits` commits with `git fast-import` and checks the last
/// out; `clients` are the indexes of the client notes in `files`.
fn write_history(
    args: &Args,
    files: &mut [(String, String)],
    clients: std::ops::Range<usize>,
    rng: &mut Rng,
) -> std::io::Result<()> {
    use std::io::Write;
    let status = git(&args.dir).args(["init", "-q", "-b", "main"]).status()?;
    if !status.success() {
        return Err(std::io::Error::other("git init failed"));
    }
    let mut child = git(&args.dir)
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()?;
    let mut out = std::io::BufWriter::new(child.stdin.take().expect("piped"));
    let put = |out: &mut std::io::BufWriter<_>, path: &str, text: &str| {
        write!(out, "M 100644 inline {path}\ndata {}\n{text}\n", text.len())
    };
    for c in 0..args.commits {
        let when = FIRST_COMMIT + COMMIT_EVERY * c as i64;
        let message = format!("book as of commit {c}");
        write!(
            out,
            "commit refs/heads/main\nmark :{}\nauthor Bench <bench@example.com> {when} +0800\ncommitter Bench <bench@example.com> {when} +0800\ndata {}\n{message}\n",
            c + 1,
            message.len()
        )?;
        if c > 0 {
            writeln!(out, "from :{c}")?;
        }
        if c == 0 {
            for (path, text) in files.iter() {
                put(&mut out, path, text)?;
            }
        } else {
            let mut touched = std::collections::BTreeSet::new();
            while touched.len() < args.per_commit.min(clients.len()) {
                touched.insert(clients.start + rng.below(clients.len()));
            }
            for i in touched {
                let moved = move_first_deal(&files[i].1, rng);
                files[i].1 = moved;
                let (path, text) = &files[i];
                put(&mut out, path, text)?;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    drop(out);
    if !child.wait()?.success() {
        return Err(std::io::Error::other("git fast-import failed"));
    }
    let status = git(&args.dir).args(["reset", "-q", "--hard"]).status()?;
    if !status.success() {
        return Err(std::io::Error::other("git reset failed"));
    }
    Ok(())
}

/// The note with its first deal one stage on (after negotiation it is won,
/// a won or lost deal starts over as contacted), and now and then a new
/// amount.
fn move_first_deal(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut moved = false;
    let mut amount_done = false;
    for line in text.split_inclusive('\n') {
        if !moved && let Some(stage) = line.strip_prefix("    stage: ") {
            let stage = stage.trim_end();
            let next = match stage {
                "contacted" => "qualified",
                "qualified" => "proposal",
                "proposal" => "negotiation",
                "negotiation" => "won",
                _ => "contacted",
            };
            out.push_str(&format!("    stage: {next}\n"));
            moved = true;
            continue;
        }
        if moved && !amount_done && line.starts_with("    amount: ") {
            amount_done = true;
            if rng.below(4) == 0 {
                out.push_str(&format!("    amount: {}\n", 10_000 * (1 + rng.below(200))));
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

//! The book of business against figures worked out by hand.
//!
//! `tests/book/` is a small vault whose every figure is computed below from
//! the rules of the report (as of 2025-06-30), not by the code under test.
//! The comparison allows extra keys in the report but no missing or
//! different one, and lists must match in length and order.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/book")
}

fn report(vault: &Path, as_of: &str) -> Value {
    let out = Command::cargo_bin("dossier")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["report", "--format", "json", "--as-of", as_of])
        .arg(vault)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every key of `expected` is in `actual` with the same value; arrays have
/// the same length; numbers agree to 1e-9.
fn assert_within(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let Some(found) = a.get(key) else {
                    panic!("{path}.{key}: missing");
                };
                assert_within(value, found, &format!("{path}.{key}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path}: length; actual {actual}");
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                assert_within(e, a, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap(), a.as_f64().unwrap());
            assert!((e - a).abs() < 1e-9, "{path}: expected {e}, got {a}");
        }
        _ => assert_eq!(expected, actual, "{path}"),
    }
}

#[test]
fn clients_follow_every_rule() {
    let r = report(&book(), "2025-06-30");
    assert_eq!(r["as_of"], "2025-06-30");
    // Value tiers: contract values > 0 are C001 1000, C002 500, C003 500
    // (tie: code), C004 200, C006 100, so n = 5; ceil(0.05·5) = 1 strategic,
    // ceil(0.15·5) = 1 (no core), ceil(0.30·5) = 2 potential; C005 has none.
    // Health weights: relationship 2, the rest 1.
    //   C001 (2·5 + 4 + 5 + 4) / 5 = 4.6 excellent
    //   C002 (2·4 + 3) / 3 = 3.666… → 3.67 good
    //   C004 (2·3 + 2 + 1 + 3) / 5 = 2.4 poor
    //   C005 (2·3 + 2) / 3 = 2.666… → 2.67 fair
    //   C006 5 / 1 = 5 excellent
    // Follow-ups as of 2025-06-30 (cadence strategic 7, core 14, potential
    // 30, none → normal 30): C001 5 − 7 < 0 → 0; C002 29 − 14 = 15;
    // C004 60 − 30 = 30; C005 30 − 30 = 0; C006 22 − 7 = 15.
    let expected = json!([
        {
            "code": "C001", "name": "Alpha", "file": "clients/alpha.md",
            "tier": "strategic", "value_tier": "strategic", "status": "active",
            "industry": "Energy", "region": "North", "scale": "large", "owner": "Ann",
            "annual_revenue": 5000, "contract_value": 1000, "employees": 1000,
            "contact_count": 5,
            "health": {"score": 4.6, "grade": "excellent"},
            "contact_risk": {"level": "low", "density_permille": 5.0, "decision_share": 0.4,
                             "missing_departments": [], "failures": []},
            "last_contact": "2025-06-25", "follow_up_overdue_days": 0
        },
        {
            "code": "C002", "name": "Beta", "file": "clients/beta.md",
            "tier": "core", "value_tier": "potential", "status": "active",
            "industry": "Energy", "region": "South", "scale": "medium", "owner": "Bob",
            "annual_revenue": 8000, "contract_value": 500, "employees": 2000,
            "contact_count": 2,
            "health": {"score": 3.67, "grade": "good"},
            "contact_risk": {"level": "high", "density_permille": 1.0, "decision_share": 0.0,
                             "missing_departments": ["operations", "it", "hr"],
                             "failures": ["density", "decision_share", "departments"]},
            "last_contact": "2025-06-01", "follow_up_overdue_days": 15
        },
        {
            // No contacts, no employees: density and share are null, only
            // departments fail, and no contacts at all makes it high.
            "code": "C003", "name": "Gamma", "file": "clients/gamma.md",
            "tier": "core", "value_tier": "normal", "status": "prospect",
            "industry": null, "region": "North", "scale": null, "owner": "Ann",
            "annual_revenue": 8000, "contract_value": 500, "employees": null,
            "contact_count": 0,
            "health": {"score": null, "grade": null},
            "contact_risk": {"level": "high", "density_permille": null, "decision_share": null,
                             "missing_departments": ["sales", "finance", "operations", "it", "hr"],
                             "failures": ["departments"]},
            "last_contact": null, "follow_up_overdue_days": null
        },
        {
            // The person note people/dan.md (client: C004) is the second contact.
            "code": "C004", "name": "Delta", "file": "clients/delta.md",
            "tier": "potential", "value_tier": "normal", "status": "negotiating",
            "industry": "Retail", "region": "South", "scale": "small", "owner": "Dee",
            "annual_revenue": null, "contract_value": 200, "employees": 100,
            "contact_count": 2,
            "health": {"score": 2.4, "grade": "poor"},
            "contact_risk": {"level": "medium", "density_permille": 20.0, "decision_share": 0.5,
                             "missing_departments": ["finance", "operations", "hr"],
                             "failures": ["departments"]},
            "last_contact": "2025-05-01", "follow_up_overdue_days": 30
        },
        {
            "code": "C005", "name": "Epsilon", "file": "clients/epsilon.md",
            "tier": null, "value_tier": "normal", "status": "dormant",
            "industry": "Retail", "region": null, "scale": null, "owner": "Dee",
            "annual_revenue": null, "contract_value": null, "employees": 50,
            "contact_count": 0,
            "health": {"score": 2.67, "grade": "fair"},
            "contact_risk": {"level": "high", "density_permille": 0.0, "decision_share": null,
                             "missing_departments": ["sales", "finance", "operations", "it", "hr"],
                             "failures": ["density", "departments"]},
            "last_contact": "2025-05-31", "follow_up_overdue_days": 0
        },
        {
            "code": "C006", "name": "Zeta", "file": "clients/zeta.md",
            "tier": "strategic", "value_tier": "normal", "status": "active",
            "industry": "Energy", "region": "North", "scale": "large", "owner": "Bob",
            "annual_revenue": 3000, "contract_value": 100, "employees": 10000,
            "contact_count": 4,
            "health": {"score": 5.0, "grade": "excellent"},
            "contact_risk": {"level": "high", "density_permille": 0.4, "decision_share": 0.0,
                             "missing_departments": ["it"],
                             "failures": ["density", "decision_share", "departments"]},
            "last_contact": "2025-06-08", "follow_up_overdue_days": 15
        }
    ]);
    // The private client C007 and the private deal O12 are in no figure.
    assert_within(&expected, &r["clients"], "clients");
}

#[test]
fn funnel_forecast_and_stale_deals_follow_every_rule() {
    let r = report(&book(), "2025-06-30");
    // Deals (probability: own, else the stage's):
    //   O01 negotiation 1000 ×75% = 750     O02 won 400 ×100% = 400
    //   O03 proposal 500 ×40% = 200         O04 lost at negotiation 300
    //   O05 lost, no lost_at → contacted    O06 contacted 100 ×10% = 10
    //   O07 qualified, no amount → 0        O08 lost at proposal 50
    //   O09 won 250 ×90% = 225              O10 qualified 600 ×0% = 0
    // Furthest stage index (contacted 0 … won 4): O05 O06 → 0, O07 O10 → 1,
    // O03 O08 → 2, O01 O04 → 3, O02 O09 → 4; reached = 10, 8, 6, 4, 2.
    let expected = json!({
        "stages": [
            {"key": "contacted", "label": "Contacted", "count": 1, "amount": 100,
             "weighted_amount": 10, "reached": 10, "conversion": null},
            {"key": "qualified", "label": "Qualified", "count": 2, "amount": 600,
             "weighted_amount": 0, "reached": 8, "conversion": 0.8},
            {"key": "proposal", "label": "Proposal", "count": 1, "amount": 500,
             "weighted_amount": 200, "reached": 6, "conversion": 0.75},
            {"key": "negotiation", "label": "Negotiation", "count": 1, "amount": 1000,
             "weighted_amount": 750, "reached": 4, "conversion": 4.0 / 6.0},
            {"key": "won", "label": "Won", "count": 2, "amount": 650,
             "weighted_amount": 625, "reached": 2, "conversion": 0.5}
        ],
        "open_count": 5, "open_amount": 2200, "weighted_amount": 960,
        "won_count": 2, "won_amount": 650, "lost_count": 3, "win_rate": 0.4
    });
    assert_within(&expected, &r["funnel"], "funnel");
    // Open deals with a close date: O03 June; O01, O07, O10 July. O06 has none.
    let forecast = json!([
        {"month": "2025-06", "count": 1, "amount": 500, "weighted_amount": 200},
        {"month": "2025-07", "count": 3, "amount": 1600, "weighted_amount": 750}
    ]);
    assert_within(&forecast, &r["forecast"], "forecast");
    // Stale (> 30 days, or never): O06 never, O03 41 days; O07 at exactly
    // 30 days is not stale. Never first, then the longest silence.
    let stale = json!([
        {"code": "O06", "client": "C004", "days_since_follow_up": null},
        {"code": "O03", "client": "C002", "days_since_follow_up": 41}
    ]);
    assert_within(&stale, &r["stale_opportunities"], "stale_opportunities");
    // By owner (extra): deals without an owner count for the client's owner.
    let ann = &r["funnel"]["by_owner"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["owner"] == "Ann")
        .unwrap();
    assert_within(
        &json!({"open_count": 1, "open_amount": 1000, "weighted_amount": 750,
                "won_count": 1, "won_amount": 400, "lost_count": 0}),
        ann,
        "by_owner[Ann]",
    );
}

#[test]
fn classifications_follow_every_rule() {
    let r = report(&book(), "2025-06-30");
    // Count descending, then value ascending; clients without a value are
    // `null`, after the values of the same count.
    let expected = json!({
        "tier": [
            {"value": "core", "count": 2, "contract_value": 1000},
            {"value": "strategic", "count": 2, "contract_value": 1100},
            {"value": "potential", "count": 1, "contract_value": 200},
            {"value": null, "count": 1, "contract_value": 0}
        ],
        "industry": [
            {"value": "Energy", "count": 3, "contract_value": 1600},
            {"value": "Retail", "count": 2, "contract_value": 200},
            {"value": null, "count": 1, "contract_value": 500}
        ],
        "region": [
            {"value": "North", "count": 3, "contract_value": 1600},
            {"value": "South", "count": 2, "contract_value": 700},
            {"value": null, "count": 1, "contract_value": 0}
        ],
        "scale": [
            {"value": "large", "count": 2, "contract_value": 1100},
            {"value": null, "count": 2, "contract_value": 500},
            {"value": "medium", "count": 1, "contract_value": 500},
            {"value": "small", "count": 1, "contract_value": 200}
        ],
        "status": [
            {"value": "active", "count": 3, "contract_value": 1600},
            {"value": "dormant", "count": 1, "contract_value": 0},
            {"value": "negotiating", "count": 1, "contract_value": 200},
            {"value": "prospect", "count": 1, "contract_value": 500}
        ],
        "source": [
            {"value": "referral", "count": 2, "contract_value": 1100},
            {"value": null, "count": 2, "contract_value": 500},
            {"value": "exhibition", "count": 1, "contract_value": 500},
            {"value": "inbound", "count": 1, "contract_value": 200}
        ],
        "value_tier": [
            {"value": "normal", "count": 4, "contract_value": 800},
            {"value": "potential", "count": 1, "contract_value": 500},
            {"value": "strategic", "count": 1, "contract_value": 1000}
        ]
    });
    assert_within(&expected, &r["classifications"], "classifications");
}

#[test]
fn contact_risk_and_follow_ups_follow_every_rule() {
    let r = report(&book(), "2025-06-30");
    // High: C002 (8000), C003 (8000, tie → code), C006 (3000), C005 (no
    // revenue, last). m = 4: P0 ranks ≤ ceil(0.4) = 1, P1 ≤ ceil(1.2) = 2.
    // C002 needs ceil(5 × 2000 / 1000) = 10 contacts, has 2: 8 more;
    // C006 needs 50, has 4: 46 more.
    let expected = json!({
        "high": 4, "medium": 1, "low": 1,
        "action_plan": [
            {"priority": "P0", "code": "C002", "name": "Beta", "annual_revenue": 8000,
             "reasons": ["contact density 1.00‰ is below 5‰ (2 contacts for 2000 employees)",
                         "decision-level share 0% is below 15%",
                         "no contact in Operations, IT, HR"],
             "actions": ["add 8 more contacts", "add a C-level or VP contact",
                         "cover Operations, IT, HR"]},
            {"priority": "P1", "code": "C003", "name": "Gamma", "annual_revenue": 8000,
             "reasons": ["no contacts on record"],
             "actions": ["add contacts at every level"]},
            {"priority": "P2", "code": "C006", "name": "Zeta", "annual_revenue": 3000,
             "reasons": ["contact density 0.40‰ is below 5‰ (4 contacts for 10000 employees)",
                         "decision-level share 0% is below 15%",
                         "no contact in IT"],
             "actions": ["add 46 more contacts", "add a C-level or VP contact", "cover IT"]},
            {"priority": "P2", "code": "C005", "name": "Epsilon", "annual_revenue": null,
             "reasons": ["no contacts on record"],
             "actions": ["add contacts at every level"]}
        ]
    });
    assert_within(&expected, &r["contact_risk"], "contact_risk");
    // Most overdue first, then code (C002 and C006 tie at 15).
    let overdue = json!([
        {"code": "C004", "name": "Delta", "tier": "potential", "last_contact": "2025-05-01",
         "cadence_days": 30, "overdue_days": 30},
        {"code": "C002", "name": "Beta", "tier": "core", "last_contact": "2025-06-01",
         "cadence_days": 14, "overdue_days": 15},
        {"code": "C006", "name": "Zeta", "tier": "strategic", "last_contact": "2025-06-08",
         "cadence_days": 7, "overdue_days": 15}
    ]);
    assert_within(&overdue, &r["follow_ups_overdue"], "follow_ups_overdue");
}

#[test]
fn business_warnings_sit_at_the_value_that_raises_them() {
    let out = Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--format", "json", "--as-of", "2025-06-30"])
        .arg(book())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, String, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    let expected: Vec<(String, String, u64)> = [
        ("W-close-overdue", "opportunities/O03.md", 9),
        ("W-employees-missing", "clients/gamma.md", 3),
        ("W-follow-up-overdue", "clients/beta.md", 15),
        ("W-follow-up-overdue", "clients/delta.md", 14),
        ("W-follow-up-overdue", "clients/zeta.md", 15),
        ("W-last-contact-missing", "clients/gamma.md", 3),
        ("W-next-step-missing", "clients/beta.md", 24),
        ("W-next-step-missing", "clients/delta.md", 24),
        ("W-next-step-overdue", "clients/alpha.md", 31),
        ("W-next-step-overdue", "opportunities/O03.md", 13),
        ("W-tier-mismatch", "clients/gamma.md", 9),
        ("W-tier-mismatch", "clients/zeta.md", 12),
    ]
    .iter()
    .map(|(c, f, l)| ((*c).to_owned(), (*f).to_owned(), *l))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn zero_denominators_give_null() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("solo.md"),
        "---\ntype: client\ncode: C001\nname: Solo\nowner: Ann\n\
         opportunities:\n  - {code: O1, name: First, stage: contacted, amount: 10}\n---\n",
    )
    .unwrap();
    let r = report(dir.path(), "2025-06-30");
    let conversions: Vec<&Value> = r["funnel"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["conversion"])
        .collect();
    // contacted is first (null); qualified 0 / 1 = 0; then 0 / 0 → null.
    assert_eq!(
        conversions,
        [
            &Value::Null,
            &json!(0.0),
            &Value::Null,
            &Value::Null,
            &Value::Null
        ]
    );
    assert_eq!(r["funnel"]["win_rate"], Value::Null);
    assert_eq!(r["clients"][0]["contact_risk"]["level"], "high");
    assert_eq!(
        r["classifications"]["value_tier"],
        json!([{"value": "normal", "count": 1, "contract_value": 0}])
    );
}

#[test]
fn csv_tables_have_a_header_and_one_row_per_item() {
    let run = |table: &str, bom: bool| {
        let mut cmd = Command::cargo_bin("dossier").unwrap();
        cmd.args([
            "report",
            "--format",
            "csv",
            "--table",
            table,
            "--as-of",
            "2025-06-30",
        ]);
        if bom {
            cmd.arg("--bom");
        }
        let out = cmd.arg(book()).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let plan = run("action-plan", false);
    let mut lines = plan.lines();
    assert_eq!(
        lines.next(),
        Some("priority,code,name,owner,annual_revenue,reasons,actions")
    );
    assert!(lines.next().unwrap().starts_with("P0,C002,Beta,Bob,8000,"));
    assert_eq!(plan.lines().count(), 5);
    let clients = run("clients", false);
    assert!(clients.starts_with("code,name,file,"));
    assert_eq!(clients.lines().count(), 7);
    assert!(clients.contains("C003,Gamma,clients/gamma.md,core,normal,prospect,"));
    let funnel = run("funnel", false);
    assert!(
        funnel.contains("\nnegotiation,Negotiation,1,1000,750,4,0.667\n"),
        "{funnel}"
    );
    let forecast = run("forecast", true);
    assert!(
        forecast.starts_with("\u{feff}month,count,amount,weighted_amount\n2025-06,1,500,200\n")
    );
}

#[test]
fn csv_without_a_table_is_refused() {
    Command::cargo_bin("dossier")
        .unwrap()
        .args(["report", "--format", "csv"])
        .arg(book())
        .assert()
        .code(2);
    Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--format", "csv"])
        .arg(book())
        .assert()
        .code(2);
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-vault")
}

#[test]
fn example_vault_report_is_stable() {
    let r = report(&example(), "2025-11-23");
    insta::assert_snapshot!(
        "example_vault_report",
        serde_json::to_string_pretty(&r).unwrap()
    );
}

/// `1464500` → `1,464,500`, as the site writes money (written here again so
/// the test does not lean on the code it checks).
/// An amount as the zh interface writes it: in 万 (ten thousand) and 亿
/// (a hundred million) with up to two decimals, smaller ones grouped.
fn wan(value: &Value) -> String {
    let v = value.as_f64().unwrap();
    let short = |x: f64, unit: &str| {
        let text = format!("{x:.2}");
        format!("{}{unit}", text.trim_end_matches('0').trim_end_matches('.'))
    };
    if v.abs() >= 1e8 {
        short(v / 1e8, "亿")
    } else if v.abs() >= 1e4 {
        short(v / 1e4, "万")
    } else {
        grouped(value)
    }
}

fn grouped(value: &Value) -> String {
    let v = value.as_f64().unwrap();
    let whole = format!("{}", v.trunc() as i64);
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let cents = ((v - v.trunc()) * 100.0).round() as i64;
    if cents > 0 {
        out.push_str(&format!(".{cents:02}"));
    }
    out
}

fn percent(value: &Value) -> String {
    match value.as_f64() {
        None => "—".into(),
        Some(v) => {
            let text = format!("{:.1}", v * 100.0);
            format!("{}%", text.trim_end_matches(".0"))
        }
    }
}

#[test]
fn dashboard_and_pipeline_show_the_reports_figures() {
    let r = report(&example(), "2025-11-23");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    Command::cargo_bin("dossier")
        .unwrap()
        .args(["build", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .arg(example())
        .assert()
        .success();
    let read = |page: &str| std::fs::read_to_string(site.join(page)).unwrap();
    let cell = |text: String| format!(">{text}<");
    let f = &r["funnel"];

    let dashboard = read("index.html");
    let clients = r["clients"].as_array().unwrap().len().to_string();
    for figure in [
        clients,
        wan(&f["open_amount"]),
        wan(&f["weighted_amount"]),
        percent(&f["win_rate"]),
        r["contact_risk"]["high"].to_string(),
        r["follow_ups_overdue"]
            .as_array()
            .unwrap()
            .len()
            .to_string(),
    ] {
        assert!(
            dashboard.contains(&format!("<span class=\"headline-value\">{figure}</span>")),
            "dashboard lacks headline {figure}"
        );
    }
    for o in r["follow_ups_overdue"].as_array().unwrap().iter().take(5) {
        assert!(dashboard.contains(o["code"].as_str().unwrap()));
        assert!(dashboard.contains(&cell(o["overdue_days"].to_string())));
    }
    for s in r["stale_opportunities"].as_array().unwrap().iter().take(5) {
        assert!(dashboard.contains(&cell(s["code"].as_str().unwrap().to_owned())));
    }
    for stage in f["stages"].as_array().unwrap() {
        // The funnel chart names every stage and the deals that reached it.
        let reached = format!("{} {}", "到达", stage["reached"]);
        assert!(
            dashboard.contains(&reached),
            "dashboard funnel lacks {reached}"
        );
    }

    let pipeline = read("pipeline.html");
    for stage in f["stages"].as_array().unwrap() {
        let row = format!(
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            stage["count"],
            wan(&stage["amount"]),
            wan(&stage["weighted_amount"]),
            stage["reached"],
            percent(&stage["conversion"]),
        );
        assert!(
            pipeline.contains(&row),
            "pipeline lacks the funnel row {row}"
        );
    }
    for month in r["forecast"].as_array().unwrap() {
        let row = format!(
            "<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            month["month"].as_str().unwrap(),
            month["count"],
            wan(&month["amount"]),
            wan(&month["weighted_amount"]),
        );
        assert!(
            pipeline.contains(&row),
            "pipeline lacks the forecast row {row}"
        );
    }
    for s in r["stale_opportunities"].as_array().unwrap() {
        assert!(pipeline.contains(&cell(s["code"].as_str().unwrap().to_owned())));
    }
    for figure in [
        wan(&f["open_amount"]),
        wan(&f["weighted_amount"]),
        wan(&f["won_amount"]),
        percent(&f["win_rate"]),
    ] {
        assert!(
            pipeline.contains(&format!("<span class=\"headline-value\">{figure}</span>")),
            "pipeline lacks {figure}"
        );
    }
    // The downloads are the report's own tables.
    let csv = std::fs::read_to_string(site.join("action-plan.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        r["contact_risk"]["action_plan"].as_array().unwrap().len() + 1
    );
    assert!(
        std::fs::read(site.join("clients.csv"))
            .unwrap()
            .starts_with("\u{feff}code,".as_bytes())
    );
}

#[test]
fn example_vault_gives_every_view_content() {
    let r = report(&example(), "2025-11-23");
    let clients = r["clients"].as_array().unwrap();
    for level in ["high", "medium", "low"] {
        assert!(
            clients.iter().any(|c| c["contact_risk"]["level"] == level),
            "no {level} risk"
        );
    }
    for grade in ["excellent", "good", "fair", "poor"] {
        assert!(
            clients.iter().any(|c| c["health"]["grade"] == grade),
            "no {grade} health"
        );
    }
    assert!(clients.iter().any(|c| c["follow_up_overdue_days"] == 0));
    assert!(!r["follow_ups_overdue"].as_array().unwrap().is_empty());
    assert!(!r["stale_opportunities"].as_array().unwrap().is_empty());
    assert!(r["funnel"]["won_count"].as_u64().unwrap() > 0);
    assert!(r["funnel"]["lost_count"].as_u64().unwrap() > 0);
    assert!(!r["forecast"].as_array().unwrap().is_empty());
    assert!(
        !r["contact_risk"]["action_plan"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Lost deals with and without `lost_at` reach different stages: the
    // first stage is reached by every deal, the second by fewer.
    let stages = r["funnel"]["stages"].as_array().unwrap();
    assert!(stages[0]["reached"].as_u64() > stages[1]["reached"].as_u64());
    for dimension in [
        "tier",
        "industry",
        "region",
        "scale",
        "status",
        "source",
        "value_tier",
    ] {
        assert!(
            r["classifications"][dimension].as_array().unwrap().len() > 1,
            "{dimension} has one value"
        );
    }
}

#[test]
fn report_of_a_vault_with_errors_still_prints_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntype: client\ncode: C001\nname: A\nowner: B\ntier: strategc\n---\n",
    )
    .unwrap();
    let out = Command::cargo_bin("dossier")
        .unwrap()
        .args(["report", "--format", "json", "--as-of", "2025-06-30"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["clients"][0]["code"], "C001");
    assert_eq!(json["clients"][0]["tier"], Value::Null);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 error, "));
}

/// `dossier check --format json` of `vault` as of `as_of`.
fn check_json(vault: &Path, as_of: &str) -> Value {
    let out = Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--format", "json", "--as-of", as_of])
        .arg(vault)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A vault in a temporary folder.
fn vault_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn client(code: &str, health: &str) -> String {
    format!("---\ntype: client\ncode: {code}\nname: {code}\nowner: 张伟\nhealth: {health}\n---\n")
}

#[test]
fn health_is_worked_out_in_decimal_and_rounds_half_up() {
    let config = "[[health.dimensions]]\nkey = \"a\"\nweight = 0.3\n\
        [[health.dimensions]]\nkey = \"b\"\nweight = 0.5\n\
        [health.grades]\ngood = 3.63\n\
        [health.lights]\ngreen = 4.5\n";
    let dir = vault_with(&[
        ("dossier.toml", config),
        // (0.3 × 3 + 0.5 × 4) / 0.8 = 2.9 / 0.8 = 3.625 exactly: 3.63, good.
        ("c1.md", &client("C001", "{a: 3, b: 4}")),
        // Decimals and a partial lights table: (0.3 × 4.5 + 0.5 × 4.5) / 0.8 = 4.5.
        ("c2.md", &client("C002", "{a: 4.5, b: green}")),
        // (0.3 × 2.5 + 0.5 × 1) / 0.8 = 1.25 / 0.8 = 1.5625: 1.56, poor.
        ("c3.md", &client("C003", "{a: 2.5, b: red}")),
        // (0.3 × 1 + 0.5 × 2) / 0.8 = 1.3 / 0.8 = 1.625: 1.63, poor.
        ("c4.md", &client("C004", "{a: 1, b: 2}")),
    ]);
    let r = report(dir.path(), "2025-06-30");
    let health: Vec<(f64, &str)> = r["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["health"]["score"].as_f64().unwrap(),
                c["health"]["grade"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        health,
        [
            (3.63, "good"),
            (4.5, "excellent"),
            (1.56, "poor"),
            (1.63, "poor")
        ]
    );
}

#[test]
fn two_person_notes_of_one_name_both_count_and_are_warned_about() {
    let person = |name: &str| {
        format!("---\ntype: contact\nname: {name}\nclient: C001\ndepartment: it\n---\n")
    };
    let dir = vault_with(&[
        (
            "c.md",
            "---\ntype: client\ncode: C001\nname: 甲\nowner: 张伟\ncontacts:\n  - {name: 赵总, department: sales}\n---\n",
        ),
        // The client note lists 赵总: the person note of that name is not counted again.
        ("people/赵总.md", &person("赵总")),
        // Two notes of 王工: two contacts, and a warning naming both.
        ("people/王工.md", &person("王工")),
        ("people/王工-2.md", &person("王工")),
    ]);
    let r = report(dir.path(), "2025-06-30");
    assert_eq!(r["clients"][0]["contact_count"], 3);
    let json = check_json(dir.path(), "2025-06-30");
    let dup: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W-contact-duplicate")
        .collect();
    assert_eq!(dup.len(), 1, "{json}");
    let message = dup[0]["message"].as_str().unwrap();
    assert!(
        message.contains("people/王工-2.md") && message.contains("people/王工.md"),
        "{message}"
    );
}

/// Interactions move a client's last contact and make its RFM; worked out
/// by hand as of 2025-06-30 with the default 365-day window.
#[test]
fn interactions_give_the_last_contact_and_rfm_segments() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path();
    let write = |rel: &str, text: &str| {
        let path = v.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("dossier.toml", "[folders]\nmeetings = \"interaction\"\n");
    let client = |code: &str, name: &str, extra: &str| {
        format!("---\ntype: client\ncode: {code}\nname: {name}\nowner: Ann\n{extra}---\n")
    };
    write(
        "clients/A.md",
        &client(
            "C001",
            "A",
            "last_contact: 2025-06-01\nopportunities:\n  - {code: O1, stage: won, amount: 100}\n",
        ),
    );
    write(
        "clients/B.md",
        &client(
            "C002",
            "B",
            "last_contact: 2025-05-01\nopportunities:\n  - {code: O2, stage: won, amount: 300}\n",
        ),
    );
    write("clients/C.md", &client("C003", "C", ""));
    write(
        "clients/D.md",
        &client(
            "C004",
            "D",
            "last_contact: 2025-06-30\nopportunities:\n  - {code: O4, stage: lost, amount: 1000}\n",
        ),
    );
    let meeting = |rel: &str, front: &str, body: &str| {
        write(
            &format!("meetings/{rel}.md"),
            &format!("---\n{front}---\n{body}\n"),
        );
    };
    // A: the latest on or before the as-of date is 2025-06-20 (later than
    // the written 2025-06-01); 2025-07-05 has not happened yet; 2024-06-30
    // is 365 days back, outside (as-of − 365, as-of]; 2024-07-01 inside.
    meeting(
        "a1",
        "date: 2025-06-20\nchannel: meeting\nclient: C001\n",
        "",
    );
    meeting("a2", "date: \"2025-07-05 10:00\"\nclient: C001\n", "");
    meeting("a3", "date: 2024-06-30\nclient: C001\n", "");
    meeting(
        "a4",
        "date: 2024-07-01T09:00:00+08:00\nclients: [C001]\n",
        "",
    );
    // B: named by a link in the text only; earlier than the written date.
    meeting(
        "b1",
        "date: 2025-04-01\nchannel: call\n",
        "Called [[B]] about renewal.",
    );
    // C: a private interaction counts for nothing.
    meeting("c1", "date: 2025-06-29\nclient: C003\nprivate: true\n", "");
    // D: the same day as the written date, with a time: the written one.
    meeting("d1", "date: 2025-06-30 09:30\nclient: \"[[D]]\"\n", "");
    let r = report(v, "2025-06-30");
    // Recency: A 10, B 60, D 0 (C none): mean 70 / 3. Frequency: A 2, B 1,
    // C 0, D 1: mean 1. Monetary: A 100, B 300, C 0, D 0 (lost): mean 100.
    let expected = json!([
        {"code": "C001", "last_contact": "2025-06-20", "last_contact_source": "interaction",
         "rfm": {"recency_days": 10, "frequency": 2, "monetary": 100,
                 "r_high": true, "f_high": true, "m_high": true, "segment": "important_value"}},
        {"code": "C002", "last_contact": "2025-05-01", "last_contact_source": "written",
         "rfm": {"recency_days": 60, "frequency": 1, "monetary": 300,
                 "r_high": false, "f_high": true, "m_high": true, "segment": "important_retain"}},
        {"code": "C003", "last_contact": null, "last_contact_source": null,
         "rfm": {"recency_days": null, "frequency": 0, "monetary": 0,
                 "r_high": false, "f_high": false, "m_high": false, "segment": "general_winback"}},
        {"code": "C004", "last_contact": "2025-06-30", "last_contact_source": "written",
         "rfm": {"recency_days": 0, "frequency": 1, "monetary": 0,
                 "r_high": true, "f_high": true, "m_high": false, "segment": "general_value"}},
    ]);
    assert_within(&expected, &r["clients"], "clients");
    assert_within(
        &json!({"window_days": 365, "mean_recency_days": 70.0 / 3.0, "mean_frequency": 1.0,
                "mean_monetary": 100.0,
                "segments": [
                    {"segment": "important_value", "clients": 1},
                    {"segment": "important_develop", "clients": 0},
                    {"segment": "important_retain", "clients": 1},
                    {"segment": "important_winback", "clients": 0},
                    {"segment": "general_value", "clients": 1},
                    {"segment": "general_develop", "clients": 0},
                    {"segment": "general_retain", "clients": 0},
                    {"segment": "general_winback", "clients": 1}]}),
        &r["rfm"],
        "rfm",
    );
    // C has no last contact at all; A's follow-up counts from the meeting.
    assert_eq!(r["clients"][0]["follow_up_overdue_days"], json!(0));

    // The site: the segment on the client page, the timeline newest
    // first, the RFM page; nothing of the private interaction.
    let out = dir.path().join("site");
    let status = Command::cargo_bin("dossier")
        .unwrap()
        .args(["build", "--as-of", "2025-06-30", "-o"])
        .arg(&out)
        .arg(v)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let page = std::fs::read_to_string(out.join("clients/A.html")).unwrap();
    assert!(
        page.contains("Important value"),
        "segment on the client page"
    );
    let timeline = &page[page.find("class=\"timeline\"").expect("a timeline")..];
    let at = |text: &str| {
        timeline
            .find(text)
            .unwrap_or_else(|| panic!("{text} on A's timeline"))
    };
    assert!(
        at("2025-07-05") < at("2025-06-20") && at("2025-06-20") < at("2024-07-01"),
        "{timeline}"
    );
    let rfm = std::fs::read_to_string(out.join("rfm.html")).unwrap();
    assert!(rfm.contains("clients/A.html") && rfm.contains("clients/C.html"));
    let c = std::fs::read_to_string(out.join("clients/C.html")).unwrap();
    assert!(
        !c.contains("c1") && !c.contains("2025-06-29"),
        "private interaction shown"
    );
    assert!(!out.join("meetings/c1.html").exists());
}

#[test]
fn an_interaction_naming_no_client_is_a_dangling_reference() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.md"),
        "---\ntype: interaction\ndate: 2025-06-01\nclient: C404\n---\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("n.md"),
        "---\ntype: interaction\nchannel: call\n---\n",
    )
    .unwrap();
    let out = Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--format", "json", "--as-of", "2025-06-30"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("E-ref-dangling") && text.contains("C404"),
        "{text}"
    );
    assert!(
        text.contains("\"file\": \"n.md\"") || text.contains("\"file\":\"n.md\""),
        "{text}"
    );
    assert!(text.contains("E-field-missing"), "{text}");
}

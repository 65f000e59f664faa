//! Value tiers (clients ranked by contract value) and the classification
//! tables: count and contract value per tier, industry, region, scale,
//! status, source and value tier.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{ClientFigures, Money, ceil_share};
use crate::model::Model;

/// The value tiers, best first; also the order "steps" are counted in when a
/// declared tier is compared with the value tier.
pub const VALUE_TIERS: [&str; 4] = ["strategic", "core", "potential", "normal"];

/// The value tier of each client in `clients` (indexes into
/// `model.clients`), parallel to `clients`.
pub(super) fn value_tiers(model: &Model, clients: &[usize]) -> Vec<&'static str> {
    let thresholds = &model.config.value_tiers;
    // The keys are read once, not at every comparison.
    let mut ranked: Vec<(f64, &str, usize)> = (0..clients.len())
        .filter_map(|i| {
            let client = &model.clients[clients[i]];
            let value = client.contract_value.as_ref().map_or(0.0, |v| v.value);
            let code = client.code.as_ref().map_or("", |c| c.value.as_str());
            (value > 0.0).then_some((value, code, i))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let ranked: Vec<usize> = ranked.into_iter().map(|(_, _, i)| i).collect();
    let n = ranked.len();
    let limits = [
        ceil_share(thresholds.strategic, n),
        ceil_share(thresholds.core, n),
        ceil_share(thresholds.potential, n),
    ];
    let mut out = vec!["normal"; clients.len()];
    for (rank0, &i) in ranked.iter().enumerate() {
        let rank = rank0 + 1;
        out[i] = limits
            .iter()
            .position(|&limit| rank <= limit)
            .map_or("normal", |t| VALUE_TIERS[t]);
    }
    out
}

/// How many steps apart two tiers are, when both are value tiers.
pub fn tier_steps(declared: &str, value: &str) -> Option<usize> {
    let a = VALUE_TIERS.iter().position(|t| *t == declared)?;
    let b = VALUE_TIERS.iter().position(|t| *t == value)?;
    Some(a.abs_diff(b))
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassRow {
    /// The raw value (`strategic`, `煤化工`); `null` for clients without one.
    pub value: Option<String>,
    pub count: usize,
    pub contract_value: Money,
    /// Indexes into the report's `clients`, in code order.
    #[serde(skip)]
    pub clients: Vec<usize>,
}

#[derive(Debug, Default, Serialize)]
pub struct Classifications {
    pub tier: Vec<ClassRow>,
    pub industry: Vec<ClassRow>,
    pub region: Vec<ClassRow>,
    pub scale: Vec<ClassRow>,
    pub status: Vec<ClassRow>,
    pub source: Vec<ClassRow>,
    pub value_tier: Vec<ClassRow>,
}

impl Classifications {
    /// The dimensions with their keys, in the order pages list them.
    pub fn dimensions(&self) -> [(&'static str, &[ClassRow]); 7] {
        [
            ("tier", &self.tier),
            ("value_tier", &self.value_tier),
            ("industry", &self.industry),
            ("region", &self.region),
            ("scale", &self.scale),
            ("status", &self.status),
            ("source", &self.source),
        ]
    }
}

/// What a classification groups clients by.
type Pick = dyn Fn(&ClientFigures) -> Option<&str> + Sync;

pub(super) fn classifications(figures: &[ClientFigures]) -> Classifications {
    let by = |pick: &Pick| -> Vec<ClassRow> {
        let mut groups: HashMap<Option<&str>, ClassRow> = HashMap::new();
        for (i, f) in figures.iter().enumerate() {
            let value = pick(f);
            let row = groups.entry(value).or_insert_with(|| ClassRow {
                value: value.map(str::to_owned),
                count: 0,
                contract_value: Money(0.0),
                clients: Vec::new(),
            });
            row.count += 1;
            row.contract_value += f.contract_value.unwrap_or_default();
            row.clients.push(i);
        }
        let mut rows: Vec<ClassRow> = groups.into_values().collect();
        // Count descending, then value ascending; at equal counts the
        // clients without a value come last.
        rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.value.is_none().cmp(&b.value.is_none()))
                .then_with(|| a.value.cmp(&b.value))
        });
        rows
    };
    let picks: [&Pick; 7] = [
        &|f| f.tier.as_deref(),
        &|f| f.industry.as_deref(),
        &|f| f.region.as_deref(),
        &|f| f.scale.as_deref(),
        &|f| f.status.as_deref(),
        &|f| f.source.as_deref(),
        &|f| Some(f.value_tier),
    ];
    let tables: Vec<Vec<ClassRow>> = picks.par_iter().map(|pick| by(pick)).collect();
    let Ok([tier, industry, region, scale, status, source, value_tier]) =
        <[Vec<ClassRow>; 7]>::try_from(tables)
    else {
        unreachable!("one table per pick");
    };
    Classifications {
        tier,
        industry,
        region,
        scale,
        status,
        source,
        value_tier,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_count_in_value_tier_order() {
        assert_eq!(tier_steps("strategic", "normal"), Some(3));
        assert_eq!(tier_steps("core", "potential"), Some(1));
        assert_eq!(tier_steps("vip", "normal"), None);
    }
}

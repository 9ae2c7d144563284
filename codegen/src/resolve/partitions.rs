//! The partition table, resolved: outputs typed and merged with each region's
//! overrides, region regexes compiled into matcher nodes.

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::ir::endpoint::{PartitionEntry, PartitionOutputs, PartitionTable};
use crate::smithy::partitions::PartitionDef;

/// Resolves every partition, reporting all problems.
pub fn partition_table(defs: &[PartitionDef]) -> Result<PartitionTable, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut partitions = Vec::new();
    for def in defs {
        let location = format!("partitions {}", def.id);
        let pattern = super::regex::compile(&def.region_regex)
            .map_err(|e| {
                diagnostics.push(Diagnostic::new(&location, format!("regionRegex `{}`: {e}", def.region_regex)))
            })
            .ok();
        let outputs = outputs(&def.outputs, None).map_err(|e| diagnostics.push(Diagnostic::new(&location, e))).ok();
        let (Some(pattern), Some(outputs)) = (pattern, outputs) else { continue };
        let mut regions = Vec::new();
        for (name, overrides) in &def.regions {
            match self::outputs(overrides, Some(&outputs)) {
                Ok(merged) => regions.push((name.clone(), merged)),
                Err(e) => diagnostics.push(Diagnostic::new(format!("{location} region {name}"), e)),
            }
        }
        regions.sort_by(|a, b| a.0.cmp(&b.0));
        partitions.push(PartitionEntry { id: def.id.clone(), pattern, regions, outputs });
    }
    diagnostics.into_result(PartitionTable { partitions })
}

/// Outputs from JSON fields, each falling back to `base` when given.
fn outputs(fields: &Map<String, Value>, base: Option<&PartitionOutputs>) -> Result<PartitionOutputs, String> {
    let text = |key: &str, fallback: Option<&String>| match (fields.get(key), fallback) {
        (Some(Value::String(s)), _) => Ok(s.clone()),
        (None, Some(fallback)) => Ok(fallback.clone()),
        _ => Err(format!("output `{key}` is missing or not a string")),
    };
    let flag = |key: &str, fallback: Option<bool>| match (fields.get(key), fallback) {
        (Some(Value::Bool(b)), _) => Ok(*b),
        (None, Some(fallback)) => Ok(fallback),
        _ => Err(format!("output `{key}` is missing or not a boolean")),
    };
    Ok(PartitionOutputs {
        name: text("name", base.map(|b| &b.name))?,
        dns_suffix: text("dnsSuffix", base.map(|b| &b.dns_suffix))?,
        dual_stack_dns_suffix: text("dualStackDnsSuffix", base.map(|b| &b.dual_stack_dns_suffix))?,
        supports_fips: flag("supportsFIPS", base.map(|b| b.supports_fips))?,
        supports_dual_stack: flag("supportsDualStack", base.map(|b| b.supports_dual_stack))?,
        implicit_global_region: text("implicitGlobalRegion", base.map(|b| &b.implicit_global_region))?,
    })
}

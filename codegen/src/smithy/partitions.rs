//! Reads the AWS partition table (`partitions.json`), the data behind the rules
//! function `aws.partition`.

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Diagnostics};

/// One partition as written.
#[derive(Debug, Clone, PartialEq)]
pub struct PartitionDef {
    /// `id`.
    pub id: String,
    /// `regionRegex`.
    pub region_regex: String,
    /// `regions`: name and the outputs it overrides (often none).
    pub regions: Vec<(String, Map<String, Value>)>,
    /// `outputs`.
    pub outputs: Map<String, Value>,
}

/// Reads the partition file's text.
pub fn read(text: &str) -> Result<Vec<PartitionDef>, Diagnostics> {
    let at = |path: &str, message: &str| Diagnostics::one(Diagnostic::new(format!("partitions {path}"), message));
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Diagnostics::one(Diagnostic::at_line("partitions", format!("not valid JSON: {e}"), Some(e.line())))
    })?;
    let list = value.get("partitions").and_then(Value::as_array).ok_or_else(|| at("", "has no `partitions` list"))?;
    let mut out = Vec::new();
    for (index, partition) in list.iter().enumerate() {
        let path = format!("partitions[{index}]");
        let text = |key: &str| {
            partition
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| at(&path, &format!("`{key}` is not a string")))
        };
        let outputs = partition
            .get("outputs")
            .and_then(Value::as_object)
            .cloned()
            .ok_or_else(|| at(&path, "`outputs` is not an object"))?;
        let mut regions = Vec::new();
        for (name, region) in partition.get("regions").and_then(Value::as_object).into_iter().flatten() {
            let mut overrides = region.as_object().cloned().ok_or_else(|| at(&path, "a region is not an object"))?;
            overrides.remove("description");
            regions.push((name.clone(), overrides));
        }
        out.push(PartitionDef { id: text("id")?, region_regex: text("regionRegex")?, regions, outputs });
    }
    Ok(out)
}

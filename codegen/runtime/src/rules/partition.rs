//! `aws.partition`: which AWS partition a region belongs to, and its DNS facts.

use super::pattern::{self, Inst};

/// What `aws.partition` returns: the attributes rule sets read with `getAttr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// `name`, e.g. `aws`, `aws-cn`.
    pub name: &'static str,
    /// `dnsSuffix`, e.g. `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// `dualStackDnsSuffix`, e.g. `api.aws`.
    pub dual_stack_dns_suffix: &'static str,
    /// `supportsFIPS`.
    pub supports_fips: bool,
    /// `supportsDualStack`.
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`, e.g. `us-east-1`.
    pub implicit_global_region: &'static str,
}

/// One partition of the table: its id, region pattern, known regions (each with the
/// partition's outputs as that region sees them) and default outputs.
#[derive(Debug, Clone, Copy)]
pub struct PartitionEntry {
    /// Partition id, e.g. `aws`.
    pub id: &'static str,
    /// `regionRegex`, compiled.
    pub region_pattern: &'static [Inst],
    /// Regions listed by name.
    pub regions: &'static [(&'static str, Partition)],
    /// The partition's outputs.
    pub outputs: Partition,
}

/// `aws.partition(region)` over the AWS partition table: see [`partition_in`].
pub fn partition(region: &str) -> Option<&'static Partition> {
    partition_in(super::PARTITIONS, region)
}

/// The partition of `region` in `table`: a region listed by name wins, then the
/// first partition whose region pattern matches, then the `aws` partition (so new
/// regions of the main partition work before the table knows them). `None` only
/// when the table has no `aws` partition to fall back on.
pub fn partition_in(table: &'static [PartitionEntry], region: &str) -> Option<&'static Partition> {
    for entry in table {
        if let Some((_, outputs)) = entry.regions.iter().find(|(name, _)| *name == region) {
            return Some(outputs);
        }
    }
    table
        .iter()
        .find(|entry| pattern::is_match(entry.region_pattern, region))
        .or_else(|| table.iter().find(|entry| entry.id == "aws"))
        .map(|entry| &entry.outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_then_patterns_then_the_aws_fallback() {
        assert_eq!(partition("us-east-1").unwrap().name, "aws");
        assert_eq!(partition("eu-west-1").unwrap().dns_suffix, "amazonaws.com");
        assert_eq!(partition("cn-north-1").unwrap().dns_suffix, "amazonaws.com.cn");
        assert_eq!(partition("cn-somewhere-9").unwrap().name, "aws-cn", "by pattern");
        assert_eq!(partition("us-gov-west-1").unwrap().name, "aws-us-gov");
        assert_eq!(partition("us-isob-east-1").unwrap().dns_suffix, "sc2s.sgov.gov");
        assert_eq!(partition("us-iso-west-7").unwrap().name, "aws-iso", "by pattern");
        assert_eq!(partition("aws-global").unwrap().name, "aws", "listed though the pattern misses it");
        assert_eq!(partition("mars-central-1").unwrap().name, "aws", "fallback");
        assert_eq!(partition("").unwrap().name, "aws");
        assert_eq!(partition("us-east-1").unwrap().dual_stack_dns_suffix, "api.aws");
        assert!(partition("us-east-1").unwrap().supports_fips);
        assert_eq!(partition("us-east-1").unwrap().implicit_global_region, "us-east-1");
    }

    #[test]
    fn a_table_without_aws_has_no_fallback() {
        const ONLY: &[PartitionEntry] = &[PartitionEntry {
            id: "other",
            region_pattern: &[Inst::Start, Inst::Byte(b'o'), Inst::End, Inst::Match],
            regions: &[],
            outputs: Partition {
                name: "other",
                dns_suffix: "example",
                dual_stack_dns_suffix: "example",
                supports_fips: false,
                supports_dual_stack: false,
                implicit_global_region: "o",
            },
        }];
        assert_eq!(partition_in(ONLY, "o").unwrap().name, "other");
        assert!(partition_in(ONLY, "p").is_none());
    }
}

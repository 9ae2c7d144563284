//! The AWS partition table as static data for the runtime's `aws.partition`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::endpoint::{PartitionOutputs, PartitionTable};

/// The runtime's `rules/partitions.rs`.
pub fn partition_table(table: &PartitionTable) -> TokenStream {
    let entries = table.partitions.iter().map(|entry| {
        let id = &entry.id;
        let pattern = super::regex::program(&entry.pattern, &quote!(Inst));
        let partition_outputs = outputs(&entry.outputs);
        let regions = entry.regions.iter().map(|(name, region)| {
            let region = outputs(region);
            quote!((#name, #region))
        });
        quote! {
            PartitionEntry {
                id: #id,
                region_pattern: #pattern,
                regions: &[#(#regions),*],
                outputs: #partition_outputs,
            }
        }
    });
    quote! {
        //! The AWS partition table: each partition's region pattern, known regions and DNS facts.
        use super::{Inst, Partition, PartitionEntry};

        /// Every partition, in the order of the partition file.
        pub static PARTITIONS: &[PartitionEntry] = &[#(#entries),*];
    }
}

fn outputs(outputs: &PartitionOutputs) -> TokenStream {
    let PartitionOutputs {
        name,
        dns_suffix,
        dual_stack_dns_suffix,
        supports_fips,
        supports_dual_stack,
        implicit_global_region,
    } = outputs;
    quote! {
        Partition {
            name: #name,
            dns_suffix: #dns_suffix,
            dual_stack_dns_suffix: #dual_stack_dns_suffix,
            supports_fips: #supports_fips,
            supports_dual_stack: #supports_dual_stack,
            implicit_global_region: #implicit_global_region,
        }
    }
}

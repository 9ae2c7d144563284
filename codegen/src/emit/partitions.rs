//! The AWS partition table as static data for the runtime's `aws.partition`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::endpoint::{PartitionOutputs, PartitionTable};

/// The runtime's `rules/partitions.rs`.
pub fn partition_table(table: &PartitionTable) -> TokenStream {
    // One constant per partition's outputs; a region refers to it unless it
    // overrides some output.
    let constant = |id: &str| format_ident!("{}", id.to_uppercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
    let constants = table.partitions.iter().map(|entry| {
        let name = constant(&entry.id);
        let doc = format!(" The outputs of the `{}` partition.", entry.id);
        let value = outputs(&entry.outputs);
        quote! {
            #[doc = #doc]
            const #name: Partition = #value;
        }
    });
    let entries = table.partitions.iter().map(|entry| {
        let id = &entry.id;
        let shared = constant(&entry.id);
        let pattern = super::regex::program(&entry.pattern, &quote!(Inst));
        let regions = entry.regions.iter().map(|(name, region)| {
            let region = if *region == entry.outputs { quote!(#shared) } else { outputs(region) };
            quote!((#name, #region))
        });
        quote! {
            PartitionEntry {
                id: #id,
                region_pattern: #pattern,
                regions: &[#(#regions),*],
                outputs: #shared,
            }
        }
    });
    quote! {
        //! The AWS partition table: each partition's region pattern, known regions and DNS facts.
        use super::{Inst, Partition, PartitionEntry};

        #(#constants)*

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

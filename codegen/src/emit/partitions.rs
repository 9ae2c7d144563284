//! The AWS partition table as static data for the runtime's `aws.partition`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::ir::endpoint::{PartitionOutputs, PartitionTable, PatternNode};

/// The runtime's `rules/partitions.rs`.
pub fn partition_table(table: &PartitionTable) -> TokenStream {
    let entries = table.partitions.iter().map(|entry| {
        let id = &entry.id;
        let pattern = entry.pattern.iter().map(node);
        let partition_outputs = outputs(&entry.outputs);
        let regions = entry.regions.iter().map(|(name, region)| {
            let region = outputs(region);
            quote!((#name, #region))
        });
        quote! {
            PartitionEntry {
                id: #id,
                region_pattern: &[#(#pattern),*],
                regions: &[#(#regions),*],
                outputs: #partition_outputs,
            }
        }
    });
    quote! {
        //! The AWS partition table: each partition's region pattern, known regions and DNS facts.
        use super::{Node, Partition, PartitionEntry};

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

fn node(node: &PatternNode) -> TokenStream {
    match node {
        PatternNode::Start => quote!(Node::Start),
        PatternNode::End => quote!(Node::End),
        PatternNode::Any => quote!(Node::Any),
        PatternNode::Byte(b) => {
            let b = proc_macro2::Literal::byte_character(*b);
            quote!(Node::Byte(#b))
        }
        PatternNode::Class { negated, ranges } => {
            let ranges = ranges.iter().map(|(low, high)| {
                let (low, high) =
                    (proc_macro2::Literal::byte_character(*low), proc_macro2::Literal::byte_character(*high));
                quote!((#low, #high))
            });
            quote!(Node::Class { negated: #negated, ranges: &[#(#ranges),*] })
        }
        PatternNode::Group(alternatives) => {
            let alternatives = alternatives.iter().map(|alternative| {
                let nodes = alternative.iter().map(self::node);
                quote!(&[#(#nodes),*])
            });
            quote!(Node::Group(&[#(#alternatives),*]))
        }
        PatternNode::Repeat { node, min, max } => {
            let inner = self::node(node);
            let min = proc_macro2::Literal::u32_unsuffixed(*min);
            let max = if *max == u32::MAX {
                quote!(u32::MAX)
            } else {
                proc_macro2::Literal::u32_unsuffixed(*max).into_token_stream()
            };
            quote!(Node::Repeat { node: &#inner, min: #min, max: #max })
        }
    }
}

//! A compiled regular expression as a static program for the runtime's matcher.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::regex::{Inst, Regex};

/// `&[Inst::…, …]`, naming the instruction type by `inst` (e.g. `Inst` or a path).
pub fn program(regex: &Regex, inst: &TokenStream) -> TokenStream {
    let byte = |b: u8| Literal::byte_character(b);
    let insts = regex.program.iter().map(|instruction| match instruction {
        Inst::Byte(b) => {
            let b = byte(*b);
            quote!(#inst::Byte(#b))
        }
        Inst::Any => quote!(#inst::Any),
        Inst::Class { negated, ranges } => {
            let ranges = ranges.iter().map(|(low, high)| {
                let (low, high) = (byte(*low), byte(*high));
                quote!((#low, #high))
            });
            quote!(#inst::Class { negated: #negated, ranges: &[#(#ranges),*] })
        }
        Inst::Chars { negated, ranges } => {
            let ranges = ranges.iter().map(|(low, high)| {
                let (low, high) = (Literal::character(*low), Literal::character(*high));
                quote!((#low, #high))
            });
            quote!(#inst::Chars { negated: #negated, ranges: &[#(#ranges),*] })
        }
        Inst::Split(a, b) => {
            let (a, b) = (Literal::usize_unsuffixed(*a), Literal::usize_unsuffixed(*b));
            quote!(#inst::Split(#a, #b))
        }
        Inst::Jump(to) => {
            let to = Literal::usize_unsuffixed(*to);
            quote!(#inst::Jump(#to))
        }
        Inst::Start => quote!(#inst::Start),
        Inst::End => quote!(#inst::End),
        Inst::Match => quote!(#inst::Match),
    });
    quote!(&[#(#insts),*])
}

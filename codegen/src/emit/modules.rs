//! Crate skeleton files: `Cargo.toml`, `lib.rs` and the module files that declare
//! one private file module per item and re-export the items flat.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::Service;

/// A `(file module, item, builder)` entry of a flat module such as `types`.
pub struct Entry {
    /// File module name (`_image_detail`).
    pub module: String,
    /// Item name (`ImageDetail`).
    pub item: String,
    /// Builder name, for structures.
    pub builder: Option<String>,
}

/// `lib.rs` of the model crate.
pub fn model_lib(service: &Service, crate_title: &str) -> TokenStream {
    let title = service.title.clone().unwrap_or_else(|| service.sdk_id.clone());
    let intro = format!(
        " Types of {title} (API version {}): every structure, enum, union and error of the service, \
         and the input and output of each of its {} operations.",
        service.version,
        service.operations.len()
    );
    let layout = " - [`types`]: data types shared by operations, with builders in [`types::builders`];\n \
         - [`error`]: the service's modeled errors;\n \
         - [`operation`]: one module per operation with its input and output;\n \
         - [`primitives`]: date-times, blobs, documents and big numbers;\n \
         - [`json`]: the types' JSON form (`json::from_slice`, `json::to_vec`).";
    let wire = match service.protocol {
        crate::ir::Protocol::AwsQuery => {
            " Requests are written as awsQuery forms and responses read from XML by the generated functions of \
             the hidden `wire` module."
        }
        _ => " The JSON form is what travels in request and response bodies.",
    };
    let about = format!(
        " This crate is `{crate_title}`.{wire}\n\n # JSON form\n\n Every type implements the runtime's \
         `json::WriteJson` and `json::ReadJson`: members under their JSON names (`@jsonName`, else the model's \
         name), timestamps as the protocol writes them, NaN and infinities as strings, blobs in base64, unknown \
         enum values kept. Absent and `null` members read as absent, unknown members are skipped. A mocked \
         client exchanges inputs and outputs in this form.\n\n With the `serde` feature (off by default) \
         every type also implements `serde::Serialize` and `serde::Deserialize` in the same form, including \
         members a REST protocol sends in the URI or headers."
    );
    let about = about.lines().map(str::trim_start).collect::<Vec<_>>().join("\n");
    let about = tokens::inner_doc_lines(&about);
    let service_docs = tokens::inner_doc_lines(&service.docs.0);
    let service_docs = if service.docs.0.is_empty() {
        TokenStream::new()
    } else {
        quote!(#![doc = ""] #![doc = " # About the service"] #![doc = ""] #service_docs)
    };
    let layout = tokens::inner_doc_lines(layout);
    let crate_attributes = crate_attributes();
    let patterns = (!super::validate::patterns(service).is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            mod patterns;
        }
    });
    let wire = (service.protocol == crate::ir::Protocol::AwsQuery).then(|| {
        quote! {
            #[doc(hidden)]
            #[rustfmt::skip]
            pub mod wire;
        }
    });
    quote! {
        #![doc = #intro]
        #![doc = ""]
        #about
        #![doc = ""]
        #![doc = " # Modules"]
        #![doc = ""]
        #layout
        #service_docs
        #crate_attributes

        #[rustfmt::skip]
        pub mod error;
        #[rustfmt::skip]
        pub mod operation;
        #patterns
        #[rustfmt::skip]
        pub mod primitives;
        #[rustfmt::skip]
        pub mod types;
        #wire

        pub use #RT::BuildError;
        /// The types' JSON form: [`json::to_vec`] and [`json::from_slice`] write and read any
        /// of them, [`json::to_value`] and [`json::from_value`] go through a `Document`.
        pub use #RT::json;
        pub use primitives::{BigDecimal, BigInteger, Blob, DateTime, Document};
    }
}

/// Inner attributes every generated crate root carries: no unsafe code, every public
/// item documented (a line is synthesized where the model has none), and the lints
/// that model-derived code and docs trip by nature (deprecated members used by their own
/// builders, HTML-ish text in docs, big union variants) allowed once.
pub fn crate_attributes() -> TokenStream {
    quote! {
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![allow(deprecated)]
        #![allow(clippy::large_enum_variant, clippy::too_many_arguments, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #![allow(rustdoc::redundant_explicit_links)]
    }
}

/// `primitives.rs`: the runtime's value types under the names users expect; the
/// stream types only where an input or an output streams.
pub fn primitives(service: &Service) -> TokenStream {
    let streams = service.operations.iter().any(|op| op.streams_output() || op.streams_input()).then(|| {
        quote! {
            pub use #RT::{ByteStream, Bytes, StreamError, StreamErrorKind};
        }
    });
    quote! {
        //! Primitive value types used by the generated types.
        pub use #RT::{BigDecimal, BigInteger, Blob, DateTime, Document};
        pub use #RT::Format as DateTimeFormat;
        #streams
    }
}

/// A flat module (`types.rs`, `error.rs`): private file modules, public re-exports,
/// and a `builders` module.
pub fn flat_module(doc: &str, entries: &[Entry]) -> TokenStream {
    let modules = entries.iter().map(|e| {
        let module = ident(&e.module);
        quote!(mod #module;)
    });
    let reexports = entries.iter().map(|e| {
        let (module, item) = (ident(&e.module), ident(&e.item));
        quote!(pub use self::#module::#item;)
    });
    let builders = entries.iter().filter_map(|e| {
        let builder = format_ident!("{}", e.builder.as_ref()?);
        let module = ident(&e.module);
        Some(quote!(pub use super::#module::#builder;))
    });
    let doc = format!(" {doc}");
    quote! {
        #![doc = #doc]
        #(#modules)*
        #(#reexports)*

        /// Builders for the structures of this module.
        pub mod builders {
            #(#builders)*
        }
    }
}

/// `operation.rs`: one public module per operation.
pub fn operation_module(service: &Service) -> TokenStream {
    let modules = service.operations.iter().map(|op| {
        let module = ident(&op.module);
        let doc = format!(" Input and output of `{}`.", op.name);
        quote!(#[doc = #doc] pub mod #module;)
    });
    quote! {
        //! One module per operation, holding its input, output and their builders.
        #(#modules)*
    }
}

/// `Cargo.toml` of the model crate.
pub fn model_manifest(header: &str, crate_name: &str, service: &Service, runtime_dependency: &str) -> String {
    let title = service.title.clone().unwrap_or_else(|| service.sdk_id.clone());
    let description = format!("Types of {title} generated from its Smithy model").replace('"', "'");
    // awsQuery's generated writers and readers live in the model crate and call the
    // runtime's wire rules and XML reader.
    let runtime_dependency = match (service.protocol, runtime_dependency.strip_suffix('}')) {
        (crate::ir::Protocol::AwsQuery, Some(open)) => format!("{}, features = [\"wire\"] }}", open.trim_end()),
        _ => runtime_dependency.to_owned(),
    };
    format!(
        "{header}\n[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\nrust-version = \"1.88\"\n\
         description = \"{description}\"\nlicense = \"Apache-2.0\"\npublish = false\n\n\
         [features]\n# `Serialize` and `Deserialize` on every type, in the JSON form the crate's documentation \
         describes.\nserde = [\"dep:serde\"]\n\n[dependencies]\n\
         aws-client-runtime = {runtime_dependency}\nserde = {{ version = \"1\", features = [\"derive\"], optional = true }}\n\n\
         [dev-dependencies]\nserde_json = \"1\"\n"
    )
}

//! Tokens → formatted source: `syn::File` → `prettyplease` → header line.

use proc_macro2::TokenStream;

use crate::error::Diagnostic;

/// Formats one generated Rust file, prefixed with `header` (one `//` line).
///
/// A token stream that does not parse is a generator bug; the error names the
/// emitter and shows the start of the raw tokens.
pub fn rust_file(emitter: &str, header: &str, tokens: TokenStream) -> Result<String, Diagnostic> {
    let file = syn::parse2::<syn::File>(tokens.clone()).map_err(|err| {
        let text = tokens.to_string();
        let mut shown: String = text.chars().take(2000).collect();
        if shown.len() < text.len() {
            shown.push_str(" ...");
        }
        Diagnostic::new(
            format!("emitter {emitter}"),
            format!("produced tokens that do not parse as Rust ({err}): {shown}"),
        )
    })?;
    Ok(format!("{header}\n{}", prettyplease::unparse(&file)))
}

//! awsQuery: requests are `POST /` with an `application/x-www-form-urlencoded`
//! body ([`QueryWriter`] and the key helpers), responses are XML wrapped in
//! `<{Operation}Response><{Operation}Result>` ([`read_response`]), errors are
//! `<ErrorResponse><Error>` ([`read_error`], with custom codes resolved by
//! [`modeled_error`]).

#[cfg(feature = "client")]
mod call;
mod form;
mod response;

#[cfg(feature = "client")]
pub use call::{call, send_form};
pub use form::{FormError, QueryWriter, list_item_key, map_entry_keys, member_key};
pub use response::{QueryError, modeled_error, read_error, read_response};

/// The `Content-Type` of every awsQuery request.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

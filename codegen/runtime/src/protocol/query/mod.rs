//! awsQuery: requests are `POST /` with an `application/x-www-form-urlencoded`
//! body ([`QueryWriter`] and the key helpers), responses are XML wrapped in
//! `<{Operation}Response><{Operation}Result>` ([`read_response`]), errors are
//! `<ErrorResponse><Error>` ([`read_error`], with custom codes resolved by
//! [`modeled_error`]).

mod form;
mod response;

pub use form::{QueryWriter, list_item_key, map_entry_keys, member_key};
pub use response::{QueryError, modeled_error, read_error, read_response};

/// The `Content-Type` of every awsQuery request.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

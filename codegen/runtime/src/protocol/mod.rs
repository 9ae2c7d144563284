//! The building blocks of AWS's HTTP protocols that generated serializers and
//! parsers call: [`query`] (awsQuery form bodies and XML envelopes), [`rest`]
//! (restJson1 URIs, query strings, headers and error codes) and the
//! [`percent`] encoding both use. Each function does one wire rule and knows no
//! service: the generator decides, from the model, which rule applies where.

pub mod percent;
pub mod query;
pub mod rest;

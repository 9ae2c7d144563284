//! What generated endpoint resolvers call: the Smithy rules-engine standard library
//! (`substring`, `isValidHostLabel`, `parseURL`, `uriEncode`, `aws.partition`,
//! `aws.parseArn`, `aws.isVirtualHostableS3Bucket`) and the resolver's result.
//!
//! Generated code compiles a model's rule set into plain Rust over typed parameters;
//! nothing here interprets a rule set. The partition table is data generated from
//! the AWS partition file into [`PARTITIONS`].

mod functions;
mod partition;
#[rustfmt::skip]
mod partitions;
mod pattern;

use std::fmt;

pub use functions::{
    Arn, Url, is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url, substring, uri_encode,
};
pub use partition::{Partition, PartitionEntry, partition, partition_in};
pub use partitions::PARTITIONS;
pub use pattern::{Inst, is_match};

use crate::Document;

/// An endpoint chosen by a rule set: where to send, extra headers, and properties
/// (such as `authSchemes`, which can change how the request is signed).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ResolvedEndpoint {
    /// The URL, as the rule set built it.
    pub url: String,
    /// Headers to add to the request, in rule-set order.
    pub headers: Vec<(String, Vec<String>)>,
    /// Properties by name, in name order.
    pub properties: Vec<(String, Document)>,
}

impl ResolvedEndpoint {
    /// An endpoint with a URL and nothing else.
    pub fn new(url: impl Into<String>) -> ResolvedEndpoint {
        ResolvedEndpoint { url: url.into(), headers: Vec::new(), properties: Vec::new() }
    }

    /// Adds a header with its values.
    pub fn with_header(mut self, name: impl Into<String>, values: Vec<String>) -> ResolvedEndpoint {
        self.headers.push((name.into(), values));
        self
    }

    /// Adds a property.
    pub fn with_property(mut self, name: impl Into<String>, value: Document) -> ResolvedEndpoint {
        self.properties.push((name.into(), value));
        self
    }

    /// The property called `name`, if the rule set set it.
    pub fn property(&self, name: &str) -> Option<&Document> {
        self.properties.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }
}

/// The rule set could not give an endpoint for these parameters: either one of its
/// error rules matched (the message is the rule's, e.g. "Invalid Configuration: FIPS
/// and custom endpoint are not supported") or no rule matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> EndpointError {
        EndpointError { message: message.into() }
    }

    /// The message, as the rule set words it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot resolve the endpoint: {}", self.message)
    }
}

impl std::error::Error for EndpointError {}

/// A record property value (`{"name": "sigv4", ...}`), fields in the given order.
pub fn record<const N: usize>(fields: [(&str, Document); N]) -> Document {
    Document::Object(fields.into_iter().map(|(key, value)| (key.to_owned(), value)).collect())
}

/// A string property value.
pub fn string(value: &str) -> Document {
    Document::String(value.to_owned())
}

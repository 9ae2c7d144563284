//! The Amazon ECR client crate.
//!
//! Not built yet: the signed async client (one call per operation, SigV4, endpoints,
//! retries) is generated in a later step. Until then this crate only re-exports the
//! generated types of [`ecr_model`] so that the workspace layout is final.

pub use ecr_model::{error, operation, primitives, types};

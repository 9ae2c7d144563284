//! Credentials and their providers (being written).

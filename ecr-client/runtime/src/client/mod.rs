//! The HTTP client side (being written).

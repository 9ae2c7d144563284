//! SigV4 request signing (being written).

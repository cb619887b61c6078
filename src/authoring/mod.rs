//! Tools for rule authors, used by `jdx rules check` and `jdx rules test`:
//! overlap warnings located in the TOML ([`check`]) and snapshot cases of
//! whole postings ([`snapshot`]).
//!
//! Like the rest of the library, nothing here prints; the snapshot functions
//! do read and write the case files they are given.

pub mod check;
pub mod snapshot;

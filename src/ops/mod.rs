//! The operation tables, one module per category, and the dropdown sources
//! their fields point at.

use crate::catalog::Op;

mod associations;
mod blogs;
mod businesses;
mod calendar_extras;
mod calendars;
mod contacts;
mod conversations;
mod locations;
mod opportunities;
mod raw;
pub mod sources;
mod users;
mod workflows;

/// Every category's table, in catalog order.
const TABLES: &[&[Op]] = &[
    contacts::OPS,
    calendars::OPS,
    calendar_extras::OPS,
    opportunities::OPS,
    users::OPS,
    conversations::OPS,
    businesses::OPS,
    workflows::OPS,
    locations::OPS,
    associations::OPS,
    blogs::OPS,
    raw::OPS,
];

/// All operations, in catalog order.
pub fn all() -> impl Iterator<Item = &'static Op> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// The operation with this key.
pub fn find(key: &str) -> Option<&'static Op> {
    all().find(|op| op.key == key)
}

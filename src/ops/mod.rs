//! The operation tables, one module per category.

use crate::catalog::Op;

mod contacts;

/// Every category's table, in catalog order.
const TABLES: &[&[Op]] = &[contacts::OPS];

/// All operations, in catalog order.
pub fn all() -> impl Iterator<Item = &'static Op> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// The operation with this key.
pub fn find(key: &str) -> Option<&'static Op> {
    all().find(|op| op.key == key)
}

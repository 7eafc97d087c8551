//! cfacct
fn main() {}

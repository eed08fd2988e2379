//! serde support: any serde format reads and writes values.

mod de;
mod ser;

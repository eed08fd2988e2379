//! Conversions into values: `From` every primitive, strings, vectors, maps, pairs and `()`.

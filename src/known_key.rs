//! [`KnownKey`]: a key whose hash is computed once and reused for every look-up.

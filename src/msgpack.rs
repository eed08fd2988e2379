//! MessagePack in and out, with rmp.

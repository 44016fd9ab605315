//! Event sources: each turns its own input format into [`InputEvent`](crate::InputEvent)s.

pub mod balabit;

//! Examples live in this folder as `[[example]]` targets. This library only compiles the
//! README's code blocks as doctests, so the README cannot drift from the API.
#![doc = include_str!("../../README.md")]

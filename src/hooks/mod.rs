//! The page's effects, one concern each; they only dispatch actions to the state.

pub mod use_embed_api;
pub mod use_engine;
pub mod use_moment_keys;

pub use use_embed_api::use_embed_api;
pub use use_engine::use_engine;
pub use use_moment_keys::use_moment_keys;

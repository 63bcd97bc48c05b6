//! The page's effects, one concern each; they only dispatch actions to the state.

pub mod use_address;
pub mod use_embed_api;
pub mod use_embed_height;
pub mod use_engine;
pub mod use_engine_when_visible;
pub mod use_gallery;
pub mod use_moment_keys;
pub mod use_theme;
pub mod use_width;

pub use use_address::use_address;
pub use use_embed_api::use_embed_api;
pub use use_embed_height::use_embed_height;
pub use use_engine::use_engine;
pub use use_engine_when_visible::use_engine_when_visible;
pub use use_gallery::{use_gallery, GalleryManifest};
pub use use_moment_keys::use_moment_keys;
pub use use_theme::use_theme;
pub use use_width::use_width;

//! The page's components; each owns one part of the layout.

pub mod about;
pub mod chart;
pub mod charts;
pub mod editor;
pub mod engine_status;
pub mod export;
pub mod gallery_menu;
pub mod limits;
pub mod moment;
pub mod pane;
pub mod pane_title;
pub mod recorded_badge;
pub mod run_controls;
pub mod share;
pub mod summary;
pub mod types_chart;

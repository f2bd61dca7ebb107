//! Screens whose drawing lives apart from `screens/`: the editors (forms,
//! notes, visits) and the search box's rows.

pub mod editor;
pub mod search;

pub mod history;

pub use crate::ui::screens::{centered, prompt};

//! The tables demo records are drawn from: fixed forever, so the same seed
//! gives the same data.

pub(super) mod org_names;
pub(super) mod person_names;
pub(super) mod places;
pub(super) mod sectors;
pub(super) mod texts;

pub(super) use org_names::*;
pub(super) use person_names::*;
pub(super) use places::*;
pub(super) use sectors::*;
pub(super) use texts::*;

//! Import (`I`: a path, then a preview to confirm). The files are read and
//! written by effects; the screens are `screens::import_*`.

use super::Cmd;
use crate::ui::screens::import_path::ImportPath;
use crate::ui::screens::import_preview::ImportPreview;
use crate::ui::state::{App, Overlay, PlannedImport};

pub(super) fn ask_path(app: &mut App) -> Vec<Cmd> {
    app.overlay = Overlay::ImportPath(ImportPath::default());
    vec![]
}

pub(super) fn on_planned(app: &mut App, planned: Box<PlannedImport>) -> Vec<Cmd> {
    app.overlay = Overlay::ImportPreview(ImportPreview { planned, cursor: 0 });
    vec![]
}

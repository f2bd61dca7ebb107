//! The file work behind attachments in the UI: reading a file to attach
//! and writing one out for the viewer. Runs in the effects, never in
//! `update`.

use crate::domain::*;
use crate::store::Store;
use crate::ui::state::Write;
use crate::ui::update::Msg;

/// Reads the file (refused whole, naming it, when it cannot be attached)
/// and stores it on `target` in one transaction; `u` moves it to the trash.
pub(super) fn attach(store: &mut Store, target: AttachedTo, path: &str) -> Msg {
    let path = super::expand_home(path);
    let (name, data) = match crate::ops::attachments::read_file(&path) {
        Ok(read) => read,
        Err(e) => return Msg::Error(e.to_string()),
    };
    let a = Attachment::of(target, &name, &data);
    let again = match store.read().attachment_stored(&a.sha256) {
        Ok(found) => found,
        Err(e) => return Msg::Error(e.to_string()),
    };
    if let Err(e) = store.write(|tx| tx.attach(&a, &data)) {
        return Msg::Error(e.to_string());
    }
    let once = if again {
        " (the same file was already in the book: stored once)"
    } else {
        ""
    };
    Msg::Wrote {
        text: format!(
            "{} attached, {}{once}",
            crate::domain::text::clean(&a.name),
            crate::domain::attachment::human_size(a.size)
        ),
        undo: Some(Write::SetDeleted {
            kind: RecordKind::Attachment,
            id: a.meta.id,
            deleted: true,
        }),
        show: None,
    }
}

/// Writes the file out and opens it with the system's viewer, or says
/// where it is.
pub(super) fn open(store: &Store, id: Id) -> Msg {
    let r = store.read();
    let found = r.attachment(id).and_then(|a| {
        Ok(match a {
            Some(a) => r.attachment_data(&a.sha256)?.map(|data| (a, data)),
            None => None,
        })
    });
    match found {
        Ok(Some((a, data))) => match crate::ops::attachments::open(&a, &data) {
            Ok(said) => Msg::Info(said),
            Err(e) => Msg::Error(e.to_string()),
        },
        Ok(None) => Msg::Error("that attachment is gone (deleted meanwhile)".into()),
        Err(e) => Msg::Error(e.to_string()),
    }
}

//! The screens' side of `update`: an action goes to the screen on top,
//! and what it answers (`Outcome`) is carried out here.

use crate::domain::RecordKind;
use crate::ui::action::Action;
use crate::ui::screens::{Outcome, TextEdit};
use crate::ui::state::{App, Message, Overlay, Place};

use super::{Cmd, go_to, on_action, say_info};

/// The action for the screen on top, if there is one (`None`: the main
/// screen or the editor takes it).
pub(super) fn on_action_for_screen(app: &mut App, action: Action) -> Option<Vec<Cmd>> {
    let outcome = app.overlay.screen_mut()?.handle(action);
    Some(carry_out(app, outcome))
}

/// A key typed into the screen on top, if it takes text.
pub(super) fn on_text(app: &mut App, edit: TextEdit) -> Option<Vec<Cmd>> {
    let screen = app.overlay.screen_mut().filter(|s| s.takes_text())?;
    Some(screen.edit(edit))
}

fn carry_out(app: &mut App, outcome: Outcome) -> Vec<Cmd> {
    match outcome {
        Outcome::Stay(cmds) => cmds,
        Outcome::Close(cmds) => {
            app.overlay = Overlay::None;
            cmds
        }
        Outcome::Say(text) => {
            app.overlay = Overlay::None;
            say_info(app, &text)
        }
        Outcome::Tell(text) => say_info(app, &text),
        Outcome::Open(overlay) => {
            app.overlay = overlay;
            vec![]
        }
        Outcome::Quit => {
            app.quit = true;
            vec![]
        }
        Outcome::Run(actions) => {
            app.overlay = Overlay::None;
            let mut cmds = Vec::new();
            for action in actions {
                cmds.extend(on_action(app, action));
            }
            cmds
        }
        Outcome::Show(kind, id) => {
            app.overlay = Overlay::None;
            let here = Place {
                tab: app.tab,
                id: app.record.detail.as_ref().map(|d| d.id),
            };
            app.history.push(here);
            if kind == RecordKind::Note {
                return vec![Cmd::OpenNote { id }];
            }
            go_to(app, kind, id)
        }
        Outcome::Answer(confirm, yes) => {
            // Back to the editor the question came from, if any.
            app.overlay = if app.editor.is_some() {
                Overlay::Editor
            } else {
                Overlay::None
            };
            let cmds = super::editing::answer(app, confirm, yes);
            if cmds.is_empty() && !yes && app.message.is_none() {
                app.message = Some(Message {
                    text: "nothing changed".into(),
                    is_error: false,
                });
            }
            cmds
        }
    }
}

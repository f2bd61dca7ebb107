//! Finding records by the names people type on the command line. A name
//! that matches nothing or several records is refused, with the candidates.

use anyhow::bail;

use crate::domain::text::clean;
use crate::domain::*;
use crate::store::Tx;

/// The candidates, listed for the person to choose: names from the book go
/// through the terminal-safe `clean` (an OSC 52 in an organization's name
/// would otherwise write the clipboard).
fn candidates<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    items
        .iter()
        .map(|item| clean(&show(item)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// How a message starts: the flag that named the record (`--with: `), or
/// nothing for a record named by a command's argument (`edit contact NAME`).
fn at(flag: &str) -> String {
    if flag.is_empty() {
        String::new()
    } else {
        format!("--{flag}: ")
    }
}

/// The one live contact with this name (display name, or native-script name).
pub fn contact(tx: &Tx<'_>, flag: &str, name: &str) -> anyhow::Result<Contact> {
    if let Ok(id) = uuid::Uuid::parse_str(name.trim()) {
        return match tx
            .reader()
            .contact(id)?
            .filter(|c| c.meta.deleted_at.is_none())
        {
            Some(c) => Ok(c),
            None => bail!("{}no contact has the id {id}", at(flag)),
        };
    }
    let mut found = tx.reader().contacts_named(name)?;
    match found.len() {
        0 => bail!("{}no contact is named '{}'", at(flag), name.trim()),
        1 => Ok(found.remove(0)),
        n => {
            let list = candidates(&found, |c| {
                let org = c
                    .organization_id
                    .and_then(|o| tx.reader().organization(o).ok().flatten())
                    .map(|o| format!(", {}", o.name))
                    .unwrap_or_default();
                format!("{}{org} ({})", c.display_name, c.meta.id)
            });
            bail!(
                "{}'{}' matches {n} contacts: {list}; use the id instead",
                at(flag),
                name.trim()
            )
        }
    }
}

/// The one live project with this reference code or title.
pub fn project(tx: &Tx<'_>, flag: &str, key: &str) -> anyhow::Result<Project> {
    if let Ok(id) = uuid::Uuid::parse_str(key.trim()) {
        return match tx
            .reader()
            .project(id)?
            .filter(|p| p.meta.deleted_at.is_none())
        {
            Some(p) => Ok(p),
            None => bail!("{}no project has the id {id}", at(flag)),
        };
    }
    let mut found = tx.reader().projects_matching(key)?;
    match found.len() {
        0 => bail!(
            "{}no project has the reference or title '{}'",
            at(flag),
            key.trim()
        ),
        1 => Ok(found.remove(0)),
        n => {
            let list = candidates(&found, |p| {
                format!(
                    "{}{} ({})",
                    p.ref_code
                        .as_ref()
                        .map(|r| format!("{r} "))
                        .unwrap_or_default(),
                    p.title,
                    p.meta.id
                )
            });
            bail!(
                "{}'{}' matches {n} projects: {list}; use the reference code",
                at(flag),
                key.trim()
            )
        }
    }
}

/// The one live organization with this name.
pub fn organization(tx: &Tx<'_>, flag: &str, name: &str) -> anyhow::Result<Organization> {
    if let Ok(id) = uuid::Uuid::parse_str(name.trim()) {
        return match tx
            .reader()
            .organization(id)?
            .filter(|o| o.meta.deleted_at.is_none())
        {
            Some(o) => Ok(o),
            None => bail!("{}no organization has the id {id}", at(flag)),
        };
    }
    let mut found = tx.reader().organizations_named(name)?;
    match found.len() {
        0 => bail!("{}no organization is named '{}'", at(flag), name.trim()),
        1 => Ok(found.remove(0)),
        n => {
            let list = candidates(&found, |o| {
                let place = o
                    .city
                    .as_deref()
                    .or(o.country.as_deref())
                    .unwrap_or("no city");
                format!("{} ({place}, {})", o.name, o.meta.id)
            });
            bail!(
                "{}'{}' matches {n} organizations: {list}",
                at(flag),
                name.trim()
            )
        }
    }
}

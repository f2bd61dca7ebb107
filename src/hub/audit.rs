//! `fieldbook hub audit`: head office opens every stored bundle with the
//! offices' passphrase (the only place the hub's bundles are decrypted) and
//! checks that what the desks sent is what the hub holds: each bundle's
//! changesets are in `hub.changesets` with the same content hash.

use super::{Hub, Result};
use crate::sync::bundle::Bundle;
use crate::sync::capture::content_hash;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Audit {
    pub bundles: usize,
    pub entries: usize,
    /// Bundles the passphrase does not open (or damaged).
    pub unreadable: Vec<i64>,
    /// (bundle id, replica, seq) of entries the hub lacks or holds otherwise.
    pub mismatched: Vec<(i64, uuid::Uuid, i64)>,
}

pub fn audit(hub: &mut Hub, passphrase: Option<&str>) -> Result<Audit> {
    super::schema::check(hub)?;
    let mut out = Audit::default();
    let ids: Vec<i64> = hub
        .client
        .query("SELECT id FROM hub.bundles ORDER BY id", &[])
        .map_err(|e| hub.error(e))?
        .iter()
        .map(|r| r.get(0))
        .collect();
    // One bundle at a time: they can be large.
    for id in ids {
        let bytes: Vec<u8> = hub
            .client
            .query_one("SELECT bytes FROM hub.bundles WHERE id = $1", &[&id])
            .map_err(|e| hub.error(e))?
            .get(0);
        out.bundles += 1;
        let Ok(bundle) = Bundle::read(&bytes, passphrase) else {
            out.unreadable.push(id);
            continue;
        };
        for e in &bundle.entries {
            out.entries += 1;
            let held: Option<Vec<u8>> = hub
                .client
                .query_opt(
                    "SELECT hash FROM hub.changesets WHERE replica = $1 AND seq = $2",
                    &[&e.meta.replica, &e.meta.seq],
                )
                .map_err(|e| hub.error(e))?
                .map(|r| r.get(0));
            if held != Some(content_hash(&e.changeset, &e.meta.bases)) {
                out.mismatched.push((id, e.meta.replica, e.meta.seq));
            }
        }
    }
    Ok(out)
}

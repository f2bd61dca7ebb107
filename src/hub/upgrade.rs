//! What `hub migrate` does besides the SQL steps, where it needs
//! fieldbook's own code: a hub of version 1 kept no old value of a tag or
//! language write (`hub.operations.old_value`), so its tags were merged as
//! whole fields. Moving it to version 2 decodes those writes' changesets
//! again (`operations::decode`, the same numbering as the push) to fill
//! the old values in, then merges every such write again in clock order
//! (`hub.replay_sets`), so the read tables end as the desks' books.

use postgres::Transaction;
use uuid::Uuid;

use super::operations::decode;
use super::{HubError, Result};
use crate::sync::bundle::{Entry, EntryMeta};

/// The tag and language writes given their old values; how many.
pub fn complete_set_writes(tx: &mut Transaction, name: &str) -> Result<usize> {
    let err = |e| super::connect::classify(name, e);
    let book = super::schema::schema_book()?;
    let lacking = tx
        .query(
            "SELECT DISTINCT o.replica, o.seq, c.clock, c.bases, c.changeset \
             FROM hub.operations o JOIN hub.changesets c USING (replica, seq) \
             WHERE o.kind = 'set' AND hub.is_set_column(o.tbl, o.col) \
               AND o.old_value IS NULL AND o.value IS NOT NULL",
            &[],
        )
        .map_err(err)?;
    let mut filled = 0;
    for row in lacking {
        let entry = Entry {
            meta: EntryMeta {
                replica: row.get::<_, Uuid>(0),
                seq: row.get(1),
                clock: row.get(2),
                bases: row.get(3),
            },
            changeset: row.get(4),
        };
        for op in decode(&book, &entry)? {
            let Some(old) = op.old_value else { continue };
            filled += tx
                .execute(
                    "UPDATE hub.operations SET old_value = $1 \
                     WHERE replica = $2 AND seq = $3 AND item = $4 AND old_value IS NULL",
                    &[&old, &entry.meta.replica, &entry.meta.seq, &op.item],
                )
                .map_err(err)? as usize;
        }
    }
    tx.execute("SELECT hub.replay_sets()", &[]).map_err(err)?;
    Ok(filled)
}

/// For tests: a hub whose tag writes lost their old values (as version 1
/// kept them) made whole again, as `hub migrate` does.
pub fn complete(hub: &mut super::Hub) -> Result<usize> {
    let name = hub.name.clone();
    let mut tx = hub
        .client
        .transaction()
        .map_err(|e| super::connect::classify(&name, e))?;
    let filled = complete_set_writes(&mut tx, &name)?;
    tx.commit()
        .map_err(|e| HubError::Dropped(name, e.to_string()))?;
    Ok(filled)
}

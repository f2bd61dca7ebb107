//! Who this book is and what time it is: the replica id (a UUIDv7, new for
//! every copy fieldbook makes itself) and the hybrid logical clock.
//!
//! A clock value is milliseconds since 1970 times 65 536 plus a counter: it
//! follows the wall clock, never goes backwards (a machine whose clock is
//! set back keeps counting from the last value), and moves past every clock
//! received, so a change made after receiving another sorts after it.

use rusqlite::Connection;
use uuid::Uuid;

use crate::store::Result;

/// Counter values per millisecond.
const COUNTER: i64 = 1 << 16;

/// The clock value at the start of this millisecond.
pub fn clock_of_millis(ms: i64) -> i64 {
    ms.saturating_mul(COUNTER)
}

/// The wall-clock milliseconds a clock value stands for.
pub fn millis_of_clock(clock: i64) -> i64 {
    clock.div_euclid(COUNTER)
}

thread_local! {
    /// The wall clock this thread's clock follows when the simulation
    /// benchmark injects one (`None`: the machine's).
    static SIMULATED_NOW: std::cell::Cell<Option<i64>> = const { std::cell::Cell::new(None) };
}

fn now_millis() -> i64 {
    SIMULATED_NOW
        .with(|c| c.get())
        .unwrap_or_else(|| chrono::Utc::now().timestamp_millis())
}

/// Makes this thread's clock follow `ms` (milliseconds since 1970) instead
/// of the machine's wall clock, until called with `None`: the simulation
/// benchmark replays a year in minutes, deterministically.
pub fn simulate_wall_clock(ms: Option<i64>) {
    SIMULATED_NOW.with(|c| c.set(ms));
}

/// Migration 12's work: a new book gets its identity.
pub fn first_identity(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_self (only, replica, clock, next_seq) VALUES (1, ?1, 0, 1)",
        [Uuid::now_v7()],
    )?;
    Ok(())
}

/// This book's replica id.
pub fn replica(conn: &Connection) -> Result<Uuid> {
    Ok(conn.query_row("SELECT replica FROM sync_self", [], |r| r.get(0))?)
}

/// Gives the book a new identity: for a copy, so two books never send
/// different changes under one name. The old identity's changes stay in
/// the log as another replica's, to be forwarded like any other.
pub fn reset_id(conn: &Connection) -> Result<Uuid> {
    let id = Uuid::now_v7();
    // The clock goes on from the last change logged under the old identity
    // (local changes leave `sync_self.clock` alone: see `next_for_log`).
    conn.execute(
        "UPDATE sync_self SET replica = ?1, next_seq = 1, \
         clock = max(clock, coalesce((SELECT max(clock) FROM sync_log), clock))",
        [id],
    )?;
    Ok(id)
}

/// Gives an open book a new identity (`sync reset-id`, and every copy
/// fieldbook makes: restore, encrypt, decrypt, JSON import into an empty
/// book). Not itself a change for other books.
pub fn reset_book_id(store: &mut crate::store::Store) -> Result<Uuid> {
    store.write_uncaptured(|tx| reset_id(tx.sync_conn()))
}

/// For logging a local change, without writing: this replica, the next
/// clock value and the next sequence number, from the last change this
/// replica logged and the floors in `sync_self` (a new identity's first
/// sequence, the clocks received). Every write transaction logs one change:
/// leaving `sync_self` alone spares each of them a page written, and the
/// `UPDATE ... RETURNING` that bumped it cost more (about 40 µs on tmpfs)
/// than the rest of the logging.
pub fn next_for_log(conn: &Connection) -> Result<(Uuid, i64, i64)> {
    // One statement (two took twice as long): the floors and the last
    // change of this replica, if any.
    let (me, floor_clock, floor_seq, last_seq, last_clock): (Uuid, i64, i64, i64, i64) = conn
        .prepare_cached(
            "SELECT s.replica, s.clock, s.next_seq, coalesce(l.seq, 0), coalesce(l.clock, s.clock) \
             FROM sync_self s LEFT JOIN (SELECT seq, clock FROM sync_log \
                 WHERE replica = (SELECT replica FROM sync_self) ORDER BY seq DESC LIMIT 1) l",
        )?
        .query_row([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    let clock = clock_of_millis(now_millis())
        .max(floor_clock.saturating_add(1))
        .max(last_clock.saturating_add(1));
    Ok((me, clock, floor_seq.max(last_seq + 1)))
}

/// Moves the clock past a received one.
pub fn observe(conn: &Connection, received: i64) -> Result<()> {
    conn.execute("UPDATE sync_self SET clock = max(clock, ?1)", [received])?;
    Ok(())
}

/// How far a received clock may be ahead of this machine's.
pub const MAX_AHEAD_MS: i64 = 24 * 60 * 60 * 1000;

/// Whether a received clock is more than a day ahead of this machine.
pub fn too_far_ahead(clock: i64) -> bool {
    millis_of_clock(clock) > now_millis() + MAX_AHEAD_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrations::migrate(&mut conn).unwrap();
        conn
    }

    #[test]
    fn a_new_book_has_a_v7_replica_id() {
        let conn = book();
        assert_eq!(replica(&conn).unwrap().get_version_num(), 7);
    }

    fn log(conn: &Connection) -> (Uuid, i64, i64) {
        let (me, clock, seq) = next_for_log(conn).unwrap();
        conn.execute(
            "INSERT INTO sync_log (replica, seq, clock, changeset, hash) VALUES (?1, ?2, ?3, x'00', x'00')",
            rusqlite::params![me, seq, clock],
        )
        .unwrap();
        (me, clock, seq)
    }

    #[test]
    fn reset_gives_a_new_id_and_restarts_the_sequence() {
        let conn = book();
        let before = replica(&conn).unwrap();
        assert_eq!(log(&conn).2, 1);
        assert_eq!(log(&conn).2, 2);
        let after = reset_id(&conn).unwrap();
        assert_ne!(before, after);
        assert_eq!(replica(&conn).unwrap(), after);
        let (me, _, seq) = log(&conn);
        assert_eq!((me, seq), (after, 1));
    }

    #[test]
    fn the_clock_never_goes_backwards() {
        let conn = book();
        // A clock received from a machine an hour ahead: later ticks here
        // stay past it although the wall clock is behind.
        let ahead = clock_of_millis(now_millis() + 3_600_000);
        observe(&conn, ahead).unwrap();
        let a = log(&conn).1;
        let b = log(&conn).1;
        assert!(a > ahead && b > a);
        assert_eq!(
            millis_of_clock(b),
            millis_of_clock(ahead),
            "counted, not jumped"
        );
        // An older clock received changes nothing.
        observe(&conn, 5).unwrap();
        assert!(log(&conn).1 > b);
    }

    #[test]
    fn the_next_logged_change_follows_the_last_one_and_every_clock_received() {
        let conn = book();
        let (me, a, one) = log(&conn);
        let (_, b, two) = log(&conn);
        assert_eq!((one, two), (1, 2));
        assert!(b > a);
        assert_eq!(next_for_log(&conn).unwrap().2, 3, "reading takes nothing");
        let ahead = clock_of_millis(now_millis() + 3_600_000);
        observe(&conn, ahead).unwrap();
        let (_, c, _) = log(&conn);
        assert!(c > ahead);
        let after = reset_id(&conn).unwrap();
        assert_ne!(after, me);
        let (who, d, seq) = log(&conn);
        assert_eq!((who, seq), (after, 1));
        assert!(d > c, "a new identity's clock goes on from the old one's");
    }

    #[test]
    fn a_clock_a_day_ahead_is_too_far() {
        assert!(!too_far_ahead(clock_of_millis(
            now_millis() + MAX_AHEAD_MS - 60_000
        )));
        assert!(too_far_ahead(clock_of_millis(
            now_millis() + MAX_AHEAD_MS + 60_000
        )));
    }
}

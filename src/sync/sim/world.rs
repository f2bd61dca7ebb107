//! What the simulation knows of the records it made: which desk made each,
//! from which week every desk has it, whether it is in the trash and who
//! knows that. Kept in creation order (never in the books' id order, which
//! differs from run to run), so a seed gives the same choices every time.

use crate::domain::Id;

/// The simulation's seeded random numbers: SplitMix64, as the demo's.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Org,
    Contact,
    Project,
    Visit,
    FollowUp,
    Note,
}

const KINDS: usize = 6;

fn slot(kind: Kind) -> usize {
    kind as usize
}

/// The head office (the hub book) as the maker of a record.
pub const HUB: usize = usize::MAX;

#[derive(Debug, Clone)]
pub struct Rec {
    pub kind: Kind,
    pub id: Id,
    /// The desk that made it (`HUB`: the head office, before week 1).
    pub maker: usize,
    /// From this week on every desk has it (the maker has it at once).
    pub everywhere_from: usize,
    /// Trashed by (desk, week).
    pub trashed: Option<(usize, usize)>,
    /// A follow-up marked done.
    pub done: bool,
}

/// Every record made, by kind, and each desk's own.
#[derive(Default)]
pub struct World {
    recs: Vec<Rec>,
    by_kind: [Vec<usize>; KINDS],
    /// Per desk and kind, the records it made.
    own: Vec<[Vec<usize>; KINDS]>,
    /// The head office's organizations and projects that every desk works
    /// with: where same-field races happen.
    pub shared: Vec<usize>,
}

impl World {
    pub fn new(desks: usize) -> World {
        World {
            own: (0..desks).map(|_| Default::default()).collect(),
            ..World::default()
        }
    }

    /// Notes a record made by `maker` in `week` (the head office's: week 0).
    pub fn add(&mut self, kind: Kind, id: Id, maker: usize, week: usize) -> usize {
        let at = self.recs.len();
        self.recs.push(Rec {
            kind,
            id,
            maker,
            everywhere_from: if maker == HUB { 0 } else { week + 1 },
            trashed: None,
            done: false,
        });
        self.by_kind[slot(kind)].push(at);
        if maker == HUB {
            self.shared.push(at);
        } else {
            self.own[maker][slot(kind)].push(at);
        }
        at
    }

    pub fn rec(&self, at: usize) -> &Rec {
        &self.recs[at]
    }

    pub fn rec_mut(&mut self, at: usize) -> &mut Rec {
        &mut self.recs[at]
    }

    /// Whether `desk` has the record in `week` and, as far as it knows, it
    /// is out of the trash.
    pub fn usable(&self, at: usize, desk: usize, week: usize) -> bool {
        let r = &self.recs[at];
        let has = r.maker == desk || r.everywhere_from <= week;
        let knows_trashed = r
            .trashed
            .is_some_and(|(by, when)| by == desk || when < week);
        has && !knows_trashed
    }

    /// A record of `kind` the desk can use: its own mostly, another desk's
    /// sometimes (`others_percent`), `None` when it finds none in a few tries.
    pub fn pick(
        &self,
        rng: &mut Rng,
        kind: Kind,
        desk: usize,
        week: usize,
        others_percent: u64,
    ) -> Option<usize> {
        let own = &self.own[desk][slot(kind)];
        let all = &self.by_kind[slot(kind)];
        for _ in 0..8 {
            let from = if own.is_empty() || rng.chance(others_percent) {
                all
            } else {
                own
            };
            if from.is_empty() {
                return None;
            }
            // Recent records are worked on more than old ones.
            let n = from.len();
            let i = if rng.chance(60) {
                n - 1 - rng.below(n.min(40))
            } else {
                rng.below(n)
            };
            let at = from[i];
            if self.usable(at, desk, week) {
                return Some(at);
            }
        }
        None
    }

    /// One of the head office's shared records of `kind` (for races).
    pub fn pick_shared(&self, rng: &mut Rng, kind: Kind) -> Option<usize> {
        let of_kind: Vec<usize> = self
            .shared
            .iter()
            .copied()
            .filter(|at| self.recs[*at].kind == kind)
            .collect();
        (!of_kind.is_empty()).then(|| *rng.pick(&of_kind))
    }

    /// The desk's own records of `kind`.
    pub fn own(&self, desk: usize, kind: Kind) -> &[usize] {
        &self.own[desk][slot(kind)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reaches_other_desks_the_week_after_and_so_does_its_trashing() {
        let mut w = World::new(2);
        let at = w.add(Kind::Contact, Id::now_v7(), 0, 3);
        assert!(w.usable(at, 0, 3));
        assert!(!w.usable(at, 1, 3));
        assert!(w.usable(at, 1, 4));
        w.rec_mut(at).trashed = Some((0, 5));
        assert!(!w.usable(at, 0, 5));
        assert!(w.usable(at, 1, 5), "desk 1 has not heard yet");
        assert!(!w.usable(at, 1, 6));
    }

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng(8).next_u64(), xs[0]);
    }
}

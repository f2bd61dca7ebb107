//! A small xorshift for random kill times: the point is to land anywhere in
//! a process's work, differently on each round, and the same on every run.

// Each test file uses part of this.
#![allow(dead_code)]

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

//! Release builds on Linux link the binary at a fixed address (not as a
//! position-independent executable). A PIE of fieldbook's size carries
//! about 30,000 relocations that the loader applies at every start, writing
//! some 130 pages it would otherwise not touch: about 0.4 ms of every
//! `fieldbook search` (README, Performance). The code is compiled as usual;
//! only the final link of the binary changes, and only in release builds,
//! so debug builds and tests are as before. The cost: the binary itself is
//! not placed at a random address (its libraries, stack and heap still are).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if release && linux {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

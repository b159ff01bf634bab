//! Integration tests: one crate (every file directly under tests/ would link the SDK again).
//!
//! `cli`, `outputs` and `table` need nothing; `emulator`, `faults`, `gate` and one test in `learn`
//! need the emulators (and the fault proxy) that `scripts/test.sh` starts, and fail loudly when
//! they cannot reach them.

// Test helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod build;
mod cli;
mod common;
mod emulator;
mod faults;
mod gate;
mod learn;
mod organization_wide;
mod organizations;
mod outputs;
mod table;

//! Integration tests: one crate (every file directly under tests/ would link the SDK again).
//!
//! `cli` and `outputs` need nothing; `emulator` and `gate` need the emulators that
//! `scripts/test.sh` starts, and fail loudly when they cannot reach them.

mod cli;
mod common;
mod emulator;
mod gate;
mod learn;
mod outputs;
mod table;

//! Parsers for docker and podman CLI output, and the checks that decide whether a command's output
//! looks healthy. Each submodule handles one kind of output; none of them runs a command.

pub mod cell;
pub mod checks;
pub mod columns;
pub mod info;
pub mod json_lines;
pub mod table;
pub mod time;
pub mod version;

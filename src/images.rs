//! Docker images: full names (`[registry_hostname[:port]/][user_name/](repository_name[:version_tag])`),
//! the [`DockerImage`] model, and image listings parsed from `docker images` tables or
//! `--format '{{json .}}'` lines.
//!
//! `<none>` means "no name": in the repository or tag position it is read as `None`.
//!
//! ```
//! use dockertest::images::{full_name_from_component, split_to_component};
//!
//! let parts = split_to_component("host:5000/user/repo:tag").unwrap();
//! assert_eq!(parts.repo.as_deref(), Some("repo"));
//! assert_eq!(parts.repo_addr.as_deref(), Some("host:5000"));
//! assert_eq!(full_name_from_component(&parts).unwrap(), "host:5000/user/repo:tag");
//! ```

mod image;
mod listing;
mod name;
pub mod parts;
mod scan;

pub use crate::output::json_lines::json_objects;
pub use image::{short_id, DockerImage};
pub use listing::{images_from_json_lines, images_from_table};
pub use name::{
    full_name_from_component, full_name_from_defaults, split_to_component, split_to_component_ref, NameParts,
    NamePartsRef, FULL_NAME_PATTERN,
};

#[cfg(test)]
mod tests;

//! Image listings: `docker images` tables, `--format '{{json .}}'` lines, podman's JSON array and
//! the Engine API's `/images/json`.

use serde_json::Value;

use super::image::DockerImage;
use crate::output::json_lines::json_objects;
use crate::output::table::TableView;
use crate::{Error, Result};

fn cell<'a>(table: &TableView<'a>, row: usize, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| table.get(row, n))
}

/// Parses a `docker images` table (with or without `--no-trunc`/`--digests`, the 2014
/// `VIRTUAL SIZE` header or today's `SIZE`, docker or podman).
pub fn images_from_table(text: &str) -> Result<Vec<DockerImage>> {
    let table = TableView::parse(text, false)?;
    for required in ["REPOSITORY", "TAG", "IMAGE ID", "CREATED"] {
        if table.columns.index_of(required).is_none() {
            return Err(Error::output(
                1,
                1,
                format!("the images table has no {required} column"),
            ));
        }
    }
    let mut out = Vec::with_capacity(table.len());
    for row in 0..table.len() {
        let id = table.get(row, "IMAGE ID").unwrap_or_default();
        let image = DockerImage::new(
            table.get(row, "REPOSITORY"),
            table.get(row, "TAG"),
            id,
            table.get(row, "CREATED"),
            cell(&table, row, &["SIZE", "VIRTUAL SIZE"]),
            None,
            None,
        )
        .map_err(|e| Error::output(row + 2, 1, e.to_string()))?;
        out.push(image);
    }
    Ok(out)
}

fn json_strs(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn json_str<'a>(obj: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| obj.get(*k).and_then(Value::as_str))
}

/// Parses `docker images --format '{{json .}}'` (one object per line), a JSON array of such
/// objects (podman), or the Engine API's `/images/json`, where each of an image's `RepoTags` (for
/// podman's CLI, whose `RepoTags` is null, each of its `Names` but the digest references
/// `repo@sha256:...`) gives one image and an image without tags is listed once without a name.
///
/// The objects are read as untyped JSON on purpose: the producers name and type the same field
/// differently (`ID` or `Id`; `Created` and `Size` strings from the CLI, numbers from the API;
/// `RepoTags` a list or null), so a derived struct would need an untagged enum per field and would
/// reject a listing over a field of an unexpected type that is not even used.
pub fn images_from_json_lines(text: &str) -> Result<Vec<DockerImage>> {
    let mut out = Vec::new();
    for (line, obj) in json_objects(text)? {
        let id = json_str(&obj, &["ID", "Id"]).unwrap_or_default();
        let at_line = |e: Error| Error::output(line, 1, e.to_string());
        if let Some(tags) = obj.get("RepoTags") {
            let number = |k: &str| obj.get(k).filter(|v| v.is_number()).map(ToString::to_string);
            let (created, size) = (number("Created"), number("Size"));
            // podman's own listing leaves RepoTags null and gives the image's names in Names, where a
            // pull or push by digest adds `repo@sha256:...` beside the tags: a digest is no tag (docker
            // keeps them apart, in RepoDigests), so those names are left out.
            let mut tags = json_strs(tags);
            if tags.is_empty() {
                tags = obj.get("Names").map(json_strs).unwrap_or_default();
                tags.retain(|name| !name.contains('@'));
            }
            let names = if tags.is_empty() { vec!["<none>:<none>"] } else { tags };
            for name in names {
                let img = DockerImage::new(Some(name), None, id, created.as_deref(), size.as_deref(), None, None);
                out.push(img.map_err(at_line)?);
            }
            continue;
        }
        let img = DockerImage::new(
            json_str(&obj, &["Repository"]),
            json_str(&obj, &["Tag"]),
            id,
            json_str(&obj, &["CreatedSince"]),
            json_str(&obj, &["Size"]),
            None,
            None,
        );
        out.push(img.map_err(at_line)?);
    }
    Ok(out)
}

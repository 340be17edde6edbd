//! The [`DockerImage`] model: one listed image, held compactly.

use super::name::{full_name_from_component, split_to_component, split_to_component_ref, NameParts, NamePartsRef};
use crate::{Error, Result};

/// Where one optional value lies in [`DockerImage`]'s text: byte start and length, or [`Span::NONE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Span(u32, u32);

impl Span {
    /// No value.
    const NONE: Span = Span(u32::MAX, 0);
}

impl Default for Span {
    fn default() -> Self {
        Span::NONE
    }
}

/// One image: its name parts, ids and the humanised `created` and `size` cells.
///
/// An image is held compactly, because listings hold many: every value lives in one boxed string
/// and is found through a small table of spans (the short id is a span of the long id, and the full
/// name is joined from the parts when asked for), so an image makes one heap allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DockerImage {
    /// The values, one after the other.
    text: Box<str>,
    /// `repo_addr`, `user`, `repo`, `tag`, `long_id`, `short_id`, `created`, `size`.
    spans: [Span; 8],
}

/// The 12-character short form of an id; a prefix such as `sha256:` (a colon at index 3 or later)
/// is skipped.
pub fn short_id(long_id: &str) -> String {
    short_id_of(long_id).to_string()
}

/// [`short_id`] as a slice of `long_id`.
fn short_id_of(long_id: &str) -> &str {
    let rest = match long_id.find(':') {
        Some(i) if i >= 3 => &long_id[i + 1..],
        _ => long_id,
    };
    let end = rest.char_indices().nth(12).map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

impl DockerImage {
    /// Builds an image as the original constructor did: with `repo_addr`, `user` and `tag` all
    /// `None`, `repo` is a full name; with only `repo_addr` and `user` `None`, `repo` gives the
    /// repository, address and user and `tag` is kept; with only `repo_addr` `None`, `repo` gives
    /// the repository and address.
    pub fn new(
        repo: Option<&str>,
        tag: Option<&str>,
        long_id: &str,
        created: Option<&str>,
        size: Option<&str>,
        repo_addr: Option<&str>,
        user: Option<&str>,
    ) -> Result<Self> {
        fn present(v: Option<&str>) -> Option<&str> {
            v.filter(|v| *v != "<none>")
        }
        let (repo, tag) = (present(repo), present(tag));
        let parsed = match repo {
            Some(r) if repo_addr.is_none() => split_to_component_ref(r)?,
            _ => NamePartsRef::default(),
        };
        let name = match (repo, repo_addr, user, tag) {
            (None, ..) => NamePartsRef {
                tag,
                ..NamePartsRef::default()
            },
            (Some(_), None, None, None) => parsed,
            (Some(_), None, None, Some(_)) => NamePartsRef { tag, ..parsed },
            (Some(_), None, Some(u), _) => NamePartsRef {
                tag,
                user: Some(u),
                ..parsed
            },
            (Some(_), Some(a), u, _) => NamePartsRef {
                repo,
                tag,
                repo_addr: Some(a),
                user: u,
            },
        };
        let (created, size) = (present(created), present(size));
        let values = [
            name.repo_addr,
            name.user,
            name.repo,
            name.tag,
            Some(long_id),
            created,
            size,
        ];
        let mut text = String::with_capacity(values.iter().flatten().map(|v| v.len()).sum());
        let mut spans = [Span::NONE; 8];
        for (slot, value) in [0, 1, 2, 3, 4, 6, 7].into_iter().zip(values) {
            if let Some(v) = value {
                let too_long = || Error::Value(format!("an image's names and ids are longer than {} bytes", u32::MAX));
                let start = u32::try_from(text.len()).map_err(|_| too_long())?;
                spans[slot] = Span(start, u32::try_from(v.len()).map_err(|_| too_long())?);
                text.push_str(v);
            }
        }
        let short = short_id_of(long_id);
        let skipped = short.as_ptr() as usize - long_id.as_ptr() as usize;
        // Both fit in u32: the long id did.
        spans[5] = Span(
            spans[4].0 + u32::try_from(skipped).unwrap_or(0),
            u32::try_from(short.len()).unwrap_or(0),
        );
        Ok(DockerImage {
            text: text.into_boxed_str(),
            spans,
        })
    }

    fn value(&self, slot: usize) -> Option<&str> {
        let Span(start, len) = self.spans[slot];
        (start != u32::MAX).then(|| &self.text[start as usize..start as usize + len as usize])
    }

    /// The name parts.
    pub fn parts(&self) -> NamePartsRef<'_> {
        NamePartsRef {
            repo: self.repo(),
            tag: self.tag(),
            repo_addr: self.repo_addr(),
            user: self.user(),
        }
    }

    /// The repository, `None` for an image listed as `<none>`.
    pub fn repo(&self) -> Option<&str> {
        self.value(2)
    }

    /// The tag.
    pub fn tag(&self) -> Option<&str> {
        self.value(3)
    }

    /// The registry host, with its port if any.
    pub fn repo_addr(&self) -> Option<&str> {
        self.value(0)
    }

    /// The user (namespace).
    pub fn user(&self) -> Option<&str> {
        self.value(1)
    }

    /// The full name, `None` for an image listed as `<none>`.
    pub fn full_name(&self) -> Option<String> {
        full_name_from_component(&self.parts().to_owned_parts())
    }

    /// The id as listed (`sha256:…` with `--no-trunc`).
    pub fn long_id(&self) -> &str {
        self.value(4).unwrap_or_default()
    }

    /// The 12 characters after any `sha256:`-style prefix.
    pub fn short_id(&self) -> &str {
        self.value(5).unwrap_or_default()
    }

    /// The CREATED cell.
    pub fn created(&self) -> Option<&str> {
        self.value(6)
    }

    /// The SIZE (or VIRTUAL SIZE) cell.
    pub fn size(&self) -> Option<&str> {
        self.value(7)
    }

    /// A 12-character id is compared with the short id, anything else with the long id (with or
    /// without its `sha256:` prefix).
    pub fn cmp_id(&self, id: &str) -> bool {
        if id.chars().count() == 12 {
            return self.short_id() == id;
        }
        let long_id = self.long_id();
        long_id == id || long_id.split_once(':').is_some_and(|(_, hex)| hex == id)
    }

    /// Exact equality of the full name with the one joined from `parts`.
    pub fn cmp_full_name_with_component(&self, parts: &NameParts) -> bool {
        self.full_name() == full_name_from_component(parts)
    }

    /// Exact full-name equality.
    pub fn cmp_full_name(&self, full_name: &str) -> bool {
        self.full_name().as_deref() == Some(full_name)
    }

    /// Every part given (`Some`) must equal the image's.
    pub fn cmp_greedy(&self, parts: &NameParts) -> bool {
        let ok = |want: &Option<String>, have: Option<&str>| want.as_deref().is_none_or(|w| Some(w) == have);
        ok(&parts.repo, self.repo())
            && ok(&parts.tag, self.tag())
            && ok(&parts.repo_addr, self.repo_addr())
            && ok(&parts.user, self.user())
    }

    /// Splits `full_name` and compares greedily, so `fedora:latest` also matches
    /// `192.168.122.245:5000/fedora:latest`.
    pub fn cmp_greedy_full_name(&self, full_name: &str) -> Result<bool> {
        Ok(self.cmp_greedy(&split_to_component(full_name)?))
    }
}

/// The original's `str()` of an image: `full_name:… LONG_ID:… CREATED:… SIZE:…`, `None` for a
/// missing value.
impl std::fmt::Display for DockerImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = |v: Option<&str>| v.unwrap_or("None").to_string();
        write!(
            f,
            "full_name:{} LONG_ID:{} CREATED:{} SIZE:{}",
            s(self.full_name().as_deref()),
            self.long_id(),
            s(self.created()),
            s(self.size())
        )
    }
}

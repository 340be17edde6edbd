//! The ids a finished `docker build` printed: the images of its steps and the containers it ran them
//! in, so a job's garbage check can tell the intermediate objects of its own builds from another job's.
//!
//! Only the classic (legacy) builder prints them, on its standard output: each step's result as
//! ` ---> <image id>` and each `RUN`-like step's container as ` ---> Running in <container id>`.
//! `BuildKit` prints its progress on standard error and names no intermediate object; podman marks its
//! step images with two dashes (`--> <id>`) and commits them itself, so neither yields an id here.
//!
//! An id is a run of 12 to 64 lower-case hexadecimal digits right after its marker (after at least
//! one whitespace character for ` ---> `) that ends the word: the next character is not a letter, a
//! digit or `_`. A longer run, or one followed by a letter, is not an id. This is what the regular
//! expressions `--->\s+([0-9a-f]{12,64})\b` and `Running in ([0-9a-f]{12,64})\b` found before, with
//! Python's definitions of whitespace and word characters.
//!
//! ```
//! use dockertest::build_output::step_ids;
//!
//! let ids = step_ids(" ---> 0659ff84ff93\n ---> Running in 384bb2548c4c\n ---> 149b8a5e28bc\n");
//! assert_eq!(ids.images, ["0659ff84ff93", "149b8a5e28bc"]);
//! assert_eq!(ids.containers, ["384bb2548c4c"]);
//! ```

use std::collections::BTreeSet;

/// The marker before a step's image id (followed by whitespace).
pub const IMAGE_MARKER: &str = "--->";
/// The marker before the id of the container a step ran in.
pub const CONTAINER_MARKER: &str = "Running in ";
/// The fewest hexadecimal digits of an id (a short id).
pub const MIN_ID_LEN: usize = 12;
/// The most hexadecimal digits of an id (a full id).
pub const MAX_ID_LEN: usize = 64;

/// The step images and step containers one build printed, each sorted and without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepIds {
    /// The ids after ` ---> `: the image of each step (the base image's included).
    pub images: Vec<String>,
    /// The ids after `Running in `: the container each step ran in.
    pub containers: Vec<String>,
}

/// The step images and step containers in the standard output of a finished build.
pub fn step_ids(output: &str) -> StepIds {
    StepIds {
        images: ids_after(output, IMAGE_MARKER, true),
        containers: ids_after(output, CONTAINER_MARKER, false),
    }
}

/// Whitespace as Python's `str.isspace` (and its regular expressions' `\s`) defines it: Unicode
/// whitespace and the four information separators U+001C to U+001F.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// A word character of a regular expression's `\b`: a letter, a digit or `_`.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The sorted, distinct ids that follow each occurrence of `marker` in `text` (after at least one
/// whitespace character when `spaced`).
fn ids_after(text: &str, marker: &str, spaced: bool) -> Vec<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices(marker) {
        let rest = &text[at + marker.len()..];
        let id_start = if spaced {
            let blank = rest.find(|c: char| !is_space(c)).unwrap_or(rest.len());
            if blank == 0 {
                continue;
            }
            &rest[blank..]
        } else {
            rest
        };
        // Hexadecimal digits are ASCII, so the byte count is the character count.
        let len = id_start
            .find(|c: char| !matches!(c, '0'..='9' | 'a'..='f'))
            .unwrap_or(id_start.len());
        let ends_word = id_start[len..].chars().next().is_none_or(|c| !is_word(c));
        if (MIN_ID_LEN..=MAX_ID_LEN).contains(&len) && ends_word {
            found.insert(&id_start[..len]);
        }
    }
    found.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `DOCKER_BUILDKIT=0 docker build` with docker 20.10.24 (this machine's engine): standard output.
    const LEGACY_20_10: &str = "Sending build context to Docker daemon  2.048kB
Step 1/4 : FROM localhost:5000/dockertest/busybox:latest
 ---> 0659ff84ff93
Step 2/4 : RUN echo hi > /hi.txt
 ---> Running in 384bb2548c4c
Removing intermediate container 384bb2548c4c
 ---> 149b8a5e28bc
Step 3/4 : ENV FOO=bar
 ---> Running in c7d9f1e2b0cf
Removing intermediate container c7d9f1e2b0cf
 ---> de60a2d7f0b0
Step 4/4 : CMD [\"cat\",\"/hi.txt\"]
 ---> Running in 49e3ee01667b
Removing intermediate container 49e3ee01667b
 ---> ddb2857a670b
Successfully built ddb2857a670b
Successfully tagged localhost:5000/tools3cap/legacy:1
";

    /// The same build again with docker 20.10.24: every step from the cache, no container run.
    const LEGACY_CACHED: &str = "Sending build context to Docker daemon  2.048kB
Step 1/4 : FROM localhost:5000/dockertest/busybox:latest
 ---> 0659ff84ff93
Step 2/4 : RUN echo hi > /hi.txt
 ---> Using cache
 ---> 5a1e39951c8e
Step 3/4 : ENV FOO=bar
 ---> Using cache
 ---> 12021ff48a19
Step 4/4 : CMD [\"cat\",\"/hi.txt\"]
 ---> Using cache
 ---> 4379354984d8
Successfully built 4379354984d8
Successfully tagged localhost:5000/tools3cap/legacy:2
";

    /// `podman build` with podman 4.3.1: standard output (step images after two dashes only).
    const PODMAN_4_3: &str = "STEP 1/4: FROM localhost:5000/dockertest/busybox:latest
STEP 2/4: RUN echo hi > /hi.txt
--> 2993997cb8c
STEP 3/4: ENV FOO=bar
--> 5f38920e98b
STEP 4/4: CMD [\"cat\",\"/hi.txt\"]
COMMIT localhost:5000/tools3cap/pod:1
--> 01c472e3c57
Successfully tagged localhost:5000/tools3cap/pod:1
01c472e3c578b6e5c8109d2eac42e14fdfe058e21763eb365eb09af52b96d7fe
";

    /// `BuildKit`'s plain progress (`--progress=plain`, written to standard error), in the shape
    /// docker 23 and later print it; this machine's docker 20.10 has no buildx to capture it with.
    const BUILDKIT_PLAIN: &str = "#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 131B done
#1 DONE 0.0s
#5 [2/3] RUN echo hi > /hi.txt
#5 DONE 0.4s
#6 exporting to image
#6 exporting layers 0.1s done
#6 writing image sha256:36bab340ef4e0f2b1c3a0a6e8e7f3d7c1e2b9a8f7d6c5b4a3928170615243342 done
#6 naming to docker.io/library/peers-built:4 done
#6 DONE 0.1s
";

    fn strs(ids: &[String]) -> Vec<&str> {
        ids.iter().map(String::as_str).collect()
    }

    #[test]
    fn legacy_builder_of_docker_20_10() {
        let ids = step_ids(LEGACY_20_10);
        assert_eq!(
            strs(&ids.images),
            ["0659ff84ff93", "149b8a5e28bc", "ddb2857a670b", "de60a2d7f0b0"]
        );
        assert_eq!(strs(&ids.containers), ["384bb2548c4c", "49e3ee01667b", "c7d9f1e2b0cf"]);
    }

    #[test]
    fn legacy_builder_of_docker_28_from_the_shared_captures() {
        let path = format!(
            "{}/tests/fixtures/cli/docker-28.2.2-client/build-legacy.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        let ids = step_ids(&std::fs::read_to_string(path).unwrap());
        assert_eq!(
            strs(&ids.images),
            [
                "082b4eda4871",
                "127d863826a1",
                "31909c939678",
                "dc5fbbb4129a",
                "f2efcd596c59"
            ]
        );
        assert_eq!(
            strs(&ids.containers),
            ["46fcf127367c", "c6b8c9f348c3", "e823bc851edd", "f766d1bc8ac8"]
        );
    }

    #[test]
    fn a_cached_build_has_images_and_no_containers() {
        let ids = step_ids(LEGACY_CACHED);
        assert_eq!(
            strs(&ids.images),
            ["0659ff84ff93", "12021ff48a19", "4379354984d8", "5a1e39951c8e"]
        );
        assert!(ids.containers.is_empty());
    }

    #[test]
    fn podman_and_buildkit_name_no_step_object() {
        assert_eq!(step_ids(PODMAN_4_3), StepIds::default());
        assert_eq!(step_ids(BUILDKIT_PLAIN), StepIds::default());
        assert_eq!(step_ids(""), StepIds::default());
    }

    #[test]
    fn the_ownership_test_sample() {
        let ids =
            step_ids("Step 1/2 : FROM img\n ---> 0123456789ab\n ---> Running in aaaabbbbcccc\n ---> ba9876543210\n");
        assert_eq!(strs(&ids.images), ["0123456789ab", "ba9876543210"]);
        assert_eq!(strs(&ids.containers), ["aaaabbbbcccc"]);
    }

    #[test]
    fn id_length_is_12_to_64_digits() {
        let hex = "0123456789abcdef".repeat(5);
        for len in [11, 12, 13, 63, 64, 65, 80] {
            let ids = step_ids(&format!(" ---> {}\n", &hex[..len]));
            let expected: Vec<&str> = if (12..=64).contains(&len) {
                vec![&hex[..len]]
            } else {
                vec![]
            };
            assert_eq!(strs(&ids.images), expected, "{len} digits");
        }
    }

    #[test]
    fn an_id_ends_the_word() {
        let id = "0123456789ab";
        for (after, kept) in [
            ("", true),
            ("\n", true),
            (" ", true),
            (".", true),
            ("-x", true),
            (":", true),
            ("g", false),
            ("A", false),
            ("_", false),
            ("é", false),
            ("٣", false),
        ] {
            let ids = step_ids(&format!(" ---> {id}{after}"));
            assert_eq!(ids.images.len(), usize::from(kept), "{after:?} after the id");
            let ids = step_ids(&format!("Running in {id}{after}"));
            assert_eq!(ids.containers.len(), usize::from(kept), "{after:?} after the id");
        }
    }

    #[test]
    fn upper_case_is_not_an_id() {
        assert!(step_ids(" ---> 0123456789AB\n").images.is_empty());
        assert!(step_ids("Running in 0123456789AB\n").containers.is_empty());
    }

    #[test]
    fn the_image_marker_takes_any_whitespace_and_needs_some() {
        let id = "0123456789ab";
        for space in [
            " ", "   ", "\t", "\n", " \r\n ", "\u{a0}", "\u{3000}", "\u{1c}", "\u{1f}",
        ] {
            assert_eq!(strs(&step_ids(&format!("--->{space}{id}")).images), [id], "{space:?}");
        }
        assert!(step_ids(&format!("--->{id}")).images.is_empty());
        assert!(
            step_ids(&format!("--->\u{200b}{id}")).images.is_empty(),
            "a zero-width space is no whitespace"
        );
        assert!(step_ids(&format!("-->{id}")).images.is_empty());
        assert!(step_ids(&format!("--> {id}")).images.is_empty());
    }

    #[test]
    fn the_container_marker_takes_exactly_one_space() {
        let id = "0123456789ab";
        assert_eq!(strs(&step_ids(&format!("Running in {id}")).containers), [id]);
        assert!(step_ids(&format!("Running in  {id}")).containers.is_empty());
        assert!(step_ids(&format!("Running in\t{id}")).containers.is_empty());
        assert!(step_ids(&format!("running in {id}")).containers.is_empty());
    }

    #[test]
    fn markers_anywhere_in_a_line_and_repeats_counted_once() {
        let text = "x---> 0123456789ab y ---> 0123456789ab\n--->--->  fedcba987654\nRunning in Running in 0123456789ab";
        let ids = step_ids(text);
        assert_eq!(strs(&ids.images), ["0123456789ab", "fedcba987654"]);
        assert_eq!(strs(&ids.containers), ["0123456789ab"]);
    }
}

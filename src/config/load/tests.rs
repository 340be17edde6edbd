use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

/// A fresh suite directory under the system temp dir, removed on drop.
struct Suite(PathBuf);

impl Suite {
    fn new(files: &[(&str, &str)]) -> Suite {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("dockertest-load-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(CONFIG_DEFAULTS)).unwrap();
        let suite = Suite(dir);
        for (path, text) in files {
            suite.write(path, text);
        }
        suite
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn load(&self) -> Result<Config> {
        Config::load(&self.0)
    }

    fn err(&self) -> String {
        // Paths in messages are shown relative to the suite so the assertions read plainly.
        self.load()
            .unwrap_err()
            .to_string()
            .replace(&format!("{}/", self.0.display()), "")
    }
}

impl Drop for Suite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PINNED_DEFAULTS: &str =
    "[DEFAULTS]\ndocker_timeout = 300.0\nremove_after_test = yes\nnumstr = 010\nbase = /foo\n";
const PINNED_SECTION: &str =
    "[docker_cli/t]\nopt1 = 1\nopt2 = on\nopt3 = %(base)s/bar\nopt4 = 1.5e3\nopt5 = 0\nsubsubtests = a,b\n";

fn values(section: &Section) -> Vec<(&str, Value)> {
    section
        .entries
        .iter()
        .map(|(k, e)| (k.as_str(), e.value.clone()))
        .collect()
}

#[test]
fn the_pinned_example() {
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", PINNED_DEFAULTS),
        ("config_defaults/subtests/docker_cli/t.ini", PINNED_SECTION),
    ]);
    let config = suite.load().unwrap();
    let t = config.section("docker_cli/t").unwrap();
    assert_eq!(
        values(t),
        vec![
            ("opt1", Value::Int(1)),
            ("opt2", Value::Bool(true)),
            ("opt3", Value::Str("/foo/bar".into())),
            ("opt4", Value::Float(1500.0)),
            ("opt5", Value::Int(0)),
            ("subsubtests", Value::Str("a,b".into())),
            ("docker_timeout", Value::Float(300.0)),
            ("remove_after_test", Value::Bool(true)),
            ("numstr", Value::Int(10)),
            ("base", Value::Str("/foo".into())),
        ]
    );
    assert_eq!(t.get("OPT3").unwrap().raw, "%(base)s/bar");
    assert!(t.get("numstr").unwrap().from_defaults);
    assert_eq!(
        config.section("DEFAULTS").unwrap().get("numstr").unwrap().value,
        Value::Int(10)
    );
    assert_eq!(config.sections.len(), 2);

    // A custom section with only opt1 = 3 replaces the bundled one as a whole.
    suite.write("config_custom/t.ini", "[docker_cli/t]\nopt1 = 3\n");
    let custom = suite.load().unwrap();
    let t = custom.section("docker_cli/t").unwrap();
    let names: Vec<&str> = t.entries.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        vec!["opt1", "docker_timeout", "remove_after_test", "numstr", "base"]
    );
    assert_eq!(t.get("opt1").unwrap().value, Value::Int(3));
    assert!(custom.warnings.is_empty(), "{:?}", custom.warnings);
}

#[test]
fn custom_defaults_merge_key_by_key() {
    let suite = Suite::new(&[
        (
            "config_defaults/defaults.ini",
            "[DEFAULTS]\n#: Seconds.\ndocker_timeout = 300.0\nbase = /foo\n",
        ),
        ("config_defaults/x.ini", "[x]\npath = %(base)s/x\n"),
        (
            "config_custom/defaults.ini",
            "[DEFAULTS]\ndocker_timeout = 60\nbase = /bar\n",
        ),
    ]);
    let config = suite.load().unwrap();
    let defaults = config.section("DEFAULTS").unwrap();
    assert_eq!(defaults.get("docker_timeout").unwrap().value, Value::Int(60));
    assert_eq!(defaults.get("docker_timeout").unwrap().doc.as_deref(), Some("Seconds."));
    assert_eq!(config.section("x").unwrap().get("path").unwrap().text, "/bar/x");
    assert_eq!(config.files.len(), 3);
    assert!(config.files[0].ends_with("config_defaults/defaults.ini"));
    assert!(config.files[2].ends_with("config_custom/defaults.ini"));
}

#[test]
fn files_are_read_in_sorted_order_and_later_sections_replace() {
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", "[DEFAULTS]\n"),
        ("config_defaults/b/z.ini", "[s]\nfrom = b/z\n"),
        ("config_defaults/a.ini", "[s]\nfrom = a\n"),
        ("config_defaults/control.ini", "[Control]\ninclude =\n"),
        ("config_defaults/README", "not config"),
        ("config_defaults/notes.txt", "not config"),
        ("config_defaults/.hidden.ini", "garbage"),
    ]);
    let config = suite.load().unwrap();
    assert_eq!(config.section("s").unwrap().get("from").unwrap().text, "b/z");
    assert!(config.section("Control").is_none());
    assert_eq!(config.warnings.len(), 2, "{:?}", config.warnings);
    assert!(config.warnings[0].contains("notes.txt: not an .ini file"));
    assert!(config.warnings[1].contains("section [s] of"));
}

#[test]
fn enable_turns_a_section_off() {
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", "[DEFAULTS]\nenable = yes\n"),
        (
            "config_defaults/s.ini",
            "[on]\n[off]\nenable = No\n[zero]\nenable = 0\n",
        ),
    ]);
    let config = suite.load().unwrap();
    assert!(config.section("on").unwrap().enabled());
    assert!(!config.section("off").unwrap().enabled());
    assert!(!config.section("zero").unwrap().enabled());
    suite.write("config_defaults/s.ini", "[on]\nenable = maybe\n");
    assert_eq!(
        suite.err(),
        "file config_defaults/s.ini, line 2, section [on], option 'enable': \
         enable must be a boolean (yes/no, true/false, on/off, 1/0), not \"maybe\""
    );
}

#[test]
fn typed_reads_name_the_option() {
    let suite = Suite::new(&[("config_defaults/defaults.ini", "[DEFAULTS]\n\nretry_delay = soon\n")]);
    let config = suite.load().unwrap();
    let defaults = config.section("DEFAULTS").unwrap();
    assert_eq!(
        defaults.get_as("retry_delay", Kind::Str).unwrap(),
        Value::Str("soon".into())
    );
    let msg = defaults.get_as("Retry_Delay", Kind::Float).unwrap_err().to_string();
    assert!(msg.ends_with(
        "defaults.ini, line 3, section [DEFAULTS], option 'retry_delay': cannot read \"soon\" as float: expected a number"
    ));
    assert!(defaults
        .get_as("nope", Kind::Int)
        .unwrap_err()
        .to_string()
        .ends_with("option 'nope': no such option"));
}

#[test]
fn bad_input_gets_one_clear_error() {
    let suite = Suite::new(&[("config_defaults/defaults.ini", "[DEFAULTS]\nbase = /foo\n")]);
    let cases = [
        ("[s]\nx = 1\ngarbage\n", "file config_defaults/s.ini, line 3, section [s]: malformed line \"garbage\""),
        (
            "[s]\n\nx = %(base)s/%(nope)s\n",
            "file config_defaults/s.ini, line 3, section [s], option 'x': interpolation refers to missing option 'nope'",
        ),
        (
            "[s]\na = %(b)s\nb = %(a)s\n",
            "file config_defaults/s.ini, line 2, section [s], option 'a': interpolation recurses forever: a -> b -> a",
        ),
        (
            "[s]\nconfig_version = 0.9\n",
            "file config_defaults/s.ini, line 2, section [s], option 'config_version': config_version must be x.y.z",
        ),
        ("[DEFAULTS]\nx = 1\n", "file config_defaults/s.ini, line 1, section [DEFAULTS]: [DEFAULTS] belongs in defaults.ini"),
        (
            "[s]\ndocker_timeout = abc\n",
            "file config_defaults/s.ini, line 2, section [s], option 'docker_timeout': docker_timeout must be a number of seconds above 0, not \"abc\"",
        ),
        (
            "[s]\ndocker_timeout = -1\n",
            "file config_defaults/s.ini, line 2, section [s], option 'docker_timeout': docker_timeout must be",
        ),
        (
            "[s]\ndocker_repo_name = Bad Name\n",
            "file config_defaults/s.ini, line 2, section [s], option 'docker_repo_name': \"Bad Name\" is not a valid image name part",
        ),
        (
            "[s]\ndocker_repo_tag = -x\n",
            "file config_defaults/s.ini, line 2, section [s], option 'docker_repo_tag': \"-x\" is not a valid image name part",
        ),
    ];
    for (text, expected) in cases {
        suite.write("config_defaults/s.ini", text);
        let msg = suite.err();
        assert!(msg.starts_with(expected), "{text:?}\n got: {msg}\nwant: {expected}");
    }
}

#[test]
fn defaults_errors_and_missing_files() {
    let suite = Suite::new(&[("config_defaults/defaults.ini", "[DEFAULTS]\nconfig_version = 1.2.3.4\n")]);
    assert!(suite.err().starts_with(
        "file config_defaults/defaults.ini, line 2, section [DEFAULTS], option 'config_version': config_version must be x.y.z"
    ));
    suite.write("config_defaults/defaults.ini", "[other]\n");
    assert_eq!(
        suite.err(),
        "file config_defaults/defaults.ini: the bundled DEFAULTS are missing: this file must exist and hold a [DEFAULTS] section"
    );
    let empty = Suite::new(&[]);
    std::fs::remove_dir(empty.0.join(CONFIG_DEFAULTS)).unwrap();
    assert_eq!(
        empty.err(),
        "file config_defaults: the suite directory has no config_defaults directory"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named() {
    let suite = Suite::new(&[("config_defaults/defaults.ini", "[DEFAULTS]\n")]);
    std::os::unix::fs::symlink(suite.0.join("nowhere"), suite.0.join("config_defaults/broken.ini")).unwrap();
    assert_eq!(
        suite.err(),
        "file config_defaults/broken.ini: cannot read the file: No such file or directory (os error 2)"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_read_once() {
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", "[DEFAULTS]\n"),
        ("config_defaults/d/s.ini", "[s]\n"),
    ]);
    std::os::unix::fs::symlink(suite.0.join("config_defaults"), suite.0.join("config_defaults/d/loop")).unwrap();
    let config = suite.load().unwrap();
    assert!(config.section("s").is_some());
}

#[test]
fn an_engine_profile_is_laid_over_defaults_and_its_sections() {
    let suite = Suite::new(&[
        (
            "config_defaults/defaults.ini",
            "[DEFAULTS]\nengine = docker\ndocker_path = /usr/bin/docker\n",
        ),
        ("config_defaults/subtests/t.ini", "[a/t]\nmsg = No such container\n"),
        (
            "config_defaults/engines/p.ini",
            "[engine:pod]\ndocker_path = /usr/bin/podman\n\n[engine:pod a/t]\nmsg = no such container\n",
        ),
    ]);
    let docker = suite.load().unwrap();
    assert_eq!(
        (docker.engine.as_str(), docker.engines.clone()),
        ("docker", vec!["pod".to_owned()])
    );
    assert_eq!(
        docker.section("a/t").unwrap().get("msg").unwrap().text,
        "No such container"
    );
    assert!(docker.section("engine:pod").is_none());
    let pod = Config::load_with(&Layout::suite(&suite.0), Some("pod"), &|| false).unwrap();
    let t = pod.section("a/t").unwrap();
    assert_eq!(t.get("msg").unwrap().text, "no such container");
    assert_eq!(t.get("docker_path").unwrap().text, "/usr/bin/podman");
    assert_eq!(pod.section("DEFAULTS").unwrap().get("engine").unwrap().text, "pod");
    let err = Config::load_with(&Layout::suite(&suite.0), Some("rkt"), &|| false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"rkt\"") && err.contains("known: pod"), "{err}");
}

#[test]
fn a_custom_dir_elsewhere_replaces_the_suites_config_custom() {
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", PINNED_DEFAULTS),
        ("config_defaults/t.ini", PINNED_SECTION),
        ("config_custom/t.ini", "[docker_cli/t]\nopt1 = 3\n"),
        ("mine/defaults.ini", "[DEFAULTS]\nbase = /mine\n"),
    ]);
    let own = suite.load().unwrap();
    assert_eq!(own.sections["docker_cli/t"].get("opt1").unwrap().value, Value::Int(3));
    let mine = Config::load_with(
        &Layout::new(&suite.0, Path::new(CONFIG_DEFAULTS), Path::new("mine"), DEFAULTS_FILE),
        None,
        &|| false,
    )
    .unwrap();
    let section = &mine.sections["docker_cli/t"];
    assert_eq!(section.get("opt1").unwrap().value, Value::Int(1));
    assert_eq!(section.get("opt3").unwrap().value, Value::Str("/mine/bar".into()));
    let missing = Config::load_with(
        &Layout::new(
            &suite.0,
            Path::new(CONFIG_DEFAULTS),
            Path::new("nowhere"),
            DEFAULTS_FILE,
        ),
        None,
        &|| false,
    )
    .unwrap();
    assert_eq!(
        missing.sections["docker_cli/t"].get("opt1").unwrap().value,
        Value::Int(1)
    );
}

#[test]
fn repeats_in_one_file_merge_and_warn_with_file_line_and_option() {
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", "[DEFAULTS]\nbase = /foo\nbase = /bar\n"),
        (
            "config_defaults/s.ini",
            "[s]\nx = 1\ny = %(base)s\n[t]\nz = 1\n[s]\nx = 2\n",
        ),
    ]);
    let config = suite.load().unwrap();
    let s = config.section("s").unwrap();
    assert_eq!(s.get("x").unwrap().value, Value::Int(2));
    assert_eq!(s.get("x").unwrap().line, 7);
    assert_eq!(s.get("y").unwrap().text, "/bar");
    let root = format!("{}/", suite.0.display());
    let warnings: Vec<String> = config.warnings.iter().map(|w| w.replace(&root, "")).collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].starts_with("file config_defaults/defaults.ini, line 3, section [DEFAULTS], option 'base': option set again (first at line 2); the later value wins"));
    assert!(warnings[1].starts_with(
        "file config_defaults/s.ini, line 6, section [s]: section repeated (first at line 1 of this file)"
    ));
    assert!(warnings[2].starts_with(
        "file config_defaults/s.ini, line 7, section [s], option 'x': option set again (first at line 2)"
    ));
}

#[test]
fn a_layout_chooses_the_directories_and_the_defaults_file() {
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", "[DEFAULTS]\nwhich = bundled\n"),
        ("mine/base.ini", "[DEFAULTS]\nwhich = mine\n[s]\nx = 1\n"),
        ("theirs/base.ini", "[DEFAULTS]\nwhich = theirs custom\n"),
    ]);
    let layout = Layout::new(&suite.0, Path::new("mine"), &suite.0.join("theirs"), "base.ini");
    let config = Config::load_with(&layout, None, &|| false).unwrap();
    assert_eq!(config.suite_dir, suite.0);
    let which = |section: &str| config.section(section).unwrap().get("which").unwrap().text.clone();
    assert_eq!(
        (which("DEFAULTS"), which("s")),
        ("theirs custom".to_owned(), "theirs custom".to_owned())
    );
    assert_eq!(
        config.files,
        [suite.0.join("mine/base.ini"), suite.0.join("theirs/base.ini")]
    );
    let missing = Layout::new(&suite.0, Path::new("nowhere"), Path::new("theirs"), "base.ini");
    let err = Config::load_with(&missing, None, &|| false).unwrap_err().to_string();
    assert!(
        err.ends_with("nowhere: the bundled config directory chosen for this load does not exist"),
        "{err}"
    );
}

#[test]
fn a_stop_check_interrupts_a_long_load() {
    let options = (0..2 * ini::CHECK_EVERY).fold(String::new(), |mut out, i| {
        let _ = writeln!(out, "o{i} = %(base)s{i}");
        out
    });
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", "[DEFAULTS]\nbase = /foo\n"),
        ("config_defaults/big.ini", &format!("[big]\n{options}")),
    ]);
    let big = suite.load().unwrap();
    assert_eq!(big.section("big").unwrap().entries.len(), 2 * ini::CHECK_EVERY + 1);
    let err = Config::load_with(&Layout::suite(&suite.0), None, &|| true)
        .unwrap_err()
        .to_string();
    assert!(err.ends_with(ini::INTERRUPTED), "{err}");
}

#[test]
fn a_custom_defaults_without_config_version_is_warned_about() {
    let suite = Suite::new(&[
        ("config_defaults/defaults.ini", "[DEFAULTS]\nconfig_version = 0.9.0\n"),
        ("config_custom/defaults.ini", "[DEFAULTS]\ndocker_timeout = 5\n"),
    ]);
    let warnings = suite.load().unwrap().warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("config_custom/defaults.ini, section [DEFAULTS]: no config_version option"));
    suite.write("config_custom/defaults.ini", "[DEFAULTS]\nconfig_version = 0.9.0\n");
    assert_eq!(suite.load().unwrap().warnings, Vec::<String>::new());
}

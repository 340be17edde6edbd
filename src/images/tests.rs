use super::*;
use crate::Error;
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/cli/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn parts(repo: &str, tag: Option<&str>, addr: Option<&str>, user: Option<&str>) -> NameParts {
    let s = |v: Option<&str>| v.map(str::to_string);
    NameParts {
        repo: Some(repo.to_string()),
        tag: s(tag),
        repo_addr: s(addr),
        user: s(user),
    }
}

#[test]
fn pinned_splits() {
    let cases: &[(&str, NameParts)] = &[
        ("fedora", parts("fedora", None, None, None)),
        ("fedora:20", parts("fedora", Some("20"), None, None)),
        ("user/repo:tag", parts("repo", Some("tag"), None, Some("user"))),
        ("localhost/repo", parts("repo", None, None, Some("localhost"))),
        ("host:5000/repo", parts("repo", None, Some("host:5000"), None)),
        (
            "host:5000/user/repo:tag",
            parts("repo", Some("tag"), Some("host:5000"), Some("user")),
        ),
        ("docker.io/fedora", parts("fedora", None, Some("docker.io"), None)),
        (
            "registry.access.redhat.com/rhel7/rhel:latest",
            parts(
                "rhel",
                Some("latest"),
                Some("registry.access.redhat.com"),
                Some("rhel7"),
            ),
        ),
        (
            "192.168.122.245:5000/fedora:32",
            parts("fedora", Some("32"), Some("192.168.122.245:5000"), None),
        ),
        (
            "localhost:5000/dockertest/busybox:latest",
            parts("busybox", Some("latest"), Some("localhost:5000"), Some("dockertest")),
        ),
        ("repo:", parts("repo", Some(""), None, None)),
        ("<none>:<none>", NameParts::default()),
        ("fedora:<none>", parts("fedora", None, None, None)),
        (
            "fedora_addr/user_user/fedora_repo:last_tag",
            parts("fedora_repo", Some("last_tag"), Some("fedora_addr"), Some("user_user")),
        ),
    ];
    for (input, want) in cases {
        let got = split_to_component(input).unwrap();
        assert_eq!(&got, want, "{input}");
        if want.repo.is_some() && !input.ends_with("<none>") {
            assert_eq!(
                full_name_from_component(&got).as_deref(),
                Some(*input),
                "round trip of {input}"
            );
        }
    }
}

#[test]
fn odd_name_round_trips() {
    let name = "bAsTaRd-rEPo.lOcAl_hOsT:1073741824/.b+o-F_H./a.s-d_f:F.d-S_a";
    let p = split_to_component(name).unwrap();
    assert_eq!(p.repo_addr.as_deref(), Some("bAsTaRd-rEPo.lOcAl_hOsT:1073741824"));
    assert_eq!(p.user.as_deref(), Some(".b+o-F_H."));
    assert_eq!(full_name_from_component(&p).unwrap(), name);
}

#[test]
fn bad_names_raise_full_name_format_errors() {
    for bad in ["no spaces allowed/in names", "", "a:b:c", "repo:t@g"] {
        assert_eq!(split_to_component(bad), Err(Error::FullNameFormat(bad.to_string())));
    }
    assert!(Error::FullNameFormat("x y".into())
        .to_string()
        .contains("[registry_hostname[:port]/]"));
}

#[test]
fn join_and_defaults() {
    assert_eq!(
        full_name_from_component(&parts("repo", None, None, Some("user"))).unwrap(),
        "user/repo"
    );
    let defaults = NameParts {
        repo: Some("fedora".into()),
        tag: Some(String::new()),
        ..NameParts::default()
    };
    assert_eq!(full_name_from_defaults(&defaults, 4).unwrap(), "fedora");
    assert!(full_name_from_defaults(
        &NameParts {
            repo: Some("abc".into()),
            ..NameParts::default()
        },
        4
    )
    .is_err());
}

#[test]
fn ids_and_comparisons() {
    let long = "sha256:dc5fbbb4129ad95bcfb219623ac6c83b36aa86221df3351ca5b7d18f313914a7";
    let img = DockerImage::new(
        Some("192.168.122.245:5000/fedora"),
        Some("latest"),
        long,
        None,
        None,
        None,
        None,
    )
    .unwrap();
    assert_eq!(img.short_id(), "dc5fbbb4129a");
    assert!(img.cmp_id("dc5fbbb4129a") && img.cmp_id(long) && img.cmp_id(&long[7..]));
    assert!(!img.cmp_id("dc5fbbb4129") && !img.cmp_id(&long[..34]));
    assert_eq!(short_id("58394af373423902"), "58394af37342");
    assert!(img.cmp_greedy_full_name("fedora:latest").unwrap());
    assert!(!img.cmp_greedy_full_name("fedora:32").unwrap());
    assert!(img.cmp_full_name("192.168.122.245:5000/fedora:latest"));
    let none = DockerImage::new(Some("<none>"), Some("<none>"), "f2efcd596c59", None, None, None, None).unwrap();
    assert_eq!((none.full_name(), none.repo()), (None, None));
}

#[test]
fn constructor_component_rules() {
    let img = DockerImage::new(
        Some("repo"),
        Some("tag"),
        "x",
        None,
        None,
        Some("host:5000"),
        Some("user"),
    )
    .unwrap();
    assert_eq!(img.full_name().as_deref(), Some("host:5000/user/repo:tag"));
    let img = DockerImage::new(Some("host.x/repo"), Some("t"), "x", None, None, None, Some("u")).unwrap();
    assert_eq!(img.full_name().as_deref(), Some("host.x/u/repo:t"));
    let img = DockerImage::new(Some("a/b:c"), None, "x", None, None, None, None).unwrap();
    assert_eq!(img.parts().to_owned_parts(), parts("b", Some("c"), None, Some("a")));
}

#[test]
fn docker_28_tables_and_json() {
    let plain = images_from_table(&fixture("docker-28.2.2-client/images.txt")).unwrap();
    let names: Vec<_> = plain.iter().map(|i| i.full_name().unwrap()).collect();
    assert_eq!(
        names,
        [
            "peers-img:v1",
            "peers/ns-img:2.0",
            "localhost/busybox:latest",
            "localhost:5000/test/busybox:latest"
        ]
    );
    assert!(plain
        .iter()
        .all(|i| i.short_id() == "dc5fbbb4129a" && i.size() == Some("1.98MB")));
    assert_eq!(plain[0].created(), Some("About a minute ago"));

    let notrunc = images_from_table(&fixture("docker-28.2.2-client/images-notrunc.txt")).unwrap();
    assert_eq!(
        notrunc[3].long_id(),
        "sha256:dc5fbbb4129ad95bcfb219623ac6c83b36aa86221df3351ca5b7d18f313914a7"
    );
    assert_eq!(
        notrunc[3].parts().to_owned_parts(),
        parts("busybox", Some("latest"), Some("localhost:5000"), Some("test"))
    );

    let all = images_from_table(&fixture("docker-28.2.2-client/images-a.txt")).unwrap();
    assert_eq!(all.len(), 13);
    let unnamed: Vec<_> = all
        .iter()
        .filter(|i| i.full_name().is_none())
        .map(DockerImage::short_id)
        .collect();
    assert_eq!(unnamed, ["31909c939678", "127d863826a1", "f2efcd596c59"]);

    let digests = images_from_table(&fixture("docker-28.2.2-client/images-digests.txt")).unwrap();
    assert_eq!(
        digests[2].full_name().as_deref(),
        Some("localhost:5000/test/busybox:latest")
    );
    assert_eq!(digests[2].short_id(), "dc5fbbb4129a");

    for client in ["docker-28.2.2-client", "docker-20.10.24-client"] {
        let json = images_from_json_lines(&fixture(&format!("{client}/images-json.txt"))).unwrap();
        let table = images_from_table(&fixture(&format!("{client}/images.txt"))).unwrap();
        let mut a: Vec<_> = json
            .iter()
            .map(|i| (i.full_name(), i.short_id().to_string(), i.size().map(str::to_string)))
            .collect();
        let mut b: Vec<_> = table
            .iter()
            .map(|i| (i.full_name(), i.short_id().to_string(), i.size().map(str::to_string)))
            .collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{client}: JSON and table listings agree");
    }
}

#[test]
fn api_listing_gives_one_image_per_tag() {
    let api = r#"[{"Id":"sha256:dc5fbbb4129ad95bcfb219623ac6c83b36aa86221df3351ca5b7d18f313914a7","RepoTags":["localhost/busybox:latest","peers/ns-img:2.0"],"Created":1795563285,"Size":1982256},
        {"Id":"sha256:f2efcd596c59e41ed319ccfdbd70e65e2dca0d172947c605cef33fd0b113b060","RepoTags":null,"Created":1,"Size":3}]"#;
    let imgs = images_from_json_lines(api).unwrap();
    let names: Vec<_> = imgs.iter().map(DockerImage::full_name).collect();
    assert_eq!(
        names,
        [
            Some("localhost/busybox:latest".to_string()),
            Some("peers/ns-img:2.0".to_string()),
            None
        ]
    );
    assert_eq!((imgs[0].short_id(), imgs[0].size()), ("dc5fbbb4129a", Some("1982256")));
    assert_eq!(imgs[2].short_id(), "f2efcd596c59");
}

#[test]
fn podman_tables() {
    let own = images_from_table(&fixture("podman-4.3.1/podman-images.txt")).unwrap();
    assert_eq!(
        own[0].parts().to_owned_parts(),
        parts("busybox", Some("latest"), Some("127.0.0.1:5000"), Some("test"))
    );
    assert_eq!(own[1].full_name().as_deref(), Some("localhost/peers-pimg:v1"));
    assert_eq!(own[1].size(), Some("2 MB"));
    let via = images_from_table(&fixture("podman-4.3.1/podman-via-docker-images.txt")).unwrap();
    assert!(via.iter().all(|i| i.short_id() == "dc5fbbb4129a"));
    assert_eq!(via.len(), 2);
}

#[test]
fn bad_listings_name_line_and_column() {
    let err = images_from_table("REPOSITORY   TAG\nx            y\n").unwrap_err();
    assert_eq!(err, Error::output(1, 1, "the images table has no IMAGE ID column"));
    let err = images_from_json_lines("{\"ID\": \"a\"}\n{\"ID\": \n").unwrap_err();
    assert!(matches!(err, Error::Output { line: 2, .. }), "{err}");
    let table = "REPOSITORY   TAG   IMAGE ID   CREATED\na b          t     1          now\n";
    assert!(matches!(images_from_table(table), Err(Error::Output { line: 2, .. })));
}

/// The grammar as the original wrote it, a lazily matched regular expression: the hand-written
/// scanner of [`split_to_component_ref`] must give the same parts for every input.
fn split_by_regex(full_name: &str) -> Option<NameParts> {
    static FULL_NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(concat!(
            r"^(?:(?P<repo_addr>\S+?(?::\d+)?)/)?",
            r"(?:(?P<user>[A-Za-z0-9_\-.+]+)/)?",
            r"(?P<repo>[A-Za-z0-9_\-.]+)",
            r"(?::(?P<tag>[A-Za-z0-9_\-.]*))?$"
        ))
        .unwrap()
    });
    let name = full_name.trim();
    let name = name.strip_suffix(":<none>").unwrap_or(name);
    if name == "<none>" {
        return Some(NameParts::default());
    }
    let caps = FULL_NAME.captures(name)?;
    let get = |g: &str| caps.name(g).map(|m| m.as_str().to_string());
    let mut parts = NameParts {
        repo: get("repo"),
        tag: get("tag"),
        repo_addr: get("repo_addr"),
        user: get("user"),
    };
    if parts.user.is_none() {
        if let Some(addr) = parts.repo_addr.take_if(|a| !a.contains(':') && !a.contains('.')) {
            parts.user = Some(addr);
        }
    }
    Some(parts)
}

#[test]
fn scanner_agrees_with_the_regex_on_edge_cases() {
    for name in [
        "",
        "/",
        "//",
        "/a",
        "a/",
        "/a/b",
        "a//b",
        "a/b/c/d:e",
        "a b/c",
        "a\u{b}b",
        "a/\u{a0}b",
        "h:1/+u/r",
        "h/u+/r:",
        "h/u/r:t:t",
        "é/u/r",
        "é/ü/r",
        ":<none>",
        "<none>:<none>",
        " x:<none> ",
        "a/b:c/d",
        "a.b/c/d/e",
        "x/y",
        "x:1/y",
        "x.y/z",
    ] {
        assert_eq!(split_to_component(name).ok(), split_by_regex(name), "{name:?}");
    }
}

proptest! {
    #[test]
    fn scanner_agrees_with_the_regex(name in "[a-c/:.+_ \u{b}\u{a0}é<>n-]{0,12}") {
        prop_assert_eq!(split_to_component(&name).ok(), split_by_regex(&name));
    }

    #[test]
    fn scanner_agrees_with_the_regex_on_namelike_text(
        name in "([a-z0-9.:+]{0,6}/){0,3}[a-z0-9_.:+-]{0,8}(:[a-z0-9_.:-]{0,4})?"
    ) {
        prop_assert_eq!(split_to_component(&name).ok(), split_by_regex(&name));
    }

    /// Names over 64 bytes are scanned byte by byte rather than through SSE2 masks.
    #[test]
    fn scanner_agrees_with_the_regex_on_long_names(
        name in "[a-z0-9.:+]{0,70}(/[a-z0-9.:+ ]{0,40}){0,3}[a-z0-9_.:+-]{0,40}(:[a-z0-9_.:-]{0,4})?"
    ) {
        prop_assert_eq!(split_to_component(&name).ok(), split_by_regex(&name));
    }

    #[test]
    fn name_parser_never_panics(name in "\\PC*") {
        if let Ok(p) = split_to_component(&name) {
            if let Some(full) = full_name_from_component(&p) {
                prop_assert_eq!(split_to_component(&full).unwrap(), p);
            }
        }
    }

    #[test]
    fn namelike_strings_round_trip(name in "([a-z0-9.]{1,8}(:[0-9]{1,5})?/)?([a-z0-9_]{1,6}/)?[a-z0-9_.-]{1,10}(:[a-z0-9_.-]{0,8})?") {
        if let Ok(p) = split_to_component(&name) {
            prop_assert_eq!(full_name_from_component(&p).unwrap(), name);
        }
    }

    #[test]
    fn image_constructor_never_panics(repo in "\\PC*", id in "\\PC*") {
        let _ = DockerImage::new(Some(&repo), None, &id, None, None, None, None).map(|i| i.cmp_id(&id));
    }
}

#[test]
fn podman_json_listing_names_images_by_names() {
    // podman 4.3 `images --format '{{json .}}'`: one array, RepoTags null, the names in Names.
    let podman = r#"[{"Id":"0659ff84ff934f449785db2fb12753bef4ae79a30fe78c7a30562ae1c921c776","RepoTags":null,
        "Names":["localhost:5000/dockertest/busybox:latest","localhost:5000/dockertest/busybox:extra"],"Size":4476899},
        {"Id":"f2efcd596c59e41ed319ccfdbd70e65e2dca0d172947c605cef33fd0b113b060","RepoTags":null,"Names":null,"Size":3}]"#;
    let imgs = images_from_json_lines(podman).unwrap();
    let names: Vec<_> = imgs.iter().map(DockerImage::full_name).collect();
    assert_eq!(
        names,
        [
            Some("localhost:5000/dockertest/busybox:latest".to_string()),
            Some("localhost:5000/dockertest/busybox:extra".to_string()),
            None
        ]
    );
    assert_eq!(imgs[1].short_id(), "0659ff84ff93");
}

#[test]
fn podman_json_listing_leaves_out_digest_names() {
    // podman 4.3 after `pull localhost:5000/x@sha256:...`: the digest reference is one of the Names.
    let digest = "sha256:1f3c0f1d3a8e3bd5b1cbd5b7d9ad8e4c7e3a1cfb1f5f0f3e0f2e9d6f3e7b3a91";
    let podman = format!(
        r#"[{{"Id":"0659ff84ff934f449785db2fb12753bef4ae79a30fe78c7a30562ae1c921c776","RepoTags":null,
        "Names":["localhost:5000/dockertest/busybox:latest","localhost:5000/x@{digest}"]}},
        {{"Id":"f2efcd596c59e41ed319ccfdbd70e65e2dca0d172947c605cef33fd0b113b060","RepoTags":null,
        "Names":["localhost:5000/y@{digest}"]}}]"#
    );
    let imgs = images_from_json_lines(&podman).unwrap();
    let names: Vec<_> = imgs.iter().map(DockerImage::full_name).collect();
    assert_eq!(
        names,
        [Some("localhost:5000/dockertest/busybox:latest".to_string()), None]
    );
}

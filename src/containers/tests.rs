use super::*;
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/cli/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn link(a: &str, b: &str) -> Link {
    (a.to_string(), b.to_string())
}

#[test]
fn pinned_container_names() {
    assert_eq!(parse_container_name("a").unwrap(), ("a".to_string(), None));
    assert_eq!(
        parse_container_name("b/c,a").unwrap(),
        ("a".to_string(), Some(vec![link("b", "c")]))
    );
    assert_eq!(
        parse_container_name("a/b,c,d/e").unwrap(),
        ("c".to_string(), Some(vec![link("a", "b"), link("d", "e")]))
    );
    let (name, links) = parse_container_name("child0/alias0,child1/alias1,child2/alias2,suspicious_pare").unwrap();
    assert_eq!((name.as_str(), links.unwrap().len()), ("suspicious_pare", 3));
    for bad in ["", "  ", ",", "/", ",/", "a,b,c", "a/b,,c/d", "a,a", "a/a"] {
        assert!(matches!(parse_container_name(bad), Err(Error::Value(_))), "{bad:?}");
    }
}

#[test]
fn model_defaults_and_id_comparison() {
    let mut c = DockerContainer::new(Some("fedora"), Some("/bin/true"), None, None);
    assert_eq!(
        (c.ports.as_str(), c.container_name.clone(), c.long_id.clone()),
        ("", None, None)
    );
    assert!(!c.cmp_id("ac8c9fa367f9"));
    c.long_id = Some("ac8c9fa367f98d4b2b5e8c62c0f4c3a1ac8c9fa367f98d4b2b5e8c62c0f4c3a1".to_string());
    assert!(c.cmp_id("ac8c9fa367f9") && !c.cmp_id("ac8c9fa367f") && c.cmp_id(&c.long_id.clone().unwrap()));
}

#[test]
fn docker_tables_of_both_clients() {
    for client in ["docker-28.2.2-client", "docker-20.10.24-client"] {
        let cs = containers_from_table(&fixture(&format!("{client}/ps-a.txt"))).unwrap();
        let names: Vec<_> = cs.iter().map(|c| c.container_name.clone().unwrap()).collect();
        assert_eq!(
            names,
            ["peers-long", "peers-created", "peers-exited", "peers-run1"],
            "{client}"
        );
        assert_eq!(cs[0].command.as_deref(), Some("\"sh -c 'while true; …\""));
        assert_eq!(cs[0].ports, "");
        assert_eq!(cs[2].status.as_deref(), Some("Exited (3) 5 seconds ago"));
        assert_eq!(cs[3].ports, "127.0.0.1:18080->80/tcp, 127.0.0.1:18443->443/udp");
        assert_eq!(cs[3].long_id.as_deref(), Some("a8f938c4b37e"));
    }
    let full = containers_from_table(&fixture("docker-28.2.2-client/ps-a-notrunc.txt")).unwrap();
    assert_eq!(
        full[0].command.as_deref(),
        Some("\"sh -c 'while true; do sleep 1; done'\"")
    );
    assert_eq!(
        full[3].long_id.as_deref(),
        Some("a8f938c4b37ed3a643e703b5bcb20b257be6a7d81a4a33238778ac139582e778")
    );
    assert!(full[3].cmp_id("a8f938c4b37e"));
}

#[test]
fn json_lines_agree_with_tables() {
    for client in ["docker-28.2.2-client", "docker-20.10.24-client"] {
        let json = containers_from_json(&fixture(&format!("{client}/ps-a-json.txt"))).unwrap();
        let table = containers_from_table(&fixture(&format!("{client}/ps-a.txt"))).unwrap();
        let key = |c: &DockerContainer| {
            (
                c.long_id.clone(),
                c.container_name.clone(),
                c.ports.clone(),
                c.status.clone(),
            )
        };
        assert_eq!(
            json.iter().map(key).collect::<Vec<_>>(),
            table.iter().map(key).collect::<Vec<_>>()
        );
        assert_eq!(json[0].created.as_deref(), Some("6 seconds ago"));
    }
    let sizes: Vec<_> = containers_from_json(&fixture("docker-20.10.24-client/ps-a-json.txt"))
        .unwrap()
        .into_iter()
        .map(|c| c.size.unwrap())
        .collect();
    assert!(sizes.iter().all(|s| s == "0B (virtual 1.98MB)"));
}

#[test]
fn podman_listings() {
    let own = containers_from_table(&fixture("podman-4.3.1/podman-ps-a.txt")).unwrap();
    assert_eq!(own[1].command.as_deref(), Some("sh -c echo hi; ex..."));
    assert_eq!(own[0].status.as_deref(), Some("Up 1 second ago"));
    assert_eq!(own[2].container_name.as_deref(), Some("peers-pcreated"));
    let json = containers_from_json(&fixture("podman-4.3.1/podman-ps-json.txt")).unwrap();
    assert_eq!(json[1].command.as_deref(), Some("sh -c echo hi; exit 3"));
    assert_eq!(
        json[1].long_id.as_deref(),
        Some("d98e6eb1d531dd75f2cbcdb85aa6de0755a8e8a9add0b778974702c78d0d1cbb")
    );
    for (a, b) in own.iter().zip(&json) {
        assert!(
            b.cmp_id(a.long_id.as_deref().unwrap()),
            "podman table and JSON list the same ids in order"
        );
        assert_eq!(a.container_name, b.container_name);
    }
    let via = containers_from_table(&fixture("podman-4.3.1/podman-via-docker-ps.txt")).unwrap();
    assert_eq!(via[2].command.as_deref(), Some("\"sh -c echo hi; exit…\""));
    assert_eq!(via[2].created.as_deref(), Some("23 seconds ago"));
    assert_eq!(via[2].container_name.as_deref(), Some("peers-pexit"));
}

#[test]
fn api_listing_and_inspect() {
    let api = r#"[{"Id":"a8f9","Names":["/peers-run1"],"Image":"localhost/busybox","Command":"sleep 600","Created":1795563717,"Ports":[{"PrivatePort":80}],"State":"running","Status":"Up 5 seconds"}]"#;
    let cs = containers_from_json(api).unwrap();
    assert_eq!(cs[0].ports, "80/tcp");
    let published = r#"{"Id":"b","Names":["/x"],"Ports":[{"IP":"127.0.0.1","PrivatePort":80,"PublicPort":18080,"Type":"tcp"},{"IP":"127.0.0.1","PrivatePort":443,"PublicPort":18443,"Type":"udp"}]}"#;
    let ports = &containers_from_json(published).unwrap()[0].ports;
    assert_eq!(ports, "127.0.0.1:18080->80/tcp, 127.0.0.1:18443->443/udp");
    assert_eq!(crate::networking::ports_from_cell(ports).unwrap().len(), 2);
    assert_eq!(
        (cs[0].container_name.as_deref(), cs[0].command.as_deref()),
        (Some("peers-run1"), Some("sleep 600"))
    );
    assert_eq!(cs[0].created.as_deref(), Some("1795563717"));

    let run1 = parse_inspect(&fixture("api/inspect-run1.json")).unwrap();
    assert_eq!(run1[0]["Name"], "/peers-run1");
    assert_eq!(run1[0]["State"]["Running"], true);
    assert_eq!(run1[0]["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"], "18080");
    let exited = parse_inspect(&fixture("api/inspect-exited.json")).unwrap();
    assert_eq!(
        (
            exited[0]["State"]["ExitCode"].as_i64(),
            exited[0]["State"]["Pid"].as_i64()
        ),
        (Some(3), Some(0))
    );
    assert_eq!(parse_inspect("{\"Id\": \"x\"}").unwrap()[0]["Id"], "x");
    for bad in ["[]", "[{}]", "3", "[{\"a\": 1}, 2]"] {
        assert!(matches!(parse_inspect(bad), Err(Error::Output { .. })), "{bad}");
    }
    assert!(matches!(
        parse_inspect("[\n{\"a\": }"),
        Err(Error::Output { line: 2, .. })
    ));
}

#[test]
fn bad_tables_name_line_and_column() {
    let t = "CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   NAMES\nabc            img     cmd       now       Up       a,b\n";
    let err = containers_from_table(t).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Output {
                line: 2,
                column: 53,
                ..
            }
        ),
        "{err}"
    );
    assert!(containers_from_table("IMAGE   NAMES\nx       y\n").is_err());
}

proptest! {
    #[test]
    fn container_parsers_never_panic(text in "\\PC*") {
        let _ = parse_container_name(&text);
        let _ = containers_from_table(&text);
        let _ = containers_from_json(&text);
        let _ = parse_inspect(&text);
    }
}

#[test]
fn json_listings_of_every_producer_give_the_state_tables_none() {
    let states = |cs: Vec<DockerContainer>| cs.into_iter().map(|c| c.state).collect::<Vec<_>>();
    let running = || Some("running".to_string());
    let docker = states(containers_from_json(&fixture("docker-28.2.2-client/ps-a-json.txt")).unwrap());
    assert_eq!(docker.len(), 4);
    assert_eq!(docker[0], running());
    assert_eq!(docker[1].as_deref(), Some("created"));
    assert_eq!(docker[2].as_deref(), Some("exited"));
    let podman = states(containers_from_json(&fixture("podman-4.3.1/podman-ps-json.txt")).unwrap());
    assert_eq!(podman[..2], [running(), Some("exited".to_string())]);
    let api = r#"[{"Id":"a8f9","Names":["/peers-run1"],"State":"Running"}]"#;
    assert_eq!(states(containers_from_json(api).unwrap()), [running()]);
    let table = containers_from_table(&fixture("docker-28.2.2-client/ps-a.txt")).unwrap();
    assert!(table.iter().all(|c| c.state.is_none()));
}

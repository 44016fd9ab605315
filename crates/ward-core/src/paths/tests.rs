use super::*;
use rstest::rstest;

/// `is_secret` looks names and extensions up by binary search, and
/// extensions by a name's last `.`: the catalogues must stay sorted and
/// each ending one extension.
#[test]
fn the_catalogues_are_in_the_shape_the_lookups_need() {
    assert!(SECRET_NAMES.windows(2).all(|w| w[0] < w[1]));
    assert!(SECRET_SUFFIXES.windows(2).all(|w| w[0] < w[1]));
    for s in SECRET_SUFFIXES {
        assert!(s.starts_with('.') && s.matches('.').count() == 1, "{s}");
    }
    for (i, name) in SECRET_NAMES.iter().enumerate() {
        assert!(is_secret(name), "{name}");
        assert!(is_secret(&format!("/home/u/{i}/{name}")), "{name}");
    }
    for ext in SECRET_SUFFIXES {
        assert!(is_secret(&format!("backup/x{ext}")), "{ext}");
    }
    for entry in SECRET_PATHS.iter().chain(SECRET_DIRS) {
        let path = if entry.starts_with('/') {
            format!("{entry}/x")
        } else {
            format!("/home/u/{entry}/x")
        };
        let ok = is_secret(&path) || path.contains(".docker/") || path.contains(".kube/");
        assert!(ok, "{path}");
    }
    for plain in [
        "a.sh",
        "src/main.rs",
        "/tmp/s.tgz",
        "b.sh",
        "go.mod",
        "public.pem",
    ] {
        assert!(!is_secret(plain), "{plain}");
    }
}

proptest::proptest! {
    #[test]
    fn each_slash_finds_every_slash_in_order(b in proptest::collection::vec(
        proptest::sample::select(vec![b'/', b'.', b'a', 0x2e, 0xaf, 0x2f ^ 0x80, 0]), 0..40)
    ) {
        let mut got = Vec::new();
        each_slash(&b, |i| { got.push(i); false });
        let want: Vec<usize> = (0..b.len()).filter(|&i| b[i] == b'/').collect();
        proptest::prop_assert_eq!(got, want);
    }
}

/// `is_secret` as first written, without screens: each catalogue
/// searched in full.
fn plain_is_secret(path: &str) -> bool {
    let p = trim_trailing(path);
    let name = p.rsplit('/').next().unwrap_or(p);
    if name == ".env" || (name.starts_with(".env.") && !is_env_template(name)) {
        return true;
    }
    if SECRET_NAMES.contains(&name)
        || (name.starts_with("id_")
            && !name.ends_with(".pub")
            && SECRET_NAMES.iter().any(|s| name.starts_with(s)))
    {
        return true;
    }
    if let Some(dot) = name.rfind('.')
        && SECRET_SUFFIXES.contains(&&name[dot..])
        && !name.contains("public")
    {
        return true;
    }
    if (p.starts_with("/etc/kubernetes/") && name.ends_with(".conf"))
        || (name.starts_with("ssh_host_") && name.ends_with("_key"))
        || SECRET_PATHS.iter().any(|s| in_path(p, s))
    {
        return true;
    }
    let in_secret_dir = p.split('/').any(|seg| SECRET_DIRS.contains(&seg));
    let docker_other = p.contains(".docker/") && name != "config.json";
    let kube_other = p.contains(".kube/") && !name.starts_with("config");
    in_secret_dir && !name.ends_with(".pub") && !docker_other && !kube_other
}

/// Words to build paths from: every catalogue entry, pieces of them,
/// and ordinary names.
fn words() -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        ".",
        "..",
        "~",
        "a",
        "src",
        "x.o",
        "file1.o",
        "etc",
        "dev",
        "sda",
        "tmp",
        "home",
        "u",
        "public",
        "config",
        "config.json",
        "id_rsa.pub",
        "{}",
        "*",
        ".env.example",
        ".envrc",
        "k.conf",
        "ssh_host_rsa_key",
        "x.pem",
        "x.key.pub",
        "kubernetes",
        "var",
        "Library",
        "Application Support",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for e in SECRET_NAMES
        .iter()
        .chain(SECRET_PATHS)
        .chain(SECRET_DIRS)
        .chain(SECRET_SUFFIXES)
        .chain(SYSTEM_DIRS)
    {
        out.push((*e).to_owned());
        out.extend(e.split('/').map(str::to_owned));
        out.push(e.get(..e.len() / 2).unwrap_or_default().to_owned());
        out.push(format!("x{e}"));
    }
    out
}

proptest::proptest! {
    /// The screened catalogue lookups answer as the plain ones, and
    /// `needs_cleaning` as its three substring searches.
    #[test]
    fn screened_lookups_equal_plain_lookups(
        picks in proptest::collection::vec(0usize..10_000, 1..5),
        lead in proptest::sample::select(vec!["", "/", "~/", "./", "/home/u/"]),
        tail in proptest::sample::select(vec!["", "/", "//", "/.", "/x"]),
    ) {
        let words = words();
        let parts: Vec<&str> = picks.iter().map(|i| words[i % words.len()].as_str()).collect();
        let path = format!("{lead}{}{tail}", parts.join("/"));
        proptest::prop_assert_eq!(is_secret(&path), plain_is_secret(&path), "{}", path);
        let cleaning = path.contains("/..") || path.contains("/./") || path.contains("//");
        proptest::prop_assert_eq!(needs_cleaning(&path), cleaning, "{}", path);
        proptest::prop_assert_eq!(Scan::of(&path).cleaning, cleaning, "{}", path);
        let p = trim_trailing(&path);
        proptest::prop_assert_eq!(scanned_secret(p, &Scan::of(p)), plain_is_secret(&path), "{}", path);
        let system = SYSTEM_DIRS
            .iter()
            .any(|d| path == *d || path.strip_prefix(d).is_some_and(|r| r.starts_with('/')));
        proptest::prop_assert_eq!(in_system_dir(&path), system, "{}", path);
    }
}

/// Every relative [`SECRET_PATHS`] entry holds a `.` or `/`: `bare_secret`
/// leans on it.
#[test]
fn relative_secret_paths_hold_a_dot_or_a_slash() {
    for e in SECRET_PATHS.iter().filter(|e| !e.starts_with('/')) {
        assert!(e.contains('.') || e.contains('/'), "{e}");
    }
}

proptest::proptest! {
    /// Names without `.` or `/` are answered without a scan, as the scan
    /// answers them; `has_dot_or_slash` is `contains` of either.
    #[test]
    fn bare_names_answer_as_scanned(
        picks in proptest::collection::vec(0usize..10_000, 1..4),
        sep in proptest::sample::select(vec!["", "_", "-", " ", "é"]),
        lead in proptest::sample::select(vec!["", "id_", "ssh_host_", "x"]),
        tail in proptest::sample::select(vec!["", "_key", "_old", "s"]),
    ) {
        let words = words();
        let parts: Vec<String> = picks
            .iter()
            .map(|i| words[i % words.len()].replace(['.', '/'], ""))
            .collect();
        let name = format!("{lead}{}{tail}", parts.join(sep));
        proptest::prop_assert!(!has_dot_or_slash(name.as_bytes()));
        let secret = scanned_secret(&name, &Scan::of(&name));
        proptest::prop_assert_eq!(bare_secret(&name), secret, "{}", name);
        proptest::prop_assert!(!secret || BARE_SCREEN.may_hold(&name), "{}", name);
        proptest::prop_assert_eq!(is_secret(&name), plain_is_secret(&name), "{}", name);
    }

    #[test]
    fn has_dot_or_slash_is_contains(s in "[/a.é*\\-]{0,30}") {
        let want = s.contains('.') || s.contains('/');
        proptest::prop_assert_eq!(has_dot_or_slash(s.as_bytes()), want, "{}", s);
    }
}

#[rstest]
#[case("/", PathClass::Root)]
#[case("/*", PathClass::Root)]
#[case("~", PathClass::Home)]
#[case("~/", PathClass::Home)]
#[case("/home/user", PathClass::Home)]
#[case("/home/user/", PathClass::Home)]
#[case("/root", PathClass::Home)]
#[case("/home/me/work", PathClass::InHome)]
#[case("~/x", PathClass::InHome)]
#[case("/etc", PathClass::System)]
#[case("/etc/hosts", PathClass::System)]
#[case("/usr/local", PathClass::System)]
#[case("/dev/sda", PathClass::Device)]
#[case("/dev/nvme0n1p1", PathClass::Device)]
#[case("/dev/null", PathClass::Null)]
#[case("/tmp/build", PathClass::Temp)]
#[case("/tmp", PathClass::System)]
#[case(".", PathClass::Project)]
#[case("*", PathClass::Project)]
#[case("..", PathClass::Parent)]
#[case("src", PathClass::Relative)]
#[case("/mnt/data", PathClass::Elsewhere)]
#[case("~/.ssh/id_rsa", PathClass::Secret)]
#[case("~/.ssh", PathClass::Secret)]
#[case(".env", PathClass::Secret)]
#[case(".env.example", PathClass::Relative)]
#[case("/etc/shadow", PathClass::Secret)]
#[case("~/.aws/credentials", PathClass::Secret)]
#[case("server.key", PathClass::Secret)]
#[case("~/.ssh/id_rsa.pub", PathClass::InHome)]
#[case("/work/proj", PathClass::Project)]
#[case("/work/proj/src", PathClass::Relative)]
#[case("/home/u", PathClass::Home)]
#[case("/tmp/../etc", PathClass::System)]
#[case("/var/tmp/../../", PathClass::Root)]
#[case("~/x/../..", PathClass::Home)]
#[case("/dev/dax0.0", PathClass::Device)]
#[case("/dev/pmem0", PathClass::Device)]
#[case("/dev/ada0", PathClass::Device)]
#[case("/dev/vg0/lv1", PathClass::Device)]
#[case("/dev/pts/1", PathClass::Null)]
#[case("~/.cargo/credentials.toml", PathClass::Secret)]
#[case("/home/u/.config/gh/hosts.yml", PathClass::Secret)]
#[case("/etc/kubernetes/admin.conf", PathClass::Secret)]
#[case("~/.bash_history", PathClass::Secret)]
#[case("prod.env", PathClass::Secret)]
#[case(".env.local.example", PathClass::Relative)]
#[case("~/.config/gh/config.yml", PathClass::InHome)]
#[case("~/.cargo/config.toml", PathClass::InHome)]
fn classifies(#[case] path: &str, #[case] want: PathClass) {
    assert_eq!(classify(path, "/work/proj", "/home/u"), want, "{path}");
}

proptest::proptest! {
    /// The byte loops over components and trailing slashes answer as the
    /// `str` methods they replace.
    #[test]
    fn component_loops_equal_str_methods(s in "[/a.é*]{0,12}") {
        let (first, after) = first_component(&s);
        proptest::prop_assert_eq!(first, s.split('/').next().unwrap_or(&s));
        proptest::prop_assert_eq!(after, s.split_once('/').map(|(_, r)| r));
        let mut seen = Vec::new();
        any_component(&s, |c| { seen.push(c.to_owned()); false });
        proptest::prop_assert_eq!(seen, s.split('/').map(str::to_owned).collect::<Vec<_>>());
        let want = if s.len() > 1 { s.trim_end_matches('/') } else { &s };
        proptest::prop_assert_eq!(trim_trailing(&s), want);
    }
}

/// [`classify`] as it was before a path with one trailing slash reused its
/// scan: the reference the property below compares against.
fn classify_before(path: &str, cwd: &str, home: &str) -> PathClass {
    // One pass over the slashes serves the cleaning test and, when there is
    // no trailing slash to trim, the secret test.
    let scan = Scan::of(path);
    if scan.cleaning
        && let Some(clean) = lexical_clean(path)
        && clean != path
    {
        return classify_before(&clean, cwd, home);
    }
    let p = trim_trailing(path);
    if p.is_empty() {
        return PathClass::Unknown;
    }
    // `DIR/{}`: the entries `find DIR <filters>` selects, anywhere below DIR.
    if let Some(dir) = p.strip_suffix("/{}") {
        return match classify_before(if dir.is_empty() { "/" } else { dir }, cwd, home) {
            PathClass::Root => PathClass::System,
            PathClass::Home => PathClass::InHome,
            PathClass::Project => PathClass::Relative,
            other => other,
        };
    }
    let secret = if p.len() == path.len() {
        scanned_secret(p, &scan)
    } else {
        is_secret(p)
    };
    if secret {
        return PathClass::Secret;
    }
    match p {
        "/" | "/*" | "/." | "/.*" => return PathClass::Root,
        "~" | "~/*" | "~/." | "~/.*" | "/home" | "/home/*" | "/root" | "/Users" | "/Users/*" => {
            return PathClass::Home;
        }
        "." | "*" | "./*" | ".*" | "./.*" => return PathClass::Project,
        ".." | "../*" | "../.." => return PathClass::Parent,
        _ => {}
    }
    if !home.is_empty() {
        let home = trim_trailing(home);
        if p == home || p.strip_prefix(home) == Some("/*") {
            return PathClass::Home;
        }
    }
    if !cwd.is_empty() && p == trim_trailing(cwd) && cwd != "/" {
        return PathClass::Project;
    }
    if let Some(rest) = p.strip_prefix("/dev/") {
        return if matches!(
            rest,
            "null" | "zero" | "stdout" | "stderr" | "stdin" | "tty" | "random" | "urandom" | "full"
        ) || rest.starts_with("fd/")
            || rest.starts_with("shm/")
            || rest.starts_with("pts/")
        {
            PathClass::Null
        } else if DEVICE_PREFIXES.iter().any(|d| rest.starts_with(d))
            || rest
                .split_once('/')
                .is_some_and(|(dir, name)| !name.is_empty() && !DEV_OTHER_DIRS.contains(&dir))
        {
            PathClass::Device
        } else {
            PathClass::System
        };
    }
    if let Some(rest) = p.strip_prefix("~/") {
        return if rest.is_empty() {
            PathClass::Home
        } else {
            PathClass::InHome
        };
    }
    if p.starts_with('/')
        && let Some(user_dir) = home_dir_of(p)
    {
        return user_dir;
    }
    if p.starts_with("/tmp/") || p.starts_with("/var/tmp/") || p.starts_with("/private/tmp/") {
        return PathClass::Temp;
    }
    if p == "/tmp" || p == "/var/tmp" {
        return PathClass::System;
    }
    if in_system_dir(p) {
        return PathClass::System;
    }
    if p.starts_with('/') {
        if !cwd.is_empty()
            && cwd != "/"
            && p.strip_prefix(trim_trailing(cwd))
                .is_some_and(|r| r.starts_with('/'))
        {
            return PathClass::Relative;
        }
        return PathClass::Elsewhere;
    }
    if p.starts_with("../") {
        return PathClass::Parent;
    }
    PathClass::Relative
}

proptest::proptest! {
    /// A path with one trailing slash reuses its scan: the derived scan is
    /// the trimmed path's, and every class is what it was before.
    #[test]
    fn classify_equals_classify_before(
        picks in proptest::collection::vec(0usize..10_000, 1..5),
        lead in proptest::sample::select(vec!["", "/", "~/", "./", "../", "/home/u/", "src/", "out", "x", "/tmp/", "/dev/", "/etc/kubernetes/", "*/", ".ssh/"]),
        tail in proptest::sample::select(vec!["", "/", "//", "/.", "/x", "/{}", "/{}/", "/*"]),
        ctx in proptest::sample::select(vec![("/home/u/p", "/home/u"), ("", ""), ("/", "/"), ("/home/u/p/", "/home/u/"), ("src", "out"), ("x", "/home/u")]),
    ) {
        let words = words();
        let parts: Vec<&str> = picks.iter().map(|i| words[i % words.len()].as_str()).collect();
        let path = format!("{lead}{}{tail}", parts.join("/"));
        let (cwd, home) = ctx;
        proptest::prop_assert_eq!(classify(&path, cwd, home), classify_before(&path, cwd, home), "{}", path);
        if let Some(p) = path.strip_suffix('/').filter(|p| !p.is_empty() && !p.ends_with('/')) {
            let (got, want) = (Scan::of(&path).without_last_slash(), Scan::of(p));
            proptest::prop_assert_eq!((got.name_at, got.firsts), (want.name_at, want.firsts), "{}", path);
        }
    }
}

/// A relative home or working directory, as written, keeps its class: the
/// early answer for plain relative names leaves them to the later rules.
#[test]
fn a_relative_home_or_cwd_is_not_answered_early() {
    for (path, cwd, home) in [
        ("out", "/x", "out"),
        ("out/*", "", "out/"),
        ("src", "src/", ""),
        ("src/a", "src", "src"),
    ] {
        assert_eq!(
            classify(path, cwd, home),
            classify_before(path, cwd, home),
            "{path}"
        );
    }
    assert_eq!(classify("out", "/x", "out"), PathClass::Home);
    assert_eq!(classify("src", "src/", ""), PathClass::Project);
}

proptest::proptest! {
    /// The answers `classify_secret` gives are those of `classify` and,
    /// when it gives one, of `is_secret`.
    #[test]
    fn classify_secret_answers_as_classify_and_is_secret(
        path in "(~/|/|\\./|\\.\\./|@)?((\\.ssh|id_rsa|\\.env|x\\.pem|\\.\\.|\\.|\\{\\}|etc|home|u|dev|sda|/)/?){0,4}",
    ) {
        let (class, secret) = classify_secret(&path);
        proptest::prop_assert_eq!(class, classify(&path, "", ""), "{}", path);
        if let Some(secret) = secret {
            proptest::prop_assert_eq!(secret, is_secret(&path), "{}", path);
        }
    }
}

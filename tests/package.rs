//! The Debian package (`cargo deb -p cekbae`): unpacked into a throwaway root, its files,
//! modes and conffiles checked, the shipped texts and data checked by the packaged binary,
//! the maintainer scripts run against that root (system commands replaced by recorders),
//! and the systemd unit verified by `systemd-analyze`.
//!
//! `.ci/run` builds the package and names it in `CEKBAE_DEB`. Without it the tests say so
//! and pass locally; under CI (`CI` set) they fail, so the package is never left untested.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::repo_root;

/// The package to test, or `None` (with a note) outside CI when none was built.
fn package() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CEKBAE_DEB") {
        let path = PathBuf::from(path);
        assert!(path.is_file(), "CEKBAE_DEB names {}, which does not exist", path.display());
        return Some(path);
    }
    assert!(std::env::var_os("CI").is_none(), "CI must test the Debian package: .ci/run builds it and sets CEKBAE_DEB");
    eprintln!(
        "note: package tests not run: build the package (cargo deb -p cekbae) and set \
         CEKBAE_DEB=target/debian/cekbae_<version>_<arch>.deb, as .ci/run does"
    );
    None
}

/// Runs a command, panicking with its output when it fails.
fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|err| panic!("cannot run {command:?}: {err}"));
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{command:?} failed: {text}");
    text
}

/// The package unpacked into `root` (files) and `root/DEBIAN` (control files).
fn unpack(deb: &Path, root: &Path) {
    run(Command::new("dpkg-deb").arg("-x").arg(deb).arg(root));
    run(Command::new("dpkg-deb").arg("-e").arg(deb).arg(root.join("DEBIAN")));
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|err| panic!("{}: {err}", path.display())).permissions().mode() & 0o7777
}

const UNIT: &str = "usr/lib/systemd/system/cekbae.service";

#[test]
fn the_package_ships_the_binary_the_unit_the_settings_and_the_texts() {
    let Some(deb) = package() else { return };
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    unpack(&deb, root);
    for (path, expected) in [
        ("usr/bin/cekbae", 0o755),
        ("usr/bin/cekbae-desk", 0o755),
        (UNIT, 0o644),
        ("etc/cekbae/cekbae.toml", 0o600),
        ("usr/share/cekbae/env.example", 0o644),
        ("usr/share/doc/cekbae/README.md", 0o644),
        ("usr/share/doc/cekbae/fonts-LICENSE", 0o644),
    ] {
        assert_eq!(mode(&root.join(path)), expected, "{path}: mode {:o}", mode(&root.join(path)));
    }
    assert!(!root.join("etc/cekbae/env").exists(), "secrets are made on the server, never shipped");
    let conffiles = std::fs::read_to_string(root.join("DEBIAN/conffiles")).unwrap();
    assert_eq!(conffiles.lines().collect::<Vec<_>>(), ["/etc/cekbae/cekbae.toml"]);
    let control = std::fs::read_to_string(root.join("DEBIAN/control")).unwrap();
    assert!(
        control.contains("Package: cekbae")
            && control.lines().any(|l| l.starts_with("Depends:") && l.contains("adduser"))
    );
    // Every shipped text and data file, as in the repository.
    for (from, to) in [
        ("locales/id", "locales/id"),
        ("locales/su", "locales/su"),
        ("locales/en", "locales/en"),
        ("dialogues/adminduk", "dialogues/adminduk"),
    ] {
        for entry in std::fs::read_dir(repo_root().join(from)).unwrap() {
            let source = entry.unwrap().path();
            if !matches!(source.extension().and_then(|it| it.to_str()), Some("ftl" | "toml")) {
                continue;
            }
            let shipped = root.join("usr/share/cekbae").join(to).join(source.file_name().unwrap());
            let shipped_text =
                std::fs::read_to_string(&shipped).unwrap_or_else(|err| panic!("{}: {err}", shipped.display()));
            assert!(
                shipped_text == std::fs::read_to_string(&source).unwrap(),
                "{} differs from {} (was the package built from this tree?)",
                shipped.display(),
                source.display()
            );
        }
    }
    // The packaged binary accepts the packaged texts and data, with empty override folders in front as the service has.
    std::fs::create_dir_all(root.join("etc/cekbae/locales")).unwrap();
    std::fs::create_dir_all(root.join("etc/cekbae/dialogues/adminduk")).unwrap();
    let layers = |name: &str| {
        format!(
            "{}:{}",
            root.join("etc/cekbae").join(name).display(),
            root.join("usr/share/cekbae").join(name).display()
        )
    };
    let out = run(Command::new(root.join("usr/bin/cekbae")).args([
        "check",
        "--locales",
        &layers("locales"),
        "--dialogues",
        &layers("dialogues"),
    ]));
    assert!(out.contains("no problems"), "{out}");
}

#[test]
fn the_unit_runs_serve_as_the_cekbae_user_hardened_and_verifies() {
    let Some(deb) = package() else { return };
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    unpack(&deb, root);
    let unit = std::fs::read_to_string(root.join(UNIT)).unwrap();
    let lines: Vec<&str> = unit.lines().map(str::trim).collect();
    for line in [
        "ExecStart=/usr/bin/cekbae serve",
        "User=cekbae",
        "Group=cekbae",
        "Environment=CEKBAE_DATA=/var/lib/cekbae",
        "Environment=CEKBAE_CONFIG=/etc/cekbae/cekbae.toml",
        "Environment=CEKBAE_LOCALES=/etc/cekbae/locales:/usr/share/cekbae/locales",
        "Environment=CEKBAE_DIALOGUES=/etc/cekbae/dialogues:/usr/share/cekbae/dialogues",
        "EnvironmentFile=/etc/cekbae/env",
        "Restart=on-failure",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/cekbae",
        "PrivateTmp=yes",
        "WantedBy=multi-user.target",
    ] {
        assert!(lines.contains(&line), "the unit has `{line}`:\n{unit}");
    }
    verify(root, &[UNIT]);
}

/// `systemd-analyze verify` on `units` as installed under `root`, when it is available.
fn verify(root: &Path, units: &[&str]) {
    let Some(analyze) = systemd_analyze() else { return };
    // verify resolves the unit's dependencies (sysinit.target, ...) inside --root: give
    // the root this machine's system units, as an installed system has them.
    let system = root.join("usr/lib/systemd/system");
    for entry in std::fs::read_dir("/usr/lib/systemd/system").unwrap() {
        let path = entry.unwrap().path();
        let target = system.join(path.file_name().unwrap());
        if path.is_file() && !target.exists() {
            std::fs::copy(&path, &target).unwrap();
        }
    }
    let output = Command::new(analyze)
        .arg("verify")
        .arg(format!("--root={}", root.display()))
        .args(units.iter().map(|unit| format!("/{unit}")))
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    // verify only warns about unknown keys or values: anything it says is a failure.
    assert!(output.status.success() && said.trim().is_empty(), "systemd-analyze verify: {said}");
}

const BACKUP_UNIT: &str = "usr/lib/systemd/system/cekbae-backup.service";
const BACKUP_TIMER: &str = "usr/lib/systemd/system/cekbae-backup.timer";

#[test]
fn a_daily_timer_backs_the_data_up_into_var_backups_keeping_14_days_and_verifies() {
    let Some(deb) = package() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    unpack(&deb, &root);
    assert_eq!(mode(&root.join("usr/lib/cekbae/cekbae-backup")), 0o755);
    let lines = |path: &str| -> Vec<String> {
        std::fs::read_to_string(root.join(path)).unwrap().lines().map(|it| it.trim().to_owned()).collect()
    };
    let service = lines(BACKUP_UNIT);
    for line in [
        "Type=oneshot",
        "User=cekbae",
        "ExecStart=/usr/lib/cekbae/cekbae-backup",
        "EnvironmentFile=/etc/cekbae/env",
        "Environment=CEKBAE_DATA=/var/lib/cekbae",
        "Environment=CEKBAE_BACKUP_DIR=/var/backups/cekbae",
        "Environment=CEKBAE_BACKUP_KEEP_DAYS=14",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/cekbae /var/backups/cekbae",
        "NoNewPrivileges=yes",
    ] {
        assert!(service.iter().any(|it| it == line), "the backup service has `{line}`: {service:#?}");
    }
    let timer = lines(BACKUP_TIMER);
    for line in ["OnCalendar=*-*-* 02:30:00", "Persistent=true", "WantedBy=timers.target"] {
        assert!(timer.iter().any(|it| it == line), "the timer has `{line}`: {timer:#?}");
    }
    // Installed: the backup folder is private, the timer enabled and started.
    let log = dir.path().join("calls.log");
    maintainer_script(&root, "postinst", "configure", &recorders(&dir.path().join("bin"), &log, false, false));
    assert_eq!(mode(&root.join("var/backups/cekbae")), 0o700);
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(calls.contains("deb-systemd-helper enable cekbae-backup.timer"), "{calls}");
    assert!(!calls.contains("start cekbae-backup.service"), "no backup runs at install: {calls}");

    // A run of the packaged script with the packaged binary, on data the service wrote.
    let data = root.join("var/lib/cekbae");
    let backups = root.join("var/backups/cekbae");
    let key = cekbae_dialogues::vault::DataKey::generate().to_hex();
    let cekbae = root.join("usr/bin/cekbae");
    let console = Command::new(&cekbae)
        .args(["console", "--now", "2026-11-30T08:00:00+07:00"])
        .env("CEKBAE_DATA", &data)
        .env("CEKBAE_DATA_KEY", &key)
        .stdin(std::fs::File::open(write_input(dir.path(), "KTP 3201014502900003 HILANG\n1\n")).unwrap())
        .output()
        .unwrap();
    assert!(console.status.success(), "{}", String::from_utf8_lossy(&console.stderr));
    let day = |ago: i64| (chrono::Utc::now().date_naive() - chrono::Duration::days(ago)).format("%Y-%m-%d").to_string();
    for old in [day(14), day(13)] {
        std::fs::write(backups.join(format!("cekbae-{old}.tar.gz")), "an old backup").unwrap();
    }
    std::fs::write(backups.join("notes.txt"), "not a backup").unwrap();
    let said = run(Command::new("sh")
        .arg(root.join("usr/lib/cekbae/cekbae-backup"))
        .env("CEKBAE_BIN", &cekbae)
        .env("CEKBAE_BACKUP_DIR", &backups)
        .env("CEKBAE_BACKUP_KEEP_DAYS", "14")
        .env("CEKBAE_DATA", &data)
        .env("CEKBAE_DATA_KEY", &key));
    assert!(
        said.contains(&format!("removed {}", backups.join(format!("cekbae-{}.tar.gz", day(14))).display())),
        "{said}"
    );
    let mut kept: Vec<String> =
        std::fs::read_dir(&backups).unwrap().map(|it| it.unwrap().file_name().to_string_lossy().into_owned()).collect();
    kept.sort();
    assert_eq!(
        kept,
        [format!("cekbae-{}.tar.gz", day(13)), format!("cekbae-{}.tar.gz", day(0)), "notes.txt".to_owned()]
    );
    let today = backups.join(format!("cekbae-{}.tar.gz", day(0)));
    assert_eq!(mode(&today), 0o600);
    let restored = dir.path().join("restored");
    run(Command::new(&cekbae).arg("restore").arg(&today).arg("--data").arg(&restored).env("CEKBAE_DATA_KEY", &key));
    let list = run(Command::new(&cekbae)
        .args(["appointments", "--json"])
        .env("CEKBAE_DATA", &restored)
        .env("CEKBAE_DATA_KEY", &key));
    assert!(list.contains("LWL-20261130-001"), "{list}");

    verify(&root, &[BACKUP_UNIT, BACKUP_TIMER]);
}

/// `text` in a file under `dir`, for a child's stdin.
fn write_input(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("input.txt");
    std::fs::write(&path, text).unwrap();
    path
}

/// `systemd-analyze`, or `None` (with a note) outside CI when it is not installed.
fn systemd_analyze() -> Option<&'static str> {
    let found = Command::new("systemd-analyze").arg("--version").output().is_ok_and(|it| it.status.success());
    if found {
        return Some("systemd-analyze");
    }
    assert!(std::env::var_os("CI").is_none(), "CI must verify the unit: .ci/run installs systemd for systemd-analyze");
    eprintln!("note: systemd-analyze is not installed (apt-get install systemd); the unit's content was checked, not verified");
    None
}

/// Replaces the system commands the maintainer scripts call with recorders writing to `log`.
fn recorders(dir: &Path, log: &Path, user_exists: bool, override_exists: bool) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let record = format!("echo \"$(basename \"$0\") $*\" >>'{}'", log.display());
    let scripts = [
        ("adduser", format!("{record}\nexit 0")),
        ("addgroup", format!("{record}\nexit 0")),
        ("runuser", format!("{record}\nexit 0")),
        ("id", format!("echo {}", if user_exists { 0 } else { 1000 })),
        ("chown", format!("{record}\nexit 0")),
        ("getent", format!("{record}\nexit {}", if user_exists { 0 } else { 2 })),
        (
            "dpkg-statoverride",
            format!("{record}\ncase \"$1\" in --list) exit {} ;; esac\nexit 0", if override_exists { 0 } else { 1 }),
        ),
        ("deb-systemd-helper", format!("{record}\nexit 0")),
        ("deb-systemd-invoke", format!("{record}\nexit 0")),
        ("systemctl", format!("{record}\nexit 0")),
    ];
    for (name, body) in scripts {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default())
}

fn maintainer_script(root: &Path, script: &str, arg: &str, path: &str) -> String {
    run(Command::new("sh").arg(root.join("DEBIAN").join(script)).arg(arg).env("DPKG_ROOT", root).env("PATH", path))
}

#[test]
fn postinst_makes_the_user_the_private_data_directory_and_a_key_once() {
    let Some(deb) = package() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    unpack(&deb, &root);
    let log = dir.path().join("calls.log");
    let first = recorders(&dir.path().join("bin-first"), &log, false, false);
    maintainer_script(&root, "postinst", "configure", &first);
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(calls.lines().any(|l| l.starts_with("adduser --system --group")), "{calls}");
    assert!(calls.contains("chown cekbae:cekbae"), "{calls}");
    assert!(calls.contains("dpkg-statoverride --update --add cekbae cekbae 0600 /etc/cekbae/cekbae.toml"), "{calls}");
    assert_eq!(mode(&root.join("var/lib/cekbae")), 0o700);
    assert!(root.join("etc/cekbae/locales").is_dir() && root.join("etc/cekbae/dialogues/adminduk").is_dir());
    let env = root.join("etc/cekbae/env");
    assert_eq!(mode(&env), 0o600);
    let text = std::fs::read_to_string(&env).unwrap();
    let secret = |name: &str| {
        let value = text.lines().find_map(|l| l.strip_prefix(&format!("{name}="))).expect("the line").to_owned();
        assert!(value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()), "{name}: 32 random bytes in hex");
        value
    };
    assert_ne!(secret("CEKBAE_DATA_KEY"), secret("CEKBAE_ADMIN_TOKEN"));
    assert!(calls.lines().any(|l| l == "addgroup --system --quiet cekbae-desk"), "{calls}");

    // An upgrade: the administrator's secrets, user and settings modes are kept.
    std::fs::write(&env, "CEKBAE_DATA_KEY=the-admins-own\n").unwrap();
    std::fs::remove_file(&log).unwrap();
    let again = recorders(&dir.path().join("bin-again"), &log, true, true);
    maintainer_script(&root, "postinst", "configure", &again);
    assert_eq!(std::fs::read_to_string(&env).unwrap(), "CEKBAE_DATA_KEY=the-admins-own\n");
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(!calls.contains("adduser") && !calls.contains("addgroup") && !calls.contains("--add"), "{calls}");

    // Purge: settings and secrets go, residents' data stays.
    maintainer_script(&root, "postrm", "purge", &again);
    assert!(!env.exists());
    assert!(root.join("var/lib/cekbae").is_dir());
    assert!(std::fs::read_to_string(&log).unwrap().contains("dpkg-statoverride --remove /etc/cekbae/cekbae.toml"));
}

/// `/etc/...` as it lies under `root`.
fn under(root: &Path, value: &str) -> String {
    value
        .split(':')
        .map(|it| if it.starts_with('/') { format!("{}{it}", root.display()) } else { it.to_owned() })
        .collect::<Vec<_>>()
        .join(":")
}

#[test]
fn the_installed_service_starts_as_its_unit_says_and_stops_on_sigterm() {
    let Some(deb) = package() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    unpack(&deb, &root);
    let log = dir.path().join("calls.log");
    maintainer_script(&root, "postinst", "configure", &recorders(&dir.path().join("bin"), &log, false, false));
    // The environment systemd would give: the unit's Environment= lines, then /etc/cekbae/env.
    let unit = std::fs::read_to_string(root.join(UNIT)).unwrap();
    let mut env: Vec<(String, String)> = Vec::new();
    let mut exec = String::new();
    for line in unit.lines() {
        if let Some(assignment) = line.strip_prefix("Environment=") {
            let (name, value) = assignment.split_once('=').unwrap();
            env.push((name.to_owned(), under(&root, value)));
        } else if let Some(command) = line.strip_prefix("ExecStart=") {
            exec = command.to_owned();
        }
    }
    let secrets = std::fs::read_to_string(root.join("etc/cekbae/env")).unwrap();
    for line in secrets.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (name, value) = line.split_once('=').unwrap();
        env.push((name.to_owned(), value.to_owned()));
    }
    let free_port = || std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let port = free_port();
    env.push(("CEKBAE_LISTEN".to_owned(), format!("127.0.0.1:{port}")));
    env.push(("CEKBAE_ADMIN_LISTEN".to_owned(), format!("127.0.0.1:{}", free_port())));
    let token = env.iter().find(|(name, _)| name == "CEKBAE_ADMIN_TOKEN").map(|(_, it)| it.clone()).unwrap();
    let mut words = exec.split_whitespace();
    let program = under(&root, words.next().unwrap());
    let mut child = Command::new(program)
        .args(words)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let health = (0..200).find_map(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        use std::io::{Read, Write};
        stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        Some(answer)
    });
    // A desk command while it runs, as cekbae-desk gives it: through the admin API.
    let desk = Command::new(root.join("usr/bin/cekbae"))
        .args(["appointments", "--data", root.join("var/lib/cekbae").to_str().unwrap()])
        .env("CEKBAE_ADMIN_TOKEN", &token)
        .output()
        .unwrap();
    let desk_said = String::from_utf8_lossy(&desk.stderr).into_owned();
    // SIGTERM, as systemctl stop sends.
    run(Command::new("kill").arg("-TERM").arg(child.id().to_string()));
    let status = child.wait().unwrap();
    let output = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    let health = health.unwrap_or_else(|| panic!("the service never answered /healthz: {said}"));
    assert!(health.starts_with("HTTP/1.0 200") && health.contains(r#""status":"ok""#), "{health}");
    assert!(status.success(), "a clean stop on SIGTERM: {status:?} {said}");
    assert!(desk.status.success() && desk_said.contains("admin API"), "desk command through the service: {desk_said}");
    assert_eq!(mode(&root.join("var/lib/cekbae")), 0o700, "the data stays private");
    assert!(std::fs::read_dir(root.join("var/lib/cekbae")).unwrap().next().is_some(), "the data directory is used");
}

#[test]
fn cekbae_desk_runs_a_desk_command_as_the_service_user_with_the_services_secrets() {
    let Some(deb) = package() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    unpack(&deb, &root);
    let env = dir.path().join("env");
    std::fs::write(&env, "CEKBAE_DATA_KEY=aa\nCEKBAE_ADMIN_TOKEN=the-token\n").unwrap();
    let log = dir.path().join("calls.log");
    let desk = |path: &str, args: &[&str]| {
        Command::new("sh")
            .arg(root.join("usr/bin/cekbae-desk"))
            .args(args)
            .env("PATH", path)
            .env("CEKBAE_DESK_ENV", &env)
            .env("SUDO_USER", "budi")
            .output()
            .unwrap()
    };
    let as_root = recorders(&dir.path().join("root-bin"), &log, true, true);
    let output = desk(&as_root, &["appointments", "--date", "2026-12-01"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(calls.starts_with("runuser -u cekbae -- env CEKBAE_DATA=/var/lib/cekbae"), "{calls}");
    assert!(
        calls.contains(
            "CEKBAE_ADMIN_TOKEN=the-token CEKBAE_DATA_KEY=aa CEKBAE_DATA_KEY_OLD= USER=budi /usr/bin/cekbae appointments --date 2026-12-01"
        ),
        "{calls}"
    );
    for refused in [&["serve"][..], &[]] {
        let output = desk(&as_root, refused);
        assert_eq!(output.status.code(), Some(2), "{refused:?}");
    }
    let not_root = recorders(&dir.path().join("user-bin"), &log, false, true);
    let output = desk(&not_root, &["report"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("sudo"));
}

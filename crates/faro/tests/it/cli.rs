//! Exit codes and messages of the command line, with real files and a real database.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

pub fn faro(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("faro").unwrap();
    cmd.current_dir(dir)
        .env_remove("FARO_DATABASE_URL")
        .env_remove("FARO_DATA_DIR")
        .env_remove("FARO_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("FARO_LOG", "warn");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A folder whose default database holds two records, imported from `ok.csv`.
fn two_records() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ok.csv",
        &format!("{HEADER}2016,Female,18--20,UA,RU\n2017,Male,,PH,MY\n"),
    );
    faro(dir.path())
        .args(["import", "ctdc", "ok.csv"])
        .assert()
        .code(0);
    dir
}

const HEADER: &str = "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation\n";

#[test]
fn a_clean_file_imports_with_exit_0_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ok.csv",
        &format!("{HEADER}2016,Female,18--20,UA,RU\n2017,Male,,PH,MY\n"),
    );
    faro(dir.path())
        .args(["import", "ctdc", "ok.csv"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "2 rows read, 2 imported, 0 rejected",
        ));
    assert!(
        dir.path().join("faro-data/faro.db").exists(),
        "the default data folder is ./faro-data"
    );
    faro(dir.path())
        .args(["import", "ctdc", "ok.csv"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "skipped `ok.csv`: the same file is already imported",
        ));
    faro(dir.path())
        .args(["aggregate", "--by", "gender", "--format", "csv"])
        .assert()
        .code(0)
        .stdout("gender,count\nfemale,1\nmale,1\n");
}

#[test]
fn rejected_rows_give_exit_3_and_an_errors_csv_safe_for_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.csv",
        &format!(
            "{HEADER}2016,Female,18--20,UA,RU\n2016,=HYPERLINK(1),18--20,UA,RU\n1985,Female,18--20,QQ,RU\n"
        ),
    );
    faro(dir.path())
        .args(["import", "ctdc", "bad.csv", "--errors", "errors.csv"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "3 rows read, 1 imported, 2 rejected",
        ))
        .stderr(predicate::str::contains("errors.csv"));
    let errors = std::fs::read_to_string(dir.path().join("errors.csv")).unwrap();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines[0], "file,line,column,value,reason,reason_code");
    assert!(
        lines[1].starts_with("bad.csv,3,gender,'=HYPERLINK(1),"),
        "{errors}"
    );
    assert!(lines[1].ends_with(",problem-not-a-term"), "{errors}");
    assert!(
        lines[2].starts_with("bad.csv,4,yearOfRegistration,1985,is out of range"),
        "{errors}"
    );
    assert!(lines[2].ends_with(",problem-year-out-of-range"), "{errors}");
    assert!(
        lines[3].starts_with("bad.csv,4,citizenship,QQ,"),
        "{errors}"
    );
    assert_eq!(lines.len(), 4);
}

#[test]
fn without_an_errors_file_the_first_rejected_rows_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let bad_rows = "2016,Alien,18--20,UA,RU\n".repeat(15);
    write(dir.path(), "bad.csv", &format!("{HEADER}{bad_rows}"));
    faro(dir.path())
        .args(["import", "ctdc", "bad.csv"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "rejected: `bad.csv` line 2: column `gender`: `Alien` is not a value of this column",
        ))
        .stderr(predicate::str::contains(
            "... 5 more rejected rows: list them all with `--errors PATH`",
        ));
}

#[test]
fn a_fatal_file_imports_nothing_with_exit_1_and_names_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "renamed.csv",
        "registration_year,gender,ageBroad,citizenship,CountryOfExploitation\n2016,Female,,UA,RU\n",
    );
    write(
        dir.path(),
        "good.csv",
        &format!("{HEADER}2016,Female,18--20,UA,RU\n"),
    );
    faro(dir.path())
        .args(["import", "ctdc", "renamed.csv", "good.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: nothing imported: `renamed.csv` has column(s) `registration_year`",
        ))
        .stderr(predicate::str::contains("--ignore-column"))
        .stderr(predicate::str::contains("imported `good.csv`"));
    faro(dir.path())
        .args(["aggregate", "--by", "source", "--format", "csv"])
        .assert()
        .stdout("source,count\n1,1\n");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path()).args(["import", "ctdc"]).assert().code(2);
    faro(dir.path())
        .args(["aggregate", "--by", "colour"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`colour` is not a dimension"));
    faro(dir.path())
        .args(["export", "--gender", "alien"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--gender: `alien` is not a `gender` code",
        ));
    faro(dir.path()).args(["frobnicate"]).assert().code(2);
    faro(dir.path())
        .args(["generate", "--rows", "x", "-o", "f.csv"])
        .assert()
        .code(2);
}

/// Messages speak `--lang`, else `FARO_LANG`, else the locale; an errors CSV's reasons too,
/// with the same `reason_code` in every language.
#[test]
fn the_command_line_speaks_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .args(["--lang", "es", "export", "--gender", "xx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--gender: `xx` no es un código de `gender` (se espera uno de `female`",
        ));
    faro(dir.path())
        .args(["aggregate", "--by", "year", "--gender", "xx"])
        .env("LANG", "fr_FR.UTF-8")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--gender: `xx` n’est pas un code de `gender` (attendu",
        ));
    faro(dir.path())
        .args(["export", "--gender=xx", "--lang=fr"])
        .env("FARO_LANG", "es")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("n’est pas un code"));
    faro(dir.path())
        .args(["export", "--lang", "de"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`de` is not a language Faro has"));
    write(
        dir.path(),
        "bad.csv",
        &format!("{HEADER}2016,Alien,18--20,UA,RU\n"),
    );
    faro(dir.path())
        .args(["import", "ctdc", "bad.csv", "--errors", "errores.csv"])
        .env("FARO_LANG", "es")
        .assert()
        .code(3);
    write(
        dir.path(),
        "renamed.csv",
        "registration_year,gender\n2016,Female\n",
    );
    faro(dir.path())
        .args(["import", "ctdc", "renamed.csv", "bad.csv", "--lang", "fr"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "rien n’a été importé\u{a0}: `renamed.csv` a des colonnes `registration_year` qui n’appartiennent à aucun format CTDC",
        ))
        .stderr(predicate::str::contains(
            "`bad.csv` ignoré\u{a0}: le même fichier est déjà importé comme source",
        ))
        .stderr(predicate::str::contains(
            "remarque\u{a0}: `bad.csv` (ctdc-a) n’a pas 58 colonnes de son format",
        ));
    let errors = std::fs::read_to_string(dir.path().join("errores.csv")).unwrap();
    assert_eq!(
        errors.lines().nth(1),
        Some(
            "bad.csv,2,gender,Alien,\"no es un valor de esta columna (se espera `Female`, `Male`, `Transgender`, o vacío o `-99` si se desconoce)\",problem-not-a-term"
        ),
        "{errors}"
    );
}

#[test]
fn an_unreachable_or_malformed_database_is_a_clear_fatal_error() {
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .args([
            "--database",
            "postgres://faro:secret@127.0.0.1:1/none",
            "aggregate",
            "--by",
            "year",
        ])
        .env("FARO_DATA_KEY", "00".repeat(32))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot be reached"))
        .stderr(predicate::str::contains("secret").not());
    faro(dir.path())
        .args(["--database", "mysql://x", "aggregate", "--by", "year"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("takes a PostgreSQL URL"));
    write(dir.path(), "faro.toml", "data_dir = 'x'\ncolour = 'blue'\n");
    faro(dir.path())
        .args(["--config", "faro.toml", "aggregate", "--by", "year"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `colour`"));
}

#[test]
fn help_documents_exit_codes_environment_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("3 finished, but some input"))
        .stdout(predicate::str::contains("FARO_DATABASE_URL"));
    faro(dir.path())
        .args(["export", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--exploitation-country"))
        .stdout(predicate::str::contains("--means-detail"));
}

#[test]
fn generate_is_deterministic_and_refuses_a_bad_share() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.csv", "b.csv"] {
        faro(dir.path())
            .args([
                "generate", "--rows", "300", "--seed", "5", "--dirty", "0.1", "-o", name,
            ])
            .assert()
            .code(0);
    }
    assert_eq!(
        std::fs::read(dir.path().join("a.csv")).unwrap(),
        std::fs::read(dir.path().join("b.csv")).unwrap()
    );
    faro(dir.path())
        .args(["generate", "--rows", "3", "--dirty", "1.5", "-o", "c.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("takes a share from 0 to 1"));
}

#[test]
fn organisations_are_created_listed_and_own_their_imports() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ok.csv",
        &format!("{HEADER}2016,Female,18--20,UA,RU\n"),
    );
    faro(dir.path())
        .args(["admin", "org", "create", "Red Cross"])
        .assert()
        .code(0)
        .stdout("created organisation 2 `Red Cross`\n");
    faro(dir.path())
        .args(["admin", "org", "create", "Red Cross"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "an organisation named `Red Cross` already exists",
        ));
    // A store's refusal speaks the language asked, as the domain's problems do.
    faro(dir.path())
        .args(["admin", "org", "create", "Red Cross", "--lang", "fr"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "une organisation nommée `Red Cross` existe déjà",
        ));
    faro(dir.path())
        .args(["admin", "org", "list"])
        .assert()
        .code(0)
        .stdout("1\tDefault organisation\n2\tRed Cross\n");
    faro(dir.path())
        .args(["import", "ctdc", "ok.csv", "--org", "Blue"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--org: there is no organisation named `Blue`",
        ));
    faro(dir.path())
        .args(["import", "ctdc", "ok.csv", "--org", "Red Cross"])
        .assert()
        .code(0);
    faro(dir.path())
        .args(["import", "ctdc", "ok.csv"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("imported `ok.csv` as source 2"));
    faro(dir.path())
        .args(["admin", "source", "share", "1"])
        .assert()
        .code(0)
        .stdout("source 1 shares its aggregates with the hub\n");
    faro(dir.path())
        .args(["admin", "source", "share", "9"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Source 9 does not exist"));
}

#[test]
fn users_and_tokens_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .args(["admin", "org", "create", "Red"])
        .assert()
        .code(0);
    faro(dir.path())
        .args([
            "admin",
            "user",
            "create",
            "--org",
            "Red",
            "--role",
            "analyst",
            "--email",
            "Ana@Example.org",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "created user 1 `ana@example.org` in `Red`\n/set-password?token=fl_",
        ))
        .stderr(predicate::str::contains("valid 24 hours"));
    faro(dir.path())
        .args([
            "admin",
            "user",
            "reset-password",
            "--email",
            "ana@example.org",
            "--public-url",
            "https://faro.example.org/",
        ])
        .assert()
        .code(0)
        .stdout(
            predicate::str::is_match(
                "^https://faro.example.org/set-password\\?token=fl_[0-9a-f]{64}\n$",
            )
            .unwrap(),
        );
    faro(dir.path())
        .args([
            "admin",
            "user",
            "reset-password",
            "--email",
            "nobody@example.org",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "there is no user `nobody@example.org`",
        ));
    faro(dir.path())
        .args([
            "admin",
            "user",
            "create",
            "--org",
            "Red",
            "--role",
            "viewer",
            "--email",
            "not an address",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not an e-mail address such as `name@example.org`",
        ));
    faro(dir.path())
        .args([
            "admin",
            "user",
            "create",
            "--org",
            "Red",
            "--role",
            "analyst",
            "--email",
            "ana@example.org",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "an account with this e-mail already exists (e-mails are unique on the instance)",
        ));
    faro(dir.path())
        .args([
            "admin",
            "user",
            "create",
            "--org",
            "Red",
            "--role",
            "boss",
            "--email",
            "b@example.org",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`boss` is not a role"));
    let out = faro(dir.path())
        .args([
            "admin",
            "token",
            "create",
            "--email",
            "ana@example.org",
            "--role",
            "viewer",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let secret = String::from_utf8(out.stdout).unwrap();
    assert!(
        secret.trim().starts_with("faro_") && secret.trim().len() == 69,
        "{secret}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("shown only now"));
    faro(dir.path())
        .args([
            "admin",
            "token",
            "create",
            "--email",
            "ana@example.org",
            "--role",
            "admin",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "may not create a token with more rights than its user",
        ));
    faro(dir.path())
        .args(["admin", "token", "create", "--email", "nobody@example.org"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "there is no user `nobody@example.org`",
        ));
    faro(dir.path())
        .args(["admin", "token", "revoke", "1"])
        .assert()
        .code(0)
        .stdout("revoked token 1\n");
    faro(dir.path())
        .args(["admin", "token", "revoke", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Active token 1 does not exist"));
    faro(dir.path())
        .args(["admin", "user", "disable", "--email", "ana@example.org"])
        .assert()
        .code(0);
}

#[test]
fn the_audit_log_records_changes_verifies_and_catches_tampering() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ok.csv",
        &format!("{HEADER}2016,Female,18--20,UA,RU\n"),
    );
    faro(dir.path())
        .args(["import", "ctdc", "ok.csv"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("created the data key"));
    let key = dir.path().join("faro-data/faro.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    faro(dir.path())
        .args(["export", "-o", "out.csv"])
        .assert()
        .code(0);
    faro(dir.path())
        .args(["admin", "org", "create", "Red"])
        .assert()
        .code(0);
    faro(dir.path())
        .args(["admin", "audit", "verify"])
        .assert()
        .code(0)
        .stdout("the audit log is intact: 8 entries in 5 chains\n");
    let export = faro(dir.path())
        .args(["admin", "audit", "export"])
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(export.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let actions: Vec<&str> = lines
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    // Chains in name order: the instance's (the default organisation's chain opened at the
    // first start, the export, the creation of Red), each organisation's intake chain, then
    // each organisation's.
    assert_eq!(
        actions,
        [
            "organisation.chain_opened",
            "export",
            "organisation.create",
            "intake.chain_opened",
            "intake.chain_opened",
            "organisation.chain_opened",
            "import",
            "organisation.create"
        ]
    );
    assert!(
        lines
            .iter()
            .all(|l| l["actor"] == "cli" || l["action"].as_str().unwrap().ends_with("chain_opened"))
    );
    let db = dir.path().join("faro-data/faro.db");
    let conn = rusqlite_free_update(
        &db,
        "UPDATE audit_log SET detail = '{\"records\":0}' WHERE action = 'export'",
    );
    assert!(conn, "the tampering statement ran");
    faro(dir.path())
        .args(["admin", "audit", "verify"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "tampered with: audit chain `instance`, entry 2: was changed",
        ));
    std::fs::write(&key, "00".repeat(32)).unwrap();
    faro(dir.path())
        .args(["admin", "audit", "verify"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the data key does not match this database",
        ));
    faro(dir.path())
        .args([
            "--database",
            "postgres://postgres@127.0.0.1:5432/test",
            "aggregate",
            "--by",
            "year",
        ])
        .env_remove("FARO_DATA_KEY")
        .env_remove("FARO_KEY_FILE")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PostgreSQL needs a data key"));
}

#[test]
fn a_checkpoint_kept_apart_catches_a_database_rolled_back_to_an_older_copy() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(dir.path(), &["admin", "org", "create", "Red"]);
    // The attacker's old copy of the database, taken now.
    let data = dir.path().join("faro-data");
    let old = dir.path().join("old-copy");
    std::fs::create_dir(&old).unwrap();
    for f in std::fs::read_dir(&data).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, old.join(f.file_name().unwrap())).unwrap();
    }
    succeeds(dir.path(), &["admin", "org", "create", "Blue"]);
    let checkpoint = faro(dir.path())
        .args(["admin", "audit", "checkpoint"])
        .output()
        .unwrap();
    assert!(checkpoint.status.success());
    let file = dir.path().join("checkpoint.json");
    std::fs::write(&file, &checkpoint.stdout).unwrap();
    faro(dir.path())
        .args(["admin", "audit", "verify", "--since", "checkpoint.json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("only grown since the checkpoint"));
    // The log may grow after the checkpoint, and the key may change.
    succeeds(dir.path(), &["admin", "rotate-key"]);
    succeeds(
        dir.path(),
        &["admin", "audit", "verify", "--since", "checkpoint.json"],
    );
    // Rolled back: every MAC of the old copy is valid, and plain verify cannot tell.
    let key = std::fs::read(data.join("faro.key")).unwrap();
    std::fs::remove_dir_all(&data).unwrap();
    std::fs::rename(&old, &data).unwrap();
    let old_key = std::fs::read(data.join("faro.key")).unwrap();
    assert_ne!(key, old_key, "the old copy carries its own, older key");
    succeeds(dir.path(), &["admin", "audit", "verify"]);
    faro(dir.path())
        .args(["admin", "audit", "verify", "--since", "checkpoint.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("rolled back to an older copy"));
    std::fs::write(&file, "not a checkpoint").unwrap();
    faro(dir.path())
        .args(["admin", "audit", "verify", "--since", "checkpoint.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a checkpoint"));
}

/// Runs `faro ARGS` in `dir` and expects exit code 0.
fn succeeds(dir: &std::path::Path, args: &[&str]) {
    faro(dir).args(args).assert().code(0);
}

/// Changes the SQLite file behind Faro's back, as an attacker with file access would.
fn rusqlite_free_update(db: &std::path::Path, sql: &str) -> bool {
    std::process::Command::new("python3")
        .args([
            "-c",
            &format!(
                "import sqlite3; c=sqlite3.connect('{}'); c.execute(\"{}\"); c.commit()",
                db.display(),
                sql.replace('"', "\\\"")
            ),
        ])
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[test]
fn rotate_key_replaces_the_key_file_and_keeps_the_audit_log_verifiable() {
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .args(["admin", "org", "create", "Red"])
        .assert()
        .code(0);
    let key = dir.path().join("faro-data/faro.key");
    let old = std::fs::read_to_string(&key).unwrap();
    faro(dir.path())
        .args(["admin", "rotate-key"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("rotated the data key"))
        .stderr(predicate::str::contains("re-signed 6 audit entries"));
    let new = std::fs::read_to_string(&key).unwrap();
    assert_ne!(old, new);
    assert_eq!(new.trim().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    assert!(!dir.path().join("faro-data/faro.key.new").exists());
    faro(dir.path())
        .args(["admin", "audit", "verify"])
        .assert()
        .code(0)
        .stdout("the audit log is intact: 7 entries in 5 chains\n");
    // A tampered log is not re-signed, and the key stays as it was.
    assert!(rusqlite_free_update(
        &dir.path().join("faro-data/faro.db"),
        "UPDATE audit_log SET actor = 'someone else' WHERE seq = 1",
    ));
    faro(dir.path())
        .args(["admin", "rotate-key"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the data key was not changed"))
        .stderr(predicate::str::contains("tampered with"));
    assert_eq!(std::fs::read_to_string(&key).unwrap(), new);
    assert!(!dir.path().join("faro-data/faro.key.new").exists());
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_database_are_private_and_a_readable_key_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .args(["admin", "org", "create", "Red"])
        .assert()
        .code(0);
    let data = dir.path().join("faro-data");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    for name in ["faro.db", "faro.db-wal", "faro.db-shm", "faro.key"] {
        let file = data.join(name);
        if file.exists() {
            assert_eq!(mode(&file), 0o600, "{name}");
        }
    }
    let key = data.join("faro.key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    faro(dir.path())
        .args(["admin", "org", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("can be read by others (mode 644)"))
        .stderr(predicate::str::contains("chmod 600"));
}

/// `faro brief` writes one file that opens offline: its styles and charts inside, nothing
/// linked; released as to a viewer unless `--exact`.
#[test]
fn a_brief_is_one_self_contained_file_and_bad_arguments_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .args(["generate", "--rows", "3000", "-o", "data.csv"])
        .assert()
        .code(0);
    faro(dir.path())
        .args(["import", "ctdc", "data.csv"])
        .assert()
        .code(0);
    faro(dir.path())
        .args([
            "brief",
            "--org",
            "Default organisation",
            "--lang",
            "fr",
            "--year",
            "2010..",
            "-o",
            "brief.html",
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("brief.html"))
        // Nothing the user cannot act on (the map's converter once warned three times).
        .stderr(predicate::str::contains("WARN").not());
    let html = std::fs::read_to_string(dir.path().join("brief.html")).unwrap();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("<style>"));
    assert!(
        html.matches("<svg").count() >= 8,
        "map, series and six breakdowns"
    );
    for linked in ["<link", "src=", "href=\"http", "href=\"/"] {
        assert!(!html.contains(linked), "the brief links `{linked}`");
    }
    assert!(
        html.contains("environ"),
        "released as to a viewer: counts are about"
    );
    faro(dir.path())
        .args([
            "brief",
            "--org",
            "Default organisation",
            "--exact",
            "-o",
            "exact.html",
        ])
        .assert()
        .code(0);
    let exact = std::fs::read_to_string(dir.path().join("exact.html")).unwrap();
    assert!(
        !exact.contains("about ") && exact.contains("3,000"),
        "exact figures"
    );
    faro(dir.path())
        .args(["brief", "--org", "Nobody", "-o", "x.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no organisation named `Nobody`"));
    faro(dir.path())
        .args([
            "brief",
            "--org",
            "Default organisation",
            "--lang",
            "de",
            "-o",
            "x.html",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`de` is not a language"));
    faro(dir.path())
        .args([
            "brief",
            "--org",
            "Default organisation",
            "--top",
            "0",
            "-o",
            "x.html",
        ])
        .assert()
        .code(2);
    assert!(
        !dir.path().join("x.html").exists(),
        "nothing written on an error"
    );
}

/// `faro admin backup` and `restore`: the restored directory answers as the original, with a
/// verified log; a damaged backup exits 1 restoring nothing; no key is a usage error.
#[test]
fn a_backup_restores_into_an_empty_directory_and_a_damaged_one_restores_nothing() {
    let dir = two_records();
    faro(dir.path())
        .args(["admin", "backup", "-o", "faro.backup"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote the sqlite backup"));
    let key = dir.path().join("faro-data/faro.key");
    let key = key.to_str().unwrap();
    faro(dir.path())
        .args([
            "--data-dir",
            "restored",
            "--key-file",
            key,
            "admin",
            "restore",
            "faro.backup",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("its audit log is intact"));
    faro(dir.path())
        .args([
            "--data-dir",
            "restored",
            "--key-file",
            key,
            "aggregate",
            "--by",
            "gender",
            "--format",
            "csv",
        ])
        .assert()
        .stdout("gender,count\nfemale,1\nmale,1\n");
    let mut bytes = std::fs::read(dir.path().join("faro.backup")).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0xFF;
    std::fs::write(dir.path().join("bad.backup"), bytes).unwrap();
    faro(dir.path())
        .args([
            "--data-dir",
            "again",
            "--key-file",
            key,
            "admin",
            "restore",
            "bad.backup",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing restored"))
        .stderr(predicate::str::contains("damaged"));
    assert!(!dir.path().join("again/faro.db").exists());
    faro(dir.path())
        .args(["--data-dir", "nokey", "admin", "restore", "faro.backup"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

/// `faro admin record erase` and `faro admin source delete`: what goes, and the usage errors.
#[test]
fn a_record_is_erased_and_a_source_deleted_from_the_command_line() {
    let dir = two_records();
    faro(dir.path())
        .args(["admin", "record", "erase", "1", "--reason", "because"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("subject-request"));
    faro(dir.path())
        .args([
            "admin",
            "record",
            "erase",
            "1",
            "--reason",
            "subject-request",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("erased record 1"));
    faro(dir.path())
        .args(["aggregate", "--by", "gender", "--format", "csv"])
        .assert()
        .stdout("gender,count\nmale,1\n");
    faro(dir.path())
        .args(["admin", "record", "erase", "1", "--reason", "duplicate"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not exist"));
    faro(dir.path())
        .args(["admin", "source", "delete", "1"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("deleted source 1 `ok.csv`"))
        .stdout(predicate::str::contains("and its 1 records"));
    faro(dir.path())
        .args(["aggregate", "--by", "gender", "--format", "csv"])
        .assert()
        .stdout("gender,count\n");
    faro(dir.path())
        .args(["admin", "audit", "verify"])
        .assert()
        .code(0);
}

/// `faro admin case erase`: a case opened on the pages goes with everything that hung from
/// it; an unknown case or reason is refused.
#[test]
fn a_case_is_erased_from_the_command_line() {
    let dir = two_records();
    let db = dir.path().join("faro-data/faro.db");
    let key = std::fs::read_to_string(dir.path().join("faro-data/faro.key")).unwrap();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = faro_store::Store::open(&faro_store::Location::Sqlite(db))
            .await
            .unwrap()
            .unlock(&faro_store::DataKey::from_hex(&key).unwrap())
            .await
            .unwrap();
        let admin = faro_domain::AccessContext::member(
            faro_store::DEFAULT_ORGANISATION,
            faro_domain::Role::Admin,
        );
        let person = faro_domain::case::person::Person {
            names: vec!["Ana".into()],
            ..Default::default()
        };
        let new = faro_store::NewCase {
            person: person.check().unwrap(),
            report: None,
            record: Some(1),
        };
        assert_eq!(store.open_case(&admin, new).await.unwrap(), 1);
        store.close().await;
    });
    faro(dir.path())
        .args(["admin", "case", "erase", "1", "--reason", "whim"])
        .assert()
        .code(2);
    faro(dir.path())
        .args(["admin", "case", "erase", "1", "--reason", "subject-request"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("erased case 1"));
    faro(dir.path())
        .args(["admin", "case", "erase", "1", "--reason", "subject-request"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("case 1 not erased"));
    faro(dir.path())
        .args(["aggregate", "--by", "gender", "--format", "csv"])
        .assert()
        .stdout("gender,count\nfemale,1\nmale,1\n");
    faro(dir.path())
        .args(["admin", "audit", "verify"])
        .assert()
        .code(0);
}

/// `faro admin org remove`: the organisation takes its records and its closed chain; what
/// was its is gone, the rest stays, and the log still verifies.
#[test]
fn an_organisation_that_leaves_takes_its_records_and_its_closed_chain() {
    let dir = two_records();
    faro(dir.path())
        .args(["admin", "org", "create", "Blue"])
        .assert()
        .code(0);
    write(
        dir.path(),
        "blue.csv",
        &format!("{HEADER}2018,Female,9--17,NG,IT\n2019,Female,18--20,NG,ES\n2019,Male,,NG,IT\n"),
    );
    faro(dir.path())
        .args(["import", "ctdc", "blue.csv", "--org", "Blue"])
        .assert()
        .code(0);
    let out = dir.path().join("blue-export");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("other.txt"), "x").unwrap();
    faro(dir.path())
        .args(["admin", "org", "remove", "Blue", "--export"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
    faro(dir.path())
        .args(["admin", "org", "remove", "Nobody", "--export", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no organisation named `Nobody`"));
    let out = dir.path().join("blue");
    faro(dir.path())
        .args(["admin", "org", "remove", "Blue", "--export"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "1 sources, 3 records, 0 reports, 0 users deleted",
        ));
    let records = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
    assert_eq!(records.lines().count(), 3, "{records}");
    assert!(records.lines().all(|l| l.contains("\"NG\"")), "{records}");
    let chain = std::fs::read_to_string(out.join("audit.jsonl")).unwrap();
    // Its chain, closed by its removal, then its intake chain.
    let own: Vec<&str> = chain
        .lines()
        .filter(|l| l.contains("\"chain\":\"organisation 2\""))
        .collect();
    assert!(
        own.last().unwrap().contains("organisation.remove"),
        "{chain}"
    );
    let intake = chain
        .lines()
        .filter(|l| l.contains("\"chain\":\"intake 2\""));
    assert_eq!(own.len() + intake.count(), chain.lines().count(), "{chain}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("records.jsonl"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "records readable by others: {mode:o}");
    }
    // The default organisation's records stay; Blue is gone and cannot take data again.
    faro(dir.path())
        .args(["aggregate", "--by", "gender", "--format", "csv"])
        .assert()
        .stdout("gender,count\nfemale,1\nmale,1\n");
    faro(dir.path())
        .args(["admin", "org", "list"])
        .assert()
        .stdout(predicate::str::contains("Blue").not());
    faro(dir.path())
        .args(["import", "ctdc", "blue.csv", "--org", "Blue"])
        .assert()
        .code(2);
    faro(dir.path())
        .args(["admin", "audit", "verify"])
        .assert()
        .code(0);
    faro(dir.path())
        .args(["admin", "org", "remove", "Default organisation", "--export"])
        .arg(dir.path().join("default"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("remove the default organisation"));
}

/// `faro config check|show|schema`: exit codes, masked secrets.
#[test]
fn the_settings_file_is_checked_and_shown_with_its_secrets_masked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "faro.toml",
        "database = \"postgres://faro:hunter2-long@127.0.0.1/x\"\n[notify]\nwebhook_url = \"https://example.org/h\"\nwebhook_secret = \"0123456789abcdef-5ee1d7a9c4b2f036\"\n",
    );
    faro(dir.path())
        .args(["--config", "faro.toml", "config", "check"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("are valid"));
    faro(dir.path())
        .args(["--config", "faro.toml", "config", "show"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "postgres://faro:********@127.0.0.1/x",
        ))
        .stdout(predicate::str::contains("webhook_secret = \"********\""))
        .stdout(predicate::str::contains("threshold = 11"))
        .stdout(predicate::str::contains("hunter2").not())
        .stdout(predicate::str::contains("0123456789abcdef").not());
    write(dir.path(), "bad.toml", "[reports]\nmax_photos = 40\n");
    faro(dir.path())
        .args(["--config", "bad.toml", "config", "check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "[reports] section: `max_photos` is 40; give 0 to 10",
        ));
    faro(dir.path())
        .args(["config", "schema"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"upload_max_megabytes\""));
}

/// An organisation's records with one person who is unique by citizenship, age and country
/// (an Icelandic man of 48 or more exploited in New Zealand): 3,000 generated and the one.
fn records_with_a_unique_person() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .args([
            "generate", "--rows", "3000", "--seed", "21", "-o", "many.csv",
        ])
        .assert()
        .code(0);
    write(
        dir.path(),
        "one.csv",
        &format!("{HEADER}2019,Male,48+,IS,NZ\n"),
    );
    faro(dir.path())
        .args(["import", "ctdc", "many.csv", "one.csv"])
        .assert()
        .code(0);
    dir
}

/// The quasi-identifiers of each row of a published file, read back by Faro's reader and
/// counted here, apart from the code that made the file.
fn smallest_group(file: &Path) -> (usize, Vec<faro_domain::Record>) {
    let options = faro_formats::ReadOptions {
        layout: None,
        this_year: 2026,
        ignore_columns: Vec::new(),
    };
    let rows: Vec<faro_domain::Record> = faro_formats::Input::open(file, &options)
        .unwrap()
        .map(|row| row.unwrap().unwrap())
        .collect();
    let mut groups = std::collections::HashMap::new();
    for r in &rows {
        let key = (
            r.gender,
            r.age,
            r.majority,
            r.citizenship,
            r.exploitation_country,
            r.year,
            r.modalities().set_bits(),
        );
        *groups.entry(key).or_insert(0usize) += 1;
    }
    (groups.values().copied().min().unwrap_or(0), rows)
}

#[test]
fn a_release_is_k_anonymous_private_and_paid_from_the_budget() {
    let dir = records_with_a_unique_person();
    let org = "Default organisation";
    faro(dir.path())
        .args([
            "publish",
            "--org",
            org,
            "--out",
            "first",
            "--k",
            "5",
            "--epsilon",
            "3",
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("smallest group"))
        .stderr(predicate::str::contains("has spent 3 of its budget of 5"));
    let out = dir.path().join("first");
    let (smallest, rows) = smallest_group(&out.join("kanon.csv"));
    assert!(smallest >= 5, "a group of {smallest}");
    let iceland = faro_domain::Country::from_alpha2("IS");
    assert!(
        rows.iter().all(|r| r.citizenship != iceland),
        "the unique person's citizenship is never shown"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["records"], 3001);
    assert_eq!(report["kanon"]["smallest_group"], smallest as u64);
    for length in 0..4 {
        let e = &report["kanon"]["errors"][length];
        assert_eq!(e["fabricated"], 0, "suppression never invents: {e}");
        assert_eq!(e["rare_leaked"], 0, "{e}");
    }
    for length in 0..4 {
        let e = &report["synthetic"]["errors"][length];
        assert_eq!(e["fabricated"], 0, "nothing invented: {e}");
        assert_eq!(e["rare_leaked"], 0, "no combination rarer than k: {e}");
    }
    // The generalised file, counted here from its cells.
    assert_eq!(report["general"]["file"], "kanon-general.csv", "{report}");
    let mut general = csv::Reader::from_path(out.join("kanon-general.csv")).unwrap();
    assert_eq!(
        general.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "gender",
            "ageBroad",
            "majorityStatus",
            "citizenshipArea",
            "exploitationArea",
            "yearRange",
            "modality"
        ]
    );
    let mut groups: std::collections::HashMap<Vec<String>, usize> = Default::default();
    for row in general.records() {
        let row = row.unwrap();
        *groups
            .entry(row.iter().map(String::from).collect())
            .or_default() += 1;
    }
    assert!(groups.values().all(|n| *n >= 5), "{groups:?}");
    assert!(groups.keys().all(|row| row[3] != "ISL"));
    assert!(
        report["general"]["information_lost"].as_f64()
            < report["general"]["information_lost_by_suppression"].as_f64()
    );
    let (_, synthetic) = smallest_group(&out.join("synthetic.csv"));
    assert!(synthetic.len() > 2500, "{}", synthetic.len());
    assert!(synthetic.iter().all(|r| r.citizenship != iceland));
    let tables = std::fs::read_to_string(out.join("dp-tables.csv")).unwrap();
    assert!(tables.starts_with("dimension,value,count"));
    assert!(
        tables.contains("\ncitizenship,IS,"),
        "every country has a cell, shown or not"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Mean relative error"));
    assert!(
        std::fs::read_to_string(out.join("README.md"))
            .unwrap()
            .starts_with("# Datasheet")
    );

    // The budget is spent across releases: 3 of 5 is gone, so 3 more is refused and nothing
    // is written; 2 fits; k-anonymity alone costs none.
    faro(dir.path())
        .args(["publish", "--org", org, "--out", "second", "--epsilon", "3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ask for at most ε = 2"));
    assert_eq!(
        std::fs::read_dir(dir.path().join("second"))
            .unwrap()
            .count(),
        0
    );
    faro(dir.path())
        .args([
            "publish",
            "--org",
            org,
            "--out",
            "third",
            "--methods",
            "dp",
            "--epsilon",
            "2",
            "--lang",
            "fr",
        ])
        .assert()
        .code(0);
    assert!(!dir.path().join("third/kanon.csv").exists());
    assert!(
        std::fs::read_to_string(dir.path().join("third/report.html"))
            .unwrap()
            .contains("Erreur relative moyenne")
    );
    faro(dir.path())
        .args([
            "publish",
            "--org",
            org,
            "--out",
            "fourth",
            "--methods",
            "kanon",
        ])
        .assert()
        .code(0);
    // The operator gives this organisation a budget of its own: 5 of 8 spent, 3 more fits.
    faro(dir.path())
        .args(["admin", "org", "budgets", org, "--publish", "8"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "privacy budgets of Default organisation are set",
        ));
    faro(dir.path())
        .args(["publish", "--org", org, "--out", "fifth", "--epsilon", "3"])
        .assert()
        .code(0);
    for (args, says) in [
        (vec![org, "--publish", "0"], "not a privacy budget"),
        (
            vec![org, "--annual-per-source", "1000"],
            "not a privacy budget",
        ),
        (vec!["Nobody", "--publish", "1"], "Nobody"),
    ] {
        faro(dir.path())
            .args(["admin", "org", "budgets"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    faro(dir.path())
        .args(["admin", "audit", "verify"])
        .assert()
        .code(0);
}

#[test]
fn a_release_refuses_bad_parameters_and_small_selections() {
    let dir = two_records();
    let org = "Default organisation";
    for (args, says) in [
        (vec!["--k", "1"], "--k"),
        (vec!["--epsilon", "0"], "not a privacy budget"),
        (vec!["--epsilon=-1"], "not a privacy budget"),
        (vec!["--methods", "kanon,mostly-ai"], "mostly-ai"),
        (vec!["--gender", "robot"], "--gender"),
    ] {
        faro(dir.path())
            .args(["publish", "--org", org, "--out", "x"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    faro(dir.path())
        .args(["publish", "--org", "Nobody", "--out", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no organisation named `Nobody`"));
    faro(dir.path())
        .args(["publish", "--org", org, "--out", "small"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "holds 2 records, fewer than k = 11",
        ));
    faro(dir.path())
        .args(["publish", "--org", org, "--out", "none", "--year", "1990"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("holds 0 records"));
}

/// `faro` run under the usual umask 022, as a shell would start it.
#[cfg(unix)]
fn faro_under_umask_022(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new("sh");
    cmd.current_dir(dir)
        .args(["-c", "umask 022 && exec \"$0\" \"$@\""])
        .arg(assert_cmd::cargo::cargo_bin("faro"))
        .env_remove("FARO_DATABASE_URL")
        .env_remove("FARO_DATA_DIR")
        .env_remove("FARO_LANG")
        .env("LANG", "C.UTF-8")
        .env("FARO_LOG", "warn");
    cmd
}

/// Every file Faro writes that holds data (an export, a brief, an errors file, a release's
/// files and folder) is its owner's alone from its first byte, under the usual umask 022 and
/// over a file that was readable by all.
#[cfg(unix)]
#[test]
fn files_that_hold_data_are_private_under_umask_022() {
    use std::os::unix::fs::PermissionsExt;
    let dir = records_with_a_unique_person();
    let at = |name: &str| dir.path().join(name);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    std::fs::write(at("brief.html"), "readable by all").unwrap();
    std::fs::set_permissions(at("brief.html"), std::fs::Permissions::from_mode(0o644)).unwrap();
    write(
        dir.path(),
        "bad.csv",
        &format!("{HEADER}2016,Female,18--20,UA,RU\n=cmd,robot,,XX,YY\n"),
    );
    let org = "Default organisation";
    for (args, code) in [
        (vec!["export", "-o", "out.csv"], 0),
        (vec!["brief", "--org", org, "-o", "brief.html"], 0),
        // Some rows rejected, into the errors file.
        (
            vec!["import", "ctdc", "bad.csv", "--errors", "errors.csv"],
            3,
        ),
        (
            vec![
                "publish",
                "--org",
                org,
                "--out",
                "release",
                "--methods",
                "kanon",
            ],
            0,
        ),
    ] {
        let out = faro_under_umask_022(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for file in ["out.csv", "brief.html", "errors.csv"] {
        assert_eq!(mode(&at(file)), 0o600, "{file}");
    }
    assert_eq!(mode(&at("release")), 0o700);
    let files: Vec<_> = std::fs::read_dir(at("release"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files.len() >= 3, "{files:?}");
    for path in files {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}

/// A column without a name is named by its place, in the reader's language.
#[test]
fn an_unnamed_column_is_named_by_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "unnamed.csv",
        "yearOfRegistration,,gender,ageBroad,citizenship,CountryOfExploitation\n2016,x,Female,18--20,UA,RU\n",
    );
    faro(dir.path())
        .env("FARO_LANG", "es")
        .args(["import", "ctdc", "unnamed.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("(columna sin nombre 2)"));
}

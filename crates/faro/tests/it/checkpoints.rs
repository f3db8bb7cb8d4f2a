//! Automatic audit checkpoints: `faro serve` appends one when it starts, each hour and when it
//! stops, beside the data; plain `faro admin audit verify` checks the newest, so a chain set
//! back to an older genuine state of itself (its head row saved, entries cut, the head put
//! back) is named, which the MACs alone cannot show.

use super::cli::faro;
use super::crash::serve_with;
use faro_domain::AccessContext;
use faro_testkit::{TestDb, on_both_backends};
use predicates::prelude::*;

/// The folder `faro serve` keeps checkpoints in by default: the SQLite data folder, or the
/// key file's folder with PostgreSQL.
fn checkpoint_dir(db: &TestDb) -> std::path::PathBuf {
    let args = db.cli_args();
    let path = std::path::PathBuf::from(&args[1]);
    if args[0] == "--key-file" || args.get(2).is_some_and(|a| a == "--key-file") {
        std::path::PathBuf::from(&args[3])
            .parent()
            .unwrap()
            .to_path_buf()
    } else {
        path
    }
}

async fn a_chain_set_back_to_an_older_head_is_named_by_plain_verify(db: TestDb) {
    let store = db.store();
    let cli = AccessContext::instance().acting_as("cli");
    store
        .audit(&cli, "import", serde_json::json!({ "source_id": 1 }))
        .await
        .unwrap();
    let saved = db
        .text("SELECT seq || ' ' || mac || ' ' || tag FROM audit_heads WHERE chain = 'instance'")
        .await;
    for i in 2..4 {
        store
            .audit(&cli, "import", serde_json::json!({ "source_id": i }))
            .await
            .unwrap();
    }
    // The server runs and stops: a checkpoint is appended at each.
    let (server, _) = serve_with(&db, &[]);
    std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    server.wait_with_output().unwrap();
    let file = checkpoint_dir(&db).join(faro_store::CHECKPOINT_FILE);
    let lines = std::fs::read_to_string(&file).unwrap().lines().count();
    assert!(lines >= 1, "checkpoints written: {lines}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    faro(checkpoint_dir(&db).as_path())
        .args(db.cli_args())
        .args(["admin", "audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("since the newest checkpoint"));
    // The attack: the two entries cut, the saved head put back. Every MAC still holds.
    let parts: Vec<&str> = saved.split(' ').collect();
    db.execute(&format!(
        "DELETE FROM audit_log WHERE chain = 'instance' AND seq > {0}; \
         UPDATE audit_heads SET seq = {0}, mac = '{1}', tag = '{2}' WHERE chain = 'instance';",
        parts[0], parts[1], parts[2]
    ))
    .await;
    assert!(
        db.store().verify_audit().await.unwrap().is_ok(),
        "the keys alone see nothing"
    );
    faro(checkpoint_dir(&db).as_path())
        .args(db.cli_args())
        .args(["admin", "audit", "verify"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is missing"));
}

on_both_backends!(a_chain_set_back_to_an_older_head_is_named_by_plain_verify);

/// With PostgreSQL and the key in the environment there is no folder beside the data to
/// default to: the server refuses to start until one is given, and starts with it.
#[test]
fn postgres_with_the_key_in_the_environment_needs_a_checkpoint_folder() {
    let dir = tempfile::tempdir().unwrap();
    let key = faro_store::DataKey::generate().unwrap().to_hex();
    faro(dir.path())
        .env("FARO_DATA_KEY", &key)
        .args([
            "--database",
            "postgres://postgres@127.0.0.1:1/none",
            "serve",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[audit] checkpoint_dir"));
}

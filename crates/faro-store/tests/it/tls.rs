//! PostgreSQL over TLS: a cluster of the test's own that refuses plain connections, reached
//! with `sslmode=require` and with `sslmode=verify-full` against its certificate authority.

use faro_domain::AccessContext;
use faro_store::{DataKey, Location, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A PostgreSQL cluster in a temporary folder, TLS only, stopped when dropped.
struct TlsCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

/// Runs a PostgreSQL tool as the `postgres` user when the tests run as root (initdb refuses
/// root), as the current user otherwise.
fn as_postgres(program: &Path) -> Command {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(command: &mut Command, what: &str) {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl TlsCluster {
    fn start() -> TlsCluster {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's programs in /usr/lib/postgresql (scripts/test-setup.sh)")
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .find(|p| p.join("initdb").exists())
            .expect("initdb");
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // A certificate authority and a server certificate for 127.0.0.1.
        let p = |name: &str| dir.path().join(name).display().to_string();
        run(
            Command::new("openssl").args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=faro test CA",
                "-keyout",
                &p("ca.key"),
                "-out",
                &p("ca.pem"),
            ]),
            "the CA",
        );
        run(
            Command::new("openssl").args([
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                &p("server.key"),
                "-out",
                &p("server.csr"),
            ]),
            "the server key",
        );
        std::fs::write(dir.path().join("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
        run(
            Command::new("openssl").args([
                "x509",
                "-req",
                "-in",
                &p("server.csr"),
                "-CA",
                &p("ca.pem"),
                "-CAkey",
                &p("ca.key"),
                "-CAcreateserial",
                "-days",
                "1",
                "-extfile",
                &p("san.ext"),
                "-out",
                &p("server.pem"),
            ]),
            "the server certificate",
        );
        run(
            Command::new("chmod").args(["700", &dir.path().display().to_string()]),
            "chmod",
        );
        run(
            Command::new("chmod").args(["600", &p("server.key")]),
            "chmod key",
        );
        let _ = Command::new("chown")
            .args(["-R", "postgres:postgres", &dir.path().display().to_string()])
            .status();
        run(
            as_postgres(&bin.join("initdb")).args([
                "-D",
                &data.display().to_string(),
                "-A",
                "trust",
                "-U",
                "postgres",
            ]),
            "initdb",
        );
        std::fs::write(
            data.join("pg_hba.conf"),
            "hostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n",
        )
        .unwrap();
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
            dir.path().display(),
            p("server.pem"),
            p("server.key")
        );
        run(
            as_postgres(&bin.join("pg_ctl")).args([
                "-D",
                &data.display().to_string(),
                "-o",
                &options,
                "-l",
                &p("log"),
                "-w",
                "start",
            ]),
            "pg_ctl start",
        );
        TlsCluster { dir, bin, port }
    }

    fn url(&self, params: &str) -> Location {
        Location::Postgres(format!(
            "postgres://postgres@127.0.0.1:{}/postgres?{params}",
            self.port
        ))
    }
}

impl Drop for TlsCluster {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .args([
                "-D",
                &self.dir.path().join("data").display().to_string(),
                "-m",
                "immediate",
                "stop",
            ])
            .output();
    }
}

#[tokio::test]
async fn a_postgresql_that_requires_tls_is_reached_over_tls() {
    let cluster = TlsCluster::start();
    let plain = Store::open(&cluster.url("sslmode=disable")).await;
    assert!(plain.is_err(), "the cluster refuses plain connections");
    let ca = cluster.dir.path().join("ca.pem");
    for params in [
        "sslmode=require".to_string(),
        format!("sslmode=verify-full&sslrootcert={}", ca.display()),
    ] {
        let store = Store::open(&cluster.url(&params))
            .await
            .unwrap_or_else(|e| panic!("{params}: {e}"))
            .unlock(&DataKey::generate().unwrap())
            .await;
        // The first opening migrates and keys the database; later ones need the same key,
        // which this test does not keep: the second open only has to get that far over TLS.
        match store {
            Ok(store) => {
                assert_eq!(
                    store
                        .count_records(&AccessContext::instance())
                        .await
                        .unwrap(),
                    0
                );
                store.close().await;
            }
            Err(e) => assert!(
                matches!(e, faro_store::StoreError::WrongKey),
                "{params}: {e}"
            ),
        }
    }
}

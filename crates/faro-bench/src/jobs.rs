//! `--page-jobs`: background work started from the pages, measured on a real `faro serve`
//! process (the release binary beside this one) over SQLite: a CTDC upload of about a
//! gigabyte through the Data page's form (sent by `curl`, which streams it from disk) and its
//! import, then a release of a million records made from `/admin/releases`. The figure that
//! matters is the server's peak resident memory (`VmHWM`), read from `/proc` once the job has
//! ended.

use anyhow::{Context, bail};
use faro_domain::Role;
use faro_formats::ExportFormat;
use faro_formats::fictitious::{GenerateOptions, generate};
use faro_store::{Location, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EMAIL: &str = "bench-jobs@faro.invalid";
const PASSWORD: &str = "a long bench pass phrase";

/// Rows of about 247 bytes each that make a file of at least `bytes`.
fn rows_for(bytes: u64) -> u64 {
    bytes / 240 + 1
}

pub async fn measure(out: &Path, upload_bytes: u64, release_rows: u64) -> anyhow::Result<String> {
    let mut lines = vec!["## Background jobs from the pages (faro serve, SQLite)".to_string()];
    let file = out.join("upload.csv");
    if std::fs::metadata(&file).map_or(true, |m| m.len() < upload_bytes) {
        eprintln!("generating an upload of {upload_bytes} bytes…");
        write_ctdc(&file, rows_for(upload_bytes))?;
    }
    let size = std::fs::metadata(&file)?.len();
    let server = Server::start(&out.join("jobs-upload")).await?;
    let session = server.sign_in().await?;
    let started = Instant::now();
    let sampler = Sampler::start(server.child.id());
    let job = server.upload(&session, &file)?;
    let uploaded = started.elapsed().as_secs_f64();
    let page = server.until_ended(&session, &job).await?;
    let total = started.elapsed().as_secs_f64();
    let peak = server.peak_mb();
    let (anon, file_backed) = sampler.stop().await;
    server.stop();
    if !page.contains("imported") {
        bail!("the import did not end well:\n{page}");
    }
    lines.push(format!(
        "upload of {size} bytes through the Data page: sent in {uploaded:.1} s, imported after {total:.1} s; server peak memory {peak:.0} MB (target: under 200 MB), of which at most {anon:.0} MB the process's own and {file_backed:.0} MB the database file's pages (SQLite's page cache and memory map)"
    ));

    let server = Server::start(&out.join("jobs-release")).await?;
    let data = out.join(format!("release-{release_rows}.csv"));
    if !data.exists() {
        write_ctdc(&data, release_rows)?;
    }
    server.import(&data).await?;
    let session = server.sign_in().await?;
    let before = server.peak_mb();
    let started = Instant::now();
    let sampler = Sampler::start(server.child.id());
    let job = server.make_release(&session).await?;
    let page = server.until_ended(&session, &job).await?;
    let secs = started.elapsed().as_secs_f64();
    let peak = server.peak_mb();
    let (anon, file_backed) = sampler.stop().await;
    server.stop();
    if !page.contains("/admin/releases\"") || page.contains("role=\"alert\"") {
        bail!("the release did not end well:\n{page}");
    }
    lines.push(format!(
        "release of {release_rows} records from /admin/releases (k-anonymous, synthetic, DP tables): {secs:.1} s; server peak memory {before:.0} MB before, {peak:.0} MB after (target: under 1,000 MB), of which at most {anon:.0} MB the process's own and {file_backed:.0} MB the database file's pages"
    ));
    Ok(lines.join("\n"))
}

/// The largest anonymous and file-backed resident memory of a process seen while it works,
/// read from `/proc` every 50 ms (`VmHWM` holds only their largest sum).
struct Sampler {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<(f64, f64)>,
}

impl Sampler {
    fn start(pid: u32) -> Sampler {
        let (stop, mut stopped) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(async move {
            let (mut anon, mut file) = (0f64, 0f64);
            loop {
                if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
                    let mb = |name: &str| {
                        status
                            .lines()
                            .find(|l| l.starts_with(name))
                            .and_then(|l| l.split_whitespace().nth(1))
                            .and_then(|kb| kb.parse::<f64>().ok())
                            .map_or(0.0, |kb| kb / 1024.0)
                    };
                    anon = anon.max(mb("RssAnon:"));
                    file = file.max(mb("RssFile:") + mb("RssShmem:"));
                }
                tokio::select! {
                    _ = &mut stopped => return (anon, file),
                    _ = tokio::time::sleep(Duration::from_millis(50)) => {}
                }
            }
        });
        Sampler { stop, task }
    }

    async fn stop(self) -> (f64, f64) {
        let _ = self.stop.send(());
        self.task.await.unwrap_or((f64::NAN, f64::NAN))
    }
}

fn write_ctdc(path: &Path, rows: u64) -> anyhow::Result<()> {
    let file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    generate(
        file,
        &GenerateOptions {
            rows,
            seed: 7,
            dirty: 0.0,
            format: ExportFormat::CsvA,
        },
    )?;
    Ok(())
}

/// A `faro serve` process over a fresh SQLite folder.
struct Server {
    child: Child,
    base: String,
    dir: std::path::PathBuf,
    http: reqwest::Client,
}

impl Server {
    async fn start(dir: &Path) -> anyhow::Result<Server> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let key = faro_store::DataKey::generate().map_err(|e| anyhow::anyhow!("no key: {e}"))?;
        let key_file = dir.join("faro.key");
        std::fs::write(&key_file, key.to_hex())?;
        std::fs::set_permissions(
            &key_file,
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )?;
        let store = Store::open(&Location::Sqlite(dir.join("faro.db")))
            .await?
            .unlock(&key)
            .await?;
        crate::intake::staff_user(&store, EMAIL, PASSWORD, Role::Admin).await?;
        store.close().await;
        let config = dir.join("faro.toml");
        std::fs::write(&config, "[import]\nupload_max_megabytes = 1024\n")?;
        let faro = std::env::current_exe()?
            .parent()
            .context("no folder")?
            .join("faro");
        let mut child = Command::new(&faro)
            .arg("--config")
            .arg(&config)
            .args(["--data-dir"])
            .arg(dir)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("FARO_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| {
                format!(
                    "cannot start `{}` (build it with --release)",
                    faro.display()
                )
            })?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("no stdout")?).read_line(&mut line)?;
        let base = line
            .split_once("http://")
            .map(|(_, rest)| format!("http://{}", rest.trim().trim_end_matches('/')))
            .context("the server did not start")?;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Server {
            child,
            base,
            dir: dir.to_path_buf(),
            http,
        })
    }

    /// The server's peak resident memory so far, in MB.
    fn peak_mb(&self) -> f64 {
        crate::publish::peak_mb_of(&self.child.id().to_string())
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Imports `file` with `faro import` into the server's database (for the release).
    async fn import(&self, file: &Path) -> anyhow::Result<()> {
        let faro = std::env::current_exe()?
            .parent()
            .context("no folder")?
            .join("faro");
        let status = Command::new(faro)
            .arg("--data-dir")
            .arg(&self.dir)
            .args(["import", "ctdc"])
            .arg(file)
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            bail!("faro import failed");
        }
        Ok(())
    }

    /// A signed-in admin's cookie.
    async fn sign_in(&self) -> anyhow::Result<String> {
        let (cookie, token) = crate::intake::sign_in_form(&self.http, &self.base)
            .await
            .context("no sign-in form")?;
        let reply = self
            .http
            .post(format!("{}/sign-in", self.base))
            .header("cookie", &cookie)
            .form(&[
                ("csrf", token.as_str()),
                ("email", EMAIL),
                ("password", PASSWORD),
            ])
            .send()
            .await?;
        let session = reply
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("faro_session="))
            .and_then(|c| c.split(';').next())
            .context("not signed in")?;
        Ok(session.to_string())
    }

    async fn csrf(&self, session: &str, path: &str) -> anyhow::Result<String> {
        let page = self.get(session, path).await?;
        let marker = "name=\"csrf\" value=\"";
        let start = page.find(marker).context("no form")? + marker.len();
        Ok(page[start..start + page[start..].find('"').context("no token")?].to_string())
    }

    async fn get(&self, session: &str, path: &str) -> anyhow::Result<String> {
        Ok(self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", session)
            .send()
            .await?
            .text()
            .await?)
    }

    /// Sends `file` through the Data page's form with curl (streamed from disk, as a
    /// browser sends it); the job page's path.
    fn upload(&self, session: &str, file: &Path) -> anyhow::Result<String> {
        let token = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(self.csrf(session, "/sources"))
        })?;
        let out = Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{redirect_url}",
            ])
            .args(["-H", &format!("Cookie: {session}")])
            .args(["-F", &format!("csrf={token}"), "-F", "layout=auto"])
            .arg("-F")
            .arg(format!("file=@{};type=text/csv", file.display()))
            .arg(format!("{}/sources/import", self.base))
            .output()
            .context("curl is needed to send the upload")?;
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        let (status, location) = said.split_once(' ').unwrap_or((&said, ""));
        if status != "303" {
            bail!("the upload was answered {said}");
        }
        Ok(location.trim_start_matches(&self.base).to_string())
    }

    async fn make_release(&self, session: &str) -> anyhow::Result<String> {
        let token = self.csrf(session, "/admin/releases").await?;
        let reply = self
            .http
            .post(format!("{}/admin/releases/new", self.base))
            .header("cookie", session)
            .form(&[
                ("csrf", token.as_str()),
                ("k", "10"),
                ("epsilon", "1"),
                ("kanon", "on"),
                ("synthetic", "on"),
                ("dp", "on"),
                ("filters", ""),
            ])
            .send()
            .await?;
        let location = reply
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .with_context(|| format!("the release was answered {}", reply.status()))?;
        Ok(location.to_string())
    }

    async fn until_ended(&self, session: &str, job: &str) -> anyhow::Result<String> {
        let start = Instant::now();
        loop {
            let page = self.get(session, job).await?;
            if !page.contains("http-equiv=\"refresh\"") {
                return Ok(page);
            }
            if start.elapsed() > Duration::from_secs(3600) {
                bail!("the job at {job} did not end in an hour");
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

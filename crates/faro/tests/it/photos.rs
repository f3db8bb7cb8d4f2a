//! Hostile photos against a running server: many anonymous reports at once, each with three
//! 40-megapixel PNGs of a few hundred kilobytes, once took the server past its memory. Now
//! it stays up within its decoding budget and answers every request, a report or a 503 that
//! says when to come back.

use super::crash::serve_with;
use faro_testkit::TestDb;
use image::ImageEncoder;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Reports sent at once (the figure).
const REPORTS: usize = 50;
/// The server's peak resident memory must stay below this.
const CEILING_MB: u64 = 600;

/// A PNG of 6,400 × 6,250 RGBA pixels (40 megapixels, 160 MB decoded) that compresses to a
/// few hundred kilobytes.
fn hostile_png() -> Vec<u8> {
    let (w, h) = (6_400u32, 6_250u32);
    let pixels = vec![0u8; (w * h * 4) as usize];
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&pixels, w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    png
}

/// One report with three copies of `png`; the reply's status line and headers.
fn post_report(addr: &str, token: &str, n: usize, png: &[u8]) -> String {
    let boundary = "photos-boundary";
    let mut body = Vec::new();
    let nonce = format!("{:032x}", n as u128 * 104_729 + 3);
    for (k, v) in [
        ("csrf", token),
        ("nonce", &nonce),
        ("what", "three large pictures"),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for _ in 0..3 {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(png);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(300)))
        .unwrap();
    write!(
        stream,
        "POST /report HTTP/1.1\r\nHost: {addr}\r\nCookie: faro_form={token}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body).unwrap();
    let mut reply = Vec::new();
    // A reply cut short (the server gone) reads as empty: the assertion below names it.
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    reply[..reply.find("\r\n\r\n").unwrap_or(reply.len())].to_lowercase()
}

/// The process's peak resident memory so far, in MB (Linux's `VmHWM`).
fn peak_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap();
    kb / 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_reports_of_huge_pictures_at_once_stay_within_memory_and_are_all_answered() {
    let db = TestDb::sqlite().await;
    let (mut server, addr) = serve_with(&db, &[]);
    let png = std::sync::Arc::new(hostile_png());
    assert!(
        png.len() < 1 << 20,
        "the attack is small: {} bytes",
        png.len()
    );
    let form = super::process::http(&addr, "GET", "/report?danger=no", "", "");
    let token = super::process::set_cookie(&form, "faro_form").to_string();
    let senders: Vec<_> = (0..REPORTS)
        .map(|n| {
            let (addr, token, png) = (addr.clone(), token.clone(), png.clone());
            std::thread::spawn(move || post_report(&addr, &token, n, &png))
        })
        .collect();
    let replies: Vec<String> = senders.into_iter().map(|s| s.join().unwrap()).collect();
    let peak = peak_mb(server.id());
    let stored = replies
        .iter()
        .filter(|r| r.starts_with("http/1.1 200"))
        .count();
    let busy = replies
        .iter()
        .filter(|r| r.starts_with("http/1.1 503") && r.contains("retry-after:"))
        .count();
    eprintln!(
        "{REPORTS} reports of three 40-MP PNGs of {} bytes: {stored} stored, {busy} asked to come back, peak {peak} MB",
        png.len()
    );
    assert_eq!(
        stored + busy,
        REPORTS,
        "every request is answered, a report or come back: {replies:?}"
    );
    assert!(stored >= 1, "some reports went through: {replies:?}");
    assert!(peak < CEILING_MB, "peak memory {peak} MB");
    let after = super::process::http(&addr, "GET", "/", "", "");
    assert!(after.starts_with("HTTP/1.1 200"), "the server is up");
    server.kill().unwrap();
    server.wait().unwrap();
}

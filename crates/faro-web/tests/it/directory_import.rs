//! The directory imported from a page, without JavaScript: an admin uploads an HSDS feed
//! page, a background job imports what is valid and its page ends with the summary and the
//! row-level errors CSV; a file that is not HSDS, an empty file and an unknown audience are
//! refused in words; staff who do not administer the organisation cannot import.

use super::app::{Browser, TestApp, member_of, multipart_named, post_multipart};
use faro_domain::{AccessContext, Role};
use faro_store::{DEFAULT_ORGANISATION, DirectoryQuery, DirectoryReader};
use faro_testkit::{TestDb, on_both_backends};
use serde_json::json;

/// An HSDS feed page of `good` fictitious services and one without a name.
fn feed(good: usize) -> Vec<u8> {
    let mut services: Vec<_> = faro_hsds::fictitious::services(good, 7).collect();
    let mut nameless = services[0].clone();
    nameless["id"] = json!("00000000-0000-4000-8000-000000009999");
    nameless.as_object_mut().unwrap().remove("name");
    services.push(nameless);
    let total = services.len();
    serde_json::to_vec(&faro_hsds::write::page(services, total, 1, 1)).unwrap()
}

async fn upload(b: &mut Browser<'_>, audience: &str, file: &[u8]) -> super::app::Reply {
    b.get("/directory/import").await;
    let csrf = b.csrf.clone();
    let body = multipart_named(
        &[("csrf", &csrf), ("audience", audience)],
        &[("file", "services.json", file)],
    );
    post_multipart(b, "/directory/import", body).await
}

/// The job's page once it has ended (it refreshes itself until then).
async fn ended(b: &mut Browser<'_>, at: &str) -> super::app::Reply {
    for _ in 0..100 {
        let page = b.get(at).await;
        if !page.body.contains("http-equiv=\"refresh\"") {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import at {at} did not end");
}

async fn an_admin_imports_the_directory_from_a_page(db: TestDb) {
    let app = TestApp::new(db).await;
    let (mut admin, _) = member_of(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    assert!(
        admin
            .get("/directory")
            .await
            .body
            .contains("id=\"import-link\"")
    );
    let sent = upload(&mut admin, "partners", &feed(4)).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let at = sent.headers["location"].to_str().unwrap().to_string();
    let page = ended(&mut admin, &at).await;
    assert!(
        page.body.contains("4 added") && page.body.contains("1 refused"),
        "{}",
        page.body
    );
    let csv = admin.get(&format!("{at}/errors.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.contains("services.json,,5,") && csv.body.contains("lacks `name`"),
        "the nameless service, in the file as it was sent: {}",
        csv.body
    );
    assert!(!csv.body.contains("/tmp"), "no path of the server's");
    let listed = app
        .db
        .store()
        .directory_services(
            &AccessContext::member(DEFAULT_ORGANISATION, Role::Admin),
            DirectoryReader::Owner(DEFAULT_ORGANISATION),
            &DirectoryQuery::default(),
        )
        .await
        .unwrap();
    assert_eq!(listed.total, 4);
    // Again, unchanged: nothing added.
    let again = upload(&mut admin, "partners", &feed(4)).await;
    let at = again.headers["location"].to_str().unwrap().to_string();
    assert!(ended(&mut admin, &at).await.body.contains("4 unchanged"));

    // Refusals in words; nothing queued for them.
    let not_hsds = upload(&mut admin, "partners", b"name,city\nRefugio,Madrid\n").await;
    let at = not_hsds.headers["location"].to_str().unwrap().to_string();
    let failed = ended(&mut admin, &at).await;
    assert!(
        failed.body.contains("could not be read as an HSDS"),
        "{}",
        failed.body
    );
    let empty = upload(&mut admin, "partners", b"").await;
    assert_eq!(empty.status, 422);
    let odd = upload(&mut admin, "everyone", &feed(1)).await;
    assert_eq!(odd.status, 422);
    assert!(
        odd.body.contains("public, partners or confidential"),
        "{}",
        odd.body
    );

    // A case worker does not administer the organisation's entries.
    let (mut worker, _) = member_of(&app, DEFAULT_ORGANISATION, Role::Caseworker).await;
    assert!(
        !worker
            .get("/directory")
            .await
            .body
            .contains("id=\"import-link\"")
    );
    assert_eq!(worker.get("/directory/import").await.status, 403);
}

/// `n` fictitious services as a tabular package zipped, as an admin exports a folder.
fn zipped_package(n: usize) -> Vec<u8> {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut package = faro_hsds::write::Package::new(dir.path()).unwrap();
    for service in faro_hsds::fictitious::services(n, 11) {
        package.push(&service).unwrap();
    }
    package.finish().unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let path = file.unwrap().path();
        let name = format!("directory/{}", path.file_name().unwrap().to_string_lossy());
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

async fn a_tabular_package_is_imported_as_one_zip_file(db: TestDb) {
    let app = TestApp::new(db).await;
    let (mut admin, _) = member_of(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    let sent = upload(&mut admin, "partners", &zipped_package(6)).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let at = sent.headers["location"].to_str().unwrap().to_string();
    let page = ended(&mut admin, &at).await;
    assert!(page.body.contains("6 added"), "{}", page.body);
    // A ZIP that climbs out of its folder is refused whole, in words.
    let mut hostile = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    hostile
        .start_file(
            "../../service.csv",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    let hostile = hostile.finish().unwrap().into_inner();
    let sent = upload(&mut admin, "partners", &hostile).await;
    let at = sent.headers["location"].to_str().unwrap().to_string();
    let failed = ended(&mut admin, &at).await;
    assert!(
        failed.body.contains("outside the package"),
        "{}",
        failed.body
    );
}

on_both_backends!(
    an_admin_imports_the_directory_from_a_page,
    a_tabular_package_is_imported_as_one_zip_file,
);

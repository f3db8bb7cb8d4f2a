//! `faro triage FILE.jsonl`: one JSON line out per text in, in the issue's shape; bad lines named
//! with their number and skipped (exit 3); nothing else refused but the command line itself.

use crate::cli::faro;
use predicates::str::contains;
use serde_json::Value;

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn each_text_gets_one_line_in_the_shape_the_issue_gives() {
    let dir = tempfile::tempdir().unwrap();
    let input = [
        r#"{"id": "a1", "text": "They took her passport and she cannot leave the farm. Call Maria Lopez on +34 612 345 678, she is in Almería."}"#,
        r#"{"id": 2, "text": "Mi jefe no me paga las horas extra. Tengo mis papeles y puedo irme cuando quiera."}"#,
    ]
    .join("\n");
    std::fs::write(dir.path().join("in.jsonl"), input).unwrap();
    let out = faro(dir.path())
        .args(["triage", "in.jsonl"])
        .assert()
        .success();
    let got = lines(&out.get_output().stdout);
    assert_eq!(got.len(), 2);
    let first = &got[0];
    assert_eq!(first["id"], "a1");
    assert_eq!(first["language"], "en");
    assert_eq!(first["trafficking"]["likely"], true);
    let score = first["trafficking"]["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    for key in ["exploitation", "labour", "means", "pii", "places"] {
        assert!(first[key].is_array(), "{key}");
    }
    assert!(
        first["means"]
            .as_array()
            .unwrap()
            .contains(&"withholds_documents".into())
    );
    let phone = first["pii"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "phone")
        .unwrap();
    assert_eq!(phone["text"], "+34 612 345 678");
    let text: Vec<char> = "They took her passport and she cannot leave the farm. Call Maria Lopez on +34 612 345 678, she is in Almería.".chars().collect();
    let (start, end) = (
        phone["start"].as_u64().unwrap() as usize,
        phone["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        text[start..end].iter().collect::<String>(),
        "+34 612 345 678"
    );
    let place = &first["places"][0];
    assert_eq!(
        (place["text"].as_str(), place["country"].as_str()),
        (Some("Almería"), Some("ES"))
    );
    assert!(place["lat"].is_f64() && place["lon"].is_f64());
    assert_eq!(first["urgent"], false);
    assert_eq!(got[1]["id"], 2);
    assert_eq!(got[1]["language"], "es");
    assert_eq!(got[1]["trafficking"]["likely"], false);
}

#[test]
fn bad_lines_are_named_and_skipped_and_the_rest_is_triaged() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(
        r#"{{"id": 4, "text": "{}"}}"#,
        "a".repeat(faro_triage::MAX_CHARS + 1)
    );
    let input = [
        "not json",
        r#"{"id": 2}"#,
        "",
        r#"{"id": 3, "text": "<script>alert(1)</script> 😀😀😀 \u0000"}"#,
        &long,
    ]
    .join("\n");
    std::fs::write(dir.path().join("in.jsonl"), input).unwrap();
    let out = faro(dir.path())
        .args(["triage", "in.jsonl"])
        .assert()
        .code(3)
        .stderr(contains("line 1 skipped"))
        .stderr(contains(
            "line 2 skipped: not a JSON object with an `id` and a `text` (missing field `text`",
        ))
        .stderr(contains(
            "line 5 skipped: the text has 100001 characters; triage reads at most 100000",
        ))
        .stderr(contains("texts triaged: 1; skipped: 3"));
    let got = lines(&out.get_output().stdout);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["id"], 3);
}

#[test]
fn standard_input_a_hint_and_the_reader_s_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = faro(dir.path())
        .args(["triage", "-", "--lang-hint", "fr"])
        .write_stdin(r#"{"id": 1, "text": "ok merci"}"#)
        .assert()
        .success();
    assert_eq!(lines(&out.get_output().stdout)[0]["language"], "fr");
    faro(dir.path())
        .args(["--lang", "es", "triage", "-", "--lang-hint", "de"])
        .assert()
        .code(2)
        .stderr(contains("--lang-hint admite en, es o fr, no `de`"));
    faro(dir.path())
        .args(["--lang", "fr", "triage", "absent.jsonl"])
        .assert()
        .code(1)
        .stderr(contains("impossible de lire `absent.jsonl`"));
}

/// `--org NAME` reads with the organisation's own model when it has one: the same text scores
/// otherwise than with the shipped model; an unknown organisation is a usage error.
async fn an_organisation_s_own_model_reads_with_org(db: faro_testkit::TestDb) {
    let org = faro_store::DEFAULT_ORGANISATION;
    let admin = faro_domain::AccessContext::member(org, faro_domain::Role::Admin);
    let own = faro_triage::Engine::example(
        "lol test",
        faro_triage::Language::En,
        vec!["trafficking".into()],
        50.0,
    )
    .unwrap();
    let model = faro_triage::Engine::retrained(&[], &[own]);
    db.store()
        .save_triage_training(&admin, org, 1, Some((&model.write(), "{}")))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.jsonl"),
        r#"{"id": 1, "text": "lol test"}"#,
    )
    .unwrap();
    let score = |args: &[&str]| {
        let out = faro(dir.path())
            .args(db.cli_args())
            .args(["triage", "in.jsonl"])
            .args(args)
            .assert()
            .success();
        lines(&out.get_output().stdout)[0]["trafficking"]["score"]
            .as_f64()
            .unwrap()
    };
    let (shipped, own) = (score(&[]), score(&["--org", "Default organisation"]));
    assert!(shipped < 0.5 && own > 0.5, "shipped {shipped}, own {own}");
    faro(dir.path())
        .args(db.cli_args())
        .args(["triage", "in.jsonl", "--org", "Nobody"])
        .assert()
        .code(2)
        .stderr(contains("Nobody"));
}
faro_testkit::on_both_backends!(an_organisation_s_own_model_reads_with_org);

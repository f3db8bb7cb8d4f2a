//! The engine as callers meet it: each part in each language on texts written for these tests
//! (not from the labelled set), and hostile input answered or refused, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

use faro_domain::vocab::{Exploitation, Labour, MeansDetail, Vocabulary};
use faro_triage::model::LABELS;
use faro_triage::{Engine, Input, Kind, Language, MAX_CHARS, Triage, TriageError};

fn triage(text: &str) -> Triage {
    Engine::shipped()
        .unwrap()
        .triage(&Input {
            text,
            ..Input::default()
        })
        .unwrap()
}

fn codes(t: &Triage) -> Vec<&str> {
    t.exploitation
        .iter()
        .chain(&t.labour)
        .chain(&t.means)
        .map(|f| f.code.as_str())
        .collect()
}

fn pii(t: &Triage, text: &str, kind: Kind) -> Vec<String> {
    t.pii
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| text.chars().skip(p.start).take(p.end - p.start).collect())
        .collect()
}

#[test]
fn every_label_is_a_code_of_the_vocabularies() {
    for label in LABELS.iter().skip(1) {
        let (section, code) = label.split_once(':').unwrap();
        let known = match section {
            "exploitation" => Exploitation::from_code(code).is_some(),
            "labour" => Labour::from_code(code).is_some(),
            "means" => MeansDetail::from_code(code).is_some(),
            _ => false,
        };
        assert!(known, "{label} is not a vocabulary code");
    }
    assert_eq!(
        LABELS.iter().filter(|l| l.starts_with("means:")).count(),
        16,
        "the 16 means_detail codes other than other and not_specified"
    );
}

#[test]
fn a_domestic_servitude_report_is_read_in_each_language() {
    for (lang, text) in [
        (
            Language::En,
            "The family upstairs keeps a young maid from Manila. They took her passport, she works from 6am until midnight and is never allowed out alone.",
        ),
        (
            Language::Es,
            "La familia de arriba tiene una empleada interna de Honduras. Le quitaron el pasaporte, trabaja de seis de la mañana hasta medianoche y no la dejan salir sola.",
        ),
        (
            Language::Fr,
            "La famille du dessus a une bonne venue du Cameroun. Ils ont pris son passeport, elle travaille de 6 h à minuit et n'a pas le droit de sortir seule.",
        ),
    ] {
        let t = triage(text);
        assert_eq!(t.language, lang, "{text}");
        assert!(t.trafficking.likely, "{lang:?}: {}", t.trafficking.score);
        let found = codes(&t);
        for code in [
            "forced_labour",
            "domestic_work",
            "withholds_documents",
            "restricts_movement",
        ] {
            assert!(found.contains(&code), "{lang:?}: {code} not in {found:?}");
        }
        let documents = t
            .means
            .iter()
            .find(|f| f.code == "withholds_documents")
            .unwrap();
        let supported: String = documents
            .evidence
            .iter()
            .map(|e| {
                text.chars()
                    .skip(e.start)
                    .take(e.end - e.start)
                    .collect::<String>()
            })
            .collect();
        assert!(
            supported.to_lowercase().contains("pas"),
            "{lang:?}: evidence {supported:?}"
        );
        assert!(!t.trafficking.evidence.is_empty());
    }
}

#[test]
fn hard_negatives_are_kept_out_in_each_language() {
    for text in [
        "My manager hasn't paid my overtime. I have my contract and my passport and I can leave whenever I want. Can I go to a tribunal?",
        "Mi hermano le pagó a un coyote para cruzar la frontera. Ya está con mi tía y nadie lo obliga a nada. ¿Cómo pide asilo?",
        "J'ai reçu un SMS qui dit que j'ai gagné un iPhone, il faut payer 2 € de frais. C'est une arnaque ?",
        "lol this is a test, send pizza",
    ] {
        let t = triage(text);
        assert!(!t.trafficking.likely, "{text}: {}", t.trafficking.score);
        assert!(codes(&t).is_empty() && !t.urgent.likely, "{text}");
    }
}

#[test]
fn sexual_exploitation_of_a_minor_is_urgent_in_each_language() {
    for text in [
        "A 15 year old girl is kept in a flat and made to see clients every night. The man took her phone.",
        "Una niña de 15 años está encerrada en un piso y la obligan a atender clientes cada noche.",
        "Une fille de 15 ans est enfermée dans un appartement et doit recevoir des clients chaque nuit.",
    ] {
        let t = triage(text);
        assert!(t.trafficking.likely, "{text}");
        assert!(
            codes(&t).contains(&"sexual_exploitation"),
            "{text}: {:?}",
            codes(&t)
        );
        assert!(t.urgent.likely, "{text}");
        assert!(!t.urgent.evidence.is_empty());
    }
}

#[test]
fn personal_data_is_found_with_its_kind_and_span_in_each_language() {
    let text = "Call Maria Lopez on +34 612 345 678 or write to maria.l@example.org. Her Instagram is @maria_lp. He drives a van 4821 JKL. DNI 48392017V. She lives at 12 Elm Court.";
    let t = triage(text);
    assert_eq!(pii(&t, text, Kind::Name), ["Maria Lopez"]);
    assert_eq!(pii(&t, text, Kind::Phone), ["+34 612 345 678"]);
    assert_eq!(pii(&t, text, Kind::Email), ["maria.l@example.org"]);
    assert_eq!(pii(&t, text, Kind::Handle), ["@maria_lp"]);
    assert_eq!(pii(&t, text, Kind::Plate), ["4821 JKL"]);
    assert_eq!(pii(&t, text, Kind::IdNumber), ["48392017V"]);
    assert_eq!(pii(&t, text, Kind::Address), ["12 Elm Court"]);

    let text = "Se llama Rosa Quispe, vive en la calle Mayor 7 y su NIE es X4829103T. Teléfono 655 203 118.";
    let t = triage(text);
    assert_eq!(pii(&t, text, Kind::Name), ["Rosa Quispe"]);
    assert_eq!(pii(&t, text, Kind::Address), ["calle Mayor 7"]);
    assert_eq!(pii(&t, text, Kind::IdNumber), ["X4829103T"]);
    assert_eq!(pii(&t, text, Kind::Phone), ["655 203 118"]);

    let text = "Elle s'appelle Awa Diop, 7 rue des Lilas, tél 06 12 34 56 78, voiture AB-123-CD, NIR 2 85 03 75 056 234 89.";
    let t = triage(text);
    assert_eq!(pii(&t, text, Kind::Name), ["Awa Diop"]);
    assert_eq!(pii(&t, text, Kind::Address), ["7 rue des Lilas"]);
    assert_eq!(pii(&t, text, Kind::Phone), ["06 12 34 56 78"]);
    assert_eq!(pii(&t, text, Kind::Plate), ["AB-123-CD"]);
    assert_eq!(pii(&t, text, Kind::IdNumber), ["2 85 03 75 056 234 89"]);
}

#[test]
fn a_wrong_check_digit_is_no_document_number_unless_the_words_say_so() {
    let text = "Invoice 48392017A, parcel X4829103A";
    assert!(pii(&triage(text), text, Kind::IdNumber).is_empty());
    // Named as a document, a mistyped number is still one to mask.
    let text = "Su DNI es 48392017A";
    assert_eq!(pii(&triage(text), text, Kind::IdNumber), ["48392017A"]);
}

#[test]
fn the_redacted_text_keeps_everything_but_the_personal_data() {
    let text = "Ask for Maria Lopez at 07700 900123 ✓";
    let t = triage(text);
    assert_eq!(t.redact(text), "Ask for [name] at [phone] ✓");
}

#[test]
fn personal_data_alone_is_what_a_triage_finds_and_is_kept_normalised_once_each() {
    let texts = [
        "Ask for Maria Lopez at 07700 900123, or maria.lopez@example.org, or 07700-900-123.",
        "Llame a Carmen Ruiz al +34 612 345 678; su DNI es 48392017V y la matrícula 1234 BCD.",
        "Contactez Amina Diallo sur Instagram @amina_d ou au 06 12 34 56 78.",
    ];
    for text in texts {
        let input = Input {
            text,
            ..Input::default()
        };
        let t = triage(text);
        assert_eq!(Engine::personal_data(&input).unwrap(), t.pii, "{text}");
        assert_eq!(faro_triage::engine::redact(text, &t.pii), t.redact(text));
    }
    let text = texts[0];
    let findings = triage(text).findings(text);
    assert_eq!(
        findings,
        [
            (Kind::Name, "maria lopez".to_string()),
            (Kind::Phone, "07700900123".to_string()),
            (Kind::Email, "maria.lopez@example.org".to_string()),
        ],
        "the phone written twice is one finding"
    );
}

#[test]
fn places_are_resolved_by_the_other_places_and_the_language() {
    let t = triage(
        "Trabajaba en una finca cerca de Córdoba, en España, y luego la llevaron a Sevilla.",
    );
    let countries: Vec<&str> = t.places.iter().map(|p| p.country.alpha2()).collect();
    assert_eq!(countries, ["ES", "ES", "ES"]);
    let t = triage("Il a été emmené de Bamako à Abidjan, puis au Maroc.");
    let countries: Vec<&str> = t.places.iter().map(|p| p.country.alpha2()).collect();
    assert_eq!(countries, ["ML", "CI", "MA"]);
    let t = triage("She was moved from Córdoba to Buenos Aires.");
    assert!(
        t.places.iter().all(|p| p.country.alpha2() == "AR"),
        "{:?}",
        t.places
    );
}

#[test]
fn a_shared_name_goes_to_the_languages_first_country_unless_elsewhere_is_far_larger() {
    let countries = |text: &str| -> Vec<&'static str> {
        triage(text)
            .places
            .iter()
            .map(|p| p.country.alpha2())
            .collect()
    };
    // Valencia in Venezuela is twice the size of Valencia in Spain; Orléans in Canada is
    // larger than Orléans in France.
    assert_eq!(
        countries("Estoy en un piso en Valencia y no me dejan salir."),
        ["ES"]
    );
    assert_eq!(
        countries("Il travaille dans un entrepôt à Orléans sans être payé."),
        ["FR"]
    );
    // Guadalajara in Mexico is fifteen times the one in Spain.
    assert_eq!(
        countries("La tienen encerrada en un piso en Guadalajara."),
        ["MX"]
    );
    // Tijuana lists "Zaragoza" among its other names; the city called so is in Spain.
    assert_eq!(countries("No me pagan en el almacén de Zaragoza."), ["ES"]);
    // A name that is someone's and only another name of a city is not a place, even after
    // a preposition ("Mei": Meizhou); the five words of a city's own name are one place.
    assert!(countries("On a dit à Mei que son visa serait annulé.").is_empty());
    let text = "Cortan caña cerca de Santa Cruz de la Sierra.";
    let t = triage(text);
    let found: Vec<String> = t
        .places
        .iter()
        .map(|p| text.chars().skip(p.start).take(p.end - p.start).collect())
        .collect();
    assert_eq!(found, ["Santa Cruz de la Sierra"]);
}

#[test]
fn a_word_capitalised_for_another_reason_is_no_town_but_a_great_city_still_is() {
    let places = |text: &str| -> Vec<String> {
        let t = triage(text);
        t.places
            .iter()
            .map(|p| text.chars().skip(p.start).take(p.end - p.start).collect())
            .collect()
    };
    // Sentence starts, and the start of a sentence capitalises every word.
    assert!(places("The boss took my pay. Can I get it back?").is_empty());
    assert!(places("Me quitaron el pasaporte. Nada más llegar me encerraron.").is_empty());
    assert!(places("Ils ont pris nos papiers. Les filles ne sortent jamais.").is_empty());
    // A writer who capitalises sentences does not write a town in lower case.
    assert!(places("Trabajo para un hombre que no me paga.").is_empty());
    // A great city starting a sentence, or named after a preposition, is still a place.
    assert_eq!(
        places("They took her passport. London is where she works now."),
        ["London"]
    );
    assert_eq!(
        places("Trabajé en una panadería de Rosario sin contrato."),
        ["Rosario"]
    );
    // A writer who capitalises nothing still names places.
    assert_eq!(
        places("estoy en un piso en madrid y no me dejan salir"),
        ["madrid"]
    );
}

#[test]
fn a_report_country_decides_an_ambiguous_place() {
    let engine = Engine::shipped().unwrap();
    let text = "They work in greenhouses outside Valencia.";
    let spain = faro_domain::Country::from_alpha2("ES");
    let t = engine
        .triage(&Input {
            text,
            country: spain,
            ..Input::default()
        })
        .unwrap();
    assert_eq!(t.places[0].country, spain.unwrap());
}

#[test]
fn hostile_input_is_answered_or_refused() {
    let engine = Engine::shipped().unwrap();
    let emoji = "😀".repeat(5_000);
    let html = "<script>alert('x')</script><b>Le quitaron el pasaporte</b>".repeat(50);
    let control = "a\u{0}b\u{7}c\u{202e}d\u{feff}e\r\n\t".repeat(200);
    let mixed = "Он забрал паспорт 他拿走了护照 أخذ جواز السفر took the passport";
    for text in [
        "",
        " ",
        emoji.as_str(),
        html.as_str(),
        control.as_str(),
        mixed,
    ] {
        let t = engine
            .triage(&Input {
                text,
                ..Input::default()
            })
            .unwrap();
        let chars = text.chars().count();
        assert!(t.pii.iter().all(|p| p.start < p.end && p.end <= chars));
        assert!(t.places.iter().all(|p| p.end <= chars));
        assert_eq!(t.redact(text).is_empty(), text.is_empty());
    }
    let megabyte = "word ".repeat(200_000);
    let refused = engine.triage(&Input {
        text: &megabyte,
        ..Input::default()
    });
    assert_eq!(
        refused.unwrap_err(),
        TriageError::TooLong {
            chars: 1_000_000,
            max: MAX_CHARS
        }
    );
    let long = "Le quitaron el pasaporte. ".repeat(MAX_CHARS / 26);
    assert!(
        engine
            .triage(&Input {
                text: &long,
                ..Input::default()
            })
            .is_ok()
    );
}

#[test]
fn a_language_hint_decides_only_a_short_unsure_text() {
    let engine = Engine::shipped().unwrap();
    let read = |text: &str, hint| {
        engine
            .triage(&Input {
                text,
                language_hint: Some(hint),
                ..Input::default()
            })
            .unwrap()
            .language
    };
    assert_eq!(read("ok", Language::Fr), Language::Fr);
    assert_eq!(
        read(
            "They took my passport and I cannot leave the farm.",
            Language::Fr
        ),
        Language::En
    );
    assert_eq!(
        triage("O patrão ficou com o passaporte dele e não lhe paga.").language,
        Language::Other
    );
}

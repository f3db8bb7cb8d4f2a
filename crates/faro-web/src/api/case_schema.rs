//! The exact schemas of the case API's values, built from the domain's vocabularies and
//! limits, so that the OpenAPI document says what the server accepts and cannot drift from it:
//! the person (serialised by `faro_domain::case::person`), codes (referrals' too), dates.

use faro_domain::Vocabulary;
use faro_domain::case::person::{
    ContactKind, DocumentHolder, DocumentKind, MAX_DETAILS, MAX_NAMES, NAME_MAX_CHARS,
    VALUE_MAX_CHARS,
};
use faro_domain::case::{
    CaseStatus, ClosureReason, ConsentMeans, ConsentPurpose, ConsentState, PartnerKind, PlanKind,
    ServiceKind, ServiceStatus,
};
use faro_domain::referral::{
    OverrideReason, ReferralAction, ReferralKind, RejectReason, SharedPart, Urgency,
};
use faro_domain::vocab::Gender;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Type,
};
use utoipa::openapi::{Array, Object, OneOf, RefOr, Schema};

/// Text on one line with something written: what the person's names and values must be.
const ONE_LINE: &str = "^[^\\n\\t]*\\S[^\\n\\t]*$";

fn codes<V: Vocabulary>(nullable: bool) -> Object {
    let mut codes: Vec<Option<&'static str>> = V::ALL.iter().map(|v| Some(v.code())).collect();
    let kind = if nullable {
        codes.push(None);
        utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null])
    } else {
        utoipa::openapi::schema::SchemaType::new(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .enum_values(Some(codes))
        .build()
}

fn text(min: usize, max: usize, nullable: bool) -> Object {
    let kind = if nullable {
        utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null])
    } else {
        utoipa::openapi::schema::SchemaType::new(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .min_length(Some(min))
        .max_length(Some(max))
        .pattern(Some(ONE_LINE))
        .build()
}

fn boolean() -> Object {
    ObjectBuilder::new().schema_type(Type::Boolean).build()
}

/// `YYYY-MM-DD` from 1900 to 2200 (`faro_domain::case::Day`; a 30 February is refused by
/// the server with 422); an optional date may also be empty.
fn date(nullable: bool) -> Object {
    const DAY: &str = "(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
    let (kind, pattern) = if nullable {
        (
            utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null]),
            format!("^({DAY})?$"),
        )
    } else {
        (
            utoipa::openapi::schema::SchemaType::new(Type::String),
            format!("^{DAY}$"),
        )
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .pattern(Some(pattern))
        .build()
}

fn closed(builder: ObjectBuilder) -> Object {
    builder
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .build()
}

fn list_of(item: impl Into<RefOr<Schema>>, min: usize, max: Option<usize>) -> Array {
    ArrayBuilder::new()
        .items(item.into())
        .min_items(Some(min))
        .max_items(max)
        .build()
}

fn birth() -> OneOf {
    let ages = closed(
        ObjectBuilder::new()
            .property(
                "min",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0))
                    .maximum(Some(120)),
            )
            .property(
                "max",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0))
                    .maximum(Some(120)),
            )
            .required("min")
            .required("max"),
    );
    OneOfBuilder::new()
        .item(closed(
            ObjectBuilder::new()
                .property("date", date(false))
                .required("date"),
        ))
        .item(closed(
            ObjectBuilder::new().property("ages", ages).required("ages"),
        ))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .description(Some(
            "A date of birth, or the ages the person seemed or said to be (min ≤ max)",
        ))
        .build()
}

/// Who the person is. "Need to know" details reach only the case's worker and supervisors.
pub fn person() -> Object {
    let contact = closed(
        ObjectBuilder::new()
            .property("kind", codes::<ContactKind>(false))
            .property("value", text(1, VALUE_MAX_CHARS, false))
            .property("safe", boolean())
            .property("need_to_know", boolean())
            .required("kind")
            .required("value")
            .required("safe"),
    );
    let document = closed(
        ObjectBuilder::new()
            .property("kind", codes::<DocumentKind>(false))
            .property(
                "number",
                ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                        Type::String,
                        Type::Null,
                    ]))
                    .max_length(Some(VALUE_MAX_CHARS))
                    .pattern(Some("^[^\\n\\t]*$")),
            )
            .property("holder", codes::<DocumentHolder>(false))
            .property("need_to_know", boolean())
            .required("kind")
            .required("holder"),
    );
    let citizenship: Vec<Option<&'static str>> = faro_domain::Country::all()
        .map(|c| Some(c.alpha2()))
        .chain([None])
        .collect();
    closed(
        ObjectBuilder::new()
            .property(
                "names",
                list_of(text(1, NAME_MAX_CHARS, false), 1, Some(MAX_NAMES)),
            )
            .property("birth", Schema::OneOf(birth()))
            .property("gender", codes::<Gender>(true))
            .property(
                "citizenship",
                ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                        Type::String,
                        Type::Null,
                    ]))
                    .enum_values(Some(citizenship)),
            )
            .property(
                "languages",
                list_of(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("^[A-Za-z]{2}$")),
                    0,
                    None,
                ),
            )
            .property("contacts", list_of(contact, 0, Some(MAX_DETAILS)))
            .property("documents", list_of(document, 0, Some(MAX_DETAILS)))
            .property(
                "circle",
                ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                        Type::String,
                        Type::Null,
                    ]))
                    .max_length(Some(faro_domain::case::person::CIRCLE_MAX_CHARS)),
            )
            .property("circle_need_to_know", boolean())
            .required("names"),
    )
}

pub fn purpose() -> Object {
    codes::<ConsentPurpose>(false)
}

pub fn consent_state() -> Object {
    codes::<ConsentState>(false)
}

pub fn means() -> Object {
    codes::<ConsentMeans>(false)
}

pub fn partners() -> Array {
    list_of(codes::<PartnerKind>(false), 0, None)
}

pub fn plan_kind() -> Object {
    codes::<PlanKind>(false)
}

pub fn service() -> Object {
    codes::<ServiceKind>(false)
}

pub fn service_status() -> Object {
    codes::<ServiceStatus>(false)
}

pub fn status() -> Object {
    codes::<CaseStatus>(false)
}

pub fn closure_reason() -> Object {
    codes::<ClosureReason>(true)
}

/// A plan's sections by name (which ones a kind has is checked with the kind).
pub fn plan_sections() -> Object {
    let mut names: Vec<&'static str> = PlanKind::ALL
        .iter()
        .flat_map(|k| k.sections())
        .copied()
        .collect();
    names.sort_unstable();
    names.dedup();
    let sections = names.into_iter().fold(ObjectBuilder::new(), |b, name| {
        b.property(
            name,
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(faro_domain::case::PLAN_SECTION_MAX_CHARS))
                .pattern(Some("\\S")),
        )
    });
    closed(sections.min_properties(Some(1)))
}

pub fn referral_kind() -> Object {
    codes::<ReferralKind>(false)
}

pub fn partner_kind() -> Object {
    codes::<PartnerKind>(false)
}

pub fn urgency() -> Object {
    codes::<Urgency>(false)
}

pub fn shared_parts() -> Array {
    list_of(
        codes::<SharedPart>(false),
        0,
        Some(SharedPart::ALL.len() * 2),
    )
}

pub fn override_reason() -> Object {
    codes::<OverrideReason>(true)
}

pub fn reject_reason() -> Object {
    codes::<RejectReason>(true)
}

pub fn optional_service() -> Object {
    codes::<ServiceKind>(true)
}

pub fn referral_action() -> Object {
    codes::<ReferralAction>(false)
}

/// `YYYY-MM-DD`, or `null`.
pub fn day() -> Object {
    date(true)
}

/// `YYYY-MM-DD`.
pub fn required_day() -> Object {
    date(false)
}

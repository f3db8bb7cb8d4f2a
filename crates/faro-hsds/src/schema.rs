//! The HSDS 3.0 specification as data: its per-object JSON Schemas and its tabular package
//! (`datapackage.json`), vendored in `schema/` and embedded. Both the validator and the tables'
//! columns, links and nesting are read from these files, so a newer HSDS release is a copy of
//! the folder, not a code change.

use crate::HsdsError;
use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Where the vendored schemas live for the validator: a name nobody resolves, since every
/// reference is answered from the embedded files.
const BASE: &str = "https://faro.invalid/hsds/3.0/";

macro_rules! embedded {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../schema/", $name, ".json")))),+]
    };
}

/// Every object's schema, by its name (the file's stem).
const OBJECTS: &[(&str, &str)] = embedded!(
    "accessibility",
    "address",
    "attribute",
    "contact",
    "cost_option",
    "funding",
    "language",
    "location",
    "meta_table_description",
    "metadata",
    "organization",
    "organization_identifier",
    "phone",
    "program",
    "required_document",
    "schedule",
    "service",
    "service_area",
    "service_at_location",
    "taxonomy",
    "taxonomy_term",
);

const DATAPACKAGE: &str = include_str!("../schema/datapackage.json");

/// One column of a table, as the tabular package declares it.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    /// Read as a JSON number (HSDS's `number`), else kept as text.
    pub number: bool,
}

/// One table of the tabular package.
#[derive(Debug, Clone)]
pub struct Table {
    /// The object's name (`service`, `service_at_location`, …).
    pub name: String,
    /// The file in a package (`services.csv`).
    pub path: String,
    pub columns: Vec<Column>,
    /// `(column, table)`: a column holding the id of a row of another table.
    pub links: Vec<(String, String)>,
}

/// A property of an object that holds other objects (`phones`, `location`).
#[derive(Debug, Clone)]
pub struct Nested {
    pub property: String,
    pub object: String,
    pub many: bool,
}

/// The specification, read once.
pub struct Spec {
    pub tables: Vec<Table>,
    nested: HashMap<String, Vec<Nested>>,
    service: Validator,
}

impl Spec {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The objects an object of kind `name` nests.
    pub fn nested(&self, name: &str) -> &[Nested] {
        self.nested.get(name).map(Vec::as_slice).unwrap_or_default()
    }

    /// The validator of a service as the API profile's `/services/{id}` gives it.
    pub fn service_validator(&self) -> &Validator {
        &self.service
    }
}

/// The specification, parsed and compiled on first use.
pub fn spec() -> Result<&'static Spec, HsdsError> {
    static SPEC: OnceLock<Result<Spec, String>> = OnceLock::new();
    SPEC.get_or_init(load)
        .as_ref()
        .map_err(|e| HsdsError::Specification(e.clone()))
}

fn load() -> Result<Spec, String> {
    let package: Value = serde_json::from_str(DATAPACKAGE).map_err(|e| e.to_string())?;
    let tables = package["resources"]
        .as_array()
        .ok_or("datapackage.json has no resources")?
        .iter()
        .map(table)
        .collect::<Result<Vec<_>, _>>()?;
    let mut nested = HashMap::new();
    for (name, text) in OBJECTS {
        let schema: Value = serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        nested.insert(name.to_string(), nesting(&schema));
    }
    let service = object("service").ok_or("no service schema")?;
    let service: Value = serde_json::from_str(service).map_err(|e| e.to_string())?;
    let service = jsonschema::options()
        .with_base_uri(format!("{BASE}service.json"))
        .with_retriever(Embedded)
        .should_validate_formats(true)
        .build(&service)
        .map_err(|e| e.to_string())?;
    Ok(Spec {
        tables,
        nested,
        service,
    })
}

fn object(name: &str) -> Option<&'static str> {
    OBJECTS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

fn table(resource: &Value) -> Result<Table, String> {
    let text = |v: &Value| v.as_str().map(str::to_string);
    let name = text(&resource["name"]).ok_or("a resource without a name")?;
    let path = text(&resource["path"]).ok_or_else(|| format!("{name} has no path"))?;
    let columns = resource["schema"]["fields"]
        .as_array()
        .ok_or_else(|| format!("{name} has no fields"))?
        .iter()
        .filter_map(|f| {
            Some(Column {
                name: text(&f["name"])?,
                number: f["type"] == "number",
            })
        })
        .collect();
    let links = resource["schema"]["foreignKeys"]
        .as_array()
        .map(|keys| {
            keys.iter()
                .filter_map(|k| Some((text(&k["fields"])?, text(&k["reference"]["resource"])?)))
                .collect()
        })
        .unwrap_or_default();
    Ok(Table {
        name,
        path,
        columns,
        links,
    })
}

fn nesting(schema: &Value) -> Vec<Nested> {
    let Some(properties) = schema["properties"].as_object() else {
        return Vec::new();
    };
    let stem = |r: &Value| r.as_str().map(|r| r.trim_end_matches(".json").to_string());
    properties
        .iter()
        .filter_map(|(property, p)| {
            let (object, many) = match stem(&p["$ref"]) {
                Some(object) => (object, false),
                None => (stem(&p["items"]["$ref"])?, true),
            };
            Some(Nested {
                property: property.clone(),
                object,
                many,
            })
        })
        .collect()
}

/// Answers the validator's `$ref`s from the embedded schemas; anything else is refused, so
/// validation never reaches the network or the disk.
struct Embedded;

impl Retrieve for Embedded {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let path = uri.path().as_str();
        let name = path.rsplit('/').next().unwrap_or_default();
        let name = name.trim_end_matches(".json");
        let text = object(name).ok_or_else(|| format!("no embedded HSDS schema for {uri}"))?;
        Ok(serde_json::from_str(text)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_vendored_specification_loads_with_every_table_and_its_nesting() {
        let spec = spec().unwrap();
        assert_eq!(spec.tables.len(), 21);
        let services = spec.table("service").unwrap();
        assert_eq!(services.path, "services.csv");
        assert!(
            services
                .columns
                .iter()
                .any(|c| c.name == "minimum_age" && c.number)
        );
        assert!(
            services
                .links
                .contains(&("organization_id".to_string(), "organization".to_string()))
        );
        let at = spec.nested("service_at_location");
        assert!(at.iter().any(|n| n.property == "location" && !n.many));
        assert!(
            spec.nested("service")
                .iter()
                .any(|n| n.property == "phones" && n.object == "phone" && n.many)
        );
    }

    #[test]
    fn the_validator_follows_references_into_nested_objects() {
        let validator = spec().unwrap().service_validator();
        let good = json!({
            "id": "ac148810-d857-441c-9679-408f346de14b",
            "name": "Shelter",
            "status": "active",
            "phones": [{"id": "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "number": "+34 600 000 000"}]
        });
        assert!(validator.is_valid(&good));
        let mut bad = good.clone();
        bad["phones"][0]["id"] = json!("not-a-uuid");
        assert!(!validator.is_valid(&bad));
        let mut unnumbered = good;
        unnumbered["phones"][0]
            .as_object_mut()
            .unwrap()
            .remove("number");
        assert!(!validator.is_valid(&unnumbered));
    }
}

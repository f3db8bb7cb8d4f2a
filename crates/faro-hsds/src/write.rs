//! Writing a directory back out: JSON pages in the API profile's `/services` shape, or a
//! tabular package (every table of the specification, with its `datapackage.json`). Both are
//! written from whole services as [`crate::Entry::assemble`] gives them.

use crate::HsdsError;
use crate::schema::{Spec, spec};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Services per JSON page: small enough that a reader holds a page at ease.
pub const PAGE_SIZE: usize = 500;

fn io(path: &Path) -> impl Fn(std::io::Error) -> HsdsError + '_ {
    move |source| HsdsError::Io {
        file: path.display().to_string(),
        source,
    }
}

/// Writes `services-0001.json`, `services-0002.json`, … into `dir`, each a page as the API
/// profile's `GET /services` answers; returns the files written.
pub struct Pages {
    dir: PathBuf,
    total: usize,
    page: Vec<Value>,
    written: Vec<PathBuf>,
}

impl Pages {
    pub fn new(dir: &Path, total: usize) -> Pages {
        Pages {
            dir: dir.to_path_buf(),
            total,
            page: Vec::new(),
            written: Vec::new(),
        }
    }

    pub fn push(&mut self, service: Value) -> Result<(), HsdsError> {
        self.page.push(service);
        if self.page.len() == PAGE_SIZE {
            self.flush()?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<PathBuf>, HsdsError> {
        if !self.page.is_empty() || self.written.is_empty() {
            self.flush()?;
        }
        Ok(self.written)
    }

    fn flush(&mut self) -> Result<(), HsdsError> {
        let number = self.written.len() + 1;
        let pages = self.total.div_ceil(PAGE_SIZE).max(1);
        let contents = std::mem::take(&mut self.page);
        let page = page(contents, self.total, number, pages);
        let path = self.dir.join(format!("services-{number:04}.json"));
        let file = File::create(&path).map_err(io(&path))?;
        let mut out = BufWriter::new(file);
        serde_json::to_writer_pretty(&mut out, &page).map_err(|e| io(&path)(e.into()))?;
        out.flush().map_err(io(&path))?;
        self.written.push(path);
        Ok(())
    }
}

/// A page in the API profile's shape (`Page` of its OpenAPI document).
pub fn page(contents: Vec<Value>, total: usize, number: usize, pages: usize) -> Value {
    json!({
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": contents.len(),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// Writes a tabular package: one CSV file per table of the specification (header only when
/// nothing goes in it), each object once however many services share it, and the
/// specification's `datapackage.json`.
pub struct Package {
    dir: PathBuf,
    spec: &'static Spec,
    files: HashMap<String, csv::Writer<File>>,
    written: HashSet<(String, String)>,
}

impl Package {
    pub fn new(dir: &Path) -> Result<Package, HsdsError> {
        let spec = spec()?;
        let mut files = HashMap::new();
        for table in &spec.tables {
            let path = dir.join(&table.path);
            let mut writer = csv::Writer::from_path(&path).map_err(|e| csv_io(&path, e))?;
            writer
                .write_record(table.columns.iter().map(|c| c.name.as_str()))
                .map_err(|e| csv_io(&path, e))?;
            files.insert(table.name.clone(), writer);
        }
        let path = dir.join("datapackage.json");
        std::fs::write(&path, include_str!("../schema/datapackage.json")).map_err(io(&path))?;
        Ok(Package {
            dir: dir.to_path_buf(),
            spec,
            files,
            written: HashSet::new(),
        })
    }

    pub fn push(&mut self, service: &Value) -> Result<(), HsdsError> {
        if let Value::Object(service) = service {
            self.flatten("service", service, None)?;
        }
        Ok(())
    }

    pub fn finish(self) -> Result<(), HsdsError> {
        for (name, mut writer) in self.files {
            writer.flush().map_err(io(&self.dir.join(name)))?;
        }
        Ok(())
    }

    /// Writes an object's row (its links filled from its parent and its nested objects) and
    /// then the objects it nests.
    fn flatten(
        &mut self,
        kind: &str,
        object: &Map<String, Value>,
        parent: Option<(&str, &str)>,
    ) -> Result<(), HsdsError> {
        let Some(table) = self.spec.table(kind) else {
            return Ok(());
        };
        let id = text(object.get("id"));
        let mut row = object.clone();
        if let Some((parent_kind, parent_id)) = parent {
            let column = match kind {
                "attribute" => "link_id".to_string(),
                "metadata" => "resource_id".to_string(),
                _ => format!("{parent_kind}_id"),
            };
            row.entry(column)
                .or_insert_with(|| Value::String(parent_id.to_string()));
        }
        for nested in self.spec.nested(kind).iter().filter(|n| !n.many) {
            let link = table
                .links
                .iter()
                .find(|(c, t)| *t == nested.object && !c.starts_with("parent"));
            if let (Some((column, _)), Some(child)) = (link, object.get(&nested.property)) {
                row.entry(column.clone())
                    .or_insert_with(|| Value::String(text(child.get("id"))));
            }
        }
        if self.written.insert((kind.to_string(), id.clone())) {
            let cells: Vec<String> = table
                .columns
                .iter()
                .map(|c| cell(row.get(&c.name)))
                .collect();
            let path = self.dir.join(&table.path);
            if let Some(writer) = self.files.get_mut(kind) {
                writer.write_record(&cells).map_err(|e| csv_io(&path, e))?;
            }
        }
        for nested in self.spec.nested(kind).to_vec() {
            match object.get(&nested.property) {
                Some(Value::Array(children)) if nested.many => {
                    for child in children.iter().filter_map(Value::as_object) {
                        self.flatten(&nested.object, child, Some((kind, &id)))?;
                    }
                }
                Some(Value::Object(child)) if !nested.many => {
                    self.flatten(&nested.object, child, None)?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn text(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(_) | Value::Object(_)) => String::new(),
        Some(other) => other.to_string(),
    }
}

fn csv_io(path: &Path, e: csv::Error) -> HsdsError {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(source) => source,
        other => std::io::Error::other(format!("{other:?}")),
    };
    HsdsError::Io {
        file: path.display().to_string(),
        source,
    }
}

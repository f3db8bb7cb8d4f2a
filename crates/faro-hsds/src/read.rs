//! Reading a directory: [`Feed::open`] takes a JSON page of the API profile's `/services` (or
//! an array of services), a folder of such pages, or a folder holding a tabular package, and
//! yields each service as an [`Entry`] or a [`Problem`].
//!
//! A JSON feed is read on a thread of its own one service at a time (at most
//! [`ITEM_LIMIT`] bytes each), so a feed of any size is read in bounded memory. A file that
//! breaks off part-way is reported where it broke and marks the feed [`Feed::cut`]: entries
//! after the break were not read, so nothing may be taken as vanished from it.

use crate::HsdsError;
use crate::entry::from_service;
use crate::schema::{Spec, Table, spec};
use faro_domain::directory::Entry;
use faro_domain::{FieldError, Message, problem};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// The largest service a JSON feed may hold, nested organisation and locations included.
pub const ITEM_LIMIT: u64 = 4 * 1024 * 1024;

/// Where in its file a problem is: a CSV line (the header is line 1) or a JSON feed's item
/// (the first service of the file is item 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Line(u64),
    Item(u64),
}

/// An entry that was not read, with every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    pub at: Position,
    pub errors: Vec<FieldError>,
}

#[derive(Debug)]
pub enum Item {
    Entry(Box<Entry>),
    Problem(Problem),
}

/// The services of a feed, in its order.
pub struct Feed {
    items: Receiver<Result<Item, HsdsError>>,
    cut: Arc<AtomicBool>,
}

impl Feed {
    /// Opens a file or folder; what it holds is read as it is iterated.
    pub fn open(path: &Path) -> Result<Feed, HsdsError> {
        let source = Source::of(path)?;
        let (send, items) = sync_channel(64);
        let cut = Arc::new(AtomicBool::new(false));
        let marker = cut.clone();
        std::thread::Builder::new()
            .name("hsds-read".into())
            .spawn(move || {
                let sink = Sink {
                    send,
                    cut: marker,
                    seen: RefCell::default(),
                };
                let result = match source {
                    Source::Pages(files) => files.iter().try_for_each(|f| read_page(f, &sink)),
                    Source::Package(dir) => read_package(&dir, &sink),
                };
                if let Err(e) = result {
                    let _ = sink.send.send(Err(e));
                }
            })
            .map_err(|source| HsdsError::Io {
                file: path.display().to_string(),
                source,
            })?;
        Ok(Feed { items, cut })
    }

    /// Whether a file broke off part-way, so that the feed may lack entries it meant to hold.
    pub fn cut(&self) -> bool {
        self.cut.load(Ordering::SeqCst)
    }
}

impl Iterator for Feed {
    type Item = Result<Item, HsdsError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.items.recv().ok()
    }
}

enum Source {
    Pages(Vec<PathBuf>),
    Package(PathBuf),
}

impl Source {
    fn of(path: &Path) -> Result<Source, HsdsError> {
        let io = |source| HsdsError::Io {
            file: path.display().to_string(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_dir() {
            if path.file_name().is_some_and(|n| n == "datapackage.json") {
                let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                return Ok(Source::Package(dir));
            }
            return Ok(Source::Pages(vec![path.to_path_buf()]));
        }
        if path.join("datapackage.json").is_file() {
            return Ok(Source::Package(path.to_path_buf()));
        }
        let mut pages: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        pages.sort();
        if pages.is_empty() {
            return Err(HsdsError::NotAFeed {
                file: path.display().to_string(),
                reason: "the folder holds neither `datapackage.json` nor JSON pages".into(),
            });
        }
        Ok(Source::Pages(pages))
    }
}

/// Where the reading thread sends what it read; a closed receiver (the caller stopped
/// reading) stops the thread.
struct Sink {
    send: SyncSender<Result<Item, HsdsError>>,
    cut: Arc<AtomicBool>,
    /// The services read so far: a second service with an id is a problem, not an update.
    seen: RefCell<HashSet<String>>,
}

impl Sink {
    fn item(&self, item: Item) -> bool {
        self.send.send(Ok(item)).is_ok()
    }

    fn problem(&self, file: &str, at: Position, errors: Vec<FieldError>) -> bool {
        self.item(Item::Problem(Problem {
            file: file.to_string(),
            at,
            errors,
        }))
    }

    fn entry_or_problem(&self, file: &str, at: Position, service: Value) -> bool {
        match from_service(service) {
            Ok(entry) if !self.seen.borrow_mut().insert(entry.service.id.clone()) => {
                let error = FieldError {
                    column: "/id".into(),
                    value: entry.service.id.clone(),
                    reason: Message::new(problem::HSDS_DUPLICATE).with("table", "service"),
                };
                self.problem(file, at, vec![error])
            }
            Ok(entry) => self.item(Item::Entry(Box::new(entry))),
            Err(errors) => self.problem(file, at, errors),
        }
    }
}

/// Counts the bytes read since the current item began and fails the read past the limit.
struct Budget<R> {
    inner: R,
    used: Arc<AtomicU64>,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let used = self.used.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if used > ITEM_LIMIT {
            return Err(std::io::Error::other(TOO_BIG));
        }
        Ok(n)
    }
}

const TOO_BIG: &str = "faro-hsds: item too big";

fn read_page(path: &Path, sink: &Sink) -> Result<(), HsdsError> {
    let file_name = path.display().to_string();
    let file = File::open(path).map_err(|source| HsdsError::Io {
        file: file_name.clone(),
        source,
    })?;
    let used = Arc::new(AtomicU64::new(0));
    let reader = Budget {
        inner: BufReader::new(file),
        used: used.clone(),
    };
    let mut state = PageState {
        file: file_name.clone(),
        sink,
        used,
        items: 0,
        stopped: false,
    };
    let mut json = serde_json::Deserializer::from_reader(reader);
    let outcome = (&mut json).deserialize_any(Page(&mut state));
    let outcome = outcome.and_then(|()| json.end());
    match outcome {
        Ok(()) => Ok(()),
        Err(_) if state.stopped => Ok(()),
        Err(e) if state.items == 0 && !is_too_big(&e) => Err(HsdsError::NotAFeed {
            file: file_name,
            reason: e.to_string(),
        }),
        Err(e) => {
            sink.cut.store(true, Ordering::SeqCst);
            let reason = if is_too_big(&e) {
                Message::new(problem::HSDS_TOO_BIG).with("limit", ITEM_LIMIT)
            } else {
                Message::new(problem::JSON_INVALID).with("column", e.column())
            };
            let error = FieldError {
                column: String::new(),
                value: String::new(),
                reason,
            };
            sink.problem(&file_name, Position::Item(state.items + 1), vec![error]);
            Ok(())
        }
    }
}

fn is_too_big(e: &serde_json::Error) -> bool {
    e.io_error_kind().is_some() && e.to_string().contains(TOO_BIG)
}

struct PageState<'a> {
    file: String,
    sink: &'a Sink,
    used: Arc<AtomicU64>,
    /// Services read so far.
    items: u64,
    /// The caller stopped reading.
    stopped: bool,
}

/// The top of a JSON feed: a page (`contents` holds the services) or an array of services.
struct Page<'s, 'a>(&'s mut PageState<'a>);

impl<'de> Visitor<'de> for Page<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a page of services (an object with `contents`) or an array of services")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut contents = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "contents" {
                contents = true;
                map.next_value_seed(Services(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            self.0.used.store(0, Ordering::Relaxed);
        }
        if !contents {
            return Err(de::Error::missing_field("contents"));
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Services(self.0).visit_seq(seq)
    }
}

struct Services<'s, 'a>(&'s mut PageState<'a>);

impl<'de> DeserializeSeed<'de> for Services<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Services<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of services")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        loop {
            state.used.store(0, Ordering::Relaxed);
            let Some(service) = seq.next_element::<Value>()? else {
                return Ok(());
            };
            state.items += 1;
            let at = Position::Item(state.items);
            if !state.sink.entry_or_problem(&state.file, at, service) {
                state.stopped = true;
                return Err(de::Error::custom("the reader stopped"));
            }
        }
    }
}

/// A row of a table and its line.
type Row = (u64, Map<String, Value>);

/// A tabular package's rows, by table, with their lines.
struct Rows<'s> {
    spec: &'s Spec,
    tables: HashMap<String, Vec<Row>>,
    /// `(table, column)` → value → the rows holding it.
    index: HashMap<(String, String), HashMap<String, Vec<usize>>>,
}

fn read_package(dir: &Path, sink: &Sink) -> Result<(), HsdsError> {
    let spec = spec()?;
    let paths = package_paths(dir)?;
    let mut rows = Rows {
        spec,
        tables: HashMap::new(),
        index: HashMap::new(),
    };
    for table in &spec.tables {
        let path = dir.join(paths.get(&table.name).unwrap_or(&table.path));
        if path.is_file() {
            let read = read_table(&path, table, sink)?;
            rows.tables.insert(table.name.clone(), read);
        }
    }
    rows.check_links(dir, sink);
    let services = rows.tables.get("service").cloned().unwrap_or_default();
    let file = dir
        .join(paths.get("service").map_or("services.csv", String::as_str))
        .display()
        .to_string();
    for (line, row) in services {
        let service = rows.nest("service", row, 0);
        if !sink.entry_or_problem(&file, Position::Line(line), Value::Object(service)) {
            return Ok(());
        }
    }
    Ok(())
}

/// The files a package names for its tables (`resources[].path`).
fn package_paths(dir: &Path) -> Result<HashMap<String, String>, HsdsError> {
    let path = dir.join("datapackage.json");
    let text = std::fs::read_to_string(&path).map_err(|source| HsdsError::Io {
        file: path.display().to_string(),
        source,
    })?;
    let package: Value = serde_json::from_str(&text).map_err(|e| HsdsError::NotAFeed {
        file: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let resources = package["resources"].as_array().cloned().unwrap_or_default();
    Ok(resources
        .iter()
        .filter_map(|r| {
            let path = r["path"].as_str()?;
            // A package names files beside it: a path out of the folder is not followed.
            let safe = !path.contains("..") && !path.starts_with('/') && !path.contains('\\');
            let name = r["name"].as_str()?;
            safe.then(|| (name.to_string(), path.to_string()))
        })
        .collect())
}

fn read_table(path: &Path, table: &Table, sink: &Sink) -> Result<Vec<Row>, HsdsError> {
    let file = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| csv_error(&file, e))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&file, e))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let numbers: HashSet<&str> = table
        .columns
        .iter()
        .filter(|c| c.number)
        .map(|c| c.name.as_str())
        .collect();
    let mut rows = Vec::new();
    let mut ids = HashSet::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&file, e))?;
        // The record's number with the header as 1: its line unless a cell holds a line
        // break (the csv crate's own line count misses CRLF files' lines).
        let line = record.position().map_or(0, |p| p.record() + 1);
        if record.len() != header.len() {
            let reason = Message::new(problem::CELL_COUNT)
                .with("cells", record.len())
                .with("columns", header.len());
            sink.problem(&file, Position::Line(line), vec![whole(reason)]);
            continue;
        }
        let mut object = Map::new();
        let mut errors = Vec::new();
        for (name, cell) in header.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            let value = if numbers.contains(name.as_str()) {
                match cell.trim().parse::<f64>().ok().and_then(Number::from_f64) {
                    Some(n) => Value::Number(n),
                    None => {
                        errors.push(FieldError {
                            column: name.clone(),
                            value: cell.chars().take(80).collect(),
                            reason: Message::new(problem::HSDS_TYPE).with("expected", "number"),
                        });
                        continue;
                    }
                }
            } else {
                Value::String(cell.to_string())
            };
            object.insert(name.clone(), value);
        }
        let id = object
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if !id.is_empty() && !ids.insert(id.clone()) {
            errors.push(FieldError {
                column: "id".into(),
                value: id,
                reason: Message::new(problem::HSDS_DUPLICATE).with("table", &table.name),
            });
        }
        if errors.is_empty() {
            rows.push((line, object));
        } else {
            sink.problem(&file, Position::Line(line), errors);
        }
    }
    Ok(rows)
}

fn csv_error(file: &str, e: csv::Error) -> HsdsError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(source) => HsdsError::Io {
            file: file.to_string(),
            source,
        },
        other => HsdsError::BrokenCsv {
            file: file.to_string(),
            line,
            reason: format!("{other:?}"),
        },
    }
}

fn whole(reason: Message) -> FieldError {
    FieldError {
        column: String::new(),
        value: String::new(),
        reason,
    }
}

impl Rows<'_> {
    /// Reports every row whose link names a row its package lacks. The row stays: it goes
    /// where its other links put it (a location whose organisation is missing is still where
    /// a service is offered), and a service that needed the missing row is refused for it.
    fn check_links(&self, dir: &Path, sink: &Sink) {
        let ids: HashMap<String, HashSet<String>> = self
            .tables
            .iter()
            .map(|(name, rows)| {
                let ids = rows
                    .iter()
                    .filter_map(|(_, r)| r.get("id").and_then(Value::as_str).map(str::to_string))
                    .collect();
                (name.clone(), ids)
            })
            .collect();
        for table in &self.spec.tables {
            let Some(rows) = self.tables.get(&table.name) else {
                continue;
            };
            let file = dir.join(&table.path).display().to_string();
            for (line, row) in rows.iter() {
                let broken: Vec<FieldError> = table
                    .links
                    .iter()
                    .filter_map(|(column, target)| {
                        let id = row.get(column)?.as_str()?;
                        let known = ids.get(target).is_some_and(|ids| ids.contains(id));
                        (!known).then(|| FieldError {
                            column: column.clone(),
                            value: id.to_string(),
                            reason: Message::new(problem::HSDS_LINK)
                                .with("table", target)
                                .with("id", id),
                        })
                    })
                    .collect();
                if !broken.is_empty() {
                    sink.problem(&file, Position::Line(*line), broken);
                }
            }
        }
    }

    /// A row with the objects it nests, as the API profile's compiled schemas nest them. An
    /// organisation or program inside a service is given without its own lists, as the
    /// profile's `/services` does.
    fn nest(
        &mut self,
        kind: &str,
        mut row: Map<String, Value>,
        depth: usize,
    ) -> Map<String, Value> {
        let id = row
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let shallow = depth > 0 && matches!(kind, "organization" | "program");
        if id.is_empty() || shallow || depth > 6 {
            return row;
        }
        for nested in self.spec.nested(kind).to_vec() {
            if nested.many {
                let column = match nested.object.as_str() {
                    "attribute" => "link_id".to_string(),
                    "metadata" => "resource_id".to_string(),
                    _ => format!("{kind}_id"),
                };
                let children: Vec<Value> = self
                    .rows_where(&nested.object, &column, &id)
                    .into_iter()
                    .map(|child| Value::Object(self.nest(&nested.object, child, depth + 1)))
                    .collect();
                if !children.is_empty() {
                    row.insert(nested.property.clone(), Value::Array(children));
                }
            } else if let Some(link) = self.link_column(kind, &nested.object)
                && let Some(target) = row.get(&link).and_then(Value::as_str).map(str::to_string)
                && let Some(child) = self.rows_where(&nested.object, "id", &target).pop()
            {
                let child = self.nest(&nested.object, child, depth + 1);
                row.insert(nested.property.clone(), Value::Object(child));
            }
        }
        row
    }

    fn link_column(&self, kind: &str, target: &str) -> Option<String> {
        let table = self.spec.table(kind)?;
        table
            .links
            .iter()
            .find(|(column, t)| t == target && !column.starts_with("parent"))
            .map(|(column, _)| column.clone())
    }

    fn rows_where(&mut self, table: &str, column: &str, value: &str) -> Vec<Map<String, Value>> {
        let Some(rows) = self.tables.get(table) else {
            return Vec::new();
        };
        let index = self
            .index
            .entry((table.to_string(), column.to_string()))
            .or_insert_with(|| {
                let mut index: HashMap<String, Vec<usize>> = HashMap::new();
                for (i, (_, row)) in rows.iter().enumerate() {
                    if let Some(v) = row.get(column).and_then(Value::as_str) {
                        index.entry(v.to_string()).or_default().push(i);
                    }
                }
                index
            });
        index
            .get(value)
            .map(|found| found.iter().map(|&i| rows[i].1.clone()).collect())
            .unwrap_or_default()
    }
}

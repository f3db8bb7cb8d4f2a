//! Records out: every record a reader may read that matches a filter, in CTDC layout A or C
//! or JSON lines, page by page, so that a download of a million records streams in constant
//! memory and the CLI's `faro export` writes its file the same way.

use faro_domain::{AccessContext, Filter};
use faro_formats::{ExportFormat, RecordWriter};
use faro_store::{Store, StoreError};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Records read from the database at a time.
const PAGE: u32 = 1000;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    /// The receiver went away (a download cancelled).
    #[error("the export was abandoned by its receiver")]
    Abandoned,
}

/// The bytes a page of records became, taken out after each page.
#[derive(Clone, Default)]
struct Chunks(Arc<Mutex<Vec<u8>>>);

impl Chunks {
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("export buffer poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every record a reader may read that matches a filter, in id order, as the bytes of one
/// page of records at a time (the header comes with the first). The caller audits the export:
/// it knows what the export is for.
pub struct Chunked<'a> {
    store: &'a Store,
    ctx: &'a AccessContext,
    filter: &'a Filter,
    chunks: Chunks,
    writer: Option<RecordWriter<Chunks>>,
    after: Option<i64>,
    /// Records written so far.
    pub written: u64,
}

impl<'a> Chunked<'a> {
    pub fn new(
        store: &'a Store,
        ctx: &'a AccessContext,
        filter: &'a Filter,
        format: ExportFormat,
    ) -> Result<Chunked<'a>, ExportError> {
        let chunks = Chunks::default();
        let writer = RecordWriter::new(chunks.clone(), format)?;
        Ok(Chunked {
            store,
            ctx,
            filter,
            chunks,
            writer: Some(writer),
            after: None,
            written: 0,
        })
    }

    /// The next page's bytes; `None` once everything has been handed out.
    pub async fn next(&mut self) -> Result<Option<Vec<u8>>, ExportError> {
        let Some(writer) = self.writer.as_mut() else {
            return Ok(None);
        };
        let page = self
            .store
            .records(self.ctx, self.filter, self.after, PAGE)
            .await?;
        match page.last() {
            Some(last) => {
                self.after = Some(last.id);
                for record in &page {
                    writer.write(&record.record)?;
                }
                writer.flush()?;
                self.written += page.len() as u64;
            }
            None => {
                if let Some(writer) = self.writer.take() {
                    writer.finish()?;
                }
            }
        }
        Ok(Some(self.chunks.take()))
    }
}

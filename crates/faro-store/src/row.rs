//! The mapping between a record and its row: one column list for both dialects.

use crate::StoreError;
use faro_domain::vocab::{AgeBroad, DataSource, Gender, Majority, TraffickMonths, Vocabulary};
use faro_domain::{Country, Flags, Record, Year};
use sqlx::{ColumnIndex, Decode, Row, Type};

/// The stored columns after `id` and `source_id`, in insert order.
pub(crate) const COLUMNS: [&str; 24] = [
    "year",
    "datasource",
    "gender",
    "age",
    "majority",
    "majority_exploit",
    "majority_entry",
    "citizenship",
    "exploitation_country",
    "traffick_months",
    "exploitation_known",
    "exploitation_set",
    "labour_known",
    "labour_set",
    "sex_known",
    "sex_set",
    "means_detail_known",
    "means_detail_set",
    "means_known",
    "means_set",
    "recruiter_known",
    "recruiter_set",
    "abduction",
    "modality_set",
];

/// One cell to write.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val {
    Int(Option<i32>),
    Text(Option<&'static str>),
}

fn code<V: Vocabulary>(v: Option<V>) -> Val {
    Val::Text(v.map(|v| v.code()))
}

fn country(c: Option<Country>) -> Val {
    Val::Text(c.map(|c| c.alpha2()))
}

fn flags<V: Vocabulary>(f: &Flags<V>) -> [Val; 2] {
    [
        Val::Int(Some(f.known_bits() as i32)),
        Val::Int(Some(f.set_bits() as i32)),
    ]
}

/// The cells of a record in [`COLUMNS`] order.
pub(crate) fn values(c: &Record) -> [Val; 24] {
    let [ek, es] = flags(&c.exploitation);
    let [lk, ls] = flags(&c.labour);
    let [sk, ss] = flags(&c.sex);
    let [dk, ds] = flags(&c.means_detail);
    let [mk, ms] = flags(&c.means);
    let [rk, rs] = flags(&c.recruiter);
    [
        Val::Int(c.year.map(|y| y.get() as i32)),
        code(c.datasource),
        code(c.gender),
        code(c.age),
        code(c.majority),
        code(c.majority_at_exploit),
        code(c.majority_entry),
        country(c.citizenship),
        country(c.exploitation_country),
        code(c.traffick_months),
        ek,
        es,
        lk,
        ls,
        sk,
        ss,
        dk,
        ds,
        mk,
        ms,
        rk,
        rs,
        Val::Int(c.abduction.map(i32::from)),
        Val::Int(Some(c.modalities().set_bits() as i32)),
    ]
}

/// Typed access to the cells of one result row, whichever driver produced it.
pub(crate) trait Cells {
    fn int(&self, i: usize) -> Result<Option<i64>, StoreError>;
    fn text(&self, i: usize) -> Result<Option<&str>, StoreError>;
}

/// A row of sqlx (either backend).
pub(crate) struct SqlxCells<'r, R>(pub &'r R);

impl<'r, R> Cells for SqlxCells<'r, R>
where
    R: Row,
    usize: ColumnIndex<R>,
    i64: for<'a> Decode<'a, R::Database> + Type<R::Database>,
    i32: for<'a> Decode<'a, R::Database> + Type<R::Database>,
    for<'a> &'a str: Decode<'a, R::Database> + Type<R::Database>,
{
    fn int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        // PostgreSQL's INTEGER is 32 bits and the ids BIGINT; SQLite has one integer type.
        match self.0.try_get::<Option<i64>, _>(i) {
            Ok(v) => Ok(v),
            Err(_) => Ok(self.0.try_get::<Option<i32>, _>(i)?.map(i64::from)),
        }
    }

    fn text(&self, i: usize) -> Result<Option<&str>, StoreError> {
        Ok(self.0.try_get::<Option<&str>, _>(i)?)
    }
}

impl Cells for rusqlite::Row<'_> {
    fn int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.get::<_, Option<i64>>(i)?)
    }

    fn text(&self, i: usize) -> Result<Option<&str>, StoreError> {
        match self.get_ref(i)? {
            rusqlite::types::ValueRef::Null => Ok(None),
            value => Ok(Some(value.as_str().map_err(rusqlite::Error::from)?)),
        }
    }
}

/// Reads a record from a row whose columns are `id, source_id` then [`COLUMNS`].
pub(crate) fn decode(row: &impl Cells) -> Result<(i64, i64, Record), StoreError> {
    fn vocab<V: Vocabulary>(
        column: &'static str,
        t: Option<&str>,
    ) -> Result<Option<V>, StoreError> {
        t.map(|t| {
            V::from_code(t).ok_or_else(|| StoreError::Corrupt {
                column,
                value: t.into(),
            })
        })
        .transpose()
    }
    fn place(column: &'static str, t: Option<&str>) -> Result<Option<Country>, StoreError> {
        t.map(|t| {
            Country::from_alpha2(t).ok_or_else(|| StoreError::Corrupt {
                column,
                value: t.into(),
            })
        })
        .transpose()
    }
    let required = |i: usize, column: &'static str| -> Result<i64, StoreError> {
        row.int(i)?.ok_or(StoreError::Corrupt {
            column,
            value: "NULL".into(),
        })
    };
    let bits = |i: usize| -> Result<(u32, u32), StoreError> {
        Ok((
            required(i, COLUMNS[i - 2])? as u32,
            required(i + 1, COLUMNS[i - 1])? as u32,
        ))
    };
    let id = required(0, "id")?;
    let source_id = required(1, "source_id")?;
    let year = row
        .int(2)?
        .map(|y| {
            Year::new(y, u16::MAX).map_err(|_| StoreError::Corrupt {
                column: "year",
                value: y.to_string(),
            })
        })
        .transpose()?;
    let (ek, es) = bits(12)?;
    let (lk, ls) = bits(14)?;
    let (sk, ss) = bits(16)?;
    let (dk, ds) = bits(18)?;
    let (mk, ms) = bits(20)?;
    let (rk, rs) = bits(22)?;
    let record = Record {
        year,
        datasource: vocab::<DataSource>("datasource", row.text(3)?)?,
        gender: vocab::<Gender>("gender", row.text(4)?)?,
        age: vocab::<AgeBroad>("age", row.text(5)?)?,
        majority: vocab::<Majority>("majority", row.text(6)?)?,
        majority_at_exploit: vocab::<Majority>("majority_exploit", row.text(7)?)?,
        majority_entry: vocab::<Majority>("majority_entry", row.text(8)?)?,
        citizenship: place("citizenship", row.text(9)?)?,
        exploitation_country: place("exploitation_country", row.text(10)?)?,
        traffick_months: vocab::<TraffickMonths>("traffick_months", row.text(11)?)?,
        exploitation: Flags::from_bits(ek, es),
        labour: Flags::from_bits(lk, ls),
        sex: Flags::from_bits(sk, ss),
        means_detail: Flags::from_bits(dk, ds),
        means: Flags::from_bits(mk, ms),
        recruiter: Flags::from_bits(rk, rs),
        abduction: row.int(24)?.map(|a| a != 0),
    };
    Ok((id, source_id, record))
}

/// `id, source_id, <COLUMNS>` for SELECTs that [`decode`] reads.
pub(crate) fn select_list() -> String {
    format!("id, source_id, {}", COLUMNS.join(", "))
}

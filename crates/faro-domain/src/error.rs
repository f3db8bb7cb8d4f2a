//! Validation errors of single values and of whole input rows.

use std::fmt;

/// A value that is not valid for its field: what is wrong and, where it helps, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}`: {problem}")]
pub struct ValidationError {
    /// The field (column, parameter or dimension id) that holds the bad value.
    pub field: String,
    /// The reason, written for the person who has to fix the input.
    pub problem: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        ValidationError {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// One bad cell of an input row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The column as the file spells it (or empty when the problem is the whole row).
    pub column: String,
    /// The raw value, as found.
    pub value: String,
    pub reason: String,
}

/// A rejected input row: every problem found in it, not only the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The physical line of the file where the record starts (1-based; the header is line 1).
    pub line: u64,
    pub errors: Vec<FieldError>,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            if e.column.is_empty() {
                write!(f, "{}", e.reason)?;
            } else if e.value.is_empty() {
                write!(f, "column `{}`: {}", e.column, e.reason)?;
            } else {
                write!(f, "column `{}`: `{}` {}", e.column, e.value, e.reason)?;
            }
        }
        Ok(())
    }
}

//! A table header's columns: each name with the character offset where it starts, and cutting a
//! row at those offsets.

use std::fmt;

use super::cell::{is_space, value_of, value_of_ascii};
use crate::{Error, Result};

/// The columns of a table header: each name with its start offset; a column ends where the next
/// one starts, and the last one runs to the end of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnRanges {
    columns: Vec<String>,
    starts: Vec<usize>,
}

impl ColumnRanges {
    /// Reads a header line. Names are separated by two or more whitespace characters and located
    /// by scanning left to right (so `TIME` after `STIME` is found at its own place). Every name
    /// must have at least `min_col_len` characters; with `expected`, the column count must match.
    /// Duplicate names are allowed (`docker top -o pid,comm,args` prints `COMMAND` twice).
    pub fn new(header: &str, min_col_len: usize, expected: Option<usize>) -> Result<Self> {
        let chars: Vec<char> = header.chars().collect();
        let mut columns = Vec::new();
        let mut starts = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            // A name ends at a run of two whitespace characters or at the end of the line.
            while i < chars.len() && !(chars[i].is_whitespace() && chars.get(i + 1).is_none_or(|c| c.is_whitespace())) {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect::<String>().trim_end().to_string();
            if name.chars().count() < min_col_len {
                return Err(Error::output(
                    1,
                    start + 1,
                    format!("column name {name:?} is shorter than {min_col_len} characters"),
                ));
            }
            columns.push(name);
            starts.push(start);
        }
        if columns.is_empty() {
            return Err(Error::output(1, 1, "the table header is empty"));
        }
        if let Some(n) = expected {
            if n != columns.len() {
                return Err(Error::output(
                    1,
                    1,
                    format!("expected {n} columns, the header has {}: {columns:?}", columns.len()),
                ));
            }
        }
        Ok(ColumnRanges { columns, starts })
    }

    /// The column names, left to right.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The number of columns.
    pub fn count(&self) -> usize {
        self.columns.len()
    }

    /// The `(start, end)` character range of every column; the last end is `None` (end of line).
    pub fn ranges(&self) -> Vec<(usize, Option<usize>)> {
        (0..self.starts.len())
            .map(|i| (self.starts[i], self.starts.get(i + 1).copied()))
            .collect()
    }

    /// The index of the first column called `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The index of the column whose range is `(start, end)`.
    pub fn index_of_range(&self, start: usize, end: Option<usize>) -> Option<usize> {
        self.ranges().iter().position(|r| *r == (start, end))
    }

    /// The index of the column holding character `n`; `None`, a negative offset, or one outside
    /// every column gives the last column.
    pub fn offset(&self, n: Option<i64>) -> usize {
        let last = self.columns.len() - 1;
        let Some(n) = n.and_then(|n| usize::try_from(n).ok()) else {
            return last;
        };
        self.ranges()
            .iter()
            .position(|&(s, e)| n >= s && e.is_none_or(|e| n < e))
            .unwrap_or(last)
    }

    /// The keys of a row dict: the column names, a repeated name getting a `_2`, `_3`... suffix
    /// (`docker top -o pid,comm,args` prints `COMMAND` twice), so that every key is distinct.
    pub fn row_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::with_capacity(self.columns.len());
        for (i, name) in self.columns.iter().enumerate() {
            let n = 1 + self.columns[..i].iter().filter(|c| *c == name).count();
            keys.push(if n == 1 { name.clone() } else { format!("{name}_{n}") });
        }
        keys
    }

    /// Cuts one row (trailing whitespace already removed) and pushes its values, borrowed from
    /// `row`, onto `out`: one per column, `None` for an empty cell or `<none>` (see
    /// [`value_of`]). `line` (1-based) is used in the error raised when a cell's text runs
    /// across a column boundary, which means the row is not aligned with the header.
    ///
    /// Offsets count characters; an ASCII row (the usual case) is cut at byte offsets directly,
    /// any other row through a table of its characters' byte offsets.
    pub fn cut_row<'a>(&self, row: &'a str, line: usize, out: &mut Vec<Option<&'a str>>) -> Result<()> {
        if row.is_ascii() {
            return self.cut_ascii_row(row, line, out);
        }
        let offsets: Vec<usize> = row.char_indices().map(|(i, _)| i).chain([row.len()]).collect();
        self.cut_at(row, line, out, offsets.len() - 1, |i| offsets[i], value_of)
    }

    /// [`ColumnRanges::cut_row`] for a row known to be ASCII, cut at byte offsets.
    /// Bytes are characters here, so the boundary check reads the two bytes around each offset.
    pub(crate) fn cut_ascii_row<'a>(&self, row: &'a str, line: usize, out: &mut Vec<Option<&'a str>>) -> Result<()> {
        let bytes = row.as_bytes();
        let len = bytes.len();
        let mut begin = self.starts[0].min(len);
        for (i, &start) in self.starts.iter().enumerate().skip(1) {
            let end = start.min(len);
            if start > 0 && start < len && !is_space(bytes[start - 1]) && !is_space(bytes[start]) {
                return Err(self.misaligned(i, line, start));
            }
            out.push(value_of_ascii(&row[begin.min(end)..end]));
            begin = end;
        }
        out.push(value_of_ascii(&row[begin.min(len)..]));
        Ok(())
    }

    /// The error for a row whose text runs across the start of column `i` at offset `start`.
    fn misaligned(&self, i: usize, line: usize, start: usize) -> Error {
        Error::output(
            line,
            start + 1,
            format!(
                "text runs across the boundary between columns {:?} and {:?}: the row is not aligned with the header",
                self.columns[i - 1],
                self.columns[i]
            ),
        )
    }

    /// [`ColumnRanges::cut_row`] for a row of `chars` characters whose `i`-th character starts at
    /// byte `byte(i)` (`byte(chars)` is the row's length).
    pub(crate) fn cut_at<'a>(
        &self,
        row: &'a str,
        line: usize,
        out: &mut Vec<Option<&'a str>>,
        chars: usize,
        byte: impl Fn(usize) -> usize,
        value: fn(&'a str) -> Option<&'a str>,
    ) -> Result<()> {
        let char_at = |i: usize| row[byte(i)..].chars().next().unwrap_or(' ');
        for (i, &start) in self.starts.iter().enumerate() {
            if i > 0
                && start > 0
                && start < chars
                && !char_at(start - 1).is_whitespace()
                && !char_at(start).is_whitespace()
            {
                return Err(self.misaligned(i, line, start));
            }
            let end = self.starts.get(i + 1).copied().unwrap_or(usize::MAX).min(chars);
            let begin = start.min(end);
            out.push(value(&row[byte(begin)..byte(end)]));
        }
        Ok(())
    }
}

impl fmt::Display for ColumnRanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .columns
            .iter()
            .zip(self.ranges())
            .map(|(name, (s, e))| match e {
                Some(e) => format!("{name}: {s}-{e}"),
                None => format!("{name}: {s}-End"),
            })
            .collect();
        f.write_str(&parts.join(", "))
    }
}

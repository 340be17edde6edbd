//! Tables printed by the docker and podman CLIs (`images`, `ps`, `history`, `top`), sliced by the
//! header's column offsets counted in characters.
//!
//! Go's `text/tabwriter` aligns every cell of a column at the offset where the column's name starts
//! in the header, so a row is cut at those offsets. Splitting on runs of spaces instead breaks on
//! empty cells and on values that contain two spaces.
//!
//! ```
//! use dockertest::output::table::TextTable;
//!
//! let table = TextTable::parse("NAME   PORTS   SIZE\nweb            1B\n", false).unwrap();
//! assert_eq!(table.get(0, "NAME"), Some("web"));
//! assert_eq!(table.get(0, "PORTS"), None);
//! assert_eq!(table.get(0, "SIZE"), Some("1B"));
//! ```

use std::collections::HashSet;

use rustc_hash::FxBuildHasher;

use super::cell::{all_ascii, trim_end, trim_end_ascii};
pub use super::cell::{value_filter, value_of};
pub use super::columns::ColumnRanges;
use crate::{Error, Result};

/// A parsed table whose values are slices of the text it was parsed from: the header's columns
/// and one value per column and row (`None` for an empty cell), stored row after row in one vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableView<'a> {
    /// The header.
    pub columns: ColumnRanges,
    cells: Vec<Option<&'a str>>,
}

impl<'a> TableView<'a> {
    /// Parses a whole table: the first line of the stripped text is the header (any name length
    /// is accepted, as `docker top` prints a `C` column); each later line loses its trailing
    /// whitespace only and is cut by the header's offsets. A blank line gives a row of `None`.
    /// Identical rows are an error unless `allow_duplicate`.
    pub fn parse(table: &'a str, allow_duplicate: bool) -> Result<Self> {
        let trimmed = table.trim();
        // Line numbers in errors count from the first line of the text as given.
        let skipped = table[..table.len() - table.trim_start().len()].matches('\n').count();
        let mut lines = trimmed.lines();
        let header = lines.next().unwrap_or("");
        let columns = ColumnRanges::new(header, 1, None).map_err(|e| shift_line(e, skipped))?;
        // Rows are about as long as the header (tabwriter pads them alike): room for that many.
        let rows = trimmed.len() / (header.len() + 1) + 1;
        Self::cut_lines(columns, lines, skipped + 2, allow_duplicate, rows)
    }

    /// Cuts row lines by an existing header; `first_line` is the 1-based line number of the first
    /// row, used in errors.
    pub fn with_columns(
        columns: ColumnRanges,
        lines: impl Iterator<Item = &'a str>,
        first_line: usize,
        allow_duplicate: bool,
    ) -> Result<Self> {
        let rows = lines.size_hint().0;
        Self::cut_lines(columns, lines, first_line, allow_duplicate, rows)
    }

    /// [`TableView::with_columns`], with room made for `rows` rows at once. Each line is checked
    /// for ASCII in one vectorised pass while it is in the processor's cache anyway, and an ASCII
    /// line is then cut at byte offsets.
    fn cut_lines(
        columns: ColumnRanges,
        lines: impl Iterator<Item = &'a str>,
        first_line: usize,
        allow_duplicate: bool,
        rows: usize,
    ) -> Result<Self> {
        let mut cells = Vec::with_capacity(rows * columns.count());
        for (n, line) in lines.enumerate() {
            if all_ascii(line) {
                columns.cut_ascii_row(trim_end_ascii(line), first_line + n, &mut cells)?;
            } else {
                columns.cut_row(trim_end(line), first_line + n, &mut cells)?;
            }
        }
        let view = TableView { columns, cells };
        if !allow_duplicate {
            // Rows are compared as borrowed slices, hashed with the fast non-keyed Fx hash.
            let mut seen: HashSet<&[Option<&str>], FxBuildHasher> =
                HashSet::with_capacity_and_hasher(view.len(), FxBuildHasher);
            if let Some(n) = view.rows().position(|row| !seen.insert(row)) {
                return Err(Error::output(first_line + n, 1, "this row duplicates an earlier row"));
            }
        }
        Ok(view)
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.cells.len() / self.columns.count()
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The rows, each with one value per column.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, Option<&'a str>> {
        self.cells.chunks_exact(self.columns.count())
    }

    /// The value in row `row` of the first column called `name`.
    pub fn get(&self, row: usize, name: &str) -> Option<&'a str> {
        let col = self.columns.index_of(name)?;
        *self.cells.get(row * self.columns.count() + col)?
    }

    /// The same table owning its values.
    pub fn to_owned_table(&self) -> TextTable {
        let own = |row: &[Option<&str>]| row.iter().map(|v| v.map(str::to_string)).collect();
        TextTable {
            columns: self.columns.clone(),
            rows: self.rows().map(own).collect(),
        }
    }
}

/// A parsed table owning its values: the header's columns and one cell list per row (`None` for
/// an empty cell). [`TableView`] is the same without copying the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTable {
    /// The header.
    pub columns: ColumnRanges,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<Option<String>>>,
}

impl TextTable {
    /// [`TableView::parse`], owning the values.
    pub fn parse(table: &str, allow_duplicate: bool) -> Result<Self> {
        TableView::parse(table, allow_duplicate).map(|v| v.to_owned_table())
    }

    /// [`TableView::with_columns`], owning the values.
    pub fn with_columns<'a>(
        columns: ColumnRanges,
        lines: impl Iterator<Item = &'a str>,
        first_line: usize,
        allow_duplicate: bool,
    ) -> Result<Self> {
        TableView::with_columns(columns, lines, first_line, allow_duplicate).map(|v| v.to_owned_table())
    }

    /// The value in row `row` of the first column called `name`.
    pub fn get(&self, row: usize, name: &str) -> Option<&str> {
        let col = self.columns.index_of(name)?;
        self.rows.get(row)?.get(col)?.as_deref()
    }
}

fn shift_line(err: Error, by: usize) -> Error {
    match err {
        Error::Output {
            command,
            line,
            column,
            reason,
        } => Error::Output {
            command,
            line: line + by,
            column,
            reason,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::cell::value_of_ascii;
    use super::*;
    use proptest::prelude::*;

    fn ps_header() -> String {
        let mut header = String::new();
        for n in [
            "CONTAINER ID",
            "IMAGE",
            "COMMAND",
            "CREATED",
            "STATUS",
            "PORTS",
            "NAMES",
        ] {
            header.push_str(n);
            header.push_str(&" ".repeat(20 - n.len()));
        }
        header
    }

    #[test]
    fn pinned_ps_header_of_seven_padded_columns() {
        let cr = ColumnRanges::new(&ps_header(), 3, None).unwrap();
        assert_eq!(cr.count(), 7);
        assert!(cr.index_of_range(0, Some(20)).is_some());
        assert!(cr.index_of_range(20, Some(40)).is_some());
        assert!(cr.index_of_range(60, Some(80)).is_some());
        assert_eq!(cr.columns()[cr.offset(Some(7))], "CONTAINER ID");
        assert_eq!(cr.columns()[cr.offset(Some(20))], "IMAGE");
        for n in [Some(7 * 20), Some(99_999), Some(-99_999), None] {
            assert_eq!(cr.columns()[cr.offset(n)], "NAMES");
        }
        assert_eq!(cr.ranges().last(), Some(&(120, None)));
    }

    #[test]
    fn blank_or_short_headers_are_errors() {
        for h in ["", " ", "\0\0", "\n"] {
            let err = ColumnRanges::new(h, 3, None).unwrap_err();
            assert!(matches!(err, Error::Output { line: 1, .. }), "{h:?}: {err}");
        }
        assert!(ColumnRanges::new("ONE   TWO", 3, Some(3)).is_err());
        assert_eq!(ColumnRanges::new("ONE   TWO", 3, Some(2)).unwrap().count(), 2);
    }

    #[test]
    fn names_are_located_left_to_right_and_may_repeat() {
        let cr = ColumnRanges::new("UID   C   STIME   TIME   CMD   CMD", 1, None).unwrap();
        assert_eq!(cr.columns(), ["UID", "C", "STIME", "TIME", "CMD", "CMD"]);
        assert_eq!(cr.ranges()[3], (18, Some(25)));
        assert_eq!(
            cr.to_string(),
            "UID: 0-6, C: 6-10, STIME: 10-18, TIME: 18-25, CMD: 25-31, CMD: 31-End"
        );
    }

    #[test]
    fn pinned_three_column_table() {
        let t = TextTable::parse(
            "  one   two   three  \nfoo   bar   \n1     2     3   4  \n\n     a     b     c",
            false,
        )
        .unwrap();
        let s = |v: &str| Some(v.to_string());
        assert_eq!(t.rows[0], vec![s("foo"), s("bar"), None]);
        assert_eq!(t.rows[1], vec![s("1"), s("2"), s("3   4")]);
        assert_eq!(t.rows[2], vec![None, None, None]);
        assert_eq!(t.rows[3], vec![s("a"), s("b"), s("c")]);
    }

    #[test]
    fn rows_cut_by_a_given_header() {
        let cr = ColumnRanges::new("ONE   TWO", 3, None).unwrap();
        let t = TextTable::with_columns(cr, ["a     b", "", "c"].into_iter(), 1, true).unwrap();
        assert_eq!(t.get(0, "TWO"), Some("b"));
        assert_eq!(t.rows[1], vec![None, None]);
        assert_eq!(t.get(2, "ONE"), Some("c"));
    }

    #[test]
    fn offsets_are_counted_in_characters() {
        let t = TextTable::parse("COMMAND      NAMES\n\"sh -c e…\"   x\n", false).unwrap();
        assert_eq!(t.get(0, "COMMAND"), Some("\"sh -c e…\""));
        assert_eq!(t.get(0, "NAMES"), Some("x"));
    }

    #[test]
    fn misaligned_rows_and_duplicates_name_the_line_and_column() {
        let err = TextTable::parse("AAA   BBB\nxxxxxxyyy\n", false).unwrap_err();
        assert_eq!(err, Error::output(2, 7, "text runs across the boundary between columns \"AAA\" and \"BBB\": the row is not aligned with the header"));
        let err = TextTable::parse("\n\nAAA   BBB\nx     y\nx     y\n", false).unwrap_err();
        assert!(matches!(err, Error::Output { line: 5, column: 1, .. }), "{err}");
        assert_eq!(
            TextTable::parse("AAA   BBB\nx     y\nx     y\n", true)
                .unwrap()
                .rows
                .len(),
            2
        );
    }

    proptest! {
        #[test]
        fn table_parser_never_panics(text in "\\PC*", dup in any::<bool>()) {
            let _ = TextTable::parse(&text, dup);
        }

        #[test]
        fn table_parser_never_panics_on_tablelike_text(text in "([A-Z ]{0,12}[ \\t\\n…é<>]{0,4}){0,12}") {
            if let Ok(t) = TextTable::parse(&text, true) {
                prop_assert!(t.rows.iter().all(|r| r.len() == t.columns.count()));
            }
        }

        #[test]
        fn rendered_tables_parse_back(
            names in proptest::collection::vec("[A-Z]{1,6}( [A-Z]{1,4})?", 1..6),
            seed_rows in proptest::collection::vec(
                proptest::collection::vec("([a-zé…<>]{1,4}( {1,2}[a-z…]{1,3}){0,2})?", 6), 0..8),
            padding in 2usize..4,
        ) {
            // Render as Go's tabwriter does: every column as wide as its widest cell plus padding.
            let rows: Vec<Vec<String>> = seed_rows
                .into_iter()
                .map(|r| {
                    let mut r: Vec<String> = r.into_iter().take(names.len()).collect();
                    if r[0].is_empty() {
                        r[0].push('x'); // a row with an empty first cell could be all blank
                    }
                    r
                })
                .collect();
            let width = |i: usize| {
                let cells = rows.iter().map(|r| r[i].chars().count()).chain([names[i].len()]);
                cells.max().unwrap_or(0) + padding
            };
            let render = |cells: &[String]| {
                let mut line = String::new();
                for (i, cell) in cells.iter().enumerate() {
                    line.push_str(cell);
                    if i + 1 < cells.len() {
                        line.push_str(&" ".repeat(width(i) - cell.chars().count()));
                    }
                }
                line
            };
            let mut text = render(&names);
            for r in &rows {
                text.push('\n');
                text.push_str(&render(r));
            }
            let table = TextTable::parse(&text, true).unwrap();
            prop_assert_eq!(table.columns.columns(), names.as_slice());
            let want: Vec<Vec<Option<String>>> =
                rows.iter().map(|r| r.iter().map(|c| value_filter(c)).collect()).collect();
            prop_assert_eq!(table.rows, want);
        }

        #[test]
        fn ascii_trimming_is_str_trimming(cell in "[ \t\n\x0b\x0c\r\x1c\x1fa<>noe]{0,12}") {
            prop_assert_eq!(value_of_ascii(&cell), value_of(&cell));
            prop_assert_eq!(trim_end(&cell), cell.trim_end());
        }

        #[test]
        fn ascii_rows_are_cut_as_any_row(
            header in "( {0,2}[A-Z]{1,5}( [A-Z]{1,3})?){1,5}",
            row in "[a-z <>\t\x0b]{0,40}",
        ) {
            if let Ok(cr) = ColumnRanges::new(&header, 1, None) {
                let (mut ascii, mut any) = (Vec::new(), Vec::new());
                let chars = row.chars().count();
                let by_ascii = cr.cut_ascii_row(&row, 2, &mut ascii).map_err(|e| e.to_string());
                let by_any = cr.cut_at(&row, 2, &mut any, chars, |i| i, value_of).map_err(|e| e.to_string());
                prop_assert_eq!(&by_ascii, &by_any);
                if by_any.is_ok() {
                    prop_assert_eq!(ascii, any);
                }
            }
        }

        #[test]
        fn all_ascii_is_str_is_ascii(text in "\\PC{0,80}") {
            prop_assert_eq!(all_ascii(&text), text.is_ascii());
        }

        #[test]
        fn offset_never_panics(header in "\\PC*", n in proptest::option::of(any::<i64>())) {
            if let Ok(cr) = ColumnRanges::new(&header, 1, None) {
                prop_assert!(cr.offset(n) < cr.count());
            }
        }
    }
}

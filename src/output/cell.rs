//! One cell of a table: its text trimmed, `''` and `<none>` read as "no value".

/// Turns a raw cell into a value: surrounding whitespace is removed, and `''` or `<none>` means
/// "no value".
pub fn value_filter(cell: &str) -> Option<String> {
    value_of(cell).map(str::to_string)
}

/// [`value_filter`] without copying: the value is a slice of `cell`.
pub fn value_of(cell: &str) -> Option<&str> {
    let v = cell.trim();
    (!v.is_empty() && v != "<none>").then_some(v)
}

/// A whitespace byte of ASCII text, as `char::is_whitespace` says (which counts the vertical tab).
pub(crate) fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
}

/// Eight spaces read as one number.
const SPACES: u64 = 0x2020_2020_2020_2020;

/// [`value_of`] for ASCII text, trimmed byte by byte. A cell's padding is long and made of spaces,
/// so the end is first moved back eight spaces at a time.
pub(crate) fn value_of_ascii(cell: &str) -> Option<&str> {
    let bytes = cell.as_bytes();
    let start = bytes.iter().position(|&b| !is_space(b))?;
    let mut end = bytes.len();
    while end >= start + 8 && bytes[end - 8..end].iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b)) == SPACES {
        end -= 8;
    }
    let end = bytes[..end]
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |e| e + 1);
    let v = &cell[start..end];
    (v != "<none>").then_some(v)
}

/// `line.trim_end()`, byte by byte for an ASCII line.
pub(crate) fn trim_end(line: &str) -> &str {
    if line.is_ascii() {
        trim_end_ascii(line)
    } else {
        line.trim_end()
    }
}

/// [`trim_end`] for a line known to be ASCII.
pub(crate) fn trim_end_ascii(line: &str) -> &str {
    let end = line.as_bytes().iter().rposition(|&b| !is_space(b)).map_or(0, |e| e + 1);
    &line[..end]
}

/// True when `text` is ASCII: one pass with no early exit, which the compiler turns into wide
/// vector operations (a whole table is checked once, instead of each row on its own).
pub(crate) fn all_ascii(text: &str) -> bool {
    text.as_bytes().iter().fold(0u8, |acc, &b| acc | b) < 0x80
}

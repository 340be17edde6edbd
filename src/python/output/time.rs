//! Bindings for [`crate::output::time`]: docker timestamps and UTC offsets.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::output::time;

/// `(year, month, day, hour, minute, second, microsecond, utc_offset_seconds)`.
type TimeParts = (i32, u8, u8, u8, u8, u8, u32, i32);

/// Parses the first timestamp in `text` into
/// `(year, month, day, hour, minute, second, microsecond, utc_offset_seconds)`.
#[pyfunction]
pub fn parse_docker_time(text: &Bound<'_, PyAny>) -> PyResult<TimeParts> {
    let Ok(text) = text.extract::<String>() else {
        return Err(PyTypeError::new_err(format!(
            "a docker timestamp must be a str, not {}",
            text.get_type()
        )));
    };
    let t = time::DockerTime::parse(&text)?;
    Ok((
        t.year,
        t.month,
        t.day,
        t.hour,
        t.minute,
        t.second,
        t.microsecond,
        t.offset_seconds,
    ))
}

/// Parses `+HH:MM`, `-HHMM` or `Z` into seconds east of UTC.
#[pyfunction]
pub fn parse_utc_offset(text: &str) -> PyResult<i32> {
    Ok(time::parse_utc_offset(text)?)
}

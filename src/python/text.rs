//! Text crossing the boundary in per-call APIs (image names), without needless copies.
//!
//! Reading: pyo3 reads a `str` argument through a fresh `bytes` copy when the module's stable-ABI
//! floor is Python 3.9, because `PyUnicode_AsUTF8AndSize` joined the stable ABI only in 3.10. The
//! interpreter has exported that function since 3.3 with the same signature, and for an ASCII
//! string it returns the string's own data, so [`borrow_str`] reads through it instead.
//!
//! Writing: the parts of image names repeat (registry hosts, users, `latest`), so [`cached_str`]
//! keeps the `str` made for a short text in a small per-thread table and hands it out again.

use std::cell::RefCell;
use std::hash::Hasher;
use std::os::raw::c_char;

use rustc_hash::FxHasher;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

extern "C" {
    fn PyUnicode_AsUTF8AndSize(unicode: *mut ffi::PyObject, size: *mut ffi::Py_ssize_t) -> *const c_char;
}

/// The text of `s`, borrowed for as long as `s` lives.
pub fn borrow_str<'a>(s: &'a Bound<'_, PyString>) -> PyResult<&'a str> {
    let mut size: ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str` and the GIL is held (we have a `Bound`). The returned buffer is
    // owned by the string object (its data, or its cached UTF-8 form), so it lives as long as `s`.
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &raw mut size) };
    if data.is_null() {
        return Err(PyErr::fetch(s.py()));
    }
    let len = usize::try_from(size).unwrap_or_default();
    // SAFETY: CPython returned a pointer to `size` bytes of valid UTF-8 owned by `s`.
    Ok(unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(data.cast::<u8>(), len)) })
}

/// Slots in the per-thread table of [`cached_str`] (a power of two).
const SLOTS: usize = 512;
/// Longer texts are made afresh each time.
const LONGEST: usize = 48;

thread_local! {
    /// The `str` last made for each slot's texts.
    static MADE: RefCell<Vec<Option<Py<PyString>>>> = RefCell::new((0..SLOTS).map(|_| None).collect());
}

/// A `str` holding `text`: the one made last time for the same short text if it is still in its
/// slot of the per-thread table, else a new one (which takes the slot).
pub fn cached_str<'py>(py: Python<'py>, text: &str) -> Bound<'py, PyString> {
    if text.len() > LONGEST {
        return PyString::new(py, text);
    }
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    // The low bits of the hash pick the slot; truncating the u64 is the point.
    #[allow(clippy::cast_possible_truncation)]
    let slot = hasher.finish() as usize & (SLOTS - 1);
    MADE.with(|made| {
        let mut made = made.borrow_mut();
        if let Some(old) = &made[slot] {
            let old = old.bind(py);
            if borrow_str(old).is_ok_and(|t| t == text) {
                return old.clone();
            }
        }
        let new = PyString::new(py, text);
        made[slot] = Some(new.clone().unbind());
        new
    })
}

//! Text crossing the boundary in per-call APIs (image names), without needless copies.
//!
//! Reading: pyo3 reads a `str` argument through a fresh `bytes` copy when the module's stable-ABI
//! floor is Python 3.9, because `PyUnicode_AsUTF8AndSize` joined the stable ABI only in 3.10. The
//! interpreter has exported that function since 3.3 with the same signature, and for an ASCII
//! string it returns the string's own data, so [`borrow_str`] reads through it instead.
//!
//! Writing: the parts of image names repeat (registry hosts, users, `latest`), and so do the cells
//! of a table's columns, so [`StrCache`] keeps the `str` made for a short text in a small
//! per-thread table and hands it out again.

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

/// The per-thread table of recently made short strings; see [`with_str_cache`].
///
/// It is kept small (8 KiB) so that it stays in the processor's nearest cache: each slot holds the
/// `str` made last for its texts and that text's hash, and a lookup whose hash matches compares
/// the text itself through the `str`, whose memory the reference count touches anyway.
pub struct StrCache {
    made: Box<[Option<Py<PyString>>]>,
    hashes: Box<[u64]>,
}

thread_local! {
    /// The table, made on a thread's first use.
    static MADE: RefCell<StrCache> = RefCell::new(StrCache {
        made: (0..SLOTS).map(|_| None).collect(),
        hashes: vec![0; SLOTS].into_boxed_slice(),
    });
}

/// Runs `f` with this thread's table of recently made strings, looked up once for many
/// [`StrCache::get`] calls. When the table is already in use further up the stack (a finalizer
/// run by the garbage collector in the middle of a parse could parse too), `f` gets no table and
/// makes its strings afresh.
pub fn with_str_cache<R>(f: impl FnOnce(Option<&mut StrCache>) -> R) -> R {
    MADE.with(|made| match made.try_borrow_mut() {
        Ok(mut cache) => f(Some(&mut cache)),
        Err(_) => f(None),
    })
}

impl StrCache {
    /// A `str` holding `text`: the one made last time for the same short text if it is still in
    /// its slot, else a new one (which takes the slot).
    pub fn get<'py>(&mut self, py: Python<'py>, text: &str) -> Bound<'py, PyString> {
        self.lookup(py, text).0
    }

    /// [`StrCache::get`] for one of a column's cells, when the column's texts repeat often enough
    /// for the lookup to pay (see [`Repeats`]).
    pub fn get_in<'py>(&mut self, py: Python<'py>, text: &str, repeats: &mut Repeats) -> Bound<'py, PyString> {
        if repeats.looked >= Repeats::TRIAL && repeats.found * 8 < repeats.looked {
            return PyString::new(py, text);
        }
        let (made, found) = self.lookup(py, text);
        repeats.looked += 1;
        repeats.found += u32::from(found);
        made
    }

    /// The `str` for `text`, and whether it was found in the table.
    fn lookup<'py>(&mut self, py: Python<'py>, text: &str) -> (Bound<'py, PyString>, bool) {
        if text.len() > LONGEST {
            return (PyString::new(py, text), false);
        }
        let mut hasher = FxHasher::default();
        hasher.write(text.as_bytes());
        let hash = hasher.finish();
        // The low bits of the hash pick the slot; truncating the u64 is the point.
        #[allow(clippy::cast_possible_truncation)]
        let slot = hash as usize & (SLOTS - 1);
        if self.hashes[slot] == hash {
            if let Some(old) = &self.made[slot] {
                let old = old.bind(py);
                if borrow_str(old).is_ok_and(|t| t == text) {
                    return (old.clone(), true);
                }
            }
        }
        let new = PyString::new(py, text);
        self.hashes[slot] = hash;
        self.made[slot] = Some(new.clone().unbind());
        (new, false)
    }
}

/// How often a column's texts were found in the [`StrCache`]. A column whose first
/// [`Repeats::TRIAL`] texts were nearly all new (ids, names) stops looking them up, so it neither
/// pays for lookups that miss nor pushes out the strings of the columns that do repeat.
#[derive(Debug, Default, Clone, Copy)]
pub struct Repeats {
    looked: u32,
    found: u32,
}

impl Repeats {
    /// Lookups made before a column's hit rate is judged.
    const TRIAL: u32 = 32;
}

/// [`StrCache::get`] when there is a cache, else a new `str`.
pub fn cached_str<'py>(py: Python<'py>, cache: Option<&mut StrCache>, text: &str) -> Bound<'py, PyString> {
    match cache {
        Some(cache) => cache.get(py, text),
        None => PyString::new(py, text),
    }
}

//! Text crossing the boundary (image names, table cells), without needless copies.
//!
//! Reading: pyo3 reads a `str` argument through a fresh `bytes` copy when the module's stable-ABI
//! floor is Python 3.9, because `PyUnicode_AsUTF8AndSize` joined the stable ABI only in 3.10. The
//! interpreter has exported that function since 3.3 with the same signature, and for an ASCII
//! string it returns the string's own data, so [`borrow_str`] reads through it instead.
//!
//! Writing: a part of an ASCII `str` is copied straight out of it by [`substring`] (the
//! interpreter's `PyUnicode_Substring`, no UTF-8 decoding). The cells of a table's columns repeat
//! (images, statuses, commands), so [`StrCache`] keeps the `str` made for a short text in a small
//! per-thread table and hands it out again. The parts of a single image name are not looked up
//! there: measured, a lookup cost as much as the copy it saved.

use std::cell::RefCell;
use std::os::raw::c_char;

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

/// Slots in the per-thread table of [`StrCache`] (a power of two).
const SLOTS: usize = 512;
/// Texts up to this long are told apart by their [`Key`] alone.
const EXACT: usize = 16;
/// Longer texts are made afresh each time.
const LONGEST: usize = 48;

/// A text's length and up to 16 of its bytes: the first and last 8 (overlapping when it is
/// shorter than 16 bytes), or for shorter texts the first and last 4, or the first, middle and
/// last byte. Two texts of at most [`EXACT`] bytes with equal keys are equal, so most lookups
/// compare two words instead of calling `memcmp`, and the key is the hash too.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    words: [u64; 2],
    len: usize,
}

impl Key {
    /// The key of `text`.
    #[inline]
    fn of(text: &[u8]) -> Key {
        let len = text.len();
        let word = |at: usize| u64::from_le_bytes(text[at..at + 8].try_into().unwrap_or_default());
        let half = |at: usize| u64::from(u32::from_le_bytes(text[at..at + 4].try_into().unwrap_or_default()));
        let words = match len {
            8.. => [word(0), word(len - 8)],
            4..8 => [half(0) | half(len - 4) << 32, 0],
            1..4 => [
                u64::from(text[0]) | u64::from(text[len / 2]) << 8 | u64::from(text[len - 1]) << 16,
                0,
            ],
            0 => [0, 0],
        };
        Key { words, len }
    }

    /// The slot of the key: the top bits of a multiplicative hash of its words.
    #[inline]
    fn slot(&self) -> usize {
        let mixed =
            (self.words[0] ^ self.words[1].rotate_left(29) ^ self.len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // The top bits of the product pick the slot; truncating the u64 is the point.
        #[allow(clippy::cast_possible_truncation)]
        let slot = (mixed >> (64 - SLOTS.trailing_zeros())) as usize;
        slot
    }
}

/// One slot of the [`StrCache`]: the `str` made last for a text of this slot, and its key.
struct Slot {
    key: Key,
    made: Option<Py<PyString>>,
}

/// The per-thread table of recently made short strings; see [`with_str_cache`].
///
/// It is kept small (16 KiB of slots) so that it stays in the processor's nearest caches. A text
/// of at most [`EXACT`] bytes is found by its [`Key`] alone; for a longer one the slot also keeps
/// where its `str` holds its UTF-8 text, to compare the rest without a call into the interpreter.
pub struct StrCache {
    slots: [Slot; SLOTS],
    texts: [*const u8; SLOTS],
}

thread_local! {
    /// The table; all its slots start empty, so it needs no lazy set-up.
    static MADE: RefCell<StrCache> = const {
        RefCell::new(StrCache {
            slots: [const { Slot { key: Key { words: [0, 0], len: 0 }, made: None } }; SLOTS],
            texts: [std::ptr::null(); SLOTS],
        })
    };
}

/// Runs `f` with this thread's table of recently made strings, looked up once for many
/// [`StrCache`] lookups. When the table is already in use further up the stack (a finalizer
/// run by the garbage collector in the middle of a parse could parse too), `f` gets no table and
/// makes its strings afresh.
pub fn with_str_cache<R>(f: impl FnOnce(Option<&mut StrCache>) -> R) -> R {
    MADE.with(|made| match made.try_borrow_mut() {
        Ok(mut cache) => f(Some(&mut cache)),
        Err(_) => f(None),
    })
}

impl StrCache {
    /// A `str` holding `text` for one of a column's cells: the one made last time for the same
    /// short text if it is still in its slot, else the one `new_str` makes (which takes the slot). A
    /// column whose texts seldom repeat stops looking them up (see [`Repeats`]).
    pub fn get_in<'py>(
        &mut self,
        py: Python<'py>,
        text: &str,
        repeats: &mut Repeats,
        new_str: impl FnOnce() -> PyResult<Bound<'py, PyString>>,
    ) -> PyResult<Bound<'py, PyString>> {
        if text.len() > LONGEST || (repeats.looked >= Repeats::TRIAL && repeats.found * 8 < repeats.looked) {
            return new_str();
        }
        let (made, found, old) = self.lookup(text, new_str)?;
        repeats.looked += 1;
        repeats.found += u32::from(found);
        // SAFETY: `made` is a live `str` held by the table.
        let made = unsafe { Bound::from_borrowed_ptr(py, made).cast_into_unchecked() };
        // Released as a `Bound`, which needs no check of the GIL as `Py` does.
        drop(old.map(|old| old.into_bound(py)));
        Ok(made)
    }

    /// The `str` for a short `text`, borrowed from the table; whether it was found there; and
    /// the `str` that a new one pushed out of its slot.
    #[inline]
    fn lookup<'py>(
        &mut self,
        text: &str,
        make: impl FnOnce() -> PyResult<Bound<'py, PyString>>,
    ) -> PyResult<(*mut ffi::PyObject, bool, Option<Py<PyString>>)> {
        let key = Key::of(text.as_bytes());
        let at = key.slot();
        let slot = &mut self.slots[at];
        if let Some(old) = &slot.made {
            // SAFETY: `texts[at]` holds the `len` bytes of the UTF-8 text of `old` (set with
            // its key below), which the table keeps alive.
            if slot.key == key
                && (key.len <= EXACT
                    || unsafe { std::slice::from_raw_parts(self.texts[at], key.len) } == text.as_bytes())
            {
                return Ok((old.as_ptr(), true, None));
            }
        }
        let new = make()?;
        let ptr = new.as_ptr();
        if key.len > EXACT {
            self.texts[at] = borrow_str(&new)?.as_ptr();
        }
        slot.key = key;
        Ok((ptr, false, slot.made.replace(new.unbind())))
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

/// The `str` holding `part`, a slice of `text`, which is the text of `whole` read by
/// [`borrow_str`]. When `whole` is ASCII (`ascii`), its byte offsets are its character indexes,
/// and the part is copied straight out of `whole` (no UTF-8 decoding); else it is decoded.
pub fn substring<'py>(
    whole: &Bound<'py, PyString>,
    text: &str,
    part: &str,
    ascii: bool,
) -> PyResult<Bound<'py, PyString>> {
    if !ascii {
        return Ok(PyString::new(whole.py(), part));
    }
    let start = part.as_ptr() as usize - text.as_ptr() as usize;
    let (start, end) = (as_ssize(start), as_ssize(start + part.len()));
    // SAFETY: `whole` is a live `str` and the GIL is held; the indexes lie within it.
    unsafe { Bound::from_owned_ptr_or_err(whole.py(), ffi::PyUnicode_Substring(whole.as_ptr(), start, end)) }
        .map(|s| unsafe { s.cast_into_unchecked() })
}

/// Whether `whole`, whose text [`borrow_str`] read as `text`, is ASCII: it is when it has as
/// many characters as its text has bytes (asked of the interpreter, which knows the length).
pub fn is_ascii(whole: &Bound<'_, PyString>, text: &str) -> bool {
    // SAFETY: `whole` is a live `str` and the GIL is held.
    let chars = unsafe { ffi::PyUnicode_GetLength(whole.as_ptr()) };
    usize::try_from(chars).is_ok_and(|chars| chars == text.len())
}

/// A length or offset within a Python object as `Py_ssize_t` (which holds any of them).
fn as_ssize(n: usize) -> ffi::Py_ssize_t {
    ffi::Py_ssize_t::try_from(n).unwrap_or(ffi::Py_ssize_t::MAX)
}

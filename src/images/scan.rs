//! One look at the bytes of an image name: where its last two `/` are, and whether the segments
//! around them are made of the characters their parts allow. [`super::name`] decides the parts
//! from this [`Scan`].
//!
//! A name of at most 64 bytes is read 16 bytes at a time with SSE2 (every x86-64 processor has
//! it) into one bit mask per byte class, and the segments are checked with bit arithmetic on the
//! masks; a longer name, or any name on another processor, is read byte by byte through a table
//! of byte classes. Both give the same [`Scan`] (a test holds them to it).

/// What the bytes of a name are: the last two `/`, and the byte classes of the segments.
// Each flag is one independent fact about the name that the parser tests on its own.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Scan {
    /// The last `/`, if any.
    pub last: Option<usize>,
    /// The `/` before the last one, if any.
    pub second: Option<usize>,
    /// Every byte after the last `/` (or of the name, without one), other than `:`, is a
    /// character of a repository name or tag (letters, digits and `_-.`).
    pub tail_name: bool,
    /// There is more than one `:` after the last `/`.
    pub many_colons: bool,
    /// The first `:` after the last `/`, if any.
    pub tail_colon: Option<usize>,
    /// Every byte between the last two `/` is a character of a user name (letters, digits and
    /// `_-.+`); true when there are not two `/`.
    pub middle_user: bool,
    /// Some byte before the last `/` is `:` or `.` (a registry host has one).
    pub host_before_last: bool,
    /// Some byte may belong to whitespace: an ASCII control or blank byte, or a non-ASCII one.
    pub odd: bool,
}

/// Scans the bytes of a name.
#[inline]
pub(super) fn scan(bytes: &[u8]) -> Scan {
    #[cfg(target_arch = "x86_64")]
    if bytes.len() <= 64 {
        return masks::scan(bytes);
    }
    bytewise::scan(bytes)
}

/// The byte-at-a-time scan, through a table of byte classes.
pub(super) mod bytewise {
    use super::Scan;

    /// A character of a repository name or tag.
    const NAME: u8 = 1;
    /// A character of a user name (a name character or `+`).
    const USER: u8 = 2;
    /// `:`.
    const COLON: u8 = 4;
    /// `:` or `.`.
    const HOST: u8 = 8;
    /// An ASCII control or blank byte, or a non-ASCII one.
    const ODD: u8 = 16;
    /// `/`.
    const SLASH: u8 = 32;

    /// The class bits of every byte value.
    static CLASS: [u8; 256] = {
        let mut table = [0u8; 256];
        let mut c: u8 = 0;
        loop {
            table[c as usize] = if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
                NAME | USER
            } else {
                match c {
                    b'.' => NAME | USER | HOST,
                    b'+' => USER,
                    b':' => COLON | HOST,
                    b'/' => SLASH,
                    0..=b' ' | 0x7f..=u8::MAX => ODD,
                    _ => 0,
                }
            };
            if c == u8::MAX {
                break table;
            }
            c += 1;
        }
    };

    /// Scans `bytes` once, from the start.
    pub(in crate::images) fn scan(bytes: &[u8]) -> Scan {
        let (mut last, mut second) = (None, None);
        // The class bits every byte of the current segment has (a `:` counting as a name
        // character, and counted), and those of the segment before it.
        let (mut tail, mut colons, mut middle) = (NAME | USER, 0u32, NAME | USER);
        let (mut before_last, mut any) = (0u8, 0u8);
        for (i, &b) in bytes.iter().enumerate() {
            let class = CLASS[usize::from(b)];
            if class & SLASH != 0 {
                (second, last) = (last, Some(i));
                (middle, before_last) = (tail, any);
                (tail, colons) = (NAME | USER, 0);
            } else {
                tail &= if class & COLON != 0 { NAME } else { class };
                colons += u32::from(class & COLON != 0);
            }
            any |= class;
        }
        let start = last.map_or(0, |l| l + 1);
        Scan {
            last,
            second,
            tail_name: tail & NAME != 0,
            many_colons: colons > 1,
            tail_colon: bytes[start..].iter().position(|&b| b == b':').map(|c| start + c),
            middle_user: second.is_none() || middle & USER != 0,
            host_before_last: before_last & HOST != 0,
            odd: any & ODD != 0,
        }
    }
}

/// The scan of a name of at most 64 bytes through SSE2 bit masks.
#[cfg(target_arch = "x86_64")]
pub(super) mod masks {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_set_epi32, _mm_set_epi64x, _mm_sub_epi8,
    };

    use super::Scan;

    /// One bit per byte of the name (bit `i` for byte `i`), for each class the scan needs.
    #[derive(Default)]
    struct Masks {
        slash: u64,
        colon: u64,
        /// Letters, digits and `_-.`.
        name: u64,
        /// Name characters and `+`.
        user: u64,
        /// `:` and `.`.
        host: u64,
        /// Printable ASCII, from `!` to `~`.
        printable: u64,
    }

    /// The byte `b` in every lane (the intrinsics take lanes as `i8`).
    #[inline]
    fn splat(b: u8) -> __m128i {
        // SAFETY: SSE2 is part of every x86-64 processor.
        unsafe { _mm_set1_epi8(i8::from_ne_bytes([b])) }
    }

    /// The lanes of `v` that lie in `low..=low + span` (unsigned), as a bit mask.
    #[inline]
    fn in_range(v: __m128i, low: u8, span: u8) -> u16 {
        // SAFETY: SSE2 is part of every x86-64 processor. `v - low`, wrapping, is at most `span`
        // exactly when it equals its minimum with `span`.
        unsafe {
            let shifted = _mm_sub_epi8(v, splat(low));
            bits(_mm_cmpeq_epi8(_mm_min_epu8(shifted, splat(span)), shifted))
        }
    }

    /// The lanes of `v` equal to `b`, as an SSE2 mask.
    #[inline]
    fn equal(v: __m128i, b: u8) -> __m128i {
        // SAFETY: SSE2 is part of every x86-64 processor.
        unsafe { _mm_cmpeq_epi8(v, splat(b)) }
    }

    /// The top bit of each lane of an SSE2 mask, as a bit mask.
    #[inline]
    fn bits(mask: __m128i) -> u16 {
        // SAFETY: SSE2 is part of every x86-64 processor. Only the low 16 bits are set.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        unsafe {
            _mm_movemask_epi8(mask) as u16
        }
    }

    /// The masks of the 16 bytes in `v`.
    #[inline]
    fn chunk(v: __m128i) -> [u16; 6] {
        let (slash, colon, dot) = (bits(equal(v, b'/')), bits(equal(v, b':')), bits(equal(v, b'.')));
        // SAFETY: SSE2 is part of every x86-64 processor. Setting bit 5 turns upper-case letters
        // into lower-case ones and leaves the lower-case ones where they are.
        let folded = unsafe { _mm_or_si128(v, splat(0x20)) };
        let name =
            in_range(folded, b'a', 25) | in_range(v, b'0', 9) | bits(equal(v, b'_')) | bits(equal(v, b'-')) | dot;
        let user = name | bits(equal(v, b'+'));
        let printable = in_range(v, b'!', b'~' - b'!');
        [slash, colon, name, user, colon | dot, printable]
    }

    impl Masks {
        /// Adds the masks of a chunk whose lanes `lanes` (a bit mask of them, the lowest
        /// first) hold bytes from `at` on: the lanes are moved to bit `at`, and lanes that
        /// overlap bytes already added agree with them.
        #[inline]
        fn add(&mut self, chunk: [u16; 6], lanes: u16, at: usize) {
            let [slash, colon, name, user, host, printable] = chunk.map(|c| u64::from(c & lanes) << at);
            self.slash |= slash;
            self.colon |= colon;
            self.name |= name;
            self.user |= user;
            self.host |= host;
            self.printable |= printable;
        }
    }

    /// The first `N` bytes of `bytes` from `at`, as an integer read in memory order.
    #[inline]
    fn word<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
        bytes[at..at + N].try_into().unwrap_or([0; N])
    }

    /// The masks of a name of at most 64 bytes. Whole chunks of 16 bytes are read where they
    /// lie; the rest of a name of 16 bytes or more is read as the 16 bytes ending with it
    /// (overlapping the chunk before), and a shorter name as its first and last 8 (or 4) bytes,
    /// so nothing is copied and nothing past the name is read.
    #[inline]
    fn masks(bytes: &[u8]) -> Masks {
        // SAFETY (for the loads below): SSE2 is part of every x86-64 processor, and each load
        // reads 16 bytes inside `bytes` or builds the vector from integers read from it.
        let len = bytes.len();
        let mut m = Masks::default();
        if len >= 16 {
            let mut at = 0;
            while at + 16 <= len {
                let v = unsafe { _mm_loadu_si128(bytes[at..at + 16].as_ptr().cast()) };
                m.add(chunk(v), u16::MAX, at);
                at += 16;
            }
            if at < len {
                let v = unsafe { _mm_loadu_si128(bytes[len - 16..].as_ptr().cast()) };
                m.add(chunk(v), u16::MAX, len - 16);
            }
        } else if len >= 8 {
            let (low, high) = (
                i64::from_le_bytes(word(bytes, 0)),
                i64::from_le_bytes(word(bytes, len - 8)),
            );
            let c = chunk(unsafe { _mm_set_epi64x(high, low) });
            m.add(c, 0xff, 0);
            m.add(c.map(|c| c >> 8), 0xff, len - 8);
        } else if len >= 4 {
            let (low, high) = (
                i32::from_le_bytes(word(bytes, 0)),
                i32::from_le_bytes(word(bytes, len - 4)),
            );
            let c = chunk(unsafe { _mm_set_epi32(0, 0, high, low) });
            m.add(c, 0xf, 0);
            m.add(c.map(|c| c >> 4), 0xf, len - 4);
        } else {
            let mut four = [0u8; 4];
            four[..len].copy_from_slice(bytes);
            let c = chunk(unsafe { _mm_set_epi32(0, 0, 0, i32::from_le_bytes(four)) });
            m.add(c, (1 << len) - 1, 0);
        }
        m
    }

    /// The bits below bit `i` (`i` < 64).
    #[inline]
    fn below(i: usize) -> u64 {
        (1u64 << i) - 1
    }

    /// The bits above bit `i` (`i` < 64).
    #[inline]
    fn above(i: usize) -> u64 {
        (u64::MAX << i) << 1
    }

    /// The highest set bit of a non-zero mask.
    #[inline]
    fn highest(mask: u64) -> usize {
        63 - mask.leading_zeros() as usize
    }

    /// Scans a name of at most 64 bytes.
    pub(in crate::images) fn scan(bytes: &[u8]) -> Scan {
        debug_assert!(bytes.len() <= 64);
        let m = masks(bytes);
        let valid = if bytes.len() == 64 {
            u64::MAX
        } else {
            below(bytes.len())
        };
        let last = (m.slash != 0).then(|| highest(m.slash));
        let second = last.and_then(|l| {
            let earlier = m.slash & below(l);
            (earlier != 0).then(|| highest(earlier))
        });
        let tail = last.map_or(valid, |l| valid & above(l));
        let colons = m.colon & tail;
        let middle = match (second, last) {
            (Some(s), Some(l)) => below(l) & above(s),
            _ => 0,
        };
        Scan {
            last,
            second,
            tail_name: tail & !m.colon & !m.name == 0,
            many_colons: colons & colons.wrapping_sub(1) != 0,
            tail_colon: (colons != 0).then(|| colons.trailing_zeros() as usize),
            middle_user: middle & !m.user == 0,
            host_before_last: last.is_some_and(|l| m.host & below(l) != 0),
            odd: valid & !m.printable != 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn both_scans_agree(name in "[a-zA-Z0-9/:.+_ \u{b}\u{7f}\u{a0}é<>@~!-]{0,64}") {
            if name.len() <= 64 {
                #[cfg(target_arch = "x86_64")]
                prop_assert_eq!(super::masks::scan(name.as_bytes()), super::bytewise::scan(name.as_bytes()));
            }
        }
    }

    #[test]
    fn every_byte_is_classed_alike() {
        for b in 0..=u8::MAX {
            for len in 1..=64 {
                let mut name = vec![b'a'; len];
                name[len - 1] = b;
                name[len / 2] = b;
                #[cfg(target_arch = "x86_64")]
                assert_eq!(super::masks::scan(&name), super::bytewise::scan(&name), "{b} at {len}");
            }
        }
    }
}

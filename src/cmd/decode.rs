//! Incremental UTF-8 decoding of a byte stream that arrives in arbitrary chunks.
//!
//! A command's output is read in fixed-size chunks, and a multi-byte character may straddle two
//! reads. Decoding each chunk on its own corrupts such a character (the defect of the Python 3
//! ports of Autotest), so the decoder keeps an incomplete trailing sequence until the next chunk.
//! Bytes that can never be valid UTF-8 become U+FFFD, as Python's `errors='replace'` does.
//!
//! ```
//! use dockertest::cmd::Utf8Decoder;
//!
//! let bytes = "aé€".as_bytes();
//! let mut decoder = Utf8Decoder::default();
//! let mut text = String::new();
//! for byte in bytes {
//!     decoder.feed(std::slice::from_ref(byte), &mut text);
//! }
//! decoder.finish(&mut text);
//! assert_eq!(text, "aé€");
//! ```

/// Decodes UTF-8 chunk by chunk, carrying an incomplete sequence over to the next chunk.
#[derive(Debug, Default, Clone)]
pub struct Utf8Decoder {
    /// The start of a multi-byte sequence whose remaining bytes have not arrived yet (at most 3).
    pending: Vec<u8>,
}

impl Utf8Decoder {
    /// Decodes `chunk` and appends the text to `out`; an incomplete sequence at the end is kept.
    pub fn feed(&mut self, chunk: &[u8], out: &mut String) {
        if self.pending.is_empty() {
            self.decode(chunk, out);
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(chunk);
            self.decode(&joined, out);
        }
    }

    /// Ends the stream: a sequence still incomplete becomes one U+FFFD.
    pub fn finish(&mut self, out: &mut String) {
        if !self.pending.is_empty() {
            self.pending.clear();
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }

    fn decode(&mut self, mut bytes: &[u8], out: &mut String) {
        loop {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    out.push_str(text);
                    return;
                }
                Err(err) => {
                    let (valid, rest) = bytes.split_at(err.valid_up_to());
                    // `valid_up_to` marks the end of a valid prefix, so this cannot fail.
                    out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                    if let Some(bad) = err.error_len() {
                        out.push(char::REPLACEMENT_CHARACTER);
                        bytes = &rest[bad..];
                    } else {
                        // An incomplete sequence at the very end: wait for the next chunk.
                        self.pending.extend_from_slice(rest);
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Utf8Decoder;

    fn decode_in_chunks(bytes: &[u8], size: usize) -> String {
        let mut decoder = Utf8Decoder::default();
        let mut out = String::new();
        for chunk in bytes.chunks(size) {
            decoder.feed(chunk, &mut out);
        }
        decoder.finish(&mut out);
        out
    }

    #[test]
    fn multibyte_characters_survive_every_split() {
        let text = format!("a{}", "é€😀".repeat(700));
        for size in 1..=9 {
            assert_eq!(decode_in_chunks(text.as_bytes(), size), text, "chunk size {size}");
        }
        // The upstream failure case: 'a' + 'é' * 3000 read in 1,024-byte chunks.
        let upstream = format!("a{}", "é".repeat(3000));
        assert_eq!(decode_in_chunks(upstream.as_bytes(), 1024), upstream);
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        assert_eq!(decode_in_chunks(b"a\xffb\xc3(c", 1), "a\u{fffd}b\u{fffd}(c");
        assert_eq!(decode_in_chunks(b"a\xffb\xc3(c", 64), "a\u{fffd}b\u{fffd}(c");
    }

    #[test]
    fn truncated_sequence_at_the_end_is_one_replacement_character() {
        assert_eq!(decode_in_chunks(b"ok\xe2\x82", 1), "ok\u{fffd}");
        assert_eq!(decode_in_chunks(b"ok\xe2\x82", 10), "ok\u{fffd}");
    }
}

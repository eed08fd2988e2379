//! [`BoundedLines`]: the lines of an input, each held in memory only up to a limit, so that a
//! line without end (a stream with no `\n`, a huge document) costs no more than the limit.

use std::io::{self, BufRead};

/// A line read by [`BoundedLines::next_line`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// The line, without its `\n`.
    Text(&'a [u8]),
    /// A line longer than the limit: read to its end and dropped, with its length in bytes.
    TooLong(u64),
}

/// Reads `\n`-separated lines, keeping at most `limit` bytes of each.
///
/// ```
/// use ffi_host::lines::{BoundedLines, Line};
///
/// let mut lines = BoundedLines::new(&b"short\nmuch too long\nok"[..], 5);
/// assert_eq!(lines.next_line().unwrap(), Some(Line::Text(b"short")));
/// assert_eq!(lines.next_line().unwrap(), Some(Line::TooLong(13)));
/// assert_eq!(lines.next_line().unwrap(), Some(Line::Text(b"ok")));
/// assert_eq!(lines.next_line().unwrap(), None);
/// ```
#[derive(Debug)]
pub struct BoundedLines<R> {
    input: R,
    limit: usize,
    line: Vec<u8>,
}

impl<R: BufRead> BoundedLines<R> {
    /// Lines of `input`, each kept if it is at most `limit` bytes long.
    pub fn new(input: R, limit: usize) -> Self {
        Self {
            input,
            limit,
            line: Vec::new(),
        }
    }

    /// The next line, or `None` at the end of the input (a last line without `\n` counts).
    ///
    /// # Errors
    /// The input's read error (reads interrupted by a signal are retried).
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.line.clear();
        let (mut len, mut started) = (0_u64, false);
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            started = true;
            let newline = chunk.iter().position(|&b| b == b'\n');
            let part = &chunk[..newline.unwrap_or(chunk.len())];
            len += part.len() as u64;
            if len <= self.limit as u64 {
                self.line.extend_from_slice(part);
            } else {
                // Dropped as soon as it is too long: what is read next is not kept either.
                self.line = Vec::new();
            }
            let used = newline.map_or(chunk.len(), |at| at + 1);
            self.input.consume(used);
            if newline.is_some() {
                break;
            }
        }
        Ok(started.then(|| {
            if len <= self.limit as u64 {
                Line::Text(&self.line)
            } else {
                Line::TooLong(len)
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// All lines of `input` read with `limit`, through a reader that hands out `chunk` bytes at
    /// a time.
    fn read_all(input: &[u8], limit: usize, chunk: usize) -> Vec<Result<Vec<u8>, u64>> {
        let reader = io::BufReader::with_capacity(chunk, input);
        let mut lines = BoundedLines::new(reader, limit);
        let mut all = Vec::new();
        while let Some(line) = lines.next_line().expect("a slice does not fail") {
            all.push(match line {
                Line::Text(text) => Ok(text.to_vec()),
                Line::TooLong(len) => Err(len),
            });
            assert!(lines.line.capacity() <= limit.max(chunk) * 2 + 64);
        }
        all
    }

    proptest! {
        /// Like splitting on `\n` (no empty last line after a final `\n`), with the lines over
        /// the limit replaced by their length, whatever the reader's chunk size.
        #[test]
        fn splits_like_the_model(
            input in prop::collection::vec(prop_oneof![Just(b'\n'), Just(b'x'), any::<u8>()], 0..300),
            limit in 0_usize..40,
            chunk in 1_usize..50,
        ) {
            let mut model: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
            if input.is_empty() || input.ends_with(b"\n") {
                model.pop();
            }
            let model: Vec<Result<Vec<u8>, u64>> = model
                .into_iter()
                .map(|line| if line.len() <= limit { Ok(line.to_vec()) } else { Err(line.len() as u64) })
                .collect();
            prop_assert_eq!(read_all(&input, limit, chunk), model);
        }
    }

    #[test]
    fn a_line_without_end_is_read_to_the_end_and_not_kept() {
        let input = vec![b'x'; 1 << 20];
        assert_eq!(read_all(&input, 100, 8192), [Err(1 << 20)]);
    }
}

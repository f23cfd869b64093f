//! A statement's bytes as the XML reader takes them: buffered, its lines counted for
//! messages, and no single tag or text longer than a bound, so that a hostile file cannot
//! make the reader hold more than that at once.

use std::io::{BufRead, Read};

/// The most one tag, text or comment may take, in bytes.
pub const MAX_EVENT: usize = 1 << 20;

pub struct Input<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Newlines consumed so far.
    newlines: u32,
    /// Bytes consumed since the reader last finished an event.
    since_event: usize,
}

impl<R: Read> Input<R> {
    pub fn new(inner: R) -> Input<R> {
        Input {
            inner,
            buf: vec![0; 1 << 16].into_boxed_slice(),
            pos: 0,
            end: 0,
            newlines: 0,
            since_event: 0,
        }
    }

    /// The line the reader is on (1-based).
    pub fn line(&self) -> u32 {
        self.newlines.saturating_add(1)
    }

    /// The reader finished an event: the next one starts its count afresh.
    pub fn event_done(&mut self) {
        self.since_event = 0;
    }

    /// Whether the bound on one event stopped the reader.
    pub fn over_bound(&self) -> bool {
        self.since_event > MAX_EVENT
    }
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.over_bound() {
            return Err(std::io::Error::other(format!(
                "a tag or text longer than {} MiB",
                MAX_EVENT >> 20
            )));
        }
        if self.pos == self.end {
            self.end = self.inner.read(&mut self.buf)?;
            self.pos = 0;
        }
        Ok(&self.buf[self.pos..self.end])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.pos);
        let consumed = &self.buf[self.pos..self.pos + n];
        let lines = consumed.iter().filter(|&&b| b == b'\n').count();
        self.newlines = self.newlines.saturating_add(lines as u32);
        self.since_event += n;
        self.pos += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_and_one_event_is_bounded() {
        let text = b"a\nb\nc".to_vec();
        let mut input = Input::new(&text[..]);
        let mut all = String::new();
        input.read_to_string(&mut all).unwrap();
        assert_eq!((all.as_str(), input.line()), ("a\nb\nc", 3));

        let big = vec![b'x'; MAX_EVENT + (1 << 17)];
        let mut input = Input::new(&big[..]);
        let err = std::io::copy(&mut input, &mut std::io::sink()).unwrap_err();
        assert_eq!(err.to_string(), "a tag or text longer than 1 MiB");
        assert!(input.over_bound());
    }
}

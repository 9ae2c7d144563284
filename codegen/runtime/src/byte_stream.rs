//! [`ByteStream`], the type of a `@streaming` blob: in an operation's output, the body
//! of a response, handed to the caller as it arrives instead of read whole first; in an
//! input, the payload to send, from bytes or from a file.
//!
//! One type serves both directions so that a body received from one call can be
//! handed to another, and so that callers learn one type. It lives outside the `client`
//! feature so that model crates can name it; the client fills it from the HTTP
//! response, and callers fill it from bytes or a path.

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::future::poll_fn;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

/// A body read chunk by chunk as it arrives: a [`Stream`] of [`Bytes`], or all of it
/// at once with [`collect`](ByteStream::collect).
///
/// A stream received from a service can be read once; reading it to the end releases
/// the connection for other calls. An error in the middle (the connection dropped,
/// the peer stalled) ends the stream with a [`StreamError`]; the bytes before it were
/// delivered.
///
/// As a request payload, a stream from bytes ([`From`] `Vec<u8>`, `Bytes`, `&'static
/// [u8]`, `String`) or from a file ([`from_path`](ByteStream::from_path)) can be
/// signed and resent on a retry; one from another stream
/// ([`from_stream`](ByteStream::from_stream)) cannot, and a call given one fails
/// before sending anything.
///
/// `Debug` says where the bytes come from and never prints them.
pub struct ByteStream {
    source: Source,
}

enum Source {
    /// Bytes already in memory (built by a test or a mock), in chunks as given.
    Memory(VecDeque<Bytes>),
    /// Chunks still to come, from the network or any other stream.
    Live(Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>),
    /// A file, opened when first read (`None` until then).
    File { path: PathBuf, open: Option<File> },
}

/// Chunk size of a file read as a stream.
const FILE_CHUNK: usize = 64 * 1024;

/// Where the bytes of a stream sent as a request payload come from.
#[cfg(feature = "client")]
pub(crate) enum PayloadSource<'a> {
    /// In memory, in these chunks.
    Memory(&'a VecDeque<Bytes>),
    /// This file's content, read when sent (and again for a retry).
    File(&'a Path),
    /// A stream that can be read only once.
    OneShot,
}

impl ByteStream {
    /// A stream over chunks another stream yields (the client builds its response
    /// bodies this way; tests can use it to simulate a slow or failing body).
    pub fn from_stream(stream: impl Stream<Item = Result<Bytes, StreamError>> + Send + 'static) -> ByteStream {
        ByteStream { source: Source::Live(Box::pin(stream)) }
    }

    /// A stream yielding `chunks` one by one, as a body received in those pieces would.
    pub fn from_chunks(chunks: impl IntoIterator<Item = Bytes>) -> ByteStream {
        ByteStream { source: Source::Memory(chunks.into_iter().filter(|chunk| !chunk.is_empty()).collect()) }
    }

    /// A stream of the content of the file at `path`. Nothing is opened yet: the file is
    /// read when the stream is (as a request payload: when the request is sent, and
    /// again from its start on a retry), and a file that cannot be opened then is an
    /// error naming the path.
    ///
    /// Reading it as a [`Stream`] uses blocking reads of 64 KiB each, short for a local
    /// file; the client's upload of a file payload reads it the same way.
    pub fn from_path(path: impl Into<PathBuf>) -> ByteStream {
        ByteStream { source: Source::File { path: path.into(), open: None } }
    }

    /// The file the stream reads, when it was built by [`from_path`](ByteStream::from_path).
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// What a request sending this stream as its payload reads.
    #[cfg(feature = "client")]
    pub(crate) fn payload_source(&self) -> PayloadSource<'_> {
        match &self.source {
            Source::Memory(chunks) => PayloadSource::Memory(chunks),
            // A file partly read as a stream is still sent whole: the request reads it afresh.
            Source::File { path, .. } => PayloadSource::File(path),
            Source::Live(_) => PayloadSource::OneShot,
        }
    }

    /// An empty stream.
    pub fn empty() -> ByteStream {
        ByteStream::from_chunks([])
    }

    /// Reads the rest of the stream into one buffer.
    pub async fn collect(mut self) -> Result<Bytes, StreamError> {
        if let Source::Memory(chunks) = &mut self.source
            && chunks.len() <= 1
        {
            return Ok(chunks.pop_front().unwrap_or_default());
        }
        let mut whole = Vec::new();
        while let Some(chunk) = poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await {
            whole.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(whole))
    }

    /// Reads the rest of the stream into a `Vec`.
    pub async fn collect_vec(self) -> Result<Vec<u8>, StreamError> {
        self.collect().await.map(Vec::from)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.source {
            Source::Memory(chunks) => Poll::Ready(chunks.pop_front().map(Ok)),
            Source::Live(stream) => stream.as_mut().poll_next(cx),
            Source::File { path, open } => Poll::Ready(read_file_chunk(path, open).transpose()),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.source {
            Source::Memory(chunks) => (chunks.len(), Some(chunks.len())),
            Source::Live(stream) => stream.size_hint(),
            Source::File { .. } => (0, None),
        }
    }
}

/// The next chunk of a file read as a stream, opening it on the first call; `None` at
/// its end. Errors name the path.
fn read_file_chunk(path: &Path, open: &mut Option<File>) -> Result<Option<Bytes>, StreamError> {
    let failed = |doing: &str, error: std::io::Error| {
        let message = format!("cannot {doing} `{}`: {error}", path.display());
        StreamError::new(StreamErrorKind::Io, message, Some(Box::new(error)))
    };
    let file = match open {
        Some(file) => file,
        None => open.insert(File::open(path).map_err(|error| failed("open", error))?),
    };
    let mut chunk = vec![0; FILE_CHUNK];
    let read = loop {
        match file.read(&mut chunk) {
            Ok(read) => break read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(failed("read", error)),
        }
    };
    chunk.truncate(read);
    Ok((read > 0).then(|| Bytes::from(chunk)))
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::empty()
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Memory(chunks) => {
                let bytes: usize = chunks.iter().map(Bytes::len).sum();
                write!(f, "ByteStream({bytes} bytes in memory)")
            }
            Source::Live(_) => f.write_str("ByteStream(receiving)"),
            Source::File { path, .. } => write!(f, "ByteStream(file `{}`)", path.display()),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> ByteStream {
        ByteStream::from_chunks([bytes])
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> ByteStream {
        ByteStream::from(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> ByteStream {
        ByteStream::from(Bytes::from_static(bytes))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> ByteStream {
        ByteStream::from(Bytes::from(text))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> ByteStream {
        ByteStream::from(Bytes::from_static(text.as_bytes()))
    }
}

/// Why a [`ByteStream`] ended before its end.
#[derive(Debug)]
pub struct StreamError {
    kind: StreamErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// The kinds of [`StreamError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamErrorKind {
    /// The peer sent too little for too long (the stalled-stream protection).
    Stalled,
    /// The connection failed or the body was malformed.
    Io,
    /// Any other failure, for streams built by callers.
    Other,
}

impl StreamError {
    /// An error of `kind` saying `message`, caused by `source` if any.
    pub fn new(
        kind: StreamErrorKind,
        message: impl Into<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> StreamError {
        StreamError { kind, message: message.into(), source }
    }

    /// What kind of failure ended the stream.
    pub fn kind(&self) -> StreamErrorKind {
        self.kind
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(future)
    }

    /// A live stream of the given results, for tests.
    struct Script(VecDeque<Result<Bytes, StreamError>>);

    impl Stream for Script {
        type Item = Result<Bytes, StreamError>;
        fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.pop_front())
        }
    }

    #[test]
    fn chunks_come_out_as_they_went_in_and_collect_joins_them() {
        let chunks = || [Bytes::from_static(b"ab"), Bytes::new(), Bytes::from_static(b"cde")];
        let mut stream = ByteStream::from_chunks(chunks());
        let first = block_on(poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)));
        assert_eq!(first.unwrap().unwrap(), "ab");
        assert_eq!(block_on(stream.collect()).unwrap(), "cde");
        assert_eq!(block_on(ByteStream::from_chunks(chunks()).collect_vec()).unwrap(), b"abcde");
        assert_eq!(block_on(ByteStream::default().collect()).unwrap(), "");
        assert_eq!(block_on(ByteStream::from("text").collect()).unwrap(), "text");
    }

    #[test]
    fn an_error_in_the_middle_ends_collect_with_it() {
        let failing = Script(VecDeque::from([
            Ok(Bytes::from_static(b"part")),
            Err(StreamError::new(StreamErrorKind::Stalled, "stalled", None)),
        ]));
        let error = block_on(ByteStream::from_stream(failing).collect()).unwrap_err();
        assert_eq!(error.kind(), StreamErrorKind::Stalled);
        assert_eq!(error.to_string(), "stalled");
    }

    #[test]
    fn debug_never_shows_the_content() {
        let stream = ByteStream::from(b"secret audio".as_slice());
        assert_eq!(format!("{stream:?}"), "ByteStream(12 bytes in memory)");
        let live = ByteStream::from_stream(Script(VecDeque::new()));
        assert_eq!(format!("{live:?}"), "ByteStream(receiving)");
    }
}

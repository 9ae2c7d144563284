//! A 2xx response body handed over unread, for an operation whose output streams: each
//! chunk is read when the caller asks for it, under the stalled-stream protection, so
//! a peer that stops sending ends the stream with an error instead of a hang.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use super::stall::{DownloadWatch, StalledStreamProtection};
use crate::{ByteStream, StreamError, StreamErrorKind};

/// One read: the response and its watch come back with the chunk, so that no borrow
/// outlives a poll.
type Read = Pin<Box<dyn Future<Output = (reqwest::Response, DownloadWatch, ReadResult)> + Send>>;
type ReadResult = Result<Result<Option<Bytes>, reqwest::Error>, ()>;

enum State {
    /// Between reads (boxed: a response is large, and the stream moves it per chunk).
    Idle(Box<(reqwest::Response, DownloadWatch)>),
    /// A read under way.
    Reading(Read),
    /// The body ended, or failed.
    Done,
}

/// The body of `response` as a stream; the watch starts now (the headers just came).
pub(super) fn response_body(response: reqwest::Response, protection: &StalledStreamProtection) -> ByteStream {
    let grace = protection.grace_period();
    let minimum = protection.min_throughput();
    let body =
        ResponseBody { state: State::Idle(Box::new((response, DownloadWatch::new(protection)))), grace, minimum };
    ByteStream::from_stream(body)
}

struct ResponseBody {
    state: State,
    /// For the message of a stall.
    grace: std::time::Duration,
    minimum: u64,
}

impl Stream for ResponseBody {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Idle(idle) => {
                    let (mut response, mut watch) = *idle;
                    self.state = State::Reading(Box::pin(async move {
                        let result = watch.next(response.chunk()).await;
                        (response, watch, result)
                    }));
                }
                State::Reading(mut read) => {
                    let Poll::Ready((response, watch, result)) = read.as_mut().poll(cx) else {
                        self.state = State::Reading(read);
                        return Poll::Pending;
                    };
                    return Poll::Ready(match result {
                        Ok(Ok(Some(chunk))) => {
                            self.state = State::Idle(Box::new((response, watch)));
                            Some(Ok(chunk))
                        }
                        Ok(Ok(None)) => None,
                        Ok(Err(error)) => Some(Err(StreamError::new(
                            StreamErrorKind::Io,
                            "the response body could not be read to its end",
                            Some(Box::new(error)),
                        ))),
                        Err(()) => Some(Err(StreamError::new(
                            StreamErrorKind::Stalled,
                            format!(
                                "the response body stalled: less than {} byte(s)/s arrived for {:?} \
                                 (stalled-stream protection)",
                                self.minimum, self.grace
                            ),
                            None,
                        ))),
                    });
                }
            }
        }
    }
}

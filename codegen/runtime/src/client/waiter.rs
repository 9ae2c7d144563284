//! Waiters: poll an operation until an acceptor says the resource reached the
//! wanted state, failed, or the time is up.
//!
//! Delays follow the Smithy waiter schedule: exponential from the minimum delay,
//! capped at the maximum, each a random point between the minimum and that cap, and
//! never so long that the next poll would come after the maximum wait time.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use super::error::SdkError;

/// What an acceptor decides about one poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait is over: success.
    Success,
    /// The wait is over: the resource will not reach the wanted state.
    Failure,
    /// Poll again.
    Retry,
}

/// The result of the poll that ended a wait.
pub type FinalPoll<O, E> = Result<O, SdkError<E>>;

/// How a wait ended without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// A failure acceptor matched this poll's result.
    FailureState(FinalPoll<O, E>),
    /// A poll failed with an error no acceptor expects.
    UnexpectedError(SdkError<E>),
    /// The maximum wait time is up.
    TimedOut {
        /// Time spent.
        elapsed: Duration,
        /// Polls made.
        attempts: u32,
    },
    /// The wait was set up wrongly (e.g. a maximum wait shorter than the minimum delay).
    InvalidConfiguration(String),
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::FailureState(Ok(_)) => f.write_str("the waiter reached a failure state"),
            WaiterError::FailureState(Err(error)) => write!(f, "the waiter reached a failure state: {error}"),
            WaiterError::UnexpectedError(error) => write!(f, "the waiter stopped on an unexpected error: {error}"),
            WaiterError::TimedOut { elapsed, attempts } => {
                write!(f, "the waiter timed out after {elapsed:.1?} and {attempts} polls")
            }
            WaiterError::InvalidConfiguration(message) => write!(f, "invalid waiter configuration: {message}"),
        }
    }
}

impl<O: fmt::Debug, E: StdError + 'static> StdError for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            WaiterError::FailureState(Err(error)) | WaiterError::UnexpectedError(error) => Some(error),
            _ => None,
        }
    }
}

/// Delays between polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delays {
    /// The first delay and the lower bound of each.
    pub min: Duration,
    /// The upper bound of each.
    pub max: Duration,
}

/// Polls with `poll` until `acceptor` decides, or `max_wait` is up. A poll no
/// acceptor matches is retried when it succeeded and ends the wait when it failed.
pub async fn wait<O, E, P, F>(
    max_wait: Duration,
    delays: Delays,
    mut poll: P,
    acceptor: impl Fn(&FinalPoll<O, E>) -> Option<AcceptorState>,
) -> Result<FinalPoll<O, E>, WaiterError<O, E>>
where
    P: FnMut() -> F,
    F: Future<Output = FinalPoll<O, E>>,
{
    if delays.min.is_zero() || delays.min > delays.max {
        return Err(WaiterError::InvalidConfiguration(format!(
            "the minimum delay ({:?}) must be positive and at most the maximum delay ({:?})",
            delays.min, delays.max
        )));
    }
    if max_wait <= delays.min {
        return Err(WaiterError::InvalidConfiguration(format!(
            "the maximum wait ({max_wait:?}) must be longer than the minimum delay ({:?})",
            delays.min
        )));
    }
    let started = Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let result = poll().await;
        match acceptor(&result) {
            Some(AcceptorState::Success) => return Ok(result),
            Some(AcceptorState::Failure) => return Err(WaiterError::FailureState(result)),
            Some(AcceptorState::Retry) => {}
            None => {
                if let Err(error) = result {
                    return Err(WaiterError::UnexpectedError(error));
                }
            }
        }
        let elapsed = started.elapsed();
        let Some(delay) = next_delay(attempts, delays, max_wait.saturating_sub(elapsed), super::random::unit_f64())
        else {
            return Err(WaiterError::TimedOut { elapsed, attempts });
        };
        tokio::time::sleep(delay).await;
    }
}

/// The delay after poll number `attempt`, with `unit` in `0.0..1.0` placing it
/// between the minimum and the exponential cap; `None` when no poll fits in the
/// `remaining` time.
pub fn next_delay(attempt: u32, delays: Delays, remaining: Duration, unit: f64) -> Option<Duration> {
    if remaining <= delays.min {
        return None;
    }
    let exponent = attempt.saturating_sub(1).min(32);
    let cap = delays.min.checked_mul(1 << exponent.min(31)).map_or(delays.max, |d| d.min(delays.max));
    let delay = delays.min + (cap - delays.min).mul_f64(unit.clamp(0.0, 1.0));
    // Leave room for the last poll: never sleep past `remaining - min`.
    Some(delay.min(remaining - delays.min))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELAYS: Delays = Delays { min: Duration::from_secs(2), max: Duration::from_secs(120) };

    #[test]
    fn delays_grow_exponentially_within_bounds() {
        let hours = Duration::from_secs(3600);
        assert_eq!(next_delay(1, DELAYS, hours, 1.0), Some(Duration::from_secs(2)));
        assert_eq!(next_delay(2, DELAYS, hours, 1.0), Some(Duration::from_secs(4)));
        assert_eq!(next_delay(4, DELAYS, hours, 1.0), Some(Duration::from_secs(16)));
        assert_eq!(next_delay(9, DELAYS, hours, 1.0), Some(Duration::from_secs(120)), "capped at the maximum");
        assert_eq!(next_delay(1000, DELAYS, hours, 1.0), Some(Duration::from_secs(120)), "no overflow");
        assert_eq!(next_delay(4, DELAYS, hours, 0.0), Some(Duration::from_secs(2)), "jitter reaches the minimum");
        assert_eq!(next_delay(4, DELAYS, hours, 0.5), Some(Duration::from_secs(9)));
    }

    #[test]
    fn the_last_delay_leaves_room_for_one_more_poll() {
        assert_eq!(next_delay(9, DELAYS, Duration::from_secs(10), 1.0), Some(Duration::from_secs(8)));
        assert_eq!(next_delay(1, DELAYS, Duration::from_secs(2), 1.0), None);
        assert_eq!(next_delay(1, DELAYS, Duration::from_secs(1), 1.0), None);
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(future)
    }

    const FAST: Delays = Delays { min: Duration::from_millis(1), max: Duration::from_millis(2) };

    #[test]
    fn success_failure_unexpected_errors_and_time_outs() {
        let acceptor = |result: &FinalPoll<u32, String>| match result {
            Ok(3) => Some(AcceptorState::Success),
            Ok(9) => Some(AcceptorState::Failure),
            Err(_) => None,
            Ok(_) => Some(AcceptorState::Retry),
        };
        let limit = Duration::from_secs(5);
        let mut polls = 0;
        let done = block_on(wait(
            limit,
            FAST,
            || {
                polls += 1;
                std::future::ready(Ok(polls))
            },
            acceptor,
        ));
        assert_eq!(done.unwrap().unwrap(), 3, "succeeds on the third poll");
        let failed = block_on(wait(limit, FAST, || std::future::ready(Ok(9)), acceptor));
        assert!(matches!(failed, Err(WaiterError::FailureState(Ok(9)))));
        let error = block_on(wait(limit, FAST, || std::future::ready(Err(SdkError::construction("x"))), acceptor));
        assert!(matches!(error, Err(WaiterError::UnexpectedError(_))));
        let timed_out = block_on(wait(Duration::from_millis(30), FAST, || std::future::ready(Ok(1)), acceptor));
        let Err(WaiterError::TimedOut { attempts, .. }) = timed_out else { panic!("{timed_out:?}") };
        assert!(attempts >= 2, "{attempts}");
        let invalid = block_on(wait(Duration::from_millis(1), FAST, || std::future::ready(Ok(3)), acceptor));
        assert!(matches!(invalid, Err(WaiterError::InvalidConfiguration(_))));
    }
}

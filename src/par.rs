//! Two pieces of work on the machine's two cores: the one helper every parallel step uses.

use std::panic::resume_unwind;

/// Runs `a` on this thread and `b` on another, and returns both results. A panic in `b` is
/// raised again here, as if `b` had run on this thread.
pub fn join<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    std::thread::scope(|s| {
        let other = s.spawn(b);
        let a = a();
        (a, other.join().unwrap_or_else(|e| resume_unwind(e)))
    })
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn both_results_come_back_in_order() {
        let data = [1, 2, 3, 4];
        let (first, second) = join(|| data[..2].iter().sum::<i32>(), || data[2..].iter().sum());
        assert_eq!((first, second), (3, 7));
    }

    #[test]
    #[should_panic(expected = "the other half failed")]
    fn a_panic_on_the_other_thread_is_raised_here() {
        join(|| (), || panic!("the other half failed"));
    }
}

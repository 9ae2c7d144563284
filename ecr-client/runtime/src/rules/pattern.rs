//! The matcher for regular expressions the generator compiled into programs (the
//! partition table's region patterns, `@pattern` constraints): a Pike VM, which runs
//! every alternative in lock-step, so matching is linear in the text whatever the
//! expression (no catastrophic backtracking on a near miss).

/// One instruction of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inst {
    /// Consume this byte.
    Byte(u8),
    /// Consume any byte.
    Any,
    /// Consume a byte in (or, when `negated`, not in) one of the inclusive ranges.
    Class {
        /// Whether the class is `[^...]`.
        negated: bool,
        /// Inclusive byte ranges.
        ranges: &'static [(u8, u8)],
    },
    /// Continue at both targets (the first preferred).
    Split(usize, usize),
    /// Continue at the target.
    Jump(usize),
    /// Only at the start of the text.
    Start,
    /// Only at the end of the text.
    End,
    /// The expression matched.
    Match,
}

/// Whether `program` matches somewhere in `text` (anchors make it match the whole).
/// A program that jumps outside itself matches nothing.
pub fn is_match(program: &[Inst], text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut threads = Threads::new(program.len());
    let mut next = Threads::new(program.len());
    for at in 0..=bytes.len() {
        // Search semantics: a new attempt may start at every position.
        threads.add(program, 0, at, bytes.len());
        for index in 0..threads.list.len() {
            let pc = threads.list[index];
            let consumes = match program[pc] {
                Inst::Match => return true,
                Inst::Byte(expected) => bytes.get(at) == Some(&expected),
                Inst::Any => at < bytes.len(),
                Inst::Class { negated, ranges } => {
                    bytes.get(at).is_some_and(|b| ranges.iter().any(|&(low, high)| (low..=high).contains(b)) != negated)
                }
                Inst::Split(..) | Inst::Jump(_) | Inst::Start | Inst::End => false,
            };
            if consumes {
                next.add(program, pc + 1, at + 1, bytes.len());
            }
        }
        std::mem::swap(&mut threads, &mut next);
        next.clear();
    }
    false
}

/// The threads alive at one position: each program counter at most once.
struct Threads {
    list: Vec<usize>,
    seen: Vec<bool>,
    stack: Vec<usize>,
}

impl Threads {
    fn new(size: usize) -> Threads {
        Threads { list: Vec::with_capacity(size), seen: vec![false; size], stack: Vec::new() }
    }

    fn clear(&mut self) {
        // Jumps and splits are marked too, so every mark is reset.
        for seen in &mut self.seen {
            *seen = false;
        }
        self.list.clear();
    }

    /// Adds the thread at `pc`, following jumps, splits and assertions at `at`.
    fn add(&mut self, program: &[Inst], pc: usize, at: usize, len: usize) {
        self.stack.push(pc);
        while let Some(pc) = self.stack.pop() {
            if pc >= program.len() || self.seen[pc] {
                continue;
            }
            self.seen[pc] = true;
            match program[pc] {
                Inst::Jump(to) => self.stack.push(to),
                Inst::Split(first, second) => {
                    self.stack.push(second);
                    self.stack.push(first);
                }
                Inst::Start => {
                    if at == 0 {
                        self.stack.push(pc + 1);
                    }
                }
                Inst::End => {
                    if at == len {
                        self.stack.push(pc + 1);
                    }
                }
                _ => self.list.push(pc),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGIT: Inst = Inst::Class { negated: false, ranges: &[(b'0', b'9')] };

    /// `^(us|eu)-\d+$`
    const REGION: &[Inst] = &[
        Inst::Start,
        Inst::Split(2, 5),
        Inst::Byte(b'u'),
        Inst::Byte(b's'),
        Inst::Jump(7),
        Inst::Byte(b'e'),
        Inst::Byte(b'u'),
        Inst::Byte(b'-'),
        DIGIT,
        Inst::Split(8, 10),
        Inst::End,
        Inst::Match,
    ];

    #[test]
    fn anchored_alternatives_and_repeats() {
        for yes in ["us-1", "eu-12"] {
            assert!(is_match(REGION, yes), "{yes}");
        }
        for no in ["us-", "us-1a", "xus-1", "ap-1", ""] {
            assert!(!is_match(REGION, no), "{no}");
        }
    }

    #[test]
    fn unanchored_any_negated_and_broken_programs() {
        // `a.b` anywhere
        const ANY: &[Inst] = &[Inst::Byte(b'a'), Inst::Any, Inst::Byte(b'b'), Inst::Match];
        assert!(is_match(ANY, "xxa-bxx"));
        assert!(!is_match(ANY, "ab"));
        const NOT_DIGIT: &[Inst] = &[Inst::Start, Inst::Class { negated: true, ranges: &[(b'0', b'9')] }, Inst::Match];
        assert!(is_match(NOT_DIGIT, "a1"));
        assert!(!is_match(NOT_DIGIT, "1a"));
        // An empty loop (`(x*)*`) terminates.
        const EMPTY_LOOP: &[Inst] =
            &[Inst::Split(1, 4), Inst::Split(2, 0), Inst::Byte(b'x'), Inst::Jump(1), Inst::End, Inst::Match];
        assert!(is_match(EMPTY_LOOP, "xxx"));
        assert!(!is_match(&[Inst::Jump(9)], "x"), "out of range");
        assert!(!is_match(&[], "x"));
    }
}

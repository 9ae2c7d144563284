//! The matcher for regular expressions the generator compiled into programs (the
//! partition table's region patterns, `@pattern` constraints): a Pike VM, which runs
//! every alternative in lock-step, so matching is linear in the text whatever the
//! expression (no catastrophic backtracking on a near miss).
//!
//! The instruction type is shared with the generator, which builds programs with
//! owned ranges (`Inst<Vec<(u8, u8)>, Vec<(char, char)>>`) and runs them through the
//! same [`is_match`] when it compares two patterns; generated code holds them as
//! static data (`Inst` with its default, borrowed ranges).

/// One instruction of a program.
///
/// `ByteRanges` and `CharRanges` say how the ranges of a class are stored: borrowed
/// static slices (the default) in generated programs, vectors while a program is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inst<ByteRanges = &'static [(u8, u8)], CharRanges = &'static [(char, char)]> {
    /// Consume this ASCII character.
    Byte(u8),
    /// Consume any character.
    Any,
    /// Consume a character in (or, when `negated`, not in) one of the inclusive ASCII ranges.
    Class {
        /// Whether the class is `[^...]`.
        negated: bool,
        /// Inclusive byte ranges.
        ranges: ByteRanges,
    },
    /// Consume a character in (or, when `negated`, not in) one of the inclusive ranges,
    /// sorted and not overlapping (Unicode classes such as `\p{L}`).
    Chars {
        /// Whether the class is negated (`[^...]`, `\P{...}`).
        negated: bool,
        /// Inclusive character ranges, sorted.
        ranges: CharRanges,
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
pub fn is_match<B, C>(program: &[Inst<B, C>], text: &str) -> bool
where
    B: AsRef<[(u8, u8)]>,
    C: AsRef<[(char, char)]>,
{
    let len = text.len();
    let mut threads = Threads::new(program.len());
    let mut next = Threads::new(program.len());
    // One step per character (and one at the end), so a class or `.` matches a whole
    // character however many bytes it takes.
    let steps = text.char_indices().map(|(at, c)| (at, Some(c))).chain(std::iter::once((len, None)));
    for (at, current) in steps {
        // Search semantics: a new attempt may start at every position.
        threads.add(program, 0, at, len);
        let Some(c) = current else {
            return threads.list.iter().any(|&pc| matches!(program[pc], Inst::Match));
        };
        for index in 0..threads.list.len() {
            let pc = threads.list[index];
            let consumes = match &program[pc] {
                Inst::Match => return true,
                Inst::Byte(expected) => c == char::from(*expected),
                Inst::Any => true,
                Inst::Class { negated, ranges } => {
                    let inside =
                        ranges.as_ref().iter().any(|&(low, high)| (char::from(low)..=char::from(high)).contains(&c));
                    inside != *negated
                }
                Inst::Chars { negated, ranges } => in_ranges(ranges.as_ref(), c) != *negated,
                Inst::Split(..) | Inst::Jump(_) | Inst::Start | Inst::End => false,
            };
            if consumes {
                next.add(program, pc + 1, at + c.len_utf8(), len);
            }
        }
        std::mem::swap(&mut threads, &mut next);
        next.clear();
    }
    false
}

/// Whether `c` is in the sorted, non-overlapping `ranges` (a binary search: Unicode
/// classes hold hundreds of ranges).
fn in_ranges(ranges: &[(char, char)], c: char) -> bool {
    ranges
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
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
    fn add<B, C>(&mut self, program: &[Inst<B, C>], pc: usize, at: usize, len: usize) {
        self.stack.push(pc);
        while let Some(pc) = self.stack.pop() {
            if pc >= program.len() || self.seen[pc] {
                continue;
            }
            self.seen[pc] = true;
            match &program[pc] {
                Inst::Jump(to) => self.stack.push(*to),
                Inst::Split(first, second) => {
                    self.stack.push(*second);
                    self.stack.push(*first);
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
    fn characters_are_one_step_whatever_their_length() {
        // `^[^a]\p{Greek}.$` with a Unicode class for the Greek letters.
        const PROGRAM: &[Inst] = &[
            Inst::Start,
            Inst::Class { negated: true, ranges: &[(b'a', b'a')] },
            Inst::Chars { negated: false, ranges: &[('\u{370}', '\u{3FF}'), ('\u{1F00}', '\u{1FFF}')] },
            Inst::Any,
            Inst::End,
            Inst::Match,
        ];
        for yes in ["bαc", "€ω😀", "日ἀx"] {
            assert!(is_match(PROGRAM, yes), "{yes}");
        }
        for no in ["aαc", "bac", "bα", "bαcd", "b\u{400}c"] {
            assert!(!is_match(PROGRAM, no), "{no}");
        }
        assert!(in_ranges(&[('a', 'c'), ('x', 'z')], 'y'));
        assert!(!in_ranges(&[('a', 'c'), ('x', 'z')], 'd'));
        assert!(!in_ranges(&[], 'd'));
    }

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
    fn programs_with_owned_ranges_match_as_static_ones() {
        // How the generator holds a program while it builds one: `^[0-9]\p{Greek}$`.
        type Owned = Inst<Vec<(u8, u8)>, Vec<(char, char)>>;
        let owned: Vec<Owned> = vec![
            Inst::Start,
            Inst::Class { negated: false, ranges: vec![(b'0', b'9')] },
            Inst::Chars { negated: false, ranges: vec![('\u{370}', '\u{3FF}')] },
            Inst::End,
            Inst::Match,
        ];
        assert!(is_match(&owned, "7ω"));
        assert!(!is_match(&owned, "7w"));
        assert!(!is_match(&owned, "xω"));
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
        const OUT_OF_RANGE: &[Inst] = &[Inst::Jump(9)];
        assert!(!is_match(OUT_OF_RANGE, "x"), "out of range");
        assert!(!is_match::<&[(u8, u8)], &[(char, char)]>(&[], "x"));
    }
}

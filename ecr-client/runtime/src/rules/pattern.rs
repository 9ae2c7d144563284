//! A small backtracking matcher for the ASCII regular expressions of the partition
//! table (`^(us|eu)\-\w+\-\d+$`). The generator parses each expression into [`Node`]s
//! at generation time; only matching happens at run time.

/// One element of a compiled expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// `^`: the start of the text.
    Start,
    /// `$`: the end of the text.
    End,
    /// `.`: any one byte.
    Any,
    /// One literal byte.
    Byte(u8),
    /// A byte in (or, when `negated`, not in) one of the inclusive ranges.
    Class {
        /// Whether the class is `[^...]`.
        negated: bool,
        /// Inclusive byte ranges.
        ranges: &'static [(u8, u8)],
    },
    /// `(a|b)`: one of the alternatives.
    Group(&'static [&'static [Node]]),
    /// `x*`, `x+`, `x?`, `x{n,m}`: `node` between `min` and `max` times, greedily.
    Repeat {
        /// What repeats.
        node: &'static Node,
        /// Fewest repetitions.
        min: u32,
        /// Most repetitions (`u32::MAX` for no limit).
        max: u32,
    },
}

/// Whether `pattern` matches somewhere in `text` (anchors make it match the whole).
pub fn is_match(pattern: &[Node], text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..=bytes.len()).any(|start| sequence(pattern, bytes, start, &mut |_| true))
}

/// Matches `nodes` at `at`, then calls `rest` with each position where they end
/// until it accepts.
fn sequence(nodes: &[Node], text: &[u8], at: usize, rest: &mut dyn FnMut(usize) -> bool) -> bool {
    let Some((first, others)) = nodes.split_first() else { return rest(at) };
    match first {
        Node::Start => at == 0 && sequence(others, text, at, rest),
        Node::End => at == text.len() && sequence(others, text, at, rest),
        Node::Group(alternatives) => alternatives
            .iter()
            .any(|alternative| sequence(alternative, text, at, &mut |end| sequence(others, text, end, rest))),
        Node::Repeat { node, min, max } => {
            repeat(node, *min, *max, 0, text, at, &mut |end| sequence(others, text, end, rest))
        }
        single => text.get(at).is_some_and(|&byte| single_byte(single, byte)) && sequence(others, text, at + 1, rest),
    }
}

fn repeat(
    node: &Node,
    min: u32,
    max: u32,
    count: u32,
    text: &[u8],
    at: usize,
    rest: &mut dyn FnMut(usize) -> bool,
) -> bool {
    // Greedy: one more repetition first (never an empty one, which would loop).
    if count < max
        && sequence(std::slice::from_ref(node), text, at, &mut |end| {
            end != at && repeat(node, min, max, count + 1, text, end, rest)
        })
    {
        return true;
    }
    count >= min && rest(at)
}

fn single_byte(node: &Node, byte: u8) -> bool {
    match node {
        Node::Any => true,
        Node::Byte(expected) => byte == *expected,
        Node::Class { negated, ranges } => ranges.iter().any(|&(low, high)| (low..=high).contains(&byte)) != *negated,
        Node::Start | Node::End | Node::Group(_) | Node::Repeat { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORD: Node =
        Node::Class { negated: false, ranges: &[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9'), (b'_', b'_')] };
    const DIGIT: Node = Node::Class { negated: false, ranges: &[(b'0', b'9')] };
    /// `^(us|eu)\-\w+\-\d+$`
    const REGION: &[Node] = &[
        Node::Start,
        Node::Group(&[&[Node::Byte(b'u'), Node::Byte(b's')], &[Node::Byte(b'e'), Node::Byte(b'u')]]),
        Node::Byte(b'-'),
        Node::Repeat { node: &WORD, min: 1, max: u32::MAX },
        Node::Byte(b'-'),
        Node::Repeat { node: &DIGIT, min: 1, max: u32::MAX },
        Node::End,
    ];

    #[test]
    fn anchored_alternatives_and_repeats() {
        for yes in ["us-east-1", "eu-west-12", "us-x_y-0"] {
            assert!(is_match(REGION, yes), "{yes}");
        }
        for no in ["us-gov-west-1", "ap-east-1", "us-east-", "us--1", "xus-east-1", "us-east-1a", ""] {
            assert!(!is_match(REGION, no), "{no}");
        }
    }

    #[test]
    fn unanchored_bounded_and_negated() {
        const ABC: &[Node] = &[Node::Repeat { node: &Node::Byte(b'a'), min: 2, max: 3 }, Node::Byte(b'b')];
        assert!(is_match(ABC, "xxaab"));
        assert!(is_match(ABC, "aaaab"), "a later start matches");
        assert!(!is_match(ABC, "ab"));
        const NOT_DIGIT: &[Node] = &[Node::Start, Node::Class { negated: true, ranges: &[(b'0', b'9')] }, Node::Any];
        assert!(is_match(NOT_DIGIT, "a1"));
        assert!(!is_match(NOT_DIGIT, "1a"));
        assert!(!is_match(NOT_DIGIT, "a"));
        const OPTIONAL: &[Node] = &[Node::Start, Node::Repeat { node: &Node::Byte(b'x'), min: 0, max: 1 }, Node::End];
        assert!(is_match(OPTIONAL, ""));
        assert!(is_match(OPTIONAL, "x"));
        assert!(!is_match(OPTIONAL, "xx"));
    }
}

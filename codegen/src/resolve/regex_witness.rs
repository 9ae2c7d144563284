//! Comparing two regular expressions by example: strings each one accepts (its
//! witnesses, generated from its syntax tree) are run through the other. A witness
//! of the old expression that the new one rejects shows the new one is tighter; the
//! other way round, looser. Finding no such string proves nothing, so that outcome
//! says "could not decide" rather than "the same".

use aws_client_runtime::rules::is_match;

use super::regex::{Node, parse};

/// The most strings one node of the tree contributes.
const PER_NODE: usize = 48;

/// How two expressions compare on each other's witnesses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternChange {
    /// The new one rejects this string the old one accepted (and accepts nothing new
    /// that was found).
    Tighter(String),
    /// The new one accepts this string the old one rejected.
    Looser(String),
    /// Both: the first string is newly rejected, the second newly accepted.
    Both(String, String),
    /// No witness tells them apart, or one of them cannot be run; the reason.
    Undecided(String),
}

/// Compares `old` and `new`.
pub fn compare(old: &str, new: &str) -> PatternChange {
    let (old_program, new_program) = match (super::regex::compile(old), super::regex::compile(new)) {
        (Ok(a), Ok(b)) => (a.program, b.program),
        (Err(reason), _) | (_, Err(reason)) => return PatternChange::Undecided(reason),
    };
    let (old_witnesses, new_witnesses) = match (witnesses(old), witnesses(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(reason), _) | (_, Err(reason)) => return PatternChange::Undecided(reason),
    };
    // Only strings the expression itself accepts count (an unanchored expression's
    // witness is trivially accepted; a generated one could fall outside a class).
    let rejected = old_witnesses.iter().find(|w| is_match(&old_program, w) && !is_match(&new_program, w));
    let accepted = new_witnesses.iter().find(|w| is_match(&new_program, w) && !is_match(&old_program, w));
    match (rejected, accepted) {
        (Some(r), Some(a)) => PatternChange::Both(r.clone(), a.clone()),
        (Some(r), None) => PatternChange::Tighter(r.clone()),
        (None, Some(a)) => PatternChange::Looser(a.clone()),
        (None, None) => PatternChange::Undecided(format!(
            "no difference found on {} generated strings",
            old_witnesses.len() + new_witnesses.len()
        )),
    }
}

/// Strings the expression is built to accept: each part varied one at a time, and
/// every part varied together ("diagonals"), with repetitions at their bounds.
pub fn witnesses(regex: &str) -> Result<Vec<String>, String> {
    let nodes = parse(regex)?;
    let mut found = sequence(&nodes);
    found.sort();
    found.dedup();
    Ok(found)
}

fn sequence(nodes: &[Node]) -> Vec<String> {
    let options: Vec<Vec<String>> = nodes.iter().map(node).collect();
    if options.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let pick = |choice: &dyn Fn(usize, &[String]) -> String| -> String {
        options.iter().enumerate().map(|(i, samples)| choice(i, samples)).collect()
    };
    let mut out = vec![pick(&|_, samples| samples[0].clone())];
    for (varied, samples) in options.iter().enumerate() {
        for sample in samples.iter().skip(1) {
            out.push(pick(&|i, s| if i == varied { sample.clone() } else { s[0].clone() }));
        }
    }
    let widest = options.iter().map(Vec::len).max().unwrap_or(0);
    for k in 1..widest {
        out.push(pick(&|i, samples| samples[(k + i) % samples.len()].clone()));
    }
    out.truncate(PER_NODE * 4);
    out
}

fn node(node: &Node) -> Vec<String> {
    let mut out = match node {
        Node::Start | Node::End => vec![String::new()],
        Node::Any => vec!["a".to_owned(), "-".to_owned(), "é".to_owned()],
        Node::Char(c) => vec![c.to_string()],
        Node::Class { negated: false, ranges } => {
            let mut chars = Vec::new();
            for &(low, high) in ranges {
                chars.push(low);
                chars.push(high);
                if let Some(mid) = char::from_u32((u32::from(low) + u32::from(high)) / 2) {
                    chars.push(mid);
                }
            }
            chars.dedup();
            chars.into_iter().map(String::from).collect()
        }
        Node::Class { negated: true, ranges } => {
            // A few likely characters outside the class.
            let inside = |c: char| ranges.iter().any(|&(l, h)| (l..=h).contains(&c));
            "aZ0-_./: é".chars().filter(|&c| !inside(c)).map(String::from).collect()
        }
        Node::Group(alternatives) => alternatives.iter().flat_map(|a| sequence(a)).collect(),
        Node::Repeat { node: inner, min, max } => {
            let samples = self::node(inner);
            let mut counts = vec![*min, min.saturating_add(1), min.saturating_add(2)];
            if *max != u32::MAX {
                counts.push(*max);
            }
            let mut out = Vec::new();
            for count in counts.into_iter().filter(|c| c <= max) {
                // Long counted repetitions are sampled at their bounds only.
                let count = count.min(64) as usize;
                for shift in 0..samples.len().clamp(1, 4) {
                    out.push((0..count).map(|i| samples[(i + shift) % samples.len()].as_str()).collect());
                }
            }
            out
        }
    };
    out.truncate(PER_NODE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn witnesses_are_accepted_by_their_own_expression() {
        for regex in [
            r"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$",
            r"^arn:aws(-\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\-pullthroughcache\/[a-zA-Z0-9\/_+=.@-]+$",
            r"^[0-9]{12}$",
            r"^[\p{L}\p{Zs}]{1,3}$",
            r"^[^a-z]+$",
        ] {
            let program = super::super::regex::compile(regex).unwrap().program;
            let found = witnesses(regex).unwrap();
            assert!(!found.is_empty(), "{regex}");
            for witness in &found {
                assert!(is_match(&program, witness), "{regex} rejects its own witness {witness:?}");
            }
        }
    }

    #[test]
    fn tightened_and_loosened_patterns_are_told_apart() {
        // The older repository-name pattern accepted `a--b`-like names the newer rejects.
        let older = r"^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$";
        let newer = r"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$";
        let PatternChange::Tighter(example) = compare(older, newer) else { panic!("{:?}", compare(older, newer)) };
        assert!(is_match(&super::super::regex::compile(older).unwrap().program, &example));
        assert!(matches!(compare(newer, older), PatternChange::Looser(_)));
        // A partition dropped from a key ARN pattern.
        let any_partition = r"^arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[a-z0-9-]+$";
        let only_aws = r"^arn:aws:kms:[a-z0-9-]+:[0-9]{12}:key\/[a-z0-9-]+$";
        assert!(matches!(compare(any_partition, only_aws), PatternChange::Tighter(_)));
        assert!(matches!(compare("^[a-c]+$", "^[b-d]+$"), PatternChange::Both(..)));
        // Written differently, same language: nothing found, and it says so.
        let PatternChange::Undecided(reason) = compare("^[0-9]{2}$", r"^\d\d$") else { panic!() };
        assert!(reason.contains("no difference found"), "{reason}");
        assert!(matches!(compare("^(?!x)a$", "^a$"), PatternChange::Undecided(_)));
    }
}

//! `cargo xtask update-model PATH`: take a new revision of the ECR model in one step.
//!
//! In order: compare the checked-in model with the new one (nothing is written when the
//! new one does not read or resolve), copy it over the checked-in model, update its row
//! in `models/README.md` (sha256, date, operation count), regenerate `ecr-model` and
//! `ecr-client`, print the change report and prepend it to `ecr-client/CHANGELOG.md`
//! under the next version (the last version in the changelog, or the crate's version,
//! bumped as the report implies).

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::codegen::{MODEL, TARGETS, Target};

/// The changelog the report is prepended to, relative to the root.
pub const CHANGELOG: &str = "ecr-client/CHANGELOG.md";
/// The provenance note of the models, relative to the root.
const PROVENANCE: &str = "models/README.md";
/// The changelog's opening, written when the file is created.
const CHANGELOG_INTRO: &str = "# Changelog of `ecr-client` and `ecr-model`

Each entry is written by `cargo xtask update-model` when a new revision of the ECR model
is taken: it classifies every change of the generated API as breaking, behavioural or
non-breaking, and its version is the previous one bumped as the changes imply.
";

pub fn run(args: &[String]) -> Result<(), String> {
    let [path] = args else {
        return Err("usage: cargo xtask update-model PATH".to_owned());
    };
    let outcome = update(&crate::project_root(), Path::new(path), &today())?;
    print!("{}", outcome.entry);
    println!("\nimplied semver bump: {}", outcome.report.bump().label());
    match &outcome.version {
        Some(version) => println!("\nprepended to {CHANGELOG} as {version}; review `git diff` and commit"),
        None => println!("\nthe generated API did not change; {CHANGELOG} left as it was"),
    }
    Ok(())
}

/// What an update did.
#[derive(Debug)]
pub struct Outcome {
    /// The comparison of the previous model with the new one.
    pub report: codegen::diff::Report,
    /// The changelog version written, or `None` when nothing changed.
    pub version: Option<String>,
    /// The changelog entry (or the report alone when nothing changed).
    pub entry: String,
}

/// Updates the model below `root` to the file at `new_model`, dated `today` (`YYYY-MM-DD`).
pub fn update(root: &Path, new_model: &Path, today: &str) -> Result<Outcome, String> {
    let target = ecr_target();
    let model_path = root.join(MODEL);
    let old_text = read(&model_path)?;
    let new_text = read(new_model)?;
    let report = codegen::diff::diff(&old_text, &new_text).map_err(|d| format!("{}:\n{d}", new_model.display()))?;
    let file_name = MODEL.rsplit('/').next().unwrap_or(MODEL);
    let label = |text: &str| format!("{file_name} sha256 {}", &sha256(text)[..12]);
    let rendered = codegen::diff::render_markdown(&report, &label(&old_text), &label(&new_text));

    fs::write(&model_path, &new_text).map_err(|e| format!("cannot write {}: {e}", model_path.display()))?;
    let generated = match crate::codegen::generate_in_memory_at(root, target) {
        Ok(generated) => generated,
        Err(message) => {
            // Leave the tree as it was: the checked-in crates still match the old model.
            let _ = fs::write(&model_path, &old_text);
            return Err(message);
        }
    };
    update_provenance(root, &sha256(&new_text), today, generated.stats.operations)?;
    let mut sync = crate::codegen::sync(&root.join(target.model_dir), &generated.model_files, false)?;
    sync.merge(crate::codegen::sync(&root.join(target.client_dir), &generated.client_files, false)?);
    println!(
        "regenerated {} and {}: {} changed, {} added, {} removed files",
        target.model_dir,
        target.client_dir,
        sync.changed.len(),
        sync.added.len(),
        sync.removed.len()
    );

    if report.is_empty() {
        return Ok(Outcome { report, version: None, entry: rendered });
    }
    let changelog_path = root.join(CHANGELOG);
    let changelog = fs::read_to_string(&changelog_path).unwrap_or_default();
    let base = match last_version(&changelog) {
        Some(version) => version,
        None => crate_version(&root.join(target.client_dir).join("Cargo.toml"))?,
    };
    let version = report.bump().apply(&base).ok_or_else(|| format!("cannot bump version `{base}`"))?;
    let entry = format!("## {version} ({today})\n\n{rendered}");
    fs::write(&changelog_path, prepend(&changelog, &entry))
        .map_err(|e| format!("cannot write {}: {e}", changelog_path.display()))?;
    Ok(Outcome { report, version: Some(version), entry })
}

/// The checked-in ECR crates.
fn ecr_target() -> &'static Target {
    TARGETS.iter().find(|t| t.model == MODEL).expect("the ECR model is a target")
}

/// Rewrites the model's row of the provenance table: sha256, copy date, operation count.
fn update_provenance(root: &Path, sha: &str, today: &str, operations: usize) -> Result<(), String> {
    let path = root.join(PROVENANCE);
    let text = read(&path)?;
    let row_key = format!("| `{}` |", MODEL.trim_start_matches("models/"));
    let mut found = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if !line.starts_with(&row_key) {
                return line.to_owned();
            }
            found = true;
            let mut cells: Vec<String> = line.split(" | ").map(str::to_owned).collect();
            for cell in &mut cells {
                *cell = replace_word_after(cell, "copied ", today);
                *cell = replace_number_before(cell, " operations", operations);
                let trimmed = cell.trim_end_matches(" |").trim_matches('`');
                if trimmed.len() == 64 && trimmed.bytes().all(|b| b.is_ascii_hexdigit()) {
                    *cell = cell.replace(trimmed, sha);
                }
            }
            cells.join(" | ")
        })
        .collect();
    if !found {
        return Err(format!("{PROVENANCE} has no row starting with {row_key}"));
    }
    let mut updated = lines.join("\n");
    if text.ends_with('\n') {
        updated.push('\n');
    }
    fs::write(&path, updated).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Replaces the word following `marker` (up to a space, comma or end) with `value`.
fn replace_word_after(cell: &str, marker: &str, value: &str) -> String {
    let Some(start) = cell.find(marker).map(|i| i + marker.len()) else { return cell.to_owned() };
    let end = cell[start..].find([' ', ',', ')']).map_or(cell.len(), |i| start + i);
    format!("{}{value}{}", &cell[..start], &cell[end..])
}

/// Replaces the number just before `marker` (`58 operations`) with `value`.
fn replace_number_before(cell: &str, marker: &str, value: usize) -> String {
    let Some(end) = cell.find(marker) else { return cell.to_owned() };
    let start = cell[..end].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    if start == end {
        return cell.to_owned();
    }
    format!("{}{value}{}", &cell[..start], &cell[end..])
}

/// The newest version heading (`## 0.2.0 (…)`) of a changelog.
fn last_version(changelog: &str) -> Option<String> {
    changelog.lines().find_map(|line| line.strip_prefix("## ")?.split_whitespace().next().map(str::to_owned))
}

/// The `version` of a crate manifest.
fn crate_version(manifest: &Path) -> Result<String, String> {
    read(manifest)?
        .lines()
        .find_map(|line| line.strip_prefix("version = \"")?.strip_suffix('"').map(str::to_owned))
        .ok_or_else(|| format!("{} has no version", manifest.display()))
}

/// The changelog with `entry` as its first entry (after the opening text).
fn prepend(changelog: &str, entry: &str) -> String {
    let changelog = if changelog.trim().is_empty() { CHANGELOG_INTRO } else { changelog };
    match changelog.find("\n## ") {
        Some(at) => format!("{}{entry}\n{}", &changelog[..at + 1], &changelog[at + 1..]),
        None => format!("{}\n{entry}", changelog.trim_end_matches('\n').to_owned() + "\n"),
    }
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Today's UTC date as `YYYY-MM-DD`.
fn today() -> String {
    utc_date(aws_client_runtime::DateTime::now())
}

/// The `YYYY-MM-DD` of `time` in UTC: the date part of the runtime's RFC 3339 form.
fn utc_date(time: aws_client_runtime::DateTime) -> String {
    let text = time.to_string();
    match text.split_once('T') {
        Some((date, _)) => date.to_owned(),
        None => text,
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole command on a copy of the tree's model files: older → current → older.
    #[test]
    fn update_copies_regenerates_and_writes_the_changelog() {
        let root = std::env::temp_dir().join(format!("xtask-update-model-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let fixtures = crate::project_root().join("codegen/tests/fixtures/model_diff");
        fs::create_dir_all(root.join("models/ecr")).unwrap();
        fs::copy(fixtures.join("ecr-older.json"), root.join(MODEL)).unwrap();
        fs::copy(crate::project_root().join(PROVENANCE), root.join(PROVENANCE)).unwrap();
        let current = fixtures.join("ecr-current.json");
        let older = fixtures.join("ecr-older.json");
        let row = |root: &Path| {
            let text = fs::read_to_string(root.join(PROVENANCE)).unwrap();
            text.lines().find(|l| l.starts_with("| `ecr/ecr-2015-09-21.json` |")).unwrap().to_owned()
        };

        let outcome = update(&root, &current, "2026-11-24").unwrap();
        assert_eq!(outcome.version.as_deref(), Some("0.1.1"), "additions only: a patch release below 1.0");
        assert_eq!(fs::read(root.join(MODEL)).unwrap(), fs::read(&current).unwrap());
        let provenance = row(&root);
        assert!(
            provenance.contains("`30aa2a641a682dd9ed374edafff8cbaee6322b94dafcdfc302dde9ef97866b91`"),
            "{provenance}"
        );
        assert!(provenance.contains("copied 2026-11-24") && provenance.contains("58 operations"), "{provenance}");
        assert!(root.join("ecr-model/src/operation/list_image_referrers.rs").exists());
        assert!(root.join("ecr-client/src/fluent_builders/list_image_referrers.rs").exists());
        let changelog = fs::read_to_string(root.join(CHANGELOG)).unwrap();
        assert!(changelog.starts_with(CHANGELOG_INTRO));
        assert!(changelog.contains("\n## 0.1.1 (2026-11-24)\n\nModel changes from `ecr-2015-09-21.json sha256 d9d1f6fbd409` to `ecr-2015-09-21.json sha256 30aa2a641a68`."), "{changelog}");
        assert!(changelog.contains("| operations added | 9 | 0 | 0 | 9 |"), "{changelog}");

        let outcome = update(&root, &older, "2026-11-25").unwrap();
        assert_eq!(outcome.version.as_deref(), Some("0.2.0"), "removals are breaking");
        assert!(row(&root).contains("49 operations"));
        assert!(!root.join("ecr-model/src/operation/list_image_referrers.rs").exists(), "orphans are removed");
        let changelog = fs::read_to_string(root.join(CHANGELOG)).unwrap();
        let newest = changelog.find("## 0.2.0 (2026-11-25)").unwrap();
        assert!(newest < changelog.find("## 0.1.1 (2026-11-24)").unwrap(), "the newest entry comes first");

        let outcome = update(&root, &older, "2026-11-26").unwrap();
        assert_eq!(outcome.version, None, "the same model again changes nothing");
        assert_eq!(fs::read_to_string(root.join(CHANGELOG)).unwrap(), changelog);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn dates_are_civil() {
        let day = |days: i64| utc_date(aws_client_runtime::DateTime::from_secs(days * 86_400 + 3_599));
        assert_eq!(day(0), "1970-01-01");
        assert_eq!(day(11_016), "2000-02-29");
        assert_eq!(day(20_780), "2026-11-23");
    }

    #[test]
    fn provenance_cells_are_rewritten_in_place() {
        let cell = "AWS's models, copied 2026-11-23";
        assert_eq!(replace_word_after(cell, "copied ", "2027-01-02"), "AWS's models, copied 2027-01-02");
        let cell = "(API version 2015-09-21, 58 operations, awsJson1_1)";
        assert_eq!(
            replace_number_before(cell, " operations", 61),
            "(API version 2015-09-21, 61 operations, awsJson1_1)"
        );
    }

    #[test]
    fn entries_go_first_below_the_opening() {
        let first = prepend("", "## 0.2.0 (d)\n\nA\n");
        assert_eq!(first, format!("{CHANGELOG_INTRO}\n## 0.2.0 (d)\n\nA\n"));
        let second = prepend(&first, "## 0.3.0 (e)\n\nB\n");
        assert_eq!(second, format!("{CHANGELOG_INTRO}\n## 0.3.0 (e)\n\nB\n\n## 0.2.0 (d)\n\nA\n"));
        assert_eq!(last_version(&second).as_deref(), Some("0.3.0"));
    }
}

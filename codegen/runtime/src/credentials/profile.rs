//! The AWS shared configuration files: `~/.aws/config` and
//! `~/.aws/credentials`.
//!
//! File locations: `AWS_CONFIG_FILE` (default `~/.aws/config`) and
//! `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`); a leading
//! `~` is the home directory. A missing file counts as empty. The selected
//! profile is `AWS_PROFILE`, or `default`.
//!
//! The format, following the AWS CLI and SDKs:
//!
//! * Blank lines and lines starting with `#` or `;` are comments.
//! * `[section]` starts a section; text after the `]` may only be a comment.
//!   - In the **config** file a profile is `[profile NAME]`, and the default
//!     profile is `[default]` or `[profile default]` (the latter wins when
//!     both exist). Other sections, including `[NAME]` without the `profile `
//!     prefix, are ignored. `[sso-session NAME]` and `[services NAME]` are
//!     kept apart from the profiles (see [`ProfileSet::sso_session`] and
//!     [`ProfileSet::services`]).
//!   - In the **credentials** file a profile is `[NAME]`; `[profile NAME]`
//!     there is not a profile and is ignored.
//!   - Names may hold letters, digits and `- / . % @ _ : +`; sections with
//!     other names are ignored.
//! * `key = value` sets a property of the current section. Keys are
//!   case-insensitive (stored in lower case, as the AWS CLI does); surrounding
//!   whitespace is removed; in a value, `#` or `;` preceded by whitespace
//!   starts a comment. An indented line continues the previous value (joined
//!   with a newline); when that value was empty, each indented line must be a
//!   `key = value` sub-property (as in `[services …]` sections). A key with
//!   whitespace inside is skipped. A section repeated in one file merges,
//!   later values winning.
//! * A property before any section, or a line that is neither a section, a
//!   property nor a comment, is an error naming the file and line (never its
//!   content, which may be a secret).
//!
//! [`load`] reads both files; for a profile present in both, the credentials
//! file's values win key by key, and the config file's other keys remain.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::Environment;

/// Which of the two shared files a text comes from; they name profiles
/// differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `~/.aws/config`: `[profile NAME]` and `[default]`.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
}

/// One named profile: its properties, keys in lower case.
///
/// The `Debug` output lists the keys only, never the values.
#[derive(Clone, PartialEq, Eq)]
pub struct Profile {
    name: String,
    properties: BTreeMap<String, String>,
}

impl Profile {
    /// The profile's name, e.g. `default`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of the property `key` (matched case-insensitively).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(&key.to_ascii_lowercase()).map(String::as_str)
    }

    /// The property keys, in lower case and sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.properties.keys().map(String::as_str)
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile").field("name", &self.name).field("keys", &self.keys().collect::<Vec<_>>()).finish()
    }
}

/// The profiles of one or both shared files, with the config file's
/// `[sso-session NAME]` and `[services NAME]` sections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    sso_sessions: BTreeMap<String, Profile>,
    services: BTreeMap<String, Profile>,
    files: Vec<PathBuf>,
}

impl ProfileSet {
    /// Parses the text of one file. Errors name the line (but not the file,
    /// which [`load`] adds).
    pub fn parse(text: &str, kind: FileKind) -> Result<ProfileSet, ProfileError> {
        Parser::new(kind).parse(text)
    }

    /// The profile named `name`.
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The profile names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// The `[sso-session NAME]` section named `name` (config file only).
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }

    /// The `[sso-session …]` names, sorted.
    pub fn sso_session_names(&self) -> impl Iterator<Item = &str> {
        self.sso_sessions.keys().map(String::as_str)
    }

    /// The `[services NAME]` section named `name` (config file only): its
    /// keys are service ids, each value the service's indented settings.
    pub fn services(&self, name: &str) -> Option<&Profile> {
        self.services.get(name)
    }

    /// `true` when there is no profile.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// The files that were read (those that exist), in reading order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Merges `other` into `self`: for a section in both, `other`'s values
    /// win key by key.
    pub fn merge(&mut self, other: ProfileSet) {
        for (mine, theirs) in [
            (&mut self.profiles, other.profiles),
            (&mut self.sso_sessions, other.sso_sessions),
            (&mut self.services, other.services),
        ] {
            for (name, section) in theirs {
                match mine.get_mut(&name) {
                    Some(existing) => existing.properties.extend(section.properties),
                    None => {
                        mine.insert(name, section);
                    }
                }
            }
        }
        self.files.extend(other.files);
    }
}

/// The settings of one service in a `[services NAME]` section value (the
/// indented `key = value` lines under `service_id =`), keys in lower case.
pub fn sub_properties(value: &str) -> BTreeMap<String, String> {
    value
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .filter(|(key, _)| !key.is_empty())
        .collect()
}

/// A shared file that could not be read or parsed.
#[derive(Debug)]
pub struct ProfileError {
    path: Option<PathBuf>,
    line: Option<usize>,
    message: String,
    source: Option<io::Error>,
}

impl ProfileError {
    fn at_line(line: usize, message: impl Into<String>) -> Self {
        ProfileError { path: None, line: Some(line), message: message.into(), source: None }
    }

    /// The file, when known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line number, for a parse error.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What is wrong, without the file and line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{}, line {line}: {}", path.display(), self.message),
            (Some(path), None) => write!(f, "{}: {}", path.display(), self.message),
            (None, Some(line)) => write!(f, "line {line}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ProfileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The selected profile: `AWS_PROFILE` if set and not blank, else `default`.
pub fn profile_name(env: &Environment) -> String {
    env.non_empty_var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned())
}

/// The config file: `AWS_CONFIG_FILE`, else `~/.aws/config` (`None` without
/// either a variable or a home directory).
pub fn config_file(env: &Environment) -> Option<PathBuf> {
    file_location(env, "AWS_CONFIG_FILE", "config")
}

/// The credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else
/// `~/.aws/credentials` (`None` without either a variable or a home
/// directory).
pub fn credentials_file(env: &Environment) -> Option<PathBuf> {
    file_location(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
}

fn file_location(env: &Environment, var: &str, default_name: &str) -> Option<PathBuf> {
    match env.non_empty_var(var) {
        Some(path) => Some(env.expand_home(&path)),
        None => Some(env.home_dir()?.join(".aws").join(default_name)),
    }
}

/// Reads and merges both shared files (the credentials file's values win).
/// Missing files count as empty; a file that exists but cannot be read (not
/// UTF-8, a directory, no permission) or parsed is an error.
pub fn load(env: &Environment) -> Result<ProfileSet, ProfileError> {
    let mut set = ProfileSet::default();
    for (path, kind) in [(config_file(env), FileKind::Config), (credentials_file(env), FileKind::Credentials)] {
        let Some(path) = path else { continue };
        let text = match env.read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                let message = format!("cannot read the file: {e}");
                return Err(ProfileError { path: Some(path), line: None, message, source: Some(e) });
            }
        };
        let mut parsed = ProfileSet::parse(&text, kind).map_err(|mut e| {
            e.path = Some(path.clone());
            e
        })?;
        parsed.files.push(path);
        set.merge(parsed);
    }
    Ok(set)
}

/// The kinds of named sections.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Profiles,
    SsoSessions,
    Services,
}

/// What the lines being parsed belong to.
enum Section {
    /// Before the first section header.
    None,
    /// A section that is not kept.
    Ignored,
    /// A kept section; `plain_default` for `[default]` in the config file.
    Named { table: Table, name: String, plain_default: bool },
}

/// The property continuation lines extend.
struct LastProperty {
    key: String,
    /// The property's own line had an empty value: its continuation lines
    /// are `key = value` sub-properties.
    sub_properties: bool,
}

struct Parser {
    kind: FileKind,
    set: ProfileSet,
    /// `[default]` of the config file, used only without `[profile default]`.
    plain_default: Option<Profile>,
    section: Section,
    last: Option<LastProperty>,
}

impl Parser {
    fn new(kind: FileKind) -> Self {
        Parser { kind, set: ProfileSet::default(), plain_default: None, section: Section::None, last: None }
    }

    fn parse(mut self, text: &str) -> Result<ProfileSet, ProfileError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, line) in text.lines().enumerate() {
            self.line(index + 1, line)?;
        }
        if let Some(default) = self.plain_default
            && !self.set.profiles.contains_key("default")
        {
            self.set.profiles.insert("default".to_owned(), default);
        }
        Ok(self.set)
    }

    fn line(&mut self, number: usize, line: &str) -> Result<(), ProfileError> {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            return Ok(());
        }
        let indented = line.starts_with([' ', '\t']);
        // An indented line continues the last property; with none to
        // continue, an indented `[section]` is still a header.
        if indented && (self.last.is_some() || !trimmed.starts_with('[')) {
            return self.continuation(number, trimmed);
        }
        if trimmed.starts_with('[') {
            return self.header(number, trimmed);
        }
        self.property(number, trimmed)
    }

    fn continuation(&mut self, number: usize, text: &str) -> Result<(), ProfileError> {
        if matches!(self.section, Section::None) {
            return Err(ProfileError::at_line(number, "an indented continuation line before the first `[section]`"));
        }
        let Some(last) = &self.last else {
            // Nothing to continue: an indented `key = value` is a property.
            if text.contains('=') {
                return self.property(number, text);
            }
            return Err(ProfileError::at_line(
                number,
                "an indented continuation line that follows no `key = value` property",
            ));
        };
        if last.sub_properties {
            match text.split_once('=') {
                None => {
                    return Err(ProfileError::at_line(number, "expected `key = value` for a sub-property"));
                }
                Some((key, _)) if key.trim().is_empty() => {
                    return Err(ProfileError::at_line(number, "a sub-property with an empty key"));
                }
                Some(_) => {}
            }
        }
        let key = last.key.clone();
        if let Some(properties) = self.current_properties() {
            let value = properties.entry(key).or_default();
            value.push('\n');
            value.push_str(text);
        }
        Ok(())
    }

    fn header(&mut self, number: usize, line: &str) -> Result<(), ProfileError> {
        let Some(end) = line.find(']') else {
            return Err(ProfileError::at_line(number, "section header without a closing `]`"));
        };
        let rest = line[end + 1..].trim_start();
        if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
            return Err(ProfileError::at_line(number, "unexpected text after a section header"));
        }
        let inner = line[1..end].trim();
        self.last = None;
        let named = |table, name: &str| Section::Named { table, name: name.to_owned(), plain_default: false };
        self.section = match self.kind {
            FileKind::Config if inner == "default" => {
                Section::Named { table: Table::Profiles, name: inner.to_owned(), plain_default: true }
            }
            FileKind::Config => match prefixed(inner) {
                Some(("profile", name)) => named(Table::Profiles, name),
                Some(("sso-session", name)) => named(Table::SsoSessions, name),
                Some(("services", name)) => named(Table::Services, name),
                _ => Section::Ignored,
            },
            FileKind::Credentials if valid_name(inner) => named(Table::Profiles, inner),
            FileKind::Credentials => Section::Ignored,
        };
        // A section with no properties still exists.
        let _ = self.current_properties();
        Ok(())
    }

    fn property(&mut self, number: usize, line: &str) -> Result<(), ProfileError> {
        if matches!(self.section, Section::None) {
            return Err(ProfileError::at_line(number, "a property before the first `[section]`"));
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(ProfileError::at_line(number, "expected `key = value`, a `[section]` or a comment"));
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(ProfileError::at_line(number, "a property with an empty key"));
        }
        let value = strip_inline_comment(value).trim().to_owned();
        let sub_properties = value.is_empty();
        // Keys with whitespace are not keys; the AWS SDKs skip such lines.
        if key.contains(char::is_whitespace) {
            self.last = None;
            return Ok(());
        }
        if let Some(properties) = self.current_properties() {
            properties.insert(key.clone(), value);
        }
        self.last = Some(LastProperty { key, sub_properties });
        Ok(())
    }

    /// The properties of the current section, creating it on first use;
    /// `None` outside kept sections.
    fn current_properties(&mut self) -> Option<&mut BTreeMap<String, String>> {
        let Section::Named { table, name, plain_default } = &self.section else { return None };
        let new = || Profile { name: name.clone(), properties: BTreeMap::new() };
        let section = if *plain_default {
            self.plain_default.get_or_insert_with(new)
        } else {
            let map = match table {
                Table::Profiles => &mut self.set.profiles,
                Table::SsoSessions => &mut self.set.sso_sessions,
                Table::Services => &mut self.set.services,
            };
            map.entry(name.clone()).or_insert_with(new)
        };
        Some(&mut section.properties)
    }
}

/// `prefix NAME` in a config-file header: the prefix and the valid name
/// after at least one space or tab.
fn prefixed(inner: &str) -> Option<(&str, &str)> {
    let split = inner.find([' ', '\t'])?;
    let (prefix, name) = (&inner[..split], inner[split..].trim());
    valid_name(name).then_some((prefix, name))
}

/// A section name: not empty, only letters, digits and `- / . % @ _ : +`.
fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "-/.%@_:+".contains(c))
}

/// `value` up to the first `#` or `;` that follows whitespace.
fn strip_inline_comment(value: &str) -> &str {
    let mut previous_is_space = false;
    for (index, c) in value.char_indices() {
        if (c == '#' || c == ';') && previous_is_space {
            return &value[..index];
        }
        previous_is_space = c.is_whitespace();
    }
    value
}

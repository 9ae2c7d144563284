//! [`Environment`]: the process environment and home directory the
//! providers read, or a fixed map of variables in tests.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where providers look: environment variables and the home directory.
///
/// [`Environment::real`] reads the process environment (each lookup reads it
/// afresh); [`Environment::from_vars`] uses a fixed map, so tests never touch
/// the real environment or the real `~/.aws`.
///
/// The `Debug` output lists variable names only, never their values.
#[derive(Clone)]
pub struct Environment {
    vars: Option<Arc<BTreeMap<String, String>>>,
    home: Option<PathBuf>,
}

impl Environment {
    /// The process environment. The home directory is `HOME`, or on Windows
    /// `USERPROFILE` (then `HOMEDRIVE` + `HOMEPATH`), read now.
    pub fn real() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let home = var("HOME").or_else(|| var("USERPROFILE")).or_else(|| Some(var("HOMEDRIVE")? + &var("HOMEPATH")?));
        Environment { vars: None, home: home.map(PathBuf::from) }
    }

    /// A fixed set of variables. The home directory is the map's `HOME`
    /// (then `USERPROFILE`); without either there is none, so the default
    /// shared files are not read.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let vars: BTreeMap<String, String> = vars.into_iter().collect();
        let home = ["HOME", "USERPROFILE"].iter().filter_map(|name| vars.get(*name)).find(|v| !v.is_empty());
        let home = home.map(PathBuf::from);
        Environment { vars: Some(Arc::new(vars)), home }
    }

    /// The same environment with another home directory (`None`: none).
    pub fn with_home(mut self, home: Option<PathBuf>) -> Self {
        self.home = home;
        self
    }

    /// The value of the variable `name`; `None` if it is unset or not valid
    /// Unicode.
    pub fn var(&self, name: &str) -> Option<String> {
        match &self.vars {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        }
    }

    /// The home directory, if known.
    pub fn home_dir(&self) -> Option<&Path> {
        self.home.as_deref()
    }

    /// The value of `name` with surrounding whitespace removed; `None` if it
    /// is unset or blank.
    pub(crate) fn non_empty_var(&self, name: &str) -> Option<String> {
        let value = self.var(name)?;
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    }

    /// `path` with a leading `~` (alone, or followed by `/` or `\`) replaced
    /// by the home directory, as the AWS SDKs do for file locations.
    pub(crate) fn expand_home(&self, path: &str) -> PathBuf {
        let rest = match path.strip_prefix('~') {
            Some(rest) if rest.is_empty() || rest.starts_with('/') || rest.starts_with('\\') => rest,
            _ => return PathBuf::from(path),
        };
        match &self.home {
            Some(home) => home.join(rest.trim_start_matches(['/', '\\'])),
            None => PathBuf::from(path),
        }
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Environment");
        match &self.vars {
            None => s.field("vars", &"process environment"),
            Some(vars) => s.field("vars", &vars.keys().collect::<Vec<_>>()),
        };
        s.field("home", &self.home).finish()
    }
}

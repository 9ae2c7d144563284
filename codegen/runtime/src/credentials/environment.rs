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
    /// Test hook: the root absolute file paths are resolved under.
    fs_root: Option<PathBuf>,
    /// Test hook: where every credentials request is sent instead.
    route: Option<Arc<str>>,
}

impl Environment {
    /// The process environment. The home directory is `HOME`, or on Windows
    /// `USERPROFILE` (then `HOMEDRIVE` + `HOMEPATH`), read now.
    pub fn real() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let home = var("HOME").or_else(|| var("USERPROFILE")).or_else(|| Some(var("HOMEDRIVE")? + &var("HOMEPATH")?));
        Environment { vars: None, home: home.map(PathBuf::from), fs_root: None, route: None }
    }

    /// A fixed set of variables. The home directory is the map's `HOME`
    /// (then `USERPROFILE`); without either there is none, so the default
    /// shared files are not read.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let vars: BTreeMap<String, String> = vars.into_iter().collect();
        let home = ["HOME", "USERPROFILE"].iter().filter_map(|name| vars.get(*name)).find(|v| !v.is_empty());
        let home = home.map(PathBuf::from);
        Environment { vars: Some(Arc::new(vars)), home, fs_root: None, route: None }
    }

    /// The same environment with another home directory (`None`: none).
    pub fn with_home(mut self, home: Option<PathBuf>) -> Self {
        self.home = home;
        self
    }

    /// Test hook, not for production use: every file the providers read or
    /// write (shared files, token files, the SSO token cache) is looked up
    /// under `root`, an absolute path `/a/b` becoming `root/a/b`. Lets a test
    /// replay a recorded file system without touching the real one.
    #[doc(hidden)]
    pub fn with_test_fs_root(mut self, root: PathBuf) -> Self {
        self.fs_root = Some(root);
        self
    }

    /// Test hook, not for production use: every request of the credentials
    /// providers (container endpoint, instance metadata, STS, SSO, SSO-OIDC)
    /// goes to `base` (say `http://127.0.0.1:8080`) instead, the original
    /// scheme and percent-encoded authority becoming the first two path
    /// segments (`https://sts.us-east-1.amazonaws.com/` is sent as
    /// `{base}/https/sts.us-east-1.amazonaws.com/`). Lets a test answer
    /// requests to AWS hosts from a local server, never the network.
    #[doc(hidden)]
    pub fn with_test_route(mut self, base: impl Into<String>) -> Self {
        self.route = Some(Arc::from(base.into().trim_end_matches('/')));
        self
    }

    /// The URL a credentials request for `url` is actually sent to: `url`
    /// itself, unless a test route is set (see [`Environment::with_test_route`]).
    pub(crate) fn route(&self, url: &reqwest::Url) -> reqwest::Url {
        let Some(base) = &self.route else { return url.clone() };
        let mut authority = String::new();
        for byte in url.authority().bytes() {
            if byte.is_ascii_alphanumeric() || b".-_:".contains(&byte) {
                authority.push(char::from(byte));
            } else {
                authority.push_str(&format!("%{byte:02X}"));
            }
        }
        let mut routed = format!("{base}/{}/{authority}{}", url.scheme(), url.path());
        if let Some(query) = url.query() {
            routed.push('?');
            routed.push_str(query);
        }
        reqwest::Url::parse(&routed).unwrap_or_else(|_| url.clone())
    }

    /// Where the file `path` is read from (see [`Environment::with_test_fs_root`]).
    pub(crate) fn file_path(&self, path: &Path) -> PathBuf {
        match &self.fs_root {
            Some(root) if path.is_absolute() => root
                .join(path.components().filter(|c| matches!(c, std::path::Component::Normal(_))).collect::<PathBuf>()),
            Some(root) => root.join(path),
            None => path.to_path_buf(),
        }
    }

    /// Reads the text file `path` (see [`Environment::file_path`]).
    pub(crate) fn read_to_string(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(self.file_path(path))
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
        s.field("home", &self.home);
        if let Some(root) = &self.fs_root {
            s.field("test_fs_root", root);
        }
        if let Some(route) = &self.route {
            s.field("test_route", route);
        }
        s.finish()
    }
}

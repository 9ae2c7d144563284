//! `Region`: a named AWS region, for code written against `aws-config`'s
//! `Region::new("eu-west-1")`. The configuration itself keeps the name as text, so
//! `ConfigBuilder::region` takes a `Region`, a `&str` or a `String` alike.

use std::borrow::Cow;
use std::fmt;

/// An AWS region name, e.g. `eu-west-1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// A region from its name.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Region {
        Region(name.into())
    }

    /// A region from a name known at compile time.
    pub const fn from_static(name: &'static str) -> Region {
        Region(Cow::Borrowed(name))
    }

    /// The region's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Region> for String {
    fn from(region: Region) -> String {
        region.0.into_owned()
    }
}

impl From<&Region> for String {
    fn from(region: &Region) -> String {
        region.0.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::Region;
    use crate::client::Config;

    #[test]
    fn a_region_configures_like_its_name() {
        const EU: Region = Region::from_static("eu-west-1");
        let config = Config::builder().region(EU).build();
        assert_eq!(config.region(), Some("eu-west-1"));
        let config = Config::builder().region(Region::new(String::from("us-east-2"))).build();
        assert_eq!(config.region(), Some("us-east-2"));
        assert_eq!(Region::new("x").to_string(), "x");
    }
}

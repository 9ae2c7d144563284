//! Endpoint settings a configuration carries for the endpoint rules: the account id
//! endpoint mode and the values of service-specific settings.

use super::ConfigError;
use crate::credentials::{self, Environment};

/// Whether endpoint rules may route calls by the account id of the credentials
/// (the `AWS::Auth::AccountIdEndpointMode` built-in of services whose rules use it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AccountIdEndpointMode {
    /// An account-based endpoint when the credentials carry an account id, the
    /// regional one otherwise (the default).
    #[default]
    Preferred,
    /// Never an account-based endpoint.
    Disabled,
    /// Only account-based endpoints: a call whose credentials carry no account id fails.
    Required,
}

impl AccountIdEndpointMode {
    /// The setting's value as the rules and the AWS configuration spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }

    /// The mode from `AWS_ACCOUNT_ID_ENDPOINT_MODE`, else the profile's
    /// `account_id_endpoint_mode`; `None` when neither is set.
    pub(super) fn from_environment(env: &Environment) -> Result<Option<Self>, ConfigError> {
        let (value, source) = match env.non_empty_var("AWS_ACCOUNT_ID_ENDPOINT_MODE") {
            Some(value) => (value, "environment variable AWS_ACCOUNT_ID_ENDPOINT_MODE"),
            None => match credentials::profile_setting(env, "account_id_endpoint_mode") {
                Some(value) => (value, "profile setting `account_id_endpoint_mode`"),
                None => return Ok(None),
            },
        };
        value.parse().map(Some).map_err(|_| ConfigError {
            message: format!("{source} is `{value}`; expected `preferred`, `disabled` or `required`"),
        })
    }
}

impl std::str::FromStr for AccountIdEndpointMode {
    type Err = ConfigError;

    fn from_str(text: &str) -> Result<Self, ConfigError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "preferred" => Ok(AccountIdEndpointMode::Preferred),
            "disabled" => Ok(AccountIdEndpointMode::Disabled),
            "required" => Ok(AccountIdEndpointMode::Required),
            _ => Err(ConfigError {
                message: format!("account id endpoint mode `{text}`: expected `preferred`, `disabled` or `required`"),
            }),
        }
    }
}

/// The value of a service-specific setting (a `clientContextParams` entry of the
/// service's endpoint rules).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextValue {
    /// A boolean setting.
    Bool(bool),
    /// A string setting.
    Str(String),
    /// A list-of-strings setting.
    StrArray(Vec<String>),
}

impl ContextValue {
    /// The value of a boolean setting.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ContextValue::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The value of a string setting.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ContextValue::Str(value) => Some(value),
            _ => None,
        }
    }

    /// The value of a list-of-strings setting.
    pub fn as_str_array(&self) -> Option<&[String]> {
        match self {
            ContextValue::StrArray(value) => Some(value),
            _ => None,
        }
    }
}

//! Validation of `[settings]`: contact, zone, schedule, limits and URLs, each error naming
//! the line and the key.

use std::path::PathBuf;
use std::time::Duration;

use chrono_tz::Tz;
use url::Url;

use super::validate::Validator;
use super::{ConfigError, Schedule, Settings, raw};

impl Validator<'_> {
    pub(super) fn settings(&self, r: &raw::RawSettings) -> Result<Settings, ConfigError> {
        let contact = r
            .contact
            .as_ref()
            .map(|c| c.get_ref().trim().to_string())
            .unwrap_or_else(|| "https://github.com/presseradar".to_string());
        let timezone = match &r.timezone {
            Some(t) => t.get_ref().parse::<Tz>().map_err(|_| {
                self.err(
                    t,
                    "settings.timezone",
                    "unknown IANA time zone (e.g. Europe/Berlin)",
                )
            })?,
            None => chrono_tz::Europe::Berlin,
        };
        let schedule = match &r.schedule {
            Some(s) => {
                Schedule::parse(s.get_ref()).map_err(|m| self.err(s, "settings.schedule", &m))?
            }
            None => Schedule::parse("*/30 * * * *").expect("default schedule is valid"),
        };
        let base_url = match &r.base_url {
            Some(u) => {
                // Feed URLs are joined onto base_url; without a trailing slash its last
                // path segment ("…/presseradar") would be replaced instead of extended.
                let mut url = self.http_url(u, "settings.base_url")?;
                if !url.path().ends_with('/') {
                    let path = format!("{}/", url.path());
                    url.set_path(&path);
                }
                url
            }
            None => Url::parse("http://127.0.0.1:8080/").expect("default base_url is valid"),
        };
        let websub_hub = match &r.websub_hub {
            Some(u) => Some(self.http_url(u, "settings.websub_hub")?),
            None => None,
        };
        Ok(Settings {
            contact,
            timezone,
            schedule,
            base_url,
            retention_days: self.positive(&r.retention_days, "settings.retention_days", 365)?
                as u32,
            topics_file: r.topics_file.as_ref().map(|f| PathBuf::from(f.get_ref())),
            max_body_bytes: self.positive(
                &r.max_body_bytes,
                "settings.max_body_bytes",
                10 * 1024 * 1024,
            )? as u64,
            host_interval: self.seconds(
                &r.host_interval_secs,
                "settings.host_interval_secs",
                1.0,
                true,
            )?,
            max_concurrency: self.positive(&r.max_concurrency, "settings.max_concurrency", 8)?
                as usize,
            connect_timeout: self.seconds(
                &r.connect_timeout_secs,
                "settings.connect_timeout_secs",
                10.0,
                false,
            )?,
            request_timeout: self.seconds(
                &r.request_timeout_secs,
                "settings.request_timeout_secs",
                30.0,
                false,
            )?,
            feed_max_age_secs: self.non_negative(
                &r.feed_max_age_secs,
                "settings.feed_max_age_secs",
                300,
            )? as u32,
            websub_hub,
        })
    }

    fn positive(
        &self,
        v: &Option<toml::Spanned<i64>>,
        key: &str,
        default: i64,
    ) -> Result<i64, ConfigError> {
        match v {
            Some(n) if *n.get_ref() <= 0 => {
                Err(self.err(n, key, "must be a positive whole number"))
            }
            Some(n) => Ok(*n.get_ref()),
            None => Ok(default),
        }
    }

    fn non_negative(
        &self,
        v: &Option<toml::Spanned<i64>>,
        key: &str,
        default: i64,
    ) -> Result<i64, ConfigError> {
        match v {
            Some(n) if *n.get_ref() < 0 || *n.get_ref() > u32::MAX as i64 => {
                Err(self.err(n, key, "must be a whole number ≥ 0"))
            }
            Some(n) => Ok(*n.get_ref()),
            None => Ok(default),
        }
    }

    fn seconds(
        &self,
        v: &Option<toml::Spanned<f64>>,
        key: &str,
        default: f64,
        zero_ok: bool,
    ) -> Result<Duration, ConfigError> {
        match v {
            Some(n) => {
                let x = *n.get_ref();
                if !x.is_finite() || x < 0.0 || (!zero_ok && x == 0.0) || x > 86_400.0 {
                    Err(self.err(n, key, "must be a number of seconds between 0 and 86400"))
                } else {
                    Ok(Duration::from_secs_f64(x))
                }
            }
            None => Ok(Duration::from_secs_f64(default)),
        }
    }

    pub(super) fn http_url(
        &self,
        u: &toml::Spanned<String>,
        key: &str,
    ) -> Result<Url, ConfigError> {
        let url = Url::parse(u.get_ref().trim())
            .map_err(|e| self.err(u, key, &format!("invalid URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(self.err(u, key, "must be an http:// or https:// URL with a host"));
        }
        Ok(url)
    }
}

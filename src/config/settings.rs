//! Validation of `[settings]`: contact, zone, schedule, limits and URLs, each error naming
//! the line and the key.

use std::path::PathBuf;
use std::time::Duration;

use chrono_tz::Tz;
use url::Url;

use super::suggest::did_you_mean;
use super::validate::Validator;
use super::{ConfigError, Schedule, Settings, raw};

impl Validator<'_> {
    /// The settings; an invalid value is recorded and its default used, so that the
    /// sources are still checked against sensible settings.
    pub(super) fn settings(&self, r: &raw::RawSettings) -> Settings {
        let contact = r
            .contact
            .as_ref()
            .map(|c| c.get_ref().trim().to_string())
            .unwrap_or_else(|| "https://github.com/presseradar".to_string());
        let timezone = r
            .timezone
            .as_ref()
            .and_then(|t| self.keep(self.timezone(t)))
            .unwrap_or(chrono_tz::Europe::Berlin);
        let schedule = r
            .schedule
            .as_ref()
            .and_then(|s| {
                self.keep(
                    Schedule::parse(s.get_ref()).map_err(|m| self.err(s, "settings.schedule", &m)),
                )
            })
            .unwrap_or_else(default_schedule);
        let base_url = match &r.base_url {
            Some(u) => self
                .keep(self.http_url(u, "settings.base_url"))
                .map(|mut url| {
                    // Feed URLs are joined onto base_url; without a trailing slash its last
                    // path segment ("…/presseradar") would be replaced instead of extended.
                    if !url.path().ends_with('/') {
                        let path = format!("{}/", url.path());
                        url.set_path(&path);
                    }
                    url
                }),
            None => None,
        }
        .unwrap_or_else(default_base_url);
        let websub_hub = match &r.websub_hub {
            Some(u) => self.keep(self.http_url(u, "settings.websub_hub")),
            None => None,
        };
        Settings {
            contact,
            timezone,
            schedule,
            base_url,
            retention_days: self.positive(&r.retention_days, "settings.retention_days", 365) as u32,
            topics_file: r.topics_file.as_ref().map(|f| PathBuf::from(f.get_ref())),
            max_body_bytes: self.positive(
                &r.max_body_bytes,
                "settings.max_body_bytes",
                10 * 1024 * 1024,
            ) as u64,
            host_interval: self.seconds(
                &r.host_interval_secs,
                "settings.host_interval_secs",
                1.0,
                true,
            ),
            max_concurrency: self.positive(&r.max_concurrency, "settings.max_concurrency", 8)
                as usize,
            connect_timeout: self.seconds(
                &r.connect_timeout_secs,
                "settings.connect_timeout_secs",
                10.0,
                false,
            ),
            request_timeout: self.seconds(
                &r.request_timeout_secs,
                "settings.request_timeout_secs",
                30.0,
                false,
            ),
            feed_max_age_secs: self.non_negative(
                &r.feed_max_age_secs,
                "settings.feed_max_age_secs",
                300,
            ) as u32,
            websub_hub,
        }
    }

    fn timezone(&self, t: &toml::Spanned<String>) -> Result<Tz, ConfigError> {
        t.get_ref().parse::<Tz>().map_err(|_| {
            let zones = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
            let message = format!(
                "unknown IANA time zone {:?}{} (e.g. Europe/Berlin)",
                t.get_ref(),
                did_you_mean(t.get_ref(), zones)
            );
            self.err(t, "settings.timezone", &message)
        })
    }

    fn positive(&self, v: &Option<toml::Spanned<i64>>, key: &str, default: i64) -> i64 {
        match v {
            Some(n) if *n.get_ref() <= 0 => {
                self.record(self.err(n, key, "must be a positive whole number"));
                default
            }
            Some(n) => *n.get_ref(),
            None => default,
        }
    }

    fn non_negative(&self, v: &Option<toml::Spanned<i64>>, key: &str, default: i64) -> i64 {
        match v {
            Some(n) if *n.get_ref() < 0 || *n.get_ref() > u32::MAX as i64 => {
                self.record(self.err(n, key, "must be a whole number ≥ 0"));
                default
            }
            Some(n) => *n.get_ref(),
            None => default,
        }
    }

    fn seconds(
        &self,
        v: &Option<toml::Spanned<f64>>,
        key: &str,
        default: f64,
        zero_ok: bool,
    ) -> Duration {
        match v {
            Some(n) => {
                let x = *n.get_ref();
                if !x.is_finite() || x < 0.0 || (!zero_ok && x == 0.0) || x > 86_400.0 {
                    let message = "must be a number of seconds between 0 and 86400";
                    self.record(self.err(n, key, message));
                    Duration::from_secs_f64(default)
                } else {
                    Duration::from_secs_f64(x)
                }
            }
            None => Duration::from_secs_f64(default),
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

/// Both defaults are constants that `defaults_apply` parses in the tests; the panics
/// below cannot be reached by any input.
fn default_schedule() -> Schedule {
    match Schedule::parse("*/30 * * * *") {
        Ok(schedule) => schedule,
        Err(e) => unreachable!("the default schedule is invalid: {e}"),
    }
}

fn default_base_url() -> Url {
    match Url::parse("http://127.0.0.1:8080/") {
        Ok(url) => url,
        Err(e) => unreachable!("the default base_url is invalid: {e}"),
    }
}

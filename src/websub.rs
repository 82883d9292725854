//! WebSub publishing: after a job stored new or changed items, tell the hub named by
//! `settings.websub_hub` that the curated feeds may have changed; the hub fetches them and
//! pushes to its subscribers. A publishing step, run by whoever ran the job.

use std::time::Duration;

use crate::config::Config;
use crate::publish::Format;

/// How long a hub may take to take a ping.
const PING_TIMEOUT: Duration = Duration::from_secs(10);

/// One ping naming every curated feed URL (hubs take repeated `hub.url`). Failures are
/// logged, never a job failure: subscribers still poll the feeds themselves.
pub async fn announce(client: &reqwest::Client, config: &Config) {
    let Some(hub) = config.settings.websub_hub.clone() else {
        return;
    };
    let form = publish_form(config);
    let ping = client.post(hub.clone()).timeout(PING_TIMEOUT).form(&form);
    match ping.send().await {
        Ok(r) if r.status().is_success() => {}
        Ok(r) => tracing::warn!(hub = %hub, status = %r.status(), "WebSub hub refused the ping"),
        Err(e) => tracing::warn!(hub = %hub, error = %e, "WebSub hub not reached"),
    }
}

/// `hub.mode=publish` and one `hub.url` per curated feed and format.
fn publish_form(config: &Config) -> Vec<(&'static str, String)> {
    let base = &config.settings.base_url;
    let mut form = vec![("hub.mode", "publish".to_string())];
    for feed in &config.feeds {
        for format in Format::ALL {
            if let Ok(topic) = base.join(&format!("feeds/{}.{}", feed.id, format.extension())) {
                form.push(("hub.url", topic.to_string()));
            }
        }
    }
    form
}

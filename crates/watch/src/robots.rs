//! robots.txt rules for one host (parsed by `texting_robots`).

use std::time::Duration;

/// What a site's robots.txt allows this client.
pub(crate) enum Robots {
    /// No rules (none published): everything is allowed.
    AllowAll,
    /// The robots.txt could not be read: nothing is allowed.
    DisallowAll,
    /// The parsed rules for this client's user agent.
    Rules(texting_robots::Robot),
}

impl Robots {
    pub(crate) fn allow_all() -> Robots {
        Robots::AllowAll
    }

    pub(crate) fn disallow_all() -> Robots {
        Robots::DisallowAll
    }

    /// Rules for `user_agent` (its product token, before the `/`). A file
    /// that does not parse allows everything, as if there were none.
    pub(crate) fn parse(user_agent: &str, body: &[u8]) -> Robots {
        let token = user_agent.split(['/', ' ']).next().unwrap_or(user_agent);
        texting_robots::Robot::new(token, body).map_or(Robots::AllowAll, Robots::Rules)
    }

    pub(crate) fn allowed(&self, url: &str) -> bool {
        match self {
            Robots::AllowAll => true,
            Robots::DisallowAll => false,
            Robots::Rules(r) => r.allowed(url),
        }
    }

    /// The `Crawl-delay` asked for, if any (capped at a minute).
    pub(crate) fn delay(&self) -> Option<Duration> {
        match self {
            Robots::Rules(r) => {
                r.delay.filter(|d| d.is_finite() && *d > 0.0).map(|d| Duration::from_secs_f32(d.min(60.0)))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_our_agent() {
        let txt = b"User-agent: *\nDisallow: /private/\n\nUser-agent: marsad\nDisallow: /no-bots/\nCrawl-delay: 2\n";
        let r = Robots::parse("marsad/0.1 (news monitor)", txt);
        assert!(!r.allowed("http://example.com/no-bots/1"));
        assert!(r.allowed("http://example.com/private/1"), "the group for marsad replaces the * group");
        assert!(r.allowed("http://example.com/news/1"));
        assert_eq!(r.delay(), Some(Duration::from_secs(2)));
        let other = Robots::parse("otherbot/1", txt);
        assert!(!other.allowed("http://example.com/private/1"));
        assert!(Robots::parse("marsad", b"\xff\xfe garbage").allowed("http://example.com/"));
    }
}

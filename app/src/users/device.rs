//! A short, human description of a browser from its User-Agent ("Chrome · Windows"), for the
//! lists of signed-in sessions.

/// Describes `user_agent`; unknown parts are left out, an empty one is "?".
pub fn describe(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        Some("Edge")
    } else if ua.contains("OPR/") {
        Some("Opera")
    } else if ua.contains("Firefox/") {
        Some("Firefox")
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        Some("Chrome")
    } else if ua.contains("Safari/") {
        Some("Safari")
    } else {
        None
    };
    let system = if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("Linux") || ua.contains("X11") {
        Some("Linux")
    } else {
        None
    };
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) if ua.trim().is_empty() => "?".to_owned(),
        (None, None) => ua.chars().take(40).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let chrome_windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(describe(chrome_windows), "Chrome · Windows");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(describe(edge), "Edge · Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(describe(iphone), "Safari · iOS");
        let firefox_linux =
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(describe(firefox_linux), "Firefox · Linux");
    }

    #[test]
    fn unknown_agents_are_shortened_and_empty_ones_marked() {
        assert_eq!(describe(""), "?");
        assert_eq!(describe("curl/8.5.0"), "curl/8.5.0");
    }
}

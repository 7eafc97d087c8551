//! Parsers of flag values: durations (`20ms`, `30d`) and dates (`2024-06-01`).

use std::time::Duration;

use cloudflare_hyper::Date;

/// Parses `<number><unit>` with unit `ms`, `s`, `m`, `h` or `d` (`20ms`, `30d`, `1.5h`).
pub fn duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| format!("{text:?} has no unit: write e.g. 20ms, 30s, 5m, 2h or 30d"))?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration: write e.g. 20ms, 30s, 5m, 2h or 30d"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        "d" => value * 86_400.0,
        other => {
            return Err(format!(
                "unknown unit {other:?} in {text:?}: use ms, s, m, h or d"
            ));
        }
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("{text:?} is out of range"))
}

/// Parses a calendar date `YYYY-MM-DD` (the audit logs' `since` / `before`).
pub fn date(text: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), &format)
        .map(Date)
        .map_err(|e| format!("{text:?} is not a date YYYY-MM-DD ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_dates() {
        assert_eq!(duration("20ms"), Ok(Duration::from_millis(20)));
        assert_eq!(duration("30d"), Ok(Duration::from_secs(30 * 86_400)));
        assert!(duration("30").is_err());
        assert!(duration("3w").is_err());
        assert!(date("2024-06-01").is_ok());
        assert!(date("2024-13-01").is_err());
    }
}

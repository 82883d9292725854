//! Cron schedules as written in sources.toml: 5 fields, or 6 with seconds. Errors speak of
//! the expression as the user wrote it and name the field and its valid values, instead of
//! the cron crate's messages about its internal 6-field form.

use std::str::FromStr;

use super::Schedule;

/// One cron field: its name in messages, the numbers the cron crate accepts, and the
/// names it takes instead of numbers (months, weekdays).
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    valid: &'static str,
    names: &'static [&'static str],
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: &[&str] = &[
    "sun",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

const SECOND: Field = Field {
    name: "second",
    min: 0,
    max: 59,
    valid: "0–59",
    names: &[],
};

const STANDARD: [Field; 5] = [
    Field {
        name: "minute",
        min: 0,
        max: 59,
        valid: "0–59",
        names: &[],
    },
    Field {
        name: "hour",
        min: 0,
        max: 23,
        valid: "0–23",
        names: &[],
    },
    Field {
        name: "day of month",
        min: 1,
        max: 31,
        valid: "1–31",
        names: &[],
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        valid: "1–12 or Jan–Dec",
        names: MONTHS,
    },
    // The cron crate counts weekdays from 1 = Sunday.
    Field {
        name: "day of week",
        min: 1,
        max: 7,
        valid: "1–7 (1 = Sunday) or Sun–Sat",
        names: WEEKDAYS,
    },
];

const SHAPE: &str = "5 fields (minute hour day-of-month month day-of-week, e.g. \"*/30 * * * *\"), or 6 with seconds first";

impl Schedule {
    /// Accepts 5-field cron (minute precision) or 6-field with seconds.
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let fields: Vec<&Field> = match parts.len() {
            5 => STANDARD.iter().collect(),
            6 => std::iter::once(&SECOND).chain(STANDARD.iter()).collect(),
            n => {
                return Err(format!(
                    "{text:?} has {n} field{}; a schedule has {SHAPE}",
                    if n == 1 { "" } else { "s" }
                ));
            }
        };
        for (part, field) in parts.iter().zip(&fields) {
            check_field(part, field).map_err(|why| format!("{text:?}: {why}"))?;
        }
        let full = if parts.len() == 5 {
            format!("0 {}", parts.join(" "))
        } else {
            parts.join(" ")
        };
        // The checks above catch what users get wrong; should the crate still refuse, its
        // message would speak of the 6-field form, so it is not echoed.
        let cron = cron::Schedule::from_str(&full).map_err(|_| {
            format!(
                "{text:?} is not a valid cron expression; a schedule has {SHAPE}; each field is *, a number, a range a-b, a list a,b or a step */n"
            )
        })?;
        Ok(Schedule {
            text: text.to_string(),
            cron,
        })
    }
}

/// One field: `*`, `?`, numbers, names, ranges `a-b`, lists `a,b`, steps `x/n`.
fn check_field(part: &str, field: &Field) -> Result<(), String> {
    for item in part.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (item, None),
        };
        if let Some(step) = step
            && !matches!(step.parse::<u32>(), Ok(n) if n > 0)
        {
            return Err(format!(
                "{}: step {step:?} in {part:?} must be a whole number above 0",
                field.name
            ));
        }
        if range == "*" || range == "?" {
            continue;
        }
        let Some((from, to)) = range.split_once('-') else {
            check_value(range, part, field)?;
            continue;
        };
        check_value(from, part, field)?;
        check_value(to, part, field)?;
        if let (Ok(a), Ok(b)) = (from.parse::<u32>(), to.parse::<u32>())
            && a > b
        {
            return Err(format!(
                "{}: the range {range} runs backwards; write {b}-{a}",
                field.name
            ));
        }
    }
    Ok(())
}

fn check_value(value: &str, part: &str, field: &Field) -> Result<(), String> {
    let ok = match value.parse::<u32>() {
        Ok(n) => (field.min..=field.max).contains(&n),
        Err(_) => field.names.contains(&value.to_lowercase().as_str()),
    };
    if ok {
        return Ok(());
    }
    let what = if value.is_empty() {
        format!("{part:?} is incomplete")
    } else if value.parse::<u32>().is_ok() {
        format!("{value} is out of range")
    } else {
        format!("{value:?} is not a number")
    };
    Err(format!(
        "{} {what}; valid values: {}",
        field.name, field.valid
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Schedule::parse(text).unwrap_err()
    }

    #[test]
    fn out_of_range_names_the_expression_as_written_and_the_field() {
        assert_eq!(
            err("61 * * * *"),
            "\"61 * * * *\": minute 61 is out of range; valid values: 0–59"
        );
        assert_eq!(
            err("0 25 * * *"),
            "\"0 25 * * *\": hour 25 is out of range; valid values: 0–23"
        );
        assert_eq!(
            err("*/10 70 * * * *"),
            "\"*/10 70 * * * *\": minute 70 is out of range; valid values: 0–59"
        );
        assert!(!err("61 * * * *").contains("0 61"));
    }

    #[test]
    fn wrong_field_count_and_words_are_explained() {
        let e = err("every minute");
        assert!(e.starts_with("\"every minute\" has 2 fields; a schedule has 5 fields (minute hour day-of-month month day-of-week"), "{e}");
        let e = err("*/0 * * * *");
        assert_eq!(
            e,
            "\"*/0 * * * *\": minute: step \"0\" in \"*/0\" must be a whole number above 0"
        );
        let e = err("0 8 * * Mo");
        assert_eq!(
            e,
            "\"0 8 * * Mo\": day of week \"Mo\" is not a number; valid values: 1–7 (1 = Sunday) or Sun–Sat"
        );
    }

    #[test]
    fn a_backward_range_is_named() {
        assert_eq!(
            err("0 8 5-1 * *"),
            "\"0 8 5-1 * *\": day of month: the range 5-1 runs backwards; write 1-5"
        );
    }

    #[test]
    fn valid_forms_pass() {
        for ok in [
            "*/30 * * * *",
            "5,35 6-22 * * *",
            "0 8 * Jan-Mar Mon-Fri",
            "*/10 * * * * *",
            "0 0 1 1 *",
        ] {
            assert!(Schedule::parse(ok).is_ok(), "{ok}");
        }
    }
}

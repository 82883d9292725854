//! Where a rule stands in the rules file: errors name file:line and the key, and
//! numbers are checked against their ranges.

use toml::Spanned;

use super::super::ClassifyError;

pub struct Located<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Located<'_> {
    pub fn error(&self, offset: usize, key: &str, message: impl Into<String>) -> ClassifyError {
        ClassifyError::Invalid {
            file: self.file.to_string(),
            line: line_of(self.text, offset),
            key: key.to_string(),
            message: message.into(),
        }
    }

    /// A number that must lie in `range`, with `default` when the key is absent.
    pub fn ranged(
        &self,
        value: Option<&Spanned<f64>>,
        key: &str,
        range: std::ops::RangeInclusive<f64>,
        default: f64,
    ) -> Result<f64, ClassifyError> {
        let Some(value) = value else {
            return Ok(default);
        };
        let v = *value.get_ref();
        if v.is_finite() && range.contains(&v) {
            Ok(v)
        } else {
            Err(self.error(
                value.span().start,
                key,
                format!("must be between {} and {}", range.start(), range.end()),
            ))
        }
    }

    pub fn count(
        &self,
        value: &Spanned<i64>,
        key: &str,
        range: std::ops::RangeInclusive<usize>,
    ) -> Result<usize, ClassifyError> {
        usize::try_from(*value.get_ref())
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                self.error(
                    value.span().start,
                    key,
                    format!("must be between {} and {}", range.start(), range.end()),
                )
            })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub fn positive(at: &Located, value: &Spanned<f64>, key: &str) -> Result<f64, ClassifyError> {
    let v = *value.get_ref();
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(at.error(value.span().start, key, "must be a positive number"))
    }
}
